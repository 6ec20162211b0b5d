"""Upstream requests per task vs the minimum, counted at the emulator."""

from __future__ import annotations

import datetime as dt
import math

from mcp import Client

from pinterest_ads_mcp.emulator import seed
from pinterest_ads_mcp.emulator.entities import build_ad, build_ad_group, build_campaign

from .bench_analytics import add_campaigns
from .common import Row, in_process


def _tree(emulator, groups: int, ads: int) -> str:
    """A live CBO campaign with ``groups`` ad groups and ``ads`` ads spread over them, straight into the store."""
    store = emulator.store
    now = store.now()
    campaign = build_campaign({"name": "Bench source", "objective_type": "CONSIDERATION", "status": "PAUSED",
                               "is_campaign_budget_optimization": True, "daily_spend_cap": 20_000_000},
                              entity_id=store.new_id(), ad_account_id=seed.DEMO_ACCOUNT_ID, now=now)
    store.campaigns[campaign["id"]] = campaign
    pins = [seed.RAISED_BED_PIN_ID, seed.HERB_SPIRAL_PIN_ID, seed.CUSHION_PIN_ID, seed.PALLET_TABLE_PIN_ID]
    made = []
    for g in range(groups):
        group = build_ad_group({"name": f"group {g}", "billable_event": "CLICKTHROUGH", "status": "PAUSED",
                                "bid_in_micro_currency": 1_000_000, "targeting_spec": {"LOCATION": ["US"]}},
                               entity_id=store.new_id(), campaign=campaign, now=now)
        store.ad_groups[group["id"]] = group
        made.append(group)
    for a in range(ads):
        ad = build_ad({"pin_id": pins[a % len(pins)], "creative_type": "REGULAR", "status": "PAUSED",
                       "name": f"ad {a}"}, entity_id=store.new_id(), group=made[a % groups], now=now)
        store.ads[ad["id"]] = ad
    return campaign["id"]


async def _duplicate() -> Row:
    server, emulator, _ = in_process(ads_confirmation="token")
    source = _tree(emulator, 3, 10)
    async with Client(server) as client:
        await client.call_tool("list_ad_accounts", {})
        emulator.reset_log()
        done = await client.call_tool("duplicate_campaign", {"ad_account_id": seed.DEMO_ACCOUNT_ID,
                                                             "campaign_id": source, "changes": {"locations": ["DE"]}})
        assert done.structured_content["status"] == "done", done.content
    writes = len(emulator.writes())
    reads = len(emulator.log) - writes
    return Row("requests per task", "duplicate_campaign, 3 ad groups + 10 ads, PAUSED: writes (min 3)", str(writes),
               f"{len(emulator.log)} requests in all ({reads} reads: the tree, keywords per ad group, targeting "
               "names, and a listing before each create so a lost answer can be checked)")


async def _day_two() -> list[Row]:
    """Requests of the day-two edits, counted at the emulator (plan and confirm together)."""
    server, emulator, _ = in_process(ads_confirmation="token")
    account = seed.DEMO_ACCOUNT_ID
    group = str(int(seed.AWARENESS_CAMPAIGN_ID) * 10 + 1)  # delivering: widening needs a confirmation
    paused_group = str(int(seed.VIDEO_CAMPAIGN_ID) * 10 + 1)
    tasks = [
        ("update_ad_group: add a country to a delivering ad group (plan + confirm)",
         "update_ad_group", {"ad_account_id": account, "ad_group_ids": [group],
                             "targeting_changes": {"add": {"locations": ["CA"]}}}),
        ("manage_keywords: add 2 keywords to a paused ad group", "manage_keywords",
         {"ad_account_id": account, "ad_group_id": paused_group, "add": ["planter", "balcony garden"]}),
        ("add_ads: 1 ad from an image URL (pin first), PAUSED", "add_ads",
         {"ad_account_id": account, "ad_group_id": group, "ads": [
             {"image_url": "https://example.com/a.jpg", "board": seed.GARDEN_BOARD_ID, "link": "https://example.com"}]}),
        ("update_budget lower, then undo_action of it (plan + confirm)", "update_budget",
         {"ad_account_id": account, "level": "campaign", "id": seed.AWARENESS_CAMPAIGN_ID, "budget": {"amount": "30"}}),
    ]
    rows = []
    async with Client(server) as client:
        await client.call_tool("list_ad_accounts", {})
        for label, tool, args in tasks:
            emulator.reset_log()
            out = (await client.call_tool(tool, args)).structured_content
            if tool == "update_budget":
                out = (await client.call_tool("undo_action", {"action_ref": out["action_ref"]})).structured_content
            if out.get("confirmation_id"):
                out = (await client.call_tool("confirm_action", {"confirmation_id": out["confirmation_id"]})
                       ).structured_content
            assert out["status"] == "done", out
            writes = len(emulator.writes())
            rows.append(Row("requests per task", label, f"{writes} write(s)",
                            f"{len(emulator.log)} requests in all"))
    return rows


async def run() -> list[Row]:
    rows = []
    server, emulator, _ = in_process(ads_confirmation="token")
    launch = {"ad_account_id": seed.DEMO_ACCOUNT_ID, "name": "Bench launch", "objective": "awareness",
              "budget": {"amount": "20.00", "period": "daily"}, "ad_group": {"targeting": {"locations": ["US"]}},
              "ads": [{"pin_id": p} for p in (seed.RAISED_BED_PIN_ID, seed.HERB_SPIRAL_PIN_ID, seed.CUSHION_PIN_ID)],
              "activate": True}
    async with Client(server) as client:
        emulator.reset_log()
        planned = await client.call_tool("create_campaign", launch)
        plan_requests = len(emulator.log)
        done = await client.call_tool("confirm_action", {"confirmation_id": planned.structured_content["confirmation_id"]})
        assert done.structured_content["status"] == "done", done.content
    writes = len(emulator.writes())
    rows.append(Row("requests per task", "create_campaign with 3 ads: writes (min 4)", str(writes),
                    f"{len(emulator.log)} requests in all ({plan_requests} reads to plan: account, pins, targeting)"))

    rows.append(await _duplicate())
    rows += await _day_two()

    server, emulator, _ = in_process()
    ids = add_campaigns(emulator, 600)
    today = dt.date.today()
    async with Client(server) as client:
        await client.call_tool("list_ad_accounts", {})
        emulator.reset_log()
        result = await client.call_tool("get_analytics", {
            "ad_account_id": seed.DEMO_ACCOUNT_ID, "level": "campaign", "ids": ids,
            "start_date": (today - dt.timedelta(days=30)).isoformat(),
            "end_date": (today - dt.timedelta(days=1)).isoformat()})
        assert not result.is_error, result.content
    analytics = sum(1 for r in emulator.log if r.category == "ads_analytics")
    rows.append(Row("requests per task", f"analytics of 600 campaigns x 30 days: analytics requests (min "
                    f"{math.ceil(600 / 250)})", str(analytics), f"{len(emulator.log)} requests in all (+ names)"))
    return rows
