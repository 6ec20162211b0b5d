"""The spend a change actually enables is what the caps are checked on and what the person sees.

Every case starts from the emulator's own state (the seeded account, adjusted in its store) and
asserts at the emulator that nothing was written when a plan is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pinterest_ads_mcp.emulator import seed
from pinterest_ads_mcp.guards.enabled import FLEXIBLE_WEEK_DAYS
from tests.guards.harness import ACCOUNT, Bench, call, launch_args, text


def groups_of(bench: Bench, campaign_id: str) -> list[dict]:
    return [g for g in bench.emulator.store.ad_groups.values() if g["campaign_id"] == campaign_id]


async def test_activating_an_ad_group_is_capped_on_its_cbo_campaigns_budget(bench):
    # The AWARENESS campaign holds 50.00/day for its ad groups (campaign budget optimization).
    group = groups_of(bench, seed.AWARENESS_CAMPAIGN_ID)[0]
    group["status"] = "PAUSED"
    args = {"ad_account_id": ACCOUNT, "level": "ad_group", "status": "ACTIVE", "ids": [group["id"]]}
    refused = await call(bench.server(ads_max_daily_budget=20), "update_status", args)
    assert refused.is_error and "50.00 USD" in text(refused) and "MAX_DAILY_BUDGET=20.00" in text(refused)
    assert bench.writes() == []
    asked = await call(bench.server(ads_max_daily_budget=60), "update_status", args)
    out = asked.structured_content
    assert out["status"] == "confirmation_required", text(asked)
    assert out["summary"]["max_daily_spend"] == {"amount": "50.00", "currency": "USD"}
    assert bench.writes() == []


async def test_activating_a_non_cbo_campaign_is_capped_on_its_active_ad_groups(bench):
    # The TRAFFIC campaign (PAUSED, no campaign budget) has ad groups of 15.00 and 8.00 a day.
    for group in groups_of(bench, seed.TRAFFIC_CAMPAIGN_ID):
        group["status"] = "ACTIVE"
    args = {"ad_account_id": ACCOUNT, "level": "campaign", "status": "ACTIVE", "ids": [seed.TRAFFIC_CAMPAIGN_ID]}
    refused = await call(bench.server(ads_max_daily_budget=10), "update_status", args)
    assert refused.is_error and "23.00 USD" in text(refused), text(refused)
    assert bench.writes() == []
    asked = await call(bench.server(), "update_status", args)
    assert asked.structured_content["summary"]["max_daily_spend"] == {"amount": "23.00", "currency": "USD"}
    # a PAUSED ad group enables nothing: only the ACTIVE one counts
    groups_of(bench, seed.TRAFFIC_CAMPAIGN_ID)[0]["status"] = "PAUSED"
    asked = await call(bench.server(ads_max_daily_budget=10), "update_status", args)
    assert asked.structured_content["summary"]["max_daily_spend"] == {"amount": "8.00", "currency": "USD"}


async def test_daily_cap_bounds_a_lifetime_budget_spent_in_one_day(bench):
    tomorrow = (datetime.now(tz=UTC) + timedelta(days=1)).date().isoformat()
    args = launch_args(1, amount="9999999", period="lifetime", schedule={"end": tomorrow})
    refused = await call(bench.server(ads_max_daily_budget=50), "create_campaign", args)
    assert refused.is_error and "MAX_DAILY_BUDGET" in text(refused), text(refused)
    assert bench.writes() == []
    small = launch_args(1, amount="40", period="lifetime", schedule={"end": tomorrow})
    asked = await call(bench.server(ads_max_daily_budget=50), "create_campaign", small)
    summary = asked.structured_content["summary"]
    assert summary["max_daily_spend"]["amount"] == "40.00" and summary["max_total_spend"]["amount"] == "40.00"


async def test_flexible_daily_budget_at_the_cap_is_refused_and_shows_a_weeks_bound(bench):
    refused = await call(bench.server(ads_max_daily_budget=50), "create_campaign",
                         launch_args(1, amount="50", budget={"amount": "50", "period": "daily", "flexible": True}))
    assert refused.is_error and "MAX_DAILY_BUDGET" in text(refused), text(refused)
    assert bench.writes() == []
    asked = await call(bench.server(), "create_campaign",
                       launch_args(1, budget={"amount": "5", "period": "daily", "flexible": True}))
    summary = asked.structured_content["summary"]
    assert summary["max_daily_spend"]["amount"] == f"{5 * FLEXIBLE_WEEK_DAYS}.00"
    assert "flexible" in summary["total_spend_note"]


async def test_raising_a_budget_on_a_paused_campaign_shows_the_new_bound(bench):
    out = await call(bench.server(), "update_budget", {"ad_account_id": ACCOUNT, "level": "campaign",
                                                       "id": seed.AWARENESS_CAMPAIGN_ID, "budget": {"amount": "70"}})
    assert out.structured_content["summary"]["max_daily_spend"] == {"amount": "70.00", "currency": "USD"}
