"""Budgets and bids Pinterest refuses or ignores: tiny spend caps (code 1509), flexible budgets outside
USD, bids with automatic bidding, a conversion target cost, and lifetime budgets without an end date."""

from __future__ import annotations

import json

from pinterest_ads_mcp.emulator.seed import (
    AWARENESS_CAMPAIGN_ID,
    DEMO_ACCOUNT_ID,
    EUR_ACCOUNT_ID,
    RAISED_BED_PIN_ID,
    VIDEO_PIN_ID,
)

from .support import Rig, error_text, ok

AUTO = {"ads_confirmation": "token"}


def _launch(account: str, objective: str, budget: dict, ad_group: dict | None = None, pin: str = RAISED_BED_PIN_ID):
    return {"ad_account_id": account, "name": f"Real {objective}", "objective": objective, "budget": budget,
            "ad_group": {"targeting": {"locations": ["US"]}, **(ad_group or {})}, "ads": [{"pin_id": pin}]}


async def _confirmed(rig: Rig, tool: str, args: dict) -> dict:
    planned = ok(await rig.call(tool, args))
    if not planned.get("confirmation_id"):
        return planned  # not spend-affecting (created PAUSED): carried out at once
    return ok(await rig.call("confirm_action", {"confirmation_id": planned["confirmation_id"]}))


async def test_a_spend_cap_below_pinterests_minimum_names_the_field_and_quotes_pinterest(contract, tmp_path):
    rig = Rig(contract, tmp_path, settings=AUTO)
    done = await _confirmed(rig, "create_campaign", _launch(DEMO_ACCOUNT_ID, "awareness",
                                                               {"amount": "0.50", "period": "daily"}, {"bid": "0.10"}))
    text = json.dumps(done)
    assert done["status"] != "done"
    assert "spend_cap (the campaign budget)" in text and "Invalid 'spend_cap'" in text and "1509" in text, text
    rig.check_contract()


async def test_flexible_daily_budgets_are_refused_outside_usd_before_sending(contract, tmp_path):
    rig = Rig(contract, tmp_path, settings=AUTO)
    result = await rig.call("create_campaign", _launch(EUR_ACCOUNT_ID, "awareness",
                                                       {"amount": "20", "period": "daily", "flexible": True}))
    assert result.is_error and "budget.flexible" in error_text(result) and "USD" in error_text(result)
    changed = await rig.call("update_budget", {"ad_account_id": EUR_ACCOUNT_ID, "level": "campaign",
                                               "id": "626735565850", "budget": {"amount": "20", "flexible": True}})
    assert changed.is_error and "USD" in error_text(changed)
    assert not rig.emulator.writes()
    usd = await _confirmed(rig, "create_campaign", _launch(DEMO_ACCOUNT_ID, "awareness",
                                                              {"amount": "20", "period": "daily", "flexible": True}))
    assert usd["status"] == "done", usd


async def test_the_emulator_refuses_a_flexible_budget_outside_usd(contract, tmp_path):
    import httpx2

    rig = Rig(contract, tmp_path)
    async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=rig.app), base_url="http://e/v5",
                                 headers={"Authorization": "Bearer x"}) as http:
        answer = (await http.post(f"/ad_accounts/{EUR_ACCOUNT_ID}/campaigns", json=[{
            "ad_account_id": EUR_ACCOUNT_ID, "name": "Flex", "objective_type": "AWARENESS",
            "is_campaign_budget_optimization": True, "daily_spend_cap": 20_000_000,
            "is_flexible_daily_budgets": True}])).json()
    assert "USD" in answer["items"][0]["exceptions"][0]["message"]


async def test_a_conversion_target_cost_goes_in_the_goal_metadata(contract, tmp_path):
    rig = Rig(contract, tmp_path, settings=AUTO)
    done = await _confirmed(rig, "create_campaign", _launch(
        DEMO_ACCOUNT_ID, "conversions", {"amount": "40", "period": "daily"},
        {"conversion_tag_id": "2613286171854", "bid": "12.50"}))
    assert done["status"] == "done", done
    group = next(r for r in rig.requests("/ad_groups", "POST")).body[0]
    assert "bid_in_micro_currency" not in group
    goal = group["optimization_goal_metadata"]["conversion_tag_v3_goal_metadata"]
    assert goal["cpa_goal_value_in_micro_currency"] == "12500000" and group["bid_strategy_type"] == "TARGET_AVG"
    rig.check_contract()


async def test_no_bid_is_sent_with_automatic_bidding(contract, tmp_path):
    rig = Rig(contract, tmp_path, settings=AUTO)
    result = await rig.call("create_campaign", _launch(DEMO_ACCOUNT_ID, "video views", {"amount": "30", "period": "daily"},
                                                       {"bid": "0.20"}, pin=VIDEO_PIN_ID))
    assert result.is_error and "ad_group.bid" in error_text(result) and "AUTOMATIC_BID" in error_text(result)
    assert not rig.emulator.writes()


async def test_switching_to_a_lifetime_budget_needs_an_end_date(contract, tmp_path):
    rig = Rig(contract, tmp_path, settings=AUTO)
    result = await rig.call("update_budget", {"ad_account_id": DEMO_ACCOUNT_ID, "level": "campaign",
                                              "id": AWARENESS_CAMPAIGN_ID,
                                              "budget": {"amount": "900", "period": "lifetime"}})
    assert result.is_error and "end date" in error_text(result) and "budget.period" in error_text(result)
    assert not rig.emulator.writes()
