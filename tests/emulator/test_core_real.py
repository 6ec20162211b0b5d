"""The emulator answers as a real Pinterest does where the docs alone mislead: sandbox gaps, Idea
pins, repins, secret boards, Business Access, the labels beta and Trial-tier quotas."""

from __future__ import annotations

from typing import Any

import pytest

from pinterest_ads_mcp.emulator.seed import (
    CLIENT_PIN_ID,
    DEMO_ACCOUNT_ID,
    IDEA_PIN_ID,
    REPIN_PIN_ID,
    SECRET_PIN_ID,
    SHARED_ACCOUNT_ID,
    TRAFFIC_CAMPAIGN_ID,
    VIDEO_PIN_ID,
)
from tests.emulator.core_helpers import assert_error, assert_valid, make_app, make_client

GROUP = f"{int(TRAFFIC_CAMPAIGN_ID) * 10 + 1}"  # the seeded traffic campaign's first ad group


def _ad(pin_id: str, creative: str, **extra: Any) -> list[dict[str, Any]]:
    return [{"ad_group_id": GROUP, "pin_id": pin_id, "creative_type": creative, "status": "PAUSED", **extra}]


async def _exception(client: Any, body: list[dict[str, Any]]) -> str:
    answer = (await client.post(f"/ad_accounts/{DEMO_ACCOUNT_ID}/ads", json=body)).json()
    item = answer["items"][0]
    return "" if "data" in item and item.get("data") else item["exceptions"]["message"]


@pytest.mark.parametrize(
    ("pin_id", "creative", "extra", "words"),
    [
        (IDEA_PIN_ID, "REGULAR", {"destination_url": "https://x.example/a"}, "creative_type IDEA"),
        (IDEA_PIN_ID, "IDEA", {}, "destination_url is required"),
        (VIDEO_PIN_ID, "IDEA", {}, "needs an Idea"),
        (REPIN_PIN_ID, "REGULAR", {}, "repin"),
        (SECRET_PIN_ID, "REGULAR", {}, "secret board"),
    ],
)
async def test_pins_pinterest_will_not_promote_as_asked(pin_id, creative, extra, words):
    async with make_client(make_app()) as client:
        assert words in await _exception(client, _ad(pin_id, creative, **extra))


async def test_an_idea_pin_is_promoted_as_idea_with_a_destination():
    async with make_client(make_app()) as client:
        assert await _exception(client, _ad(IDEA_PIN_ID, "IDEA", destination_url="https://x.example/a")) == ""


async def test_business_access_reads_the_account_owners_pins(contract):
    async with make_client(make_app()) as client:
        own = (await client.get("/pins", params={"page_size": 100})).json()["items"]
        shared = await client.get("/pins", params={"ad_account_id": SHARED_ACCOUNT_ID})
        one = await client.get(f"/pins/{CLIENT_PIN_ID}")
    assert CLIENT_PIN_ID not in {p["id"] for p in own}
    assert [p["id"] for p in shared.json()["items"]] == [CLIENT_PIN_ID]
    assert_valid(contract, shared)
    assert_error(one, 404, "Pin")


async def test_the_sandbox_lacks_reports_search_video_and_business_access(contract):
    app = make_app(sandbox=True)
    async with make_client(app) as client:
        report = await client.post(f"/ad_accounts/{DEMO_ACCOUNT_ID}/reports", json={})
        search = await client.get("/search/pins", params={"query": "garden"})
        shared = await client.get("/pins", params={"ad_account_id": SHARED_ACCOUNT_ID})
        video = await _exception(client, [{"ad_group_id": str(int("626735565840") * 10 + 1), "pin_id": VIDEO_PIN_ID,
                                            "creative_type": "VIDEO", "status": "PAUSED"}])
    assert_error(report, 404, "sandbox")
    assert_error(search, 404, "sandbox")
    assert_error(shared, 400, "sandbox")
    assert "sandbox" in video


async def test_labels_outside_the_beta_are_refused_with_403(contract):
    async with make_client(make_app()) as client:
        refused = await client.get(f"/ad_accounts/{SHARED_ACCOUNT_ID}/labels")
        allowed = await client.get(f"/ad_accounts/{DEMO_ACCOUNT_ID}/labels")
    assert_error(refused, 403, "closed beta")
    assert_valid(contract, refused)
    assert allowed.status_code == 200


async def test_a_trial_app_has_a_daily_quota_and_429s_carry_x_ratelimit_reset(contract):
    app = make_app(tier="trial", rate_limits={"org_read": (1, 86_400.0)})
    async with make_client(app) as client:
        first = await client.get("/boards")
        refused = await client.get("/boards")
    assert first.headers["x-ratelimit-limit"] == "1000" or first.headers["x-ratelimit-limit"] == "1"
    assert int(first.headers["x-ratelimit-reset"]) > 80_000
    assert refused.status_code == 429 and refused.json()["code"] == 8
    assert int(refused.headers["x-ratelimit-reset"]) > 80_000 and "retry-after" not in refused.headers
    assert_valid(contract, refused)
    assert app.state.emulator.limiter.limits["ads_read"] == (1000, 86_400.0)


async def test_analytics_throttling_is_a_400_saying_retry_after(contract):
    app = make_app(rate_limits={"ads_analytics": (1, 30.0)})
    params = {"start_date": "2020-01-01", "end_date": "2020-01-02", "columns": "SPEND_IN_DOLLAR",
              "granularity": "TOTAL"}
    async with make_client(app) as client:
        await client.get(f"/ad_accounts/{DEMO_ACCOUNT_ID}/analytics", params=params)
        throttled = await client.get(f"/ad_accounts/{DEMO_ACCOUNT_ID}/analytics", params=params)
    assert_error(throttled, 400, "Retry after")
    assert_valid(contract, throttled)
