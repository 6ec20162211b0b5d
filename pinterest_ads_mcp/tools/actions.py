"""confirm_action, get_action_log and the ``pinterest-ads://policy`` resource.

``register`` adds the read parts (always offered); ``confirmation.register`` adds confirm_action,
which is a write and is hidden in read-only mode with the other write tools.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from ..guards.policy import SpendPolicy
from ..guards.service import ActionResult
from ..pinterest.times import from_unix
from .support.common import tool_errors
from .support.runtime import runtime
from .support.writes import confirm_plan, guard


@tool_errors
async def confirm_action(
    ctx: Context,
    confirmation_id: Annotated[str, Field(min_length=1, max_length=200,
                                          description="The id a tool returned with status confirmation_required")],
) -> ActionResult:
    """Carry out a plan a write tool returned with a confirmation_id (status confirmation_required).

    Call it only after the person has seen that plan's summary and said yes: it spends their
    money. It runs exactly the stored plan (re-checked against the operator's caps), once; the id
    is single-use and expires (15 minutes by default). Calling it again with the same id returns
    the first result and sends nothing. Returns status done | failed | partial with each step.
    """
    return await confirm_plan(ctx, confirmation_id.strip())


class LogEntry(BaseModel):
    at: str | None
    action_ref: str | None = Field(default=None, description="Groups the entries of one action")
    tool: str | None = None
    event: str = Field(description="plan, decision, write, lookup, result, confirmed, policy_refused, ...")
    detail: dict[str, Any] | None = None
    undoable: bool | None = Field(default=None,
                                  description="On an action's result: undo_action(action_ref) can reverse it")


class ActionLog(BaseModel):
    environment: str
    entries: list[LogEntry] = Field(description="Newest first")


@tool_errors
async def get_action_log(
    ctx: Context,
    limit: Annotated[int, Field(ge=1, le=500, description="How many entries, newest first")] = 50,
) -> ActionLog:
    """Read the audit log: every plan, decision (approved, declined, confirmation issued, refused by
    policy) and API write this server made, with results. Read-only; no API call. Use it to see what
    was done, or what happened after an error."""
    rt = runtime(ctx)
    rows = guard(rt).store.audit_log(limit)
    return ActionLog(environment=rt.environment, entries=[
        LogEntry(at=from_unix(r["at"]), action_ref=r["ref"], tool=r["tool"], event=r["event"], detail=r["detail"],
                 undoable=_undoable(r))
        for r in rows])


def _undoable(row: dict[str, Any]) -> bool | None:
    """Marks an action's result entry: carried out (wholly or in part) by a tool undo_action reverses."""
    if row["event"] != "result":
        return None
    from .undo import UNDOABLE

    return row["tool"] in UNDOABLE and (row["detail"] or {}).get("status") in ("done", "partial")


def policy_document(policy: SpendPolicy, *, environment: str, confirmation: str) -> str:
    """The spend policy and confirmation mode in force, as JSON, so a model can plan within them."""
    return json.dumps({
        "environment": environment,
        "read_only": policy.read_only,
        "allowed_ad_accounts": sorted(policy.allowed_accounts) or "all accounts this token reaches",
        "max_daily_budget": str(policy.max_daily_budget) if policy.max_daily_budget is not None else None,
        "max_lifetime_budget": str(policy.max_lifetime_budget) if policy.max_lifetime_budget is not None else None,
        "caps_apply": "to the spend each change enables, in the ad account's currency units: a CBO campaign's "
                      "budget for its ad groups and ads, the ACTIVE ad groups' budgets for a non-CBO campaign, a "
                      "lifetime budget in full on any one day, a flexible daily budget at a week's worth per day",
        "max_new_daily_spend": str(policy.max_new_daily_spend) if policy.max_new_daily_spend is not None else None,
        "max_new_daily_spend_applies": "the daily spend all launches, boosts, activations and budget raises together "
                                       "may add in any rolling 24 hours (per currency; counted across restarts)",
        "max_increase_pct": str(policy.max_increase_pct) if policy.max_increase_pct is not None else None,
        "confirmation_mode": confirmation,
        "confirmation": {
            "auto": "the client asks the person when it can; otherwise tools return a confirmation_id",
            "elicit": "the client must be able to ask the person; otherwise spend-affecting calls are refused",
            "token": "spend-affecting tools return a confirmation_id for confirm_action",
        }[confirmation],
        "spend_affecting": "creating something ACTIVE, boost_pin, activating, raising a budget or bid, moving an end "
                           "date later; these need a person's approval. Pausing, archiving and lowering budgets run "
                           "at once.",
    }, indent=2)


def register_policy(server: MCPServer, policy: SpendPolicy, *, environment: str, confirmation: str) -> None:
    """The ``pinterest-ads://policy`` resource. The policy is fixed for the server's life (it comes
    from the environment at start), so it is a plain static resource."""
    document = policy_document(policy, environment=environment, confirmation=confirmation)

    def read_policy() -> str:
        return document

    server.resource("pinterest-ads://policy", name="policy", title="Spend policy",
                    description="Budget caps, allowed ad accounts and the confirmation mode in force",
                    mime_type="application/json")(read_policy)


def register(server: MCPServer) -> None:
    server.add_tool(get_action_log, annotations=ToolAnnotations(
        title="Action log", read_only_hint=True, open_world_hint=False))


def _register_confirm(server: MCPServer) -> None:
    server.add_tool(confirm_action, annotations=ToolAnnotations(
        title="Confirm a prepared action", read_only_hint=False, destructive_hint=True, idempotent_hint=True,
        open_world_hint=True))


# Registered with the write tools (hidden in read-only mode).
confirmation = SimpleNamespace(register=_register_confirm)
