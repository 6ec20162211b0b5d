"""Client-side budgets per Pinterest rate-limit category.

Pinterest counts requests per ``x-ratelimit-category`` (ads_read, ads_write, ads_analytics, ...) per
minute, plus a universal per-second limit. Going over earns 429s for everything else in the
category, so the client paces itself to exactly those published limits: a sliding window per
category (at most N requests in any 60 seconds) and one per second across all categories. Bursts
within the limits go out at once; only the request that would break a window waits. A 429 anyway
(another process sharing the app's quota) pauses the category for the Retry-After Pinterest gives.

Several processes sharing one app and user (replicas of one deployment) share one budget through
:class:`SharedWindows`, a store of the same sliding windows outside the process (a database).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol

import anyio

# Requests per minute per user per app, Standard access (developers.pinterest.com rate-limits page).
DEFAULT_PER_MINUTE: dict[str, int] = {
    "ads_analytics": 300,
    "ads_read": 1000,
    "ads_write": 1000,
    "org_read": 1000,
    "org_write": 1000,
}
# Universal limit: requests per second per user per app, all categories together.
DEFAULT_PER_SECOND = 100


def _wait(log: deque[float], limit: int, window: float, now: float) -> float:
    """Seconds until one more request fits in ``log``'s window (0 = now)."""
    while log and log[0] <= now - window:
        log.popleft()
    return 0.0 if len(log) < limit else log[0] + window - now


class SharedWindows(Protocol):
    """Sliding windows kept outside this process, so that several processes stay within one budget."""

    async def take(self, windows: list[tuple[str, int, float]]) -> float:
        """For windows ``(key, limit, seconds)``: if each has room, count one request in every one
        of them (atomically) and return 0; else count nothing and return the seconds to wait."""
        ...


class RateBudgets:
    """``await acquire(category)`` returns when a request of that category may go out.

    With ``shared``, the windows live there under keys prefixed by ``scope`` (whose quota they are:
    Pinterest counts per user per app; a callable when each request may be another user's), instead
    of in this process."""

    def __init__(
        self,
        per_minute: dict[str, int] | None = None,
        *,
        per_second: int = DEFAULT_PER_SECOND,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
        shared: SharedWindows | None = None,
        scope: str | Callable[[], str] = "default",
    ) -> None:
        self._per_minute = {**DEFAULT_PER_MINUTE, **(per_minute or {})}
        self._per_second = per_second
        self._window = window_s
        self._clock = clock
        self._sleep = sleep
        self._sent: dict[str, deque[float]] = {}
        self._sent_any: deque[float] = deque()
        self._paused_until: dict[str, float] = {}
        self._locks: dict[str, anyio.Lock] = {}
        self._shared = shared
        self._scope = scope

    def limit(self, category: str) -> int:
        return self._per_minute.get(category, 1000)

    async def acquire(self, category: str) -> None:
        lock = self._locks.setdefault(category, anyio.Lock())
        log = self._sent.setdefault(category, deque())
        async with lock:  # one waiter per category at a time keeps requests in arrival order
            while True:
                if self._shared is not None:
                    wait = self._paused_until.get(category, 0.0) - self._clock()
                    if wait <= 0:
                        scope = self._scope() if callable(self._scope) else self._scope
                        wait = await self._shared.take([
                            (f"{scope}:{category}", self.limit(category), self._window),
                            (f"{scope}:*", self._per_second, 1.0)])
                        if wait <= 0:
                            return
                    await self._sleep(wait)
                    continue
                now = self._clock()
                wait = max(
                    self._paused_until.get(category, 0.0) - now,
                    _wait(log, self.limit(category), self._window, now),
                    _wait(self._sent_any, self._per_second, 1.0, now),
                )
                if wait <= 0:
                    log.append(now)
                    self._sent_any.append(now)
                    return
                await self._sleep(wait)

    def pause(self, category: str, seconds: float) -> None:
        """Pinterest said 429: hold every request of this category for ``seconds``."""
        until = self._clock() + seconds
        self._paused_until[category] = max(self._paused_until.get(category, 0.0), until)
