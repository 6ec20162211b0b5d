"""A team deployment on loopback: 1 and then 3 replicas behind nginx, sharing one PostgreSQL, against
the emulator served over HTTP. Measures confirmations per second (each confirm_action claims its id in
PostgreSQL, sends one write, records the result) and the latency of a read tool (list_campaigns).

Bounded load: CONFIRMS confirmations and READS reads, CONCURRENCY at a time, per replica count. Needs
PostgreSQL and nginx (``bash scripts/services.sh start``). Usage: ``python -m bench replicas``.
Rate budgets are Pinterest's defaults (100 requests a second across categories, shared by the
replicas through the database), so the read figure includes the budget's database round trip.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import anyio

from bench.common import Row, ms, pct
from pinterest_ads_mcp.emulator import seed
from tests.support.cluster import Cluster, mcp_client
from tests.support.postgres import fresh_schema

CONFIRMS = 60
READS = 200
CONCURRENCY = 10
ACCOUNT = seed.DEMO_ACCOUNT_ID


async def _bounded(n: int, work: Any) -> list[float]:
    durations: list[float] = []
    sem = anyio.Semaphore(CONCURRENCY)

    async def one(i: int) -> None:
        async with sem:
            started = time.perf_counter()
            await work(i)
            durations.append(time.perf_counter() - started)

    async with anyio.create_task_group() as tg:
        for i in range(n):
            tg.start_soon(one, i)
    return durations


async def _measure(replicas: int) -> dict[str, float]:
    with fresh_schema() as url:
        cluster = Cluster(Path(tempfile.mkdtemp(prefix="bench-replicas-")), url, replicas=replicas)
        cluster.start()
        try:
            async with mcp_client(cluster.url) as client:
                tokens = []
                for _ in range(CONFIRMS):
                    cluster.emulator.store.campaigns[seed.VIDEO_CAMPAIGN_ID]["status"] = "PAUSED"
                    out = (await client.call_tool("update_status", {
                        "ad_account_id": ACCOUNT, "level": "campaign", "ids": [seed.VIDEO_CAMPAIGN_ID],
                        "status": "ACTIVE"})).structured_content
                    tokens.append(out["confirmation_id"])

                async def confirm(i: int) -> None:
                    result = await client.call_tool("confirm_action", {"confirmation_id": tokens[i]})
                    assert result.structured_content["status"] == "done", result

                async def read(_: int) -> None:
                    result = await client.call_tool("list_campaigns", {"ad_account_id": ACCOUNT})
                    assert not result.is_error, result

                await _bounded(CONCURRENCY, read)  # warm-up: connections, account cache
                started = time.perf_counter()
                await _bounded(CONFIRMS, confirm)
                confirm_wall = time.perf_counter() - started
                started = time.perf_counter()
                reads = await _bounded(READS, read)
                read_wall = time.perf_counter() - started
        finally:
            cluster.stop()
    return {"confirms_per_s": CONFIRMS / confirm_wall, "read_p50": pct(reads, 50), "read_p99": pct(reads, 99),
            "reads_per_s": READS / read_wall}


async def run() -> list[Row]:
    one = await _measure(1)
    three = await _measure(3)
    note = f"through nginx, {CONCURRENCY} concurrent"
    return [
        Row("replicas", "confirmations/s, 1 replica", f"{one['confirms_per_s']:.1f}", f"{CONFIRMS} confirms, {note}"),
        Row("replicas", "confirmations/s, 3 replicas", f"{three['confirms_per_s']:.1f}",
            f"ratio {three['confirms_per_s'] / one['confirms_per_s']:.2f}x"),
        Row("replicas", "list_campaigns p50 / p99, 1 replica", f"{ms(one['read_p50'])} / {ms(one['read_p99'])}",
            f"{READS} reads, {one['reads_per_s']:.0f}/s, {note}"),
        Row("replicas", "list_campaigns p50 / p99, 3 replicas",
            f"{ms(three['read_p50'])} / {ms(three['read_p99'])}",
            f"{three['reads_per_s']:.0f}/s; p99 ratio {three['read_p99'] / one['read_p99']:.2f}x"),
    ]
