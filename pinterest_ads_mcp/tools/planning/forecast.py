"""The forecast a spend-affecting plan carries: what Pinterest can tell before any money is spent.

Per ad group the plan creates or changes (or adds ads to): the monthly audience of its targeting as
it will be (``audience_sizing``), and the bid floor for its billable event and countries
(``bid_floor``) against the bid it will have, said plainly when the bid is under the floor. Then the
spend bound the operator's caps were checked on (guards.enabled, already in the summary). Two read
requests per ad group, sent together; at most ``MAX_GROUPS`` ad groups are sized.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from ...guards.plan import Plan, is_ref
from ...guards.spend import decide
from ...pinterest.errors import PinterestError
from ...pinterest.money import micro_to_str
from ..support.runtime import Runtime

MAX_GROUPS = 5
_UNIT = {"IMPRESSION": "per 1,000 impressions", "CLICKTHROUGH": "per click", "VIDEO_V_50_MRC": "per video view"}
_AD_GROUP_FIELDS = ("targeting_spec", "placement_group", "auto_targeting_enabled", "billable_event",
                    "bid_in_micro_currency", "bid_strategy_type", "name")


def _countries(spec: dict[str, Any]) -> list[str]:
    found = [v for v in spec.get("LOCATION") or [] if isinstance(v, str) and len(v) == 2 and v.isalpha()]
    found += [v.split("-")[0] for v in spec.get("GEO") or [] if isinstance(v, str) and "-" in v]
    if any(isinstance(v, str) and v.isdigit() for v in spec.get("LOCATION") or []):
        found.append("US")  # metro (DMA) codes are US places
    return list(dict.fromkeys(found))


def ad_groups_after(plan: Plan, groups: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Ad group label -> its fields as they will be, for every ad group the plan creates, changes or
    adds ads to. ``groups``: the existing ad groups read while planning (id -> model)."""
    out: dict[str, dict[str, Any]] = {}

    def existing(group_id: str) -> dict[str, Any]:
        model = groups.get(group_id)
        return {k: getattr(model, k, None) for k in _AD_GROUP_FIELDS} if model is not None else {}

    for write in plan.writes:
        for index, item in enumerate(write.items):
            if write.entity == "ad_group":
                key = (write.names[index] if write.op == "create" and index < len(write.names)
                       else str(item.get("id")))
                out[key] = {**out.get(key, existing(key)), **item}
            elif write.entity in ("ad", "keyword"):
                parent = item.get("ad_group_id") or item.get("parent_id")
                if parent is not None and not is_ref(parent):
                    out.setdefault(str(parent), existing(str(parent)))
    return {k: v for k, v in out.items() if v.get("targeting_spec") is not None}


async def _one(rt: Runtime, account_id: str, currency: str, label: str, fields: dict[str, Any]) -> list[str]:
    spec = fields.get("targeting_spec") or {}
    body: dict[str, Any] = {"targeting_spec": spec, "placement_group": fields.get("placement_group") or "ALL",
                            "auto_targeting_enabled": fields.get("auto_targeting_enabled") is not False}
    lines: list[str] = []
    name = f"ad group {fields.get('name') or label}"
    billable = fields.get("billable_event")
    countries = _countries(spec)
    jobs: list[Callable[[], Awaitable[Any]]] = [partial(rt.client.audience_sizing, account_id, body)]
    if billable in _UNIT:
        floor_spec: dict[str, Any] = {"billable_event": billable, "currency": currency}
        if countries:
            floor_spec["countries"] = countries
        jobs.append(partial(rt.client.bid_floors, account_id, [floor_spec], spec))
    try:
        answers: list[Any] = await rt.client.gather(jobs)
    except PinterestError as exc:
        return [f"{name}: no forecast ({exc})"]
    size = answers[0] or {}
    low, high = size.get("audience_size_lower_bound"), size.get("audience_size_upper_bound")
    if low is not None or high is not None:
        lines.append(f"{name}: audience about {int(low or 0):,} to {int(high or 0):,} people a month with this "
                     "targeting")
    if len(answers) > 1 and answers[1]:
        floor = answers[1][0]
        floor_words = f"{micro_to_str(floor, currency)} {currency} {_UNIT[str(billable)]}"
        where = ", ".join(countries) or "the ad account's country"
        bid = fields.get("bid_in_micro_currency")
        if bid is None:
            verdict = "automatic bidding: Pinterest bids at or above it"
        elif bid < floor:
            verdict = (f"the bid {micro_to_str(bid, currency)} {currency} is UNDER the floor: the ads will hardly "
                       "deliver until it is raised")
        else:
            verdict = f"the bid {micro_to_str(bid, currency)} {currency} is at or above it"
        lines.append(f"{name}: bid floor {floor_words} ({billable}, {where}); {verdict}")
    return lines


async def with_forecast(rt: Runtime, plan: Plan, groups: dict[str, Any] | None = None) -> Plan:
    """``plan`` with ``summary.forecast`` filled when it is spend-affecting (unchanged otherwise).

    Call it after the spend bound is in the summary (``with_enabled_summary``)."""
    if not decide(plan).affecting:
        return plan
    after = ad_groups_after(plan, groups or {})
    labels = list(after)[:MAX_GROUPS]
    parts = await rt.client.gather([
        partial(_one, rt, plan.ad_account_id, plan.currency, label, after[label]) for label in labels])
    lines = [line for part in parts for line in part]
    if len(after) > MAX_GROUPS:
        lines.append(f"{len(after) - MAX_GROUPS} more ad group(s) not sized (the first {MAX_GROUPS} are)")
    s = plan.summary
    if s.max_daily_spend or s.max_total_spend:
        daily = f"{s.max_daily_spend.amount} {s.max_daily_spend.currency} a day" if s.max_daily_spend else \
            "no daily bound"
        total = f", {s.max_total_spend.amount} {s.max_total_spend.currency} in all" if s.max_total_spend else \
            ", no total bound (no end date)"
        lines.append(f"the operator's caps were checked on up to {daily}{total}")
    else:
        lines.append("the caps were checked on the budgets this change lets spend (see the spend note)")
    summary = s.model_copy(update={"forecast": lines})
    return plan.model_copy(update={"summary": summary})
