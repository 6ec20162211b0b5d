"""check_delivery cost, and breakdown / CSV export result sizes (MCP client -> server -> emulator).

* check_delivery on 100 ACTIVE campaigns (copies of a seeded one, with their ad groups and ads) at
  100 ms emulator latency, under Pinterest's published rate budgets: requests counted at the
  emulator, wall time of the tool call.
* get_analytics with breakdown=age, 20 campaigns x 30 days, DAY: the structured result's size with
  the rows inline (format=table) and as a CSV export link (format=csv), and the CSV file's size.

Run: ``python -m bench insight``.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

from mcp import Client

from .bench_analytics import add_campaigns
from .common import Row, in_process

LATENCY_MS = 100


def _size(data: Any) -> int:
    return len(json.dumps(data, separators=(",", ":")).encode())


async def _delivery(n: int) -> list[Row]:
    from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID

    server, emulator, _ = in_process()
    add_campaigns(emulator, n)
    walls: list[float] = []
    async with Client(server) as client:
        await client.call_tool("list_ad_accounts", {})
        for latency in (LATENCY_MS, LATENCY_MS, 0):  # cold emulator caches, warm, warm without latency
            emulator.reset_log()
            emulator.set_latency(latency)
            began = time.perf_counter()
            result = await client.call_tool("check_delivery", {"ad_account_id": DEMO_ACCOUNT_ID})
            walls.append(time.perf_counter() - began)
            assert not result.is_error, result.content
            if latency:
                log = list(emulator.log)
    data = result.structured_content
    by_category: dict[str, int] = {}
    for record in log:
        by_category[record.category] = by_category.get(record.category, 0) + 1
    note = f"{len(data['campaigns'])} campaigns checked; " + ", ".join(
        f"{k} {v}" for k, v in sorted(by_category.items())
    )
    return [
        Row("insight", f"check_delivery {n} campaigns: requests", str(len(log)), note),
        Row("insight", f"check_delivery {n} campaigns: wall, {LATENCY_MS} ms", f"{walls[1]:.2f} s",
            f"first call {walls[0]:.2f} s (emulator computes 90 days of delivery cold)"),
        Row("insight", f"check_delivery {n} campaigns: wall, 0 ms", f"{walls[2]:.2f} s",
            "the in-process emulator's own compute, for comparison"),
    ]


async def _sizes() -> list[Row]:
    from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID
    from pinterest_ads_mcp.pinterest.times import today

    server, emulator, _ = in_process()
    ids = add_campaigns(emulator, 20)
    end = today() - timedelta(days=1)
    args = {
        "ad_account_id": DEMO_ACCOUNT_ID,
        "level": "campaign",
        "ids": ids,
        "start_date": (end - timedelta(days=29)).isoformat(),
        "end_date": end.isoformat(),
        "granularity": "DAY",
        "breakdown": "age",
    }
    async with Client(server) as client:
        inline = await client.call_tool("get_analytics", args)
        linked = await client.call_tool("get_analytics", {**args, "format": "csv"})
        file = await client.read_resource(linked.structured_content["export"]["uri"])
    rows = inline.structured_content["row_count"]
    total = linked.structured_content["row_count"]
    plain = {**args}
    plain.pop("breakdown")
    async with Client(server) as client:
        unbroken = await client.call_tool("get_analytics", plain)
    return [
        Row("insight", "breakdown=age result (inline rows)", f"{_size(inline.structured_content)} B",
            f"{rows} of {total} rows inline (capped): 20 campaigns x 30 days x 7 age buckets, DAY"),
        Row("insight", "same, format=csv (link + totals)", f"{_size(linked.structured_content)} B",
            f"CSV file {len(file.contents[0].text.encode())} B holds all {total} rows (resources/read)"),
        Row("insight", "same data without breakdown (inline)", f"{_size(unbroken.structured_content)} B",
            f"{unbroken.structured_content['row_count']} rows"),
    ]


async def run() -> list[Row]:
    return [*(await _delivery(100)), *(await _sizes())]
