"""A Plan: the exact API writes a tool intends to send, and the summary a person checks first.

A plan is pure data (pydantic, JSON-serialisable), so it can be hashed, stored while it waits for a
confirmation id, and executed later by a restarted server exactly as it was shown. Ids that only
exist once an earlier step ran (the new campaign's id for the ad group) are written as
``{"$ref": "<name>"}`` and filled in by the executor.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard

from pydantic import BaseModel, Field, model_validator

from ..pinterest.money import micro_to_str
from ..pinterest.times import from_unix

# ``keyword``: search keywords are entities of their own whose parent is the ad group; a keyword
# create carries its ``parent_id`` in every item (one parent per write, sent as one request).
# ``pin``: an organic pin made (POST /pins, one per request) so an ad can promote it; pins cannot spend.
# ``audience``: a targeting audience (one per request); it cannot spend, an ad group using it can.
# ``label``: a campaign label put on or taken off a campaign; an item is one (label, campaign) pair:
# ``{"id": label id, "campaign_id", "status": ACTIVE | ARCHIVED, "value", "label_type"}``. Labels cannot spend.
EntityKind = Literal["campaign", "ad_group", "ad", "keyword", "pin", "audience", "label"]
Period = Literal["daily", "lifetime"]


def ref(name: str) -> dict[str, str]:
    """A placeholder for the id of an entity an earlier step of the same plan creates."""
    return {"$ref": name}


def is_ref(value: Any) -> TypeGuard[dict[str, str]]:
    return isinstance(value, dict) and set(value) == {"$ref"}


class Write(BaseModel):
    """One batch request: POST (create) or PATCH (update) of up to 30 items of one entity kind
    (keywords: up to the launch's own cap, all under one parent)."""

    key: str = Field(description="Step name, unique in the plan (e.g. create_campaign, activate_ads_1)")
    op: Literal["create", "update"]
    entity: EntityKind
    items: list[dict[str, Any]]
    # For creates: the name each created item's id is known by (``campaign``, ``ad_group``, ``ad:3``).
    names: list[str] = Field(default_factory=list)
    activation: bool = Field(default=False, description="The final step that turns created entities ACTIVE")
    describe: str = Field(default="", description="What this step does, in words")


class Snapshot(BaseModel):
    """What an entity an update touches, or its parent or child, looked like when the plan was made
    (for the spend decision and the caps): status, parents, budget and schedule in API units."""

    entity: EntityKind
    id: str
    name: str | None = None
    status: str | None = None
    # Parents, so the spend an activation enables can be worked out (guards.enabled).
    campaign_id: str | None = None
    ad_group_id: str | None = None
    is_campaign_budget_optimization: bool | None = None
    ad_groups_listed: bool | None = Field(default=None, description="Campaigns: every ACTIVE/PAUSED ad group of "
                                                                    "it is in the plan's snapshots too")
    daily_spend_cap: int | None = None
    lifetime_spend_cap: int | None = None
    budget_in_micro_currency: int | None = None
    budget_type: str | None = None
    bid_in_micro_currency: int | None = None
    is_flexible_daily_budgets: bool | None = None
    end_time: int | None = None
    start_time: int | None = None
    # Ad groups: what an audience widening or a bid strategy change is judged against.
    targeting_spec: dict[str, Any] | None = None
    placement_group: str | None = None
    auto_targeting_enabled: bool | None = None
    bid_strategy_type: str | None = None
    lifetime_frequency_cap: int | None = None
    # Keywords: an exclusion archived on a delivering ad group widens its audience.
    match_type: str | None = None
    parent_id: str | None = None


class Money(BaseModel):
    amount: str
    currency: str


class Summary(BaseModel):
    """What a person needs to say yes or no. Deterministic: no clocks or random ids in it, so the
    same plan renders the same words in every elicitation round."""

    action: str = Field(description="One sentence: what will happen")
    will_exist: list[str] = Field(default_factory=list, description="Entities created or changed, with their status after")
    status_after: str | None = Field(default=None,
                                     description="Status the entities end in (ACTIVE means it can spend)")
    max_daily_spend: Money | None = Field(default=None,
                                          description="Most that can be spent per day; None = no new spend")
    max_total_spend: Money | None = Field(default=None,
                                          description="Most that can be spent over the schedule")
    total_spend_note: str | None = Field(default=None,
                                         description="How the total was worked out, or why it is open-ended")
    schedule: str | None = None
    targeting: str | None = None
    defaults: list[str] = Field(default_factory=list, description="Values the server chose because none were given")
    notes: list[str] = Field(default_factory=list)
    sent: list[str] = Field(default_factory=list, description=(
        "Every field of every request the plan sends (names, URLs, keywords, budgets, ...), derived from the "
        "requests themselves"))
    forecast: list[str] = Field(default_factory=list, description=(
        "What Pinterest tells before spending: audience size, bid floor against the bid, the spend bound"))


class Plan(BaseModel):
    """Everything needed to carry out an action later, exactly as it was summarised."""

    tool: str
    ad_account_id: str
    currency: str
    writes: list[Write]
    before: list[Snapshot] = Field(default_factory=list)
    summary: Summary
    # All-or-nothing: when a step fails, archive what this plan created and send nothing more.
    atomic: bool = False

    @model_validator(mode="after")
    def _derive_sent(self) -> Plan:
        # Derived from the requests, never written by a tool, so nothing sent can be left out.
        self.summary.sent = describe_writes(self)
        return self

    def digest(self) -> str:
        """SHA-256 over the canonical JSON of the whole plan: a confirmation id is bound to it."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def snapshot(self, entity: EntityKind, entity_id: str) -> Snapshot | None:
        return next((s for s in self.before if s.entity == entity and s.id == entity_id), None)


@dataclass(frozen=True)
class BudgetChange:
    """One budget a write sets: where, which period, the old and new amounts (micro-units).

    ``old`` is None for a new entity or a budget that did not exist; ``new`` None clears it.
    """

    entity: EntityKind
    target: str  # entity id, or the ref name of an entity this plan creates
    field: str
    period: Period
    old: int | None
    new: int | None


_CAMPAIGN_BUDGETS: dict[str, Period] = {"daily_spend_cap": "daily", "lifetime_spend_cap": "lifetime"}


def target_of(write: Write, index: int, item: dict[str, Any]) -> str:
    """The id an item of ``write`` changes, or the ref name of the entity it creates."""
    if write.op == "create":
        return write.names[index] if index < len(write.names) else f"{write.key}[{index}]"
    value = item.get("id")
    return value["$ref"] if is_ref(value) else str(value)


def budget_changes(plan: Plan) -> Iterator[BudgetChange]:
    """Every budget amount the plan's requests set, read from the requests themselves.

    Both the policy (caps) and the spend decision (increases) use this, so what is checked is
    exactly what is sent.
    """
    for write in plan.writes:
        for index, item in enumerate(write.items):
            target = target_of(write, index, item)
            snap = plan.snapshot(write.entity, target) if write.op == "update" else None
            if write.entity == "campaign":
                for field, campaign_period in _CAMPAIGN_BUDGETS.items():
                    if field in item:
                        old = getattr(snap, field) if snap else None
                        yield BudgetChange("campaign", target, field, campaign_period, old, item[field])
            elif write.entity == "ad_group" and "budget_in_micro_currency" in item:
                budget_type = item.get("budget_type") or (snap.budget_type if snap else None) or "DAILY"
                period: Period = "lifetime" if budget_type == "LIFETIME" else "daily"
                old = snap.budget_in_micro_currency if snap else None
                yield BudgetChange("ad_group", target, "budget_in_micro_currency", period, old,
                                   item["budget_in_micro_currency"])


# Fields not shown per item: the target id and account are named once per line and at the end.
_NOT_SHOWN = frozenset({"id", "ad_account_id"})
_MONEY_FIELDS = frozenset({"daily_spend_cap", "lifetime_spend_cap", "budget_in_micro_currency",
                           "bid_in_micro_currency"})
_TIME_FIELDS = frozenset({"start_time", "end_time"})


def _value(name: str, value: Any, currency: str) -> str:
    if is_ref(value):
        return f"(the new {value['$ref'].split(':')[0].replace('_', ' ')})"
    if name in _MONEY_FIELDS and isinstance(value, int):
        return f"{micro_to_str(value, currency)} {currency}"
    if name in _TIME_FIELDS and isinstance(value, int):
        return from_unix(value) or str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _fields(item: dict[str, Any], names: list[str], currency: str) -> str:
    return "; ".join(f"{n} {_value(n, item[n], currency)}" for n in names if n in item) or "no other field"


def describe_writes(plan: Plan) -> list[str]:
    """Every field of every request, one line per write: what all its items share, then what each
    item sends of its own. Generic over fields, so a new field a tool sends is shown without more code."""
    lines: list[str] = []
    cur = plan.currency
    for number, write in enumerate(plan.writes, 1):
        kind = write.entity.replace("_", " ")
        items = write.items
        keys = list(dict.fromkeys(k for item in items for k in item if k not in _NOT_SHOWN))
        shared = [k for k in keys if len(items) > 1 and all(k in i and i[k] == items[0][k] for i in items)]
        own = [k for k in keys if k not in shared]
        head = f"{number}. {write.op} {len(items)} {kind}(s)"
        if write.op == "update" and len(items) == 1:
            target = items[0].get("id")
            head = f"{number}. update {kind} {_value('id', target, cur) if is_ref(target) else target}"
        parts = [head + ":"]
        if shared:
            parts.append(f"every one: {_fields(items[0], shared, cur)}")
        if own:
            for index, item in enumerate(items):
                who = ""
                if len(items) > 1:
                    target = item.get("id")
                    who = f"{kind} {target}: " if write.op == "update" and not is_ref(target) else f"#{index + 1}: "
                parts.append(who + _fields(item, own, cur))
        lines.append(" ".join(parts[:1]) + " " + " | ".join(parts[1:]))
    return lines


def render(plan: Plan) -> str:
    """The plan as plain text for an elicitation prompt (same plan -> same text)."""
    s = plan.summary
    lines = [s.action, ""]
    lines += [f"- {line}" for line in s.will_exist]
    if s.status_after:
        lines.append(f"Status afterwards: {s.status_after}")
    if s.max_daily_spend:
        lines.append(f"Max daily spend: {s.max_daily_spend.amount} {s.max_daily_spend.currency}")
    if s.max_total_spend:
        lines.append(f"Max total spend: {s.max_total_spend.amount} {s.max_total_spend.currency}")
    if s.total_spend_note:
        lines.append(f"  ({s.total_spend_note})")
    if s.schedule:
        lines.append(f"Schedule: {s.schedule}")
    if s.targeting:
        lines.append(f"Targeting: {s.targeting}")
    if s.defaults:
        lines.append("Defaults chosen: " + "; ".join(s.defaults))
    lines += [f"Note: {n}" for n in s.notes]
    lines += [f"Forecast: {f}" for f in s.forecast]
    if s.sent:
        lines.append("Sent to Pinterest, field by field:")
        lines += [f"  {line}" for line in s.sent]
    lines.append(f"Ad account {plan.ad_account_id} ({plan.currency}); {len(plan.writes)} API write request(s).")
    return "\n".join(lines)
