"""Per-call overhead: list_campaigns through the in-memory MCP client vs the same PinterestClient call
made directly (both against the in-process emulator, zero latency). Client pacing is lifted: this
measures our code, not Pinterest's rate limits."""

from __future__ import annotations

import time

from mcp import Client

from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID
from pinterest_ads_mcp.pinterest.ratelimit import RateBudgets

from .common import Row, in_process, ms, pct

N = 300


async def run() -> list[Row]:
    unlimited = RateBudgets({c: 10**9 for c in ("ads_read", "org_read")}, per_second=10**9)
    server, _, holder = in_process(budgets=unlimited)
    mcp_times, direct_times = [], []
    async with Client(server) as client:
        rt = holder["rt"]
        args = {"ad_account_id": DEMO_ACCOUNT_ID, "limit": 25}
        for _ in range(20):  # warm both paths
            await client.call_tool("list_campaigns", args)
            await rt.client.list_campaigns(DEMO_ACCOUNT_ID, limit=26)
        for _ in range(N):
            t = time.perf_counter()
            result = await client.call_tool("list_campaigns", args)
            mcp_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            await rt.client.list_campaigns(DEMO_ACCOUNT_ID, limit=26)
            direct_times.append(time.perf_counter() - t)
        assert not result.is_error
    rows = []
    for q in (50, 99):
        a, b = pct(mcp_times, q), pct(direct_times, q)
        rows.append(Row("per-call overhead", f"list_campaigns p{q}: MCP / direct",
                        f"{ms(a)} / {ms(b)}", f"ratio {a / b:.2f}x, overhead {ms(a - b)}"))
    return rows
