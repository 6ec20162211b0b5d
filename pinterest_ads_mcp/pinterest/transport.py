"""The request loop: auth, pacing, retries and error mapping for every call to Pinterest.

Reads are retried on 429, 5xx and network failures with jittered exponential backoff
(``Retry-After`` wins when Pinterest sends it). Writes are never retried blindly: a 429 or a
refused connection means Pinterest did not process the request, so those are retried; anything
else that leaves the outcome unknown (timeout, dropped connection, 5xx) raises
:class:`UnknownOutcome` so the caller looks the entity up before doing anything else.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import anyio
import httpx2

from .auth import TokenManager
from .errors import (
    REQUEST_ID_MAX,
    AuthenticationFailed,
    MissingScope,
    PinterestError,
    QuotaExhausted,
    RateLimited,
    SpamBlocked,
    TransportError,
    UnknownOutcome,
    UnsafeUpstream,
    for_status,
)
from .hosts import host_of
from .ratelimit import RateBudgets
from .redact import REDACTOR
from .scopes import scope_for

log = logging.getLogger("pinterest_ads_mcp.pinterest")

Params = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_retry_after: float = 60.0
    # A 429 whose reset is further away than this is a spent (daily) quota: not retried, reported.
    quota_wait: float = 900.0

    def backoff(self, attempt: int) -> float:
        """Full-jitter exponential backoff: spreads retries of concurrent calls apart."""
        return random.uniform(0, min(self.max_delay, self.base_delay * (2**attempt)))


@dataclass(frozen=True)
class CallRecord:
    """One upstream call as logs and progress see it (never with a secret)."""

    method: str
    path: str
    status: int | None
    duration_ms: float
    request_id: str | None
    category: str
    attempt: int


class Transport:
    """Sends one logical API call, however many HTTP attempts it takes."""

    def __init__(
        self,
        base_url: str,
        tokens: TokenManager,
        *,
        http: httpx2.AsyncClient,
        retry: RetryPolicy,
        budgets: RateBudgets,
        on_call: Callable[[CallRecord], Awaitable[None] | None] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.http = http
        self.retry = retry
        self.budgets = budgets
        self.on_call = on_call
        # Rate-limit headers last seen per category, and categories whose daily quota is spent.
        self.limits: dict[str, RateLimitInfo] = {}
        self._quota_until: dict[str, tuple[float, QuotaExhausted]] = {}

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/oauth/token"

    async def call(
        self,
        method: str,
        path: str,
        *,
        category: str,
        params: Params | None = None,
        json: Any = None,
        write: bool = False,
    ) -> Any:
        """Send a request and return the parsed JSON body (None when empty)."""
        url = f"{self.base_url}{path}"
        attempt = 0
        refreshed = False
        spent = self._quota_until.get(category)
        if spent is not None and spent[0] > time.time():
            raise spent[1]  # the quota is known to be spent: no request can succeed before it returns
        while True:
            await self.budgets.acquire(category)
            generation = self.tokens.generation
            headers = {"Accept": "application/json"}
            auth = self.tokens.authorization()
            if auth:
                headers["Authorization"] = auth
            started = time.perf_counter()
            try:
                query = None if params is None else tuple(params)
                response = await self.http.request(method, url, params=query, json=json, headers=headers)
            except (httpx2.TransportError, OSError) as exc:
                await self._record(method, path, None, started, None, category, attempt)
                never_sent = isinstance(exc, (httpx2.ConnectError, httpx2.ConnectTimeout, ConnectionRefusedError))
                if write and not never_sent:
                    raise UnknownOutcome(
                        f"The connection failed during {method} {path} ({type(exc).__name__}); "
                        "Pinterest may or may not have applied it",
                        method=method,
                        path=path,
                    ) from None
                if attempt + 1 >= self.retry.attempts:
                    raise TransportError(
                        f"Could not reach Pinterest for {method} {path}: {type(exc).__name__}",
                        method=method,
                        path=path,
                    ) from None
                await anyio.sleep(self.retry.backoff(attempt))
                attempt += 1
                continue

            request_id = request_id_of(response)
            await self._record(method, path, response.status_code, started, request_id, category, attempt)
            status = response.status_code
            info = RateLimitInfo.parse(response.headers)
            if info is not None:
                self.limits[category] = info
            if 300 <= status < 400:
                where = host_of(response.headers.get("location", "")) or "an unnamed place"
                raise UnsafeUpstream(f"{method} {path} was answered with a redirect (HTTP {status}) to {where}; "
                                     "redirects are not followed, so no token travels elsewhere",
                                     status=status, request_id=request_id, method=method, path=path)
            if status < 400:
                # Whatever leaves the client is redacted: an upstream may echo a secret in any field.
                return REDACTOR.scrub_answer(response.text, response.json()) if response.content else None

            code, message = _code_and_message(response)
            if status == 401 and code == 3:
                # Code 3 is a missing scope, not an expired token (code 2): a refresh cannot help.
                scope = scope_for(method, path)
                raise MissingScope(f"Pinterest refused {method} {path}: {message}", scope=scope, status=status,
                                   code=code, request_id=request_id, method=method, path=path)
            if status == 401 and not refreshed and self.tokens.credentials.can_refresh:
                refreshed = True
                if await self.tokens.refresh(self.http, self.token_url, generation):
                    continue
            if status == 429:
                wait = _reset_in(response)
                if "spam" in message.lower():
                    raise SpamBlocked(f"Pinterest refused {method} {path}: {message}", category=category,
                                      status=status, code=code, request_id=request_id, method=method, path=path)
                if wait is not None and wait > self.retry.quota_wait:
                    error = QuotaExhausted(f"Pinterest refused {method} {path}: {message}", retry_after=wait,
                                           category=category, status=status, code=code, request_id=request_id,
                                           method=method, path=path)
                    self._quota_until[category] = (time.time() + wait, error)
                    raise error
                if attempt + 1 < self.retry.attempts:
                    delay = (min(self.retry.max_retry_after, wait) if wait is not None
                             else self.retry.backoff(attempt))
                    self.budgets.pause(category, delay)
                    attempt += 1
                    continue
            if status == 400 and not write:
                # Analytics throttling is a 400 whose message says "Retry after N seconds" (rate
                # information in the text, not in headers); only reads are retried on it.
                throttled = _THROTTLED.search(message)
                if throttled is not None:
                    wait = float(throttled.group(1))
                    if attempt + 1 < self.retry.attempts and wait <= self.retry.quota_wait:
                        self.budgets.pause(category, min(self.retry.max_retry_after, wait))
                        attempt += 1
                        continue
                    raise RateLimited(f"Pinterest throttled {method} {path}: {message}", retry_after=wait,
                                      category=category, status=status, code=code, request_id=request_id,
                                      method=method, path=path)
            if status >= 500:
                if write:
                    raise UnknownOutcome(
                        f"Pinterest answered HTTP {status} to {method} {path}; it may or may not have applied it",
                        status=status,
                        request_id=request_id,
                        method=method,
                        path=path,
                    )
                if attempt + 1 < self.retry.attempts:
                    await anyio.sleep(_retry_after(response, self.retry) or self.retry.backoff(attempt))
                    attempt += 1
                    continue
            raise _error_from(response, method, path, category, self.retry)

    async def _record(
        self,
        method: str,
        path: str,
        status: int | None,
        started: float,
        request_id: str | None,
        category: str,
        attempt: int,
    ) -> None:
        record = CallRecord(
            method=method,
            path=path,
            status=status,
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
            request_id=request_id,
            category=category,
            attempt=attempt,
        )
        log.info(
            "%s %s -> %s in %.0f ms (rid %s)",
            method,
            path,
            status if status is not None else "no response",
            record.duration_ms,
            request_id or "-",
            extra={"upstream": record.__dict__},
        )
        if self.on_call is not None:
            result = self.on_call(record)
            if result is not None:
                await result


def request_id_of(response: httpx2.Response) -> str | None:
    """The ``x-pinterest-rid`` header, redacted and bounded (an upstream controls it)."""
    value = response.headers.get("x-pinterest-rid")
    return REDACTOR.text(value)[:REQUEST_ID_MAX] if value else None


def _retry_after(response: httpx2.Response, policy: RetryPolicy) -> float | None:
    value = _reset_in(response)
    return None if value is None else min(policy.max_retry_after, value)


_THROTTLED = re.compile(r"retry after (\d+(?:\.\d+)?) seconds?", re.IGNORECASE)
# Above this an X-RateLimit-Reset value is a Unix time rather than a number of seconds.
_EPOCH = 1_000_000_000


def _reset_in(response: httpx2.Response) -> float | None:
    """Seconds until a 429's limit resets: ``Retry-After`` when sent, else ``X-RateLimit-Reset``.

    Pinterest's 429s carry ``X-RateLimit-Reset`` rather than ``Retry-After``, at times tens of
    thousands of seconds ahead (daily quotas). Whether it is a delay in seconds or a Unix time is not
    documented; a value above 10^9 is taken as a Unix time, anything smaller as seconds.
    """
    for name in ("retry-after", "x-ratelimit-reset"):
        value = response.headers.get(name)
        if not value:
            continue
        try:
            number = float(value.split(",")[0].strip())
        except ValueError:
            continue
        if number > _EPOCH:
            number -= time.time()
        return max(0.0, number)
    return None


def _code_and_message(response: httpx2.Response) -> tuple[int | None, str]:
    code: int | None = None
    message = response.reason_phrase or "request failed"
    try:
        body = response.json()
        if isinstance(body, dict):
            code = body.get("code") if isinstance(body.get("code"), int) else None
            message = str(body.get("message") or body.get("message_detail") or message)
    except ValueError:
        pass
    return code, message


@dataclass(frozen=True)
class RateLimitInfo:
    """A response's rate-limit headers: ``x-ratelimit-limit``, ``-remaining`` and ``-reset``.

    The limit may come as a plain number or in the IETF draft form ``1000, 1000;w=86400`` (a window in
    seconds); both are read. ``window`` is None when the header names none.
    """

    limit: int | None
    remaining: int | None
    reset: float | None
    window: float | None

    @classmethod
    def parse(cls, headers: httpx2.Headers) -> RateLimitInfo | None:
        raw = headers.get("x-ratelimit-limit")
        if raw is None:
            return None
        limit = _int(raw.split(",")[0])
        window = re.search(r";\s*w=(\d+)", raw)
        reset = headers.get("x-ratelimit-reset")
        return cls(limit=limit, remaining=_int(headers.get("x-ratelimit-remaining") or ""),
                   reset=float(_int(reset) or 0) if reset else None,
                   window=float(window.group(1)) if window else None)

    @property
    def daily(self) -> bool:
        """A per-day quota (what Trial-tier apps get): a day-long window, or a reset hours away."""
        if self.window is not None:
            return self.window >= 86_400
        return self.reset is not None and self.reset > 3600


def _int(text: str) -> int | None:
    try:
        return int(text.strip().split(";")[0])
    except ValueError:
        return None


def _error_from(response: httpx2.Response, method: str, path: str, category: str, policy: RetryPolicy) -> PinterestError:
    code, message = _code_and_message(response)
    kwargs: dict[str, Any] = dict(status=response.status_code, code=code, request_id=request_id_of(response),
                                  method=method, path=path)
    cls = for_status(response.status_code)
    if cls is RateLimited:
        return RateLimited(f"Rate limited on {method} {path}: {message}", retry_after=_retry_after(response, policy),
                           category=category, **kwargs)
    if cls is AuthenticationFailed:
        return AuthenticationFailed(f"Pinterest did not accept the access token: {message}", **kwargs)
    return cls(f"Pinterest refused {method} {path}: {message}", **kwargs)
