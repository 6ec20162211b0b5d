"""Starting the command: ``python -m pinterest_ads_mcp``, ``python -OO``, settings from a ``.env`` file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx2
import pytest

from pinterest_ads_mcp import __version__

from .test_transports import _env, _free_port, _wait_port

pytestmark = pytest.mark.slow


def run(tmp_path: Path, *args: str, python: tuple[str, ...] = ()) -> subprocess.CompletedProcess[bytes]:
    """The command from an empty folder (so only that folder's .env applies)."""
    return subprocess.run([sys.executable, *python, "-m", "pinterest_ads_mcp", *args], check=False,
                          env=_env(tmp_path),
                          capture_output=True, timeout=60, cwd=tmp_path)


def test_python_dash_m_is_the_command(tmp_path: Path) -> None:
    proc = run(tmp_path, "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().strip() == f"pinterest-ads-mcp {__version__}"
    listed = run(tmp_path, "call", "list_ad_accounts")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["environment"] == "emulator"


def test_runs_under_python_OO(tmp_path: Path) -> None:
    """-OO strips docstrings: the command still parses its arguments and runs a tool."""
    helped = run(tmp_path, "--help", python=("-OO",))
    assert helped.returncode == 0, helped.stderr
    assert b"usage: pinterest-ads-mcp" in helped.stdout
    called = run(tmp_path, "call", "list_ad_accounts", python=("-OO",))
    assert called.returncode == 0, called.stderr
    assert json.loads(called.stdout)["accounts"]
    assert b"-OO strips docstrings" in called.stderr and b"Traceback" not in called.stderr


def test_log_level_comes_from_the_env_file(tmp_path: Path) -> None:
    banner = b"built-in Pinterest emulator"  # a WARNING line
    assert banner in run(tmp_path, "call", "list_ad_accounts").stderr
    (tmp_path / ".env").write_text("PINTEREST_LOG_LEVEL=error\n")
    quiet = run(tmp_path, "call", "list_ad_accounts")
    assert quiet.returncode == 0, quiet.stderr
    assert banner not in quiet.stderr
    louder = run(tmp_path, "--log-level", "WARNING", "call", "list_ad_accounts")  # the flag wins
    assert banner in louder.stderr


def test_bad_log_level_in_the_env_file_names_the_variable(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PINTEREST_LOG_LEVEL=LOUD\n")
    proc = run(tmp_path, "doctor")
    assert proc.returncode == 2
    assert b"PINTEREST_LOG_LEVEL" in proc.stderr and b"Traceback" not in proc.stderr


def test_http_token_comes_from_the_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PINTEREST_MCP_HTTP_TOKEN=from-dot-env-token\n")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pinterest_ads_mcp", "--transport", "streamable-http",
                             "--port", str(port)], env=_env(tmp_path), cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_port(port, proc)
        url = f"http://127.0.0.1:{port}/mcp"
        body = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
        headers = {"Accept": "application/json, text/event-stream"}
        assert httpx2.post(url, json=body, headers=headers).status_code == 401
        wrong = httpx2.post(url, json=body, headers=headers | {"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        right = httpx2.post(url, json=body, headers=headers | {"Authorization": "Bearer from-dot-env-token"})
        assert right.status_code != 401, right.text
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=10)
    assert b"from-dot-env-token" not in stderr
