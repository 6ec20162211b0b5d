"""Shared pieces for tests that drive the server as a separate process: a real emulator on a loopback
port (in this process, so tests read its request log and store), free ports, and the server's env."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from pinterest_ads_mcp.emulator import seed

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise AssertionError(f"process exited early ({proc.returncode}): {err}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listening on 127.0.0.1:{port}")


@contextmanager
def serve_app(app: Any) -> Iterator[int]:
    """Serve an ASGI app with uvicorn in a background thread on a free loopback port."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_port(port)
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def server_env(state_dir: Path, *, base_url: str | None = None, token: str | None = None,
               **extra: str) -> dict[str, str]:
    """The environment of a server process: nothing inherited from PINTEREST_*; aimed at an emulator."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINTEREST_")}
    env["PINTEREST_ADS_STATE_DIR"] = str(state_dir)
    env["PYTHONUNBUFFERED"] = "1"
    if base_url:
        env["PINTEREST_ENV"] = "emulator"  # labelled as the emulator, reached over real HTTP
        env["PINTEREST_API_BASE_URL"] = base_url
        env["PINTEREST_ACCESS_TOKEN"] = token or "e2e-token"
    env.update(extra)
    return env


def server_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pinterest_ads_mcp.server.cli", *args]


@contextmanager
def http_server(env: dict[str, str], *extra: str) -> Iterator[int]:
    """``pinterest-ads-mcp --transport streamable-http`` as a subprocess on a free loopback port."""
    port = free_port()
    proc = subprocess.Popen(server_command("--transport", "streamable-http", "--port", str(port), *extra),
                            env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_port(port, proc)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def read_calls() -> dict[str, dict[str, Any]]:
    """Valid arguments for every read-only tool. A read tool the server lists that is missing here fails
    the Inspector's coverage test, so a new tool cannot slip past the external client."""
    account, today = seed.DEMO_ACCOUNT_ID, dt.date.today()
    return {
        "list_ad_accounts": {},
        "list_campaigns": {"ad_account_id": account, "limit": 3},
        "list_ad_groups": {"ad_account_id": account, "campaign_ids": [seed.AWARENESS_CAMPAIGN_ID]},
        "list_ads": {"ad_account_id": account, "campaign_ids": [seed.AWARENESS_CAMPAIGN_ID]},
        "list_pins": {"limit": 5},
        "search_targeting": {"targeting_type": "INTEREST", "query": "garden"},
        "get_analytics": {"ad_account_id": account, "level": "campaign", "ids": [seed.AWARENESS_CAMPAIGN_ID],
                          "start_date": (today - dt.timedelta(days=14)).isoformat(),
                          "end_date": (today - dt.timedelta(days=1)).isoformat()},
        "audience_sizing": {"ad_account_id": account, "targeting": {"locations": ["US"]}},
        "list_labels": {"ad_account_id": account},
        "get_action_log": {"limit": 5},
        "check_delivery": {"ad_account_id": account},
        "list_audiences": {"ad_account_id": account},
    }
