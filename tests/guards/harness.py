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

import httpx
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


class Bench:
    def __init__(self, state_dir: Path, contract: ContractValidator) -> None:
        self.app = create_app()
        self.emulator = self.app.state.emulator
        self.transport = ValidatingTransport(httpx.ASGITransport(app=self.app), contract)
        self.state_dir = state_dir
        self.clock = FakeClock()

    def server(self, **settings: Any):
        settings.setdefault("ads_state_dir", self.state_dir)
        for key in ("ads_max_daily_budget", "ads_max_lifetime_budget"):
            if key in settings and settings[key] is not None:
                settings[key] = Decimal(str(settings[key]))
        return build_server(Settings(_env_file=None, **settings), transport=self.transport, emulator_app=self.app,
                            retry=FAST_RETRY, on_runtime=lambda rt: rt.extras.__setitem__("clock", self.clock))

    # -- emulator truth --------------------------------------------------------------------------
    def writes(self) -> list[Any]:
        return self.emulator.writes()

    def entity(self, kind: str, entity_id: str) -> dict[str, Any]:
        return getattr(self.emulator.store, kind)[entity_id]

    def statuses(self) -> dict[str, str]:
        store = self.emulator.store
        return {i: e["status"] for table in (store.campaigns, store.ad_groups, store.ads) for i, e in table.items()}

    def violations(self) -> list[str]:
        return list(self.transport.violations)


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
