"""The client against the emulator: pagination, chunking, retries, writes, errors, token refresh."""

from __future__ import annotations

import copy

import anyio
import httpx2
import pytest

from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID
from pinterest_ads_mcp.pinterest.auth import Credentials, TokenFile, TokenManager
from pinterest_ads_mcp.pinterest.client import PinterestClient
from pinterest_ads_mcp.pinterest.errors import (
    AuthenticationFailed,
    BadRequest,
    NotFound,
    ServerError,
    UnknownOutcome,
)

from .conftest import BASE, FAST_RETRY


def _clone_campaigns(emulator, n: int) -> list[str]:
    """Add n campaigns to the emulator's store (setup only: what is under test is the client)."""
    store = emulator.store
    template = next(c for c in store.campaigns.values() if c["ad_account_id"] == DEMO_ACCOUNT_ID)
    ids = []
    for i in range(n):
        c = copy.deepcopy(template)
        c["id"] = store.new_id()
        c["name"] = f"Bulk {i}"
        c["status"] = "PAUSED"
        store.campaigns[c["id"]] = c
        store.record_status(c["id"], "PAUSED")
        ids.append(c["id"])
    return ids


def _gets(emulator, fragment: str) -> list:
    return [r for r in emulator.log if r.method == "GET" and r.path.endswith(fragment)]


async def test_lists_accounts_and_campaigns(client):
    accounts = await client.list_ad_accounts()
    currencies = {a.currency for a in accounts}
    assert {"USD", "EUR"} <= currencies
    campaigns = await client.list_campaigns(DEMO_ACCOUNT_ID)
    assert campaigns and all(c.status in ("ACTIVE", "PAUSED") for c in campaigns)
    archived = await client.list_campaigns(DEMO_ACCOUNT_ID, statuses=["ARCHIVED"])
    assert archived and all(c.status == "ARCHIVED" for c in archived)


async def test_pagination_returns_exactly_the_limit_across_pages(client, emulator):
    _clone_campaigns(emulator, 300)
    emulator.reset_log()
    rows = await client.list_campaigns(DEMO_ACCOUNT_ID, limit=260)
    assert len(rows) == 260
    assert len({r.id for r in rows}) == 260
    pages = _gets(emulator, "/campaigns")
    assert len(pages) == 2
    assert pages[0].query["page_size"] == ["250"] and pages[1].query["page_size"] == ["10"]
    everything = await client.list_campaigns(DEMO_ACCOUNT_ID)
    assert len(everything) > 300


async def test_id_lists_are_chunked_by_250(client, emulator):
    ids = _clone_campaigns(emulator, 600)
    emulator.reset_log()
    rows = await client.list_campaigns(DEMO_ACCOUNT_ID, campaign_ids=ids)
    assert sorted(r.id for r in rows) == sorted(ids)
    calls = _gets(emulator, "/campaigns")
    assert len(calls) == 3
    assert sorted(len(c.query["campaign_ids"]) for c in calls) == [100, 250, 250]


@pytest.mark.parametrize("fault", [{"kind": "status", "status": 429}, {"kind": "status", "status": 503},
                                   {"kind": "drop"}])
async def test_reads_survive_transient_faults(client, emulator, fault):
    emulator.faults.add(fault.pop("kind"), path="/campaigns$", times=2, **fault)
    rows = await client.list_campaigns(DEMO_ACCOUNT_ID)
    assert rows
    assert len(_gets(emulator, "/campaigns")) == 3  # two failures, then success


async def test_reads_give_up_after_the_retry_budget(client, emulator):
    emulator.faults.add("status", status=500, path="/campaigns$", times=None)
    with pytest.raises(ServerError) as err:
        await client.list_campaigns(DEMO_ACCOUNT_ID)
    assert "HTTP 500" in str(err.value)
    assert len(_gets(emulator, "/campaigns")) == FAST_RETRY.attempts


def _campaign_body(name: str) -> dict:
    return {"ad_account_id": DEMO_ACCOUNT_ID, "name": name, "objective_type": "AWARENESS", "status": "PAUSED",
            "daily_spend_cap": 10_000_000, "is_campaign_budget_optimization": True}


async def test_write_returns_per_item_results(client):
    results = await client.create_campaigns(DEMO_ACCOUNT_ID, [
        _campaign_body("ok"),
        {**_campaign_body("both caps"), "lifetime_spend_cap": 50_000_000},
    ])
    assert results[0].ok and results[0].data["name"] == "ok"
    assert not results[1].ok and results[1].errors


@pytest.mark.parametrize("kind", ["drop_after", "status"])
async def test_writes_with_unknown_outcome_are_not_retried(client, emulator, kind):
    emulator.faults.add(kind, status=500, method="POST", path="/campaigns$")
    with pytest.raises(UnknownOutcome):
        await client.create_campaigns(DEMO_ACCOUNT_ID, [_campaign_body("maybe")])
    posts = [r for r in emulator.log if r.method == "POST"]
    assert len(posts) == 1


async def test_writes_are_retried_after_429(client, emulator):
    emulator.faults.add("status", status=429, method="POST", path="/campaigns$", retry_after=0.001)
    results = await client.create_campaigns(DEMO_ACCOUNT_ID, [_campaign_body("after 429")])
    assert results[0].ok
    assert len([r for r in emulator.log if r.method == "POST"]) == 2


async def test_write_batches_are_held_to_30(client, emulator):
    with pytest.raises(ValueError):
        await client.create_campaigns(DEMO_ACCOUNT_ID, [_campaign_body(str(i)) for i in range(31)])
    assert not emulator.writes()


async def test_errors_carry_code_message_and_request_id(client):
    with pytest.raises(NotFound) as err:
        await client.get_ad_account("999999999")
    e = err.value
    assert e.status == 404 and e.code is not None and e.request_id
    assert e.request_id in str(e)
    with pytest.raises(BadRequest) as err:
        await client.analytics("campaign", DEMO_ACCOUNT_ID, start_date="2020-01-01", end_date="2020-01-02",
                               columns=["SPEND_IN_DOLLAR"], granularity="TOTAL", ids=["1"])
    assert "start_date" in str(err.value) or "date" in str(err.value)


async def test_token_refresh_on_401_once(emulator_app, emulator, tmp_path, validating_transport):
    # Get a real refresh token from the emulator's own OAuth endpoint.
    async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=emulator_app), base_url=BASE) as raw:
        grant = await raw.post("/oauth/token", data={"grant_type": "client_credentials", "scope": "ads:read"},
                               auth=(emulator.config.app_id, emulator.config.app_secret))
    assert grant.status_code == 200
    refresh = next(iter(emulator.store.refresh_tokens), None) or _issue_refresh(emulator)
    creds = Credentials(access_token="expired-token", refresh_token=refresh, app_id=emulator.config.app_id,
                        app_secret=emulator.config.app_secret)
    tokens = TokenManager(creds, TokenFile(tmp_path))
    transport = validating_transport(httpx2.ASGITransport(app=emulator_app))
    async with PinterestClient(BASE, creds, transport=transport, retry=FAST_RETRY, tokens=tokens) as client:
        emulator.reset_log()
        results = []
        async with anyio.create_task_group() as tg:
            for _ in range(5):
                tg.start_soon(lambda: _append(results, client.list_ad_accounts()))
        assert len(results) == 5
    refreshes = [r for r in emulator.log if r.path.endswith("/oauth/token")]
    assert len(refreshes) == 1  # five concurrent 401s, one refresh
    assert creds.access_token != "expired-token"
    saved = (tmp_path / "tokens.json")
    assert saved.exists() and oct(saved.stat().st_mode & 0o777) == "0o600"
    assert "expired-token" not in saved.read_text()
    # A fresh manager on the same state dir starts from the renewed token.
    again = Credentials(access_token="expired-token", refresh_token=refresh, app_id="a", app_secret="b")
    TokenManager(again, TokenFile(tmp_path))
    assert again.access_token == creds.access_token


async def _append(results, coro):
    results.append(await coro)


def _issue_refresh(emulator) -> str:
    token = "seeded-refresh-token"
    emulator.store.refresh_tokens[token] = emulator.config.scopes
    return token


async def test_refresh_failure_does_not_loop(emulator_app, emulator, validating_transport):
    creds = Credentials(access_token="expired-token", refresh_token="not-a-real-refresh-token",
                        app_id=emulator.config.app_id, app_secret=emulator.config.app_secret)
    transport = validating_transport(httpx2.ASGITransport(app=emulator_app))
    async with PinterestClient(BASE, creds, transport=transport, retry=FAST_RETRY) as client:
        with pytest.raises(AuthenticationFailed) as err:
            await client.list_ad_accounts()
    assert "not-a-real-refresh-token" not in str(err.value)
    assert len([r for r in emulator.log if r.path.endswith("/oauth/token")]) == 1
    assert len([r for r in emulator.log if r.path.endswith("/ad_accounts")]) == 1


async def test_without_refresh_credentials_a_401_is_reported(emulator_app, emulator):
    async with PinterestClient(BASE, Credentials(access_token="wrong"),
                               transport=httpx2.ASGITransport(app=emulator_app), retry=FAST_RETRY) as client:
        with pytest.raises(AuthenticationFailed) as err:
            await client.list_ad_accounts()
    assert "pinterest-ads-mcp auth" in str(err.value)
    assert "Bearer" not in str(err.value)


async def test_keyword_creates_fold_into_item_results_in_input_order(client, emulator):
    group = next(g for g in emulator.store.ad_groups.values() if emulator.store.account_of(g) == DEMO_ACCOUNT_ID)
    sent = [{"value": "cheap", "match_type": "EXACT_NEGATIVE"}, {"value": "garden", "match_type": "BROAD"},
            {"value": "Garden", "match_type": "BROAD"}]  # the last one duplicates the second: refused
    results = await client.create_keywords(DEMO_ACCOUNT_ID, group["id"], sent)
    assert [r.ok for r in results] == [True, True, False]
    assert [r.data["match_type"] for r in results[:2]] == ["EXACT_NEGATIVE", "BROAD"]
    assert "already exists" in results[2].errors[0].message
    listed = await client.list_keywords(DEMO_ACCOUNT_ID, ad_group_id=group["id"], match_types=["BROAD"])
    assert [k.value for k in listed] == ["garden"]
    archived = await client.archive_keywords(DEMO_ACCOUNT_ID, [results[1].data["id"], "1234567890"])
    assert archived[0].ok and archived[0].data["archived"] is True
    assert not archived[1].ok and "not found" in archived[1].errors[0].message
    assert await client.list_keywords(DEMO_ACCOUNT_ID, ad_group_id=group["id"], match_types=["BROAD"]) == []


async def test_keyword_create_with_unknown_outcome_is_not_retried(client, emulator):
    emulator.faults.add("status", status=503, method="POST", path=r"/keywords$", times=5)
    with pytest.raises(UnknownOutcome):
        await client.create_keywords(DEMO_ACCOUNT_ID, "1234567890", [{"value": "a", "match_type": "BROAD"}])
    assert len([r for r in emulator.log if r.path.endswith("/keywords")]) == 1
