"""Runs the MCP Inspector CLI (pinned in scripts/node_tools.sh) and parses its ``--format json`` output.

The Inspector is found in the project-local prefix that ``scripts/node_tools.sh`` fills (CI runs it),
or in ``$MCP_NODE_TOOLS_BIN``. Tests that need it skip with the reason when it is missing.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .support import REPO

DEFAULT_BIN = REPO / ".ci" / "tools" / "node_modules" / ".bin"
INSPECTOR_VERSION = "2.12.0"


def tools_bin() -> Path:
    return Path(os.environ.get("MCP_NODE_TOOLS_BIN") or DEFAULT_BIN)


def missing_reason() -> str | None:
    """Why the Inspector cannot run here, or None when it can."""
    bin_dir = tools_bin()
    node, inspector = bin_dir / "node", bin_dir / "mcp-inspector"
    if not node.exists() or not inspector.exists():
        return (f"MCP Inspector / Node 22 not installed in {bin_dir}: run scripts/node_tools.sh "
                "(needs npm and the npm registry; .ci/run does it)")
    try:
        version = subprocess.run([str(node), "--version"], capture_output=True, text=True, timeout=20).stdout
    except OSError as exc:
        return f"node in {bin_dir} does not run: {exc}"
    if not version.startswith("v") or int(version[1:].split(".")[0]) < 22:
        return f"node in {bin_dir} is {version.strip()!r}; the Inspector needs Node >= 22"
    return None


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict[str, Any]:
        assert self.returncode == 0, f"inspector exited {self.returncode}\n{self.stderr[-3000:]}"
        return json.loads(self.stdout)

    @property
    def result(self) -> dict[str, Any]:
        return self.json["result"]


class Inspector:
    """``mcp-inspector --cli`` aimed at one target (a stdio command line or an HTTP URL)."""

    def __init__(self, target: list[str], home: Path, *, env: dict[str, str] | None = None,
                 extra: list[str] | None = None, server_env: dict[str, str] | None = None,
                 concurrency: int = 4) -> None:
        self.target = target
        self.extra = ["--connect-timeout", "60000", *(extra or [])]
        # A stdio server gets only a minimal default environment from the Inspector: pass ours with -e.
        for key, value in (server_env or {}).items():
            self.extra += ["-e", f"{key}={value}"]
        self._slots = asyncio.Semaphore(concurrency)
        bin_dir = tools_bin()
        self.env = dict(env or os.environ)
        # The Inspector's scripts run `#!/usr/bin/env node`: put Node 22 first; keep its catalog in a temp home.
        self.env["PATH"] = f"{bin_dir}{os.pathsep}{self.env.get('PATH', '')}"
        self.env["HOME"] = str(home)
        self.env["MCP_CATALOG_PATH"] = str(home / "mcp.json")
        self.exe = str(bin_dir / "mcp-inspector")

    async def run(self, method: str, *args: str, timeout: float = 90) -> Run:
        async with self._slots:
            return await self._run(method, *args, timeout=timeout)

    async def _run(self, method: str, *args: str, timeout: float) -> Run:
        cmd = [self.exe, "--cli", "--format", "json", "--method", method, *self.extra, *args, "--", *self.target]
        proc = await asyncio.create_subprocess_exec(*cmd, env=self.env, cwd=REPO, stdout=asyncio.subprocess.PIPE,
                                                    stderr=asyncio.subprocess.PIPE)
        try:
            out, err = await asyncio.wait_for(proc.communicate(), timeout)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            raise
        return Run(proc.returncode or 0, out.decode(), err.decode(errors="replace"))

    async def call(self, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """tools/call; returns the CallToolResult as JSON."""
        run = await self.run("tools/call", "--tool-name", tool, "--tool-args-json", json.dumps(arguments))
        return run.result

    async def run_version(self) -> str:
        proc = await asyncio.create_subprocess_exec(self.exe, "--cli", "--version", env=self.env,
                                                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, _ = await proc.communicate()
        return out.decode().strip()
