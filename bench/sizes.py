"""What a model pays in context: the tools/list answer and typical results (bytes, tokens ~ bytes/4)."""

from __future__ import annotations

import datetime as dt
import json

from mcp import Client

from pinterest_ads_mcp.emulator import seed
from pinterest_ads_mcp.server.schemas import listing_bytes

from .bench_analytics import add_campaigns
from .common import Row, in_process


def _size(obj: object) -> str:
    n = len(json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode())
    return f"{n:,} B ~ {n // 4:,} tok"


TOOLSETS = ("", "read", "read,insights", "read,launch,edit", "edit")


async def _listings(full: dict) -> list[Row]:
    """tools/list bytes, whole and model-visible (name, description, input schema), per toolset choice."""
    rows = []
    for chosen in TOOLSETS:
        if chosen:
            server, _, _ = in_process(ads_confirmation="token", ads_toolsets=chosen)
            async with Client(server) as client:
                listing = (await client.list_tools()).model_dump(mode="json", by_alias=True, exclude_none=True)
        else:
            listing = full
        whole, visible = listing_bytes(listing)
        rows.append(Row("sizes", f"tools/list, toolsets {chosen or 'all (default)'}: {len(listing['tools'])} tools",
                        f"{whole:,} B all; {visible:,} B model-visible",
                        "budget: all <= 64,000 B, model-visible < 40,000 B"))
    return rows


async def run() -> list[Row]:
    server, emulator, _ = in_process(ads_confirmation="token")
    ids = add_campaigns(emulator, 10)
    today = dt.date.today()
    account = seed.DEMO_ACCOUNT_ID
    typical = {
        "list_campaigns (default limit)": ("list_campaigns", {"ad_account_id": account}),
        "list_pins (default limit)": ("list_pins", {}),
        "get_analytics 10 campaigns x 30 days DAY": ("get_analytics", {
            "ad_account_id": account, "level": "campaign", "ids": ids, "granularity": "DAY",
            "start_date": (today - dt.timedelta(days=30)).isoformat(),
            "end_date": (today - dt.timedelta(days=1)).isoformat()}),
        "create_campaign plan (confirmation_required)": ("create_campaign", {
            "ad_account_id": account, "name": "Size", "objective": "awareness",
            "budget": {"amount": "20.00", "period": "daily"}, "ad_group": {"targeting": {"locations": ["US"]}},
            "ads": [{"pin_id": seed.RAISED_BED_PIN_ID}], "activate": True}),
    }
    async with Client(server) as client:
        tools = (await client.list_tools()).model_dump(mode="json", by_alias=True, exclude_none=True)
        rows = [Row("sizes", f"tools/list ({len(tools['tools'])} tools)", _size(tools), "JSON result, compact")]
        rows += await _listings(tools)
        for label, (name, args) in typical.items():
            result = await client.call_tool(name, args)
            assert not result.is_error, result.content
            rows.append(Row("sizes", label, _size(result.structured_content), "structured result"))
    return rows
