"""When the synthetic metrics accrue: only while ad, ad group and campaign were all ACTIVE, inside
their schedules, before ``now``, and never beyond a daily budget, a daily cap or a lifetime cap."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from pinterest_ads_mcp.emulator.seed import AWARENESS_CAMPAIGN_ID, DEMO_ACCOUNT_ID, VIDEO_CAMPAIGN_ID
from tests.emulator.core_helpers import FROZEN, make_client
from tests.emulator.test_insights_analytics import DAY, Clock, add_tree, analytics, day, insights_app

MIDNIGHT = FROZEN // DAY * DAY


async def daily_spend(
    client: httpx2.AsyncClient, contract: Any, path: str, ids_param: str, ids: str, start: int, end: int = 0
) -> dict[str, int]:
    rows = (
        await analytics(
            client,
            contract,
            path,
            start_date=day(start),
            end_date=day(end),
            granularity="DAY",
            columns="SPEND_IN_MICRO_DOLLAR",
            **{ids_param: ids},
        )
    ).json()
    return {row["DATE"]: row["SPEND_IN_MICRO_DOLLAR"] for row in rows}


async def test_seeded_pause_history_stops_accrual(contract: Any) -> None:
    app = insights_app()
    async with make_client(app) as client:
        spend = await daily_spend(
            client, contract, "/campaigns/analytics", "campaign_ids", VIDEO_CAMPAIGN_ID, -40
        )
    # The video campaign was paused at midnight 20 days ago: it spent every day before, none after.
    assert sorted(spend) == [day(d) for d in range(-40, -20)]
    assert all(v > 0 for v in spend.values())


async def test_pause_and_resume_of_one_level_gates_the_others(contract: Any) -> None:
    app = insights_app()
    store = app.state.emulator.store
    start = MIDNIGHT - 30 * DAY
    cid, gid, ads = add_tree(store, campaign_id="700000000001", history=[(start, "ACTIVE")], ads=2)
    # The ad group alone is paused from day -20 to day -10 (midnights): nothing under it spends then.
    store.status_log[gid] += [(MIDNIGHT - 20 * DAY, "PAUSED"), (MIDNIGHT - 10 * DAY, "ACTIVE")]
    # One ad is paused at noon five days ago and stays paused.
    store.status_log[ads[0]].append((MIDNIGHT - 5 * DAY + DAY // 2, "PAUSED"))
    async with make_client(app) as client:
        per_ad = {ad: await daily_spend(client, contract, "/ads/analytics", "ad_ids", ad, -30) for ad in ads}
        campaign = await daily_spend(client, contract, "/campaigns/analytics", "campaign_ids", cid, -30)
    paused_days = {day(d) for d in range(-20, -10)}
    for spend in per_ad.values():
        assert not paused_days & set(spend)
        assert {day(d) for d in range(-30, -20)} <= set(spend)
    assert max(per_ad[ads[0]]) == day(-5)  # the paused ad still spent in the morning of its last day
    assert per_ad[ads[0]][day(-5)] < per_ad[ads[0]][day(-6)]
    assert set(per_ad[ads[1]]) >= {day(d) for d in range(-10, 1)}
    assert campaign == {d: per_ad[ads[0]].get(d, 0) + per_ad[ads[1]].get(d, 0) for d in campaign}


async def test_pausing_now_stops_future_accrual(contract: Any) -> None:
    clock = Clock()
    app = insights_app(clock=clock)
    store = app.state.emulator.store
    async with make_client(app) as client:
        before = await daily_spend(
            client, contract, "/campaigns/analytics", "campaign_ids", AWARENESS_CAMPAIGN_ID, -3
        )
        store.record_status(AWARENESS_CAMPAIGN_ID, "PAUSED")  # at "now" (08:53 UTC today)
        store.campaigns[AWARENESS_CAMPAIGN_ID]["status"] = "PAUSED"
        clock.now += 3 * DAY  # day() stays relative to the first day: the pause day is day(0)
        after = await daily_spend(
            client, contract, "/campaigns/analytics", "campaign_ids", AWARENESS_CAMPAIGN_ID, -3, 3
        )
    # Days before the pause are unchanged; the pause day keeps its morning; nothing after it.
    assert after == before
    assert max(after) == day(0)


async def test_schedules_bound_delivery(contract: Any) -> None:
    app = insights_app()
    store = app.state.emulator.store
    start = MIDNIGHT - 40 * DAY
    _, gid, _ = add_tree(
        store,
        campaign_id="700000000002",
        history=[(start, "ACTIVE")],
        campaign={"start_time": MIDNIGHT - 30 * DAY, "end_time": MIDNIGHT - 5 * DAY},
        group={"start_time": MIDNIGHT - 20 * DAY, "end_time": MIDNIGHT - 2 * DAY},
    )
    async with make_client(app) as client:
        spend = await daily_spend(client, contract, "/ad_groups/analytics", "ad_group_ids", gid, -40)
    assert sorted(spend) == [day(d) for d in range(-20, -5)]


async def test_daily_budgets_and_caps_are_never_exceeded(contract: Any) -> None:
    app = insights_app()
    store = app.state.emulator.store
    start = MIDNIGHT - 60 * DAY
    _, gid, _ = add_tree(
        store,
        campaign_id="700000000003",
        history=[(start, "ACTIVE")],
        ads=3,
        group={"budget_in_micro_currency": 7_000_000},
    )
    cap_cid, _, _ = add_tree(
        store,
        campaign_id="700000000004",
        history=[(start, "ACTIVE")],
        ads=2,
        campaign={"daily_spend_cap": 5_000_000},
        group={"budget_in_micro_currency": 9_000_000},
    )
    async with make_client(app) as client:
        group = await daily_spend(client, contract, "/ad_groups/analytics", "ad_group_ids", gid, -60)
        capped = await daily_spend(client, contract, "/campaigns/analytics", "campaign_ids", cap_cid, -60)
        awareness = await daily_spend(
            client, contract, "/campaigns/analytics", "campaign_ids", AWARENESS_CAMPAIGN_ID, -60
        )
    assert len(group) == len(capped) == 61
    assert all(0 < v <= 7_000_000 for v in group.values())
    assert all(0 < v <= 5_000_000 for v in capped.values())
    assert all(0 < v <= store.campaigns[AWARENESS_CAMPAIGN_ID]["daily_spend_cap"] for v in awareness.values())
    assert max(group.values()) > 0.8 * 7_000_000  # budgets are actually used, not just respected


async def test_lifetime_caps_hold_across_days(contract: Any) -> None:
    app = insights_app()
    store = app.state.emulator.store
    start = MIDNIGHT - 80 * DAY
    open_cid, _, _ = add_tree(
        store,
        campaign_id="700000000005",
        history=[(start, "ACTIVE")],
        ads=2,
        campaign={"lifetime_spend_cap": 100_000_000, "start_time": start},
        group={"budget_in_micro_currency": 50_000_000},
    )
    _, life_gid, _ = add_tree(
        store,
        campaign_id="700000000006",
        history=[(start, "ACTIVE")],
        ads=2,
        group={
            "budget_type": "LIFETIME",
            "budget_in_micro_currency": 60_000_000,
            "start_time": start,
            "end_time": start + 20 * DAY,
        },
    )
    async with make_client(app) as client:
        open_spend = await daily_spend(
            client, contract, "/campaigns/analytics", "campaign_ids", open_cid, -80
        )
        life = await daily_spend(client, contract, "/ad_groups/analytics", "ad_group_ids", life_gid, -80)
    assert 0.5 * 100_000_000 < sum(open_spend.values()) <= 100_000_000
    assert max(open_spend) < day(-49)  # paced over 30 days, then exhausted
    assert 0.5 * 60_000_000 < sum(life.values()) <= 60_000_000
    assert sorted(life) == [day(d) for d in range(-80, -60)]


async def test_metrics_are_deterministic_across_emulators(contract: Any) -> None:
    answers = []
    for _ in range(2):
        async with make_client(insights_app()) as client:
            answers.append(
                (
                    await analytics(
                        client,
                        contract,
                        "/analytics",
                        start_date=day(-60),
                        end_date=day(0),
                        granularity="DAY",
                        columns="SPEND_IN_MICRO_DOLLAR,TOTAL_CLICKTHROUGH",
                    )
                ).json()
            )
    assert answers[0] == answers[1] and len(answers[0]) == 61


async def test_large_account_request_is_cached_consistently(contract: Any) -> None:
    """600 campaigns (1,200 ads) x 30 days at account level: the cached second answer equals the first.

    Its speed is measured in bench/, not asserted here.
    """
    app = insights_app()
    store = app.state.emulator.store
    start = MIDNIGHT - 40 * DAY
    for index in range(600):
        add_tree(store, campaign_id=str(720_000_000_000 + index * 10), history=[(start, "ACTIVE")], ads=2)
    async with make_client(app) as client:
        answers = []
        for _ in range(2):
            response = await client.get(
                f"/ad_accounts/{DEMO_ACCOUNT_ID}/analytics",
                params={
                    "start_date": day(-29),
                    "end_date": day(0),
                    "granularity": "DAY",
                    "columns": "SPEND_IN_DOLLAR,TOTAL_IMPRESSION,CTR",
                },
            )
            assert response.status_code == 200 and len(response.json()) == 30
            answers.append(response.json())
    assert answers[0] == answers[1]


@pytest.mark.parametrize("status", ["PAUSED", "ARCHIVED"])
async def test_inactive_parent_campaign_blocks_children(contract: Any, status: str) -> None:
    app = insights_app()
    store = app.state.emulator.store
    start = MIDNIGHT - 10 * DAY
    cid, _, ads = add_tree(store, campaign_id="700000000007", history=[(start, "ACTIVE")])
    store.status_log[cid].append((MIDNIGHT - 6 * DAY, status))
    async with make_client(app) as client:
        spend = await daily_spend(client, contract, "/ads/analytics", "ad_ids", ads[0], -10)
    assert sorted(spend) == [day(d) for d in range(-10, -6)]
