"""Typed errors for everything that can go wrong talking to Pinterest.

Each error carries what a person needs to act: the HTTP status, Pinterest's own error code and
message, the ``x-pinterest-rid`` request id (what Pinterest support asks for), and a short hint
saying what to do. No error ever carries a token.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from .redact import REDACTOR

REQUEST_ID_MAX = 64


class PinterestError(Exception):
    """Base class. ``str(err)`` is a complete sentence a person can act on."""

    hint: str = ""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: int | None = None,
        request_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        # Upstream text (a message, a request id) may echo a secret back: redacted here, once.
        message = REDACTOR.text(message)
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.request_id = REDACTOR.text(request_id)[:REQUEST_ID_MAX] if request_id else None
        self.method = method
        self.path = path

    def __str__(self) -> str:
        parts = [self.message.rstrip(".") + "."]
        if self.hint:
            parts.append(self.hint)
        if self.status is not None:
            detail = f"HTTP {self.status}"
            if self.code is not None:
                detail += f", Pinterest code {self.code}"
            if self.request_id:
                detail += f", request id {self.request_id}"
            parts.append(f"({detail})")
        return " ".join(parts)


class BadRequest(PinterestError):
    """400: Pinterest refused the request as invalid; its message names the field."""

    hint = "Fix the field Pinterest names and try again."


class AuthenticationFailed(PinterestError):
    """401 that a token refresh could not cure."""

    hint = (
        "The access token is missing, expired or revoked: run `pinterest-ads-mcp auth` or set "
        "PINTEREST_ACCESS_TOKEN (with PINTEREST_REFRESH_TOKEN, PINTEREST_APP_ID and PINTEREST_APP_SECRET "
        "so it can renew itself)."
    )


class PermissionDenied(PinterestError):
    """403: the token lacks a scope, or the user lacks a role on the ad account."""

    hint = (
        "The token needs the ads:read and ads:write scopes (pins:read, boards:read for pins), and your "
        "user needs a role on this ad account that allows it (e.g. Admin or Campaign manager)."
    )


class MissingScope(PermissionDenied):
    """401 with Pinterest code 3: the token is valid but was not granted the scope this call needs.

    Not an expired token (code 2): refreshing cannot add a scope, only signing in again can.
    """

    def __init__(self, message: str, *, scope: str | None = None, **kw):
        super().__init__(message, **kw)
        self.scope = scope
        needed = f"the {scope} scope" if scope else "the scope this call needs"
        self.hint = (
            f"The token was not granted {needed}: run `pinterest-ads-mcp auth` again and approve it "
            "(or set PINTEREST_ACCESS_TOKEN to a token that has it)."
        )


class NotFound(PinterestError):
    """404: the id does not exist or this token cannot see it."""

    hint = "Check the id (list_* tools show the ids this token can reach)."


class RateLimited(PinterestError):
    """429 after retries: the rate-limit category is exhausted for now."""

    def __init__(self, message: str, *, retry_after: float | None = None, category: str | None = None, **kw):
        super().__init__(message, **kw)
        self.retry_after = retry_after
        self.category = category
        wait = f" in about {max(1, round(retry_after))} s" if retry_after else " in a minute"
        tier = ("" if retry_after is not None and retry_after <= 60 else
                " Trial-tier apps have 1,000 requests a day; Standard access raises that.")
        self.hint = f"Pinterest's {category or 'API'} rate limit is exhausted; try again{wait}.{tier}"


class QuotaExhausted(RateLimited):
    """429 whose reset is hours away (a daily quota): not retried, it says when the quota returns."""

    def __init__(self, message: str, *, retry_after: float, category: str | None = None,
                 now: float | None = None, **kw):
        super().__init__(message, retry_after=retry_after, category=category, **kw)
        self.resets_at = (now if now is not None else time.time()) + retry_after
        self.hint = (
            f"Pinterest's daily quota for {category or 'this kind of'} requests is used up; it returns "
            f"{when_in_words(retry_after, self.resets_at)}. Trial-tier apps have 1,000 requests a day per "
            "category; Standard access raises that."
        )


class SpamBlocked(RateLimited):
    """429 that Pinterest's spam detection sent (its message says so): waiting a moment does not help."""

    def __init__(self, message: str, **kw):
        super().__init__(message, **kw)
        self.hint = ("Pinterest's spam protection refused this request; it is not retried. Slow down, check the "
                     "content (links, repeated text), and try again later.")


def when_in_words(seconds: float, at: float) -> str:
    """``in about 7 hours, at 14:00 UTC``: how long, and the UTC wall-clock time it happens."""
    if seconds < 90:
        span = f"{max(1, round(seconds))} seconds"
    elif seconds < 90 * 60:
        span = f"{round(seconds / 60)} minutes"
    else:
        hours = round(seconds / 3600)
        span = f"{hours} hour{'s' if hours != 1 else ''}"
    clock = datetime.fromtimestamp(at, tz=UTC)
    day = "" if seconds < 20 * 3600 else f" on {clock:%Y-%m-%d}"
    return f"in about {span}, at {clock:%H:%M} UTC{day}"


class ServerError(PinterestError):
    """5xx after retries."""

    hint = "Pinterest had a server error; try again shortly."


class TransportError(PinterestError):
    """The network failed (timeout, dropped connection) and retries did not help."""

    hint = "Check the network connection to Pinterest and try again."


class UnknownOutcome(PinterestError):
    """A write whose result never arrived: it may or may not have been applied.

    Never retried blindly: the caller must look the entity up before doing anything else.
    """

    hint = "The change may or may not have been applied; look it up before retrying."


def for_status(status: int) -> type[PinterestError]:
    if status == 400 or status == 409 or status == 422:
        return BadRequest
    if status == 401:
        return AuthenticationFailed
    if status == 403:
        return PermissionDenied
    if status == 404:
        return NotFound
    if status == 429:
        return RateLimited
    if status >= 500:
        return ServerError
    return PinterestError


class UnsafeUpstream(PinterestError):
    """The upstream asked for something the client refuses to do (fetch from a host that is not
    Pinterest's, follow a redirect, read an endless answer); nothing was fetched beyond that point."""

    hint = "Nothing more was fetched. If this keeps happening, check PINTEREST_API_BASE_URL."
