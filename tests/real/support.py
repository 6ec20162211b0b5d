"""An MCP server aimed at an emulator configured like a particular real account or app.

Every upstream exchange is checked against the official spec. ``settings`` lets a test run the
server as production or sandbox against that emulator (over the in-process ASGI transport).
"""

from __future__ import annotations

from typing import Any

import httpx2
from mcp import Client

from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.config import EmulatorConfig
from pinterest_ads_mcp.pinterest.transport import RetryPolicy
from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings
from tests.support.openapi import ValidatingTransport, assert_no_violations

FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.005, max_retry_after=0.01)
TOKEN = "real-account-token"


class Rig:
    """A server, its emulator and the checked transport."""

    def __init__(self, contract: Any, tmp_path: Any, *, settings: dict[str, Any] | None = None,
                 **config: Any) -> None:
        self.app = create_app(EmulatorConfig(**config))
        self.emulator = self.app.state.emulator
        self.transport = ValidatingTransport(httpx2.ASGITransport(app=self.app), contract)
        self.settings = Settings(_env_file=None, ads_state_dir=tmp_path / "state", **(settings or {}))
        self.server = build_server(self.settings, transport=self.transport, emulator_app=self.app, retry=FAST_RETRY)

    def requests(self, path_part: str, method: str | None = None) -> list[Any]:
        return [r for r in self.emulator.log if path_part in r.path and (method is None or r.method == method)]

    async def call(self, name: str, args: dict[str, Any]) -> Any:
        async with Client(self.server) as client:
            return await client.call_tool(name, args)

    def check_contract(self) -> None:
        assert_no_violations(self.transport)


def production(base: str = "http://api.test/v5", **extra: Any) -> dict[str, Any]:
    """Settings of a production set-up whose API root is the emulator."""
    return {"env": "production", "api_base_url": base, "access_token": TOKEN, **extra}


def ok(result: Any) -> dict[str, Any]:
    assert not result.is_error, error_text(result)
    return result.structured_content


def error_text(result: Any) -> str:
    return " ".join(getattr(c, "text", "") for c in result.content)
