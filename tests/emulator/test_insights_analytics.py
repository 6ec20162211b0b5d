"""Sync analytics on the seeded emulator: exact sums across levels and periods, derived columns,
Pinterest's window rules, id parameter forms, and every response checked against the spec.

The helpers at the top are shared by the other ``test_insights_*`` files.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx2
import pytest

from pinterest_ads_mcp.emulator import insights
from pinterest_ads_mcp.emulator.entities import build_ad, build_ad_group, build_campaign
from pinterest_ads_mcp.emulator.metrics import SYNC_COLUMNS
from pinterest_ads_mcp.emulator.seed import (
    AWARENESS_CAMPAIGN_ID,
    CONVERSION_CAMPAIGN_ID,
    DEMO_ACCOUNT_ID,
    EUR_CAMPAIGN_ID,
    RAISED_BED_PIN_ID,
    TRAFFIC_CAMPAIGN_ID,
    VIDEO_CAMPAIGN_ID,
)
from tests.emulator.core_helpers import FROZEN, assert_error, assert_valid, make_app, make_client

DAY = 86_400
TODAY = datetime.fromtimestamp(FROZEN, tz=UTC).date()
BASE_COLUMNS = (
    "SPEND_IN_MICRO_DOLLAR", "PAID_IMPRESSION", "IMPRESSION_2", "TOTAL_IMPRESSION", "CLICKTHROUGH_1",
    "TOTAL_CLICKTHROUGH", "OUTBOUND_CLICK_1", "REPIN_1", "TOTAL_ENGAGEMENT", "TOTAL_CONVERSIONS",
    "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR", "TOTAL_VIDEO_3SEC_VIEWS", "TOTAL_VIDEO_MRC_VIEWS",
    "TOTAL_VIDEO_P100_COMPLETE",
)  # fmt: skip


class Clock:
    """A settable clock for the emulator (starts at the core tests' frozen instant)."""

    def __init__(self, now: int = FROZEN) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def insights_app(**config: Any) -> Any:
    """A seeded emulator app with the report download routes mounted at the root."""
    app = make_app(**config)
    mounted = {getattr(route, "path", None) for route in app.router.routes}
    for route in insights.download_routes():
        if route.path not in mounted:  # type: ignore[attr-defined]
            app.router.routes.append(route)
    return app


def day(offset: int) -> str:
    """Today plus ``offset`` days (UTC), as the API's YYYY-MM-DD."""
    return (TODAY + timedelta(days=offset)).isoformat()


def add_tree(
    store: Any,
    *,
    campaign_id: str,
    history: list[tuple[int, str]],
    campaign: dict[str, Any] | None = None,
    group: dict[str, Any] | None = None,
    ads: int = 1,
    account_id: str = DEMO_ACCOUNT_ID,
) -> tuple[str, str, list[str]]:
    """A campaign with one ad group and ``ads`` ads, all sharing one status history."""
    created = history[0][0]
    fields = {"name": f"Test {campaign_id}", "objective_type": "CONSIDERATION", **(campaign or {})}
    c = build_campaign(
        {**fields, "status": history[-1][1]}, entity_id=campaign_id, ad_account_id=account_id, now=created
    )
    store.campaigns[campaign_id] = c
    g_fields = {
        "name": "Group",
        "billable_event": "CLICKTHROUGH",
        "budget_in_micro_currency": 10_000_000,
        "bid_in_micro_currency": 500_000,
        **(group or {}),
    }
    group_id = campaign_id + "1"
    g = build_ad_group({**g_fields, "status": history[-1][1]}, entity_id=group_id, campaign=c, now=created)
    store.ad_groups[group_id] = g
    ad_ids = []
    for index in range(ads):
        ad_id = f"{group_id}{index}"
        fields_ad = {
            "pin_id": RAISED_BED_PIN_ID,
            "creative_type": "REGULAR",
            "name": f"Ad {index}",
            "status": history[-1][1],
        }
        store.ads[ad_id] = build_ad(fields_ad, entity_id=ad_id, group=g, now=created)
        ad_ids.append(ad_id)
    for entity_id in (campaign_id, group_id, *ad_ids):
        for at, status in history:
            store.record_status(entity_id, status, at=at)
    return campaign_id, group_id, ad_ids


async def analytics(client: httpx2.AsyncClient, contract: Any, path: str, **params: Any) -> httpx2.Response:
    """GET an analytics route and check the answer (any status) against the spec."""
    response = await client.get(f"/ad_accounts/{DEMO_ACCOUNT_ID}{path}", params=params)
    assert_valid(contract, response)
    return response


def sums(
    rows: list[dict[str, Any]], key: str, columns: tuple[str, ...] = BASE_COLUMNS
) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        for column in columns:
            out[row[key]][column] += row.get(column, 0)
    return {k: dict(v) for k, v in out.items()}


def by_id(
    rows: list[dict[str, Any]], key: str, columns: tuple[str, ...] = BASE_COLUMNS
) -> dict[str, dict[str, int]]:
    return {row[key]: {c: row.get(c, 0) for c in columns} for row in rows}


@pytest.fixture
def app() -> Any:
    return insights_app()


@pytest.fixture
async def client(app: Any) -> Any:
    async with make_client(app) as c:
        yield c


def demo_ids(app: Any) -> tuple[list[str], list[str], list[str]]:
    store = app.state.emulator.store
    campaigns = [c for c, v in store.campaigns.items() if v["ad_account_id"] == DEMO_ACCOUNT_ID]
    groups = [g for g, v in store.ad_groups.items() if v["campaign_id"] in campaigns]
    ads = [a for a, v in store.ads.items() if v["campaign_id"] in campaigns]
    return campaigns, groups, ads


# ------------------------------------------------------------------------------------------
async def test_totals_add_up_exactly_from_ads_to_account(
    app: Any, client: httpx2.AsyncClient, contract: Any
) -> None:
    campaigns, groups, ads = demo_ids(app)
    window = {"start_date": day(-89), "end_date": day(0), "granularity": "TOTAL"}
    cols = ",".join(BASE_COLUMNS)
    account = (await analytics(client, contract, "/analytics", columns=cols, **window)).json()
    camp = (
        await analytics(
            client, contract, "/campaigns/analytics", campaign_ids=",".join(campaigns), columns=cols, **window
        )
    ).json()
    grp = (
        await analytics(
            client,
            contract,
            "/ad_groups/analytics",
            ad_group_ids=",".join(groups),
            columns=cols + ",CAMPAIGN_ID",
            **window,
        )
    ).json()
    ad = (
        await analytics(
            client, contract, "/ads/analytics", ad_ids=",".join(ads), columns=cols + ",AD_GROUP_ID", **window
        )
    ).json()

    assert len(account) == 1 and account[0]["AD_ACCOUNT_ID"] == DEMO_ACCOUNT_ID
    assert account[0]["SPEND_IN_MICRO_DOLLAR"] > 0 and account[0]["TOTAL_CONVERSIONS"] > 0
    assert account[0]["TOTAL_VIDEO_3SEC_VIEWS"] > 0
    assert sums(ad, "AD_GROUP_ID") == by_id(grp, "AD_GROUP_ID")
    assert sums(grp, "CAMPAIGN_ID") == by_id(camp, "CAMPAIGN_ID")
    assert {c: sum(row[c] for row in camp) for c in BASE_COLUMNS} == {c: account[0][c] for c in BASE_COLUMNS}
    assert all(isinstance(account[0][c], int) for c in BASE_COLUMNS)


@pytest.mark.parametrize("granularity", ["DAY", "WEEK", "MONTH"])
async def test_time_breakdowns_sum_to_total(
    client: httpx2.AsyncClient, contract: Any, granularity: str
) -> None:
    cols = ",".join(BASE_COLUMNS)
    ids = f"{AWARENESS_CAMPAIGN_ID},{CONVERSION_CAMPAIGN_ID},{VIDEO_CAMPAIGN_ID}"
    window = {"start_date": day(-75), "end_date": day(0), "columns": cols, "campaign_ids": ids}
    total = (await analytics(client, contract, "/campaigns/analytics", granularity="TOTAL", **window)).json()
    split = (
        await analytics(client, contract, "/campaigns/analytics", granularity=granularity, **window)
    ).json()
    assert sums(split, "CAMPAIGN_ID") == by_id(total, "CAMPAIGN_ID")
    dates = [row["DATE"] for row in split]
    assert all(day(-75) <= d <= day(0) for d in dates)
    if granularity == "MONTH":
        assert {d[8:] for d in dates} <= {"01", day(-75)[8:]}
    if granularity == "WEEK":
        assert all(date.fromisoformat(d).weekday() == 0 or d == day(-75) for d in dates)


async def test_hour_rows_sum_to_days_and_stop_at_now(client: httpx2.AsyncClient, contract: Any) -> None:
    cols = ",".join(BASE_COLUMNS)
    window = {
        "start_date": day(-2),
        "end_date": day(0),
        "columns": cols,
        "campaign_ids": AWARENESS_CAMPAIGN_ID,
    }
    hours = (await analytics(client, contract, "/campaigns/analytics", granularity="HOUR", **window)).json()
    days = (await analytics(client, contract, "/campaigns/analytics", granularity="DAY", **window)).json()
    assert sums(hours, "DATE") == by_id(days, "DATE")
    assert {row["HOUR"] for row in hours if row["DATE"] == day(-1)} == set(range(24))
    now_hour = datetime.fromtimestamp(FROZEN, tz=UTC).hour
    assert max(row["HOUR"] for row in hours if row["DATE"] == day(0)) == now_hour


async def test_derived_columns_follow_their_definitions(client: httpx2.AsyncClient, contract: Any) -> None:
    derived = (
        "SPEND_IN_DOLLAR",
        "CTR",
        "ECTR",
        "CPC_IN_MICRO_DOLLAR",
        "CPM_IN_MICRO_DOLLAR",
        "ECPM_IN_MICRO_DOLLAR",
        "ENGAGEMENT_RATE",
        "CHECKOUT_ROAS",
        "ECPC_IN_DOLLAR",
        "OUTBOUND_CTR_1",
    )
    ids = f"{AWARENESS_CAMPAIGN_ID},{CONVERSION_CAMPAIGN_ID}"
    rows = (
        await analytics(
            client,
            contract,
            "/campaigns/analytics",
            start_date=day(-30),
            end_date=day(0),
            granularity="WEEK",
            campaign_ids=ids,
            columns=",".join(BASE_COLUMNS + derived),
        )
    ).json()
    assert rows
    for r in rows:
        spend = r["SPEND_IN_MICRO_DOLLAR"]
        assert r["SPEND_IN_DOLLAR"] == pytest.approx(spend / 1e6)
        assert r["CTR"] == pytest.approx(r["CLICKTHROUGH_1"] / r["PAID_IMPRESSION"])
        assert r["ECTR"] == pytest.approx(r["TOTAL_CLICKTHROUGH"] / r["TOTAL_IMPRESSION"])
        assert r["CPC_IN_MICRO_DOLLAR"] == pytest.approx(spend / r["CLICKTHROUGH_1"])
        assert r["ECPC_IN_DOLLAR"] == pytest.approx(spend / r["TOTAL_CLICKTHROUGH"] / 1e6)
        assert r["CPM_IN_MICRO_DOLLAR"] == pytest.approx(spend / r["PAID_IMPRESSION"] * 1000)
        assert r["ECPM_IN_MICRO_DOLLAR"] == pytest.approx(spend / r["TOTAL_IMPRESSION"] * 1000)
        assert r["ENGAGEMENT_RATE"] == pytest.approx(r["TOTAL_ENGAGEMENT"] / r["TOTAL_IMPRESSION"])
        assert r["OUTBOUND_CTR_1"] == pytest.approx(r["OUTBOUND_CLICK_1"] / r["PAID_IMPRESSION"])
        assert r["CHECKOUT_ROAS"] == pytest.approx(r["TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR"] / spend)
    conversion_rows = [r for r in rows if r["CAMPAIGN_ID"] == CONVERSION_CAMPAIGN_ID]
    assert conversion_rows and all(r["CHECKOUT_ROAS"] > 0 for r in conversion_rows)


async def test_every_sync_column_is_accepted(client: httpx2.AsyncClient, contract: Any) -> None:
    response = await analytics(
        client,
        contract,
        "/campaigns/analytics",
        start_date=day(-7),
        end_date=day(0),
        granularity="TOTAL",
        campaign_ids=CONVERSION_CAMPAIGN_ID,
        columns=",".join(SYNC_COLUMNS),
    )
    assert response.status_code == 200
    row = response.json()[0]
    assert row["CAMPAIGN_NAME"] == "Garden Shop Conversions" and row["AD_ACCOUNT_ID"] == DEMO_ACCOUNT_ID
    assert row["CAMPAIGN_BRAND_LABEL"] == "Demo Home & Garden"
    assert "AD_ID" not in row  # a lower level's id has no value on a campaign row


async def test_id_parameters_accept_repeated_and_comma_forms(
    client: httpx2.AsyncClient, contract: Any
) -> None:
    common = {
        "start_date": day(-30),
        "end_date": day(0),
        "granularity": "TOTAL",
        "columns": "SPEND_IN_DOLLAR",
    }
    comma = await client.get(
        f"/ad_accounts/{DEMO_ACCOUNT_ID}/campaigns/analytics",
        params={**common, "campaign_ids": f"{AWARENESS_CAMPAIGN_ID},{TRAFFIC_CAMPAIGN_ID}"},
    )
    repeated = await client.get(
        f"/ad_accounts/{DEMO_ACCOUNT_ID}/campaigns/analytics",
        params=[
            *common.items(),
            ("campaign_ids", AWARENESS_CAMPAIGN_ID),
            ("campaign_ids", TRAFFIC_CAMPAIGN_ID),
        ],
    )
    assert comma.status_code == repeated.status_code == 200
    assert comma.json() == repeated.json() and len(comma.json()) == 2
    # An id of another account's campaign has no row here.
    foreign = await analytics(
        client, contract, "/campaigns/analytics", campaign_ids=EUR_CAMPAIGN_ID, **common
    )
    assert foreign.json() == []


async def test_no_rows_for_days_after_now(client: httpx2.AsyncClient, contract: Any) -> None:
    rows = (
        await analytics(
            client,
            contract,
            "/analytics",
            start_date=day(-3),
            end_date=day(5),
            granularity="DAY",
            columns="SPEND_IN_MICRO_DOLLAR",
        )
    ).json()
    assert [row["DATE"] for row in rows] == [day(-3), day(-2), day(-1), day(0)]


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/analytics", {"start_date": day(-91), "end_date": day(-80)}, "start_date"),
        ("/analytics", {"start_date": day(-89), "end_date": day(2)}, "end_date"),
        ("/analytics", {"start_date": day(-5), "end_date": day(-6)}, "end_date"),
        ("/analytics", {"start_date": "2025-13-01", "end_date": day(0)}, "start_date"),
        ("/analytics", {"end_date": day(0)}, "start_date"),
        ("/analytics", {"start_date": day(-9), "end_date": day(-8), "granularity": "HOUR"}, "start_date"),
        (
            "/campaigns/analytics",
            {"start_date": day(-8), "end_date": day(-4), "granularity": "HOUR"},
            "end_date",
        ),
        (
            "/analytics",
            {"start_date": day(-1), "end_date": day(0), "columns": "SPEND_IN_DOLLAR,NOPE_COLUMN"},
            "NOPE_COLUMN",
        ),
        ("/analytics", {"start_date": day(-1), "end_date": day(0), "columns": ""}, "columns"),
        ("/analytics", {"start_date": day(-1), "end_date": day(0), "granularity": "YEAR"}, "granularity"),
        (
            "/analytics",
            {"start_date": day(-1), "end_date": day(0), "click_window_days": "3"},
            "click_window_days",
        ),
        (
            "/campaigns/analytics",
            {"start_date": day(-1), "end_date": day(0), "campaign_ids": None},
            "campaign_ids",
        ),
        (
            "/campaigns/analytics",
            {
                "start_date": day(-1),
                "end_date": day(0),
                "campaign_ids": ",".join(str(10**11 + i) for i in range(251)),
            },
            "campaign_ids",
        ),
        (
            "/ad_groups/analytics",
            {"start_date": day(-1), "end_date": day(0), "ad_group_ids": "12a"},
            "ad_group_ids",
        ),
        ("/ads/analytics", {"start_date": day(-1), "end_date": day(0)}, "ad_ids"),
        (
            "/ads/analytics",
            {"start_date": day(-1), "end_date": day(0), "campaign_ids": AWARENESS_CAMPAIGN_ID},
            "pin_ids",
        ),
    ],
)
async def test_invalid_requests_name_the_parameter(
    client: httpx2.AsyncClient, contract: Any, path: str, params: dict[str, Any], named: str
) -> None:
    query = {
        "granularity": "DAY",
        "columns": "SPEND_IN_DOLLAR",
        "campaign_ids": AWARENESS_CAMPAIGN_ID,
        **params,
    }
    query = {k: v for k, v in query.items() if v is not None}
    if path != "/campaigns/analytics" and "campaign_ids" not in params:
        query.pop("campaign_ids")
    response = await analytics(client, contract, path, **query)
    assert_error(response, 400, named)


async def test_hour_range_is_not_capped_on_the_account_route(
    client: httpx2.AsyncClient, contract: Any
) -> None:
    # The spec states the 3-day HOUR range only for campaigns/ad groups/ads, not for the account.
    response = await analytics(
        client,
        contract,
        "/analytics",
        start_date=day(-8),
        end_date=day(-4),
        granularity="HOUR",
        columns="SPEND_IN_DOLLAR",
    )
    assert response.status_code == 200 and response.json()


async def test_unknown_account_is_404(client: httpx2.AsyncClient) -> None:
    response = await client.get(
        "/ad_accounts/123456/analytics",
        params={
            "start_date": day(-1),
            "end_date": day(0),
            "granularity": "DAY",
            "columns": "SPEND_IN_DOLLAR",
        },
    )
    assert_error(response, 404, "not found")


async def test_ads_by_campaign_and_pin(client: httpx2.AsyncClient, contract: Any, app: Any) -> None:
    response = await analytics(
        client,
        contract,
        "/ads/analytics",
        start_date=day(-30),
        end_date=day(0),
        granularity="TOTAL",
        columns="SPEND_IN_DOLLAR,PIN_ID,CAMPAIGN_ID",
        campaign_ids=f"{AWARENESS_CAMPAIGN_ID},{CONVERSION_CAMPAIGN_ID}",
        pin_ids=RAISED_BED_PIN_ID,
    )
    rows = response.json()
    store = app.state.emulator.store
    expected = {
        a
        for a, v in store.ads.items()
        if v["pin_id"] == RAISED_BED_PIN_ID
        and v["campaign_id"] in (AWARENESS_CAMPAIGN_ID, CONVERSION_CAMPAIGN_ID)
    }
    assert {row["AD_ID"] for row in rows} == expected and len(expected) == 2
    assert all(row["PIN_ID"] == RAISED_BED_PIN_ID for row in rows)


async def test_aggregate_report_rows_sums_without_ids(client: httpx2.AsyncClient, contract: Any) -> None:
    common = {
        "start_date": day(-30),
        "end_date": day(0),
        "granularity": "TOTAL",
        "columns": "SPEND_IN_MICRO_DOLLAR",
        "campaign_ids": f"{AWARENESS_CAMPAIGN_ID},{CONVERSION_CAMPAIGN_ID}",
    }
    separate = (await analytics(client, contract, "/campaigns/analytics", **common)).json()
    merged = (
        await analytics(client, contract, "/campaigns/analytics", aggregate_report_rows="true", **common)
    ).json()
    assert merged == [{"SPEND_IN_MICRO_DOLLAR": sum(r["SPEND_IN_MICRO_DOLLAR"] for r in separate)}]
