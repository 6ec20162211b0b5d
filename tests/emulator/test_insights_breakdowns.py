"""Targeting analytics, bid floors, conversion tags and the delivery model behind the seeded health cases."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import httpx2
import pytest

from pinterest_ads_mcp.emulator import breakdowns
from pinterest_ads_mcp.emulator import seed_health as sh
from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID
from tests.emulator.core_helpers import assert_valid, make_client
from tests.emulator.test_insights_analytics import day, insights_app

COLUMNS = ("SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION", "CLICKTHROUGH_1", "TOTAL_CONVERSIONS")
COMPLETE = ("AGE_BUCKET", "GENDER", "COUNTRY", "REGION", "APPTYPE", "PLACEMENT")


@pytest.fixture
def app() -> Any:
    return insights_app()


@pytest.fixture
async def client(app: Any) -> Any:
    async with make_client(app) as c:
        yield c


async def get(client: httpx2.AsyncClient, contract: Any, path: str, params: list[tuple[str, str]]) -> Any:
    response = await client.get(path, params=params)
    assert_valid(contract, response)
    assert response.status_code == 200, response.text
    return response.json()


def window(granularity: str) -> list[tuple[str, str]]:
    return [("start_date", day(-14)), ("end_date", day(-1)), ("columns", ",".join(COLUMNS)),
            ("granularity", granularity)]


def totals(rows: list[dict[str, Any]], id_key: str) -> dict[tuple[str, str | None], dict[str, int]]:
    out: dict[tuple[str, str | None], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        for column in COLUMNS:
            out[(str(row[id_key]), row.get("DATE"))][column] += row.get(column, 0)
    return out


LEVELS = [
    ("", "AD_ACCOUNT_ID", None),
    ("/campaigns", "CAMPAIGN_ID", "campaign_ids"),
    ("/ad_groups", "AD_GROUP_ID", "ad_group_ids"),
]


def ids_for(app: Any, id_param: str | None) -> list[tuple[str, str]]:
    store = app.state.emulator.store
    if id_param == "campaign_ids":
        return [(id_param, c) for c, v in store.campaigns.items() if v["ad_account_id"] == sh.HEALTH_ACCOUNT_ID]
    if id_param == "ad_group_ids":
        return [(id_param, g) for g, v in store.ad_groups.items() if v["ad_account_id"] == sh.HEALTH_ACCOUNT_ID]
    return []


@pytest.mark.parametrize(("prefix", "id_key", "id_param"), LEVELS)
async def test_breakdowns_sum_to_the_unbroken_report_up_to_the_privacy_threshold(
    client: httpx2.AsyncClient, contract: Any, app: Any, monkeypatch: Any, prefix: str, id_key: str, id_param: Any
) -> None:
    base = f"/ad_accounts/{sh.HEALTH_ACCOUNT_ID}{prefix}"
    ids = ids_for(app, id_param)
    plain = totals(await get(client, contract, f"{base}/analytics", [*window("DAY"), *ids]), id_key)
    kinds = ("targeting_types", ",".join(COMPLETE))
    shown = await get(client, contract, f"{base}/targeting_analytics", [*window("DAY"), *ids, kinds])
    assert all(r["metrics"]["PAID_IMPRESSION"] >= breakdowns.PRIVACY_MIN_IMPRESSIONS for r in shown["data"])
    monkeypatch.setattr(breakdowns, "PRIVACY_MIN_IMPRESSIONS", 1)
    every = await get(client, contract, f"{base}/targeting_analytics", [*window("DAY"), *ids, kinds])
    if id_param:  # small campaigns' daily slices fall under the threshold (the account's are all large)
        assert len(every["data"]) > len(shown["data"])
    for kind in COMPLETE:
        full = totals([r["metrics"] for r in every["data"] if r["targeting_type"] == kind], id_key)
        part = totals([r["metrics"] for r in shown["data"] if r["targeting_type"] == kind], id_key)
        assert set(full) == set(plain), kind
        for key, values in plain.items():
            assert full[key] == values, (kind, key)  # exact, unit for unit
            for column in COLUMNS:
                assert part.get(key, {}).get(column, 0) <= values[column]


async def test_matched_types_cover_part_of_delivery_and_use_the_ad_groups_targeting(
    client: httpx2.AsyncClient, contract: Any, app: Any
) -> None:
    sh.add_keywords(app.state.emulator.store)
    base = f"/ad_accounts/{sh.HEALTH_ACCOUNT_ID}/campaigns"
    ids = [("campaign_ids", sh.HEALTHY_CAMPAIGN_ID)]
    plain = (await get(client, contract, f"{base}/analytics", [*window("TOTAL"), *ids]))[0]
    kinds = ("targeting_types", "KEYWORD,TARGETED_INTEREST,AUDIENCE_INCLUDE,GENDER,PINNER_INTEREST")
    data = (await get(client, contract, f"{base}/targeting_analytics", [*window("TOTAL"), *ids, kinds]))["data"]
    values: dict[str, set[str]] = defaultdict(set)
    spend: dict[str, int] = defaultdict(int)
    for row in data:
        values[row["targeting_type"]].add(row["targeting_value"])
        spend[row["targeting_type"]] += row["metrics"]["SPEND_IN_MICRO_DOLLAR"]
    assert values["KEYWORD"] == {k for k, _ in sh.HEALTHY_KEYWORDS}
    assert values["TARGETED_INTEREST"] == {"Gardening"}
    assert values["GENDER"] == {"female", "male", "unknown"} and "PINNER_INTEREST" not in values
    matched = spend["KEYWORD"] + spend["TARGETED_INTEREST"]
    assert matched < plain["SPEND_IN_MICRO_DOLLAR"] * 0.8  # a quarter went to expanded targeting
    assert spend["GENDER"] == plain["SPEND_IN_MICRO_DOLLAR"]


async def test_targeting_analytics_refuse_bad_requests(client: httpx2.AsyncClient, contract: Any) -> None:
    base = f"/ad_accounts/{DEMO_ACCOUNT_ID}"
    for params, words in (
        (window("TOTAL"), "targeting_types is required"),
        ([*window("TOTAL"), ("targeting_types", "SHOE_SIZE")], "Invalid targeting_types value"),
        ([*window("TOTAL"), ("targeting_types", "GENDER")], "campaign_ids is required"),
    ):
        path = f"{base}/campaigns/targeting_analytics" if "campaign_ids" in words else f"{base}/targeting_analytics"
        response = await client.get(path, params=params)
        assert response.status_code == 400 and words in response.json()["message"], response.text
        assert_valid(contract, response)


async def test_bid_floor_and_conversion_tags(client: httpx2.AsyncClient, contract: Any) -> None:
    base = f"/ad_accounts/{sh.HEALTH_ACCOUNT_ID}"
    body = {"bid_floor_specs": [
        {"billable_event": "CLICKTHROUGH", "currency": "USD", "countries": ["US"]},
        {"billable_event": "CLICKTHROUGH", "currency": "USD", "countries": ["FR"]},
        {"billable_event": "IMPRESSION", "currency": "USD", "countries": ["US", "FR"]},
    ]}
    response = await client.post(f"{base}/bid_floor", json=body)
    assert_valid(contract, response)
    assert response.json() == {"bid_floors": [100_000, 70_000, 1_000_000], "type": "bidfloor"}
    tags = (await client.get(f"{base}/conversion_tags")).json()["items"]
    assert [t["id"] for t in tags] == [sh.SILENT_TAG_ID] and tags[0]["last_fired_time_ms"] is not None
    missing = await client.get(f"/ad_accounts/{DEMO_ACCOUNT_ID}/conversion_tags/{sh.SILENT_TAG_ID}")
    assert missing.status_code == 404
    assert_valid(contract, missing)


async def test_delivery_model_behind_the_seeded_cases(client: httpx2.AsyncClient, contract: Any, app: Any) -> None:
    store = app.state.emulator.store
    base = f"/ad_accounts/{sh.HEALTH_ACCOUNT_ID}"
    ads = [("ad_ids", a) for a, v in store.ads.items() if v["campaign_id"] == sh.REJECTED_AD_CAMPAIGN_ID]
    rows = await get(client, contract, f"{base}/ads/analytics", [*window("TOTAL"), *ads])
    assert [r["AD_ID"] for r in rows] == [a for _, a in ads if a != sh.REJECTED_AD_ID]  # rejected never delivers
    ids = [("campaign_ids", c) for c in sh.HEALTH_CAMPAIGN_IDS]
    daily = await get(client, contract, f"{base}/campaigns/analytics", [*window("DAY"), *ids])
    spend: dict[str, list[int]] = defaultdict(list)
    for row in daily:
        spend[row["CAMPAIGN_ID"]].append(row["SPEND_IN_MICRO_DOLLAR"])
    assert max(spend[sh.UNDER_FLOOR_CAMPAIGN_ID]) <= 50_000_000 * 0.05  # under the floor: 5% at most
    assert max(spend[sh.UNDER_DELIVERING_CAMPAIGN_ID]) <= 100_000_000 * 0.1  # tiny audience
    assert min(spend[sh.HEALTHY_CAMPAIGN_ID]) >= 30_000_000 * 0.6
    # accelerated: 1500 over 30 days is paced over 15 days (100 a day at most)
    assert max(spend[sh.OVER_PACING_CAMPAIGN_ID]) > 1_500_000_000 / 30
