"""The server over real transports: a stdio subprocess, streamable HTTP and SSE on loopback ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest
from mcp import Client
from mcp.client.sse import sse_client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINTEREST_")}
    env["PINTEREST_ADS_STATE_DIR"] = str(tmp_path / "state")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited early: {proc.stderr.read().decode(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("server did not start listening")


@pytest.fixture
def http_server(tmp_path, request):
    transport, token = request.param
    port = _free_port()
    args = [sys.executable, "-m", "pinterest_ads_mcp.server.cli", "--transport", transport, "--port", str(port)]
    if token:
        args += ["--http-token", token]
    proc = subprocess.Popen(args, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    try:
        _wait_port(port, proc)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


async def _exercise(client: Client) -> None:
    tools = {t.name for t in (await client.list_tools()).tools}
    assert "list_campaigns" in tools
    result = await client.call_tool("list_ad_accounts", {})
    assert not result.is_error
    assert result.structured_content["environment"] == "emulator"


async def test_stdio_subprocess(tmp_path):
    params = StdioServerParameters(command=sys.executable, args=["-m", "pinterest_ads_mcp.server.cli"],
                                   env=_env(tmp_path), cwd=str(REPO))
    async with Client(params) as client:
        await _exercise(client)


@pytest.mark.parametrize("http_server", [("streamable-http", None)], indirect=True)
async def test_streamable_http(http_server):
    async with Client(f"http://127.0.0.1:{http_server}/mcp") as client:
        await _exercise(client)


@pytest.mark.parametrize("http_server", [("streamable-http", "s3cret-http-token")], indirect=True)
async def test_streamable_http_requires_the_bearer_token(http_server):
    url = f"http://127.0.0.1:{http_server}/mcp"
    async with httpx2.AsyncClient() as raw:
        refused = await raw.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
    assert refused.status_code == 401
    http = httpx2.AsyncClient(headers={"Authorization": "Bearer s3cret-http-token"})
    async with http, Client(streamable_http_client(url, http_client=http)) as client:
        await _exercise(client)


@pytest.mark.parametrize("http_server", [("streamable-http", None)], indirect=True)
async def test_dns_rebinding_is_refused(http_server):
    async with httpx2.AsyncClient() as raw:
        response = await raw.post(f"http://127.0.0.1:{http_server}/mcp",
                                  headers={"Host": "evil.example.com", "Content-Type": "application/json",
                                           "Accept": "application/json, text/event-stream"},
                                  json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
    assert response.status_code in (403, 421)


@pytest.mark.parametrize("http_server", [("sse", None)], indirect=True)
async def test_sse(http_server):
    async with Client(sse_client(f"http://127.0.0.1:{http_server}/sse"), mode="legacy") as client:
        await _exercise(client)


def test_refuses_public_bind_without_token(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pinterest_ads_mcp.server.cli", "--transport", "streamable-http",
                           "--host", "0.0.0.0", "--port", str(_free_port())], env=_env(tmp_path),
                          capture_output=True, timeout=30, cwd=REPO)
    assert proc.returncode == 2
    assert b"--http-token" in proc.stderr
    assert proc.stdout == b""
