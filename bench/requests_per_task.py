"""Upstream requests per task vs the minimum, counted at the emulator."""

from __future__ import annotations

import datetime as dt
import math

from mcp import Client

from pinterest_ads_mcp.emulator import seed

from .bench_analytics import add_campaigns
from .common import Row, in_process


async def run() -> list[Row]:
    rows = []
    server, emulator, _ = in_process(ads_confirmation="token")
    launch = {"ad_account_id": seed.DEMO_ACCOUNT_ID, "name": "Bench launch", "objective": "awareness",
              "budget": {"amount": "20.00", "period": "daily"}, "ad_group": {"targeting": {"locations": ["US"]}},
              "ads": [{"pin_id": p} for p in (seed.RAISED_BED_PIN_ID, seed.HERB_SPIRAL_PIN_ID, seed.CUSHION_PIN_ID)],
              "activate": True}
    async with Client(server) as client:
        emulator.reset_log()
        planned = await client.call_tool("create_campaign", launch)
        plan_requests = len(emulator.log)
        done = await client.call_tool("confirm_action", {"confirmation_id": planned.structured_content["confirmation_id"]})
        assert done.structured_content["status"] == "done", done.content
    writes = len(emulator.writes())
    rows.append(Row("requests per task", "create_campaign with 3 ads: writes (min 4)", str(writes),
                    f"{len(emulator.log)} requests in all ({plan_requests} reads to plan: account, pins, targeting)"))

    server, emulator, _ = in_process()
    ids = add_campaigns(emulator, 600)
    today = dt.date.today()
    async with Client(server) as client:
        await client.call_tool("list_ad_accounts", {})
        emulator.reset_log()
        result = await client.call_tool("get_analytics", {
            "ad_account_id": seed.DEMO_ACCOUNT_ID, "level": "campaign", "ids": ids,
            "start_date": (today - dt.timedelta(days=30)).isoformat(),
            "end_date": (today - dt.timedelta(days=1)).isoformat()})
        assert not result.is_error, result.content
    analytics = sum(1 for r in emulator.log if r.category == "ads_analytics")
    rows.append(Row("requests per task", f"analytics of 600 campaigns x 30 days: analytics requests (min "
                    f"{math.ceil(600 / 250)})", str(analytics), f"{len(emulator.log)} requests in all (+ names)"))
    return rows
