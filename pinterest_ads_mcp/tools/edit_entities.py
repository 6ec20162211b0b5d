"""update_ad_group and update_campaign: change live campaigns and ad groups without losing anything.

Every change is a PATCH carrying only the fields that change; targeting is merged into the ad
group's current ``targeting_spec`` (Pinterest replaces the spec as a whole, so the request carries
all of it). Whether a change can raise spend (a higher bid, a wider audience on a delivering ad
group, a later end) is decided by ``guards.spend`` from the exact requests and the before-snapshots
recorded in the plan; narrowing, lowering and renaming run at once.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, ElicitationResult, MCPServer, Resolve
from mcp_types import ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..guards.confirm import Confirm
from ..guards.enabled import snapshot_of, with_enabled_summary
from ..guards.plan import Plan, Snapshot, Summary, Write
from ..guards.service import ActionResult, Prepared
from ..pinterest.client import WRITE_BATCH, chunks
from ..pinterest.money import from_micro, micro_to_str, minor_units, parse_amount, to_micro
from .entities import AccountArg
from .planning.forecast import with_forecast
from .planning.schedule import ScheduleChange, schedule_fields, when
from .planning.snapshots import require_editable
from .planning.targeting_merge import TargetingChanges, merge_spec, resolve_changes, spec_changes
from .support.common import ID_PATTERN, InputError, resolve_account_id, tool_errors
from .support.runtime import runtime
from .support.writes import carry_out, guard, make_ask, with_context

MAX_AD_GROUPS = 50
# Objective / billable event pairs that need a bid of their own (the spec's bid_in_micro_currency rule).
_BID_REQUIRED = {("AWARENESS", "IMPRESSION"), ("CONSIDERATION", "CLICKTHROUGH"), ("CATALOG_SALES", "CLICKTHROUGH")}
IdArg = Annotated[str, Field(pattern=ID_PATTERN)]


# Exactly one of: a new amount, a change in percent, or automatic bidding.
class BidChange(BaseModel):

    model_config = ConfigDict(extra="forbid")

    amount: str | float | None = Field(default=None, description="New max bid in currency units")
    change_pct: float | None = Field(default=None, ge=-90, le=500)
    strategy: Literal["automatic"] | None = None

    @model_validator(mode="after")
    def _one(self) -> BidChange:
        given = [n for n in ("amount", "change_pct", "strategy") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of amount, change_pct or strategy")
        return self


def _bid_fields(bid: BidChange, group: Any, objective: str | None, currency: str) -> dict[str, Any]:
    old = group.bid_in_micro_currency
    if bid.strategy == "automatic":
        if (objective, group.billable_event) in _BID_REQUIRED:
            raise InputError(f"bid.strategy: ad group {group.id} ({objective}, billed on {group.billable_event}) "
                             "needs a bid of its own; Pinterest has no automatic bidding there")
        if group.bid_strategy_type == "AUTOMATIC_BID" and old is None:
            return {}
        return {"bid_strategy_type": "AUTOMATIC_BID", "bid_in_micro_currency": None}
    if bid.change_pct is not None:
        if old is None:
            raise InputError(f"bid.change_pct: ad group {group.id} bids automatically (no bid to change); "
                             'give bid.amount instead')
        places = minor_units(currency)
        amount = ((from_micro(old) or Decimal(0)) * (1 + Decimal(str(bid.change_pct)) / 100)).quantize(
            Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if amount <= 0:
            raise InputError(f"bid.change_pct: the bid of ad group {group.id} would fall to zero")
    else:
        amount = parse_amount(bid.amount, field="bid.amount", currency=currency)
    micro = to_micro(amount)
    fields: dict[str, Any] = {}
    if micro != old:
        fields["bid_in_micro_currency"] = micro
    if group.bid_strategy_type in (None, "AUTOMATIC_BID"):
        fields["bid_strategy_type"] = "MAX_BID"
    return fields


def _money_words(micro: int | None, currency: str) -> str:
    return f"{micro_to_str(micro, currency)} {currency}" if micro is not None else "automatic"


def _field_changes(group: Any, item: dict[str, Any], currency: str, names: dict[str, str]) -> list[str]:
    """Each changed field of one ad group as 'field before -> after'."""
    lines: list[str] = []
    if "name" in item:
        lines.append(f"name {group.name!r} -> {item['name']!r}")
    if "bid_in_micro_currency" in item:
        lines.append(f"bid {_money_words(group.bid_in_micro_currency, currency)} -> "
                     f"{_money_words(item['bid_in_micro_currency'], currency)}")
    if "bid_strategy_type" in item:
        lines.append(f"bid strategy {group.bid_strategy_type} -> {item['bid_strategy_type']}")
    if "targeting_spec" in item:
        lines += spec_changes(group.targeting_spec, item["targeting_spec"], names)
    if "auto_targeting_enabled" in item:
        lines.append(f"auto-targeting {group.auto_targeting_enabled} -> {item['auto_targeting_enabled']}")
    if "placement_group" in item:
        lines.append(f"placement {group.placement_group} -> {item['placement_group']}")
    for key, label in (("start_time", "start"), ("end_time", "end")):
        if key in item:
            lines.append(f"{label} {when(getattr(group, key))} -> {when(item[key])}")
    if "lifetime_frequency_cap" in item:
        old = getattr(group, "lifetime_frequency_cap", None)
        lines.append(f"frequency cap {old if old not in (None, -1) else 'none'} -> {item['lifetime_frequency_cap']}")
    return lines


# -- update_ad_group -----------------------------------------------------------------------------
@tool_errors
async def prepare_update_ad_group(ctx: Context, ad_account_id: str | None, ad_group_ids: list[str],
                                  name: str | None = None, targeting_changes: TargetingChanges | None = None,
                                  bid: BidChange | None = None, schedule: ScheduleChange | None = None,
                                  frequency_cap: int | None = None) -> Prepared:
    """Resolver: read the ad groups and their campaigns, merge the changes, plan one PATCH per 30."""
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    currency = (await rt.account(account_id)).currency
    ids = list(dict.fromkeys(ad_group_ids))
    if not 1 <= len(ids) <= MAX_AD_GROUPS:
        raise InputError(f"ad_group_ids: give 1 to {MAX_AD_GROUPS} ad group ids")
    if name is not None and not name.strip():
        raise InputError("name: must not be empty")
    if name is not None and len(ids) > 1:
        raise InputError("name: rename one ad group at a time (ad_group_ids has several)")
    if all(v is None for v in (name, targeting_changes, bid, schedule, frequency_cap)):
        raise InputError("nothing to change: give name, targeting_changes, bid, schedule or frequency_cap")
    resolved = await resolve_changes(rt, targeting_changes) if targeting_changes is not None else None
    groups = await require_editable(rt, account_id, "ad_group", ids, "ad_group_ids")
    campaign_ids = list(dict.fromkeys(str(g.campaign_id) for g in groups.values()))
    campaigns = await require_editable(rt, account_id, "campaign", campaign_ids, "ad_group_ids (their campaign)")

    items: list[dict[str, Any]] = []
    lines: list[str] = []
    notes: list[str] = []
    for group_id in ids:
        group = groups[group_id]
        campaign = campaigns[str(group.campaign_id)]
        item: dict[str, Any] = {}
        if name is not None and name.strip() != group.name:
            item["name"] = name.strip()
        if resolved is not None and targeting_changes is not None:
            spec, merge_notes = merge_spec(group.targeting_spec, resolved, where="targeting_changes", group=group_id)
            notes += merge_notes
            if spec != (group.targeting_spec or {}):
                item["targeting_spec"] = spec
            if targeting_changes.auto_targeting is not None and \
                    targeting_changes.auto_targeting != group.auto_targeting_enabled:
                item["auto_targeting_enabled"] = targeting_changes.auto_targeting
            if targeting_changes.placement is not None and targeting_changes.placement != group.placement_group:
                item["placement_group"] = targeting_changes.placement
        if bid is not None:
            item.update(_bid_fields(bid, group, campaign.objective_type, currency))
        item.update(schedule_fields(schedule, start=group.start_time, end=group.end_time))
        end = item.get("end_time", group.end_time)
        if end is not None and campaign.end_time is not None and end > campaign.end_time:
            raise InputError(f"schedule.end: ad group {group_id} cannot end after its campaign "
                             f"({when(campaign.end_time)}); move the campaign's end first with update_campaign")
        if frequency_cap is not None:
            if group.billable_event != "IMPRESSION":
                raise InputError(f"frequency_cap: ad group {group_id} is billed on {group.billable_event}; "
                                 "Pinterest caps frequency only for impression-billed (CPM) ad groups")
            if end is None:
                raise InputError(f"frequency_cap: ad group {group_id} has no end date; Pinterest needs one "
                                 "with a frequency cap (give schedule.end)")
            if frequency_cap != getattr(group, "lifetime_frequency_cap", None):
                item["lifetime_frequency_cap"] = frequency_cap
        label = f"ad group {group_id} ({group.name or 'unnamed'}, {group.status})"
        if not item:
            lines.append(f"{label}: no change")
            continue
        lines.append(f"{label}: " + "; ".join(_field_changes(group, item, currency,
                                                             resolved.names if resolved else {})))
        items.append({"id": group_id, **item})
    if resolved is not None:
        notes += resolved.notes
    writes = [Write(key=f"update_ad_groups_{n}", op="update", entity="ad_group", items=part,
                    describe=f"change {len(part)} ad group(s)")
              for n, part in enumerate(chunks(items, WRITE_BATCH), 1)]
    changed = {i["id"] for i in items}
    before: list[Snapshot] = [snapshot_of("ad_group", groups[i]) for i in ids if i in changed]
    before += [snapshot_of("campaign", campaigns[c]) for c in campaign_ids
               if any(str(groups[i].campaign_id) == c for i in changed)]
    before = await with_context(rt, account_id, before) if before else []
    summary = Summary(
        action=f"Change {len(items)} of {len(ids)} ad group(s)" + ("" if items else ": nothing differs"),
        will_exist=lines, notes=notes)
    plan = Plan(tool="update_ad_group", ad_account_id=account_id, currency=currency, writes=writes, before=before,
                summary=summary)
    return guard(rt).prepare(await with_forecast(rt, with_enabled_summary(plan), groups))


ask_update_ad_group = make_ask(prepare_update_ad_group)


@tool_errors
async def update_ad_group(
    ctx: Context,
    ad_group_ids: Annotated[list[IdArg], Field(min_length=1, max_length=MAX_AD_GROUPS)],
    prepared: Annotated[Prepared, Resolve(prepare_update_ad_group)],
    decision: Annotated[ElicitationResult[Confirm], Resolve(ask_update_ad_group)],
    ad_account_id: AccountArg = None,
    name: Annotated[str | None, Field(max_length=255, description="New name (one ad group only)")] = None,
    targeting_changes: Annotated[TargetingChanges | None, Field(
        description='Merged, never replaced, e.g. {"add": {"locations": ["CA"]}, "remove": {"interests": ["DIY"]}}')] = None,
    bid: Annotated[BidChange | None, Field(description='e.g. {"change_pct": 10}')] = None,
    schedule: ScheduleChange | None = None,
    frequency_cap: Annotated[int | None, Field(ge=1, le=1000, description="Impressions per person per 30 days")] = None,
) -> ActionResult:
    """Edit 1 to 50 ad groups: targeting (add/remove per dimension; the rest stays as it is), bid,
    schedule, frequency cap, name; the summary shows each field before -> after. A higher bid, a
    wider audience while delivering or a later end needs a person's yes (confirm_action).
    """
    return await carry_out(ctx, prepared, decision)


# -- update_campaign -----------------------------------------------------------------------------
@tool_errors
async def prepare_update_campaign(ctx: Context, ad_account_id: str | None, campaign_id: str,
                                  name: str | None = None, schedule: ScheduleChange | None = None) -> Prepared:
    """Resolver: read the campaign (and its ad groups when the end moves), plan one PATCH."""
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    currency = (await rt.account(account_id)).currency
    if name is None and schedule is None:
        raise InputError("nothing to change: give name or schedule")
    if name is not None and not name.strip():
        raise InputError("name: must not be empty")
    campaign = (await require_editable(rt, account_id, "campaign", [campaign_id], "campaign_id"))[campaign_id]
    item: dict[str, Any] = {}
    if name is not None and name.strip() != campaign.name:
        item["name"] = name.strip()
    item.update(schedule_fields(schedule, start=campaign.start_time, end=campaign.end_time))
    if "end_time" in item:
        groups = await rt.client.list_ad_groups(account_id, campaign_ids=[campaign_id], statuses=["ACTIVE", "PAUSED"])
        late = [g.id for g in groups if g.end_time is not None and g.end_time > item["end_time"]]
        if late:
            raise InputError(f"schedule.end: ad group(s) {', '.join(late)} end later than that; move their end first "
                             "with update_ad_group")
    lines: list[str] = []
    if "name" in item:
        lines.append(f"name {campaign.name!r} -> {item['name']!r}")
    for key, label in (("start_time", "start"), ("end_time", "end")):
        if key in item:
            lines.append(f"{label} {when(getattr(campaign, key))} -> {when(item[key])}")
    writes = [Write(key="update_campaign", op="update", entity="campaign",
                    items=[{"id": campaign_id, "ad_account_id": account_id, **item}],
                    describe=f"change campaign {campaign_id}")] if item else []
    label = f"campaign {campaign_id} ({campaign.name or 'unnamed'}, {campaign.status})"
    summary = Summary(action=f"Change {label}" if item else f"No change to {label}: nothing differs",
                      will_exist=[f"{label}: " + "; ".join(lines)] if lines else [],
                      status_after=campaign.status)
    plan = Plan(tool="update_campaign", ad_account_id=account_id, currency=currency, writes=writes,
                before=await with_context(rt, account_id, [snapshot_of("campaign", campaign)]),
                summary=summary)
    return guard(rt).prepare(await with_forecast(rt, with_enabled_summary(plan)))


ask_update_campaign = make_ask(prepare_update_campaign)


@tool_errors
async def update_campaign(
    ctx: Context,
    campaign_id: IdArg,
    prepared: Annotated[Prepared, Resolve(prepare_update_campaign)],
    decision: Annotated[ElicitationResult[Confirm], Resolve(ask_update_campaign)],
    ad_account_id: AccountArg = None,
    name: Annotated[str | None, Field(max_length=255)] = None,
    schedule: ScheduleChange | None = None,
) -> ActionResult:
    """Rename a campaign or move its start or end. A later end (or earlier start) lets it spend
    longer: that needs a person's yes (confirm_action) within the caps; the rest runs at once.
    """
    return await carry_out(ctx, prepared, decision)


def register(server: MCPServer) -> None:
    server.add_tool(update_ad_group, annotations=ToolAnnotations(
        title="Edit ad groups", read_only_hint=False, destructive_hint=True, idempotent_hint=True,
        open_world_hint=True))
    server.add_tool(update_campaign, annotations=ToolAnnotations(
        title="Edit a campaign", read_only_hint=False, destructive_hint=True, idempotent_hint=True,
        open_world_hint=True))
