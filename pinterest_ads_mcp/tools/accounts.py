"""list_ad_accounts: which ad accounts this token reaches, with their currency."""

from __future__ import annotations

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from .support.common import tool_errors
from .support.runtime import runtime


class AccountSummary(BaseModel):
    id: str
    name: str | None
    currency: str = Field(description="All money for this account is in this currency")
    country: str | None = None
    roles: list[str] = Field(default_factory=list, description="Your Business Access roles on it")
    allowed: bool = Field(description="False when the operator's allow-list blocks this account")
    is_default: bool = Field(description="Used when a tool's ad_account_id is left out")


class AccountsResult(BaseModel):
    environment: str
    accounts: list[AccountSummary]


@tool_errors
async def list_ad_accounts(ctx: Context) -> AccountsResult:
    """List the Pinterest ad accounts this connection can use, with id, name, currency and your role.

    Start here: every other ads tool needs an ad_account_id (it may be left out when only one
    account is usable). One cheap read; no money is involved.
    """
    rt = runtime(ctx)
    accounts = await rt.accounts()
    usable = [a for a in accounts if rt.policy.account_allowed(a.id)]
    default = rt.default_ad_account_id or (usable[0].id if len(usable) == 1 else None)
    return AccountsResult(
        environment=rt.environment,
        accounts=[
            AccountSummary(
                id=a.id,
                name=a.name,
                currency=a.currency,
                country=a.country,
                roles=list(a.permissions),
                allowed=rt.policy.account_allowed(a.id),
                is_default=a.id == default,
            )
            for a in accounts
        ],
    )


def register(server: MCPServer) -> None:
    server.add_tool(list_ad_accounts, annotations=ToolAnnotations(
        title="List ad accounts", read_only_hint=True, open_world_hint=True))
