"""Bulk analytics under the emulator's ads_analytics rate limit: wall time vs the bound the limit allows.

1500 campaigns at TOTAL = 6 analytics requests (250 ids each); the emulator allows LIMIT requests per
WINDOW seconds, so no client can finish before (ceil(6 / LIMIT) - 1) * WINDOW seconds."""

from __future__ import annotations

import datetime as dt
import math
import time

from mcp import Client

from pinterest_ads_mcp.emulator.config import EmulatorConfig
from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID

from .bench_analytics import add_campaigns
from .common import Row, in_process

CAMPAIGNS, LIMIT, WINDOW = 1500, 2, 1.0


async def run() -> list[Row]:
    server, emulator, _ = in_process(EmulatorConfig(rate_limits={"ads_analytics": (LIMIT, WINDOW)}))
    ids = add_campaigns(emulator, CAMPAIGNS)
    today = dt.date.today()
    args = {"ad_account_id": DEMO_ACCOUNT_ID, "level": "campaign", "ids": ids, "granularity": "TOTAL",
            "start_date": (today - dt.timedelta(days=30)).isoformat(),
            "end_date": (today - dt.timedelta(days=1)).isoformat()}
    async with Client(server) as client:
        await client.call_tool("list_ad_accounts", {})
        emulator.reset_log()
        started = time.perf_counter()
        result = await client.call_tool("get_analytics", args)
        wall = time.perf_counter() - started
    assert not result.is_error, result.content
    analytics = [r for r in emulator.log if r.category == "ads_analytics"]
    needed = math.ceil(CAMPAIGNS / 250)
    bound = (math.ceil(needed / LIMIT) - 1) * WINDOW
    refused = sum(1 for r in analytics if r.status in (400, 429))  # analytics throttling is a 400
    return [
        Row("bulk analytics under rate limit", f"{CAMPAIGNS} campaigns, limit {LIMIT}/{WINDOW:g} s: wall / bound",
            f"{wall:.2f} s / {bound:.2f} s",
            f"{len(analytics) - refused} analytics requests (min {needed}), {refused} throttled (400 \"Retry after N seconds\")"),
    ]
