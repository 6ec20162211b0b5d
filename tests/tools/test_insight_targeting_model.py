"""The friendly Targeting model and its converter (offline; a stub client answers the options)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from pinterest_ads_mcp.tools.planning.targeting_model import (
    AgeRange,
    Targeting,
    describe_spec,
    to_targeting_spec,
)
from pinterest_ads_mcp.tools.support.common import InputError
from pinterest_ads_mcp.tools.support.runtime import Runtime

OPTIONS = {
    "LOCATION": {"US": "United States", "DE": "Germany", "501": "U.S.: New York", "811": "U.S.: Reno"},
    "GEO": {"US-CA": "United States: California", "US-NY": "United States: New York"},
    "INTEREST": {"918530398158": "Gardening", "924581335376": "Home decor", "935541271955": "DIY projects"},
    "LOCALE": {"en": "English", "de": "German", "en-US": "English (US)"},
}


class StubClient:
    def __init__(self) -> None:
        self.calls: list[str] = []

    async def targeting_options(self, targeting_type: str, **_: Any) -> dict[str, str]:
        self.calls.append(targeting_type)
        return OPTIONS[targeting_type]


def make_rt() -> Runtime:
    return Runtime(client=StubClient(), environment="emulator")  # type: ignore[arg-type]


async def test_friendly_targeting_resolves_names_and_caches_options() -> None:
    rt = make_rt()
    t = Targeting(
        locations=["US", "new york", "California"],
        age=AgeRange(min=25, max=44),
        genders=["female"],
        interests=["gardening", "924581335376"],
        locales=["German"],
        devices=["iphone"],
        keywords=["raised beds", {"value": "compost", "match_type": "EXACT"}],
        placement="SEARCH",
        auto_targeting=False,
    )
    res = await to_targeting_spec(rt, "1", t)
    assert res.targeting_spec == {
        "LOCATION": ["US", "501"],
        "GEO": ["US-CA"],
        "MINIMUM_AGE": "25",
        "MAXIMUM_AGE": "44",
        "GENDER": ["female"],
        "INTEREST": ["918530398158", "924581335376"],
        "LOCALE": ["de"],
        "APPTYPE": ["iphone"],
    }
    assert res.keywords == [
        {"match_type": "BROAD", "value": "raised beds"},
        {"match_type": "EXACT", "value": "compost"},
    ]
    assert res.sizing_body()["placement_group"] == "SEARCH"
    assert res.auto_targeting_enabled is False
    assert any("New York" in n for n in res.notes)
    await to_targeting_spec(rt, "1", t)
    assert sorted(rt.client.calls) == ["GEO", "INTEREST", "LOCALE", "LOCATION"]  # cached after the first call
    assert "aged 25-44" in describe_spec(res.targeting_spec)


async def test_open_age_range_is_65_plus() -> None:
    res = await to_targeting_spec(make_rt(), "1", Targeting(locations=["US"], age={"min": 30}))
    assert (res.targeting_spec["MINIMUM_AGE"], res.targeting_spec["MAXIMUM_AGE"]) == ("30", "65+")


async def test_missing_location_is_named() -> None:
    with pytest.raises(InputError, match=r"targeting\.locations is required"):
        await to_targeting_spec(make_rt(), "1", Targeting(interests=["Gardening"]))


async def test_unknown_interest_names_field_value_and_near_matches() -> None:
    with pytest.raises(InputError) as err:
        await to_targeting_spec(make_rt(), "1", Targeting(locations=["US"], interests=["Gardenning"]))
    text = str(err.value)
    assert "targeting.interests" in text and "'Gardenning'" in text and "Gardening (918530398158)" in text


async def test_unknown_location_names_field() -> None:
    with pytest.raises(InputError, match=r"targeting\.locations: unknown location 'Atlantis'"):
        await to_targeting_spec(make_rt(), "1", Targeting(locations=["Atlantis"]))


async def test_regions_and_postal_codes_do_not_mix() -> None:
    with pytest.raises(InputError, match="region codes or postal codes"):
        await to_targeting_spec(make_rt(), "1", Targeting(locations=["US-CA", "US-94107"]))


def test_model_rejects_bad_shapes() -> None:
    with pytest.raises(ValidationError):
        Targeting(locations=["US"], age={"min": 40, "max": 30})
    with pytest.raises(ValidationError):
        Targeting(locations=["US"], devices=["toaster"])
    with pytest.raises(ValidationError):
        Targeting(locations=["US"], colour="blue")


@pytest.mark.parametrize("raw", ["\x1f", " \x1c\x1d ", "garden\x00beds", "x" * 121])
def test_keywords_that_trim_to_nothing_or_hold_control_characters_are_refused(raw):
    """U+001C..U+001F are spaces to ``str.strip`` but not to pydantic's trim: such a keyword used to
    pass validation and reach Pinterest as an empty value."""
    with pytest.raises(ValidationError) as err:
        Targeting(locations=["US"], keywords=[raw])
    assert "keyword" in str(err.value)


def test_a_keyword_is_sent_trimmed_exactly_as_validated():
    assert Targeting(locations=["US"], keywords=["  raised beds "]).keywords == ["raised beds"]
