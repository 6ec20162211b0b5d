"""list_audiences / create_audience through MCP, and an audience used in update_ad_group's targeting."""

from __future__ import annotations

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT
from tests.tools.write_support import call

GARDENERS = str(int(seed.AWARENESS_CAMPAIGN_ID) * 10 + 1)


async def test_visitor_and_lookalike_audiences_created_listed_and_targeted(bench):
    server = bench.server()
    visitor = await call(server, "create_audience", {"ad_account_id": ACCOUNT, "type": "VISITOR",
                                                     "name": "Site visitors", "conversion_tag_id": "2612345678901",
                                                     "retention_days": 30})
    result = visitor.structured_content
    assert result["status"] == "done" and result["spend_affecting"] is False
    visitor_id = result["created"]["audience"]
    look = await call(server, "create_audience", {"ad_account_id": ACCOUNT, "type": "ACTALIKE", "name": "Like them",
                                                  "seed_audience_ids": [visitor_id], "percentage": 3})
    lookalike_id = look.structured_content["created"]["audience"]
    assert bench.emulator.store.audiences[lookalike_id]["rule"] == {"seed_id": [visitor_id], "country": "US",
                                                                     "percentage": 3}
    listed = (await call(server, "list_audiences", {"ad_account_id": ACCOUNT})).structured_content["audiences"]
    assert {(a["id"], a["type"], a["status"]) for a in listed} == {(visitor_id, "VISITOR", "READY"),
                                                                   (lookalike_id, "ACTALIKE", "READY")}
    narrowed = await call(server, "update_ad_group", {
        "ad_account_id": ACCOUNT, "ad_group_ids": [GARDENERS],
        "targeting_changes": {"add": {"audiences": [lookalike_id], "excluded_audiences": [visitor_id]}}})
    assert narrowed.structured_content["status"] == "done"  # including an audience narrows: runs at once
    spec = bench.entity("ad_groups", GARDENERS)["targeting_spec"]
    assert spec["AUDIENCE_INCLUDE"] == [lookalike_id] and spec["AUDIENCE_EXCLUDE"] == [visitor_id]


async def test_a_lookalike_needs_its_seed(bench):
    out = await call(bench.server(), "create_audience", {"ad_account_id": ACCOUNT, "type": "ACTALIKE",
                                                         "name": "Nobody"})
    assert out.is_error and "seed_audience_ids" in out.content[0].text and bench.writes() == []


async def test_a_launch_includes_and_excludes_audiences_and_refuses_one_the_account_lacks(bench):
    server = bench.server()
    made = [(await call(server, "create_audience", {
        "ad_account_id": ACCOUNT, "type": "VISITOR", "name": name, "conversion_tag_id": "2612345678901",
        "retention_days": 30})).structured_content["created"]["audience"] for name in ("Buyers", "Browsers")]
    launch = {"ad_account_id": ACCOUNT, "name": "Audience launch", "objective": "awareness",
              "budget": {"amount": "10.00", "period": "daily"},
              "ad_group": {"targeting": {"locations": ["US"], "audiences": [made[1]], "excluded_audiences": [made[0]]}},
              "ads": [{"pin_id": seed.RAISED_BED_PIN_ID}]}
    writes_before = len(bench.writes())
    unknown = await call(server, "create_campaign", {**launch, "ad_group": {
        "targeting": {"locations": ["US"], "audiences": ["999999999"]}}})
    assert unknown.is_error and "ad_group.targeting.audiences" in unknown.content[0].text
    assert "999999999" in unknown.content[0].text and len(bench.writes()) == writes_before
    done = (await call(server, "create_campaign", launch)).structured_content
    assert done["status"] == "done", done["message"]
    group = bench.entity("ad_groups", done["created"]["ad_group"])
    assert group["targeting_spec"]["AUDIENCE_INCLUDE"] == [made[1]]
    assert group["targeting_spec"]["AUDIENCE_EXCLUDE"] == [made[0]]
    assert "Browsers" in done["summary"]["targeting"] or any("Browsers" in n for n in done["summary"]["notes"])
