"""manage_keywords through MCP against the emulator: add, list, archive; widening needs a person."""

from __future__ import annotations

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT, Bench, client

DELIVERING = str(int(seed.AWARENESS_CAMPAIGN_ID) * 10 + 1)  # ACTIVE ad group
PAUSED = str(int(seed.VIDEO_CAMPAIGN_ID) * 10 + 1)


async def call(server, args, *, mode="legacy", elicit=None, tool="manage_keywords"):
    async with client(server, mode, elicit) as c:
        return await c.call_tool(tool, {"ad_account_id": ACCOUNT, **args} if tool == "manage_keywords" else args)


def live(bench: Bench, parent: str) -> set[tuple[str, str]]:
    return {(k["value"], k["match_type"]) for k in bench.emulator.store.keywords.values()
            if k["parent_id"] == parent and not k["archived"]}


async def test_keyword_added_listed_and_archived(bench):
    server = bench.server()
    out = await call(server, {"ad_group_id": PAUSED, "add": ["balcony planter",
                                                            {"value": "cheap", "match_type": "EXACT_NEGATIVE"}]})
    result = out.structured_content
    assert result["status"] == "done" and result["spend_affecting"] is False  # the ad group is paused
    assert live(bench, PAUSED) == {("balcony planter", "BROAD"), ("cheap", "EXACT_NEGATIVE")}
    assert {(k["value"], k["match_type"]) for k in result["keywords"]} == live(bench, PAUSED)
    writes = len(bench.writes())
    listed = (await call(server, {"ad_group_id": PAUSED})).structured_content
    assert len(bench.writes()) == writes and len(listed["keywords"]) == 2
    cheap = next(k["id"] for k in listed["keywords"] if k["value"] == "cheap")
    out = await call(server, {"ad_group_id": PAUSED, "archive": [cheap, "Balcony Planter"]})
    assert out.structured_content["status"] == "done" and out.structured_content["keywords"] == []
    assert live(bench, PAUSED) == set()
    archived = bench.writes()[-1].body["keywords"]
    assert archived[0] == {"id": cheap, "archived": True}
    assert {k["id"] for k in archived} == {k["id"] for k in listed["keywords"]}


async def test_adding_to_a_delivering_ad_group_needs_a_yes_exclusions_do_not(bench):
    server = bench.server()
    out = await call(server, {"ad_group_id": DELIVERING, "add": [{"value": "free", "match_type": "PHRASE_NEGATIVE"}]})
    assert out.structured_content["status"] == "done" and out.structured_content["spend_affecting"] is False
    ask = await call(server, {"ad_group_id": DELIVERING, "add": ["raised bed"]})
    result = ask.structured_content
    assert result["status"] == "confirmation_required" and ("raised bed", "BROAD") not in live(bench, DELIVERING)
    assert [k["value"] for k in result["keywords"]] == ["free"]  # unchanged so far
    # archiving the exclusion reaches more searches too
    excl = (await call(server, {"ad_group_id": DELIVERING, "archive": ["free"]}, mode="auto", elicit="decline"))
    assert excl.structured_content["status"] == "declined" and ("free", "PHRASE_NEGATIVE") in live(bench, DELIVERING)
    done = await call(server, {"confirmation_id": result["confirmation_id"]}, tool="confirm_action")
    assert done.structured_content["status"] == "done" and ("raised bed", "BROAD") in live(bench, DELIVERING)


async def test_unknown_archive_entry_names_the_keywords_there(bench):
    server = bench.server()
    await call(server, {"ad_group_id": PAUSED, "add": ["compost"]})
    writes = len(bench.writes())
    out = await call(server, {"ad_group_id": PAUSED, "archive": ["mulch"]})
    assert out.is_error and "archive[0]" in out.content[0].text and "'compost' BROAD" in out.content[0].text
    assert len(bench.writes()) == writes


async def test_keywords_added_to_a_delivering_ad_group_are_capped_on_the_budget_they_let_spend(bench):
    capped = bench.server(ads_max_daily_budget=40)  # the ad group's CBO campaign holds 50.00 USD a day
    out = await call(capped, {"ad_group_id": DELIVERING, "add": ["raised bed"]})
    assert out.is_error and "40.00 USD" in out.content[0].text and bench.writes() == []
    excl = await call(capped, {"ad_group_id": DELIVERING, "add": [{"value": "free", "match_type": "EXACT_NEGATIVE"}]})
    assert excl.structured_content["status"] == "done"  # an exclusion narrows: nothing to cap
    ask = (await call(bench.server(), {"ad_group_id": DELIVERING, "add": ["raised bed"]})).structured_content
    assert ask["status"] == "confirmation_required" and ask["spend_affecting"]
    assert ask["summary"]["max_daily_spend"] == {"amount": "50.00", "currency": "USD"}
    assert ask["summary"]["forecast"][-1].startswith("the operator's caps were checked on up to 50.00 USD a day")
