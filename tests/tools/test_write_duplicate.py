"""duplicate_campaign through MCP against the emulator: a copy for another country, all PAUSED."""

from __future__ import annotations

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT, Bench
from tests.tools.write_support import call

SOURCE = seed.AWARENESS_CAMPAIGN_ID  # CBO, 50 USD a day, 2 ad groups, 3 ads
GARDENERS = str(int(SOURCE) * 10 + 1)


def children(bench: Bench, campaign_id: str) -> tuple[list[dict], list[dict]]:
    store = bench.emulator.store
    groups = [g for g in store.ad_groups.values() if g["campaign_id"] == campaign_id]
    ads = [a for a in store.ads.values() if a["campaign_id"] == campaign_id]
    return groups, ads


async def test_campaign_copied_for_another_country_with_every_child_paused(bench):
    server = bench.server()
    added = await call(server, "manage_keywords", {"ad_account_id": ACCOUNT, "ad_group_id": GARDENERS,
                                                   "add": ["raised bed", {"value": "free", "match_type":
                                                                          "EXACT_NEGATIVE"}]},
                       mode="auto", elicit="accept")
    assert added.structured_content["status"] == "done"
    bench.emulator.reset_log()
    out = await call(server, "duplicate_campaign", {"ad_account_id": ACCOUNT, "campaign_id": SOURCE,
                                                    "name": "Spring Garden DE", "changes": {"locations": ["Germany"]}})
    result = out.structured_content
    assert result["status"] == "done" and result["spend_affecting"] is False, result
    new_id = result["created"]["campaign"]
    campaign = bench.entity("campaigns", new_id)
    assert (campaign["name"], campaign["status"], campaign["daily_spend_cap"]) == ("Spring Garden DE", "PAUSED",
                                                                                   50_000_000)
    old_groups, old_ads = children(bench, SOURCE)
    groups, ads = children(bench, new_id)
    assert len(groups) == len(old_groups) == 2 and len(ads) == len(old_ads) == 3
    assert {g["status"] for g in groups} == {a["status"] for a in ads} == {"PAUSED"}
    by_name = {g["name"]: g for g in old_groups}
    for group in groups:
        source_spec = by_name[group["name"]]["targeting_spec"]
        assert group["targeting_spec"] == {**source_spec, "LOCATION": ["DE"]}
        assert group["bid_in_micro_currency"] == by_name[group["name"]]["bid_in_micro_currency"]
    assert sorted(a["pin_id"] for a in ads) == sorted(a["pin_id"] for a in old_ads)
    copied = {(k["value"], k["match_type"]) for k in bench.emulator.store.keywords.values()
              if k["parent_id"] in {g["id"] for g in groups}}
    assert copied == {("raised bed", "BROAD"), ("free", "EXACT_NEGATIVE")}
    writes = bench.writes()
    assert [w.path.rsplit("/", 1)[-1] for w in writes] == ["campaigns", "ad_groups", "ads", "keywords"]
    assert len(result["summary"]["will_exist"]) == 1 + 2 + 3 + 1  # campaign, ad groups, ads, keyword line


async def test_activating_the_copy_needs_a_yes_and_its_caps(bench):
    server = bench.server(ads_max_daily_budget=60)
    ask = await call(server, "duplicate_campaign", {"ad_account_id": ACCOUNT, "campaign_id": SOURCE,
                                                    "activate": True, "changes": {"budget": {"amount": "20",
                                                                                             "period": "daily"}}})
    result = ask.structured_content
    assert result["status"] == "confirmation_required" and bench.writes() == []
    assert result["summary"]["max_daily_spend"] == {"amount": "20.00", "currency": "USD"}
    assert any("audience about" in line for line in result["summary"]["forecast"])
    over = await call(server, "duplicate_campaign", {"ad_account_id": ACCOUNT, "campaign_id": SOURCE,
                                                     "changes": {"budget": {"amount": "75", "period": "daily"}}})
    assert over.is_error and "60.00 USD" in over.content[0].text
    done = await call(server, "confirm_action", {"confirmation_id": result["confirmation_id"]})
    assert done.structured_content["status"] == "done"
    copy = bench.entity("campaigns", done.structured_content["created"]["campaign"])
    assert copy["status"] == "ACTIVE" and copy["daily_spend_cap"] == 20_000_000
