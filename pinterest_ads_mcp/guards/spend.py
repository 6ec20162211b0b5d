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
from typing import Any

from .plan import EntityKind, Plan, Write, budget_changes, is_ref

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
    return [reason for item in write.items for reason in update_item_reasons(plan, write.entity, item)]


def update_item_reasons(plan: Plan, entity: EntityKind, item: dict[str, Any]) -> list[str]:
    """Why one update item can start or raise spend (empty: it cannot). guards.enabled caps the spend
    of exactly the items this names."""
    reasons: list[str] = []
    raw_id = item.get("id")
    target = raw_id["$ref"] if is_ref(raw_id) else str(raw_id)
    snap = None if is_ref(raw_id) else plan.snapshot(entity, target)
    what = f"{entity.replace('_', ' ')} {target}"
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
        if name in _AUDIENCE_FIELDS and snap is not None:
            if snap.status != "ACTIVE":
                continue  # not delivering: activating it later is judged (and confirmed) then
            widened = _widened(name, value, snap)
            if widened:
                reasons.append(f"{what}: audience widened ({widened}) while delivering")
            continue
        if name == "bid_strategy_type" and snap is not None:
            if value != snap.bid_strategy_type and value != "MAX_BID":
                reasons.append(f"{what}: bid strategy changes to {value} (no maximum bid)")
            continue
        if name == "lifetime_frequency_cap" and snap is not None:
            old_cap = snap.lifetime_frequency_cap
            # None and -1 both mean no cap: only a capped entity can have its cap raised or removed.
            if old_cap is not None and old_cap != -1 and (value is None or value == -1 or value > old_cap):
                reasons.append(f"{what}: frequency cap raised or removed")
            continue
        reasons.append(f"{what}: {name} changes (not known to be spend-neutral)")
    return reasons


# Ad group fields that shape who can see the ads: widening them on a delivering ad group can raise
# spend (a budget that was not being spent finds more people), narrowing cannot.
_AUDIENCE_FIELDS = frozenset({"targeting_spec", "auto_targeting_enabled", "placement_group"})
# targeting_spec keys whose values are an OR-list of what is included: absent or empty = everyone.
_INCLUDE_KEYS = ("INTEREST", "LOCALE", "GENDER", "APPTYPE", "AUDIENCE_INCLUDE")
_AGES = range(18, 66)  # 65 stands for "65 and older"


def _ages(spec: dict[str, Any]) -> set[int]:
    """The ages a targeting_spec reaches (MINIMUM/MAXIMUM_AGE or the legacy AGE_BUCKET)."""
    def age(text: Any) -> int:
        return 65 if str(text).startswith("65") else int(text)

    if spec.get("MINIMUM_AGE") is not None or spec.get("MAXIMUM_AGE") is not None:
        low = age(spec.get("MINIMUM_AGE") or 18)
        high = age(spec.get("MAXIMUM_AGE") or "65+")
        return set(range(low, high + 1))
    buckets = spec.get("AGE_BUCKET") or []
    if not buckets:
        return set(_AGES)
    reached: set[int] = set()
    for bucket in buckets:
        first, _, last = str(bucket).partition("-")
        reached |= set(range(age(first.rstrip("+")), age(last or "65+") + 1))
    return reached


def _places(spec: dict[str, Any]) -> set[str]:
    return {*(spec.get("LOCATION") or []), *(spec.get("GEO") or [])}


def _widened(name: str, value: Any, snap: Any) -> str | None:
    """How a new audience field value reaches more people than the snapshot's, or None if it does not.

    Fails safe: a targeting key it cannot compare counts as widened when its value changes.
    """
    if name == "auto_targeting_enabled":
        return "auto-targeting turned on" if value and snap.auto_targeting_enabled is not True else None
    if name == "placement_group":
        old = snap.placement_group or "ALL"
        return f"placement {old} -> {value}" if value != old and old != "ALL" else None
    old_spec: dict[str, Any] = snap.targeting_spec or {}
    new_spec: dict[str, Any] = value or {}
    found: list[str] = []
    if not _places(new_spec) <= _places(old_spec):
        found.append("locations added")
    for key in _INCLUDE_KEYS:
        old_values, new_values = set(old_spec.get(key) or []), set(new_spec.get(key) or [])
        if old_values and (not new_values or not new_values <= old_values):
            found.append(f"{key} widened")
    if not set(old_spec.get("AUDIENCE_EXCLUDE") or []) <= set(new_spec.get("AUDIENCE_EXCLUDE") or []):
        found.append("AUDIENCE_EXCLUDE removed")
    if not _ages(new_spec) <= _ages(old_spec):
        found.append("ages widened")
    known = {"LOCATION", "GEO", "AUDIENCE_EXCLUDE", "AGE_BUCKET", "MINIMUM_AGE", "MAXIMUM_AGE", *_INCLUDE_KEYS}
    for key in sorted((set(old_spec) | set(new_spec)) - known):
        if old_spec.get(key) != new_spec.get(key):
            found.append(f"{key} changed")
    return ", ".join(found) or None


def decide(plan: Plan) -> SpendDecision:
    """Whether ``plan`` can start or raise spend, with the reasons in words."""
    reasons: list[str] = []
    if plan.tool in ALWAYS_CONFIRM:
        reasons.append(f"{plan.tool} promotes content with money")
    for write in plan.writes:
        if write.entity == "keyword":
            # Keywords have no status or budget: they only shape which searches an ad group's ads may
            # show for. Under a new ad group they are covered by the launch's own decision; under an
            # existing, delivering one a new keyword (or an exclusion archived) reaches more searches.
            reasons.extend(_keyword_reasons(plan, write))
            continue
        if write.entity in ("pin", "audience", "label"):
            # Cannot spend: only an ad promoting the pin (an ad group using the audience) can; a label never.
            continue
        if write.op == "create":
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


_NEGATIVE = frozenset({"EXACT_NEGATIVE", "PHRASE_NEGATIVE"})


def _keyword_reasons(plan: Plan, write: Write) -> list[str]:
    return [reason for item in write.items for _, reason in keyword_item_reasons(plan, write, item)]


def keyword_item_reasons(plan: Plan, write: Write, item: dict[str, Any]) -> list[tuple[str | None, str]]:
    """Why one keyword item can raise spend, each with the ad group it lets reach more searches (None:
    not known). Empty: it cannot. guards.enabled caps the spend of exactly the ad groups this names."""
    if write.op == "create":
        parent, widens = item.get("parent_id"), item.get("match_type") not in _NEGATIVE
        what = f"keyword {item.get('value')!r} added"
    else:
        snap = plan.snapshot("keyword", str(item.get("id")))
        if set(item) - {"id", "archived"} or item.get("archived") is not True or snap is None:
            return [(snap.parent_id if snap else None, f"keyword {item.get('id')}: change not known to be "
                                                       "spend-neutral")]
        parent, widens = snap.parent_id, snap.match_type in _NEGATIVE
        what = f"exclusion {snap.name!r} archived"
    if not widens or is_ref(parent):
        return []
    group = plan.snapshot("ad_group", str(parent))
    if group is None or group.status == "ACTIVE":  # unknown parent: fail safe
        return [(str(parent), f"ad group {parent}: {what} while delivering (reaches more searches)")]
    return []


def _is_created(plan: Plan, target: str) -> bool:
    return any(target in w.names for w in plan.writes if w.op == "create")
