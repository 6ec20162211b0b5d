"""Client-side budgets per Pinterest rate-limit category.

Pinterest counts requests per ``x-ratelimit-category`` (ads_read, ads_write, ads_analytics, ...).
Spending a category's quota in a burst earns 429s for everything else in it, so the client paces
itself: a token bucket per category, sized from Pinterest's published Standard-tier limits, and a
shared pause when Pinterest says 429 anyway (honouring Retry-After).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import anyio

# Requests per minute, Standard access (developers.pinterest.com rate-limits page).
DEFAULT_PER_MINUTE: dict[str, int] = {
    "ads_analytics": 300,
    "ads_read": 1000,
    "ads_write": 1000,
    "org_read": 1000,
    "org_write": 1000,
}


@dataclass
class _Bucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float
    updated: float
    paused_until: float = 0.0
    lock: anyio.Lock = field(default_factory=anyio.Lock)


class RateBudgets:
    """A token bucket per category; ``acquire`` waits (asynchronously) until a request may go."""

    def __init__(self, per_minute: dict[str, int] | None = None, *, burst_seconds: float = 5.0) -> None:
        self._per_minute = dict(DEFAULT_PER_MINUTE)
        if per_minute:
            self._per_minute.update(per_minute)
        self._burst_seconds = burst_seconds
        self._buckets: dict[str, _Bucket] = {}

    def _bucket(self, category: str) -> _Bucket:
        bucket = self._buckets.get(category)
        if bucket is None:
            rate = self._per_minute.get(category, 1000) / 60.0
            capacity = max(1.0, rate * self._burst_seconds)
            bucket = _Bucket(rate=rate, capacity=capacity, tokens=capacity, updated=time.monotonic())
            self._buckets[category] = bucket
        return bucket

    async def acquire(self, category: str) -> None:
        bucket = self._bucket(category)
        async with bucket.lock:
            while True:
                now = time.monotonic()
                if bucket.paused_until > now:
                    await anyio.sleep(bucket.paused_until - now)
                    continue
                bucket.tokens = min(bucket.capacity, bucket.tokens + (now - bucket.updated) * bucket.rate)
                bucket.updated = now
                if bucket.tokens >= 1:
                    bucket.tokens -= 1
                    return
                await anyio.sleep((1 - bucket.tokens) / bucket.rate)

    def pause(self, category: str, seconds: float) -> None:
        """Pinterest said 429: hold every request of this category for ``seconds``."""
        bucket = self._bucket(category)
        bucket.paused_until = max(bucket.paused_until, time.monotonic() + seconds)
        bucket.tokens = 0

    def limit(self, category: str) -> int:
        return self._per_minute.get(category, 1000)
