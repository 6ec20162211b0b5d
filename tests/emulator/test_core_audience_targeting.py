"""Audiences in an ad group's targeting_spec must be the ad account's own (Pinterest refuses others per item)."""

from __future__ import annotations

from pinterest_ads_mcp.emulator import seed
from tests.emulator.core_helpers import make_app, make_client


async def test_an_ad_group_may_target_only_its_own_accounts_audiences():
    app = make_app()
    async with make_client(app) as http:
        made = await http.post(f"/ad_accounts/{seed.EUR_ACCOUNT_ID}/audiences", json={
            "name": "Elsewhere", "audience_type": "ENGAGEMENT", "rule": {"engagement_domain": ["example.com"]}})
        assert made.status_code == 200, made.text
        foreign = made.json()["id"]
        group = {"campaign_id": seed.AWARENESS_CAMPAIGN_ID, "name": "Foreign audience", "status": "PAUSED",
                 "billable_event": "IMPRESSION", "bid_in_micro_currency": 2_000_000,  # a CBO campaign: no ad group budget
                 "targeting_spec": {"LOCATION": ["US"], "AUDIENCE_INCLUDE": [foreign]}}
        answer = await http.post(f"/ad_accounts/{seed.DEMO_ACCOUNT_ID}/ad_groups", json=[group])
        assert answer.status_code == 200, answer.text
        item = answer.json()["items"][0]
        assert "data" not in item or not item.get("data")
        assert "AUDIENCE_INCLUDE" in item["exceptions"][0]["message"] and foreign in item["exceptions"][0]["message"]


async def test_the_accounts_own_audience_is_accepted():
    app = make_app()
    async with make_client(app) as http:
        made = await http.post(f"/ad_accounts/{seed.DEMO_ACCOUNT_ID}/audiences", json={
            "name": "Ours", "audience_type": "ENGAGEMENT", "rule": {"engagement_domain": ["example.com"]}})
        ours = made.json()["id"]
        group = {"campaign_id": seed.AWARENESS_CAMPAIGN_ID, "name": "Own audience", "status": "PAUSED",
                 "billable_event": "IMPRESSION", "bid_in_micro_currency": 2_000_000,
                 "targeting_spec": {"LOCATION": ["US"], "AUDIENCE_EXCLUDE": [ours]}}
        answer = await http.post(f"/ad_accounts/{seed.DEMO_ACCOUNT_ID}/ad_groups", json=[group])
        item = answer.json()["items"][0]
        assert item["data"]["targeting_spec"]["AUDIENCE_EXCLUDE"] == [ours], item
