"""boost_pin: promote one organic pin in one call (campaign + ad group + ad)."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context, ElicitationResult, MCPServer, Resolve
from mcp_types import ToolAnnotations
from pydantic import Field

from ..guards.confirm import Confirm
from ..guards.service import ActionResult, Prepared
from .entities import AccountArg
from .pins import promotable_goals
from .planning.forecast import with_forecast
from .planning.launch import AdGroupInput, AdInput, BudgetInput, ScheduleInput, get_pin, plan_launch
from .planning.targeting_model import Targeting
from .support.common import ID_PATTERN, InputError, resolve_account_id, tool_errors
from .support.runtime import runtime
from .support.writes import carry_out, guard, make_ask

GOALS = {"awareness": "AWARENESS", "traffic": "CONSIDERATION", "video_views": "VIDEO_COMPLETION"}
GOAL_OF_OBJECTIVE = {v: k for k, v in GOALS.items()}

GoalArg = Annotated[str, Field(
    description="awareness (be seen), traffic (clicks to the pin's link) or video_views (video pins); "
                "the API objectives AWARENESS, CONSIDERATION, VIDEO_COMPLETION are accepted too")]


def goal_from(text: str) -> str:
    """The boost goal in words (awareness | traffic | video_views) for plain words or an API objective."""
    key = text.strip().casefold().replace(" ", "_").replace("-", "_")
    if key in GOALS:
        return key
    if text.strip().upper() in GOAL_OF_OBJECTIVE:
        return GOAL_OF_OBJECTIVE[text.strip().upper()]
    raise InputError(f"goal: {text!r} is not a boost goal; use awareness, traffic or video_views "
                     "(or AWARENESS, CONSIDERATION, VIDEO_COMPLETION)")


@tool_errors
async def prepare_boost_pin(
    ctx: Context, ad_account_id: str | None, pin_id: str, goal: str, budget: BudgetInput,
    schedule: ScheduleInput | None, targeting: Targeting | None, destination_url: str | None, activate: bool,
) -> Prepared:
    """Resolver: check the pin can be promoted for the goal, plan the launch, apply the policy."""
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    account = await rt.account(account_id)
    chosen = goal_from(goal)
    pin = await get_pin(rt, pin_id, account_id=account_id)
    goals, reasons = promotable_goals(pin)
    if chosen not in goals and not (chosen == "traffic" and destination_url and "awareness" in goals):
        why = "; ".join(r for r in reasons if r.startswith(chosen)) or "; ".join(reasons) or "it cannot be promoted"
        raise InputError(f"pin_id: pin {pin_id} cannot be boosted for {chosen}: {why}. "
                         f"Goals it supports: {', '.join(goals) or 'none'}")
    notes: list[str] = []
    if targeting is None:
        country = account.country or "US"
        targeting = Targeting(locations=[country])
        notes.append(f"no targeting given: everyone in {country} (the ad account's country), auto-targeting on")
    title = (pin.title or f"pin {pin.id}").strip()[:150]
    plan = await plan_launch(
        rt, tool="boost_pin", account_id=account_id, currency=account.currency, name=f"Boost: {title}",
        objective=GOALS[chosen], budget=budget, schedule=schedule,
        ad_group=AdGroupInput(name=f"Boost: {title} - ad group", targeting=targeting),
        ads=[AdInput(pin_id=pin.id, destination_url=destination_url)], activate=activate, extra_notes=notes)
    return guard(rt).prepare(await with_forecast(rt, plan))


ask_boost_pin = make_ask(prepare_boost_pin)


@tool_errors
async def boost_pin(
    ctx: Context,
    pin_id: Annotated[str, Field(pattern=ID_PATTERN, description="The organic pin to promote (see list_pins)")],
    goal: GoalArg,
    budget: Annotated[BudgetInput, Field(description='{"amount": "20.00", "period": "daily"|"lifetime"}')],
    prepared: Annotated[Prepared, Resolve(prepare_boost_pin)],
    decision: Annotated[ElicitationResult[Confirm], Resolve(ask_boost_pin)],
    ad_account_id: AccountArg = None,
    schedule: Annotated[ScheduleInput | None, Field(description='{"start": ISO, "end": ISO}; lifetime needs end')] = None,
    targeting: Annotated[Targeting | None, Field(
        description="Who sees it; default everyone in the ad account's country")] = None,
    destination_url: Annotated[str | None, Field(max_length=2048, description="Click destination; default the pin's link")] = None,
    activate: Annotated[bool, Field(description="Start delivering right away (default true for a boost)")] = True,
) -> ActionResult:
    """Promote one organic pin: creates a campaign, an ad group and one ad for it in a single call.

    Use when a person says "boost this pin" / "promote my best pin". Goal awareness needs any
    image, video or carousel pin; traffic needs a link (the pin's or destination_url); video_views
    needs a video pin. A pin that cannot serve the goal is refused with the reason.

    Spends money: checked against the operator's caps, always needs a person's yes (the client
    asks them, or you call confirm_action with the confirmation_id once they agree). Returns the
    summary (max daily and total spend, schedule, targeting), each step and the created ids.
    """
    return await carry_out(ctx, prepared, decision)


def register(server: MCPServer) -> None:
    server.add_tool(boost_pin, annotations=ToolAnnotations(
        title="Boost a pin", read_only_hint=False, destructive_hint=False, idempotent_hint=False,
        open_world_hint=True))
