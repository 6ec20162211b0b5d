"""Injected faults, latency and rate limits: what client retry and recovery logic is tested against."""

from __future__ import annotations

import time

import pytest

from pinterest_ads_mcp.emulator import Faults
from pinterest_ads_mcp.emulator.ratelimit import RateLimiter, category_for
from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID
from tests.emulator.core_helpers import assert_error, assert_valid, make_app, make_client

ACCOUNT = f"/ad_accounts/{DEMO_ACCOUNT_ID}"
NEW_CAMPAIGN = [{"ad_account_id": DEMO_ACCOUNT_ID, "name": "Fault test", "objective_type": "CONSIDERATION"}]


async def test_status_fault_fires_the_given_number_of_times(contract):
    app = make_app()
    app.state.emulator.faults.add("status", status=503, path=r"/campaigns$", times=2)
    async with make_client(app) as client:
        first = await client.get(f"{ACCOUNT}/campaigns")
        second = await client.get(f"{ACCOUNT}/campaigns")
        third = await client.get(f"{ACCOUNT}/campaigns")
        other = await client.get("/ad_accounts")
    assert [first.status_code, second.status_code, third.status_code, other.status_code] == [
        503,
        503,
        200,
        200,
    ]
    assert_error(first, 503)
    assert_valid(contract, first)
    assert "x-pinterest-rid" in first.headers
    assert [record.status for record in app.state.emulator.log] == [503, 503, 200, 200]


async def test_injected_429_carries_retry_after():
    app = make_app()
    app.state.emulator.faults.add("status", status=429, retry_after=3, method="GET")
    async with make_client(app) as client:
        assert (await client.post(f"{ACCOUNT}/campaigns", json=NEW_CAMPAIGN)).status_code == 200
        limited = await client.get("/pins")
    assert limited.headers["Retry-After"] == "3" and limited.json()["code"] == 8


async def test_drop_raises_before_the_handler_runs():
    app = make_app()
    emulator = app.state.emulator
    before = len(emulator.store.campaigns)
    emulator.faults.add("drop", method="POST", path="/campaigns")
    async with make_client(app) as client:
        with pytest.raises(ConnectionResetError):
            await client.post(f"{ACCOUNT}/campaigns", json=NEW_CAMPAIGN)
    assert len(emulator.store.campaigns) == before
    assert emulator.log[-1].status == 0 and emulator.writes()


async def test_drop_after_applies_the_write_then_drops():
    app = make_app()
    emulator = app.state.emulator
    before = len(emulator.store.campaigns)
    emulator.faults.add("drop_after", method="POST", path="/campaigns")
    async with make_client(app) as client:
        with pytest.raises(ConnectionResetError):
            await client.post(f"{ACCOUNT}/campaigns", json=NEW_CAMPAIGN)
        listed = (await client.get(f"{ACCOUNT}/campaigns", params={"page_size": 250})).json()["items"]
    assert len(emulator.store.campaigns) == before + 1
    assert "Fault test" in {c["name"] for c in listed}
    assert emulator.writes()[0].status == 200


async def _pattern(seed: int) -> list[int]:
    app = make_app(fault_seed=seed)
    app.state.emulator.faults.add("status", status=500, times=None, probability=0.5)
    async with make_client(app) as client:
        return [(await client.get("/user_account")).status_code for _ in range(24)]


async def test_probability_faults_are_reproducible():
    first, again, other = await _pattern(7), await _pattern(7), await _pattern(8)
    assert first == again
    assert 500 in first and 200 in first
    assert first != other


async def test_latency_fault_and_global_latency():
    app = make_app()
    emulator = app.state.emulator
    emulator.faults.add("latency", latency_ms=60, path="/user_account")
    async with make_client(app) as client:
        started = time.perf_counter()
        await client.get("/user_account")
        assert time.perf_counter() - started >= 0.05
        emulator.set_latency(30)
        started = time.perf_counter()
        await client.get("/ad_accounts")
        assert time.perf_counter() - started >= 0.025
    assert emulator.log[0].duration_s >= 0.05


def test_faults_validate_their_arguments_and_clear():
    faults = Faults()
    with pytest.raises(ValueError):
        faults.add("explode")
    with pytest.raises(ValueError):
        faults.add("status", probability=2)
    faults.add("status", method="get", path="x")
    assert faults.pick("GET", "/v5/x") and not faults.pick("GET", "/v5/x")
    faults.add("drop", times=None)
    faults.clear()
    assert faults.pick("GET", "/v5/anything") == []


async def test_rate_limit_answers_429_with_x_ratelimit_reset(contract):
    app = make_app(rate_limits={"ads_read": (2, 60)})
    async with make_client(app) as client:
        ok = [await client.get(f"{ACCOUNT}/campaigns") for _ in range(2)]
        limited = await client.get(f"{ACCOUNT}/ads")
        other_category = await client.get("/pins")
    assert [r.status_code for r in ok] == [200, 200]
    assert ok[0].headers["x-ratelimit-limit"] == "2" and ok[1].headers["x-ratelimit-remaining"] == "0"
    assert limited.status_code == 429 and limited.json()["code"] == 8
    # Pinterest sends X-RateLimit-Reset, not Retry-After.
    assert 1 <= int(limited.headers["X-RateLimit-Reset"]) <= 60 and "Retry-After" not in limited.headers
    assert_valid(contract, limited)
    assert other_category.status_code == 200 and "x-ratelimit-limit" not in other_category.headers


async def test_set_rate_limit_at_run_time():
    app = make_app()
    app.state.emulator.set_rate_limit("org_read", 1, 30)
    async with make_client(app) as client:
        assert (await client.get("/pins")).status_code == 200
        assert (await client.get("/boards")).status_code == 429


def test_fixed_window_resets():
    now = [100.0]
    limiter = RateLimiter({"ads_write": (1, 10)}, now=lambda: now[0])
    assert limiter.charge("ads_write").allowed
    denied = limiter.charge("ads_write")
    assert not denied.allowed and denied.retry_after == 10
    now[0] += 10
    assert limiter.charge("ads_write").allowed
    assert limiter.charge("ads_read") is None


@pytest.mark.parametrize(
    ("method", "path", "category"),
    [
        ("GET", "/v5/ad_accounts", "ads_read"),
        ("GET", "/v5/ad_accounts/1/campaigns", "ads_read"),
        ("POST", "/v5/ad_accounts/1/campaigns", "ads_write"),
        ("PATCH", "/v5/ad_accounts/1/ads", "ads_write"),
        ("POST", "/v5/ad_accounts/1/labels/2/apply", "ads_write"),
        ("POST", "/v5/ad_accounts/1/ad_groups/audience_sizing", "ads_read"),
        ("POST", "/v5/ad_accounts/1/bid_floor", "ads_read"),
        ("GET", "/v5/ad_accounts/1/analytics", "ads_analytics"),
        ("GET", "/v5/ad_accounts/1/campaigns/analytics", "ads_analytics"),
        ("GET", "/v5/ad_accounts/1/ads/targeting_analytics", "ads_analytics"),
        ("POST", "/v5/ad_accounts/1/reports", "ads_analytics"),
        ("GET", "/v5/ad_accounts/1/reports", "ads_analytics"),
        ("GET", "/v5/resources/targeting/INTEREST", "ads_read"),
        ("GET", "/v5/pins", "org_read"),
        ("GET", "/v5/boards/1/pins", "org_read"),
        ("GET", "/v5/user_account", "org_read"),
        ("GET", "/v5/search/pins", "org_read"),
        ("POST", "/v5/oauth/token", "org_read"),
        ("GET", "/ad_accounts/1/ads", "ads_read"),
    ],
)
def test_categories_match_the_spec(method, path, category):
    assert category_for(method, path) == category


def test_categories_agree_with_the_spec_for_served_operations(contract):
    """Every operation we (or the insights routes) serve is charged to its x-ratelimit-category."""
    spec = contract.spec
    served = [
        ("/user_account", "get"),
        ("/ad_accounts", "get"),
        ("/ad_accounts/{ad_account_id}", "get"),
        ("/boards", "get"),
        ("/boards/{board_id}", "get"),
        ("/boards/{board_id}/pins", "get"),
        ("/pins", "get"),
        ("/pins/{pin_id}", "get"),
        ("/search/pins", "get"),
        ("/oauth/token", "post"),
        ("/ad_accounts/{ad_account_id}/labels", "get"),
        ("/ad_accounts/{ad_account_id}/labels", "post"),
        ("/ad_accounts/{ad_account_id}/labels", "patch"),
        ("/ad_accounts/{ad_account_id}/keywords", "get"),
        ("/ad_accounts/{ad_account_id}/keywords", "post"),
        ("/ad_accounts/{ad_account_id}/keywords", "patch"),
        ("/ad_accounts/{ad_account_id}/ad_groups/audience_sizing", "post"),
        ("/ad_accounts/{ad_account_id}/analytics", "get"),
        ("/ad_accounts/{ad_account_id}/reports", "post"),
        ("/resources/targeting/{targeting_type}", "get"),
    ] + [
        (f"/ad_accounts/{{ad_account_id}}/{kind}", method)
        for kind in ("campaigns", "ad_groups", "ads")
        for method in ("get", "post", "patch")
    ]
    for path, method in served:
        expected = spec["paths"][path][method]["x-ratelimit-category"]
        concrete = "/v5" + path.replace("{ad_account_id}", "1").replace("{board_id}", "2").replace(
            "{pin_id}", "3"
        ).replace("{targeting_type}", "GENDER")
        assert category_for(method, concrete) == expected, (method, path)
