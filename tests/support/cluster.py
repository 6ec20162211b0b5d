"""A team deployment on loopback: a real PostgreSQL (``tests.support.postgres``), the Pinterest
emulator served over HTTP, several server replicas (``pinterest-ads-mcp`` processes, stateless
streamable HTTP) and nginx in front of them. Used by ``tests/deploy`` and ``bench/replicas.py``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.config import EmulatorConfig

REPO = Path(__file__).resolve().parents[2]
PINTEREST_TOKEN = "pina_cluster-shared-token-0123456789"
HTTP_TOKEN = "cluster-http-token-0123456789"

NGINX_CONF = """\
{user}worker_processes 1;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    upstream mcp {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://mcp;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # Streamed answers (SSE) go out as they come.
            proxy_buffering off;
            proxy_read_timeout 300s;
            # A request already sent to a replica is never re-sent to another (nginx's default for
            # POST): a confirmation must not run twice because one replica died mid-way.
            proxy_next_upstream error timeout;
        }}
        location = /metrics {{ return 404; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def wait_http(port: int, path: str, proc: subprocess.Popen[bytes] | None = None, timeout: float = 60.0) -> None:
    import httpx2

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited early ({proc.returncode}); see its log")
        try:
            if httpx2.get(f"http://127.0.0.1:{port}{path}", timeout=1.0).status_code == 200:
                return
        except httpx2.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"nothing ready at 127.0.0.1:{port}{path}")


class EmulatorThread:
    """The emulator on a loopback port, in a thread of this process (so tests read its state)."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.app = create_app(config)
        self.emulator = self.app.state.emulator
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", log_config=None, lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("emulator did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class Cluster:
    def __init__(self, workdir: Path, database_url: str, *, replicas: int = 3,
                 emulator: EmulatorConfig | None = None, env: dict[str, str] | None = None,
                 nginx_port: int | None = None) -> None:
        self.workdir = workdir
        self.database_url = database_url
        self.emu = EmulatorThread(emulator or EmulatorConfig(token=PINTEREST_TOKEN))
        self.extra_env = env or {}
        self.ports = [free_port() for _ in range(replicas)]
        self.procs: list[subprocess.Popen[bytes] | None] = [None] * replicas
        self.nginx_port = nginx_port or free_port()
        self.nginx: subprocess.Popen[bytes] | None = None

    @property
    def emulator(self) -> Any:
        return self.emu.emulator

    @property
    def url(self) -> str:
        """The deployment's address: nginx."""
        return f"http://127.0.0.1:{self.nginx_port}/mcp"

    def replica_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports[index]}/mcp"

    def env(self, index: int) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PINTEREST_")}
        env.update({
            "PYTHONUNBUFFERED": "1",
            "PINTEREST_API_BASE_URL": f"http://127.0.0.1:{self.emu.port}/v5",
            "PINTEREST_ACCESS_TOKEN": PINTEREST_TOKEN,
            "PINTEREST_ADS_DATABASE_URL": self.database_url,
            "PINTEREST_ADS_STATE_DIR": str(self.workdir / f"state-{index}"),
            "PINTEREST_MCP_HTTP_TOKEN": HTTP_TOKEN,
            "PINTEREST_MCP_STATELESS": "1",
        })
        env.update(self.extra_env)
        return env

    def start_replica(self, index: int, *, wait: bool = True) -> None:
        log = open(self.workdir / f"replica-{index}.log", "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [sys.executable, "-m", "pinterest_ads_mcp.server.cli", "--transport", "streamable-http",
             "--port", str(self.ports[index])],
            env=self.env(index), stdout=subprocess.DEVNULL, stderr=log, cwd=str(self.workdir))
        log.close()
        self.procs[index] = proc
        if wait:
            wait_http(self.ports[index], "/readyz", proc)

    def kill(self, index: int) -> None:
        """SIGKILL: the replica dies wherever it is (no shutdown handler runs)."""
        proc = self.procs[index]
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)

    def start(self) -> Cluster:
        self.emu.start()
        for i in range(len(self.ports)):  # started together, then waited for
            self.start_replica(i, wait=False)
        for port, proc in zip(self.ports, self.procs, strict=True):
            wait_http(port, "/readyz", proc)
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed (bash scripts/services.sh installs it)")
        prefix = self.workdir / "nginx"
        for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;" for p in self.ports)
        conf = prefix / "nginx.conf"
        conf.write_text(NGINX_CONF.format(prefix=prefix, servers=servers, port=self.nginx_port,
                                          user="user root;\n" if os.geteuid() == 0 else ""))
        self.nginx = subprocess.Popen([binary, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_http(self.nginx_port, "/healthz", self.nginx)
        return self

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        for proc in self.procs:
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.emu.stop()

    def logs(self) -> str:
        return "\n".join((self.workdir / f"replica-{i}.log").read_text(errors="replace")
                         for i in range(len(self.ports)) if (self.workdir / f"replica-{i}.log").exists())


@contextmanager
def running(workdir: Path, database_url: str, **kw: Any) -> Iterator[Cluster]:
    """A started cluster (its replicas' logs printed if starting or the test fails), stopped after.
    ``env`` may blank out variables (``""``) to leave them unset. Without nginx: skip, or fail when
    CI said the services are there (``PINTEREST_ADS_TEST_DATABASE_URL`` set)."""
    import pytest

    if nginx_binary() is None:
        if os.environ.get("PINTEREST_ADS_TEST_DATABASE_URL"):
            pytest.fail("nginx is not installed (scripts/services.sh installs it)")
        pytest.skip("nginx is not installed (bash scripts/services.sh start installs it)")
    made = Cluster(workdir, database_url, **kw)
    try:
        made.start()
        yield made
    except BaseException:
        print(made.logs())
        raise
    finally:
        made.stop()


@asynccontextmanager
async def mcp_client(url: str, token: str = HTTP_TOKEN, **kw: Any) -> AsyncIterator[Any]:
    """An MCP client over streamable HTTP that sends ``Authorization: Bearer <token>``."""
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=120)
    async with http, Client(streamable_http_client(url, http_client=http), **kw) as client:
        yield client
