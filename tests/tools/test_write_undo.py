"""undo_action through MCP against the emulator: exact restores, spend-raising reversals confirmed,
conflicts refused with nothing sent."""

from __future__ import annotations

import copy

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT
from tests.tools.write_support import call

VIDEO_GROUP = str(int(seed.VIDEO_CAMPAIGN_ID) * 10 + 1)  # PAUSED, own daily budget 20 USD


async def test_budget_change_undone_exactly_and_the_raise_back_needs_a_yes(bench):
    server = bench.server()
    campaign = bench.entity("campaigns", seed.AWARENESS_CAMPAIGN_ID)
    lowered = await call(server, "update_budget", {"ad_account_id": ACCOUNT, "level": "campaign",
                                                   "id": seed.AWARENESS_CAMPAIGN_ID, "budget": {"amount": "30"}})
    ref = lowered.structured_content["action_ref"]
    assert campaign["daily_spend_cap"] == 30_000_000
    log = (await call(server, "get_action_log", {"limit": 20})).structured_content["entries"]
    assert any(e["action_ref"] == ref and e["event"] == "result" and e["undoable"] for e in log)
    ask = await call(server, "undo_action", {"action_ref": ref})
    result = ask.structured_content
    assert result["status"] == "confirmation_required" and campaign["daily_spend_cap"] == 30_000_000
    assert "daily_spend_cap 30.00 USD -> 50.00 USD" in result["summary"]["will_exist"][0]
    done = await call(server, "confirm_action", {"confirmation_id": result["confirmation_id"]})
    assert done.structured_content["status"] == "done" and campaign["daily_spend_cap"] == 50_000_000


async def test_targeting_change_undone_exactly(bench):
    server = bench.server()
    before = copy.deepcopy(bench.entity("ad_groups", VIDEO_GROUP)["targeting_spec"])
    changed = await call(server, "update_ad_group", {
        "ad_account_id": ACCOUNT, "ad_group_ids": [VIDEO_GROUP],
        "targeting_changes": {"add": {"locations": ["CA"]}, "remove": {"interests": [seed.DIY]},
                              "age": {"min": 30}}})
    assert changed.structured_content["status"] == "done"
    assert bench.entity("ad_groups", VIDEO_GROUP)["targeting_spec"] != before
    undone = await call(server, "undo_action", {"action_ref": changed.structured_content["action_ref"]})
    assert undone.structured_content["status"] == "done", undone.structured_content
    assert bench.entity("ad_groups", VIDEO_GROUP)["targeting_spec"] == before


async def test_changed_since_is_a_conflict_and_nothing_is_sent(bench):
    server = bench.server()
    first = await call(server, "update_budget", {"ad_account_id": ACCOUNT, "level": "campaign",
                                                 "id": seed.AWARENESS_CAMPAIGN_ID, "budget": {"amount": "30"}})
    await call(server, "update_budget", {"ad_account_id": ACCOUNT, "level": "campaign",
                                         "id": seed.AWARENESS_CAMPAIGN_ID, "budget": {"amount": "25"}})
    writes = len(bench.writes())
    out = await call(server, "undo_action", {"action_ref": first.structured_content["action_ref"]})
    assert out.is_error
    assert "daily_spend_cap is now 25.00 USD, not 30.00 USD" in out.content[0].text
    assert len(bench.writes()) == writes


async def test_a_launch_undone_is_paused_and_added_keywords_archived(bench):
    server = bench.server()
    launched = await call(server, "create_campaign", {
        "ad_account_id": ACCOUNT, "name": "Undo me", "objective": "awareness", "activate": True,
        "budget": {"amount": "10", "period": "daily"}, "ad_group": {"targeting": {"locations": ["US"]}},
        "ads": [{"pin_id": seed.RAISED_BED_PIN_ID}]}, mode="auto", elicit="accept")
    campaign_id = launched.structured_content["created"]["campaign"]
    assert bench.entity("campaigns", campaign_id)["status"] == "ACTIVE"
    undone = await call(server, "undo_action", {"action_ref": launched.structured_content["action_ref"]})
    assert undone.structured_content["status"] == "done" and undone.structured_content["spend_affecting"] is False
    assert bench.entity("campaigns", campaign_id)["status"] == "PAUSED"
    added = await call(server, "manage_keywords", {"ad_account_id": ACCOUNT, "ad_group_id": VIDEO_GROUP,
                                                   "add": ["planter"]})
    await call(server, "undo_action", {"action_ref": added.structured_content["action_ref"]})
    assert not [k for k in bench.emulator.store.keywords.values()
                if k["parent_id"] == VIDEO_GROUP and not k["archived"]]


async def test_a_pause_undone_switches_back_on_after_a_yes(bench):
    server = bench.server()
    campaign = bench.entity("campaigns", seed.AWARENESS_CAMPAIGN_ID)
    assert campaign["status"] == "ACTIVE"
    paused = await call(server, "update_status", {"ad_account_id": ACCOUNT, "level": "campaign",
                                                  "ids": [seed.AWARENESS_CAMPAIGN_ID], "status": "PAUSED"})
    assert paused.structured_content["status"] == "done" and campaign["status"] == "PAUSED"
    ask = (await call(server, "undo_action", {"action_ref": paused.structured_content["action_ref"]})).structured_content
    assert ask["status"] == "confirmation_required" and campaign["status"] == "PAUSED"  # switching on spends
    assert ask["spend_affecting"] and ask["summary"]["max_daily_spend"] is not None
    done = await call(server, "confirm_action", {"confirmation_id": ask["confirmation_id"]})
    assert done.structured_content["status"] == "done" and campaign["status"] == "ACTIVE"
