"""The command line: `call` runs a tool through MCP and prints JSON; `emulator` serves the API on loopback."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx2
import pytest

from .test_transports import REPO, _env, _free_port, _wait_port

pytestmark = pytest.mark.slow


def run_cli(tmp_path, *args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = _env(tmp_path) | (extra_env or {})
    return subprocess.run([sys.executable, "-m", "pinterest_ads_mcp.server.cli", *args], env=env,
                          capture_output=True, timeout=60, cwd=REPO)


def test_call_prints_the_structured_result(tmp_path):
    proc = run_cli(tmp_path, "call", "list_ad_accounts")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["environment"] == "emulator" and data["accounts"]
    assert b"emulator" in proc.stderr  # the banner goes to stderr, never stdout


@pytest.mark.parametrize(("args", "code", "words"), [
    (["call", "list_campaigns", "{not json"], 2, b"not valid JSON"),
    (["call", "list_campaigns", "[1]"], 2, b"JSON object"),
    (["call", "list_campaigns", '{"ad_account_id": "abc"}'], 1, b"ad_account_id"),
])
def test_call_errors_go_to_stderr_with_an_exit_code(tmp_path, args, code, words):
    proc = run_cli(tmp_path, *args)
    assert proc.returncode == code
    assert words in proc.stderr
    assert proc.stdout == b""
    assert b"Traceback" not in proc.stderr


def test_version(tmp_path):
    proc = run_cli(tmp_path, "--version")
    assert proc.returncode == 0 and proc.stdout.startswith(b"pinterest-ads-mcp ")


def test_emulator_serves_the_api_and_the_server_can_use_it(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pinterest_ads_mcp.server.cli", "emulator", "--port", str(port),
                             "--token", "loopback-token"], env=_env(tmp_path), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=REPO)
    try:
        _wait_port(port, proc)
        base = f"http://127.0.0.1:{port}/v5"
        assert httpx2.get(f"{base}/ad_accounts").status_code == 401
        ok = httpx2.get(f"{base}/ad_accounts", headers={"Authorization": "Bearer loopback-token"})
        assert ok.status_code == 200 and ok.json()["items"]
        assert ok.headers.get("x-pinterest-rid")
        # The MCP server pointed at it over real HTTP.
        called = run_cli(tmp_path, "call", "list_ad_accounts", extra_env={
            "PINTEREST_ENV": "emulator", "PINTEREST_API_BASE_URL": base, "PINTEREST_ACCESS_TOKEN": "loopback-token"})
        assert called.returncode == 0, called.stderr
        assert json.loads(called.stdout)["environment"] == "emulator"
        assert b"loopback-token" not in called.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=10)
