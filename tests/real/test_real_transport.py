"""Retry and error rules as a real Pinterest needs them: analytics throttling as a 400, daily quotas
on 429 (X-RateLimit-Reset, not Retry-After), spam 429s, and a missing scope (401 code 3)."""

from __future__ import annotations

import datetime as dt
import re
import time

import httpx2
import pytest

from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.config import EmulatorConfig
from pinterest_ads_mcp.emulator.seed import AWARENESS_CAMPAIGN_ID, DEMO_ACCOUNT_ID
from pinterest_ads_mcp.pinterest.auth import Credentials
from pinterest_ads_mcp.pinterest.client import PinterestClient
from pinterest_ads_mcp.pinterest.errors import MissingScope, QuotaExhausted, RateLimited, SpamBlocked
from pinterest_ads_mcp.pinterest.transport import RetryPolicy

BASE = "http://api.test/v5"
FAST = RetryPolicy(attempts=4, base_delay=0.001, max_delay=0.005, max_retry_after=0.01)


def _client(app, validating_transport, **creds) -> PinterestClient:
    creds.setdefault("access_token", "t")
    return PinterestClient(BASE, Credentials(**creds), transport=validating_transport(httpx2.ASGITransport(app=app)),
                           retry=FAST)


def _days() -> tuple[str, str]:
    today = dt.date.today()
    return (today - dt.timedelta(days=7)).isoformat(), (today - dt.timedelta(days=1)).isoformat()


async def test_analytics_throttling_is_a_400_and_reads_are_retried_after_it(validating_transport):
    app = create_app(EmulatorConfig(rate_limits={"ads_analytics": (1, 1.0)}))
    start, end = _days()
    patient = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.005, max_retry_after=1.5)
    async with PinterestClient(BASE, Credentials(access_token="t"), retry=patient,
                               transport=validating_transport(httpx2.ASGITransport(app=app))) as client:
        first = await client.analytics("campaign", DEMO_ACCOUNT_ID, start_date=start, end_date=end,
                                       columns=["SPEND_IN_DOLLAR"], granularity="TOTAL", ids=[AWARENESS_CAMPAIGN_ID])
        second = await client.analytics("campaign", DEMO_ACCOUNT_ID, start_date=start, end_date=end,
                                        columns=["SPEND_IN_DOLLAR"], granularity="TOTAL", ids=[AWARENESS_CAMPAIGN_ID])
    assert first and second
    statuses = [r.status for r in app.state.emulator.log]
    assert 400 in statuses, statuses  # Pinterest's shape: a 400 saying "Retry after N seconds"
    throttled = next(r for r in app.state.emulator.log if r.status == 400)
    assert throttled.category == "ads_analytics"


async def test_analytics_throttling_that_outlasts_the_retries_says_so(validating_transport):
    app = create_app(EmulatorConfig(rate_limits={"ads_analytics": (1, 30.0)}))
    start, end = _days()
    async with _client(app, validating_transport) as client:
        await client.analytics("account", DEMO_ACCOUNT_ID, start_date=start, end_date=end,
                               columns=["SPEND_IN_DOLLAR"], granularity="TOTAL")
        with pytest.raises(RateLimited) as caught:
            await client.analytics("account", DEMO_ACCOUNT_ID, start_date=start, end_date=end,
                                   columns=["SPEND_IN_DOLLAR"], granularity="TOTAL")
    assert caught.value.category == "ads_analytics" and 1 <= caught.value.retry_after <= 30
    assert "Retry after" in str(caught.value)


async def test_a_spent_daily_quota_is_not_retried_and_says_when_it_returns(validating_transport):
    app = create_app(EmulatorConfig(tier="trial", rate_limits={"ads_read": (2, 86_400.0)}))
    async with _client(app, validating_transport) as client:
        await client.list_campaigns(DEMO_ACCOUNT_ID, limit=1)
        await client.list_ad_groups(DEMO_ACCOUNT_ID, limit=1)
        with pytest.raises(QuotaExhausted) as caught:
            await client.list_ads(DEMO_ACCOUNT_ID, limit=1)
        sent = len(app.state.emulator.log)
        with pytest.raises(QuotaExhausted):  # known spent: fails at once, nothing more is sent
            await client.list_campaigns(DEMO_ACCOUNT_ID, limit=1)
        assert len(app.state.emulator.log) == sent
    refused = [r for r in app.state.emulator.log if r.status == 429]
    assert len(refused) == 1  # one refusal, no retries spent on a quota that returns in hours
    text = str(caught.value)
    assert "ads_read" in text and "daily quota" in text
    assert re.search(r"in about (23|24) hours, at \d\d:\d\d UTC", text), text
    expected = time.time() + 86_400
    assert abs(caught.value.resets_at - expected) < 120


async def test_missing_scope_is_not_an_expired_token(validating_transport):
    app = create_app(EmulatorConfig(token="good"))
    tokens = app.state.emulator.issue_tokens("ads:read user_accounts:read")
    async with _client(app, validating_transport, access_token=tokens["access_token"],
                       refresh_token=tokens["refresh_token"], app_id="demo-app", app_secret="demo-secret") as client:
        with pytest.raises(MissingScope) as caught:
            await client.list_pins(limit=1)
    assert caught.value.code == 3 and caught.value.scope == "pins:read"
    assert "pins:read" in str(caught.value) and "pinterest-ads-mcp auth" in str(caught.value)
    assert not [r for r in app.state.emulator.log if "oauth/token" in r.path]  # no refresh was tried


async def test_spam_429_is_not_retried():
    calls = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        calls.append(request)
        return httpx2.Response(429, json={"code": 8, "message": "Your request was blocked by spam detection."})

    async with PinterestClient(BASE, Credentials(access_token="t"), transport=httpx2.MockTransport(answer),
                               retry=FAST) as client:
        with pytest.raises(SpamBlocked) as caught:
            await client.get_user_account()
    assert len(calls) == 1 and "spam" in str(caught.value)


def test_x_ratelimit_reset_may_be_a_unix_time():
    from pinterest_ads_mcp.pinterest.transport import _reset_in

    soon = httpx2.Response(429, headers={"X-RateLimit-Reset": str(int(time.time()) + 100)})
    assert 95 <= _reset_in(soon) <= 101
    assert _reset_in(httpx2.Response(429, headers={"X-RateLimit-Reset": "25000"})) == 25000
    assert _reset_in(httpx2.Response(429, headers={"Retry-After": "3"})) == 3
