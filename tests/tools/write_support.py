"""What the write-tool tests at the emulator share: one call through MCP (the bench is a fixture in conftest)."""

from __future__ import annotations

from typing import Any

from tests.guards.harness import client


async def call(server: Any, name: str, args: dict[str, Any], *, mode: str = "legacy",
               elicit: str | None = None) -> Any:
    """One tool call in a fresh client session (``elicit``: the person's answer to a prompt)."""
    async with client(server, mode, elicit) as c:
        return await c.call_tool(name, args)
