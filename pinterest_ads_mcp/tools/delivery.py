"""check_delivery: is each delivering campaign spending its budget on schedule, and what is broken.

Read-only. For an ad account (or some of its campaigns) it reads, concurrently and in chunks of
250 ids: the ACTIVE campaigns, their ad groups and ads, daily spend since each campaign started
(at most the last 90 days), hourly impressions of yesterday and today, the bid floors of the ad
groups' bid settings (one request for all distinct settings) and, when a WEB_CONVERSION campaign
is among them, the account's conversion tags. About 7 requests for up to 250 campaigns.

Pace: a daily budget is compared with the average spend of the last 7 full days; a lifetime budget
with the share of the schedule that has passed, and projected to the end date at the last 3 full
days' rate. Each flag names the tool call that would address it (a write still needs confirmation).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from functools import partial
from typing import Annotated, Any, Literal, overload

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from ..pinterest.models import Ad, AdGroup, Campaign
from ..pinterest.money import format_amount, minor_units
from ..pinterest.times import api_date
from .entities import AccountArg
from .support.common import ID_PATTERN, InputError, Money, resolve_account_id, tool_errors
from .support.runtime import Runtime, runtime

LOOKBACK_DAYS = 89  # sync analytics reach 90 days back, today included
PACE_DAYS = 7
PROJECTION_DAYS = 3
UNDER_DELIVERY_PCT = 60.0
OVERSPEND_PCT = 105.0
STALL_HOURS = 12
HOUR_DAYS = 2  # hourly impressions are read for yesterday and today
TAG_SILENT_HOURS = 24
ENDED_LEFT_PCT = 5.0
RESTART_DAYS = 14
MAX_CAMPAIGNS = 1000
MICRO = Decimal(1_000_000)
DELIVERING = ("ACTIVE",)

Severity = Literal["critical", "warning", "info"]


class Fix(BaseModel):
    tool: str = Field(description="The tool to call")
    arguments: dict[str, Any] = Field(description="Arguments for it (writes still ask for confirmation)")
    note: str | None = None


class Flag(BaseModel):
    code: Literal[
        "under_delivery",
        "overspend_risk",
        "no_impressions",
        "ads_rejected",
        "ads_pending_review",
        "bid_below_floor",
        "conversion_tag_silent",
        "ended_with_budget_left",
    ]
    severity: Severity
    message: str
    fix: Fix | None = Field(default=None, description="The tool call that addresses it")


class CampaignHealth(BaseModel):
    id: str
    name: str | None
    objective: str | None
    status: str | None = Field(description="Pinterest's summary status (RUNNING, COMPLETED...)")
    daily_budget: Money | None = None
    lifetime_budget: Money | None = None
    start_date: str | None = None
    end_date: str | None = None
    period_start: str | None = Field(default=None, description="First day counted in spend_period")
    spend_period: Money = Field(description="Spend from period_start through today")
    spend_today: Money = Field(description="Spend today so far (UTC)")
    average_daily_spend: Money | None = Field(default=None, description=f"Over the last {PACE_DAYS} full days")
    pace_percent: float | None = Field(
        default=None, description="Spend against budget and schedule: 100 = on plan, below = under-delivering"
    )
    projected_spend: Money | None = Field(default=None, description="Projected total by the end date")
    hours_since_impression: int | None = Field(
        default=None, description="Hours since the last hour with impressions (null: none yesterday or today)"
    )
    flags: list[Flag] = Field(default_factory=list)


class DeliveryResult(BaseModel):
    environment: str
    ad_account_id: str
    currency: str
    checked_at: str
    campaigns: list[CampaignHealth] = Field(description="Delivering campaigns, flagged ones first")
    flagged: int
    healthy: int
    skipped: list[str] = Field(default_factory=list, description="Asked-for campaigns that are not delivering")
    notes: list[str] = Field(default_factory=list)


@dataclass
class Facts:
    """What the reads found for one account."""

    groups: dict[str, list[AdGroup]] = field(default_factory=dict)
    ads: dict[str, list[Ad]] = field(default_factory=dict)
    daily: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # campaign -> date -> spend micro
    last_hour: dict[str, datetime] = field(default_factory=dict)
    floors: dict[str, int] = field(default_factory=dict)  # ad group id -> floor micro
    tags: dict[str, dict[str, Any]] | None = None


def _countries(group: AdGroup) -> list[str]:
    spec = group.targeting_spec or {}
    return [str(c) for c in spec.get("LOCATION") or [] if isinstance(c, str) and len(c) == 2 and c.isalpha()]


def _floor_spec(group: AdGroup, currency: str, objective: str | None) -> dict[str, Any]:
    spec: dict[str, Any] = {"billable_event": group.billable_event, "currency": currency}
    if objective:
        spec["objective_type"] = objective
    countries = _countries(group)
    if countries:
        spec["countries"] = countries
    return spec


def _tag_of(group: AdGroup) -> str | None:
    meta = getattr(group, "optimization_goal_metadata", None) or {}
    tag = (meta.get("conversion_tag_v3_goal_metadata") or {}).get("conversion_tag_id")
    return str(tag) if tag else None


async def _read(rt: Runtime, account_id: str, campaigns: list[Campaign], currency: str, today: date) -> Facts:
    client = rt.client
    ids = [c.id for c in campaigns]
    facts = Facts()
    earliest = min((_day(c.start_time) or today for c in campaigns), default=today)
    start = max(earliest, today - timedelta(days=LOOKBACK_DAYS))
    columns = ["SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION"]

    async def groups() -> None:
        for g in await client.list_ad_groups(account_id, campaign_ids=ids, statuses=["ACTIVE", "PAUSED"]):
            facts.groups.setdefault(str(g.campaign_id), []).append(g)

    async def ads() -> None:
        for a in await client.list_ads(account_id, campaign_ids=ids, statuses=["ACTIVE", "PAUSED"]):
            facts.ads.setdefault(str(a.campaign_id), []).append(a)

    async def daily() -> None:
        rows = await client.analytics("campaign", account_id, start_date=api_date(start), end_date=api_date(today),
                                      columns=columns, granularity="DAY", ids=ids)
        for row in rows:
            spend = Decimal(str(row.get("SPEND_IN_MICRO_DOLLAR") or 0))
            facts.daily.setdefault(str(row.get("CAMPAIGN_ID")), {})[str(row.get("DATE"))[:10]] = spend

    async def hourly() -> None:
        rows = await client.analytics("campaign", account_id, start_date=api_date(today - timedelta(days=HOUR_DAYS - 1)),
                                      end_date=api_date(today), columns=columns, granularity="HOUR", ids=ids)
        for row in rows:
            if not row.get("PAID_IMPRESSION"):
                continue
            day = date.fromisoformat(str(row.get("DATE"))[:10])
            moment = datetime(day.year, day.month, day.day, int(row.get("HOUR") or 0), tzinfo=UTC)
            cid = str(row.get("CAMPAIGN_ID"))
            if cid not in facts.last_hour or moment > facts.last_hour[cid]:
                facts.last_hour[cid] = moment

    async def tags() -> None:
        if any(c.objective_type == "WEB_CONVERSION" for c in campaigns):
            facts.tags = {str(t.get("id")): t for t in await client.list_conversion_tags(account_id)}

    await client.gather([groups, ads, daily, hourly, tags])

    objective = {c.id: c.objective_type for c in campaigns}
    bidding = [g for gs in facts.groups.values() for g in gs if g.status == "ACTIVE" and g.bid_in_micro_currency]
    specs: dict[str, dict[str, Any]] = {}
    key_of: dict[str, str] = {}
    for g in bidding:
        spec = _floor_spec(g, currency, objective.get(str(g.campaign_id)))
        key = repr(sorted(spec.items()))
        specs.setdefault(key, spec)
        key_of[g.id] = key
    if specs:
        keys = list(specs)
        chunks = [keys[i : i + 50] for i in range(0, len(keys), 50)]
        answers = await client.gather([
            partial(client.bid_floors, account_id, [specs[k] for k in part]) for part in chunks
        ])
        floor_by_key = {k: v for part, got in zip(chunks, answers) for k, v in zip(part, got)}
        facts.floors = {gid: floor_by_key[k] for gid, k in key_of.items() if k in floor_by_key}
    return facts


def _day(unix: int | None) -> date | None:
    return None if not unix else datetime.fromtimestamp(unix, tz=UTC).date()


@overload
def _money(micro: Decimal | int, currency: str) -> Money: ...
@overload
def _money(micro: Decimal | int | None, currency: str) -> Money | None: ...
def _money(micro: Decimal | int | None, currency: str) -> Money | None:
    """Micro-units -> an amount rounded to the currency's minor unit."""
    if micro is None:
        return None
    step = Decimal(1).scaleb(-minor_units(currency))
    return Money.of((Decimal(micro) / MICRO).quantize(step, rounding=ROUND_HALF_EVEN), currency)


def _budget_target(campaign: Campaign, groups: Sequence[AdGroup]) -> dict[str, str]:
    """Where the budget lives: on the campaign (CBO or a campaign cap) or on its (first) ad group."""
    if campaign.is_campaign_budget_optimization or campaign.daily_spend_cap or campaign.lifetime_spend_cap or not groups:
        return {"level": "campaign", "id": campaign.id}
    return {"level": "ad_group", "id": groups[0].id}


def _fix(available: set[str], *options: tuple[str, dict[str, Any], str | None]) -> Fix | None:
    for tool, arguments, note in options:
        if tool in available:
            return Fix(tool=tool, arguments=arguments, note=note)
    return None


def assess(campaign: Campaign, facts: Facts, currency: str, now: datetime, account_id: str,
           available: set[str]) -> CampaignHealth:
    """Budget, spend, pace and flags of one delivering campaign."""
    today = now.date()
    cid = campaign.id
    groups = [g for g in facts.groups.get(cid, []) if g.status == "ACTIVE"]
    ads = facts.ads.get(cid, [])
    daily_budget: Decimal | None = None
    lifetime_budget: Decimal | None = None
    if campaign.is_campaign_budget_optimization or campaign.daily_spend_cap or campaign.lifetime_spend_cap:
        daily_budget = Decimal(campaign.daily_spend_cap) if campaign.daily_spend_cap else None
        lifetime_budget = Decimal(campaign.lifetime_spend_cap) if campaign.lifetime_spend_cap else None
    if daily_budget is None and lifetime_budget is None:
        daily = [g.budget_in_micro_currency or 0 for g in groups if g.budget_type == "DAILY"]
        lifetime = [g.budget_in_micro_currency or 0 for g in groups if g.budget_type == "LIFETIME"]
        daily_budget = Decimal(sum(daily)) if daily else None
        lifetime_budget = Decimal(sum(lifetime)) if lifetime else None
    start = _day(campaign.start_time)
    end_unix = campaign.end_time or max((g.end_time or 0 for g in groups), default=0) or None
    end = _day(end_unix)
    spend_by_day = facts.daily.get(cid, {})
    period_start = max(start or today, today - timedelta(days=LOOKBACK_DAYS))
    spent = sum(spend_by_day.values(), Decimal(0))
    spend_today = spend_by_day.get(today.isoformat(), Decimal(0))
    full_days = [today - timedelta(days=i) for i in range(1, PACE_DAYS + 1) if not start or today - timedelta(days=i) >= start]
    average = sum((spend_by_day.get(d.isoformat(), Decimal(0)) for d in full_days), Decimal(0)) / len(full_days) \
        if full_days else None
    recent_days = full_days[:PROJECTION_DAYS]
    recent = sum((spend_by_day.get(d.isoformat(), Decimal(0)) for d in recent_days), Decimal(0)) / len(recent_days) \
        if recent_days else None
    ended = end_unix is not None and end_unix <= now.timestamp()
    last = facts.last_hour.get(cid)
    hours_since = int((now - last).total_seconds() // 3600) if last else None
    started_hours = (now - datetime.combine(start, datetime.min.time(), UTC)).total_seconds() / 3600 if start else 1e9

    pace: float | None = None
    projected: Decimal | None = None
    if lifetime_budget and start and end and end > start:
        total_days = (end - start).days
        elapsed = min(total_days, max(0, (today - start).days))
        expected = lifetime_budget * Decimal(elapsed) / Decimal(total_days) if elapsed else None
        pace = float(round(spent * 100 / expected, 1)) if expected else None
        remaining = max(0, (end - today).days)
        projected = spent + (recent or Decimal(0)) * remaining
    elif daily_budget and average is not None:
        pace = float(round(average * 100 / daily_budget, 1)) if daily_budget else None
        if end and not ended:
            projected = spent + (recent or Decimal(0)) * max(0, (end - today).days)

    flags: list[Flag] = []
    base = {"ad_account_id": account_id}
    stalled = (not ended and started_hours >= STALL_HOURS
               and (hours_since is None or hours_since >= STALL_HOURS))
    if stalled:
        paused_ads = [a.id for a in ads if a.status == "PAUSED"]
        live_ads = [a for a in ads if a.status == "ACTIVE" and a.review_status not in ("REJECTED", "PENDING")]
        paused_groups = [g.id for g in facts.groups.get(cid, []) if g.status == "PAUSED"]
        window_h = int((now - datetime.combine(today - timedelta(days=HOUR_DAYS - 1), datetime.min.time(), UTC))
                       .total_seconds() // 3600)
        hours = f"{hours_since} hours" if hours_since is not None else f"at least {window_h} hours"
        why = ("no active ad group" if not groups else
               "every ad is paused or not approved" if not live_ads else "nothing won an auction")
        flags.append(Flag(
            code="no_impressions", severity="critical",
            message=f"No impressions for {hours} while the campaign is ACTIVE ({why})",
            fix=_fix(available,
                     *([("update_status", {**base, "level": "ad", "ids": paused_ads[:50], "status": "ACTIVE"},
                         "re-activate the paused ads")] if paused_ads and not live_ads else []),
                     *([("update_status", {**base, "level": "ad_group", "ids": paused_groups[:50],
                                           "status": "ACTIVE"}, "re-activate the paused ad groups")]
                       if paused_groups and not groups else []),
                     ("list_ads", {**base, "campaign_ids": [cid]}, "see which ads can deliver")),
        ))
    rejected = [a for a in ads if a.review_status == "REJECTED" and a.status != "ARCHIVED"]
    if rejected:
        reasons = sorted({r for a in rejected for r in (getattr(a, "rejected_reasons", None) or [])})
        flags.append(Flag(
            code="ads_rejected", severity="warning",
            message=f"{len(rejected)} ad(s) rejected in review: {', '.join(a.id for a in rejected[:10])}"
                    + (f" (reasons: {', '.join(reasons)})" if reasons else ""),
            fix=_fix(available,
                     ("add_ads", {**base, "ad_group_id": str(rejected[0].ad_group_id)},
                      "add a compliant creative to replace the rejected one"),
                     ("list_ads", {**base, "campaign_ids": [cid]}, "review the rejected ads")),
        ))
    pending = [a for a in ads if a.review_status == "PENDING" and a.status == "ACTIVE"]
    if pending:
        flags.append(Flag(
            code="ads_pending_review", severity="info",
            message=f"{len(pending)} ad(s) still in review and not delivering: {', '.join(a.id for a in pending[:10])}",
            fix=_fix(available, ("list_ads", {**base, "campaign_ids": [cid]}, "check again later")),
        ))
    for g in groups:
        floor = facts.floors.get(g.id)
        if floor is not None and g.bid_in_micro_currency is not None and g.bid_in_micro_currency < floor:
            amount = format_amount(Decimal(floor) / MICRO, currency)
            flags.append(Flag(
                code="bid_below_floor", severity="critical",
                message=f"Ad group {g.id} ({g.name}) bids {format_amount(Decimal(g.bid_in_micro_currency) / MICRO, currency)}"
                        f" {currency}, under Pinterest's floor of {amount} {currency}: it wins almost no auctions",
                fix=_fix(available,
                         ("update_ad_group", {**base, "ad_group_ids": [g.id], "bid": {"amount": amount}},
                          f"raise the bid to at least {amount} {currency}"),
                         ("list_ad_groups", {**base, "campaign_ids": [cid]}, "raise the bid in Ads Manager")),
            ))
    if campaign.objective_type == "WEB_CONVERSION" and facts.tags is not None:
        for tag_id in sorted({t for g in groups if (t := _tag_of(g))}):
            tag = facts.tags.get(tag_id)
            fired = tag.get("last_fired_time_ms") if tag else None
            silent_h = None if fired is None else int((now.timestamp() - float(fired) / 1000) // 3600)
            if tag is None or silent_h is None or silent_h >= TAG_SILENT_HOURS:
                when = ("is not in this ad account" if tag is None else "has never fired" if silent_h is None
                        else f"last fired {silent_h} hours ago")
                flags.append(Flag(
                    code="conversion_tag_silent", severity="critical",
                    message=f"Conversion tag {tag_id} {when}: conversions are not being measured, so the "
                            "campaign optimises blind",
                    fix=_fix(available,
                             ("update_status", {**base, "level": "campaign", "ids": [cid], "status": "PAUSED"},
                              "pause until the Pinterest tag fires again on the website")),
                ))
    if ended and lifetime_budget:
        left = lifetime_budget - spent
        if left * 100 > lifetime_budget * Decimal(ENDED_LEFT_PCT):
            flags.append(Flag(
                code="ended_with_budget_left", severity="warning",
                message=f"Ended on {end} with {_money(left, currency).amount} {currency} of its "
                        f"{_money(lifetime_budget, currency).amount} {currency} lifetime budget unspent",
                fix=_fix(available,
                         ("update_campaign", {**base, "campaign_id": cid,
                                              "schedule": {"end": (today + timedelta(days=RESTART_DAYS)).isoformat()}},
                          f"a new end date {RESTART_DAYS} days from today; pick the one the person wants"),
                         ("duplicate_campaign", {**base, "campaign_id": cid}, "run it again with a new schedule"),
                         ("update_status", {**base, "level": "campaign", "ids": [cid], "status": "PAUSED"},
                          "the schedule cannot be changed on this server: pause it, or extend it in Ads Manager")),
            ))
    if not ended and not stalled and pace is not None:
        if pace < UNDER_DELIVERY_PCT and started_hours >= 48:
            group_ids = [g.id for g in groups][:50]
            flags.append(Flag(
                code="under_delivery", severity="warning",
                message=f"Spending {pace:g}% of what its budget and schedule allow",
                fix=_fix(available,
                         ("update_ad_group", {**base, "ad_group_ids": group_ids},
                          "widen the targeting (targeting_changes) or raise the bid"),
                         ("audience_sizing", base,
                          "size the ad groups' targeting (it may be too narrow); then widen it or raise the bid")),
            ))
        if lifetime_budget and projected is not None and projected * 100 > lifetime_budget * Decimal(OVERSPEND_PCT):
            rate = recent or Decimal(0)
            runway = int((lifetime_budget - spent) / rate) if rate > 0 and lifetime_budget > spent else 0
            runout = today + timedelta(days=runway)
            flags.append(Flag(
                code="overspend_risk", severity="warning",
                message=f"At {_money(rate, currency).amount} {currency}/day the lifetime budget runs out around "
                        f"{runout}, {(end - runout).days if end else 0} days before the end date {end}",
                fix=_fix(available,
                         ("update_budget", {**base, **_budget_target(campaign, groups),
                                            "budget": {"amount": _money(projected, currency).amount,
                                                       "period": "lifetime"}},
                          "raise the lifetime budget to cover the schedule, or end the campaign earlier")),
            ))
        elif daily_budget and spend_today * 100 > daily_budget * Decimal(OVERSPEND_PCT):
            # Hour-of-day patterns make early projections noisy: flag only spend already past the budget.
            flags.append(Flag(
                code="overspend_risk", severity="warning",
                message=f"Spent {_money(spend_today, currency).amount} {currency} today, more than its "
                        f"{_money(daily_budget, currency).amount} {currency} daily budget",
                fix=_fix(available, ("update_budget", {**base, **_budget_target(campaign, groups),
                                                       "budget": {"amount": _money(daily_budget, currency).amount,
                                                                  "period": "daily"}}, "lower the daily budget")),
            ))
    return CampaignHealth(
        id=cid,
        name=campaign.name,
        objective=campaign.objective_type,
        status=campaign.summary_status or campaign.status,
        daily_budget=_money(daily_budget, currency),
        lifetime_budget=_money(lifetime_budget, currency),
        start_date=start.isoformat() if start else None,
        end_date=end.isoformat() if end else None,
        period_start=period_start.isoformat(),
        spend_period=_money(spent, currency),
        spend_today=_money(spend_today, currency),
        average_daily_spend=_money(average, currency),
        pace_percent=pace,
        projected_spend=_money(projected, currency),
        hours_since_impression=hours_since,
        flags=flags,
    )


@tool_errors
async def check_delivery(
    ctx: Context,
    ad_account_id: AccountArg = None,
    campaign_ids: Annotated[
        list[Annotated[str, Field(pattern=ID_PATTERN)]] | None,
        Field(max_length=MAX_CAMPAIGNS, description="Campaigns to check; default every ACTIVE campaign"),
    ] = None,
) -> DeliveryResult:
    """Pacing and health of delivering (ACTIVE) campaigns: budget, spend in the period and today, pace
    against budget and schedule, projected spend at the end date, and flags a person acts on:
    under_delivery, overspend_risk, no_impressions (12+ hours), ads_rejected / ads_pending_review,
    bid_below_floor, conversion_tag_silent (WEB_CONVERSION, 24+ hours), ended_with_budget_left.
    Each flag carries `fix`: the tool call that addresses it (writes still need confirmation).

    Use it for "is anything wrong with my campaigns", "will it spend its budget". Read-only; about
    7 requests for up to 250 campaigns (more pages beyond). Money in the account currency.
    """
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    account = await rt.account(account_id)
    currency = account.currency
    wanted = list(dict.fromkeys(campaign_ids)) if campaign_ids else None
    found = await rt.client.list_campaigns(
        account_id, campaign_ids=wanted, statuses=["ACTIVE", "PAUSED", "ARCHIVED"] if wanted else ["ACTIVE"]
    )
    skipped: list[str] = []
    if wanted:
        by_id = {c.id: c for c in found}
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise InputError(f"campaign_ids: not in ad account {account_id}: {', '.join(missing[:10])}")
        skipped = [f"{c.id} ({c.name}): {c.status}, not delivering" for c in found if c.status not in DELIVERING]
    campaigns = [c for c in found if c.status in DELIVERING]
    now = datetime.fromtimestamp(time.time(), tz=UTC)
    notes: list[str] = []
    results: list[CampaignHealth] = []
    if campaigns:
        facts = await _read(rt, account_id, campaigns, currency, now.date())
        available = {t.name for t in await ctx.mcp_server.list_tools()}
        results = [assess(c, facts, currency, now, account_id, available) for c in campaigns]
    else:
        notes.append("no delivering (ACTIVE) campaigns to check")
    results.sort(key=lambda h: (-len(h.flags), h.name or "", h.id))
    if any(h.start_date and h.period_start and h.start_date < h.period_start for h in results):
        notes.append(f"spend_period covers at most the last {LOOKBACK_DAYS + 1} days (period_start)")
    flagged = sum(1 for h in results if h.flags)
    return DeliveryResult(
        environment=rt.environment,
        ad_account_id=account_id,
        currency=currency,
        checked_at=now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        campaigns=results,
        flagged=flagged,
        healthy=len(results) - flagged,
        skipped=skipped,
        notes=notes,
    )


def register(server: MCPServer) -> None:
    server.add_tool(
        check_delivery,
        annotations=ToolAnnotations(title="Check delivery", read_only_hint=True, open_world_hint=True),
    )
