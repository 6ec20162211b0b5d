"""THE one place that decides whether a plan can start or raise spend.

DESIGN.md: spend-affecting = anything that can start or raise spend: creating a campaign, ad group
or ad that is or becomes ACTIVE, boost_pin, PAUSED -> ACTIVE, a budget or bid increase, an end date
moved later. Pausing, archiving, lowering a budget, labels and reads are not.

The decision is made from the plan's exact requests (and the snapshots of what they change), never
from what a tool says about itself, and it fails safe: an update field it does not know to be
harmless counts as spend-affecting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .plan import Plan, Write, budget_changes, is_ref

# Tools whose plans always need a person's yes, whatever their requests (DESIGN.md lists boost_pin).
ALWAYS_CONFIRM = frozenset({"boost_pin"})

# Update fields that can never start or raise spend by themselves.
_HARMLESS_UPDATE_FIELDS = frozenset({"id", "ad_account_id", "name", "tracking_urls", "order_line_id"})
_BUDGET_FIELDS = frozenset({"daily_spend_cap", "lifetime_spend_cap", "budget_in_micro_currency"})


@dataclass
class SpendDecision:
    affecting: bool
    reasons: list[str] = field(default_factory=list)


def _entity(write: Write) -> str:
    return write.entity.replace("_", " ")


def _update_reasons(plan: Plan, write: Write) -> list[str]:
    reasons: list[str] = []
    for item in write.items:
        raw_id = item.get("id")
        target = raw_id["$ref"] if is_ref(raw_id) else str(raw_id)
        snap = None if is_ref(raw_id) else plan.snapshot(write.entity, target)
        what = f"{_entity(write)} {target}"
        for name, value in item.items():
            if name in _HARMLESS_UPDATE_FIELDS or name in _BUDGET_FIELDS:
                continue
            if name == "status":
                if value == "ACTIVE" and (snap is None or snap.status != "ACTIVE"):
                    reasons.append(f"{what} becomes ACTIVE")
                continue
            if name == "bid_in_micro_currency":
                old = snap.bid_in_micro_currency if snap else None
                if value is None or old is None or value > old:
                    reasons.append(f"{what}: bid raised or removed")
                continue
            if name == "end_time":
                old = snap.end_time if snap else None
                if value is None or (old is not None and value > old) or (old is None and snap is None):
                    reasons.append(f"{what}: end date moved later or removed")
                continue
            if name == "start_time":
                old = snap.start_time if snap else None
                if value is None or old is None or value < old:
                    reasons.append(f"{what}: start moved earlier")
                continue
            if name == "is_flexible_daily_budgets":
                if value and not (snap and snap.is_flexible_daily_budgets):
                    reasons.append(f"{what}: flexible daily budget turned on (a day may spend more)")
                continue
            if name == "budget_type" and snap is not None and value == snap.budget_type:
                continue
            reasons.append(f"{what}: {name} changes (not known to be spend-neutral)")
    return reasons


def decide(plan: Plan) -> SpendDecision:
    """Whether ``plan`` can start or raise spend, with the reasons in words."""
    reasons: list[str] = []
    if plan.tool in ALWAYS_CONFIRM:
        reasons.append(f"{plan.tool} promotes content with money")
    for write in plan.writes:
        if write.op == "create":
            if write.entity == "keyword":
                # Keywords cannot start spend on their own: they have no status or budget and only
                # shape which searches an ad group's ads may show for. What can spend is the ad group
                # and its campaign, and their creates and activation are judged here as usual, so a
                # launch's keywords are covered by the launch's own decision and confirmation.
                continue
            for index, item in enumerate(write.items):
                if item.get("status", "ACTIVE") == "ACTIVE":  # Pinterest's default status is ACTIVE
                    name = write.names[index] if index < len(write.names) else write.key
                    reasons.append(f"new {_entity(write)} {name} is created ACTIVE")
        else:
            reasons.extend(_update_reasons(plan, write))
    for change in budget_changes(plan):
        if change.new is None and change.old is not None:
            reasons.append(f"{change.entity} {change.target}: {change.period} budget removed")
        elif change.old is not None and change.new is not None and change.new > change.old:
            reasons.append(f"{change.entity} {change.target}: {change.period} budget raised")
        elif change.old is None and change.new is not None and not _is_created(plan, change.target):
            # A budget set where none was: only safe when the entity had no budget of that period
            # because it had one of the other period (switching period is not comparable).
            snap = plan.snapshot(change.entity, change.target)
            if snap is not None and (snap.daily_spend_cap or snap.lifetime_spend_cap or snap.budget_in_micro_currency):
                reasons.append(f"{change.entity} {change.target}: budget period changes to {change.period}")
    return SpendDecision(affecting=bool(reasons), reasons=list(dict.fromkeys(reasons)))


def _is_created(plan: Plan, target: str) -> bool:
    return any(target in w.names for w in plan.writes if w.op == "create")
