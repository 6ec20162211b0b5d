"""Every read tool through a real MCP client, in both protocol modes, against the emulator."""

from __future__ import annotations

import json

import pytest
from mcp import Client

from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID, EUR_ACCOUNT_ID

READ_TOOLS = {"list_ad_accounts", "list_campaigns", "list_ad_groups", "list_ads", "list_pins", "search_targeting"}


async def call(server, mode, name, args=None):
    async with Client(server, mode=mode) as client:
        return await client.call_tool(name, args or {})


def error_text(result) -> str:
    assert result.is_error, result.structured_content
    return " ".join(getattr(c, "text", "") for c in result.content)


async def test_read_tools_are_listed_read_only(mcp_server, mode):
    async with Client(mcp_server, mode=mode) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert READ_TOOLS <= set(tools)
    for name in READ_TOOLS:
        tool = tools[name]
        assert tool.annotations.read_only_hint is True, name
        assert tool.output_schema, name
        assert len(tool.description) > 80, name


async def test_list_ad_accounts(mcp_server, mode):
    result = await call(mcp_server, mode, "list_ad_accounts")
    data = result.structured_content
    assert data["environment"] == "emulator"
    by_id = {a["id"]: a for a in data["accounts"]}
    assert by_id[DEMO_ACCOUNT_ID]["currency"] == "USD"
    assert by_id[EUR_ACCOUNT_ID]["currency"] == "EUR"
    assert not any(a["is_default"] for a in data["accounts"])  # two usable accounts: no silent default


async def test_list_campaigns_money_in_units(mcp_server, mode):
    data = (await call(mcp_server, mode, "list_campaigns", {"ad_account_id": DEMO_ACCOUNT_ID})).structured_content
    assert data["currency"] == "USD" and data["count"] == len(data["campaigns"]) > 0
    statuses = {c["status"] for c in data["campaigns"]}
    assert statuses <= {"ACTIVE", "PAUSED"}
    budgets = [c["budget"] for c in data["campaigns"] if c["budget"]]
    assert budgets
    for b in budgets:
        assert b["currency"] == "USD" and float(b["amount"]) < 100_000  # units, not micro-units
        assert len(b["amount"].split(".")[1]) == 2
    for c in data["campaigns"]:
        assert c["created"] is None or c["created"].endswith("Z")


async def test_list_campaigns_archived_and_limit(mcp_server, mode):
    data = (await call(mcp_server, mode, "list_campaigns",
                       {"ad_account_id": DEMO_ACCOUNT_ID, "statuses": ["ARCHIVED"]})).structured_content
    assert data["campaigns"] and {c["status"] for c in data["campaigns"]} == {"ARCHIVED"}
    one = (await call(mcp_server, mode, "list_campaigns",
                      {"ad_account_id": DEMO_ACCOUNT_ID, "limit": 1})).structured_content
    assert one["count"] == 1 and one["truncated"] is True


async def test_list_ad_groups_and_ads_filtered_by_campaign(mcp_server, mode):
    campaigns = (await call(mcp_server, mode, "list_campaigns",
                            {"ad_account_id": DEMO_ACCOUNT_ID})).structured_content["campaigns"]
    target = campaigns[0]["id"]
    groups = (await call(mcp_server, mode, "list_ad_groups",
                         {"ad_account_id": DEMO_ACCOUNT_ID, "campaign_ids": [target]})).structured_content
    assert groups["ad_groups"] and {g["campaign_id"] for g in groups["ad_groups"]} == {target}
    ads = (await call(mcp_server, mode, "list_ads",
                      {"ad_account_id": DEMO_ACCOUNT_ID, "campaign_ids": [target]})).structured_content
    assert {a["campaign_id"] for a in ads["ads"]} <= {target}
    assert all(a["pin_id"] for a in ads["ads"])


async def test_list_pins_reports_promotable_goals(mcp_server, mode):
    pins = (await call(mcp_server, mode, "list_pins")).structured_content["pins"]
    media = {p["media_type"] for p in pins}
    assert {"image", "video", "multiple_images"} <= media
    blocked = [p for p in pins if not p["promotable_goals"]]
    assert blocked and all("cannot be promoted" in p["not_promotable_because"][0] for p in blocked)
    for p in pins:
        if p in blocked:
            continue
        assert "awareness" in p["promotable_goals"]
        assert ("traffic" in p["promotable_goals"]) == bool(p["link"])
        assert ("video_views" in p["promotable_goals"]) == (p["media_type"] == "video")
    no_link = [p for p in pins if not p["link"]]
    assert no_link and any("destination" in r for r in no_link[0]["not_promotable_because"])


async def test_list_pins_by_board_and_query(mcp_server, mode):
    pins = (await call(mcp_server, mode, "list_pins")).structured_content["pins"]
    board = pins[0]["board_id"]
    on_board = (await call(mcp_server, mode, "list_pins", {"board_id": board})).structured_content["pins"]
    assert on_board and {p["board_id"] for p in on_board} == {board}
    word = pins[0]["title"].split()[0]
    found = (await call(mcp_server, mode, "list_pins", {"query": word})).structured_content["pins"]
    assert pins[0]["id"] in {p["id"] for p in found}


async def test_search_targeting_ranks_matches(mcp_server, mode):
    data = (await call(mcp_server, mode, "search_targeting",
                       {"targeting_type": "INTEREST", "query": "garden"})).structured_content
    assert data["options"] and "garden" in data["options"][0]["name"].lower()
    countries = (await call(mcp_server, mode, "search_targeting",
                            {"targeting_type": "LOCATION", "query": "US"})).structured_content
    assert countries["options"][0]["code"] == "US"


@pytest.mark.parametrize(("tool", "args", "words"), [
    ("list_campaigns", {"ad_account_id": DEMO_ACCOUNT_ID, "statuses": ["RUNNING"]}, ["statuses", "ACTIVE"]),
    ("list_campaigns", {"ad_account_id": "abc"}, ["ad_account_id"]),
    ("list_campaigns", {"ad_account_id": DEMO_ACCOUNT_ID, "limit": 0}, ["limit"]),
    ("list_campaigns", {"ad_account_id": DEMO_ACCOUNT_ID, "limit": "many"}, ["limit"]),
    ("list_campaigns", {"ad_account_id": DEMO_ACCOUNT_ID, "campaign_ids": ["12x"]}, ["campaign_ids"]),
    ("list_ads", {"ad_account_id": DEMO_ACCOUNT_ID, "campaign_ids": ["1"], "ad_group_ids": ["2"]}, ["campaign_ids", "ad_group_ids"]),
    ("list_pins", {"query": "x", "board_id": "1"}, ["query", "board_id"]),
    ("search_targeting", {"targeting_type": "PLANET"}, ["targeting_type", "INTEREST"]),
    ("list_campaigns", {}, ["ad_account_id", DEMO_ACCOUNT_ID]),
])
async def test_bad_input_names_the_field_and_sends_nothing(mcp_server, emulator_app, mode, tool, args, words):
    emulator = emulator_app.state.emulator
    result = await call(mcp_server, mode, tool, args)
    text = error_text(result)
    for word in words:
        assert word in text, text
    assert "Traceback" not in text
    touched = [r.path for r in emulator.log if "/campaigns" in r.path or "/ads" in r.path.split("/ad_accounts")[-1]]
    assert not [p for p in touched if p.endswith(("/campaigns", "/ads"))]


async def test_unknown_account_is_a_clear_error(mcp_server, mode):
    text = error_text(await call(mcp_server, mode, "list_campaigns", {"ad_account_id": "123456789"}))
    assert "ad_account_id" in text and "123456789" in text and "list_ad_accounts" in text


async def test_results_are_compact_json(mcp_server, mode):
    result = await call(mcp_server, mode, "list_campaigns", {"ad_account_id": DEMO_ACCOUNT_ID})
    text = json.dumps(result.structured_content)
    assert "micro" not in text and "_in_micro_currency" not in text


async def test_policy_resource_is_listed_and_states_the_caps(settings, emulator_app, validating_transport, mode):
    import httpx2

    from pinterest_ads_mcp.server.app import build_server

    capped = settings.model_copy(update={"ads_max_daily_budget": 40, "ads_allowed_accounts": [DEMO_ACCOUNT_ID],
                                         "ads_confirmation": "elicit"})
    server = build_server(capped, transport=validating_transport(httpx2.ASGITransport(app=emulator_app)),
                          emulator_app=emulator_app)
    async with Client(server, mode=mode) as client:
        listed = {str(r.uri) for r in (await client.list_resources()).resources}
        assert "pinterest-ads://policy" in listed
        body = json.loads((await client.read_resource("pinterest-ads://policy")).contents[0].text)
    assert body["max_daily_budget"] == "40" and body["allowed_ad_accounts"] == [DEMO_ACCOUNT_ID]
    assert body["confirmation_mode"] == "elicit" and body["environment"] == "emulator"
