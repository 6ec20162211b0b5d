"""Client-side pacing per rate-limit category."""

from __future__ import annotations

import time

import anyio

from pinterest_ads_mcp.pinterest.ratelimit import RateBudgets


async def test_bucket_paces_once_the_burst_is_spent():
    budgets = RateBudgets({"ads_analytics": 6000}, burst_seconds=0.01)  # 100/s, a burst of one request
    started = time.perf_counter()
    for _ in range(4):
        await budgets.acquire("ads_analytics")
    # Three requests past the burst at 100/s take at least ~30 ms; only a lower bound is checked.
    assert time.perf_counter() - started >= 0.025


async def test_categories_have_separate_budgets():
    budgets = RateBudgets({"ads_analytics": 1}, burst_seconds=1)  # one request, then a minute's wait
    await budgets.acquire("ads_analytics")
    with anyio.fail_after(30):  # a shared bucket would block here for a minute
        for _ in range(20):
            await budgets.acquire("ads_read")


async def test_pause_holds_a_category():
    budgets = RateBudgets()
    budgets.pause("ads_write", 0.05)
    started = time.perf_counter()
    await budgets.acquire("ads_write")
    assert time.perf_counter() - started >= 0.04
    assert budgets.limit("ads_analytics") == 300
