"""The spend policy an operator sets: read-only mode, the ad-account allow-list, budget caps.

The model never sees a way around it: tools consult it before anything is sent, and a plan that
breaks it is refused with a message naming the rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..pinterest.money import format_amount, from_micro
from .enabled import EnabledSpend, enabled_spend
from .plan import Plan, budget_changes


class PolicyViolation(Exception):
    """A request the operator's policy forbids; the message says which rule and its value."""


@dataclass(frozen=True)
class SpendPolicy:
    read_only: bool = False
    allowed_accounts: frozenset[str] = field(default_factory=frozenset)
    max_daily_budget: Decimal | None = None
    max_lifetime_budget: Decimal | None = None
    # The operator's envelope: new daily spend all actions together may add in any 24 hours, and
    # the largest single budget raise in percent (None = no limit).
    max_new_daily_spend: Decimal | None = None
    max_increase_pct: Decimal | None = None

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
    plan's requests carry must be within the cap for its period (per entity, in account currency);
    the spend each switch-on or budget change enables (guards.enabled) must be within the caps, and
    no raise may exceed the operator's largest raise in percent. The rolling 24-hour envelope needs
    the audit store and is checked by the Guard.
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
    _check_enabled(policy, plan, enabled_spend(plan))


def _words(micro: int | None, currency: str) -> str:
    amount = from_micro(micro) if micro is not None else None
    return f"{format_amount(amount, currency)} {currency}" if amount is not None else "an unknown amount"


def _check_enabled(policy: SpendPolicy, plan: Plan, spend: EnabledSpend) -> None:
    """The caps on what each switch-on or budget change actually lets spend (guards.enabled): a
    child of a CBO campaign enables the campaign's budget, a non-CBO campaign its ACTIVE ad groups'
    budgets, a lifetime budget may all go in one day, a flexible day may spend more."""
    cur = plan.currency
    for grant in spend.grants:
        daily_cap = policy.max_daily_budget
        if daily_cap is not None:
            if grant.daily is None:
                raise PolicyViolation(
                    f"budget: the spend {grant.target} would enable cannot be worked out (its budget or its parent "
                    "is unknown), so it cannot be checked against PINTEREST_ADS_MAX_DAILY_BUDGET="
                    f"{format_amount(daily_cap, cur)} {cur}; nothing was sent")
            amount = from_micro(grant.daily)
            if amount is not None and amount > daily_cap:
                held = "; ".join(spend.holders[k].words(cur) for k in grant.holders)
                raise PolicyViolation(
                    f"budget: {grant.target} would let up to {_words(grant.daily, cur)} a day be spent ({held}), "
                    f"above the operator's cap PINTEREST_ADS_MAX_DAILY_BUDGET={format_amount(daily_cap, cur)} {cur} "
                    f"(room: {format_amount(daily_cap, cur)} {cur} a day). Lower the budget first; nothing was sent")
        life_cap = policy.max_lifetime_budget
        amount = from_micro(grant.lifetime) if grant.lifetime else None
        if life_cap is not None and amount is not None and amount > life_cap:
            raise PolicyViolation(
                f"budget: {grant.target} would let a lifetime budget of {_words(grant.lifetime, cur)} be spent, above "
                f"the operator's cap PINTEREST_ADS_MAX_LIFETIME_BUDGET={format_amount(life_cap, cur)} {cur}; "
                "nothing was sent")
    pct = policy.max_increase_pct
    if pct is not None:
        for change in spend.raises:
            if not change.old:
                raise PolicyViolation(
                    f"budget: {change.label} gets a {change.period} budget of {_words(change.new, cur)} where it had "
                    f"none of that period; PINTEREST_ADS_MAX_INCREASE_PCT={pct} allows only raises of an existing "
                    "budget. Nothing was sent")
            rise = Decimal(change.new - change.old) * 100 / Decimal(change.old)
            if rise > pct:
                room = Decimal(change.old) * (1 + pct / 100)
                raise PolicyViolation(
                    f"budget: raising {change.label} from {_words(change.old, cur)} to {_words(change.new, cur)} is "
                    f"+{rise.quantize(Decimal('0.1'))}%, above PINTEREST_ADS_MAX_INCREASE_PCT={pct}% (at most "
                    f"{_words(int(room), cur)}); nothing was sent")
