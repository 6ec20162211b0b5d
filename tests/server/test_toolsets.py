"""PINTEREST_ADS_TOOLSETS offers only the families asked for; every tool has a family."""

from __future__ import annotations

import pytest
from mcp import Client
from pydantic import ValidationError

from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings
from pinterest_ads_mcp.server.toolsets import TOOLSETS, family_of


async def names(tmp_path, **settings) -> set[str]:
    server = build_server(Settings(_env_file=None, ads_state_dir=tmp_path, **settings))
    async with Client(server) as client:
        return {t.name for t in (await client.list_tools()).tools}


async def test_every_tool_belongs_to_one_family(tmp_path):
    every = await names(tmp_path)
    assert {t for t in every if family_of(t) is None} == {"confirm_action"}
    assert sum(len(v) for v in TOOLSETS.values()) == len(set().union(*TOOLSETS.values()))


@pytest.mark.parametrize("chosen,confirm", [("read", False), ("read,edit", True), ("insights, labels", False),
                                            ("launch", True)])
async def test_only_the_chosen_families_are_offered(tmp_path, chosen, confirm):
    every = await names(tmp_path)
    offered = await names(tmp_path, ads_toolsets=chosen)
    families = [c.strip() for c in chosen.split(",")]
    assert offered == {t for t in every if family_of(t) in families} | ({"confirm_action"} if confirm else set())
    assert offered < every


def test_unknown_family_names_the_allowed_ones(monkeypatch):
    monkeypatch.setenv("PINTEREST_ADS_TOOLSETS", "read,reports")
    with pytest.raises(ValidationError, match="unknown reports; use read, launch, edit, insights, labels"):
        Settings(_env_file=None)


async def test_the_listing_stays_within_its_context_budget(tmp_path):
    """tools/list with every tool: at most 64 KB, the model-visible part (names, descriptions, input
    schemas) under 40 KB, both read as decimal kilobytes, the stricter reading (measured the same way
    by ``python -m bench sizes``)."""
    from pinterest_ads_mcp.server.schemas import listing_bytes

    server = build_server(Settings(_env_file=None, ads_state_dir=tmp_path))
    async with Client(server) as client:
        listing = (await client.list_tools()).model_dump(mode="json", by_alias=True, exclude_none=True)
    whole, visible = listing_bytes(listing)
    assert whole <= 64_000 and visible < 40_000, (whole, visible)
    write = next(t for t in listing["tools"] if t["name"] == "update_status")
    assert write["outputSchema"]["properties"]["summary"] == {"type": "object"}
    optional = write["inputSchema"]["properties"]["ad_account_id"]
    assert optional["type"] == "string" and "anyOf" not in optional  # leaving it out says "none"
