"""update_ad_group through MCP against the emulator: merges, never replaces; spend needs a person."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT, Bench
from tests.tools.write_support import call

GARDENERS = str(int(seed.AWARENESS_CAMPAIGN_ID) * 10 + 1)  # ACTIVE, CBO, bid 2.50 USD, US, ages 25-54
DECOR_US_CA = str(int(seed.AWARENESS_CAMPAIGN_ID) * 10 + 2)
VIDEO_GROUP = str(int(seed.VIDEO_CAMPAIGN_ID) * 10 + 1)  # PAUSED, own daily budget 20 USD, automatic bid


def group(bench: Bench, group_id: str) -> dict:
    return bench.entity("ad_groups", group_id)


async def test_adding_a_country_keeps_every_other_value_exactly(bench):
    spec = group(bench, GARDENERS)["targeting_spec"]
    spec["TARGETING_STRATEGY"] = ["CHOOSE_YOUR_OWN"]  # a key the friendly model does not know
    before = copy.deepcopy(spec)
    out = await call(bench.server(), "update_ad_group", {
        "ad_account_id": ACCOUNT, "ad_group_ids": [GARDENERS], "targeting_changes": {"add": {"locations": ["Canada"]}}},
        mode="auto", elicit="accept")
    result = out.structured_content
    assert result["status"] == "done", result
    assert result["spend_affecting"] is True  # a delivering ad group reaches more people
    assert any("audience widened" in r for r in result["spend_reasons"])
    after = group(bench, GARDENERS)["targeting_spec"]
    assert after == {**before, "LOCATION": ["US", "CA"]}
    assert any("location US -> US, CA" in line for line in result["summary"]["will_exist"])
    [patch] = bench.writes()
    assert patch.method == "PATCH" and patch.body == [{"id": GARDENERS, "targeting_spec": after}]


async def test_narrowing_runs_at_once_and_shows_before_after(bench):
    server = bench.server()
    out = await call(server, "update_ad_group", {
        "ad_account_id": ACCOUNT, "ad_group_ids": [DECOR_US_CA],
        "targeting_changes": {"remove": {"locations": ["CA"], "genders": ["male"]}, "age": {"min": 30, "max": 50}}})
    result = out.structured_content
    assert result["status"] == "done" and result["spend_affecting"] is False, result
    spec = group(bench, DECOR_US_CA)["targeting_spec"]
    assert spec["LOCATION"] == ["US"] and spec["GENDER"] == ["female"]
    assert (spec["MINIMUM_AGE"], spec["MAXIMUM_AGE"]) == ("30", "50") and "AGE_BUCKET" not in spec
    [line] = result["summary"]["will_exist"]
    assert "location US, CA -> US" in line and "gender female, male -> female" in line and "age all -> 30-50" in line


async def test_removing_the_last_location_is_refused_and_nothing_sent(bench):
    out = await call(bench.server(), "update_ad_group", {
        "ad_account_id": ACCOUNT, "ad_group_ids": [GARDENERS], "targeting_changes": {"remove": {"locations": ["US"]}}})
    assert out.is_error and "targeting_changes.remove.locations" in out.content[0].text
    assert bench.writes() == []


@pytest.mark.parametrize("bid,affecting,micro", [
    ({"amount": "3.00"}, True, 3_000_000),
    ({"change_pct": 10}, True, 2_750_000),
    ({"change_pct": -20}, False, 2_000_000),
    ({"amount": "1.00"}, False, 1_000_000),
])
async def test_bid_raise_needs_confirmation_lowering_runs_at_once(bench, bid, affecting, micro):
    server = bench.server()
    out = await call(server, "update_ad_group", {"ad_account_id": ACCOUNT, "ad_group_ids": [GARDENERS], "bid": bid})
    result = out.structured_content
    assert result["spend_affecting"] is affecting
    if affecting:
        assert result["status"] == "confirmation_required" and bench.writes() == []
        assert group(bench, GARDENERS)["bid_in_micro_currency"] == 2_500_000
        assert "bid 2.50 USD -> " in result["summary"]["will_exist"][0]
        done = await call(server, "confirm_action", {"confirmation_id": result["confirmation_id"]})
        assert done.structured_content["status"] == "done"
    else:
        assert result["status"] == "done"
    assert group(bench, GARDENERS)["bid_in_micro_currency"] == micro


async def test_automatic_bid_refused_where_pinterest_needs_a_bid(bench):
    out = await call(bench.server(), "update_ad_group", {"ad_account_id": ACCOUNT, "ad_group_ids": [GARDENERS],
                                                         "bid": {"strategy": "automatic"}})
    assert out.is_error and "bid.strategy" in out.content[0].text and bench.writes() == []


async def test_end_date_later_needs_confirmation_and_caps_apply(bench):
    consideration_group = str(int(seed.CONSIDERATION_CBO_CAMPAIGN_ID) * 10 + 1)
    campaign_end = bench.entity("campaigns", seed.CONSIDERATION_CBO_CAMPAIGN_ID)["end_time"]
    sooner = (datetime.fromtimestamp(campaign_end, tz=UTC) - timedelta(days=5)).date().isoformat()
    server = bench.server()
    out = await call(server, "update_ad_group", {"ad_account_id": ACCOUNT, "ad_group_ids": [consideration_group],
                                                 "schedule": {"end": sooner}})
    assert out.structured_content["status"] == "done" and out.structured_content["spend_affecting"] is False
    later = (datetime.fromtimestamp(campaign_end, tz=UTC) - timedelta(days=1)).date().isoformat()
    out = await call(server, "update_ad_group", {"ad_account_id": ACCOUNT, "ad_group_ids": [consideration_group],
                                                 "schedule": {"end": later}}, mode="auto", elicit="decline")
    assert out.structured_content["status"] == "declined"
    assert any("end date moved later" in r for r in out.structured_content["spend_reasons"])
    beyond = (datetime.fromtimestamp(campaign_end, tz=UTC) + timedelta(days=3)).date().isoformat()
    out = await call(server, "update_ad_group", {"ad_account_id": ACCOUNT, "ad_group_ids": [consideration_group],
                                                 "schedule": {"end": beyond}})
    assert out.is_error and "update_campaign" in out.content[0].text
    assert len(bench.writes()) == 1


async def test_paused_ad_group_widening_runs_at_once(bench):
    out = await call(bench.server(), "update_ad_group", {
        "ad_account_id": ACCOUNT, "ad_group_ids": [VIDEO_GROUP],
        "targeting_changes": {"add": {"interests": ["Home decor"], "locations": ["DE"]}}})
    result = out.structured_content
    assert result["status"] == "done" and result["spend_affecting"] is False
    spec = group(bench, VIDEO_GROUP)["targeting_spec"]
    assert spec["LOCATION"] == ["US", "GB", "DE"] and spec["INTEREST"][-1] == seed.HOME_DECOR


async def test_several_ad_groups_one_request_and_unknown_id_refused(bench):
    server = bench.server()
    out = await call(server, "update_ad_group", {"ad_account_id": ACCOUNT, "ad_group_ids": [GARDENERS, "123"],
                                                 "bid": {"change_pct": -10}})
    assert out.is_error and "123" in out.content[0].text and bench.writes() == []
    out = await call(server, "update_ad_group", {"ad_account_id": ACCOUNT, "ad_group_ids": [GARDENERS, DECOR_US_CA],
                                                 "bid": {"change_pct": -10}})
    assert out.structured_content["status"] == "done"
    [patch] = bench.writes()
    assert [i["bid_in_micro_currency"] for i in patch.body] == [2_250_000, 1_800_000]


# -- update_campaign -------------------------------------------------------------------------------
async def test_campaign_rename_at_once_later_end_needs_confirmation(bench):
    server = bench.server()
    campaign_id = seed.CONSIDERATION_CBO_CAMPAIGN_ID
    campaign = bench.entity("campaigns", campaign_id)
    old_end = campaign["end_time"]
    out = await call(server, "update_campaign", {"ad_account_id": ACCOUNT, "campaign_id": campaign_id,
                                                 "name": "Living room 2"})
    assert out.structured_content["status"] == "done" and campaign["name"] == "Living room 2"
    assert out.structured_content["summary"]["will_exist"][0].endswith("name 'Living Room Refresh - "
                                                                        "Consideration' -> 'Living room 2'")
    later = (datetime.fromtimestamp(old_end, tz=UTC) + timedelta(days=10)).date().isoformat()
    ask = await call(server, "update_campaign", {"ad_account_id": ACCOUNT, "campaign_id": campaign_id,
                                                 "schedule": {"end": later}})
    result = ask.structured_content
    assert result["status"] == "confirmation_required" and campaign["end_time"] == old_end
    assert any("end date moved later" in r for r in result["spend_reasons"])
    done = await call(server, "confirm_action", {"confirmation_id": result["confirmation_id"]})
    assert done.structured_content["status"] == "done" and campaign["end_time"] > old_end
    patch = bench.writes()[-1]
    assert patch.body == [{"id": campaign_id, "ad_account_id": ACCOUNT, "end_time": campaign["end_time"]}]


async def test_campaign_end_before_an_ad_group_end_is_refused(bench):
    group_id = str(int(seed.CONSIDERATION_CBO_CAMPAIGN_ID) * 10 + 1)
    campaign_end = bench.entity("campaigns", seed.CONSIDERATION_CBO_CAMPAIGN_ID)["end_time"]
    group(bench, group_id)["end_time"] = campaign_end - 86400
    sooner = (datetime.fromtimestamp(campaign_end, tz=UTC) - timedelta(days=5)).date().isoformat()
    out = await call(bench.server(), "update_campaign", {"ad_account_id": ACCOUNT,
                                                         "campaign_id": seed.CONSIDERATION_CBO_CAMPAIGN_ID,
                                                         "schedule": {"end": sooner}})
    assert out.is_error and group_id in out.content[0].text and bench.writes() == []


async def test_bid_raise_is_capped_on_the_budget_it_lets_spend_lowering_is_not(bench):
    server = bench.server(ads_max_daily_budget=40)  # the ad group's CBO campaign holds 50.00 USD a day
    out = await call(server, "update_ad_group", {"ad_account_id": ACCOUNT, "ad_group_ids": [GARDENERS],
                                                 "bid": {"amount": "3.00"}})
    assert out.is_error and "40.00 USD" in out.content[0].text and bench.writes() == []
    out = await call(server, "update_ad_group", {"ad_account_id": ACCOUNT, "ad_group_ids": [GARDENERS],
                                                 "bid": {"amount": "2.00"}})
    assert out.structured_content["status"] == "done"
    assert group(bench, GARDENERS)["bid_in_micro_currency"] == 2_000_000


async def test_spend_affecting_plans_carry_a_forecast_and_say_a_bid_under_the_floor_plainly(bench):
    server = bench.server()
    lower = await call(server, "update_ad_group", {"ad_account_id": ACCOUNT, "ad_group_ids": [GARDENERS],
                                                   "bid": {"amount": "0.50"}})
    assert lower.structured_content["summary"]["forecast"] == []  # not spend-affecting: no forecast asked
    ask = await call(server, "update_ad_group", {"ad_account_id": ACCOUNT, "ad_group_ids": [GARDENERS],
                                                 "bid": {"amount": "0.80"}})
    forecast = ask.structured_content["summary"]["forecast"]
    assert any("audience about" in line and "people a month" in line for line in forecast), forecast
    floor = next(line for line in forecast if "bid floor" in line)
    assert "per 1,000 impressions (IMPRESSION, US)" in floor and "0.80 USD is UNDER the floor" in floor
    assert forecast[-1] == "the operator's caps were checked on up to 50.00 USD a day, no total bound (no end date)"
    wide = await call(server, "update_ad_group", {"ad_account_id": ACCOUNT, "ad_group_ids": [GARDENERS],
                                                  "bid": {"amount": "3.00"},
                                                  "targeting_changes": {"add": {"locations": ["CA"]}}})
    floor = next(line for line in wide.structured_content["summary"]["forecast"] if "bid floor" in line)
    assert "(IMPRESSION, US, CA)" in floor and "3.00 USD is at or above it" in floor
    paths = [r.path for r in bench.emulator.log if r.path.endswith(("/bid_floor", "/audience_sizing"))]
    assert len(paths) == 4


async def test_a_launch_to_activate_carries_the_forecast_too(bench):
    out = await call(bench.server(), "create_campaign", {
        "ad_account_id": ACCOUNT, "name": "Forecast", "objective": "traffic", "activate": True,
        "budget": {"amount": "20", "period": "daily"}, "ad_group": {"targeting": {"locations": ["US", "GB"]},
                                                                     "bid": "0.05"},
        "ads": [{"pin_id": seed.RAISED_BED_PIN_ID}]})
    forecast = out.structured_content["summary"]["forecast"]
    assert any("audience about" in line for line in forecast)
    assert any("per click (CLICKTHROUGH, US, GB)" in line and "0.05 USD is UNDER the floor" in line
               for line in forecast), forecast
