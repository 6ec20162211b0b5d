"""A CSV export made and read back over the real transports: a stdio subprocess and streamable HTTP."""

from __future__ import annotations

import csv
import io
import sys
from datetime import timedelta

import pytest
from mcp import Client, StdioServerParameters

from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID
from pinterest_ads_mcp.pinterest.times import today
from tests.server.test_transports import REPO, _env, http_server  # noqa: F401 - fixture

pytestmark = pytest.mark.slow

ARGS = {
    "ad_account_id": DEMO_ACCOUNT_ID,
    "level": "campaign",
    "start_date": (today() - timedelta(days=7)).isoformat(),
    "end_date": (today() - timedelta(days=1)).isoformat(),
    "breakdown": "country",
    "metrics": ["spend", "impressions"],
}


async def _export_round_trip(client: Client) -> None:
    table = await client.call_tool("get_analytics", ARGS)
    linked = await client.call_tool("get_analytics", {**ARGS, "format": "csv"})
    assert not table.is_error and not linked.is_error
    uri = linked.structured_content["export"]["uri"]
    assert any(getattr(c, "type", "") == "resource_link" and str(c.uri) == uri for c in linked.content)
    text = (await client.read_resource(uri)).contents[0].text
    rows = list(csv.reader(io.StringIO(text)))
    expected = table.structured_content
    assert rows[0] == expected["columns"]
    assert rows[1:] == [["" if c is None else str(c) for c in row] for row in expected["rows"]]


async def test_export_over_stdio(tmp_path):
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "pinterest_ads_mcp.server.cli"], env=_env(tmp_path), cwd=str(REPO)
    )
    async with Client(params) as client:
        await _export_round_trip(client)


@pytest.mark.parametrize("http_server", [("streamable-http", None)], indirect=True)
async def test_export_over_streamable_http(http_server):  # noqa: F811 - the fixture
    async with Client(f"http://127.0.0.1:{http_server}/mcp") as client:
        await _export_round_trip(client)
