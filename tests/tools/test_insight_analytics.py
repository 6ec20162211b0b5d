"""get_analytics against the emulator: totals, derived metrics, money, request counts, async path."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from pinterest_ads_mcp.emulator.seed import (
    ACTIVE_CAMPAIGN_IDS,
    DEMO_ACCOUNT_ID,
    EUR_ACCOUNT_ID,
    PAUSED_CAMPAIGN_IDS,
)
from pinterest_ads_mcp.pinterest.times import today
from tests.tools.insight_support import Rig, call, error_text, ok

CAMPAIGNS = [*ACTIVE_CAMPAIGN_IDS, *PAUSED_CAMPAIGN_IDS]


@pytest.fixture
def rig(contract, tmp_path):
    made = Rig(contract, tmp_path)
    yield made
    made.assert_contract()


def days_ago(n: int) -> str:
    return (today() - timedelta(days=n)).isoformat()


def table(data):
    return [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]


async def analytics(rig, **args):
    args.setdefault("ad_account_id", DEMO_ACCOUNT_ID)
    return ok(await call(rig, "get_analytics", args))


async def test_totals_agree_across_levels(rig):
    window = {
        "start_date": days_ago(29),
        "end_date": days_ago(1),
        "metrics": ["spend", "impressions", "clicks"],
    }
    account = await analytics(rig, level="account", **window)
    campaign = await analytics(rig, level="campaign", **window)
    ad_group = await analytics(rig, level="ad_group", **window)
    ad = await analytics(rig, level="ad", **window)
    assert Decimal(account["totals"]["spend"]) > 0
    # the account row covers every campaign ever run; levels restricted to ACTIVE+PAUSED may cover less
    for data in (campaign, ad_group, ad):
        assert Decimal(data["totals"]["spend"]) <= Decimal(account["totals"]["spend"])
    day = await analytics(rig, level="campaign", granularity="DAY", **window)
    assert day["totals"] == campaign["totals"]
    rows = table(campaign)
    # rows are rounded to cents one by one; the totals row is the exact sum rounded once
    assert abs(sum(Decimal(r["spend"]) for r in rows) - Decimal(campaign["totals"]["spend"])) <= Decimal(
        "0.005"
    ) * len(rows)
    assert sum(r["impressions"] for r in rows) == campaign["totals"]["impressions"]


async def test_campaign_totals_equal_ad_group_and_ad_totals_for_same_campaigns(rig):
    window = {
        "start_date": days_ago(29),
        "end_date": days_ago(1),
        "metrics": ["spend", "impressions", "clicks", "saves"],
    }
    groups = ok(
        await call(
            rig,
            "list_ad_groups",
            {
                "ad_account_id": DEMO_ACCOUNT_ID,
                "campaign_ids": CAMPAIGNS,
                "statuses": ["ACTIVE", "PAUSED", "ARCHIVED"],
                "limit": 1000,
            },
        )
    )
    ads = ok(
        await call(
            rig,
            "list_ads",
            {
                "ad_account_id": DEMO_ACCOUNT_ID,
                "campaign_ids": CAMPAIGNS,
                "statuses": ["ACTIVE", "PAUSED", "ARCHIVED"],
                "limit": 1000,
            },
        )
    )
    campaign = await analytics(rig, level="campaign", ids=CAMPAIGNS, **window)
    ad_group = await analytics(rig, level="ad_group", ids=[g["id"] for g in groups["ad_groups"]], **window)
    ad = await analytics(rig, level="ad", ids=[a["id"] for a in ads["ads"]], **window)
    assert Decimal(campaign["totals"]["spend"]) > 0
    assert campaign["totals"] == ad_group["totals"] == ad["totals"]


async def test_derived_metrics_follow_their_definitions(rig):
    metrics = [
        "spend",
        "impressions",
        "clicks",
        "outbound_clicks",
        "engagements",
        "conversions",
        "conversion_value",
        "ctr",
        "cpc",
        "cpm",
        "engagement_rate",
        "roas",
        "cpa",
        "outbound_ctr",
    ]
    data = await analytics(
        rig, level="campaign", start_date=days_ago(29), end_date=days_ago(1), metrics=metrics
    )
    for row in [data["totals"], *table(data)]:
        spend, imp, clicks = Decimal(row["spend"]), Decimal(row["impressions"]), Decimal(row["clicks"])
        if imp:
            assert row["ctr"] == float(round(clicks / imp * 100, 4))
            assert row["engagement_rate"] == float(round(Decimal(row["engagements"]) / imp * 100, 4))
            assert row["outbound_ctr"] == float(round(Decimal(row["outbound_clicks"]) / imp * 100, 4))
            assert abs(Decimal(row["cpm"]) - spend / imp * 1000) <= Decimal("0.00005")
        if clicks:
            assert abs(Decimal(row["cpc"]) - spend / clicks) <= Decimal("0.00005")
        if spend:
            assert row["roas"] == float(round(Decimal(row["conversion_value"]) / spend, 4))
        if row["conversions"]:
            assert abs(Decimal(row["cpa"]) - spend / Decimal(row["conversions"])) <= Decimal("0.00005")
    # totals ratios come from the totals, not from averaging rows
    t = data["totals"]
    assert t["ctr"] == float(round(Decimal(t["clicks"]) / Decimal(t["impressions"]) * 100, 4))


async def test_money_in_units_with_account_currency(rig):
    data = await analytics(
        rig,
        level="campaign",
        start_date=days_ago(29),
        end_date=days_ago(1),
        metrics=["spend", "cpc", "SPEND_IN_MICRO_DOLLAR", "SPEND_IN_DOLLAR"],
    )
    assert data["currency"] == "USD"
    for row in table(data):
        assert isinstance(row["spend"], str) and len(row["spend"].split(".")[1]) == 2
        assert Decimal(row["SPEND_IN_MICRO_DOLLAR"]) == Decimal(row["spend"])  # raw micro column converted
    eur = await analytics(
        rig,
        ad_account_id=EUR_ACCOUNT_ID,
        level="account",
        start_date=days_ago(10),
        end_date=days_ago(1),
        metrics=["spend"],
    )
    assert eur["currency"] == "EUR"


async def test_rows_carry_names_and_periods(rig):
    data = await analytics(
        rig,
        level="campaign",
        ids=list(ACTIVE_CAMPAIGN_IDS),
        granularity="DAY",
        start_date=days_ago(6),
        end_date=days_ago(0),
        metrics=["spend", "ctr"],
    )
    assert data["columns"] == ["id", "name", "date", "spend", "ctr"]
    rows = table(data)
    assert {r["id"] for r in rows} <= set(ACTIVE_CAMPAIGN_IDS)
    assert all(r["name"] for r in rows) and all(len(r["date"]) == 10 for r in rows)
    assert data["source"] == "sync" and data["upstream_requests"] == 1


async def test_600_campaigns_30_days_total_is_3_analytics_requests(rig):
    rig.add_campaigns(600)
    rig.emulator.reset_log()
    data = await analytics(rig, level="campaign", start_date=days_ago(29), end_date=days_ago(0))
    sent = rig.requests(category="ads_analytics")
    assert len(sent) == 3 == data["upstream_requests"]
    assert data["entities"] == 600 + len(CAMPAIGNS)
    assert max(len(r.query.get("campaign_ids", [])) for r in sent) == 250


async def test_200_day_range_goes_through_async_report(rig):
    rig.emulator.reset_log()
    sync_total = await analytics(
        rig,
        level="campaign",
        ids=CAMPAIGNS,
        start_date=days_ago(80),
        end_date=days_ago(1),
        metrics=["spend", "impressions"],
    )
    data = await analytics(
        rig,
        level="campaign",
        ids=CAMPAIGNS,
        start_date=days_ago(199),
        end_date=days_ago(0),
        metrics=["spend", "impressions", "ctr"],
    )
    assert data["source"] == "async_report"
    creates = rig.requests(method="POST", path_part="/reports")
    polls = rig.requests(method="GET", path_part="/reports")
    assert len(creates) == 2  # 200 days > 186 days a report: two reports
    assert len(polls) >= 2
    assert Decimal(data["totals"]["spend"]) >= Decimal(sync_total["totals"]["spend"])
    assert {r["id"] for r in table(data)} <= set(CAMPAIGNS)


async def test_async_report_matches_sync_for_same_range(rig):
    args = {"level": "campaign", "ids": CAMPAIGNS, "metrics": ["spend", "impressions", "clicks"]}
    old = await analytics(rig, start_date=days_ago(120), end_date=days_ago(100), **args)
    assert old["source"] == "async_report"
    recent = await analytics(rig, start_date=days_ago(40), end_date=days_ago(20), **args)
    assert recent["source"] == "sync"
    assert table(old) or table(recent)


async def test_unknown_metric_lists_valid_names(rig):
    result = await call(
        rig,
        "get_analytics",
        {
            "ad_account_id": DEMO_ACCOUNT_ID,
            "level": "campaign",
            "start_date": days_ago(7),
            "end_date": days_ago(1),
            "metrics": ["spend", "happiness"],
        },
    )
    text = error_text(result)
    assert (
        result.is_error and "metrics" in text and "'happiness'" in text and "ctr" in text and "roas" in text
    )


async def test_reversed_dates_name_the_field(rig):
    result = await call(
        rig,
        "get_analytics",
        {
            "ad_account_id": DEMO_ACCOUNT_ID,
            "level": "campaign",
            "start_date": days_ago(1),
            "end_date": days_ago(7),
        },
    )
    assert result.is_error and "end_date" in error_text(result)


async def test_hourly_beyond_8_days_is_refused_with_field(rig):
    result = await call(
        rig,
        "get_analytics",
        {
            "ad_account_id": DEMO_ACCOUNT_ID,
            "level": "campaign",
            "start_date": days_ago(20),
            "end_date": days_ago(19),
            "granularity": "HOUR",
        },
    )
    assert result.is_error and "start_date" in error_text(result)


async def test_hourly_range_split_into_sync_windows(rig):
    rig.emulator.reset_log()
    data = await analytics(
        rig,
        level="campaign",
        ids=list(ACTIVE_CAMPAIGN_IDS),
        granularity="HOUR",
        start_date=days_ago(6),
        end_date=days_ago(1),
        metrics=["spend"],
    )
    assert data["source"] == "sync" and len(rig.requests(category="ads_analytics")) == 2
    assert all("T" in r[2] for r in data["rows"])
