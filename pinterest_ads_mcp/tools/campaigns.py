"""create_campaign: launch a campaign, its ad group and its ads in one guarded call."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context, ElicitationResult, MCPServer, Resolve
from mcp_types import ToolAnnotations
from pydantic import Field

from ..guards.confirm import Confirm
from ..guards.service import ActionResult, Prepared
from .entities import AccountArg
from .planning.forecast import with_forecast
from .planning.launch import (
    MAX_ADS,
    AdGroupInput,
    AdInput,
    BudgetInput,
    ScheduleInput,
    objective_from,
    plan_launch,
)
from .support.common import resolve_account_id, tool_errors
from .support.runtime import runtime
from .support.writes import carry_out, guard, make_ask

NameArg = Annotated[str, Field(min_length=1, max_length=255, description="Campaign name")]
ObjectiveArg = Annotated[str, Field(
    description="Plain words (awareness, traffic, conversions, video views) or the API enum "
                "(AWARENESS, CONSIDERATION, WEB_CONVERSION, VIDEO_COMPLETION)")]
BudgetArg = Annotated[BudgetInput, Field(
    description='{"amount": "30.00", "period": "daily"|"lifetime", "flexible": false}. Held by the campaign for '
                "AWARENESS/CONSIDERATION/WEB_CONVERSION (campaign budget optimization), by the ad group for "
                "VIDEO_COMPLETION")]
ScheduleArg = Annotated[ScheduleInput | None, Field(description='{"start": "2026-05-01", "end": "2026-05-31"}')]
AdGroupArg = Annotated[AdGroupInput, Field(description="The ad group: targeting (locations required), optional bid")]
AdsArg = Annotated[list[AdInput] | None, Field(max_length=MAX_ADS, description="Ads from organic pin ids")]
ActivateArg = Annotated[bool, Field(description="Turn everything ACTIVE after creating it (default false: all PAUSED)")]


@tool_errors
async def prepare_create_campaign(
    ctx: Context, ad_account_id: str | None, name: str, objective: str, budget: BudgetInput,
    schedule: ScheduleInput | None, ad_group: AdGroupInput, ads: list[AdInput] | None, activate: bool,
) -> Prepared:
    """Resolver: validate and plan (reads only), then apply the policy."""
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    account = await rt.account(account_id)
    plan = await plan_launch(rt, tool="create_campaign", account_id=account_id, currency=account.currency,
                             name=name, objective=objective_from(objective), budget=budget, schedule=schedule,
                             ad_group=ad_group, ads=list(ads or []), activate=activate)
    return guard(rt).prepare(await with_forecast(rt, plan))


ask_create_campaign = make_ask(prepare_create_campaign)


@tool_errors
async def create_campaign(
    ctx: Context,
    name: NameArg,
    objective: ObjectiveArg,
    budget: BudgetArg,
    ad_group: AdGroupArg,
    prepared: Annotated[Prepared, Resolve(prepare_create_campaign)],
    decision: Annotated[ElicitationResult[Confirm], Resolve(ask_create_campaign)],
    ad_account_id: AccountArg = None,
    schedule: ScheduleArg = None,
    ads: AdsArg = None,
    activate: ActivateArg = False,
) -> ActionResult:
    """Create a Pinterest campaign with one ad group and zero or more ads made from organic pins.

    Use it to launch new advertising. Everything is created PAUSED first; with activate=true it is
    switched ACTIVE last, only after every step worked (if a step fails, what was created is
    archived and every step is reported). Budgets and bids are in the ad account's currency units.
    Defaults valid for the objective (billable event, bid strategy, bid) are chosen when not given
    and listed in summary.defaults.

    Costs money once active: activate=true is checked against the operator's caps and needs a
    person's yes (the client asks them, or you call confirm_action with the confirmation_id once
    they agree).
    Returns status done | confirmation_required | declined | failed, the plan summary (max daily
    and total spend, schedule, targeting), each step and the created ids.
    """
    return await carry_out(ctx, prepared, decision)


def register(server: MCPServer) -> None:
    server.add_tool(create_campaign, annotations=ToolAnnotations(
        title="Create campaign", read_only_hint=False, destructive_hint=False, idempotent_hint=False,
        open_world_hint=True))
