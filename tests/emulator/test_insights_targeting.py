"""Targeting option resources and audience sizing: shapes, validation messages, monotonicity."""

from __future__ import annotations

import itertools
from typing import Any

import httpx2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pinterest_ads_mcp.emulator import targeting_data as td
from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID, EUR_ACCOUNT_ID, SEED_INTERESTS
from tests.emulator.core_helpers import assert_error, assert_valid, make_client
from tests.emulator.test_insights_analytics import insights_app

SIZING = f"/ad_accounts/{DEMO_ACCOUNT_ID}/ad_groups/audience_sizing"


@pytest.fixture
async def client() -> Any:
    async with make_client(insights_app()) as c:
        yield c


async def size(
    client: httpx2.AsyncClient, contract: Any, body: dict[str, Any], path: str = SIZING
) -> tuple[int, int]:
    response = await client.post(path, json=body)
    assert_valid(contract, response)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["audience_size_lower_bound"] <= data["audience_size_upper_bound"]
    return data["audience_size_lower_bound"], data["audience_size_upper_bound"]


@pytest.mark.parametrize("targeting_type", td.TARGETING_TYPES)
async def test_every_targeting_type_answers_code_to_name_objects(
    client: httpx2.AsyncClient, contract: Any, targeting_type: str
) -> None:
    response = await client.get(
        f"/resources/targeting/{targeting_type}", params={"ad_account_id": DEMO_ACCOUNT_ID}
    )
    assert_valid(contract, response)
    body = response.json()
    assert isinstance(body, list)
    for options in body:
        assert options and all(isinstance(k, str) and isinstance(v, str) for k, v in options.items())


async def test_tables_hold_what_the_seed_uses(client: httpx2.AsyncClient) -> None:
    interests = (await client.get("/resources/targeting/INTEREST")).json()[0]
    assert {k: interests[k] for k in SEED_INTERESTS} == SEED_INTERESTS
    assert len(interests) >= 40
    locations = (await client.get("/resources/targeting/LOCATION")).json()[0]
    assert locations["US"] == "United States" and locations["807"] == "U.S.: San Francisco-Oakland-San Jose"
    assert {"CA", "GB", "DE", "FR", "AU", "501"} <= set(locations)
    assert "en-US" in (await client.get("/resources/targeting/LOCALE")).json()[0]
    assert "BE-VOV" in (await client.get("/resources/targeting/GEO")).json()[0]


async def test_closed_tables_are_the_specs_enums(client: httpx2.AsyncClient, contract: Any) -> None:
    schemas = contract.spec["components"]["schemas"]
    for targeting_type, schema in (
        ("AGE_BUCKET", "TargetingSpecAgeBucket"),
        ("APPTYPE", "TargetingSpecAppType"),
        ("GENDER", "TargetingSpecGender"),
    ):
        table = (await client.get(f"/resources/targeting/{targeting_type}")).json()[0]
        assert sorted(table) == sorted(schemas[schema]["enum"]), targeting_type


async def test_unknown_targeting_type_is_400(client: httpx2.AsyncClient, contract: Any) -> None:
    response = await client.get("/resources/targeting/HOROSCOPE")
    assert_valid(contract, response)
    assert_error(response, 400, "HOROSCOPE")


async def test_interest_details(client: httpx2.AsyncClient, contract: Any) -> None:
    response = await client.get("/resources/targeting/interests/924581335376")
    assert_valid(contract, response)
    body = response.json()
    assert body["name"] == "Home decor" and body["level"] == 1 and body["child_interests"]
    child = (await client.get(f"/resources/targeting/interests/{body['child_interests'][0]}")).json()
    assert child["level"] == 2
    missing = await client.get("/resources/targeting/interests/123")
    assert_valid(contract, missing)
    assert_error(missing, 404, "interest")


async def test_sizing_narrows_step_by_step(client: httpx2.AsyncClient, contract: Any) -> None:
    steps: list[dict[str, Any]] = [
        {"targeting_spec": {"LOCATION": ["US", "CA"]}},
        {"targeting_spec": {"LOCATION": ["US"]}},
        {"targeting_spec": {"LOCATION": ["US"], "GENDER": ["female", "unknown"]}},
        {
            "targeting_spec": {
                "LOCATION": ["US"],
                "GENDER": ["female"],
                "MINIMUM_AGE": "25",
                "MAXIMUM_AGE": "54",
            }
        },
        {
            "targeting_spec": {
                "LOCATION": ["US"],
                "GENDER": ["female"],
                "MINIMUM_AGE": "25",
                "MAXIMUM_AGE": "44",
                "INTEREST": ["924581335376", "918530398158"],
            }
        },
        {
            "targeting_spec": {
                "LOCATION": ["US"],
                "GENDER": ["female"],
                "MINIMUM_AGE": "25",
                "MAXIMUM_AGE": "44",
                "INTEREST": ["918530398158"],
            }
        },
        {
            "targeting_spec": {
                "LOCATION": ["US"],
                "GENDER": ["female"],
                "MINIMUM_AGE": "25",
                "MAXIMUM_AGE": "44",
                "INTEREST": ["918530398158"],
            },
            "auto_targeting_enabled": False,
        },
        {
            "targeting_spec": {
                "LOCATION": ["807"],
                "GENDER": ["female"],
                "MINIMUM_AGE": "25",
                "MAXIMUM_AGE": "44",
                "INTEREST": ["918530398158"],
                "APPTYPE": ["iphone"],
            },
            "auto_targeting_enabled": False,
            "placement_group": "SEARCH",
            "keywords": [{"match_type": "EXACT", "value": "raised garden bed"}],
        },
    ]
    bounds = [await size(client, contract, body) for body in steps]
    assert all(a[0] >= b[0] and a[1] >= b[1] for a, b in itertools.pairwise(bounds)), bounds
    assert bounds[0][0] > bounds[-1][1] > 0


async def test_sizing_defaults_to_the_account_country_and_is_deterministic(
    client: httpx2.AsyncClient, contract: Any
) -> None:
    demo = await size(client, contract, {})
    eur = await size(client, contract, {}, path=f"/ad_accounts/{EUR_ACCOUNT_ID}/ad_groups/audience_sizing")
    assert demo == await size(client, contract, {"targeting_spec": {"LOCATION": ["US"]}})
    assert eur == await size(client, contract, {"targeting_spec": {"LOCATION": ["FR"]}})
    assert demo == await size(client, contract, {})


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"targeting_spec": {"LOCATION": ["US"], "INTEREST": ["123456"]}}, "123456"),
        ({"targeting_spec": {"LOCATION": ["ZZ"]}}, "ZZ"),
        ({"targeting_spec": {"GEO": ["US-XX1"]}}, "US-XX1"),
        ({"targeting_spec": {"GEO": ["US-CA", "US-94107"]}}, "GEO"),
        ({"targeting_spec": {"LOCATION": ["US"], "GENDER": ["robot"]}}, "robot"),
        ({"targeting_spec": {"LOCATION": ["US"], "APPTYPE": ["fridge"]}}, "fridge"),
        ({"targeting_spec": {"LOCATION": ["US"], "LOCALE": ["xx-YY"]}}, "xx-YY"),
        ({"targeting_spec": {"LOCATION": ["US"], "AGE_BUCKET": ["12-17"]}}, "12-17"),
        ({"targeting_spec": {"LOCATION": ["US"], "MINIMUM_AGE": "18"}}, "MAXIMUM_AGE"),
        ({"targeting_spec": {"LOCATION": ["US"], "MINIMUM_AGE": "40", "MAXIMUM_AGE": "30"}}, "MINIMUM_AGE"),
        ({"targeting_spec": {"LOCATION": ["US"], "MINIMUM_AGE": "65+", "MAXIMUM_AGE": "65+"}}, "MINIMUM_AGE"),
        ({"targeting_spec": {"LOCATION": ["US"], "MINIMUM_AGE": "18", "MAXIMUM_AGE": "70"}}, "MAXIMUM_AGE"),
        (
            {
                "targeting_spec": {
                    "LOCATION": ["US"],
                    "AGE_BUCKET": ["25-34"],
                    "MINIMUM_AGE": "18",
                    "MAXIMUM_AGE": "30",
                }
            },
            "AGE_BUCKET",
        ),
        ({"targeting_spec": {"LOCATION": ["US"], "HOBBY": ["x"]}}, "HOBBY"),
        ({"targeting_spec": {"LOCATION": "US"}}, "LOCATION"),
        ({"keywords": [{"match_type": "FUZZY", "value": "garden"}]}, "FUZZY"),
        ({"keywords": [{"match_type": "BROAD", "value": "x" * 121}]}, "keyword value"),
        ({"placement_group": "FEED"}, "placement_group"),
        ({"creative_types": ["HOLOGRAM"]}, "HOLOGRAM"),
        ({"auto_targeting_enabled": "yes"}, "auto_targeting_enabled"),
    ],
)
async def test_sizing_errors_name_the_bad_value(
    client: httpx2.AsyncClient, contract: Any, body: dict[str, Any], named: str
) -> None:
    response = await client.post(SIZING, json=body)
    assert_valid(contract, response)
    assert_error(response, 400, named)


# ------------------------------------------------------------------------------------------
# Property: a spec whose audience is a subset of another's never sizes larger. Interests and
# keywords are one "topics" union (either matches), so narrowing them means taking subsets, or
# adding topics to a spec that had none.
LIST_KEYS: dict[str, list[str]] = {
    "LOCATION": [*td.COUNTRIES, *td.METROS],
    "GENDER": list(td.GENDERS),
    "APPTYPE": list(td.APPTYPES),
    "LOCALE": list(td.LOCALES),
    "AGE_BUCKET": list(td.AGE_BUCKETS),
}
KEYWORDS = ["planter", "raised bed", "macrame", "cushion", "herbs"]


@st.composite
def subset_or_new(draw: st.DrawFn, values: list[str], chosen: list[str] | None) -> list[str] | None:
    if chosen:
        return draw(st.lists(st.sampled_from(chosen), min_size=1, max_size=len(chosen), unique=True))
    return draw(st.none() | st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True))


@st.composite
def broad_and_narrow(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    broad: dict[str, Any] = {}
    narrow: dict[str, Any] = {}
    for key, values in LIST_KEYS.items():
        chosen = draw(st.none() | st.lists(st.sampled_from(values), min_size=1, max_size=5, unique=True))
        if key == "LOCATION" and chosen is None:
            chosen = ["US"]  # no LOCATION = the account's country; keep both sides comparable
        narrowed = draw(subset_or_new(values, chosen))
        if chosen:
            broad[key] = chosen
        if narrowed:
            narrow[key] = narrowed
    interests = draw(st.lists(st.sampled_from(list(td.INTERESTS)), max_size=4, unique=True))
    keywords = draw(st.lists(st.sampled_from(KEYWORDS), max_size=3, unique=True))
    if interests or keywords:
        narrow_interests = (
            draw(st.lists(st.sampled_from(interests), max_size=len(interests), unique=True))
            if interests
            else []
        )
        narrow_keywords = (
            draw(st.lists(st.sampled_from(keywords), max_size=len(keywords), unique=True)) if keywords else []
        )
        if not narrow_interests and not narrow_keywords:
            narrow_interests, narrow_keywords = interests, keywords
    else:
        narrow_interests = draw(st.lists(st.sampled_from(list(td.INTERESTS)), max_size=3, unique=True))
        narrow_keywords = draw(st.lists(st.sampled_from(KEYWORDS), max_size=2, unique=True))
    if interests:
        broad["INTEREST"] = interests
    if narrow_interests:
        narrow["INTEREST"] = narrow_interests
    broad_auto = draw(st.booleans())
    return (
        {"spec": broad, "auto": broad_auto, "placement": "ALL", "keywords": keywords},
        {
            "spec": narrow,
            "auto": broad_auto and draw(st.booleans()),
            "placement": draw(st.sampled_from(list(td.PLACEMENT_SHARE))),
            "keywords": narrow_keywords,
            "negative": draw(st.booleans()),
        },
    )


def _bounds(case: dict[str, Any]) -> tuple[int, int]:
    keywords = [td.Keyword("BROAD", k) for k in case["keywords"]]
    if case.get("negative"):
        keywords.append(td.Keyword("EXACT_NEGATIVE", "cheap"))
    spec = td.validate_spec(case["spec"])
    reach = td.estimate_reach(
        spec,
        auto_targeting=case["auto"],
        placement=case["placement"],
        creative_types=None,
        keywords=keywords,
        default_country="US",
    )
    return td.audience_bounds(reach)


@settings(max_examples=200, deadline=None)
@given(broad_and_narrow())
def test_narrower_targeting_never_sizes_larger(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    broad, narrow = pair
    b, n = _bounds(broad), _bounds(narrow)
    assert n[0] <= b[0] and n[1] <= b[1], (broad, narrow, b, n)
