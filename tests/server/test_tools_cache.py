"""A deferred start serves what an eager one does, and the Runtime built on first use is the one
the lifespan would build.

``pinterest-ads-mcp`` answers ``tools/list`` from ``server/tools_list.json`` and registers the tools
on the first request that needs them (``server/listing.py``). That the file is what the code
registers is the golden snapshot test (``tests/server/test_tools_snapshot.py``), which also says
how to regenerate it.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import pytest
from mcp import Client

from pinterest_ads_mcp.server import listing
from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings

VARIANTS = [{}, {"ads_read_only": True}, {"ads_toolsets": "read,edit"}, {"ads_toolsets": "insights, labels"},
            {"ads_read_only": True, "ads_toolsets": "launch,labels"}]


@pytest.fixture
def settings_for(tmp_path, monkeypatch):
    for key in [k for k in os.environ if k.startswith("PINTEREST_")]:
        monkeypatch.delenv(key)

    def make(**values: Any) -> Settings:
        return Settings(_env_file=None, ads_state_dir=tmp_path / "state", **values)

    return make


async def _served(server) -> dict[str, str]:
    """Every listing a client can ask for, as the bytes the server sends."""
    async with Client(server) as client:
        return {
            "tools": (await client.list_tools()).model_dump_json(by_alias=True, exclude_none=True),
            "prompts": (await client.list_prompts()).model_dump_json(by_alias=True, exclude_none=True),
            "resources": (await client.list_resources()).model_dump_json(by_alias=True, exclude_none=True),
            "templates": (await client.list_resource_templates()).model_dump_json(by_alias=True,
                                                                                  exclude_none=True),
        }


@pytest.mark.parametrize("values", VARIANTS, ids=lambda v: ",".join(f"{k}={v[k]}" for k in v) or "default")
async def test_a_deferred_server_serves_byte_for_byte_what_registering_serves(settings_for, values):
    settings = settings_for(**values)
    deferred = build_server(settings, deferred=True)
    async with Client(deferred) as client:  # before anything is registered: from the file
        early = (await client.list_tools()).model_dump_json(by_alias=True, exclude_none=True)
    assert not deferred._tool_manager.list_tools()
    eager = await _served(build_server(settings))
    assert early == eager["tools"]
    assert await _served(deferred) == eager  # prompts and resources register the tools; same listing after


async def test_the_first_call_registers_the_tools_and_validates_as_ever(settings_for):
    settings = settings_for()
    answers = []
    for server in (build_server(settings), build_server(settings, deferred=True)):
        async with Client(server) as client:
            bad = await client.call_tool("list_campaigns", {"ad_account_id": "12ab", "limit": 0})
            good = await client.call_tool("list_ad_accounts", {})
            unknown = await client.call_tool("no_such_tool", {})
        answers.append([(r.is_error, [c.model_dump() for c in r.content]) for r in (bad, good, unknown)])
        assert server._tool_manager.get_tool("create_campaign") is not None
    eager, deferred = answers
    assert deferred == eager
    assert eager[0][0] and "ad_account_id" in eager[0][1][0]["text"] and "limit" in eager[0][1][0]["text"]
    assert not eager[1][0]


async def test_a_stale_file_is_noticed_and_the_registered_tools_win(settings_for, tmp_path, monkeypatch, caplog):
    stale = json.loads(listing.CACHE.read_text(encoding="utf-8"))
    stale["tools"][0]["description"] = "An old description."
    path = tmp_path / "tools_list.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setattr(listing, "CACHE", path)
    server = build_server(settings_for(), deferred=True)
    async with Client(server) as client:
        first = (await client.list_tools()).tools
        assert first[0].description == "An old description."
        with caplog.at_level(logging.WARNING, logger="pinterest_ads_mcp.server.app"):
            await client.call_tool("list_ad_accounts", {})
        after = (await client.list_tools()).tools
    assert "differs from the registered tools" in caplog.text
    assert after[0].description != "An old description." and [t.name for t in after] == [t.name for t in first]


@pytest.mark.parametrize("content", ["", "{not json", '{"tools": [{"name": 3}], "read_only": []}', '{"tools": []}'])
async def test_an_unusable_file_means_registering_at_start(settings_for, tmp_path, monkeypatch, content):
    path = tmp_path / "tools_list.json"
    path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(listing, "CACHE", path)
    server = build_server(settings_for(), deferred=True)
    assert server._tool_manager.get_tool("list_ad_accounts") is not None


async def test_over_stdio_the_runtime_is_built_by_the_first_request_that_reads_it(settings_for):
    built = []
    server = build_server(settings_for(), deferred=True, runtime_on_first_use=True, on_runtime=built.append)
    async with Client(server) as client:
        await client.list_tools()
        await client.list_prompts()
        assert built == []
        first = await client.call_tool("list_ad_accounts", {})
        again = await client.call_tool("list_ad_accounts", {})
        assert len(built) == 1 and not first.is_error and not again.is_error
        assert first.structured_content == again.structured_content
        assert built[0].client._http.is_closed is False
    assert built[0].client._http.is_closed  # closed with the server


async def test_a_database_is_still_opened_at_start(settings_for, monkeypatch):
    """A database that cannot be reached stops the start, as without ``runtime_on_first_use``."""
    opened = []

    def refuse(settings):
        opened.append(settings.database_url)
        raise ConnectionError("database unreachable")

    monkeypatch.setattr("pinterest_ads_mcp.server.app.open_database", refuse)
    server = build_server(settings_for(ads_database_url="postgresql://db.invalid/ads"), deferred=True,
                          runtime_on_first_use=True)
    with pytest.raises(BaseException) as failure:
        async with Client(server) as client:
            await client.list_tools()
    assert opened == ["postgresql://db.invalid/ads"]
    assert "database unreachable" in repr(failure.value) or failure.group_contains(ConnectionError)
