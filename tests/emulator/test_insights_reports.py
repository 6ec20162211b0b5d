"""Async reports: create, poll, download through a signed URL, and the same numbers as sync."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest

from pinterest_ads_mcp.emulator.metrics import ASYNC_COLUMNS
from pinterest_ads_mcp.emulator.seed import (
    AWARENESS_CAMPAIGN_ID,
    CONVERSION_CAMPAIGN_ID,
    DEMO_ACCOUNT_ID,
    EUR_ACCOUNT_ID,
    VIDEO_CAMPAIGN_ID,
)
from tests.emulator.core_helpers import FROZEN, assert_error, assert_valid, make_client
from tests.emulator.test_insights_analytics import (
    DAY,
    Clock,
    add_tree,
    analytics,
    day,
    demo_ids,
    insights_app,
)

MIDNIGHT = FROZEN // DAY * DAY
REPORTS = f"/ad_accounts/{DEMO_ACCOUNT_ID}/reports"
METRICS = [
    "SPEND_IN_MICRO_DOLLAR",
    "TOTAL_IMPRESSION",
    "TOTAL_CLICKTHROUGH",
    "CTR",
    "TOTAL_CONVERSIONS",
    "TOTAL_VIDEO_3SEC_VIEWS",
]


async def run_report(client: httpx2.AsyncClient, contract: Any, body: dict[str, Any]) -> Any:
    """Create a report, poll it to FINISHED, download it without a token; the parsed file."""
    created = await client.post(REPORTS, json=body)
    assert_valid(contract, created)
    assert created.status_code == 200, created.text
    assert created.json()["report_status"] == "IN_PROGRESS"
    token = created.json()["token"]
    for _ in range(5):
        polled = await client.get(REPORTS, params={"token": token})
        assert_valid(contract, polled)
        if polled.json()["report_status"] == "FINISHED":
            break
    status = polled.json()
    assert status["report_status"] == "FINISHED"
    async with httpx2.AsyncClient(transport=client._transport) as anonymous:  # no Authorization header
        download = await anonymous.get(status["url"])
    assert download.status_code == 200
    assert status["size"] == len(download.content)
    return json.loads(download.content) if body.get("report_format", "JSON") == "JSON" else download.text


def flatten(document: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [row for rows in document.values() for row in rows]


@pytest.fixture
def app() -> Any:
    return insights_app()


@pytest.fixture
async def client(app: Any) -> Any:
    async with make_client(app) as c:
        yield c


async def test_campaign_report_equals_sync_analytics(
    app: Any, client: httpx2.AsyncClient, contract: Any
) -> None:
    campaigns, _, _ = demo_ids(app)
    window = {"start_date": day(-89), "end_date": day(0)}
    document = await run_report(
        client,
        contract,
        {**window, "granularity": "DAY", "level": "CAMPAIGN", "columns": [*METRICS, "CAMPAIGN_NAME"]},
    )
    sync = (
        await analytics(
            client,
            contract,
            "/campaigns/analytics",
            granularity="DAY",
            campaign_ids=",".join(campaigns),
            columns=",".join([*METRICS, "CAMPAIGN_NAME"]),
            **window,
        )
    ).json()
    assert set(document) <= set(campaigns)
    assert all(row["CAMPAIGN_ID"] == key for key, rows in document.items() for row in rows)
    keyed = {(r["CAMPAIGN_ID"], r["DATE"]): r for r in flatten(document)}
    assert keyed == {(r["CAMPAIGN_ID"], r["DATE"]): r for r in sync}
    assert len(keyed) > 200


@pytest.mark.parametrize("granularity", ["TOTAL", "WEEK", "MONTH"])
async def test_ad_and_account_reports_equal_sync(
    app: Any, client: httpx2.AsyncClient, contract: Any, granularity: str
) -> None:
    _, _, ads = demo_ids(app)
    window = {"start_date": day(-60), "end_date": day(-1)}
    document = await run_report(
        client,
        contract,
        {**window, "granularity": granularity, "level": "PIN_PROMOTION", "columns": METRICS, "ad_ids": ads},
    )
    sync = (
        await analytics(
            client,
            contract,
            "/ads/analytics",
            granularity=granularity,
            ad_ids=",".join(ads),
            columns=",".join(METRICS),
            **window,
        )
    ).json()
    strip = lambda row, key: {k: v for k, v in row.items() if k != key}
    assert sorted((strip(r, "PIN_PROMOTION_ID") for r in flatten(document)), key=json.dumps) == sorted(
        (strip(r, "AD_ID") for r in sync), key=json.dumps
    )
    account = await run_report(
        client, contract, {**window, "granularity": granularity, "level": "ADVERTISER", "columns": METRICS}
    )
    sync_account = (
        await analytics(
            client, contract, "/analytics", granularity=granularity, columns=",".join(METRICS), **window
        )
    ).json()
    assert list(account) == [DEMO_ACCOUNT_ID]
    assert [strip(r, "ADVERTISER_ID") for r in account[DEMO_ACCOUNT_ID]] == [
        strip(r, "AD_ACCOUNT_ID") for r in sync_account
    ]


async def test_filters_narrow_what_a_row_sums(app: Any, client: httpx2.AsyncClient, contract: Any) -> None:
    window = {
        "start_date": day(-60),
        "end_date": day(0),
        "granularity": "TOTAL",
        "columns": ["SPEND_IN_MICRO_DOLLAR"],
    }
    store = app.state.emulator.store
    one_ad = next(a for a, v in store.ads.items() if v["campaign_id"] == AWARENESS_CAMPAIGN_ID)
    by_campaign = await run_report(
        client,
        contract,
        {**window, "level": "ADVERTISER", "campaign_ids": [AWARENESS_CAMPAIGN_ID, CONVERSION_CAMPAIGN_ID]},
    )
    by_ad = await run_report(client, contract, {**window, "level": "CAMPAIGN", "ad_ids": [one_ad]})
    by_objective = await run_report(
        client, contract, {**window, "level": "CAMPAIGN", "campaign_objective_types": ["VIDEO_COMPLETION"]}
    )
    sync = (
        await analytics(
            client,
            contract,
            "/campaigns/analytics",
            campaign_ids=f"{AWARENESS_CAMPAIGN_ID},{CONVERSION_CAMPAIGN_ID}",
            start_date=day(-60),
            end_date=day(0),
            granularity="TOTAL",
            columns="SPEND_IN_MICRO_DOLLAR",
        )
    ).json()
    ad_sync = (
        await analytics(
            client,
            contract,
            "/ads/analytics",
            ad_ids=one_ad,
            start_date=day(-60),
            end_date=day(0),
            granularity="TOTAL",
            columns="SPEND_IN_MICRO_DOLLAR",
        )
    ).json()
    assert by_campaign[DEMO_ACCOUNT_ID][0]["SPEND_IN_MICRO_DOLLAR"] == sum(
        r["SPEND_IN_MICRO_DOLLAR"] for r in sync
    )
    assert list(by_ad) == [AWARENESS_CAMPAIGN_ID]
    assert by_ad[AWARENESS_CAMPAIGN_ID][0]["SPEND_IN_MICRO_DOLLAR"] == ad_sync[0]["SPEND_IN_MICRO_DOLLAR"]
    assert list(by_objective) == [VIDEO_CAMPAIGN_ID]


async def test_two_hundred_days_of_history_in_two_reports(
    app: Any, client: httpx2.AsyncClient, contract: Any
) -> None:
    store = app.state.emulator.store
    cid, _, _ = add_tree(store, campaign_id="700000000100", history=[(MIDNIGHT - 250 * DAY, "ACTIVE")], ads=2)
    base = {
        "granularity": "DAY",
        "level": "CAMPAIGN",
        "columns": ["SPEND_IN_MICRO_DOLLAR"],
        "campaign_ids": [cid],
    }
    too_long = await client.post(REPORTS, json={**base, "start_date": day(-199), "end_date": day(0)})
    assert_valid(contract, too_long)
    assert_error(too_long, 400, "end_date")
    first = await run_report(client, contract, {**base, "start_date": day(-199), "end_date": day(-14)})
    second = await run_report(client, contract, {**base, "start_date": day(-13), "end_date": day(0)})
    dates = [row["DATE"] for row in first[cid] + second[cid]]
    assert dates == [day(d) for d in range(-199, 1)]
    total = await run_report(
        client, contract, {**base, "granularity": "TOTAL", "start_date": day(-199), "end_date": day(-14)}
    )
    assert total[cid][0]["SPEND_IN_MICRO_DOLLAR"] == sum(r["SPEND_IN_MICRO_DOLLAR"] for r in first[cid])
    # The last 90 days agree with sync analytics.
    sync = (
        await analytics(
            client,
            contract,
            "/campaigns/analytics",
            campaign_ids=cid,
            start_date=day(-89),
            end_date=day(0),
            granularity="DAY",
            columns="SPEND_IN_MICRO_DOLLAR",
        )
    ).json()
    async_tail = [r for r in first[cid] + second[cid] if r["DATE"] >= day(-89)]
    assert async_tail == sync


async def test_polling_follows_the_configured_readiness(contract: Any) -> None:
    app = insights_app(report_polls_until_ready=3)
    async with make_client(app) as client:
        token = (
            await client.post(
                REPORTS,
                json={
                    "start_date": day(-7),
                    "end_date": day(0),
                    "granularity": "TOTAL",
                    "level": "ADVERTISER",
                    "columns": ["SPEND_IN_DOLLAR"],
                },
            )
        ).json()["token"]
        statuses = []
        for _ in range(4):
            response = await client.get(REPORTS, params={"token": token})
            assert_valid(contract, response)
            statuses.append(response.json())
        unknown = await client.get(REPORTS, params={"token": "nope"})
        other_account = await client.get(f"/ad_accounts/{EUR_ACCOUNT_ID}/reports", params={"token": token})
        missing = await client.get(REPORTS)
    assert [s["report_status"] for s in statuses] == ["IN_PROGRESS"] * 3 + ["FINISHED"]
    assert statuses[0]["url"] is None and statuses[3]["url"].startswith("http://emulator/_downloads/reports/")
    assert unknown.json()["report_status"] == other_account.json()["report_status"] == "DOES_NOT_EXIST"
    assert_error(missing, 400, "token")


async def test_download_url_is_signed_and_expires(contract: Any) -> None:
    clock = Clock()
    app = insights_app(clock=clock, report_polls_until_ready=0)
    async with make_client(app) as client:
        token = (
            await client.post(
                REPORTS,
                json={
                    "start_date": day(-7),
                    "end_date": day(0),
                    "granularity": "DAY",
                    "level": "ADVERTISER",
                    "columns": ["SPEND_IN_DOLLAR"],
                },
            )
        ).json()["token"]
        url = (await client.get(REPORTS, params={"token": token})).json()["url"]
        parts = urlsplit(url)
        assert parts.path == f"/_downloads/reports/{token}.json" and "sig" in parse_qs(parts.query)
        anonymous = httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app))
        assert (await anonymous.get(url)).status_code == 200
        assert (await anonymous.get(url.replace("sig=", "sig=0"))).status_code == 403
        clock.now += 301
        assert (await anonymous.get(url)).status_code == 403
        fresh = (await client.get(REPORTS, params={"token": token})).json()["url"]
        assert (await anonymous.get(fresh)).status_code == 200
        clock.now += 3600
        expired = await client.get(REPORTS, params={"token": token})
        assert_valid(contract, expired)
        assert expired.json()["report_status"] == "EXPIRED"
        await anonymous.aclose()


async def test_by_date_and_csv_layouts(client: httpx2.AsyncClient, contract: Any) -> None:
    base = {
        "start_date": day(-3),
        "end_date": day(0),
        "granularity": "DAY",
        "level": "CAMPAIGN",
        "columns": ["SPEND_IN_MICRO_DOLLAR", "CAMPAIGN_NAME", "TOTAL_CONVERSIONS"],
    }
    by_date = await run_report(client, contract, {**base, "primary_sort": "BY_DATE"})
    assert list(by_date) == [day(d) for d in range(-3, 1)]
    assert all(row["DATE"] == key for key, rows in by_date.items() for row in rows)
    text = await run_report(client, contract, {**base, "report_format": "CSV"})
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "CAMPAIGN_ID",
        "DATE",
        "SPEND_IN_MICRO_DOLLAR",
        "CAMPAIGN_NAME",
        "TOTAL_CONVERSIONS",
    ]
    assert {r["TOTAL_CONVERSIONS"] for r in rows if r["CAMPAIGN_ID"] == AWARENESS_CAMPAIGN_ID} == {
        "0"
    }  # zero-filled
    assert len(rows) == len(flatten(by_date))


async def test_hourly_report_honours_start_and_end_hour(client: httpx2.AsyncClient, contract: Any) -> None:
    body = {
        "start_date": day(-2),
        "end_date": day(-1),
        "granularity": "HOUR",
        "level": "CAMPAIGN",
        "columns": ["SPEND_IN_MICRO_DOLLAR"],
        "campaign_ids": [AWARENESS_CAMPAIGN_ID],
        "start_hour": 6,
        "end_hour": 20,
    }
    document = await run_report(client, contract, body)
    hours = [(r["DATE"], r["HOUR"]) for r in document[AWARENESS_CAMPAIGN_ID]]
    assert hours == [(day(-2), h) for h in range(6, 24)] + [(day(-1), h) for h in range(21)]


async def test_every_async_column_is_accepted(client: httpx2.AsyncClient, contract: Any) -> None:
    document = await run_report(
        client,
        contract,
        {
            "start_date": day(-3),
            "end_date": day(0),
            "granularity": "TOTAL",
            "level": "PIN_PROMOTION",
            "columns": list(ASYNC_COLUMNS),
        },
    )
    rows = flatten(document)
    assert rows and all(set(r) <= set(ASYNC_COLUMNS) | {"PIN_PROMOTION_ID"} for r in rows)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"start_date": day(-915), "end_date": day(-900)}, "start_date"),
        ({"start_date": day(-100), "end_date": day(-100 + 187)}, "end_date"),
        ({"granularity": "HOUR", "start_date": day(-9), "end_date": day(-8)}, "start_date"),
        ({"granularity": "HOUR", "start_date": day(-6), "end_date": day(-2)}, "end_date"),
        ({"columns": ["SPEND_IN_DOLLAR", "QUIZ_PIN_RESULT_OPEN"]}, "QUIZ_PIN_RESULT_OPEN"),
        ({"columns": []}, "columns"),
        ({"level": "GALAXY"}, "level"),
        ({"level": "KEYWORD"}, "KEYWORD"),
        ({"granularity": None}, "granularity"),
        ({"start_hour": 3}, "start_hour"),
        ({"campaign_ids": ["1"] * 501}, "campaign_ids"),
        ({"ad_ids": ["x1"]}, "ad_ids"),
        ({"campaign_statuses": ["SLEEPING"]}, "campaign_statuses"),
        (
            {"metrics_filters": [{"field": "CTR", "operator": "LESS_THAN", "values": [1]}]},
            "metrics_filters.field",
        ),
    ],
)
async def test_invalid_report_requests_name_the_problem(
    client: httpx2.AsyncClient, contract: Any, change: dict[str, Any], named: str
) -> None:
    body = {
        "start_date": day(-7),
        "end_date": day(0),
        "granularity": "DAY",
        "level": "CAMPAIGN",
        "columns": ["SPEND_IN_DOLLAR"],
        **change,
    }
    body = {k: v for k, v in body.items() if v is not None}
    response = await client.post(REPORTS, json=body)
    assert_valid(contract, response)
    assert_error(response, 400, named)


async def test_metrics_filters_drop_rows(client: httpx2.AsyncClient, contract: Any) -> None:
    base = {
        "start_date": day(-30),
        "end_date": day(0),
        "granularity": "TOTAL",
        "level": "CAMPAIGN",
        "columns": ["SPEND_IN_DOLLAR"],
    }
    everything = flatten(await run_report(client, contract, base))
    big = flatten(
        await run_report(
            client,
            contract,
            {
                **base,
                "metrics_filters": [
                    {"field": "SPEND_IN_DOLLAR", "operator": "GREATER_THAN", "values": [1000]}
                ],
            },
        )
    )
    assert big == [r for r in everything if r["SPEND_IN_DOLLAR"] > 1000] and 0 < len(big) < len(everything)
