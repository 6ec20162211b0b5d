"""Benchmark get_analytics end to end (MCP client -> server -> emulator with 100 ms latency).

Prints a table: analytics requests (counted at the emulator), all upstream requests and wall time for
600 campaigns x 30 days (TOTAL) and 50 campaigns x 200 days (TOTAL, async reports), plus the byte size
of a 10-campaign x 30-day DAY result. Run: ``.venv/bin/python bench/bench_analytics.py``.
"""

from __future__ import annotations

import asyncio
import copy
import json
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.config import EmulatorConfig
from pinterest_ads_mcp.emulator.seed import AWARENESS_CAMPAIGN_ID, DEMO_ACCOUNT_ID
from pinterest_ads_mcp.pinterest.times import today
from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings

LATENCY_MS = 100


def add_campaigns(emulator: Any, n: int) -> list[str]:
    """Copies of a seeded campaign (with its ad groups and ads, so they have delivery) in the store."""
    store = emulator.store
    template = store.campaigns[AWARENESS_CAMPAIGN_ID]
    groups = [g for g in store.ad_groups.values() if g.get("campaign_id") == AWARENESS_CAMPAIGN_ID]
    ads = [a for a in store.ads.values() if a.get("campaign_id") == AWARENESS_CAMPAIGN_ID]
    ids: list[str] = []
    for i in range(n):
        cid = store.new_id()
        store.campaigns[cid] = {**copy.deepcopy(template), "id": cid, "name": f"Bench campaign {i:03d}"}
        store.status_log[cid] = list(store.status_log.get(AWARENESS_CAMPAIGN_ID, []))
        for g in groups:
            gid = store.new_id()
            store.ad_groups[gid] = {**copy.deepcopy(g), "id": gid, "campaign_id": cid}
            store.status_log[gid] = list(store.status_log.get(g["id"], []))
            for a in (a for a in ads if a.get("ad_group_id") == g["id"]):
                aid = store.new_id()
                store.ads[aid] = {**copy.deepcopy(a), "id": aid, "campaign_id": cid, "ad_group_id": gid}
                store.status_log[aid] = list(store.status_log.get(a["id"], []))
        ids.append(cid)
    return ids


async def run_case(label: str, n_campaigns: int, days: int, granularity: str) -> dict[str, Any]:
    app = create_app(EmulatorConfig())
    emulator = app.state.emulator
    ids = add_campaigns(emulator, n_campaigns)
    with tempfile.TemporaryDirectory() as state:
        server = build_server(
            Settings(_env_file=None, ads_state_dir=Path(state)),
            transport=httpx2.ASGITransport(app=app),
            emulator_app=app,
        )
        end = today()
        start = end - timedelta(days=days - 1)
        args = {
            "ad_account_id": DEMO_ACCOUNT_ID,
            "level": "campaign",
            "ids": ids,
            "granularity": granularity,
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
        }
        async with Client(server) as client:
            await client.call_tool("list_ad_accounts", {})  # warm the account cache
            emulator.reset_log()
            emulator.set_latency(LATENCY_MS)
            began = time.perf_counter()
            result = await client.call_tool("get_analytics", args)
            wall = time.perf_counter() - began
    assert not result.is_error, result.content
    data = result.structured_content
    return {
        "case": label,
        "granularity": granularity,
        "source": data["source"],
        "analytics_requests": sum(
            1 for r in emulator.log if r.category == "ads_analytics" and not r.path.startswith("/_downloads")
        ),
        "downloads": sum(1 for r in emulator.log if r.path.startswith("/_downloads")),
        "all_requests": len(emulator.log),
        "wall_s": wall,
        "rows": data["row_count"],
        "bytes": len(json.dumps(data, separators=(",", ":")).encode()),
    }


async def main() -> None:
    cases = [
        await run_case("600 campaigns x 30 days", 600, 30, "TOTAL"),
        await run_case("50 campaigns x 200 days", 50, 200, "TOTAL"),
        await run_case("10 campaigns x 30 days", 10, 30, "DAY"),
    ]
    print(
        f"emulator latency {LATENCY_MS} ms per request; counts taken at the emulator; 'all req' adds the "
        "name look-up (ads_read) and report downloads"
    )
    header = f"{'case':<26} {'gran':<6} {'source':<13} {'analytics req':>13} {'downloads':>9} {'all req':>8} {'wall s':>7} {'rows':>6} {'result bytes':>13}"
    print(header)
    print("-" * len(header))
    for c in cases:
        print(
            f"{c['case']:<26} {c['granularity']:<6} {c['source']:<13} {c['analytics_requests']:>13} {c['downloads']:>9} "
            f"{c['all_requests']:>8} {c['wall_s']:>7.2f} {c['rows']:>6} {c['bytes']:>13}"
        )


if __name__ == "__main__":
    asyncio.run(main())
