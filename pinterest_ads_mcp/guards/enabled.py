"""THE one place that works out how much spend a plan actually enables.

Budgets live on two kinds of entity ("holders"): a campaign with campaign budget optimization (CBO:
``daily_spend_cap`` / ``lifetime_spend_cap``) and an ad group with a budget of its own
(``budget_in_micro_currency`` with ``budget_type`` DAILY or LIFETIME). Switching on or changing any
entity lets some holders spend:

* a campaign, ad group or ad under a CBO campaign -> the campaign's budget;
* a non-CBO campaign -> the budgets of its ad groups that are ACTIVE after the plan (its own spend
  cap when the ad groups are not known);
* an ad group with its own budget, or an ad in it -> that ad group's budget;
* a budget change -> the holder whose budget it is;
* a keyword that lets a delivering ad group reach more searches (guards.spend says which) -> that
  ad group's holders, as any other widening of its audience.

Each holder's budget is turned into a true upper bound:

* a daily budget spends at most that amount per day, and ``days x amount`` over a schedule with an
  end (days counted so that every calendar day the schedule touches, in any time zone, is counted);
* a lifetime budget may be spent in full on a single day: its daily bound is the whole amount;
* a flexible ("average") daily budget may spend more than its amount on a day. Pinterest documents
  only that it "will aim to deliver your average daily budget each week" (Pinterest Engineering,
  "Flexible Daily Budgeting at Pinterest", Nov 2022; help.pinterest.com "Set up campaign budgets":
  "daily spend may go above or below" the amount), and no per-day factor, so the bound is the
  week's worth: ``FLEXIBLE_WEEK_DAYS x amount`` per day (never more than the schedule's total),
  and whole weeks of that over the schedule.

:func:`enabled_spend` is what the operator's caps (guards.policy) and envelope are checked on and
what every plan summary shows as "max daily spend" / "max total spend": tools call
:func:`summary_money` / :func:`enabled_spend` instead of adding budgets up themselves. It needs the
plan's ``before`` snapshots to include the parents and children of what the plan switches on
(the campaign of an ad group, the ad group and campaign of an ad, the ad groups of a campaign): see
``tools.support.writes.with_context``, which fetches them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from .plan import EntityKind, Plan, Snapshot, is_ref, target_of
from .spend import keyword_item_reasons, update_item_reasons

DAY_S = 86_400
# A flexible daily budget averages its amount over a week (see the module docstring for the source):
# the most one day can take is a week's worth.
FLEXIBLE_WEEK_DAYS = 7
_STATE_FIELDS = ("status", "name", "campaign_id", "ad_group_id", "daily_spend_cap", "lifetime_spend_cap",
                 "budget_in_micro_currency", "budget_type", "is_campaign_budget_optimization",
                 "is_flexible_daily_budgets", "start_time", "end_time")


@dataclass
class Holder:
    """One budget the plan lets spend, as it stands after the plan, with its upper bounds (micro-units)."""

    entity: EntityKind
    id: str  # entity id, or the ref name of an entity this plan creates
    name: str | None
    period: str | None  # daily | lifetime | None (no budget known: unbounded)
    amount: int | None
    flexible: bool = False
    daily: int | None = None  # most it can spend in one day (None = no bound known)
    total: int | None = None  # most over its schedule (None = open-ended)
    before_daily: int | None = None  # the same bound before the plan (None = it had none / is new)

    @property
    def label(self) -> str:
        return f"{self.entity.replace('_', ' ')} {self.name or self.id}"

    def words(self, currency: str) -> str:
        from ..pinterest.money import micro_to_str

        if self.period is None:
            return f"{self.label}: no budget known, so no upper bound"
        amount = f"{micro_to_str(self.amount, currency)} {currency}"
        if self.period == "lifetime":
            return f"{self.label}: lifetime budget {amount} (a single day may use all of it)"
        flex = (f"flexible daily budget averaging {amount}; a day may spend up to "
                f"{micro_to_str(self.daily, currency)} {currency}") if self.flexible else f"daily budget {amount}"
        return f"{self.label}: {flex}"


@dataclass
class Grant:
    """What one item of one write switches on or raises: the holders it lets spend."""

    step: str
    target: str
    holders: list[str]  # keys into EnabledSpend.holders
    activates: bool  # it turns something ACTIVE (or creates it ACTIVE)
    daily: int | None = None  # sum of its holders' daily bounds (None = unbounded)
    lifetime: int | None = None  # sum of its lifetime holders' amounts


@dataclass
class Raise:
    """An existing holder's budget raised (for the operator's largest-raise limit)."""

    label: str
    period: str
    old: int | None
    new: int


@dataclass
class EnabledSpend:
    holders: dict[str, Holder] = field(default_factory=dict)
    grants: list[Grant] = field(default_factory=list)
    daily: int | None = 0  # most the plan's holders can spend per day, together (None = unbounded)
    total: int | None = 0  # most over their schedules (None = open-ended)
    added_daily: int | None = 0  # daily spend this plan newly lets loose (the envelope counts this)
    raises: list[Raise] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.holders)

    def notes(self, currency: str) -> list[str]:
        return [h.words(currency) for h in self.holders.values()]


# -- state before and after the plan -----------------------------------------------------------------
def _key(entity: str, entity_id: Any) -> str:
    return f"{entity}:{entity_id}"


def _ident(value: Any) -> str | None:
    if value is None:
        return None
    return value["$ref"] if is_ref(value) else str(value)


def _before_state(plan: Plan) -> dict[str, dict[str, Any]]:
    state: dict[str, dict[str, Any]] = {}
    for snap in plan.before:
        state[_key(snap.entity, snap.id)] = {"entity": snap.entity, "id": snap.id,
                                             **{f: getattr(snap, f, None) for f in _STATE_FIELDS}}
    return state


def _after_state(plan: Plan, before: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    state = {k: dict(v) for k, v in before.items()}
    for _, entity, target, item, create in _items(plan):
        if create:
            row: dict[str, Any] = {"entity": entity, "id": target, "created": True, "status": "ACTIVE"}
            state[_key(entity, target)] = row
        else:
            row = state.setdefault(_key(entity, target), {"entity": entity, "id": target})
        for name, value in item.items():
            if name in ("id", "ad_account_id"):
                continue
            row[name] = _ident(value) if name in ("campaign_id", "ad_group_id") else value
    return state


def _cbo(campaign: dict[str, Any]) -> bool:
    flag = campaign.get("is_campaign_budget_optimization")
    if flag is not None:
        return bool(flag)
    return bool(campaign.get("daily_spend_cap") or campaign.get("lifetime_spend_cap"))


def _span_days(start: int | None, end: int | None, now: float) -> int | None:
    """Calendar days a schedule can touch in any time zone (an upper bound); None without an end."""
    if end is None:
        return None
    begin = max(float(start or now), now)
    return max(1, math.ceil(max(0.0, end - begin) / DAY_S) + 1)


def _bounds(row: dict[str, Any], parent: dict[str, Any] | None, now: float) -> tuple[str | None, int | None, bool,
                                                                                   int | None, int | None]:
    """(period, amount, flexible, daily bound, total bound) of a holder row."""
    if row["entity"] == "campaign":
        if row.get("lifetime_spend_cap"):
            period, amount = "lifetime", row["lifetime_spend_cap"]
        elif row.get("daily_spend_cap"):
            period, amount = "daily", row["daily_spend_cap"]
        else:
            return None, None, False, None, None
        flexible = period == "daily" and bool(row.get("is_flexible_daily_budgets"))
        start, end = row.get("start_time"), row.get("end_time")
    else:
        amount = row.get("budget_in_micro_currency")
        if not amount:
            return None, None, False, None, None
        period = "lifetime" if row.get("budget_type") == "LIFETIME" else "daily"
        flexible = False
        start = row.get("start_time") or (parent or {}).get("start_time")
        ends = [e for e in (row.get("end_time"), (parent or {}).get("end_time")) if e]
        end = min(ends) if ends else None
    if period == "lifetime":
        return period, amount, False, amount, amount
    days = _span_days(start, end, now)
    if flexible:
        total = amount * FLEXIBLE_WEEK_DAYS * math.ceil(days / FLEXIBLE_WEEK_DAYS) if days else None
        daily = amount * FLEXIBLE_WEEK_DAYS
        return period, amount, True, min(daily, total) if total else daily, total
    return period, amount, False, amount, amount * days if days else None


def _holders_of(state: dict[str, dict[str, Any]], entity: str, entity_id: str) -> list[str] | None:
    """Keys of the holders switching ``entity`` on lets spend (None: cannot tell, so unbounded)."""
    row = state.get(_key(entity, entity_id))
    if row is None:
        return None
    if entity == "campaign":
        if _cbo(row):
            return [_key("campaign", entity_id)]
        groups = [k for k, g in state.items() if g["entity"] == "ad_group" and g.get("campaign_id") == entity_id
                  and g.get("status") == "ACTIVE"]
        if groups:
            out: list[str] = []
            for g in groups:
                found = _holders_of(state, "ad_group", state[g]["id"])
                if found is None:
                    return None
                out += found
            return out
        if row.get("daily_spend_cap") or row.get("lifetime_spend_cap"):
            return [_key("campaign", entity_id)]
        # A non-CBO campaign with no ACTIVE ad group known can spend nothing by itself.
        return [] if row.get("children_known") or row.get("created") else None
    if entity == "ad_group":
        campaign_id = row.get("campaign_id")
        campaign = state.get(_key("campaign", campaign_id)) if campaign_id else None
        if row.get("budget_type") == "CBO_ADGROUP" or (campaign is not None and _cbo(campaign)):
            return [_key("campaign", campaign_id)] if campaign is not None else None
        if row.get("budget_in_micro_currency"):
            return [_key("ad_group", entity_id)]
        return None
    if entity == "ad":
        group_id = row.get("ad_group_id")
        if group_id and _key("ad_group", group_id) in state:
            return _holders_of(state, "ad_group", group_id)
        campaign_id = row.get("campaign_id")
        campaign = state.get(_key("campaign", campaign_id)) if campaign_id else None
        if campaign is not None and _cbo(campaign):
            return [_key("campaign", campaign_id)]
        return None
    return []


def _items(plan: Plan) -> Iterator[tuple[str, str, str, dict[str, Any], bool]]:
    """(step, entity, target id/ref, item, is_create) for every write item that can enable spend."""
    for write in plan.writes:
        if write.entity in ("keyword", "label"):
            continue
        for index, item in enumerate(write.items):
            yield write.key, write.entity, target_of(write, index, item), item, write.op == "create"


_BUDGET_KEYS = ("daily_spend_cap", "lifetime_spend_cap", "budget_in_micro_currency", "budget_type",
                "is_flexible_daily_budgets", "start_time", "end_time")


def enabled_spend(plan: Plan, *, now: float | None = None) -> EnabledSpend:
    """The daily and total spend ``plan`` lets loose, per holder and in all, as true upper bounds.

    Every write item that creates a campaign/ad group/ad, sets a status ACTIVE, or changes a budget
    or schedule is a :class:`Grant` naming the holders it lets spend. ``daily``/``total`` sum each
    holder once. ``added_daily`` is what the plan newly adds per day: the whole daily bound of a
    holder something is switched on for, the rise of a holder whose budget is only raised.
    ``now`` (unix seconds) dates schedules; default the current time.
    """
    when = time.time() if now is None else now
    before = _before_state(plan)
    for row in before.values():
        if row["entity"] == "campaign":
            row["children_known"] = bool(plan.snapshot("campaign", row["id"]).ad_groups_listed)  # type: ignore[union-attr]
    after = _after_state(plan, before)
    out = EnabledSpend()
    touched: dict[str, bool] = {}  # holder key -> activated (True) or only changed

    def add_grant(step: str, entity: str, target: str | None, activates: bool) -> None:
        keys = _holders_of(after, entity, target) if target is not None else None
        name = after.get(_key(entity, target), {}).get("name") if target is not None else None
        label = f"{entity.replace('_', ' ')} {name or target or '(unknown)'}"
        made = Grant(step=step, target=label, holders=keys or [], activates=activates)
        if keys is None:
            made.daily = None
            missing = Holder(entity=entity, id=str(target), name=label, period=None, amount=None)  # type: ignore[arg-type]
            out.holders.setdefault(_key(entity, target) + "?", missing)
            made.holders = [_key(entity, target) + "?"]
        out.grants.append(made)
        for key in made.holders:
            touched[key] = touched.get(key, False) or activates

    for step, entity, target, item, create in _items(plan):
        activates = item.get("status", "ACTIVE" if create else None) == "ACTIVE"
        # A change guards.spend finds can raise spend (a higher bid, a wider audience) lets its holders
        # spend more of their budgets: it is capped like a budget change.
        changes = create or any(k in item for k in _BUDGET_KEYS) or bool(update_item_reasons(plan, cast(EntityKind, entity), item))
        if activates or changes:
            add_grant(step, entity, target, activates)
    for write in plan.writes:  # keywords reaching more searches: their ad group's budget, once per write
        if write.entity == "keyword":
            groups = {g: None for item in write.items for g, _ in keyword_item_reasons(plan, write, item)}
            for group in groups:
                add_grant(write.key, "ad_group", group, False)
    for key in dict.fromkeys(k for g in out.grants for k in g.holders):
        if key in out.holders:
            continue
        row = after[key]
        parent = after.get(_key("campaign", row.get("campaign_id"))) if row.get("campaign_id") else None
        period, amount, flexible, daily, total = _bounds(row, parent, when)
        holder = Holder(entity=row["entity"], id=row["id"], name=row.get("name"), period=period, amount=amount,
                        flexible=flexible, daily=daily, total=total)
        old = before.get(key)
        if old is not None:
            old_parent = before.get(_key("campaign", old.get("campaign_id"))) if old.get("campaign_id") else None
            _, old_amount, _, holder.before_daily, _ = _bounds(old, old_parent, when)
            grew = (holder.daily or 0) > (holder.before_daily or 0)
            if amount is not None and (old_amount is None or amount > old_amount or grew):
                out.raises.append(Raise(label=holder.label, period=period or "daily", old=old_amount, new=amount))
        out.holders[key] = holder
    for grant in out.grants:
        hs = [out.holders[k] for k in grant.holders]
        grant.daily = None if any(h.daily is None for h in hs) else sum(h.daily or 0 for h in hs)
        grant.lifetime = sum(h.amount or 0 for h in hs if h.period == "lifetime") or None
    holders = list(out.holders.values())
    out.daily = None if any(h.daily is None for h in holders) else sum(h.daily or 0 for h in holders)
    out.total = None if any(h.total is None for h in holders) else sum(h.total or 0 for h in holders)
    added = 0
    for key, holder in out.holders.items():
        if holder.daily is None:
            out.added_daily = None  # unbounded
            return out
        if touched.get(key):
            gain = holder.daily  # switched on (or created ACTIVE): all of it is new
        elif key in before:
            gain = max(0, holder.daily - (holder.before_daily or 0))  # only raised
        else:
            gain = 0  # created and left PAUSED: its activation will count it
        added += gain
    out.added_daily = added
    return out


def snapshot_of(entity: EntityKind, row: Any) -> Snapshot:
    """A :class:`Snapshot` from a client model (campaign, ad group or ad)."""
    data = row.model_dump() if hasattr(row, "model_dump") else dict(row)
    fields = {k: v for k, v in data.items() if k in Snapshot.model_fields and k != "entity"}
    for key in ("campaign_id", "ad_group_id", "id"):
        if fields.get(key) is not None:
            fields[key] = str(fields[key])
    return Snapshot(entity=entity, **fields)


def with_enabled_summary(plan: Plan, *, now: float | None = None) -> Plan:
    """``plan`` with its summary's max daily / total spend set from :func:`enabled_spend` (and a
    line per budget it lets spend), so what a person approves is the true upper bound."""
    from ..pinterest.money import micro_to_str
    from .plan import Money

    spend = enabled_spend(plan, now=now)
    if not spend.any:
        return plan
    cur = plan.currency
    summary = plan.summary.model_copy(deep=True)
    summary.max_daily_spend = (Money(amount=micro_to_str(spend.daily, cur) or "0", currency=cur)
                               if spend.daily is not None else None)
    summary.max_total_spend = (Money(amount=micro_to_str(spend.total, cur) or "0", currency=cur)
                               if spend.total is not None else None)
    parts = spend.notes(cur)
    if spend.daily is None:
        parts.append("no upper bound on daily spend could be worked out")
    elif spend.total is None:
        parts.append("no end date on a daily budget: no total limit until paused")
    summary.total_spend_note = "; ".join(parts)
    return plan.model_copy(update={"summary": summary})
