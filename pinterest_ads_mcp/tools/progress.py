"""MCP progress notifications for tool calls that take a while, throttled.

Why: a model (and the person watching) waiting on a 20-page listing, an async report or a
five-step launch should see it move, and a client's request timeout can be reset by progress.
But one notification per HTTP page would flood a fast call, so the reporter sends the first
update at once, then at most one every ``interval`` seconds, and always the last one.

Use it in three lines::

    report = reporter(ctx, "campaigns", total=limit)           # ctx may be None (no-op)
    rows = await client.list_campaigns(..., progress=report)    # fits PinterestClient's ``progress``
    await report.finish()                                       # sends the final count if it was held back

or for steps of a plan: ``report = reporter(ctx, "steps", total=4)`` then
``await report(1, message="campaign created")``. A changed message is always sent (steps are
few and each one matters); sending never fails the tool: errors are logged and dropped.
When the client did not ask for progress (no progress token) the SDK makes all of it a no-op.
"""

from __future__ import annotations

import logging
import time
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 0.5  # seconds between two updates of the same kind


class Reporter:
    """Callable as ``await report(done, total=None, message=None)``; see the module docstring."""

    def __init__(
        self, ctx: Any, unit: str = "items", *, total: int | None = None, interval: float | None = None
    ) -> None:
        self._ctx = ctx
        self.unit = unit
        # A total given here wins over the one callers pass: tools ask the client for limit + 1
        # rows to detect truncation, and the person should see the limit they asked for.
        self.total = total
        self.interval = DEFAULT_INTERVAL if interval is None else interval
        self._last_sent: float | None = None
        self._last_message: str | None = None
        self._pending: tuple[float, float | None, str | None] | None = None
        self._last_done: float | None = None
        self.sent = 0

    async def __call__(self, done: float, total: float | None = None, message: str | None = None) -> None:
        if self.total is not None:
            total = self.total
            done = min(done, total)
        final = total is not None and done >= total
        now = time.monotonic()
        due = self._last_sent is None or now - self._last_sent >= self.interval
        changed = message is not None and message != self._last_message
        if not (due or final or changed):
            self._pending = (done, total, message)
            return
        await self._send(done, total, message)

    async def finish(self, message: str | None = None) -> None:
        """Send the last held-back update, as complete (total = done), if there was one."""
        if self._pending is None and message is None:
            return
        done, _, held_message = self._pending or (0, None, None)
        if self._pending is None and self._last_done is not None:
            done = self._last_done
        await self._send(done, done, message or held_message)

    async def _send(self, done: float, total: float | None, message: str | None) -> None:
        self._pending = None
        self._last_sent = time.monotonic()
        self._last_done = done
        if message is not None:
            self._last_message = message
        count = f"{int(done)} of {int(total)}" if total is not None else f"{int(done)}"
        text = message or f"{count} {self.unit}"
        if self._ctx is None:
            return
        try:
            await self._ctx.report_progress(done, total, text)
            self.sent += 1
        except Exception as exc:  # noqa: BLE001 - progress is a courtesy: never let it fail the call
            log.debug("progress notification not sent: %s", type(exc).__name__)


def reporter(
    ctx: Any, unit: str = "items", *, total: int | None = None, interval: float | None = None
) -> Reporter:
    """A throttled progress reporter for this tool call (``ctx`` is the tool's MCP Context, or None)."""
    return Reporter(ctx, unit, total=total, interval=interval)
