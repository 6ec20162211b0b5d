"""The golden ``tools/list``: every tool's name, description, input and output schema and annotations.

Tool names, parameters and descriptions are the server's public contract (the model reads them), so
any change to them shows up here as a diff in review. After an intended change, regenerate with:

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/server/test_tools_snapshot.py

and commit ``tests/server/snapshots/tools_list.json`` with the change.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings

SNAPSHOT = Path(__file__).parent / "snapshots" / "tools_list.json"
UPDATE_COMMAND = "UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/server/test_tools_snapshot.py"


def _render(tools: list[dict[str, Any]]) -> str:
    return json.dumps(tools, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


async def _tools_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    for key in [k for k in os.environ if k.startswith("PINTEREST_")]:
        monkeypatch.delenv(key)
    settings = Settings(_env_file=None, ads_state_dir=tmp_path / "state")
    async with Client(build_server(settings)) as client:
        listed = (await client.list_tools()).tools
    dumped = [tool.model_dump(mode="json", by_alias=True, exclude_none=True) for tool in listed]
    return sorted(dumped, key=lambda tool: tool["name"])


async def test_tools_list_matches_the_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    actual = _render(await _tools_list(tmp_path, monkeypatch))
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(actual, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.is_file() else ""
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{SNAPSHOT.name} (committed)",
                tofile="tools/list (this code)",
                n=2,
            )
        )
        pytest.fail(
            f"tools/list differs from the committed snapshot (the public tool contract changed).\n"
            f"If the change is intended, regenerate it and commit the file:\n    {UPDATE_COMMAND}\n\n{diff}",
            pytrace=False,
        )
