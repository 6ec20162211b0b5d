"""The emulator application: a Starlette app under ``/v5`` plus the control surface tests use.

A single pure-ASGI middleware does what Pinterest's edge does before a handler runs (auth, rate
limits, request ids) and what tests need around it (request log, latency, injected faults). It is
pure ASGI rather than ``BaseHTTPMiddleware`` so that sleeping and dropping connections behave like
they would on a real socket.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import anyio
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import (
    audiences,
    catalog,
    entities,
    insights,
    keyword_ideas,
    keywords,
    labels,
    oauth,
    pin_writes,
)
from .config import EmulatorConfig
from .faults import Fault, Faults
from .http import ApiError, error_response
from .ratelimit import Decision, RateLimiter, category_for
from .seed import seed as seed_store
from .store import Store

AUTH_FAILED = (2, "Authentication failed.")
MISSING_SCOPE = (
    3,
    (
        "Your token does not have sufficient permissions to perform this operation. "
        "Please ensure your token is authorized with the correct set of scopes."
    ),
)
TRIAL_DAILY_CALLS = 1000
TRIAL_CATEGORIES = ("ads_read", "ads_write", "ads_analytics", "org_read", "org_write")
# A token of one Pinterest login asking for an ad account that login cannot reach.
NOT_PERMITTED = (29, "You are not permitted to access that resource.")
_ACCOUNT_PATH = re.compile(r"^/v5/ad_accounts/(\d+)(/|$)")
_WRITE_PATH = re.compile(
    r"^/v5/(ad_accounts/\d+/(campaigns|ad_groups|ads|labels|keywords|audiences)(/\d+/(apply|remove))?|pins)/?$")


@dataclass
class RequestRecord:
    """One request as the emulator saw it (``path`` keeps the /v5 prefix, no host)."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    status: int
    category: str
    is_write: bool
    duration_s: float


def is_write(method: str, path: str) -> bool:
    """True for requests that create or change campaigns, ad groups, ads, labels, keywords, audiences or pins
    (attempted writes)."""
    return method.upper() in ("POST", "PATCH", "DELETE") and _WRITE_PATH.match(path) is not None


def required_scopes(method: str, path: str) -> tuple[str, ...]:
    """The OAuth scopes a route needs, so a token without one gets Pinterest's code-3 answer."""
    if path.startswith(("/v5/user_account", "/v5/trends")):
        return ("user_accounts:read",)
    if path.startswith(("/v5/ad_accounts", "/v5/resources")):
        return ("ads:write",) if category_for(method, path) == "ads_write" else ("ads:read",)
    if path.startswith("/v5/search/pins"):
        # The spec's security for GET /search/pins; a live token without the `_secret` scopes is refused.
        return ("pins:read", "boards:read", "pins:read_secret", "boards:read_secret")
    if path.startswith("/v5/pins"):
        return ("pins:read",) if method.upper() in ("GET", "HEAD") else ("pins:write",)
    if path.startswith("/v5/boards"):
        return ("boards:read",)
    return ()


class Emulator:
    """One emulated Pinterest: its state, armed faults, request log and token registry."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        self.store = Store(clock=self.config.clock, sandbox=self.config.sandbox)
        self.faults = Faults(self.config.fault_seed)
        limits = dict(self.config.rate_limits)
        if self.config.tier == "trial":
            # Trial-tier apps: a daily quota per rate-limit category (1,000 calls a day).
            for category in TRIAL_CATEGORIES:
                limits.setdefault(category, (TRIAL_DAILY_CALLS, 86_400.0))
        self.limiter = RateLimiter(limits)
        self.log: list[RequestRecord] = []
        # Access tokens made to answer 401 (see expire_access_token) and issued-token expiries.
        self.expired_tokens: set[str] = set()
        self.token_expires_at: dict[str, int] = {}
        self.refresh_expires_at: dict[str, int] = {}
        if self.config.seed:
            seed_store(self.store)

    # -- control surface -------------------------------------------------------------------
    def writes(self) -> list[RequestRecord]:
        """The logged requests that tried to change campaigns, ad groups, ads, labels or keywords."""
        return [record for record in self.log if record.is_write]

    def reset_log(self) -> None:
        self.log.clear()

    def set_latency(self, ms: float) -> None:
        self.config.latency_ms = ms

    def set_rate_limit(self, category: str, max_requests: int, window_s: float) -> None:
        """Limit one category from now on (a fresh window)."""
        self.limiter.limits[category] = (max_requests, window_s)
        self.limiter.reset()

    def expire_access_token(self, token: str) -> None:
        """Make ``token`` answer 401 from now on, as an expired Pinterest token would."""
        self.expired_tokens.add(token)

    def issue_tokens(self, scopes: str | None = None) -> dict[str, Any]:
        """An access + refresh token pair, as the authorization-code flow would hand out."""
        return oauth.issue(
            self, scopes or self.config.scopes, refresh=True, response_type="authorization_code"
        )

    # -- auth ------------------------------------------------------------------------------
    def scopes_of(self, token: str) -> str | None:
        """The scopes a bearer token carries, or None when the token is not accepted."""
        if not token or token in self.expired_tokens:
            return None
        if token in self.store.access_tokens:
            expires = self.token_expires_at.get(token)
            if expires is not None and self.store.now() >= expires:
                return None
            return self.store.access_tokens[token]
        if self.config.token is None or token == self.config.token:
            return self.config.scopes
        return None

    def check_basic(self, header: str | None) -> bool:
        """True when an ``Authorization: Basic`` header carries this app's id and secret."""
        if not header or not header.lower().startswith("basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        app_id, _, secret = decoded.partition(":")
        return secrets.compare_digest(app_id, self.config.app_id) and secrets.compare_digest(
            secret, self.config.app_secret
        )


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _parse_body(raw: bytes, content_type: str | None) -> Any:
    if not raw:
        return None
    if content_type and "application/x-www-form-urlencoded" in content_type:
        return {key: values[-1] for key, values in parse_qs(raw.decode("utf-8", "replace")).items()}
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def _bearer(headers: Headers) -> str:
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


class EmulatorMiddleware:
    """Logs, delays, faults, authenticates and rate-limits every request, then runs the route."""

    def __init__(self, app: ASGIApp, emulator: Emulator) -> None:
        self.app = app
        self.emulator = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        method, path = scope["method"], scope["path"]
        headers = Headers(scope=scope)
        raw = await _read_body(receive)
        record = RequestRecord(
            method=method,
            path=path,
            query=parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True),
            body=_parse_body(raw, headers.get("content-type")),
            status=0,
            category=category_for(method, path),
            is_write=is_write(method, path),
            duration_s=0.0,
        )
        self.emulator.log.append(record)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": raw, "more_body": False}

        try:
            await self._handle(scope, replay, send, record, headers)
        finally:
            record.duration_s = time.perf_counter() - started

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, record: RequestRecord, headers: Headers
    ) -> None:
        emulator = self.emulator
        method, path = record.method, record.path
        fired = emulator.faults.pick(method, path)
        delay_ms = emulator.config.latency_ms + sum(fault.latency_ms for fault in fired)
        if delay_ms > 0:
            await anyio.sleep(delay_ms / 1000)
        extra: dict[str, str] = {"x-pinterest-rid": secrets.token_hex(8)}

        async def respond(response: Response) -> None:
            record.status = response.status_code
            response.headers.update(extra)
            await response(scope, receive, send)

        for fault in fired:
            if fault.kind == "drop":
                raise ConnectionResetError("connection dropped by emulator")
            if fault.kind == "status":
                await respond(_fault_response(fault))
                return

        if path.startswith("/v5/") and path.rstrip("/") != "/v5/oauth/token":
            bearer = _bearer(headers)
            scopes = emulator.scopes_of(bearer)
            if scopes is None:
                await respond(error_response(401, *AUTH_FAILED))
                return
            granted = scopes.split()
            if any(scope not in granted for scope in required_scopes(method, path)):
                await respond(error_response(401, *MISSING_SCOPE))
                return
            user = emulator.store.token_users.get(bearer)
            if user is not None:
                scope.setdefault("state", {})["emulator_user"] = user
                reached = _ACCOUNT_PATH.match(path)
                allowed = emulator.store.users[user]["accounts"]
                if (reached and allowed is not None and reached.group(1) in emulator.store.ad_accounts
                        and reached.group(1) not in allowed):
                    await respond(error_response(403, *NOT_PERMITTED))
                    return

        refused = _unavailable(emulator.config, method, path)
        if refused is not None:
            await respond(refused)
            return

        decision = emulator.limiter.charge(record.category)
        if decision is not None:
            extra.update(_limit_headers(decision))
            if not decision.allowed:
                await respond(_throttled(record.category, decision))
                return

        if any(fault.kind == "drop_after" for fault in fired):

            async def swallow(message: Message) -> None:
                if message["type"] == "http.response.start":
                    record.status = message["status"]

            await self.app(scope, receive, swallow)
            raise ConnectionResetError("connection dropped by emulator")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
                message["headers"] = list(message.get("headers", [])) + [
                    (key.lower().encode("latin-1"), value.encode("latin-1")) for key, value in extra.items()
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


_LABELS = re.compile(r"^/v5/ad_accounts/(\d+)/labels(/|$)")
_REPORTS = re.compile(r"^/v5/ad_accounts/\d+/reports/?$")
LABELS_BETA_MESSAGE = (
    "Labels are in a closed beta: this ad account does not have access to them. "
    "Contact your Pinterest representative to join the beta."
)


def _unavailable(config: EmulatorConfig, method: str, path: str) -> Response | None:
    """Features an account or environment does not have, answered as Pinterest refuses them."""
    labels = _LABELS.match(path)
    if labels is not None and labels.group(1) in config.labels_closed_accounts:
        return error_response(403, 29, LABELS_BETA_MESSAGE)
    if config.sandbox and _REPORTS.match(path):
        return error_response(404, 404, "Asynchronous reports are not available in the sandbox.")
    return None


def _fault_response(fault: Fault) -> Response:
    messages = {
        429: (8, "Rate limit exceeded (injected by the emulator)."),
        503: (4197, "Service unavailable (injected by the emulator)."),
    }
    code, message = messages.get(fault.status, (fault.status, f"Injected failure: HTTP {fault.status}."))
    headers: dict[str, str] = {}
    if fault.retry_after is not None:
        headers["Retry-After"] = str(
            int(fault.retry_after) if float(fault.retry_after).is_integer() else fault.retry_after
        )
    return error_response(fault.status, code, message, headers=headers)


def _limit_headers(decision: Decision) -> dict[str, str]:
    return {
        "x-ratelimit-limit": str(decision.limit),
        "x-ratelimit-remaining": str(decision.remaining),
        "x-ratelimit-reset": str(decision.reset_in),
    }


def _throttled(category: str, decision: Decision) -> Response:
    """What Pinterest answers when a category's limit is spent.

    Analytics throttling (a short window) is an HTTP 400 whose message says "Retry after N seconds",
    with no rate headers worth reading (a maintained open-source connector retries exactly these).
    Everything else, and daily quotas, is a 429 with body code 8 and ``X-RateLimit-Reset`` (seconds),
    not ``Retry-After``; a daily quota's reset is hours away.
    """
    wait = decision.retry_after
    if category == "ads_analytics" and wait < 3600:
        return error_response(400, 1, f"Too many analytics requests. Retry after {wait} seconds.")
    return error_response(
        429,
        8,
        f"Rate limit exceeded for category {category}. Please try again later.",
        headers={"X-RateLimit-Reset": str(wait)},
    )


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"Unknown endpoint: {request.method} {request.url.path}."
        return JSONResponse({"code": 404, "message": message}, status_code=404)
    if exc.status_code == 405:
        message = f"Method {request.method} is not allowed on {request.url.path}."
        return JSONResponse({"code": 405, "message": message}, status_code=405, headers=exc.headers)
    return JSONResponse({"code": exc.status_code, "message": str(exc.detail)}, status_code=exc.status_code)


def api_routes() -> list[BaseRoute]:
    """Every route under /v5, from each module."""
    return [
        *oauth.routes(),
        *catalog.routes(),
        *labels.routes(),
        *keyword_ideas.routes(),  # before keywords: /keywords/metrics is not a keyword id
        *keywords.routes(),
        *pin_writes.routes(),
        *audiences.routes(),
        *insights.routes(),
        *entities.routes(),
    ]


def create_app(config: EmulatorConfig | None = None) -> Starlette:
    """A fresh emulator app; ``app.state.emulator`` is its :class:`Emulator`."""
    emulator = Emulator(config)
    app = Starlette(
        routes=[Mount("/v5", routes=api_routes()), *oauth.page_routes(), *insights.download_routes()],
        middleware=[Middleware(EmulatorMiddleware, emulator=emulator)],
        exception_handlers={ApiError: _api_error, 404: _http_error, 405: _http_error},
    )
    app.state.emulator = emulator
    return app


def serve(
    host: str = "127.0.0.1",
    port: int = 8811,
    token: str | None = None,
    latency_ms: float = 0,
    tier: str = "standard",
    sandbox: bool = False,
) -> None:
    """Serve a seeded emulator over HTTP until interrupted (base URL ``http://host:port/v5``)."""
    import uvicorn

    app = create_app(
        EmulatorConfig(token=token, latency_ms=latency_ms, tier=tier, sandbox=sandbox)  # type: ignore[arg-type]
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
