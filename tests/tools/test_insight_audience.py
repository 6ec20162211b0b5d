"""audience_sizing against the emulator: friendly targeting -> spec-valid targeting_spec, errors name the field."""

from __future__ import annotations

import pytest

from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID
from tests.support.openapi import ContractValidator
from tests.tools.insight_support import Rig, call, error_text, ok

TARGETING_SPEC = "/components/schemas/TargetingSpec"


@pytest.fixture
def rig(contract, tmp_path):
    made = Rig(contract, tmp_path)
    yield made
    made.assert_contract()


async def size(rig, targeting, **extra):
    return await call(
        rig, "audience_sizing", {"ad_account_id": DEMO_ACCOUNT_ID, "targeting": targeting, **extra}
    )


async def test_friendly_targeting_round_trips_to_a_valid_spec(rig, contract):
    friendly = {
        "locations": ["US", "New York", "California"],
        "age": {"min": 25, "max": 44},
        "genders": ["female"],
        "interests": ["Gardening", "home decor"],
        "locales": ["English"],
        "devices": ["iphone", "web"],
        "keywords": ["raised garden bed", {"value": "compost", "match_type": "PHRASE"}],
        "placement": "SEARCH",
        "auto_targeting": False,
    }
    data = ok(await size(rig, friendly))
    spec = data["targeting_spec"]
    if isinstance(contract, ContractValidator):  # the spec's TargetingSpec, when the spec is there
        assert contract._check_schema(TARGETING_SPEC, spec, request=True, where="targeting_spec") == []
    assert spec["LOCATION"] == ["US", "501"] and spec["GEO"] == ["US-CA"]
    assert (spec["MINIMUM_AGE"], spec["MAXIMUM_AGE"]) == ("25", "44")
    assert spec["GENDER"] == ["female"] and spec["APPTYPE"] == ["iphone", "web"] and spec["LOCALE"] == ["en"]
    assert len(spec["INTEREST"]) == 2 and all(i.isdigit() for i in spec["INTEREST"])
    assert data["placement_group"] == "SEARCH" and data["auto_targeting_enabled"] is False
    assert data["keywords"] == [
        {"match_type": "BROAD", "value": "raised garden bed"},
        {"match_type": "PHRASE", "value": "compost"},
    ]
    assert 0 < data["monthly_reach_lower"] <= data["monthly_reach_upper"]
    sent = [r for r in rig.emulator.log if r.path.endswith("/audience_sizing")][-1].body
    assert sent["targeting_spec"] == spec and sent["placement_group"] == "SEARCH"
    assert any("New York" in n for n in data["notes"])


async def test_narrower_targeting_reaches_fewer_people(rig):
    broad = ok(await size(rig, {"locations": ["US"]}))
    narrow = ok(
        await size(
            rig,
            {
                "locations": ["US"],
                "genders": ["male"],
                "age": {"min": 50, "max": 54},
                "interests": ["Gardening"],
            },
            auto_targeting=False,
        )
    )
    assert narrow["monthly_reach_upper"] < broad["monthly_reach_upper"]
    assert narrow["auto_targeting_enabled"] is False  # the top-level override wins


@pytest.mark.parametrize(
    ("targeting", "words"),
    [
        (
            {"locations": ["US"], "interests": ["Gardenning"]},
            ["targeting.interests", "'Gardenning'", "Gardening ("],
        ),
        ({"locations": ["Atlantis"]}, ["targeting.locations", "'Atlantis'"]),
        ({"interests": ["Gardening"]}, ["targeting.locations is required", "location"]),
        ({"locations": ["US"], "locales": ["Klingon"]}, ["targeting.locales", "'Klingon'"]),
        ({"locations": ["US"], "age": {"min": 50, "max": 30}}, ["age", "max"]),
        ({"locations": ["US"], "devices": ["toaster"]}, ["devices"]),
        ({"locations": ["US"], "colour": "blue"}, ["colour"]),
    ],
)
async def test_errors_name_the_bad_field(rig, targeting, words):
    rig.emulator.reset_log()
    result = await size(rig, targeting)
    text = error_text(result)
    assert result.is_error, result.structured_content
    for word in words:
        assert word in text, text
    assert not [r for r in rig.emulator.log if r.path.endswith("/audience_sizing")]  # refused before sizing


async def test_targeting_options_are_fetched_once_per_server(rig):
    from mcp import Client

    async with Client(rig.server) as client:
        for _ in range(3):
            result = await client.call_tool(
                "audience_sizing",
                {
                    "ad_account_id": DEMO_ACCOUNT_ID,
                    "targeting": {"locations": ["Germany"], "interests": ["Travel"]},
                },
            )
            assert not result.is_error
    looked_up = [r.path for r in rig.emulator.log if "/resources/targeting/" in r.path]
    assert sorted(looked_up) == sorted(set(looked_up))
