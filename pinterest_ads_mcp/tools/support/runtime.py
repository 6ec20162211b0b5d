"""What every tool call can reach: the API client, the policy and where we are running.

The server builds one :class:`Runtime` in its lifespan and tools receive it through the MCP
context. Tools never build HTTP themselves; they call :class:`PinterestClient` methods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import anyio
from mcp.server.mcpserver import Context

from ...guards.policy import SpendPolicy
from ...pinterest.client import PinterestClient
from ...pinterest.models import AdAccount

Environment = Literal["emulator", "sandbox", "production"]
ConfirmationMode = Literal["auto", "elicit", "token"]


@dataclass
class Runtime:
    client: PinterestClient
    environment: Environment
    policy: SpendPolicy = field(default_factory=SpendPolicy)
    confirmation: ConfirmationMode = "auto"
    state_dir: Path | None = None
    default_ad_account_id: str | None = None
    # Anything a later layer needs to keep for the life of the server (state store, emulator).
    extras: dict[str, Any] = field(default_factory=dict)
    # Cached per person (``extras["identity"]`` names the caller when people sign in one by one):
    # one person's accounts are never another's answer.
    _accounts: dict[str, dict[str, AdAccount]] = field(default_factory=dict)
    _accounts_listed: set[str] = field(default_factory=set)
    _accounts_lock: anyio.Lock = field(default_factory=anyio.Lock)

    def _who(self) -> str:
        identity = self.extras.get("identity")
        return (identity() if identity is not None else None) or ""

    async def accounts(self) -> list[AdAccount]:
        """Every ad account the token reaches (cached: accounts and currencies rarely change)."""
        who = self._who()
        mine = self._accounts.setdefault(who, {})
        async with self._accounts_lock:
            if who not in self._accounts_listed:
                for account in await self.client.list_ad_accounts():
                    mine[account.id] = account
                self._accounts_listed.add(who)
        return list(mine.values())

    async def account(self, ad_account_id: str) -> AdAccount:
        """One ad account (its currency decides how money is shown)."""
        mine = self._accounts.setdefault(self._who(), {})
        cached = mine.get(ad_account_id)
        if cached is None:
            cached = await self.client.get_ad_account(ad_account_id)
            mine[ad_account_id] = cached
        return cached


def runtime(ctx: Context) -> Runtime:
    """The server's Runtime, from a tool's context."""
    return cast(Runtime, ctx.request_context.lifespan_context)
