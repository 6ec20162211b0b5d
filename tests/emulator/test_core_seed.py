"""The demo seed: deterministic, consistent with Pinterest's rules, complete per the spec."""

from __future__ import annotations

from typing import Any

import httpx2

from pinterest_ads_mcp.emulator import seed as seed_module
from pinterest_ads_mcp.emulator.entities import ad_group_rules, ad_rules, campaign_rules
from pinterest_ads_mcp.emulator.seed import (
    ACTIVE_CAMPAIGN_IDS,
    ARCHIVED_CAMPAIGN_ID,
    CAMPAIGN_IDS,
    DAY,
    DEMO_ACCOUNT_ID,
    EUR_ACCOUNT_ID,
    PAUSED_CAMPAIGN_IDS,
    SEED_INTERESTS,
    seed,
)
from pinterest_ads_mcp.emulator.seed_health import HEALTH_ACCOUNT_ID
from pinterest_ads_mcp.emulator.store import Store
from tests.emulator.core_helpers import FROZEN, make_app, make_client


def seeded(now: float = FROZEN) -> Store:
    store = Store(clock=lambda: now)
    seed(store)
    return store


def test_same_data_every_run_and_relative_to_now():
    first, again = seeded(), seeded()
    for name in (
        "ad_accounts",
        "campaigns",
        "ad_groups",
        "ads",
        "boards",
        "pins",
        "labels",
        "status_log",
        "owner_of",
    ):
        assert getattr(first, name) == getattr(again, name), name
    later = seeded(FROZEN + 10 * DAY)
    assert set(later.campaigns) == set(first.campaigns)
    shift = (
        later.campaigns[CAMPAIGN_IDS[0]]["created_time"] - first.campaigns[CAMPAIGN_IDS[0]]["created_time"]
    )
    assert shift == 10 * DAY


def test_times_sit_on_day_boundaries_before_now():
    store = seeded()
    for entity_id, log in store.status_log.items():
        assert all(at % DAY == 0 and at <= FROZEN for at, _ in log), entity_id


def test_histories_match_the_story():
    store = seeded()
    today = FROZEN // DAY * DAY
    for campaign_id in ACTIVE_CAMPAIGN_IDS:
        assert [status for _, status in store.status_log[campaign_id]] == ["ACTIVE"]
    for campaign_id in PAUSED_CAMPAIGN_IDS:
        log = store.status_log[campaign_id]
        assert log == [(today - 120 * DAY, "ACTIVE"), (today - 20 * DAY, "PAUSED")]
        assert store.campaigns[campaign_id]["status"] == "PAUSED"
    assert [s for _, s in store.status_log[ARCHIVED_CAMPAIGN_ID]] == ["ACTIVE", "ARCHIVED"]
    for entity in [*store.campaigns.values(), *store.ad_groups.values(), *store.ads.values()]:
        assert store.status_log[entity["id"]][-1][1] == entity["status"]
        assert store.status_log[entity["id"]][0][0] == entity["created_time"]


def test_every_objective_and_both_accounts_are_covered():
    store = seeded()
    objectives = {
        c["objective_type"] for c in store.campaigns.values() if c["ad_account_id"] == DEMO_ACCOUNT_ID
    }
    assert objectives == {"AWARENESS", "CONSIDERATION", "VIDEO_COMPLETION", "WEB_CONVERSION"}
    accounts = {c["ad_account_id"] for c in store.campaigns.values()}
    assert accounts == {DEMO_ACCOUNT_ID, EUR_ACCOUNT_ID, HEALTH_ACCOUNT_ID}
    for campaign_id in CAMPAIGN_IDS:
        groups = [g for g in store.ad_groups.values() if g["campaign_id"] == campaign_id]
        assert 1 <= len(groups) <= 3
        for group in groups:
            assert 1 <= len([a for a in store.ads.values() if a["ad_group_id"] == group["id"]]) <= 3
    labels = {label["label_type"] for label in store.labels.values()}
    assert labels == {"BRAND", "CUSTOM"}


def test_seed_obeys_the_rules_it_enforces():
    store = seeded()
    for campaign in store.campaigns.values():
        campaign_rules(campaign, store, end_changed=False)
    for group in store.ad_groups.values():
        ad_group_rules(group, store.campaigns[group["campaign_id"]], store, end_changed=False, where="seed")
        for interest in group["targeting_spec"].get("INTEREST", []):
            assert interest in SEED_INTERESTS
    for ad in store.ads.values():
        ad_rules(ad, store.pins[ad["pin_id"]], store.campaigns[ad["campaign_id"]])


def test_ids_do_not_collide_with_new_ids():
    store = seeded()
    fresh = {store.new_id() for _ in range(1000)}
    existing = {
        *store.campaigns,
        *store.ad_groups,
        *store.ads,
        *store.pins,
        *store.boards,
        *store.labels,
        *store.ad_accounts,
    }
    assert not fresh & existing
    assert all(len(entity_id) <= 18 for entity_id in existing)
    assert seed_module.BEST_PIN_ID in store.pins


async def test_every_seeded_entity_validates_against_the_spec(validating_transport):
    app = make_app()
    transport = validating_transport(httpx2.ASGITransport(app=app))
    statuses: dict[str, Any] = {"entity_statuses": ["ACTIVE", "PAUSED", "ARCHIVED"], "page_size": 250}
    async with make_client(app, transport=transport) as client:
        for account in (DEMO_ACCOUNT_ID, EUR_ACCOUNT_ID):
            for kind in ("campaigns", "ad_groups", "ads"):
                items = (await client.get(f"/ad_accounts/{account}/{kind}", params=statuses)).json()["items"]
                assert items
                await client.get(f"/ad_accounts/{account}/{kind}/{items[0]['id']}")
        await client.get(
            f"/ad_accounts/{DEMO_ACCOUNT_ID}/labels", params={"entity_statuses": ["ACTIVE", "ARCHIVED"]}
        )
        await client.get("/pins", params={"pin_metrics": "true", "page_size": 250})
    assert len(transport.exchanges) == 14


async def test_unseeded_emulator_is_empty_but_serves():
    app = make_app(seed=False)
    async with make_client(app) as client:
        assert (await client.get("/ad_accounts")).json() == {"items": [], "bookmark": None}
        assert (await client.get("/pins")).json()["items"] == []


async def test_an_active_ad_held_in_review_does_not_report_approved():
    """Pinterest reports an ACTIVE ad's review outcome as its summary; only a passed review is APPROVED."""
    from pinterest_ads_mcp.emulator.seed_health import REJECTED_AD_ID

    async with make_client(make_app()) as client:
        path = f"/ad_accounts/{HEALTH_ACCOUNT_ID}/ads/{REJECTED_AD_ID}"
        ad = (await client.get(path)).json()
        assert ad["status"] == "ACTIVE" and ad["summary_status"] == "REJECTED"
        listed = (await client.get(f"/ad_accounts/{HEALTH_ACCOUNT_ID}/ads", params={"ad_ids": REJECTED_AD_ID}))
        assert [item["summary_status"] for item in listed.json()["items"]] == ["REJECTED"]
        paused = await client.patch(
            f"/ad_accounts/{HEALTH_ACCOUNT_ID}/ads", json=[{"id": REJECTED_AD_ID, "status": "PAUSED"}]
        )
        assert paused.json()["items"][0]["data"]["summary_status"] == "PAUSED"
