"""The spend decision on ad group edits: audience widening, bid strategy, frequency cap."""

from __future__ import annotations

import pytest

from pinterest_ads_mcp.guards.plan import Plan, Snapshot, Summary, Write
from pinterest_ads_mcp.guards.spend import decide

SPEC = {"LOCATION": ["US"], "INTEREST": ["1", "2"], "AGE_BUCKET": ["25-34", "35-44"], "GENDER": ["female"],
        "AUDIENCE_EXCLUDE": ["9"], "TARGETING_STRATEGY": ["CHOOSE_YOUR_OWN"]}


def snap(status: str = "ACTIVE") -> Snapshot:
    return Snapshot(entity="ad_group", id="7", status=status, targeting_spec=SPEC, placement_group="SEARCH",
                    auto_targeting_enabled=False, bid_strategy_type="MAX_BID", bid_in_micro_currency=1_000_000,
                    lifetime_frequency_cap=5)


def affecting(status: str = "ACTIVE", **fields) -> bool:
    plan = Plan(tool="update_ad_group", ad_account_id="1", currency="USD", before=[snap(status)],
                summary=Summary(action="t"), writes=[Write(key="w", op="update", entity="ad_group",
                                                           items=[{"id": "7", **fields}])])
    return decide(plan).affecting


@pytest.mark.parametrize("spec,widened", [
    ({**SPEC, "LOCATION": ["US", "CA"]}, True),
    ({**SPEC, "GEO": ["US-CA"]}, True),
    ({**SPEC, "INTEREST": ["1"]}, False),
    ({**SPEC, "INTEREST": ["1", "3"]}, True),
    ({k: v for k, v in SPEC.items() if k != "INTEREST"}, True),  # no interests = every interest
    ({k: v for k, v in SPEC.items() if k != "AUDIENCE_EXCLUDE"}, True),
    ({k: v for k, v in SPEC.items() if k != "AGE_BUCKET"} | {"MINIMUM_AGE": "30", "MAXIMUM_AGE": "40"}, False),
    ({k: v for k, v in SPEC.items() if k != "AGE_BUCKET"} | {"MINIMUM_AGE": "21", "MAXIMUM_AGE": "40"}, True),
    ({**SPEC, "GENDER": ["female", "male"]}, True),
    ({**SPEC, "TARGETING_STRATEGY": ["OTHER"]}, True),  # a key it cannot compare fails safe
    (SPEC, False),
])
def test_targeting_widening_counts_only_while_delivering(spec, widened):
    assert affecting(targeting_spec=spec) is widened
    assert affecting("PAUSED", targeting_spec=spec) is False


@pytest.mark.parametrize("fields,expected", [
    ({"auto_targeting_enabled": True}, True), ({"placement_group": "ALL"}, True),
    ({"bid_strategy_type": "TARGET_AVG"}, True), ({"bid_strategy_type": "MAX_BID"}, False),
    ({"lifetime_frequency_cap": 10}, True), ({"lifetime_frequency_cap": 3}, False),
    ({"bid_in_micro_currency": 900_000}, False), ({"bid_in_micro_currency": None}, True),
])
def test_other_ad_group_fields(fields, expected):
    assert affecting(**fields) is expected


def keyword_plan(write: Write, status: str = "ACTIVE") -> Plan:
    before = [Snapshot(entity="ad_group", id="7", status=status),
              Snapshot(entity="keyword", id="50", name="free", match_type="PHRASE_NEGATIVE", parent_id="7"),
              Snapshot(entity="keyword", id="51", name="bed", match_type="BROAD", parent_id="7")]
    return Plan(tool="manage_keywords", ad_account_id="1", currency="USD", before=before,
                summary=Summary(action="t"), writes=[write])


@pytest.mark.parametrize("write,expected", [
    (Write(key="k", op="create", entity="keyword", items=[{"parent_id": "7", "value": "a", "match_type": "BROAD"}]),
     True),
    (Write(key="k", op="create", entity="keyword",
           items=[{"parent_id": "7", "value": "a", "match_type": "EXACT_NEGATIVE"}]), False),
    (Write(key="k", op="update", entity="keyword", items=[{"id": "50", "archived": True}]), True),
    (Write(key="k", op="update", entity="keyword", items=[{"id": "51", "archived": True}]), False),
    (Write(key="k", op="update", entity="keyword", items=[{"id": "99", "archived": True}]), True),  # unknown
])
def test_keywords_widen_only_a_delivering_ad_group(write, expected):
    assert decide(keyword_plan(write)).affecting is expected
    if write.items[0].get("id") != "99":
        assert decide(keyword_plan(write, "PAUSED")).affecting is False


def test_pins_cannot_spend_the_ads_promoting_them_can():
    pin = Write(key="p", op="create", entity="pin", names=["pin:0"],
                items=[{"board_id": "1", "media_source": {"source_type": "image_url", "url": "https://e/a.jpg"}}])
    ad = Write(key="a", op="create", entity="ad", names=["ad:0"],
               items=[{"ad_group_id": "7", "pin_id": {"$ref": "pin:0"}, "status": "PAUSED"}])
    plan = Plan(tool="add_ads", ad_account_id="1", currency="USD", summary=Summary(action="t"), writes=[pin, ad])
    assert decide(plan).affecting is False
    active = ad.model_copy(update={"items": [{**ad.items[0], "status": "ACTIVE"}]})
    assert decide(plan.model_copy(update={"writes": [pin, active]})).affecting is True
