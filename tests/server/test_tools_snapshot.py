"""The golden ``tools/list``: every tool's name, description, input and output schema, annotations,
and which tools read-only mode keeps.

Tool names, parameters and descriptions are the server's public contract (the model reads them), so
any change to them shows up in review as a diff of one committed file,
``pinterest_ads_mcp/server/tools_list.json``. The same file is what the command serves at start
before the tools are registered (``server/listing.py``), so it can never drift from the code
without this test failing. After an intended change, regenerate it with:

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/server/test_tools_snapshot.py

and commit ``pinterest_ads_mcp/server/tools_list.json`` with the change.
"""

from __future__ import annotations

import difflib
import os

import pytest

from pinterest_ads_mcp.server import listing

UPDATE_COMMAND = "UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/server/test_tools_snapshot.py"


def test_tools_list_matches_the_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.startswith("PINTEREST_")]:
        monkeypatch.delenv(key)
    actual = listing.render(listing.build())
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        listing.CACHE.write_text(actual, encoding="utf-8")
    expected = listing.CACHE.read_text(encoding="utf-8") if listing.CACHE.is_file() else ""
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{listing.CACHE.name} (committed)",
                tofile="tools/list (this code)",
                n=2,
            )
        )
        pytest.fail(
            f"tools/list differs from the committed snapshot (the public tool contract changed).\n"
            f"If the change is intended, regenerate it and commit the file:\n    {UPDATE_COMMAND}\n\n{diff}",
            pytrace=False,
        )
