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
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import anyio
import httpx

from .auth import TokenManager
from .errors import (
    AuthenticationFailed,
    PinterestError,
    RateLimited,
    TransportError,
    UnknownOutcome,
    for_status,
)
from .ratelimit import RateBudgets

log = logging.getLogger("pinterest_ads_mcp.pinterest")

Params = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_retry_after: float = 60.0

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
        http: httpx.AsyncClient,
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
        while True:
            await self.budgets.acquire(category)
            generation = self.tokens.generation
            headers = {"Accept": "application/json"}
            auth = self.tokens.authorization()
            if auth:
                headers["Authorization"] = auth
            started = time.perf_counter()
            try:
                response = await self.http.request(method, url, params=params, json=json, headers=headers)
            except (httpx.TransportError, OSError) as exc:
                await self._record(method, path, None, started, None, category, attempt)
                never_sent = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, ConnectionRefusedError))
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

            request_id = response.headers.get("x-pinterest-rid")
            await self._record(method, path, response.status_code, started, request_id, category, attempt)
            status = response.status_code
            if status < 400:
                return response.json() if response.content else None

            if status == 401 and not refreshed and self.tokens.credentials.can_refresh:
                refreshed = True
                if await self.tokens.refresh(self.http, self.token_url, generation):
                    continue
            if status == 429 and attempt + 1 < self.retry.attempts:
                delay = _retry_after(response, self.retry) or self.retry.backoff(attempt)
                self.budgets.pause(category, delay)
                attempt += 1
                continue
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


def _retry_after(response: httpx.Response, policy: RetryPolicy) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return min(policy.max_retry_after, max(0.0, float(value)))
    except ValueError:
        return None


def _error_from(response: httpx.Response, method: str, path: str, category: str, policy: RetryPolicy) -> PinterestError:
    code: int | None = None
    message = response.reason_phrase or "request failed"
    try:
        body = response.json()
        if isinstance(body, dict):
            code = body.get("code") if isinstance(body.get("code"), int) else None
            message = str(body.get("message") or body.get("message_detail") or message)
    except ValueError:
        pass
    kwargs = dict(status=response.status_code, code=code, request_id=response.headers.get("x-pinterest-rid"),
                  method=method, path=path)
    cls = for_status(response.status_code)
    if cls is RateLimited:
        return RateLimited(f"Rate limited on {method} {path}: {message}", retry_after=_retry_after(response, policy),
                           category=category, **kwargs)
    if cls is AuthenticationFailed:
        return AuthenticationFailed(f"Pinterest did not accept the access token: {message}", **kwargs)
    return cls(f"Pinterest refused {method} {path}: {message}", **kwargs)
