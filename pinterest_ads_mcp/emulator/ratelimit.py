"""Rate-limit categories (the spec's ``x-ratelimit-category``) and a per-category limiter.

The client budgets each category separately, so the emulator must charge each request to the same
category Pinterest does. Windows use ``time.monotonic`` on purpose: tests freeze the store clock to
pin entity timestamps, and that must not freeze the limiter.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

_ANALYTICS = re.compile(r"/(analytics|targeting_analytics|reports)(/|$)")


def category_for(method: str, path: str) -> str:
    """The rate-limit category of a request; ``path`` may carry the ``/v5`` prefix or not."""
    method = method.upper()
    if path.startswith("/v5/") or path == "/v5":
        path = path[3:]
    if path.startswith("/oauth/"):
        return "org_read"
    if _ANALYTICS.search(path) or path.startswith("/resources/metrics_ready_state"):
        return "ads_analytics"
    if path.endswith(("/audience_sizing", "/bid_floor")):
        return "ads_read"
    if path.startswith(("/ad_accounts", "/resources")):
        if method in ("GET", "HEAD"):
            return "ads_read"
        if path.endswith("/bulk/download"):
            return "ads_read"
        return "ads_write"
    if path.startswith(("/pins", "/boards", "/user_account", "/search", "/media")):
        return "org_read" if method in ("GET", "HEAD") else "org_write"
    return "org_read" if method in ("GET", "HEAD") else "org_write"


@dataclass
class Decision:
    """The outcome of charging one request: allowed or not, and the numbers for headers."""

    allowed: bool
    limit: int
    remaining: int
    retry_after: int
    reset_in: int = 0


class RateLimiter:
    """Fixed-window counters, one per category; categories without a limit are never throttled."""

    def __init__(
        self, limits: dict[str, tuple[int, float]], now: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = dict(limits)
        self._now = now
        self._windows: dict[str, tuple[float, int]] = {}

    def charge(self, category: str) -> Decision | None:
        """Count one request; None when the category is unlimited."""
        rule = self.limits.get(category)
        if rule is None:
            return None
        max_requests, window = rule
        now = self._now()
        start, count = self._windows.get(category, (now, 0))
        if now - start >= window:
            start, count = now, 0
        if count >= max_requests:
            retry = max(1, math.ceil(start + window - now))
            self._windows[category] = (start, count)
            return Decision(False, max_requests, 0, retry, retry)
        count += 1
        self._windows[category] = (start, count)
        return Decision(True, max_requests, max_requests - count, 0, max(0, math.ceil(start + window - now)))

    def reset(self) -> None:
        self._windows.clear()
