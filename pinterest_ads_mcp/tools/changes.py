"""update_status and update_budget: change existing campaigns, ad groups and ads.

Pausing, archiving and lowering a budget run at once. Activating and raising a budget can start or
raise spend, so they go through the same plan -> policy -> confirmation path as a launch (the
decision itself is made by guards.spend from the exact requests).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, ElicitationResult, MCPServer, Resolve
from mcp_types import ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field

from ..guards.confirm import Confirm
from ..guards.enabled import with_enabled_summary
from ..guards.plan import Plan, Snapshot, Summary, Write
from ..guards.service import ActionResult, Prepared
from ..pinterest.client import WRITE_BATCH, chunks
from ..pinterest.errors import PinterestError
from ..pinterest.money import format_amount, micro_to_str, parse_amount, to_micro
from .entities import AccountArg
from .planning.launch import check_flexible
from .support.common import ID_PATTERN, InputError, resolve_account_id, tool_errors
from .support.runtime import Runtime, runtime
from .support.writes import carry_out, guard, make_ask, snapshots, with_context

Level = Literal["campaign", "ad_group", "ad"]
MAX_IDS = 250


class BudgetChangeInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: str | float = Field(description='New amount in account currency units, e.g. "25.00"')
    period: Literal["daily", "lifetime"] | None = Field(
        default=None, description="Default: the entity's current period. Ad groups cannot change period")
    flexible: bool | None = Field(default=None,
                                  description="Campaign daily budgets only: average the daily amount")


async def _snapshots(rt: Runtime, account_id: str, level: Level, ids: list[str]) -> dict[str, Snapshot]:
    return await snapshots(rt, account_id, level, ids)


async def _pause_snapshots(rt: Runtime, account_id: str, level: Level, ids: list[str],
                           notes: list[str]) -> list[Snapshot]:
    """What a pause changes, so undo_action can switch it back on (through a confirmation). A pause
    stops spend, so a failed read never holds it up: the pause then goes out without snapshots."""
    try:
        found = await _snapshots(rt, account_id, level, ids)
    except PinterestError:
        notes.append("could not read the entities first: this pause cannot be undone with undo_action")
        return []
    return [found[i] for i in ids if i in found]


def _item(level: Level, account_id: str, entity_id: str, **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entity_id, **fields}
    if level == "campaign":
        item["ad_account_id"] = account_id  # CampaignUpdateRequest requires it
    return item


# -- update_status -------------------------------------------------------------------------------
@tool_errors
async def prepare_update_status(ctx: Context, ad_account_id: str | None, level: Level, ids: list[str],
                                status: Literal["ACTIVE", "PAUSED", "ARCHIVED"]) -> Prepared:
    """Resolver: plan the status change (activation reads the entities first; pause/archive do not)."""
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    account = await rt.account(account_id)
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        raise InputError("ids: give at least one id")
    before: list[Snapshot] = []
    notes: list[str] = []
    targets = wanted
    if status == "ACTIVE":
        found = await _snapshots(rt, account_id, level, wanted)
        missing = [i for i in wanted if i not in found]
        if missing:
            raise InputError(f"ids: no {level.replace('_', ' ')} {', '.join(missing)} in ad account {account_id}")
        archived = [i for i in wanted if found[i].status == "ARCHIVED"]
        if archived:
            raise InputError(f"ids: {', '.join(archived)} are ARCHIVED; archiving is final and cannot be undone")
        already = [i for i in wanted if found[i].status == "ACTIVE"]
        if already:
            notes.append(f"already ACTIVE, left alone: {', '.join(already)}")
        targets = [i for i in wanted if i not in already]
        before = await with_context(rt, account_id, [found[i] for i in targets]) if targets else []
    elif status == "PAUSED":
        before = await _pause_snapshots(rt, account_id, level, wanted, notes)
    label = level.replace("_", " ")
    writes = [Write(key=f"set_status_{n}", op="update", entity=level,
                    items=[_item(level, account_id, i, status=status) for i in part],
                    describe=f"set {len(part)} {label}(s) to {status}")
              for n, part in enumerate(chunks(targets, WRITE_BATCH), 1)]
    if status == "ACTIVE":
        notes.append("an ACTIVE entity spends only when its campaign, ad group and ad are all ACTIVE")
    summary = Summary(
        action=f"Set {len(targets)} {label}(s) to {status}",
        will_exist=[f"{label} {i}: {status}" for i in targets[:50]] + ([f"... and {len(targets) - 50} more"]
                                                                        if len(targets) > 50 else []),
        status_after=status, notes=notes,
    )
    plan = Plan(tool="update_status", ad_account_id=account_id, currency=account.currency, writes=writes,
                before=before, summary=summary)
    return guard(rt).prepare(with_enabled_summary(plan))


ask_update_status = make_ask(prepare_update_status)


@tool_errors
async def update_status(
    ctx: Context,
    level: Annotated[Level, Field(description="campaign, ad_group or ad")],
    ids: Annotated[list[Annotated[str, Field(pattern=ID_PATTERN)]], Field(min_length=1, max_length=MAX_IDS)],
    status: Annotated[Literal["ACTIVE", "PAUSED", "ARCHIVED"], Field(description="ARCHIVED is final")],
    prepared: Annotated[Prepared, Resolve(prepare_update_status)],
    decision: Annotated[ElicitationResult[Confirm], Resolve(ask_update_status)],
    ad_account_id: AccountArg = None,
) -> ActionResult:
    """Pause, archive or activate campaigns, ad groups or ads (up to 250 ids, sent 30 per request).

    PAUSED and ARCHIVED run at once (they stop spend; ARCHIVED cannot be undone). ACTIVE can start
    spend: checked against the operator's caps, it needs a person's yes (the client asks them, or
    you call confirm_action with the confirmation_id once they agree). Returns each request's
    outcome; per-item refusals are listed, not hidden.
    """
    return await carry_out(ctx, prepared, decision)


# -- update_budget -------------------------------------------------------------------------------
@tool_errors
async def prepare_update_budget(ctx: Context, ad_account_id: str | None, level: Literal["campaign", "ad_group"],
                                id: str, budget: BudgetChangeInput) -> Prepared:
    """Resolver: read the entity, plan the new budget, apply the policy."""
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    account = await rt.account(account_id)
    currency = account.currency
    found = await _snapshots(rt, account_id, level, [id])
    snap = found.get(id)
    if snap is None:
        raise InputError(f"id: no {level.replace('_', ' ')} {id} in ad account {account_id}")
    if snap.status == "ARCHIVED":
        raise InputError(f"id: {level.replace('_', ' ')} {id} is ARCHIVED and cannot be changed")
    amount = parse_amount(budget.amount, field="budget.amount", currency=currency)
    micro = to_micro(amount)
    fields: dict[str, Any] = {}
    if level == "campaign":
        current = "lifetime" if snap.lifetime_spend_cap else "daily"
        period = budget.period or current
        old = snap.lifetime_spend_cap if period == "lifetime" else snap.daily_spend_cap
        fields["lifetime_spend_cap" if period == "lifetime" else "daily_spend_cap"] = micro
        if period != current and (snap.daily_spend_cap or snap.lifetime_spend_cap):
            fields["daily_spend_cap" if period == "lifetime" else "lifetime_spend_cap"] = None
        if period == "lifetime" and current != "lifetime" and snap.end_time is None:
            raise InputError(f"budget.period: campaign {id} has no end date, and Pinterest needs one for a lifetime "
                             "budget; set it first with update_campaign (schedule.end), then change the budget")
        if budget.flexible is not None:
            if period != "daily":
                raise InputError("budget.flexible: only daily campaign budgets can be flexible")
            if budget.flexible:
                check_flexible(currency)
            if budget.flexible != bool(snap.is_flexible_daily_budgets):
                fields["is_flexible_daily_budgets"] = budget.flexible
    else:
        if snap.budget_type == "CBO_ADGROUP" or snap.budget_in_micro_currency is None:
            raise InputError(f"id: ad group {id} has no budget of its own; its campaign holds the budget "
                             "(campaign budget optimization): use level=campaign with the campaign id")
        if budget.flexible is not None:
            raise InputError("budget.flexible: only campaign daily budgets can be flexible")
        current = "lifetime" if snap.budget_type == "LIFETIME" else "daily"
        period = budget.period or current
        if period != current:
            raise InputError(f"budget.period: ad group {id} has a {current} budget; Pinterest does not let a "
                             "non-draft ad group change budget period")
        old = snap.budget_in_micro_currency
        fields["budget_in_micro_currency"] = micro
    if old == micro and len(fields) == 1:
        fields = {}
    writes = ([Write(key="set_budget", op="update", entity=level, items=[_item(level, account_id, id, **fields)],
                     describe=f"set the {period} budget to {format_amount(amount, currency)} {currency}")]
              if fields else [])
    old_words = f"{micro_to_str(old, currency)} {currency}" if old else "none"
    direction = "no change" if not fields else ("raise" if old is None or micro > old else "lower")
    summary = Summary(
        action=f"{direction.capitalize()} the {period} budget of {level.replace('_', ' ')} {id} "
               f"from {old_words} to {format_amount(amount, currency)} {currency}",
        will_exist=[f"{level.replace('_', ' ')} {id} ({snap.name or 'unnamed'}), status {snap.status}"],
        status_after=snap.status,
    )
    plan = Plan(tool="update_budget", ad_account_id=account_id, currency=currency, writes=writes,
                before=await with_context(rt, account_id, [snap]), summary=summary)
    return guard(rt).prepare(with_enabled_summary(plan))


ask_update_budget = make_ask(prepare_update_budget)


@tool_errors
async def update_budget(
    ctx: Context,
    level: Annotated[Literal["campaign", "ad_group"], Field(
        description="campaign (campaign budget optimization caps) or ad_group (ad groups that hold their own budget)")],
    id: Annotated[str, Field(pattern=ID_PATTERN, description="The campaign or ad group id")],
    budget: Annotated[BudgetChangeInput, Field(description='{"amount": "25.00", "period": "daily"|"lifetime"}')],
    prepared: Annotated[Prepared, Resolve(prepare_update_budget)],
    decision: Annotated[ElicitationResult[Confirm], Resolve(ask_update_budget)],
    ad_account_id: AccountArg = None,
) -> ActionResult:
    """Change the budget of one campaign or ad group, in the ad account's currency units.

    A lower budget runs at once. A higher one (or a switch to a flexible or different-period
    budget) can raise spend: checked against the operator's caps, it needs a person's yes (the
    client asks them, or you call confirm_action with the confirmation_id once they agree).
    Returns the old and new budget and the request's outcome.
    """
    return await carry_out(ctx, prepared, decision)


def register(server: MCPServer) -> None:
    server.add_tool(update_status, annotations=ToolAnnotations(
        title="Pause, archive or activate", read_only_hint=False, destructive_hint=True, idempotent_hint=True,
        open_world_hint=True))
    server.add_tool(update_budget, annotations=ToolAnnotations(
        title="Change a budget", read_only_hint=False, destructive_hint=True, idempotent_hint=True,
        open_world_hint=True))

