"""Typed errors for everything that can go wrong talking to Pinterest.

Each error carries what a person needs to act: the HTTP status, Pinterest's own error code and
message, the ``x-pinterest-rid`` request id (what Pinterest support asks for), and a short hint
saying what to do. No error ever carries a token.
"""

from __future__ import annotations


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
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.request_id = request_id
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


class NotFound(PinterestError):
    """404: the id does not exist or this token cannot see it."""

    hint = "Check the id (list_* tools show the ids this token can reach)."


class RateLimited(PinterestError):
    """429 after retries: the rate-limit category is exhausted for now."""

    def __init__(self, message: str, *, retry_after: float | None = None, category: str | None = None, **kw):
        super().__init__(message, **kw)
        self.retry_after = retry_after
        self.category = category
        wait = f" in about {int(retry_after)} s" if retry_after else " in a minute"
        self.hint = (
            f"Pinterest's {category or 'API'} rate limit is exhausted; try again{wait}. Trial-tier apps have "
            "1,000 requests a day; Standard access raises that."
        )


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
