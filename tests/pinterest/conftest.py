"""A PinterestClient aimed at a fresh in-process emulator, every exchange checked against the spec."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from pinterest_ads_mcp.pinterest.auth import Credentials
from pinterest_ads_mcp.pinterest.client import PinterestClient
from pinterest_ads_mcp.pinterest.transport import RetryPolicy

TOKEN = "test-access-token-123"
BASE = "http://emulator.test/v5"
FAST_RETRY = RetryPolicy(attempts=4, base_delay=0.001, max_delay=0.005, max_retry_after=0.01)


@pytest.fixture
def emulator_app() -> Any:
    from pinterest_ads_mcp.emulator.app import create_app
    from pinterest_ads_mcp.emulator.config import EmulatorConfig

    return create_app(EmulatorConfig(token=TOKEN))


@pytest.fixture
def emulator(emulator_app: Any) -> Any:
    return emulator_app.state.emulator


@pytest.fixture
async def client(emulator_app: Any, validating_transport: Any):
    transport = validating_transport(httpx2.ASGITransport(app=emulator_app))
    async with PinterestClient(BASE, Credentials(access_token=TOKEN), transport=transport, retry=FAST_RETRY) as c:
        yield c
