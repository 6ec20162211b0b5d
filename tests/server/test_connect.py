"""Connecting Pinterest from inside the chat: no token, a client with URL-mode elicitation, the
emulator's OAuth pages (served over loopback HTTP) playing Pinterest."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx2
import mcp_types
import pytest
from mcp import Client

from pinterest_ads_mcp.emulator.config import EmulatorConfig
from pinterest_ads_mcp.pinterest.auth import TokenFile
from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings
from tests.support.cluster import EmulatorThread

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def emulator() -> Iterator[EmulatorThread]:
    made = EmulatorThread(EmulatorConfig(token="some-other-token"))
    made.start()
    yield made
    made.stop()


def _settings(emulator: EmulatorThread, state: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for key in ("PINTEREST_ACCESS_TOKEN", "PINTEREST_REFRESH_TOKEN", "PINTEREST_API_BASE_URL", "PINTEREST_ENV"):
        monkeypatch.delenv(key, raising=False)
    return Settings(_env_file=None, api_base_url=f"http://127.0.0.1:{emulator.port}/v5", app_id="demo-app",
                    app_secret="demo-secret", ads_state_dir=state, auth_port=_free_port())


async def test_a_tool_call_offers_the_sign_in_url_and_goes_on(emulator, tmp_path, monkeypatch) -> None:
    settings = _settings(emulator, tmp_path / "state", monkeypatch)
    offered: list[Any] = []

    async def person(ctx: Any, params: Any) -> mcp_types.ElicitResult:
        """Opens the URL in a "browser": Pinterest's page approves and sends them to the callback."""
        offered.append(params)
        async with httpx2.AsyncClient() as browser:
            page = await browser.get(params.url)
            assert page.status_code == 302
            landed = await browser.get(page.headers["location"])
            assert landed.status_code == 200
        return mcp_types.ElicitResult(action="accept")

    async with Client(build_server(settings), elicitation_callback=person, mode="legacy") as client:
        with anyio.fail_after(60):
            result = await client.call_tool("list_ad_accounts", {})
    assert not result.is_error, result
    assert {a["id"] for a in result.structured_content["accounts"]} == set(emulator.emulator.store.ad_accounts)
    assert len(offered) == 1 and offered[0].mode == "url" and "/oauth/" in offered[0].url
    stored = TokenFile(settings.state_dir).from_auth()
    assert stored and stored["access_token"] in emulator.emulator.store.access_tokens
    # The next call uses the stored token: no second sign-in.
    async with Client(build_server(settings), elicitation_callback=person) as client:
        assert not (await client.call_tool("list_ad_accounts", {})).is_error
    assert len(offered) == 1


async def test_without_url_elicitation_the_error_says_how_to_connect(emulator, tmp_path, monkeypatch) -> None:
    settings = _settings(emulator, tmp_path / "state", monkeypatch)
    async with Client(build_server(settings)) as client:
        result = await client.call_tool("list_ad_accounts", {})
    assert result.is_error and "pinterest-ads-mcp auth" in result.content[0].text
    assert emulator.emulator.log == []  # nothing was sent without a token


async def test_a_declined_sign_in_sends_nothing(emulator, tmp_path, monkeypatch) -> None:
    settings = _settings(emulator, tmp_path / "state", monkeypatch)

    async def no(ctx: Any, params: Any) -> mcp_types.ElicitResult:
        return mcp_types.ElicitResult(action="decline")

    async with Client(build_server(settings), elicitation_callback=no, mode="legacy") as client:
        result = await client.call_tool("list_ad_accounts", {})
    assert result.is_error and "declined" in result.content[0].text
    assert emulator.emulator.log == []


async def test_without_a_back_channel_the_url_comes_in_the_error_and_the_retry_goes_on(
        emulator, tmp_path, monkeypatch) -> None:
    """The per-request protocol cannot ask mid-call: the call fails with the URL (-32042); the person
    signs in; the same call again works."""
    from mcp.shared.exceptions import MCPError

    settings = _settings(emulator, tmp_path / "state", monkeypatch)

    async def unused(ctx: Any, params: Any) -> mcp_types.ElicitResult:
        raise AssertionError("no server-initiated request on this protocol")

    async with Client(build_server(settings), elicitation_callback=unused) as client:
        with pytest.raises(MCPError) as raised:
            await client.call_tool("list_ad_accounts", {})
        assert raised.value.error.code == -32042
        url = raised.value.error.data["elicitations"][0]["url"]
        async with httpx2.AsyncClient() as browser:
            page = await browser.get(url)
            assert (await browser.get(page.headers["location"])).status_code == 200
        with anyio.fail_after(30):
            while TokenFile(settings.state_dir).from_auth() is None:
                await anyio.sleep(0.05)
        again = await client.call_tool("list_ad_accounts", {})
    assert not again.is_error, again


async def test_a_call_retried_while_the_code_is_being_traded_waits_for_it(emulator, tmp_path, monkeypatch) -> None:
    """The person is back from Pinterest (the listener has the code) but the token exchange is slow:
    the retry waits for the tokens instead of sending the person to sign in a second time."""
    from mcp.shared.exceptions import MCPError

    settings = _settings(emulator, tmp_path / "state", monkeypatch)
    emulator.emulator.faults.add("latency", method="POST", path=r"/oauth/token$", latency_ms=1500)

    async def unused(ctx: Any, params: Any) -> mcp_types.ElicitResult:
        raise AssertionError("no server-initiated request on this protocol")

    async with Client(build_server(settings), elicitation_callback=unused) as client:
        with pytest.raises(MCPError) as raised:
            await client.call_tool("list_ad_accounts", {})
        url = raised.value.error.data["elicitations"][0]["url"]
        async with httpx2.AsyncClient() as browser:
            page = await browser.get(url)
            assert (await browser.get(page.headers["location"])).status_code == 200
        assert TokenFile(settings.state_dir).from_auth() is None  # still trading the code
        with anyio.fail_after(30):
            again = await client.call_tool("list_ad_accounts", {})
    assert not again.is_error, again
    assert TokenFile(settings.state_dir).from_auth() is not None
    assert len([r for r in emulator.emulator.log if r.path.endswith("/oauth/token")]) == 1
