"""get_analytics breakdowns and CSV exports through MCP against the emulator (requests checked against the spec)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from pinterest_ads_mcp.emulator.seed import ACTIVE_CAMPAIGN_IDS, DEMO_ACCOUNT_ID
from pinterest_ads_mcp.emulator.seed_health import (
    HEALTH_ACCOUNT_ID,
    HEALTHY_CAMPAIGN_ID,
    HEALTHY_KEYWORDS,
    add_keywords,
)
from pinterest_ads_mcp.pinterest.times import today
from tests.tools.insight_support import Rig, error_text, ok, size_of

BREAKDOWNS = ("age", "gender", "country", "region", "device", "placement", "keyword", "interest", "targeting_type")
COMPLETE = ("age", "gender", "country", "region", "device", "placement")  # cover all delivery before the threshold
METRICS = ["spend", "impressions", "clicks", "ctr", "cpc"]


@pytest.fixture
def rig(contract, tmp_path):
    made = Rig(contract, tmp_path)
    add_keywords(made.emulator.store)
    yield made
    made.assert_contract()


def days_ago(n: int) -> str:
    return (today() - timedelta(days=n)).isoformat()


WEEK = {"start_date": days_ago(7), "end_date": days_ago(1), "metrics": METRICS}


def level_args(level: str) -> dict:
    """Ask about the healthy (keyword-targeted) campaign and the demo's active ones together."""
    if level == "account":
        return {"ad_account_id": HEALTH_ACCOUNT_ID, "level": "account"}
    return {"ad_account_id": HEALTH_ACCOUNT_ID, "level": level}


def column(data: dict, name: str) -> list:
    at = data["columns"].index(name)
    return [row[at] for row in data["rows"]]


async def test_every_breakdown_at_every_level_against_the_unbroken_report(rig):
    async with Client(rig.server) as client:
        for level in ("account", "campaign", "ad_group"):
            plain = ok(await client.call_tool("get_analytics", {**level_args(level), **WEEK}))
            for breakdown in BREAKDOWNS:
                data = ok(await client.call_tool("get_analytics", {**level_args(level), **WEEK, "breakdown": breakdown}))
                assert data["breakdown"] == breakdown
                assert data["columns"][:3] == ["id", "name", "segment"], data["columns"]
                assert data["unbroken_totals"] == plain["totals"], (level, breakdown)
                assert data["rows"], (level, breakdown)
                # the breakdown totals are the sum of its rows, in the same friendly units
                spend = sum(Decimal(s) for s in column(data, "spend"))
                assert abs(spend - Decimal(data["totals"]["spend"])) <= Decimal("0.01") * len(data["rows"])
                shown = Decimal(data["totals"]["spend"])
                whole = Decimal(plain["totals"]["spend"])
                assert shown <= whole
                assert data["coverage"]["spend"] == pytest.approx(float(shown * 100 / whole), abs=0.02)
                if breakdown in COMPLETE:
                    assert data["coverage"]["impressions"] > 97, (level, breakdown, data["coverage"])
                else:
                    assert data["coverage"]["impressions"] < 100
                    assert any("do not add up" in n for n in data["notes"]), data["notes"]
    segments = {"keyword": {k for k, _ in HEALTHY_KEYWORDS}}
    async with Client(rig.server) as client:
        data = ok(await client.call_tool("get_analytics", {**level_args("campaign"), **WEEK, "breakdown": "keyword",
                                                          "ids": [HEALTHY_CAMPAIGN_ID]}))
        kinds = ok(await client.call_tool("get_analytics", {**level_args("campaign"), **WEEK,
                                                           "breakdown": "targeting_type"}))
    assert set(column(data, "segment")) <= segments["keyword"] and column(data, "segment")
    assert set(column(kinds, "segment")) == {"keyword", "interest"}


async def test_privacy_threshold_is_said_plainly(rig):
    """Daily slices of a small segment fall under Pinterest's threshold: the gap is reported, not hidden."""
    args = {"ad_account_id": DEMO_ACCOUNT_ID, "level": "campaign", "ids": list(ACTIVE_CAMPAIGN_IDS), **WEEK,
            "granularity": "DAY", "breakdown": "device"}
    data = ok(await _call(rig, args))
    assert "date" in data["columns"] and data["columns"].index("segment") == 3
    assert data["coverage"]["impressions"] < 100
    note = next(n for n in data["notes"] if "do not add up" in n)
    assert "privacy threshold" in note and "unbroken_totals" in note
    assert Decimal(data["totals"]["spend"]) < Decimal(data["unbroken_totals"]["spend"])


async def _call(rig, args):
    async with Client(rig.server) as client:
        return await client.call_tool("get_analytics", args)


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"level": "ad", "breakdown": "age"}, "breakdown: not available at level ad"),
        ({"level": "campaign", "breakdown": "age", "granularity": "HOUR", "start_date": days_ago(1)},
         "breakdown: needs granularity"),
        ({"level": "campaign", "breakdown": "gender", "start_date": days_ago(200), "end_date": days_ago(150)},
         "breakdown: Pinterest's targeting analytics cover"),
        ({"level": "campaign", "breakdown": "hair_colour"}, "breakdown"),
    ],
)
async def test_unsupported_breakdowns_are_clear_errors_and_send_nothing(rig, extra, words):
    rig.emulator.reset_log()
    result = await _call(rig, {"ad_account_id": DEMO_ACCOUNT_ID, **WEEK, **extra})
    assert result.is_error and words in error_text(result), error_text(result)
    assert not rig.requests(path_part="targeting_analytics")


async def test_breakdown_costs_one_targeting_and_one_plain_request_per_250_entities(rig):
    extra = rig.add_campaigns(300, status="ACTIVE")
    rig.emulator.reset_log()
    data = ok(await _call(rig, {"ad_account_id": DEMO_ACCOUNT_ID, "level": "campaign", "ids": extra, **WEEK,
                                "breakdown": "age"}))
    assert len(rig.requests(path_part="/targeting_analytics")) == 2
    assert len(rig.requests(path_part="/campaigns/analytics")) == 2
    assert data["upstream_requests"] == 4 and data["entities"] == 300


async def test_csv_export_reads_back_equal_to_the_structured_rows(rig):
    args = {"ad_account_id": DEMO_ACCOUNT_ID, "level": "campaign", **WEEK, "granularity": "DAY", "breakdown": "gender"}
    async with Client(rig.server) as client:
        table = ok(await client.call_tool("get_analytics", args))
        exported = await client.call_tool("get_analytics", {**args, "format": "csv"})
        data = ok(exported)
        links = [c for c in exported.content if c.type == "resource_link"]
        read = await client.read_resource(data["export"]["uri"])
        with pytest.raises(MCPError, match="does not exist or has expired"):
            await client.read_resource("pinterest-ads://exports/AAAAAAAAAAAAAAAAAAAAAA.csv")
    assert data["rows"] == [] and data["row_count"] == len(table["rows"]) == data["export"]["rows"]
    assert data["totals"] == table["totals"] and data["unbroken_totals"] == table["unbroken_totals"]
    assert links and str(links[0].uri) == data["export"]["uri"] and links[0].mime_type == "text/csv"
    assert data["export"]["uri"].startswith("pinterest-ads://exports/") and data["export"]["uri"].endswith(".csv")
    text = read.contents[0].text
    assert read.contents[0].mime_type == "text/csv" and len(text.encode()) == data["export"]["bytes"]
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == table["columns"]
    assert parsed[1:] == [["" if c is None else str(c) for c in row] for row in table["rows"]]


async def test_export_link_result_is_small_and_expires_after_a_day(rig):
    args = {"ad_account_id": DEMO_ACCOUNT_ID, "level": "ad_group", **WEEK, "granularity": "DAY", "breakdown": "region"}
    async with Client(rig.server) as client:
        inline = ok(await client.call_tool("get_analytics", args))
        linked = ok(await client.call_tool("get_analytics", {**args, "format": "csv"}))
    assert size_of(linked) * 5 < size_of(inline)
    store = rig.runtime.extras["guard"].store
    export_id = linked["export"]["uri"].rsplit("/", 1)[-1].removesuffix(".csv")
    assert store.load_export(export_id) is not None
    real_clock = store.clock
    store.clock = lambda: real_clock() + 24 * 3600 + 1
    try:
        assert store.load_export(export_id) is None
    finally:
        store.clock = real_clock
