"""Client-side pacing per rate-limit category, on a fake clock (exact, and no real waiting)."""

from __future__ import annotations

from pinterest_ads_mcp.pinterest.ratelimit import RateBudgets


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def budgets(fake: FakeTime, **kw) -> RateBudgets:
    return RateBudgets(clock=fake.clock, sleep=fake.sleep, **kw)


async def test_a_burst_within_the_minute_goes_out_at_once():
    fake = FakeTime()
    b = budgets(fake)
    for _ in range(50):
        await b.acquire("ads_analytics")
    assert fake.slept == []  # 50 of 300 allowed per minute (and under 100 per second)


async def test_the_request_past_the_limit_waits_for_the_window():
    fake = FakeTime()
    b = budgets(fake, per_minute={"ads_analytics": 3})
    for _ in range(3):
        await b.acquire("ads_analytics")
        fake.now += 1
    await b.acquire("ads_analytics")  # the 4th may go when the 1st leaves the 60 s window
    assert sum(fake.slept) == 57
    assert fake.now == 1060


async def test_universal_per_second_limit_spans_categories():
    fake = FakeTime()
    b = budgets(fake, per_second=2)
    await b.acquire("ads_read")
    await b.acquire("ads_write")
    await b.acquire("org_read")
    assert fake.slept == [1.0]


async def test_categories_have_separate_budgets():
    fake = FakeTime()
    b = budgets(fake, per_minute={"ads_analytics": 1})
    await b.acquire("ads_analytics")
    for _ in range(20):
        await b.acquire("ads_read")
    assert fake.slept == []  # the exhausted analytics window holds nothing else back


async def test_pause_holds_a_category_for_retry_after():
    fake = FakeTime()
    b = budgets(fake)
    b.pause("ads_write", 12.5)
    await b.acquire("ads_read")
    assert fake.slept == []
    await b.acquire("ads_write")
    assert fake.slept == [12.5]
    assert b.limit("ads_analytics") == 300
