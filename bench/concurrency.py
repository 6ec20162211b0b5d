"""Concurrency: 50 concurrent get_analytics calls over streamable HTTP vs 50 serial ones, with the emulator
(a subprocess, ``pinterest-ads-mcp emulator --latency-ms 100``) adding 100 ms to every upstream request and
the server a subprocess (``--transport streamable-http``) aimed at it."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from mcp import Client

from pinterest_ads_mcp.emulator import seed

from .common import REPO, Row, clean_env, free_port, wait_port

N = 50
TOKEN = "bench-token"


@contextmanager
def _proc(args: list[str], port: int, env: dict[str, str]) -> Iterator[None]:
    proc = subprocess.Popen([sys.executable, "-m", "pinterest_ads_mcp.server.cli", "--log-level", "WARNING", *args],
                            env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_port(port, proc)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


async def run() -> list[Row]:
    emu_port, mcp_port = free_port(), free_port()
    server_env = clean_env(PINTEREST_ENV="emulator", PINTEREST_API_BASE_URL=f"http://127.0.0.1:{emu_port}/v5",
                           PINTEREST_ACCESS_TOKEN=TOKEN)
    today = dt.date.today()
    ids = list(seed.CAMPAIGN_IDS[:5])
    args = [{"ad_account_id": seed.DEMO_ACCOUNT_ID, "level": "campaign", "ids": [ids[i % len(ids)]],
             "start_date": (today - dt.timedelta(days=30 + i % 7)).isoformat(),
             "end_date": (today - dt.timedelta(days=1)).isoformat()} for i in range(N)]
    with _proc(["emulator", "--port", str(emu_port), "--token", TOKEN, "--latency-ms", "100"], emu_port, clean_env()), \
            _proc(["--transport", "streamable-http", "--port", str(mcp_port)], mcp_port, server_env):
        async with Client(f"http://127.0.0.1:{mcp_port}/mcp") as client:
            await client.call_tool("get_analytics", args[0])  # warm: account look-up cached
            started = time.perf_counter()
            for a in args:
                result = await client.call_tool("get_analytics", a)
                assert not result.is_error, result.content
            serial = time.perf_counter() - started
            started = time.perf_counter()
            results = await asyncio.gather(*(client.call_tool("get_analytics", a) for a in args))
            concurrent = time.perf_counter() - started
            assert not any(r.is_error for r in results)
    return [
        Row("concurrency (streamable HTTP, 100 ms upstream)", f"{N} get_analytics serial / concurrent",
            f"{serial:.2f} s / {concurrent:.2f} s", f"speed-up {serial / concurrent:.1f}x"),
    ]
