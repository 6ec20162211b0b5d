"""Shared helpers: an in-process server on an in-process emulator, free ports, subprocesses, percentiles."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.config import EmulatorConfig
from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings


@dataclass
class Row:
    benchmark: str
    measure: str
    value: str
    note: str = ""


def in_process(config: EmulatorConfig | None = None, *, budgets: Any = None,
               **settings: Any) -> tuple[Any, Any, dict[str, Any]]:
    """(server, emulator, holder): the holder gets the Runtime under "rt" once the lifespan ran."""
    app = create_app(config or EmulatorConfig())
    holder: dict[str, Any] = {}
    settings.setdefault("ads_state_dir", Path(tempfile.mkdtemp(prefix="bench-state-")))
    server = build_server(Settings(_env_file=None, **settings), transport=httpx2.ASGITransport(app=app),
                          emulator_app=app, on_runtime=lambda rt: holder.__setitem__("rt", rt), budgets=budgets)
    return server, app.state.emulator, holder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited: {proc.stderr.read().decode(errors='replace') if proc.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on {port}")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINTEREST_")}
    env["PINTEREST_ADS_STATE_DIR"] = tempfile.mkdtemp(prefix="bench-state-")
    env.update(extra)
    return env


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
