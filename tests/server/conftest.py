"""An MCP server on a fresh emulator, with every upstream exchange checked against the spec."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from pinterest_ads_mcp.pinterest.transport import RetryPolicy
from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings

FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.005, max_retry_after=0.01)


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    for key in ("PINTEREST_ACCESS_TOKEN", "PINTEREST_API_BASE_URL", "PINTEREST_ENV", "PINTEREST_AD_ACCOUNT_ID"):
        monkeypatch.delenv(key, raising=False)
    return Settings(_env_file=None, ads_state_dir=tmp_path / "state")


@pytest.fixture
def emulator_app() -> Any:
    from pinterest_ads_mcp.emulator.app import create_app

    return create_app()


@pytest.fixture
def mcp_server(settings, emulator_app, validating_transport):
    transport = validating_transport(httpx2.ASGITransport(app=emulator_app))
    return build_server(settings, transport=transport, emulator_app=emulator_app, retry=FAST_RETRY)


@pytest.fixture(params=["legacy", "auto"])
def mode(request) -> str:
    """Both protocol generations: the initialize handshake and the 2026 per-request protocol."""
    return request.param
