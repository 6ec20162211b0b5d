"""duplicate_campaign: copy a campaign with its ad groups, ads and keywords, changed where asked.

Everything is read in a few requests (the campaign, its ad groups, its ads, each ad group's
keywords) and created with the fewest writes: the campaign PAUSED, all ad groups in one request (30
per request), all ads in one (30 per request), one keyword request per ad group that has keywords,
and, only when activation was asked for (and so confirmed), one last update that turns the copy on.
Without activation every copy is PAUSED. Changes apply to the copy only: ``locations`` replace every
ad group's places, ``budget`` replaces the budget where the source holds it (the campaign with
campaign budget optimization, else each ad group), ``schedule`` replaces start/end, ``name``.
"""

from __future__ import annotations

import copy
from functools import partial
from typing import Annotated, Any

from mcp.server.mcpserver import Context, ElicitationResult, MCPServer, Resolve
from mcp_types import ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field

from ..guards.confirm import Confirm
from ..guards.enabled import with_enabled_summary
from ..guards.plan import Plan, Summary, Write, ref
from ..guards.service import ActionResult, Prepared
from ..pinterest.models import Ad, AdGroup, Keyword
from ..pinterest.money import format_amount, micro_to_str, parse_amount, to_micro
from ..pinterest.times import to_unix, utc_now
from .entities import AccountArg
from .planning.forecast import with_forecast
from .planning.launch import BudgetInput, Schedule, ScheduleInput, batched_creates
from .planning.snapshots import require_editable
from .planning.targeting_model import describe_spec, resolve_locations
from .support.common import ID_PATTERN, InputError, resolve_account_id, tool_errors
from .support.runtime import runtime
from .support.writes import carry_out, guard, make_ask

LIVE = ["ACTIVE", "PAUSED"]
_GROUP_FIELDS = ("billable_event", "bid_in_micro_currency", "bid_strategy_type", "budget_in_micro_currency",
                 "budget_type", "targeting_spec", "placement_group", "auto_targeting_enabled",
                 "optimization_goal_metadata", "pacing_delivery_type", "lifetime_frequency_cap", "start_time",
                 "end_time", "bid_multiplier", "tracking_urls")
_AD_FIELDS = ("pin_id", "creative_type", "destination_url", "is_removable", "tracking_urls",
              "carousel_destination_urls", "customizable_cta_type")
_CAMPAIGN_FIELDS = ("objective_type", "daily_spend_cap", "lifetime_spend_cap", "is_campaign_budget_optimization",
                    "is_flexible_daily_budgets", "start_time", "end_time", "tracking_urls")


# What differs in the copy; everything else is copied as it is.
class DuplicateChanges(BaseModel):

    model_config = ConfigDict(extra="forbid")

    locations: list[str] | None = Field(default=None, min_length=1, max_length=500,
                                        description="Replace every ad group's")
    budget: BudgetInput | None = None
    schedule: ScheduleInput | None = None
    name: str | None = Field(default=None, max_length=255)


def _copy(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    data = row.model_dump()
    out = {k: copy.deepcopy(data[k]) for k in fields if data.get(k) is not None}
    if out.get("lifetime_frequency_cap") == -1:
        del out["lifetime_frequency_cap"]
    return out


@tool_errors
async def prepare_duplicate_campaign(ctx: Context, ad_account_id: str | None, campaign_id: str,
                                     name: str | None = None, changes: DuplicateChanges | None = None,
                                     activate: bool = False) -> Prepared:
    """Resolver: read the campaign tree (3 requests + 1 per ad group for keywords), plan the copy."""
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    currency = (await rt.account(account_id)).currency
    changes = changes or DuplicateChanges()
    source = (await require_editable(rt, account_id, "campaign", [campaign_id], "campaign_id"))[campaign_id]
    groups: list[AdGroup] = await rt.client.list_ad_groups(account_id, campaign_ids=[campaign_id], statuses=LIVE)
    ads: list[Ad] = await rt.client.list_ads(account_id, campaign_ids=[campaign_id], statuses=LIVE)
    if not groups:
        raise InputError(f"campaign_id: campaign {campaign_id} has no live ad group to copy")
    keywords: list[list[Keyword]] = await rt.client.gather([
        partial(rt.client.list_keywords, account_id, ad_group_id=g.id) for g in groups])
    status = "ACTIVE" if activate else "PAUSED"
    new_name = (name or changes.name or f"{source.name or 'Campaign'} (copy)").strip()[:255]
    notes: list[str] = []
    now = to_unix(utc_now())

    campaign = {"ad_account_id": account_id, "name": new_name, "status": "PAUSED", **_copy(source, _CAMPAIGN_FIELDS)}
    cbo = bool(source.is_campaign_budget_optimization)
    schedule_fields: dict[str, Any] = {}
    if changes.schedule is not None:
        period = (changes.budget.period if changes.budget else
                  "lifetime" if source.lifetime_spend_cap or any(g.budget_type == "LIFETIME" for g in groups)
                  else "daily")
        schedule_fields = Schedule(changes.schedule, period).fields()
    for key in ("start_time", "end_time"):
        campaign.pop(key, None)
    campaign.update({k: v for k, v in schedule_fields.items()})
    if changes.schedule is None and source.end_time is not None and source.end_time > now:
        campaign["end_time"] = source.end_time
    if changes.schedule is None and source.start_time is not None and source.start_time > now:
        campaign["start_time"] = source.start_time
    budget_micro: int | None = None
    if changes.budget is not None:
        amount = parse_amount(changes.budget.amount, field="changes.budget.amount", currency=currency)
        budget_micro = to_micro(amount)
        notes.append(f"budget {format_amount(amount, currency)} {currency} {changes.budget.period}, held by the "
                     + ("campaign" if cbo else "each ad group"))
        if cbo:
            campaign.pop("daily_spend_cap", None)
            campaign.pop("lifetime_spend_cap", None)
            campaign["daily_spend_cap" if changes.budget.period == "daily" else "lifetime_spend_cap"] = budget_micro
    places: tuple[list[str], list[str]] | None = None
    if changes.locations:
        places = await resolve_locations(rt, [v.strip() for v in changes.locations], "changes", notes)

    group_items: list[dict[str, Any]] = []
    lines = [f"campaign {new_name!r} ({source.objective_type}), copy of {campaign_id}, "
             + ("activated last" if activate else "PAUSED")]
    for index, group in enumerate(groups):
        item: dict[str, Any] = {"campaign_id": ref("campaign"), "name": group.name or f"ad group {index + 1}",
                                "status": status, **_copy(group, _GROUP_FIELDS)}
        if item.get("budget_type") == "CBO_ADGROUP":
            item.pop("budget_in_micro_currency", None)
        for key in ("start_time", "end_time"):
            item.pop(key, None)
        if not cbo:
            item.update(schedule_fields)
            if changes.schedule is None:
                item.update({k: v for k in ("start_time", "end_time")
                             if (v := getattr(group, k)) is not None and v > now})
            if budget_micro is not None:
                item["budget_in_micro_currency"] = budget_micro
                item["budget_type"] = "DAILY" if changes.budget and changes.budget.period == "daily" else "LIFETIME"
        if places is not None:
            spec = dict(item.get("targeting_spec") or {})
            spec.pop("LOCATION", None)
            spec.pop("GEO", None)
            if places[0]:
                spec["LOCATION"] = places[0]
            if places[1]:
                spec["GEO"] = places[1]
            item["targeting_spec"] = spec
        if item.get("budget_type") == "LIFETIME" and "end_time" not in item and not campaign.get("end_time"):
            raise InputError(f"changes.schedule.end: ad group {group.id} has a lifetime budget and the source's end "
                             "has passed; give the copy an end date")
        group_items.append(item)
        budget_words = (f", {item['budget_type'].lower()} budget {micro_to_str(item['budget_in_micro_currency'], currency)}"
                        f" {currency}" if item.get("budget_in_micro_currency") else "")
        lines.append(f"ad group {item['name']!r}, {status}{budget_words}; "
                     f"{describe_spec(item.get('targeting_spec') or {})}")
    group_names = [f"ad_group:{i}" for i in range(len(groups))]
    position = {g.id: i for i, g in enumerate(groups)}
    ad_items: list[dict[str, Any]] = []
    for ad in ads:
        if ad.ad_group_id not in position:
            continue
        item = {"ad_group_id": ref(group_names[position[ad.ad_group_id]]), "status": status,
                "name": ad.name or f"ad {len(ad_items) + 1}", **_copy(ad, _AD_FIELDS)}
        ad_items.append(item)
        lines.append(f"ad {item['name']!r} (pin {item['pin_id']}, {item.get('creative_type')}), {status}")

    writes = [Write(key="create_campaign", op="create", entity="campaign", items=[campaign], names=["campaign"],
                    describe=f"create campaign {new_name!r} PAUSED")]
    writes += batched_creates("ad_group", group_items, group_names,
                              lambda count: f"create {count} ad group(s) {status}")
    writes += batched_creates("ad", ad_items, [f"ad:{i}" for i in range(len(ad_items))],
                              lambda count: f"create {count} ad(s) {status}")
    for index, found in enumerate(keywords):
        live = [k for k in found if not k.archived and k.value and k.match_type]
        if not live:
            continue
        writes.append(Write(
            key=f"create_keywords_{index + 1}", op="create", entity="keyword",
            items=[{"parent_id": ref(group_names[index]), "value": k.value, "match_type": k.match_type} for k in live],
            names=[f"keyword:{index}:{i}" for i in range(len(live))],
            describe=f"copy {len(live)} keyword(s) of ad group {groups[index].id}"))
        lines.append(f"{len(live)} keyword(s) on ad group {group_items[index]['name']!r}")
    if activate:
        writes.append(Write(key="activate_campaign", op="update", entity="campaign", activation=True,
                            items=[{"id": ref("campaign"), "ad_account_id": account_id, "status": "ACTIVE"}],
                            describe="activate the copy (last: nothing spends before this)"))
    if not activate:
        notes.append("everything is created PAUSED: nothing spends until activated (update_status)")
    summary = Summary(action=(f"Copy campaign {campaign_id} ({source.name or 'unnamed'}) as {new_name!r} with "
                              f"{len(group_items)} ad group(s), {len(ad_items)} ad(s)"
                              + (", then activate it" if activate else ", all PAUSED")),
                      will_exist=lines, status_after=status, notes=notes)
    plan = Plan(tool="duplicate_campaign", ad_account_id=account_id, currency=currency, writes=writes,
                summary=summary, atomic=True)
    return guard(rt).prepare(await with_forecast(rt, with_enabled_summary(plan)))


ask_duplicate_campaign = make_ask(prepare_duplicate_campaign)


@tool_errors
async def duplicate_campaign(
    ctx: Context,
    campaign_id: Annotated[str, Field(pattern=ID_PATTERN)],
    prepared: Annotated[Prepared, Resolve(prepare_duplicate_campaign)],
    decision: Annotated[ElicitationResult[Confirm], Resolve(ask_duplicate_campaign)],
    ad_account_id: AccountArg = None,
    name: Annotated[str | None, Field(max_length=255, description="Name of the copy; default '<name> (copy)'")] = None,
    changes: Annotated[DuplicateChanges | None, Field(description='e.g. {"locations": ["DE"]}')] = None,
    activate: Annotated[bool, Field(description="Turn the copy on (needs a person's yes)")] = False,
) -> ActionResult:
    """Copy a campaign with its ad groups, ads and keywords (e.g. for another country), changed as
    asked. PAUSED unless activate=true, which needs a person's yes (confirm_action).
    """
    return await carry_out(ctx, prepared, decision)


def register(server: MCPServer) -> None:
    server.add_tool(duplicate_campaign, annotations=ToolAnnotations(
        title="Duplicate a campaign", read_only_hint=False, destructive_hint=False, idempotent_hint=False,
        open_world_hint=True))
