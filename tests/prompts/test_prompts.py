"""Prompts render, name only tools the server offers, and the resources read back."""

from __future__ import annotations

import json

import pytest
from mcp import Client

from pinterest_ads_mcp.emulator.seed import BEST_PIN_ID, DEMO_ACCOUNT_ID
from pinterest_ads_mcp.prompts.jobs import TOOL_REF
from pinterest_ads_mcp.server.settings import Settings
from tests.tools.insight_support import Rig

PROMPTS = {"launch_campaign", "weekly_report", "boost_best_pin", "fix_delivery"}


@pytest.fixture
def rig(contract, tmp_path):
    made = Rig(contract, tmp_path)
    yield made
    made.assert_contract()


def text_of(result) -> str:
    return "\n".join(m.content.text for m in result.messages)


async def render_all(server, args=None):
    async with Client(server) as client:
        tools = {t.name for t in (await client.list_tools()).tools}
        listed = {p.name for p in (await client.list_prompts()).prompts}
        texts = {name: text_of(await client.get_prompt(name, (args or {}).get(name))) for name in PROMPTS}
    return tools, listed, texts


async def test_prompts_render_and_name_only_existing_tools(rig):
    tools, listed, texts = await render_all(
        rig.server,
        {
            "launch_campaign": {
                "goal": "sell raised beds",
                "budget": "30 USD a day",
                "ad_account_id": DEMO_ACCOUNT_ID,
            },
            "weekly_report": {"ad_account_id": DEMO_ACCOUNT_ID},
            "boost_best_pin": {"budget": "20 USD a day"},
            "fix_delivery": {"ad_account_id": DEMO_ACCOUNT_ID},
        },
    )
    assert PROMPTS <= listed
    for name, text in texts.items():
        named = set(TOOL_REF.findall(text))
        assert named, name
        assert named <= tools, (name, named - tools)
    assert {"audience_sizing", "create_campaign", "confirm_action"} <= set(
        TOOL_REF.findall(texts["launch_campaign"])
    )
    assert "sell raised beds" in texts["launch_campaign"] and "30 USD a day" in texts["launch_campaign"]
    assert (
        texts["weekly_report"].count("`get_analytics`") == 1
        and '"level": "campaign"' in texts["weekly_report"]
        and '"breakdown": "age"' in texts["weekly_report"]
        and "`check_delivery`" in texts["weekly_report"]
    )
    assert {"check_delivery", "update_status", "confirm_action"} <= set(TOOL_REF.findall(texts["fix_delivery"]))
    assert DEMO_ACCOUNT_ID in texts["fix_delivery"]
    assert BEST_PIN_ID in texts["boost_best_pin"] and "`boost_pin`" in texts["boost_best_pin"]


async def test_read_only_prompts_drop_write_tools(contract, tmp_path):
    from pinterest_ads_mcp.server.app import build_server
    from tests.tools.insight_support import FAST_RETRY

    rig = Rig(contract, tmp_path)
    settings = Settings(_env_file=None, ads_state_dir=tmp_path / "ro", ads_read_only=True)
    server = build_server(settings, transport=rig.transport, emulator_app=rig.app, retry=FAST_RETRY)
    tools, _, texts = await render_all(server)
    rig.assert_contract()
    assert "create_campaign" not in tools and "apply_label" not in tools
    for name, text in texts.items():
        assert set(TOOL_REF.findall(text)) <= tools, name
    assert "read-only" in texts["launch_campaign"]


async def test_resources_accounts_and_guide(rig):
    async with Client(rig.server) as client:
        guide = await client.read_resource("pinterest-ads://guide")
        accounts = await client.read_resource("pinterest-ads://accounts")
        tools = {t.name for t in (await client.list_tools()).tools}
    guide_text = guide.contents[0].text
    for tool in tools:
        assert tool in guide_text, tool
    data = json.loads(accounts.contents[0].text)
    assert data["environment"] == "emulator"
    assert {a["id"]: a["currency"] for a in data["accounts"]}[DEMO_ACCOUNT_ID] == "USD"
