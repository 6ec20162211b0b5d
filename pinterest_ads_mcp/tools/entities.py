"""list_campaigns, list_ad_groups, list_ads: compact views of the ads hierarchy."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from ..pinterest.models import Ad, AdGroup, Campaign
from ..pinterest.times import from_unix
from .support.common import (
    ID_PATTERN,
    READ_LIMIT_DEFAULT,
    READ_LIMIT_MAX,
    InputError,
    Money,
    resolve_account_id,
    tool_errors,
)
from .support.labels_lookup import campaign_ids_with_label
from .support.progress import reporter
from .support.runtime import runtime

Status = Literal["ACTIVE", "PAUSED", "ARCHIVED", "DRAFT"]

AccountArg = Annotated[str | None, Field(
    pattern=r"^\s*[0-9]{1,18}\s*$",
    # No description: it is optional (not required), and the name says what it is; the words would be
    # repeated in every tool of every tools/list answer.
)]
StatusesArg = Annotated[list[Status] | None, Field(
    description="Default ACTIVE and PAUSED")]
LimitArg = Annotated[int, Field(ge=1, le=READ_LIMIT_MAX, description="Rows to return at most")]
IdList = Annotated[list[Annotated[str, Field(pattern=ID_PATTERN)]] | None, Field(max_length=5000)]

CBO_OBJECTIVES = {"AWARENESS", "CONSIDERATION", "WEB_CONVERSION", "CATALOG_SALES"}


class Budget(BaseModel):
    amount: str = Field(description="Currency units")
    currency: str
    period: Literal["daily", "lifetime"]
    level: Literal["campaign", "ad_group"] = Field(description="Where Pinterest holds this budget")


class CampaignSummary(BaseModel):
    id: str
    name: str | None
    status: str | None
    summary_status: str | None = Field(default=None,
                                       description="RUNNING, PAUSED, NOT_STARTED, COMPLETED, ...")
    objective: str | None
    budget: Budget | None = Field(default=None, description="Campaign-level budget (CBO campaigns)")
    budget_optimization: bool = Field(description="True when the budget is set on the campaign (CBO)")
    start: str | None = None
    end: str | None = None
    created: str | None = None


class AdGroupSummary(BaseModel):
    id: str
    campaign_id: str | None
    name: str | None
    status: str | None
    summary_status: str | None = None
    budget: Budget | None = Field(default=None,
                                  description="Ad-group budget; None when the campaign holds it (CBO)")
    bid: Money | None = None
    bid_strategy: str | None = None
    billable_event: str | None = None
    start: str | None = None
    end: str | None = None
    targeting: dict[str, Any] | None = Field(default=None, description="Pinterest targeting_spec as stored")
    placement: str | None = None
    auto_targeting: bool | None = None


class AdSummary(BaseModel):
    id: str
    campaign_id: str | None
    ad_group_id: str | None
    pin_id: str | None
    name: str | None
    status: str | None
    summary_status: str | None = None
    review_status: str | None = None
    creative_type: str | None = None
    destination_url: str | None = None


class _ListResult(BaseModel):
    environment: str
    ad_account_id: str
    currency: str
    count: int
    truncated: bool = Field(description="True when more rows exist than the limit allowed")


class CampaignsResult(_ListResult):
    campaigns: list[CampaignSummary]


class AdGroupsResult(_ListResult):
    ad_groups: list[AdGroupSummary]


class AdsResult(_ListResult):
    ads: list[AdSummary]


def campaign_summary(c: Campaign, currency: str) -> CampaignSummary:
    budget = None
    if c.daily_spend_cap:
        budget = Budget(amount=Money.from_micro(c.daily_spend_cap, currency).amount, currency=currency,
                        period="daily", level="campaign")
    elif c.lifetime_spend_cap:
        budget = Budget(amount=Money.from_micro(c.lifetime_spend_cap, currency).amount, currency=currency,
                        period="lifetime", level="campaign")
    return CampaignSummary(
        id=c.id, name=c.name, status=c.status, summary_status=c.summary_status, objective=c.objective_type,
        budget=budget, budget_optimization=bool(c.is_campaign_budget_optimization),
        start=from_unix(c.start_time), end=from_unix(c.end_time), created=from_unix(c.created_time),
    )


def ad_group_summary(g: AdGroup, currency: str) -> AdGroupSummary:
    budget = None
    if g.budget_in_micro_currency and g.budget_type in (None, "DAILY", "LIFETIME"):
        budget = Budget(amount=Money.from_micro(g.budget_in_micro_currency, currency).amount, currency=currency,
                        period="lifetime" if g.budget_type == "LIFETIME" else "daily", level="ad_group")
    return AdGroupSummary(
        id=g.id, campaign_id=g.campaign_id, name=g.name, status=g.status, summary_status=g.summary_status,
        budget=budget, bid=Money.from_micro(g.bid_in_micro_currency, currency), bid_strategy=g.bid_strategy_type,
        billable_event=g.billable_event, start=from_unix(g.start_time), end=from_unix(g.end_time),
        targeting=g.targeting_spec or None, placement=g.placement_group, auto_targeting=g.auto_targeting_enabled,
    )


def ad_summary(a: Ad) -> AdSummary:
    return AdSummary(
        id=a.id, campaign_id=a.campaign_id, ad_group_id=a.ad_group_id, pin_id=a.pin_id, name=a.name,
        status=a.status, summary_status=a.summary_status, review_status=a.review_status,
        creative_type=a.creative_type, destination_url=a.destination_url,
    )


@tool_errors
async def list_campaigns(
    ctx: Context,
    ad_account_id: AccountArg = None,
    statuses: StatusesArg = None,
    campaign_ids: Annotated[IdList, Field(description="Only these campaigns")] = None,
    label: Annotated[str | None, Field(max_length=100, description="Only campaigns carrying this label (exact value, case-insensitive)")] = None,
    limit: LimitArg = READ_LIMIT_DEFAULT,
) -> CampaignsResult:
    """List campaigns in an ad account: id, name, status, objective, campaign budget and schedule.

    Use it to find campaign ids before analytics, status or budget changes. Read-only; one request
    per 250 rows (plus one labels lookup when `label` is given). Money is in account currency units.
    """
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    account = await rt.account(account_id)
    ids = list(campaign_ids or [])
    if label is not None:
        labelled, exists = await campaign_ids_with_label(rt.client, account_id, label)
        if not exists:
            raise InputError(f"label: no active label named {label!r} in ad account {account_id} (see list_labels)")
        ids = [i for i in ids if i in labelled] if ids else labelled
        if not ids:
            return CampaignsResult(environment=rt.environment, ad_account_id=account_id, currency=account.currency,
                                   count=0, truncated=False, campaigns=[])
    report = reporter(ctx, "campaigns", total=limit)
    rows = await rt.client.list_campaigns(account_id, campaign_ids=ids or None, statuses=statuses, limit=limit + 1,
                                          progress=report)
    await report.finish()
    return CampaignsResult(
        environment=rt.environment, ad_account_id=account_id, currency=account.currency,
        count=min(len(rows), limit), truncated=len(rows) > limit,
        campaigns=[campaign_summary(c, account.currency) for c in rows[:limit]],
    )


@tool_errors
async def list_ad_groups(
    ctx: Context,
    ad_account_id: AccountArg = None,
    campaign_ids: Annotated[IdList, Field(description="Only ad groups of these campaigns")] = None,
    statuses: StatusesArg = None,
    limit: LimitArg = READ_LIMIT_DEFAULT,
) -> AdGroupsResult:
    """List ad groups (budget, bid, schedule, targeting), optionally only those of some campaigns.

    Use it to inspect targeting or find ad group ids for status and budget changes. Read-only;
    one request per 250 rows. Money is in account currency units.
    """
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    account = await rt.account(account_id)
    report = reporter(ctx, "ad groups", total=limit)
    rows = await rt.client.list_ad_groups(account_id, campaign_ids=campaign_ids or None, statuses=statuses,
                                          limit=limit + 1, progress=report)
    await report.finish()
    return AdGroupsResult(
        environment=rt.environment, ad_account_id=account_id, currency=account.currency,
        count=min(len(rows), limit), truncated=len(rows) > limit,
        ad_groups=[ad_group_summary(g, account.currency) for g in rows[:limit]],
    )


@tool_errors
async def list_ads(
    ctx: Context,
    ad_account_id: AccountArg = None,
    campaign_ids: Annotated[IdList, Field(description="Only ads in these campaigns")] = None,
    ad_group_ids: Annotated[IdList, Field(description="Only ads in these ad groups")] = None,
    statuses: StatusesArg = None,
    limit: LimitArg = READ_LIMIT_DEFAULT,
) -> AdsResult:
    """List ads (the promoted pins): pin id, creative type, review status, destination URL.

    Filter by campaign_ids or ad_group_ids (one of them, not both). Read-only; one request per 250 rows.
    """
    if campaign_ids and ad_group_ids:
        raise InputError("campaign_ids, ad_group_ids: give one of them, not both")
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    account = await rt.account(account_id)
    report = reporter(ctx, "ads", total=limit)
    rows = await rt.client.list_ads(account_id, campaign_ids=campaign_ids or None, ad_group_ids=ad_group_ids or None,
                                    statuses=statuses, limit=limit + 1, progress=report)
    await report.finish()
    return AdsResult(
        environment=rt.environment, ad_account_id=account_id, currency=account.currency,
        count=min(len(rows), limit), truncated=len(rows) > limit, ads=[ad_summary(a) for a in rows[:limit]],
    )


def register(server: MCPServer) -> None:
    read = dict(readOnlyHint=True, openWorldHint=True)
    server.add_tool(list_campaigns, annotations=ToolAnnotations(title="List campaigns", **read))
    server.add_tool(list_ad_groups, annotations=ToolAnnotations(title="List ad groups", **read))
    server.add_tool(list_ads, annotations=ToolAnnotations(title="List ads", **read))
