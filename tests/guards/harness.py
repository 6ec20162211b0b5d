"""A test bench for the write tools: a seeded emulator (the source of truth for every assertion),
a spec-validating transport in front of it, and servers built on one state dir (so a "restart" is
just a second server)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx2
import mcp_types
from mcp import Client

from pinterest_ads_mcp.emulator import seed
from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.pinterest.transport import RetryPolicy
from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings
from tests.support.openapi import ContractValidator, ValidatingTransport

FAST_RETRY = RetryPolicy(attempts=2, base_delay=0.001, max_delay=0.002, max_retry_after=0.01)
ACCOUNT = seed.DEMO_ACCOUNT_ID
WRITE_TOOLS = ("create_campaign", "boost_pin", "update_status", "update_budget", "confirm_action")

for _key in ("PINTEREST_ACCESS_TOKEN", "PINTEREST_API_BASE_URL", "PINTEREST_ENV", "PINTEREST_AD_ACCOUNT_ID"):
    os.environ.pop(_key, None)


@dataclass
class FakeClock:
    now: float = field(default_factory=lambda: __import__("time").time())

    def __call__(self) -> float:
        return self.now


class Crash(Exception):
    """Raised by the Meddler to stand for the server process dying at that point."""


LOST = ("drop", "drop_after", "status", "status_after", "timeout", "timeout_after")


# Reads Pinterest takes as POST (a plan's forecast sends them before its writes): not writes.
READS_BY_POST = ("/audience_sizing", "/bid_floor")


class Meddler(httpx2.AsyncBaseTransport):
    """What can go wrong between our client and Pinterest, on the n-th write of a call.

    ``arm(n, kind)``: the n-th write (0-based, counted from ``arm``) is lost: ``drop`` (connection
    dropped before Pinterest saw it), ``drop_after`` (handled, answer lost), ``status`` (503, not
    handled), ``status_after`` (handled, then a 500), ``timeout`` / ``timeout_after`` (read timeout
    before / after it was handled), or ``crash`` (the server dies before sending it). ``twin_at``:
    just before that write, someone else sends an identical one (a same-named entity appears
    during the plan). Counts what it did in ``faults``.
    """

    def __init__(self, inner: httpx2.AsyncBaseTransport) -> None:
        self.inner = inner
        self.fault_at: int | None = None
        self.kind: str | None = None
        self.twin_at: int | None = None
        self.seen = 0
        self.faults = 0

    def arm(self, at: int | None, kind: str | None, twin_at: int | None = None) -> None:
        self.fault_at, self.kind, self.twin_at, self.seen = at, kind, twin_at, 0

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if (request.method not in ("POST", "PATCH") or "/ad_accounts/" not in request.url.path
                or request.url.path.endswith(READS_BY_POST)):
            return await self.inner.handle_async_request(request)
        index = self.seen
        self.seen += 1
        body = await request.aread()
        if index == self.twin_at and request.method == "POST":
            twin = httpx2.Request(request.method, request.url, headers=request.headers, content=body)
            await (await self.inner.handle_async_request(twin)).aread()
            self.faults += 1
        if index != self.fault_at or self.kind is None:
            return await self.inner.handle_async_request(request)
        self.faults += 1
        kind = self.kind
        if kind == "crash":
            raise Crash("the server stopped here")
        if kind == "drop":
            raise httpx2.RemoteProtocolError("connection dropped before the request was handled", request=request)
        if kind == "timeout":
            raise httpx2.ReadTimeout("timed out before the request was handled", request=request)
        if kind == "status":
            return httpx2.Response(503, json={"code": 503, "message": "Service unavailable"}, request=request)
        answer = await self.inner.handle_async_request(request)
        await answer.aread()
        if kind == "drop_after":
            raise httpx2.RemoteProtocolError("connection dropped after the request was handled", request=request)
        if kind == "timeout_after":
            raise httpx2.ReadTimeout("timed out after the request was handled", request=request)
        return httpx2.Response(500, json={"code": 500, "message": "Internal error"}, request=request)


class Bench:
    def __init__(self, state_dir: Path, contract: ContractValidator, database_url: str | None = None) -> None:
        self.database_url = database_url  # PostgreSQL state instead of SQLite in state_dir
        self.app = create_app()
        self.emulator = self.app.state.emulator
        self.validating = ValidatingTransport(httpx2.ASGITransport(app=self.app), contract)
        self.meddler = Meddler(self.validating)
        self.transport = self.meddler
        self.state_dir = state_dir
        self.clock = FakeClock()

    def server(self, **settings: Any):
        settings.setdefault("ads_state_dir", self.state_dir)
        if self.database_url:
            settings.setdefault("ads_database_url", self.database_url)
        for key in ("ads_max_daily_budget", "ads_max_lifetime_budget"):
            if key in settings and settings[key] is not None:
                settings[key] = Decimal(str(settings[key]))
        return build_server(Settings(_env_file=None, **settings), transport=self.transport, emulator_app=self.app,
                            retry=FAST_RETRY, on_runtime=lambda rt: rt.extras.__setitem__("clock", self.clock))

    def state_sql(self, sql: str) -> None:
        """Change the server's stored state behind its back (as someone with database access could)."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as conn:
                conn.execute(sql)
            return
        import sqlite3

        db = sqlite3.connect(str(self.state_dir / "pinterest-ads-state.sqlite3"))
        db.execute(sql)
        db.commit()
        db.close()

    # -- emulator truth --------------------------------------------------------------------------
    def writes(self) -> list[Any]:
        return self.emulator.writes()

    def entity(self, kind: str, entity_id: str) -> dict[str, Any]:
        return getattr(self.emulator.store, kind)[entity_id]

    def statuses(self) -> dict[str, str]:
        store = self.emulator.store
        return {i: e["status"] for table in (store.campaigns, store.ad_groups, store.ads) for i, e in table.items()}

    def violations(self) -> list[str]:
        return list(self.validating.violations)


def answer(action: str, approve: bool = True) -> Callable[..., Any]:
    """An elicitation callback that always gives ``action`` (accept carries approve)."""

    async def cb(ctx: Any, params: Any) -> mcp_types.ElicitResult:
        if action == "accept":
            return mcp_types.ElicitResult(action="accept", content={"approve": approve})
        return mcp_types.ElicitResult(action=action)

    return cb


def client(server: Any, mode: str = "legacy", elicit: str | None = None, approve: bool = True) -> Client:
    if elicit is None:
        return Client(server, mode=mode)
    return Client(server, mode=mode, elicitation_callback=answer(elicit, approve))


def launch_args(n_ads: int = 1, *, amount: str = "20.00", period: str = "daily", activate: bool = True,
                objective: str = "awareness", **extra: Any) -> dict[str, Any]:
    pins = [seed.RAISED_BED_PIN_ID, seed.HERB_SPIRAL_PIN_ID, seed.CUSHION_PIN_ID, seed.PALLET_TABLE_PIN_ID]
    args: dict[str, Any] = {
        "ad_account_id": ACCOUNT, "name": "Spring launch", "objective": objective,
        "budget": {"amount": amount, "period": period}, "ad_group": {"targeting": {"locations": ["US"]}},
        "ads": [{"pin_id": pins[i % len(pins)]} for i in range(n_ads)], "activate": activate,
    }
    args.update(extra)
    return args


def text(result: Any) -> str:
    """A tool result's text content (where errors are)."""
    return " ".join(getattr(c, "text", "") for c in result.content)


async def call(server: Any, name: str, args: dict[str, Any], *, mode: str = "legacy", elicit: str | None = None,
               approve: bool = True) -> Any:
    """One tool call from a fresh client session (elicitation answered with ``elicit`` when given)."""
    async with client(server, mode, elicit, approve) as c:
        return await c.call_tool(name, args)
