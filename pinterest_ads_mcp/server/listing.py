"""The ``tools/list`` answer, built once instead of at every start.

Registering the tools imports every tool module and has the SDK build a pydantic model and a JSON
schema for each tool's signature: most of the time between starting the server and its first
answer. The served listing never changes between starts of the same code, so ``tools_list.json``
beside this module holds it (every tool's ``tools/list`` entry, and which ones read-only mode
keeps). A server built with ``deferred=True`` answers ``tools/list`` from it and registers the
real tools, prompts and resources on the first request that needs them (a tool call, prompts,
resources): calls are validated and run by the SDK exactly as without the file.

The file is also the golden snapshot of the public tool contract: ``tests/server/test_tools_snapshot.py``
fails with a diff when it differs from what this code builds; regenerate it with
``UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/server/test_tools_snapshot.py``
(or ``python -m pinterest_ads_mcp.server.listing``). A stale file is also noticed when the tools
are registered: the server then logs a warning and serves what it registered.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .toolsets import offered

if TYPE_CHECKING:
    from mcp_types import Tool as MCPTool

    from .settings import Settings

log = logging.getLogger(__name__)

CACHE = Path(__file__).with_name("tools_list.json")


def dump(tool: MCPTool) -> dict[str, Any]:
    return tool.model_dump(mode="json", by_alias=True)


def build() -> dict[str, Any]:
    """What ``tools_list.json`` holds, built from the code: every tool's entry in registration
    order (all families, writes included) and the names offered in read-only mode."""
    import tempfile

    import anyio
    from pydantic_settings import SettingsConfigDict

    from .app import build_server
    from .settings import Settings

    class WithoutEnvFile(Settings):
        """The settings without the working directory's ``.env``: the listing is the code's alone."""

        model_config = SettingsConfigDict(env_file=None)

    async def listed(read_only: bool) -> list[MCPTool]:
        with tempfile.TemporaryDirectory() as state:
            settings = WithoutEnvFile(ads_state_dir=Path(state), ads_read_only=read_only, ads_toolsets=[])
            return await build_server(settings).list_tools()

    every = anyio.run(listed, False)
    read_only = anyio.run(listed, True)
    return {"tools": [dump(t) for t in every], "read_only": [t.name for t in read_only]}


def render(listing: dict[str, Any]) -> str:
    return json.dumps(listing, indent=1, ensure_ascii=False) + "\n"


def cached_tools(settings: Settings) -> list[MCPTool] | None:
    """The tools these settings offer, from ``tools_list.json``; None when the file cannot be used
    (missing or unreadable, or ``python -OO``, which strips the docstrings the descriptions come from)."""
    if sys.flags.optimize >= 2:
        return None
    try:
        listing = json.loads(CACHE.read_text(encoding="utf-8"))
        every, read_only = listing["tools"], set(listing["read_only"])
        if not every:
            raise ValueError("no tools")
        entries = [e for e in every if (e["name"] in read_only or not settings.ads_read_only)
                   and offered(e["name"], settings.ads_toolsets)]
        from mcp_types import Tool as MCPTool

        return [MCPTool.model_validate(e) for e in entries]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.debug("tools/list cache unusable (%s): building the tools at start", exc)
        return None


if __name__ == "__main__":  # pragma: no cover - the test regenerates it too
    CACHE.write_text(render(build()), encoding="utf-8")
    print(f"wrote {CACHE}", file=sys.stderr)
