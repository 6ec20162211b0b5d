"""Cold start: process start to the tools/list answer over stdio, ours vs a one-tool MCPServer (same run)."""

from __future__ import annotations

import os
import sys
import time

from mcp import Client
from mcp.client.stdio import StdioServerParameters

from .common import REPO, Row, clean_env, median

RUNS = int(os.environ.get("COLD_START_RUNS", "5"))  # more on a busy machine


async def _time_to_tools(args: list[str]) -> float:
    params = StdioServerParameters(command=sys.executable, args=args, env=clean_env(), cwd=str(REPO))
    started = time.perf_counter()
    async with Client(params) as client:
        tools = (await client.list_tools()).tools
        elapsed = time.perf_counter() - started
    assert tools
    return elapsed


async def run() -> list[Row]:
    ours, minimal = [], []
    for _ in range(RUNS):  # interleaved, so machine noise hits both alike
        ours.append(await _time_to_tools(["-m", "pinterest_ads_mcp.server.cli", "--log-level", "WARNING"]))
        minimal.append(await _time_to_tools([str(REPO / "bench" / "minimal_server.py")]))
    o, m = median(ours), median(minimal)
    return [
        Row("cold start (stdio)", "pinterest-ads-mcp to tools/list", f"{o * 1000:.0f} ms", f"median of {RUNS}"),
        Row("cold start (stdio)", "minimal one-tool MCPServer", f"{m * 1000:.0f} ms", f"median of {RUNS}"),
        Row("cold start (stdio)", "ratio ours / minimal", f"{o / m:.2f}x", ""),
    ]
