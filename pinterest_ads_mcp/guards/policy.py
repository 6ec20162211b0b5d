"""The spend policy an operator sets: read-only mode, the ad-account allow-list, budget caps.

The model never sees a way around it: tools consult it before anything is sent, and a plan that
breaks it is refused with a message naming the rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


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
