"""The emulator's bid floors: per billable event, the dearest country asked for, in the asked currency."""

from __future__ import annotations

import httpx
import pytest

from pinterest_ads_mcp.emulator import seed

URL = f"/ad_accounts/{seed.DEMO_ACCOUNT_ID}/bid_floor"


@pytest.fixture
def api(emulator_app, validating_transport):
    return httpx.AsyncClient(transport=validating_transport(httpx.ASGITransport(app=emulator_app)),
                             base_url="http://emulator.local/v5", headers={"Authorization": "Bearer t"})


async def test_floors_follow_event_country_and_currency(api):
    answer = await api.post(URL, json={"bid_floor_specs": [
        {"billable_event": "CLICKTHROUGH", "currency": "USD", "countries": ["CA"]},
        {"billable_event": "CLICKTHROUGH", "currency": "USD", "countries": ["CA", "US"]},
        {"billable_event": "IMPRESSION", "currency": "USD"},
        {"billable_event": "IMPRESSION", "currency": "EUR"}], "targeting_spec": {"LOCATION": ["501"]}})
    assert answer.status_code == 200
    ca, us, cpm_usd, cpm_eur = answer.json()["bid_floors"]
    assert ca < us == 100_000 and cpm_usd == 1_500_000 and cpm_eur < cpm_usd


async def test_a_spec_without_billable_event_is_a_400(emulator_app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emulator_app), base_url="http://e/v5",
                                 headers={"Authorization": "Bearer t"}) as api:
        answer = await api.post(URL, json={"bid_floor_specs": [{"currency": "USD"}]})
    assert answer.status_code == 400 and "billable_event" in answer.json()["message"]
