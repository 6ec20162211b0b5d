"""check_delivery through MCP on the emulator's seeded delivery problems (requests checked against the spec)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from mcp import Client

from pinterest_ads_mcp.emulator import seed_health as sh
from pinterest_ads_mcp.emulator.seed import ACTIVE_CAMPAIGN_IDS, DEMO_ACCOUNT_ID, VIDEO_CAMPAIGN_ID
from tests.tools.insight_support import Rig, error_text, ok

EXPECTED = {
    sh.UNDER_DELIVERING_CAMPAIGN_ID: {"under_delivery"},
    sh.OVER_PACING_CAMPAIGN_ID: {"overspend_risk"},
    sh.STALLED_CAMPAIGN_ID: {"no_impressions"},
    sh.UNDER_FLOOR_CAMPAIGN_ID: {"bid_below_floor", "under_delivery"},
    sh.REJECTED_AD_CAMPAIGN_ID: {"ads_rejected"},
    sh.SILENT_TAG_CAMPAIGN_ID: {"conversion_tag_silent"},
    sh.ENDED_CAMPAIGN_ID: {"ended_with_budget_left"},
    sh.HEALTHY_CAMPAIGN_ID: set(),
}


@pytest.fixture
def rig(contract, tmp_path):
    made = Rig(contract, tmp_path)
    yield made
    made.assert_contract()


async def check(rig, **args):
    async with Client(rig.server) as client:
        tools = {t.name for t in (await client.list_tools()).tools}
        data = ok(await client.call_tool("check_delivery", args))
    return tools, data


async def test_each_seeded_problem_is_flagged_and_the_healthy_campaign_is_not(rig):
    rig.emulator.reset_log()
    tools, data = await check(rig, ad_account_id=sh.HEALTH_ACCOUNT_ID)
    by_id = {c["id"]: c for c in data["campaigns"]}
    assert set(by_id) == set(EXPECTED)
    for cid, codes in EXPECTED.items():
        assert {f["code"] for f in by_id[cid]["flags"]} == codes, (by_id[cid]["name"], by_id[cid]["flags"])
    assert data["flagged"] == 7 and data["healthy"] == 1 and data["currency"] == "USD"
    for campaign in data["campaigns"]:
        for flag in campaign["flags"]:
            assert flag["fix"] is not None and flag["fix"]["tool"] in tools, flag
            assert flag["fix"]["arguments"]["ad_account_id"] == sh.HEALTH_ACCOUNT_ID
    # read-only, bounded: campaigns, ad groups, ads, daily + hourly analytics, bid floors, conversion tags
    assert not rig.emulator.writes()
    assert len(rig.emulator.log) <= 8, [r.path for r in rig.emulator.log]
    assert len(rig.requests(category="ads_analytics")) == 2
    assert len(rig.requests(path_part="/bid_floor")) == 1


async def test_flag_details_name_the_numbers_and_the_fix(rig):
    _, data = await check(rig, ad_account_id=sh.HEALTH_ACCOUNT_ID)
    by_id = {c["id"]: c for c in data["campaigns"]}

    def flag(cid, code):
        return next(f for f in by_id[cid]["flags"] if f["code"] == code)

    stalled = flag(sh.STALLED_CAMPAIGN_ID, "no_impressions")
    assert stalled["fix"]["tool"] == "update_status" and stalled["fix"]["arguments"]["status"] == "ACTIVE"
    assert stalled["fix"]["arguments"]["level"] == "ad" and len(stalled["fix"]["arguments"]["ids"]) == 2
    assert by_id[sh.STALLED_CAMPAIGN_ID]["spend_today"]["amount"] == "0.00"
    floor = flag(sh.UNDER_FLOOR_CAMPAIGN_ID, "bid_below_floor")
    assert "0.04 USD" in floor["message"] and "0.10 USD" in floor["message"]
    rejected = flag(sh.REJECTED_AD_CAMPAIGN_ID, "ads_rejected")
    assert sh.REJECTED_AD_ID in rejected["message"] and "PROMOTIONS_AND_PRICES" in rejected["message"]
    tag = flag(sh.SILENT_TAG_CAMPAIGN_ID, "conversion_tag_silent")
    hours = int(re.search(r"last fired (\d+) hours ago", tag["message"]).group(1))
    assert sh.SILENT_TAG_ID in tag["message"] and 96 <= hours < 120  # seeded: four days before midnight
    assert tag["fix"]["arguments"] == {
        "ad_account_id": sh.HEALTH_ACCOUNT_ID, "level": "campaign", "ids": [sh.SILENT_TAG_CAMPAIGN_ID], "status": "PAUSED"
    }
    pacing = by_id[sh.OVER_PACING_CAMPAIGN_ID]
    assert pacing["pace_percent"] > 120
    assert Decimal(pacing["projected_spend"]["amount"]) > Decimal(pacing["lifetime_budget"]["amount"]) == 1500
    over = flag(sh.OVER_PACING_CAMPAIGN_ID, "overspend_risk")
    assert over["fix"]["tool"] == "update_budget" and over["fix"]["arguments"]["budget"]["period"] == "lifetime"
    ended = by_id[sh.ENDED_CAMPAIGN_ID]
    left = Decimal(ended["lifetime_budget"]["amount"]) - Decimal(ended["spend_period"]["amount"])
    assert f"{left:.2f} USD" in flag(sh.ENDED_CAMPAIGN_ID, "ended_with_budget_left")["message"]
    assert by_id[sh.UNDER_DELIVERING_CAMPAIGN_ID]["pace_percent"] < 60
    healthy = by_id[sh.HEALTHY_CAMPAIGN_ID]
    assert 60 <= healthy["pace_percent"] <= 100 and healthy["hours_since_impression"] is not None
    assert healthy["hours_since_impression"] < 12


async def test_spend_figures_match_get_analytics(rig):
    _, data = await check(rig, ad_account_id=sh.HEALTH_ACCOUNT_ID)
    healthy = next(c for c in data["campaigns"] if c["id"] == sh.HEALTHY_CAMPAIGN_ID)
    async with Client(rig.server) as client:
        report = ok(await client.call_tool("get_analytics", {
            "ad_account_id": sh.HEALTH_ACCOUNT_ID, "level": "campaign", "ids": [sh.HEALTHY_CAMPAIGN_ID],
            "start_date": healthy["period_start"], "end_date": data["checked_at"][:10], "metrics": ["spend"],
        }))
    assert abs(Decimal(report["totals"]["spend"]) - Decimal(healthy["spend_period"]["amount"])) <= Decimal("0.02")


async def test_demo_account_campaigns_are_healthy(rig):
    _, data = await check(rig, ad_account_id=DEMO_ACCOUNT_ID)
    assert {c["id"] for c in data["campaigns"]} == set(ACTIVE_CAMPAIGN_IDS)
    assert data["flagged"] == 0, [(c["name"], c["flags"]) for c in data["campaigns"]]


async def test_named_campaigns_skip_paused_ones_and_refuse_unknown_ids(rig):
    _, data = await check(rig, ad_account_id=DEMO_ACCOUNT_ID, campaign_ids=[ACTIVE_CAMPAIGN_IDS[0], VIDEO_CAMPAIGN_ID])
    assert [c["id"] for c in data["campaigns"]] == [ACTIVE_CAMPAIGN_IDS[0]]
    assert len(data["skipped"]) == 1 and VIDEO_CAMPAIGN_ID in data["skipped"][0]
    async with Client(rig.server) as client:
        result = await client.call_tool("check_delivery", {"ad_account_id": DEMO_ACCOUNT_ID, "campaign_ids": ["999"]})
    assert result.is_error and "campaign_ids: not in ad account" in error_text(result)


async def test_many_campaigns_stay_within_a_few_chunked_requests(rig):
    rig.add_campaigns(300, account_id=sh.HEALTH_ACCOUNT_ID)
    rig.emulator.reset_log()
    _, data = await check(rig, ad_account_id=sh.HEALTH_ACCOUNT_ID)
    assert len(data["campaigns"]) == 308
    analytics = rig.requests(category="ads_analytics")
    assert len(analytics) == 4  # DAY and HOUR, each in two chunks of at most 250 ids
    assert len(rig.emulator.log) <= 14, [r.path for r in rig.emulator.log]
