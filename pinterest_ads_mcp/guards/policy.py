"""The spend policy an operator sets: read-only mode, the ad-account allow-list, budget caps.

The model never sees a way around it: tools consult it before anything is sent, and a plan that
breaks it is refused with a message naming the rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..pinterest.money import format_amount, from_micro
from .plan import Plan, budget_changes


class PolicyViolation(Exception):
    """A request the operator's policy forbids; the message says which rule and its value."""


@dataclass(frozen=True)
class SpendPolicy:
    read_only: bool = False
    allowed_accounts: frozenset[str] = field(default_factory=frozenset)
    max_daily_budget: Decimal | None = None
    max_lifetime_budget: Decimal | None = None

    def check_account(self, ad_account_id: str) -> None:
        """Refuse an ad account outside the allow-list (an empty list allows every account)."""
        if self.allowed_accounts and ad_account_id not in self.allowed_accounts:
            allowed = ", ".join(sorted(self.allowed_accounts))
            raise PolicyViolation(
                f"ad_account_id: {ad_account_id} is not in PINTEREST_ADS_ALLOWED_ACCOUNTS ({allowed})"
            )

    def account_allowed(self, ad_account_id: str) -> bool:
        return not self.allowed_accounts or ad_account_id in self.allowed_accounts

    def cap_for(self, period: str) -> Decimal | None:
        """The operator's cap for a daily or lifetime budget (None = no cap)."""
        return self.max_daily_budget if period == "daily" else self.max_lifetime_budget


def check_plan(policy: SpendPolicy, plan: Plan) -> None:
    """Refuse a plan the operator's policy forbids, before anything is sent.

    Read-only mode refuses every write; the ad account must be allowed; every budget amount the
    plan's requests carry must be within the cap for its period (per entity, in account currency).
    """
    if policy.read_only and plan.writes:
        raise PolicyViolation("PINTEREST_ADS_READ_ONLY is set: this server sends no changes to Pinterest")
    policy.check_account(plan.ad_account_id)
    for change in budget_changes(plan):
        cap = policy.cap_for(change.period)
        if cap is None or change.new is None:
            continue
        amount = from_micro(change.new)
        if amount is not None and amount > cap:
            env = "PINTEREST_ADS_MAX_DAILY_BUDGET" if change.period == "daily" else "PINTEREST_ADS_MAX_LIFETIME_BUDGET"
            raise PolicyViolation(
                f"budget: {format_amount(amount, plan.currency)} {plan.currency} {change.period} for "
                f"{change.entity.replace('_', ' ')} {change.target} is above the operator's cap "
                f"{env}={format_amount(cap, plan.currency)} {plan.currency}; nothing was sent"
            )
    _check_activations(policy, plan)


def _check_activations(policy: SpendPolicy, plan: Plan) -> None:
    """Turning on an existing entity lets its stored budget spend: that budget must be within the caps too."""
    for write in plan.writes:
        if write.op != "update":
            continue
        for item in write.items:
            if item.get("status") != "ACTIVE" or not isinstance(item.get("id"), str):
                continue
            snap = plan.snapshot(write.entity, item["id"])
            if snap is None:
                continue
            for micro, period in ((snap.daily_spend_cap, "daily"), (snap.lifetime_spend_cap, "lifetime"),
                                  (snap.budget_in_micro_currency,
                                   "lifetime" if snap.budget_type == "LIFETIME" else "daily")):
                cap = policy.cap_for(period)
                amount = from_micro(micro)
                if cap is not None and amount is not None and amount > cap:
                    raise PolicyViolation(
                        f"ids: {write.entity.replace('_', ' ')} {snap.id} has a {period} budget of "
                        f"{format_amount(amount, plan.currency)} {plan.currency}, above the operator's cap of "
                        f"{format_amount(cap, plan.currency)} {plan.currency}; lower it with update_budget before "
                        "activating. Nothing was sent"
                    )
