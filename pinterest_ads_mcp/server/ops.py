"""What an operator's infrastructure asks a replica: ``/healthz`` (the process answers),
``/readyz`` (it started and its database answers: take it into the load balancer) and ``/metrics``
(HTTP requests and their durations, in the Prometheus text format).

These three paths need no token and carry no data; a reverse proxy facing the internet should not
forward ``/metrics``.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from typing import Any

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
OPS_PATHS = ("/healthz", "/readyz", "/metrics")
# Labels stay few: any other path counts as "other" (no label per client-chosen URL).
KNOWN_PREFIXES = ("/mcp", "/sse", "/messages", "/authorize", "/token", "/register", "/revoke", "/.well-known",
                  "/pinterest/callback")


def route_of(path: str) -> str:
    if path in OPS_PATHS:
        return path
    for prefix in KNOWN_PREFIXES:
        if path == prefix or path.startswith(prefix + "/") or path.startswith(prefix):
            return prefix
    return "other"


class Readiness:
    """Set by the server's lifespan (``attach``): ready once the runtime exists and its database answers."""

    def __init__(self) -> None:
        self.runtime: Any = None

    def attach(self, runtime: Any) -> None:
        self.runtime = runtime

    async def check(self) -> tuple[bool, dict[str, str]]:
        if self.runtime is None:
            return False, {"server": "starting"}
        database = self.runtime.extras.get("database")
        if database is None:
            return True, {"server": "ok", "database": "sqlite"}
        with anyio.move_on_after(5):
            if await anyio.to_thread.run_sync(database.ping):
                return True, {"server": "ok", "database": "ok"}
        return False, {"server": "ok", "database": "unreachable"}


class Metrics:
    def __init__(self) -> None:
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.buckets: dict[str, list[int]] = defaultdict(lambda: [0] * len(BUCKETS))
        self.sums: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)
        self.in_flight = 0

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests[(method, route, status)] += 1
        self.sums[route] += seconds
        self.counts[route] += 1
        row = self.buckets[route]
        for i, bound in enumerate(BUCKETS):
            if seconds <= bound:
                row[i] += 1

    def text(self) -> str:
        out = ["# HELP pinterest_ads_mcp_http_requests_total HTTP requests served, by method, route and status.",
               "# TYPE pinterest_ads_mcp_http_requests_total counter"]
        for (method, route, status), n in sorted(self.requests.items()):
            out.append(f'pinterest_ads_mcp_http_requests_total{{method="{method}",route="{route}",'
                       f'status="{status}"}} {n}')
        out += ["# HELP pinterest_ads_mcp_http_request_duration_seconds Time to the end of the response.",
                "# TYPE pinterest_ads_mcp_http_request_duration_seconds histogram"]
        for route in sorted(self.counts):
            for bound, n in zip(BUCKETS, self.buckets[route], strict=True):
                out.append(f'pinterest_ads_mcp_http_request_duration_seconds_bucket{{route="{route}",le="{bound}"}} {n}')
            out.append(f'pinterest_ads_mcp_http_request_duration_seconds_bucket{{route="{route}",le="+Inf"}} '
                       f"{self.counts[route]}")
            out.append(f'pinterest_ads_mcp_http_request_duration_seconds_sum{{route="{route}"}} {self.sums[route]:.6f}')
            out.append(f'pinterest_ads_mcp_http_request_duration_seconds_count{{route="{route}"}} {self.counts[route]}')
        out += ["# HELP pinterest_ads_mcp_http_requests_in_flight HTTP requests being served now.",
                "# TYPE pinterest_ads_mcp_http_requests_in_flight gauge",
                f"pinterest_ads_mcp_http_requests_in_flight {self.in_flight}"]
        return "\n".join(out) + "\n"


async def _answer(send: Send, status: int, body: bytes, content_type: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})


class Ops:
    """Outermost ASGI layer: serves the three operator paths and measures every other request."""

    def __init__(self, app: ASGIApp, readiness: Readiness | None = None, metrics: Metrics | None = None) -> None:
        self.app = app
        self.readiness = readiness
        self.metrics = metrics or Metrics()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path == "/healthz":
            await _answer(send, 200, b'{"status":"ok"}', b"application/json")
            return
        if path == "/readyz":
            ready, detail = (await self.readiness.check()) if self.readiness else (True, {"server": "ok"})
            await _answer(send, 200 if ready else 503, json.dumps({"ready": ready, **detail}).encode(),
                          b"application/json")
            return
        if path == "/metrics":
            await _answer(send, 200, self.metrics.text().encode(), b"text/plain; version=0.0.4; charset=utf-8")
            return
        started = time.perf_counter()
        status = 500

        async def counting_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        self.metrics.in_flight += 1
        try:
            await self.app(scope, receive, counting_send)
        finally:
            self.metrics.in_flight -= 1
            self.metrics.observe(scope.get("method", "GET"), route_of(path), status, time.perf_counter() - started)
