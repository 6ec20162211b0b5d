"""MCP progress notifications for tool calls that take a while: throttled, strictly increasing.

Why: a model (and the person watching) waiting on a 20-page listing, an async report or a
five-step launch should see it move, and a client's request timeout can be reset by progress.
But one notification per HTTP page would flood a fast call, so the reporter sends the first
update at once, then at most one every ``interval`` seconds, and always the last one.

Use it in three lines::

    report = reporter(ctx, "campaigns", total=limit)           # ctx may be None (no-op)
    rows = await client.list_campaigns(..., progress=report)    # fits PinterestClient's ``progress``
    await report.finish()                                       # sends the final count if it was held back

or for steps of a plan: ``report = reporter(ctx, "steps", total=4)`` then
``await report(1, message="campaign created")``. A changed message is sent at once (steps are
few and each one matters); sending never fails the tool: errors are logged and dropped.
When the client did not ask for progress (no progress token) the SDK makes all of it a no-op.

The protocol requires every notification of a request to carry a larger ``progress`` than the one
before, and a person reads ``progress == total`` as "done". So each request has one line of
progress shared by every reporter on it (a keep-alive while the person is asked, then the plan's
steps): a reporter starts above what the request already sent, a value that does not increase is
not sent, and once a notification said "complete" nothing more is sent. Work in concurrent parts
(several async reports) is summed by :class:`Parts`, so it reaches its total only when every part
has finished.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

import anyio

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 0.5  # seconds between two updates of the same kind
KEEP_ALIVE_INTERVAL = 10.0  # seconds between keep-alive notifications while a request waits on a person

Progress = Callable[[float, float | None, str | None], Awaitable[None]]


class _Line:
    """What one request has sent so far."""

    __slots__ = ("complete", "last")

    def __init__(self) -> None:
        self.last: float | None = None
        self.complete = False


_lines: dict[int, _Line] = {}


def _owner(ctx: Any) -> Any:
    """The object that lives exactly as long as the request: the SDK's request context, else ``ctx``."""
    try:
        return ctx.request_context
    except Exception:  # noqa: BLE001 - outside a request, or a stand-in context in tests
        return ctx


def _line(ctx: Any) -> _Line:
    owner = _owner(ctx)
    key = id(owner)
    line = _lines.get(key)
    if line is None:
        line = _lines[key] = _Line()
        try:
            weakref.finalize(owner, _lines.pop, key, None)
        except TypeError:  # its end cannot be seen, so its id may come back: do not share this line
            del _lines[key]
    return line


async def _emit(ctx: Any, line: _Line, value: float, total: float | None, text: str) -> bool:
    """Send one notification if it moves the request's progress forward; True when sent."""
    if line.complete or (line.last is not None and value <= line.last):
        return False
    line.last = value
    if total is not None and value >= total:
        line.complete = True
    try:
        await ctx.report_progress(value, total, text)
    except Exception as exc:  # noqa: BLE001 - progress is a courtesy: never let it fail the call
        log.debug("progress notification not sent: %s", type(exc).__name__)
        return False
    return True


class Reporter:
    """Callable as ``await report(done, total=None, message=None)``; see the module docstring."""

    def __init__(
        self, ctx: Any, unit: str = "items", *, total: int | None = None, interval: float | None = None
    ) -> None:
        self._ctx = ctx
        self._line = _line(ctx) if ctx is not None else _Line()
        # Numbers already sent on this request (a keep-alive) come first: this reporter counts on from there.
        self._offset = self._line.last or 0
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
        if self._last_done is not None and done <= self._last_done:
            return  # not forward: nothing to say
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
        if self._pending is None:
            return
        done, _, held_message = self._pending
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
        value = self._offset + done
        if await _emit(self._ctx, self._line, value, None if total is None else self._offset + total, text):
            self.sent += 1


def reporter(
    ctx: Any, unit: str = "items", *, total: int | None = None, interval: float | None = None
) -> Reporter:
    """A throttled progress reporter for this tool call (``ctx`` is the tool's MCP Context, or None)."""
    return Reporter(ctx, unit, total=total, interval=interval)


class Parts:
    """Several concurrent parts, each reporting ``done`` of ``total`` (0..1 when unsure), as one line.

    The line's value is the sum of the parts' fractions and its total the number of parts, so it
    moves whenever any part does and says "complete" only when every part has reported its end.
    A part's fraction never goes back.
    """

    def __init__(self, report: Progress, count: int) -> None:
        self._report = report
        self._fractions = [0.0] * count

    def part(self, index: int) -> Progress:
        async def one(done: float, total: float | None, message: str | None) -> None:
            fraction = min(done / total, 1.0) if total else 0.0
            self._fractions[index] = max(self._fractions[index], fraction)
            await self._report(sum(self._fractions), float(len(self._fractions)), message)

        return one


async def keep_alive(ctx: Any, waiting_for: str, *, interval: float | None = None) -> None:
    """Until cancelled, send a progress notification every ``interval`` seconds saying what the
    request waits for: clients that reset their request timeout on progress keep waiting for a
    person instead of giving up. A no-op for clients that did not ask for progress."""
    if ctx is None:
        return
    line = _line(ctx)
    started = time.monotonic()
    every = KEEP_ALIVE_INTERVAL if interval is None else interval
    while True:
        await anyio.sleep(every)
        waited = int(time.monotonic() - started)
        await _emit(ctx, line, (line.last or 0) + 1, None, f"Waiting for {waiting_for} ({waited} s so far)")
