"""Helpers for the insight tool tests: an MCP server on an emulator whose every exchange is checked."""

from __future__ import annotations

import copy
import json
from contextlib import asynccontextmanager
from typing import Any

import httpx2
from mcp import Client

from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.config import EmulatorConfig
from pinterest_ads_mcp.emulator.seed import AWARENESS_CAMPAIGN_ID, DEMO_ACCOUNT_ID
from pinterest_ads_mcp.pinterest.transport import RetryPolicy
from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings
from tests.support.openapi import ValidatingTransport, assert_no_violations

FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.005, max_retry_after=0.01)
ANALYTICS = "/analytics"


class Rig:
    """A server, its emulator and the checked transport; ``analytics_requests`` counts at the emulator."""

    def __init__(self, contract: Any, tmp_path: Any, **config: Any) -> None:
        self.app = create_app(EmulatorConfig(**config))
        self.emulator = self.app.state.emulator
        self.transport = ValidatingTransport(httpx2.ASGITransport(app=self.app), contract)
        settings = Settings(_env_file=None, ads_state_dir=tmp_path / "state")
        self.runtime: Any = None

        def keep(rt: Any) -> None:
            rt.extras["report_poll_s"] = (0.001,)
            self.runtime = rt

        self.server = build_server(
            settings, transport=self.transport, emulator_app=self.app, retry=FAST_RETRY, on_runtime=keep
        )

    def requests(
        self, *, category: str | None = None, path_part: str | None = None, method: str | None = None
    ) -> list[Any]:
        return [
            r
            for r in self.emulator.log
            if (category is None or r.category == category)
            and (path_part is None or path_part in r.path)
            and (method is None or r.method == method)
        ]

    def assert_contract(self) -> None:
        assert_no_violations(self.transport)

    def add_campaigns(self, n: int, account_id: str = DEMO_ACCOUNT_ID, status: str = "ACTIVE") -> list[str]:
        """``n`` copies of a seeded campaign, straight into the store (no ad groups)."""
        store = self.emulator.store
        template = store.campaigns[AWARENESS_CAMPAIGN_ID]
        ids: list[str] = []
        for i in range(n):
            cid = store.new_id()
            campaign = copy.deepcopy(template)
            campaign.update(id=cid, name=f"Bulk campaign {i:04d}", status=status, ad_account_id=account_id)
            store.campaigns[cid] = campaign
            store.record_status(cid, status)
            ids.append(cid)
        return ids


@asynccontextmanager
async def mcp_client(rig: Rig):
    async with Client(rig.server) as client:
        yield client


async def call(rig: Rig, name: str, args: dict[str, Any]) -> Any:
    async with Client(rig.server) as client:
        return await client.call_tool(name, args)


def ok(result: Any) -> dict[str, Any]:
    assert not result.is_error, error_text(result)
    return result.structured_content


def error_text(result: Any) -> str:
    return " ".join(getattr(c, "text", "") for c in result.content)


def size_of(data: Any) -> int:
    return len(json.dumps(data, separators=(",", ":")).encode())
