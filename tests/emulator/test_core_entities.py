"""Campaigns, ad groups and ads: listing, batch writes, per-item exceptions and Pinterest's rules."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from pinterest_ads_mcp.emulator.seed import (
    ARCHIVED_CAMPAIGN_ID,
    AWARENESS_CAMPAIGN_ID,
    CAROUSEL_PIN_ID,
    CONSIDERATION_CBO_CAMPAIGN_ID,
    CONVERSION_CAMPAIGN_ID,
    DEMO_ACCOUNT_ID,
    EUR_ACCOUNT_ID,
    IMAGE_PIN_ID,
    NO_LINK_PIN_ID,
    TRAFFIC_CAMPAIGN_ID,
    VIDEO_CAMPAIGN_ID,
    VIDEO_PIN_ID,
)
from tests.emulator.core_helpers import FROZEN, assert_error, assert_valid, make_app, make_client

ACCOUNT = f"/ad_accounts/{DEMO_ACCOUNT_ID}"
DAY = 86_400


@pytest.fixture
def app() -> Any:
    return make_app()


@pytest.fixture
def emulator(app: Any) -> Any:
    return app.state.emulator


@pytest.fixture
async def api(app: Any, validating_transport: Any):
    """A client whose every exchange (request and response) is checked against the spec."""
    async with make_client(app, transport=validating_transport(httpx2.ASGITransport(app=app))) as client:
        yield client


@pytest.fixture
async def raw(app: Any):
    """A client for deliberately malformed requests (responses are checked with assert_valid)."""
    async with make_client(app) as client:
        yield client


def campaign(**fields: Any) -> dict[str, Any]:
    body = {"ad_account_id": DEMO_ACCOUNT_ID, "name": "Test campaign", "objective_type": "CONSIDERATION"}
    body.update(fields)
    return body


def ad_group(campaign_id: str, **fields: Any) -> dict[str, Any]:
    body = {
        "campaign_id": campaign_id,
        "name": "Test ad group",
        "billable_event": "CLICKTHROUGH",
        "budget_in_micro_currency": 10_000_000,
        "bid_in_micro_currency": 500_000,
        "targeting_spec": {"LOCATION": ["US"]},
    }
    body.update(fields)
    return {key: value for key, value in body.items() if value is not None}  # None = leave the field out


async def create(client: httpx2.AsyncClient, kind: str, *items: dict[str, Any]) -> list[dict[str, Any]]:
    response = await client.post(f"{ACCOUNT}/{kind}", json=list(items))
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def new_campaign(client: httpx2.AsyncClient, **fields: Any) -> dict[str, Any]:
    (item,) = await create(client, "campaigns", campaign(**fields))
    assert item["exceptions"] == [], item
    return item["data"]


async def new_ad_group(client: httpx2.AsyncClient, campaign_id: str, **fields: Any) -> dict[str, Any]:
    (item,) = await create(client, "ad_groups", ad_group(campaign_id, **fields))
    assert item["exceptions"] == [], item
    return item["data"]


# -- listing ------------------------------------------------------------------------------------------
async def test_list_pages_with_bookmarks_until_null(api, emulator):
    for index in range(7):
        await new_campaign(api, name=f"Bulk {index}")
    seen: list[str] = []
    bookmark = None
    pages = 0
    while True:
        params: dict[str, Any] = {"page_size": 3}
        if bookmark:
            params["bookmark"] = bookmark
        body = (await api.get(f"{ACCOUNT}/campaigns", params=params)).json()
        pages += 1
        seen += [item["id"] for item in body["items"]]
        bookmark = body["bookmark"]
        if bookmark is None:
            break
    expected = sorted(
        (
            c["id"]
            for c in emulator.store.campaigns.values()
            if c["ad_account_id"] == DEMO_ACCOUNT_ID and c["status"] in ("ACTIVE", "PAUSED")
        ),
        key=int,
    )
    assert seen == expected and len(seen) == 12 and pages == 4


async def test_order_descending_and_default_statuses_hide_archived(api):
    body = (await api.get(f"{ACCOUNT}/campaigns", params={"order": "DESCENDING"})).json()
    ids = [item["id"] for item in body["items"]]
    assert ids == sorted(ids, key=int, reverse=True)
    assert ARCHIVED_CAMPAIGN_ID not in ids
    archived = (await api.get(f"{ACCOUNT}/campaigns", params={"entity_statuses": "ARCHIVED"})).json()
    assert [item["id"] for item in archived["items"]] == [ARCHIVED_CAMPAIGN_ID]


async def test_id_filters_accept_repeated_and_comma_separated(api, raw):
    repeated = await api.get(
        f"{ACCOUNT}/campaigns",
        params=[("campaign_ids", AWARENESS_CAMPAIGN_ID), ("campaign_ids", VIDEO_CAMPAIGN_ID)],
    )
    comma = await raw.get(
        f"{ACCOUNT}/campaigns", params={"campaign_ids": f"{AWARENESS_CAMPAIGN_ID},{VIDEO_CAMPAIGN_ID}"}
    )
    assert {c["id"] for c in repeated.json()["items"]} == {AWARENESS_CAMPAIGN_ID, VIDEO_CAMPAIGN_ID}
    assert repeated.json()["items"] == comma.json()["items"]


@pytest.mark.parametrize(
    ("path", "params", "words"),
    [
        ("campaigns", {"campaign_ids": ",".join(str(i) for i in range(1, 252))}, ["campaign_ids", "250"]),
        ("campaigns", {"page_size": "251"}, ["page_size"]),
        ("campaigns", {"bookmark": "not-a-bookmark"}, ["bookmark"]),
        ("campaigns", {"entity_statuses": "RUNNING"}, ["entity_statuses"]),
        (
            "ad_groups",
            {"campaign_ids": AWARENESS_CAMPAIGN_ID, "ad_group_ids": "1"},
            ["campaign_ids", "ad_group_ids"],
        ),
        ("ads", {"campaign_ids": AWARENESS_CAMPAIGN_ID, "ad_ids": "1"}, ["only one"]),
    ],
)
async def test_bad_list_parameters_are_400(raw, contract, path, params, words):
    response = await raw.get(f"{ACCOUNT}/{path}", params=params)
    assert_error(response, 400, *words)
    assert_valid(contract, response)


async def test_bookmark_from_another_listing_is_refused(api, raw):
    first = (await api.get(f"{ACCOUNT}/campaigns", params={"page_size": 1})).json()
    response = await raw.get(f"{ACCOUNT}/ads", params={"page_size": 1, "bookmark": first["bookmark"]})
    assert_error(response, 400, "bookmark")


async def test_ad_groups_and_ads_filter_by_parent(api):
    groups = (await api.get(f"{ACCOUNT}/ad_groups", params={"campaign_ids": TRAFFIC_CAMPAIGN_ID})).json()[
        "items"
    ]
    assert len(groups) == 2 and {g["campaign_id"] for g in groups} == {TRAFFIC_CAMPAIGN_ID}
    ads = (await api.get(f"{ACCOUNT}/ads", params={"ad_group_ids": groups[0]["id"]})).json()["items"]
    assert ads and {a["ad_group_id"] for a in ads} == {groups[0]["id"]}
    named = (
        await api.get(
            f"{ACCOUNT}/ad_groups",
            params={"campaign_ids": TRAFFIC_CAMPAIGN_ID, "translate_interests_to_names": "true"},
        )
    ).json()
    assert named["items"][0]["targeting_spec"]["INTEREST"] == ["DIY projects"]


async def test_get_one_and_not_found(api, raw, contract):
    got = await api.get(f"{ACCOUNT}/campaigns/{AWARENESS_CAMPAIGN_ID}")
    assert got.json()["type"] == "campaign" and got.json()["summary_status"] == "RUNNING"
    missing = await raw.get(f"{ACCOUNT}/campaigns/123")
    assert_error(missing, 404, "not found")
    other_account = await raw.get(f"/ad_accounts/{EUR_ACCOUNT_ID}/campaigns/{AWARENESS_CAMPAIGN_ID}")
    assert_error(other_account, 404)
    unknown_account = await raw.get("/ad_accounts/999/campaigns")
    assert unknown_account.json() == {"code": 2, "message": "AdAccount not found."}
    assert_valid(contract, unknown_account)


# -- create: shapes ---------------------------------------------------------------------------------
async def test_campaign_create_answers_items_with_exception_lists(api):
    ok, bad = await create(
        api,
        "campaigns",
        campaign(name="Fine", daily_spend_cap=5_000_000),
        campaign(name="Both caps", daily_spend_cap=5_000_000, lifetime_spend_cap=9_000_000),
    )
    assert ok["exceptions"] == [] and ok["data"]["name"] == "Fine"
    assert ok["data"]["type"] == "campaign" and ok["data"]["created_time"] == FROZEN
    assert "data" not in bad and isinstance(bad["exceptions"], list)
    assert "cannot be set together" in bad["exceptions"][0]["message"]


async def test_ads_answer_a_single_exception_object(api):
    group = await new_ad_group(
        api,
        AWARENESS_CAMPAIGN_ID,
        billable_event="IMPRESSION",
        budget_in_micro_currency=None,
        bid_in_micro_currency=1_000_000,
    )
    ok, bad = await create(
        api,
        "ads",
        {"ad_group_id": group["id"], "creative_type": "REGULAR", "pin_id": IMAGE_PIN_ID},
        {"ad_group_id": group["id"], "creative_type": "VIDEO", "pin_id": IMAGE_PIN_ID},
    )
    assert ok["data"]["type"] == "ad" and ok["data"]["campaign_id"] == AWARENESS_CAMPAIGN_ID
    assert "exceptions" not in ok
    assert isinstance(bad["exceptions"], dict) and "creative_type" in bad["exceptions"]["message"]


@pytest.mark.parametrize(
    ("kind", "body", "words"),
    [
        ("campaigns", {"not": "an array"}, ["array"]),
        ("campaigns", [], ["between 1 and 30"]),
        ("campaigns", [campaign(name=f"c{i}") for i in range(31)], ["between 1 and 30"]),
        ("campaigns", [campaign(daily_spend_cap="5")], ["daily_spend_cap", "integer"]),
        ("campaigns", [campaign(objective_type="SALES")], ["objective_type", "SALES"]),
        ("campaigns", [campaign(ad_account_id=EUR_ACCOUNT_ID)], ["ad_account_id", "path"]),
        ("campaigns", [{"ad_account_id": DEMO_ACCOUNT_ID, "name": "x"}], ["objective_type"]),
        ("campaigns", [campaign(daily_spend_cap=True)], ["daily_spend_cap"]),
        ("ad_groups", [ad_group("12x")], ["campaign_id"]),
        ("ad_groups", [ad_group(AWARENESS_CAMPAIGN_ID, billable_event="CPC")], ["billable_event"]),
        ("ads", [{"ad_group_id": "1", "creative_type": "REGULAR", "pin_id": "abc"}], ["pin_id"]),
        (
            "ad_groups",
            [ad_group(TRAFFIC_CAMPAIGN_ID, targeting_spec={"LOCATION": ["US"], "GENDER": ["robot"]})],
            ["targeting_spec.GENDER", "robot"],
        ),
        (
            "ad_groups",
            [ad_group(TRAFFIC_CAMPAIGN_ID, targeting_spec={"LOCATION": "US"})],
            ["LOCATION", "array"],
        ),
    ],
)
async def test_malformed_bodies_fail_whole_request(raw, contract, emulator, kind, body, words):
    before = len(emulator.store.campaigns) + len(emulator.store.ad_groups) + len(emulator.store.ads)
    response = await raw.post(f"{ACCOUNT}/{kind}", json=body)
    assert_error(response, 400, *words)
    assert_valid(contract, response)
    assert len(emulator.store.campaigns) + len(emulator.store.ad_groups) + len(emulator.store.ads) == before


async def test_update_id_must_be_numeric(raw):
    response = await raw.patch(f"{ACCOUNT}/campaigns", json=[{"id": "C-1", "ad_account_id": DEMO_ACCOUNT_ID}])
    assert_error(response, 400, "id")


# -- campaign rules -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"daily_spend_cap": 1_000_000, "lifetime_spend_cap": 2_000_000}, "cannot be set together"),
        (
            {"objective_type": "AWARENESS", "is_campaign_budget_optimization": True},
            "needs a lifetime_spend_cap",
        ),
        ({"start_time": FROZEN + 10 * DAY, "end_time": FROZEN + 5 * DAY}, "after its start_time"),
        ({"start_time": FROZEN - 10 * DAY, "end_time": FROZEN - DAY}, "in the future"),
        (
            {
                "objective_type": "VIDEO_COMPLETION",
                "is_campaign_budget_optimization": True,
                "daily_spend_cap": 1,
            },
            "not available",
        ),
        ({"daily_spend_cap": 0}, "positive"),
    ],
)
async def test_campaign_rules_fail_the_item(api, fields, words):
    (item,) = await create(api, "campaigns", campaign(**fields))
    assert "data" not in item and words in item["exceptions"][0]["message"]


async def test_cbo_campaign_with_cap_and_defaults(api, emulator):
    data = await new_campaign(
        api,
        objective_type="AWARENESS",
        is_campaign_budget_optimization=True,
        lifetime_spend_cap=100_000_000,
        end_time=FROZEN + 30 * DAY,
    )
    assert data["status"] == "ACTIVE" and data["start_time"] == FROZEN and data["summary_status"] == "RUNNING"
    assert data["is_performance_plus"] is False and data["bid_options"] is None
    assert emulator.store.status_log[data["id"]] == [(FROZEN, "ACTIVE")]


async def test_future_campaign_is_not_started(api):
    data = await new_campaign(api, start_time=FROZEN + DAY, status="PAUSED")
    assert data["summary_status"] == "PAUSED"
    data = await new_campaign(api, start_time=FROZEN + DAY)
    assert data["summary_status"] == "NOT_STARTED"


# -- ad group rules -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("campaign_id", "fields", "words"),
    [
        ("999999", {}, "not found"),
        (ARCHIVED_CAMPAIGN_ID, {}, "ARCHIVED"),
        (TRAFFIC_CAMPAIGN_ID, {"budget_in_micro_currency": None}, "budget_in_micro_currency is required"),
        (CONSIDERATION_CBO_CAMPAIGN_ID, {}, "cannot have their own budget"),
        (
            CONSIDERATION_CBO_CAMPAIGN_ID,
            {"budget_in_micro_currency": None, "budget_type": "DAILY"},
            "CBO_ADGROUP",
        ),
        (TRAFFIC_CAMPAIGN_ID, {"budget_type": "LIFETIME"}, "requires end_time"),
        (TRAFFIC_CAMPAIGN_ID, {"bid_in_micro_currency": None}, "bid_in_micro_currency is required"),
        (
            AWARENESS_CAMPAIGN_ID,
            {"budget_in_micro_currency": None, "billable_event": "IMPRESSION", "bid_in_micro_currency": None},
            "bid_in_micro_currency is required",
        ),
        (TRAFFIC_CAMPAIGN_ID, {"billable_event": "IMPRESSION"}, "not valid for a CONSIDERATION"),
        (VIDEO_CAMPAIGN_ID, {"billable_event": "CLICKTHROUGH"}, "VIDEO_V_50_MRC"),
        (CONVERSION_CAMPAIGN_ID, {"budget_in_micro_currency": None}, "optimization_goal_metadata"),
        (TRAFFIC_CAMPAIGN_ID, {"targeting_spec": {"GENDER": ["female"]}}, "LOCATION or GEO"),
        (TRAFFIC_CAMPAIGN_ID, {"start_time": FROZEN + DAY, "end_time": FROZEN}, "after its start_time"),
        (
            CONSIDERATION_CBO_CAMPAIGN_ID,
            {"budget_in_micro_currency": None, "end_time": FROZEN + 90 * DAY},
            "after its campaign's end_time",
        ),
        (TRAFFIC_CAMPAIGN_ID, {"lifetime_frequency_cap": 5}, "IMPRESSION"),
    ],
)
async def test_ad_group_rules_fail_the_item(api, campaign_id, fields, words):
    (item,) = await create(api, "ad_groups", ad_group(campaign_id, **fields))
    assert "data" not in item and words in item["exceptions"][0]["message"], item


async def test_unknown_targeting_key_fails_the_item(raw):
    body = [ad_group(TRAFFIC_CAMPAIGN_ID, targeting_spec={"LOCATION": ["US"], "KEYWORD": ["garden"]})]
    (item,) = (await raw.post(f"{ACCOUNT}/ad_groups", json=body)).json()["items"]
    assert "Keywords are separate entities" in item["exceptions"][0]["message"]


async def test_ad_group_in_cbo_campaign_gets_cbo_budget_type(api):
    group = await new_ad_group(api, CONSIDERATION_CBO_CAMPAIGN_ID, budget_in_micro_currency=None)
    assert group["budget_type"] == "CBO_ADGROUP" and group["budget_in_micro_currency"] is None
    assert group["type"] == "adgroup" and group["ad_account_id"] == DEMO_ACCOUNT_ID


async def test_cbo_campaign_holds_at_most_70_ad_groups(api):
    cbo = await new_campaign(api, is_campaign_budget_optimization=True, daily_spend_cap=50_000_000)
    body = [ad_group(cbo["id"], budget_in_micro_currency=None, name=f"g{i}") for i in range(30)]
    for _ in range(2):
        items = (await api.post(f"{ACCOUNT}/ad_groups", json=body)).json()["items"]
        assert all(item["exceptions"] == [] for item in items)
    items = (await api.post(f"{ACCOUNT}/ad_groups", json=body[:11])).json()["items"]
    assert [bool(item["exceptions"]) for item in items] == [False] * 10 + [True]
    assert "at most 70" in items[-1]["exceptions"][0]["message"]


async def test_batch_applies_good_items_and_reports_bad_ones(api, emulator):
    before = len(emulator.store.ad_groups)
    items = await create(
        api, "ad_groups", ad_group(TRAFFIC_CAMPAIGN_ID), ad_group("999"), ad_group(TRAFFIC_CAMPAIGN_ID)
    )
    assert [("data" in item) for item in items] == [True, False, True]
    assert items[1]["exceptions"][0]["code"] == 2
    assert len(emulator.store.ad_groups) == before + 2


# -- ad rules -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pin_id", "creative", "extra", "words"),
    [
        (IMAGE_PIN_ID, "VIDEO", {}, "does not match"),
        (VIDEO_PIN_ID, "REGULAR", {}, "does not match"),
        (CAROUSEL_PIN_ID, "REGULAR", {}, "CAROUSEL"),
        (NO_LINK_PIN_ID, "REGULAR", {}, "destination_url is required"),
        ("123456", "REGULAR", {}, "not found"),
    ],
)
async def test_ad_rules_fail_the_item(api, pin_id, creative, extra, words):
    group = await new_ad_group(api, TRAFFIC_CAMPAIGN_ID)
    (item,) = await create(
        api, "ads", {"ad_group_id": group["id"], "creative_type": creative, "pin_id": pin_id, **extra}
    )
    assert "data" not in item and words in item["exceptions"]["message"]


async def test_ads_matching_their_pins_are_created(api, emulator):
    group = await new_ad_group(api, TRAFFIC_CAMPAIGN_ID)
    items = await create(
        api,
        "ads",
        {"ad_group_id": group["id"], "creative_type": "CAROUSEL", "pin_id": CAROUSEL_PIN_ID},
        {"ad_group_id": f"AG{group['id']}", "creative_type": "MAX_VIDEO", "pin_id": VIDEO_PIN_ID},
        {
            "ad_group_id": group["id"],
            "creative_type": "REGULAR",
            "pin_id": NO_LINK_PIN_ID,
            "destination_url": "https://example.com/wall",
        },
    )
    assert all("data" in item for item in items), items
    assert items[2]["data"]["grid_click_type"] == "DIRECT_TO_DESTINATION"
    (missing,) = await create(
        api, "ads", {"ad_group_id": "42", "creative_type": "REGULAR", "pin_id": IMAGE_PIN_ID}
    )
    assert missing["exceptions"]["code"] == 2


async def test_video_completion_needs_video_creative(api):
    group = await new_ad_group(
        api, VIDEO_CAMPAIGN_ID, billable_event="VIDEO_V_50_MRC", bid_in_micro_currency=None
    )
    (item,) = await create(
        api, "ads", {"ad_group_id": group["id"], "creative_type": "REGULAR", "pin_id": IMAGE_PIN_ID}
    )
    assert "VIDEO_COMPLETION" in item["exceptions"]["message"]


# -- updates and status history ----------------------------------------------------------------------
async def test_partial_update_and_status_history(api, emulator):
    clock = {"now": FROZEN}
    emulator.store.clock = lambda: clock["now"]
    data = await new_campaign(api, daily_spend_cap=5_000_000)
    clock["now"] += 3600
    response = await api.patch(
        f"{ACCOUNT}/campaigns",
        json=[{"id": data["id"], "ad_account_id": DEMO_ACCOUNT_ID, "status": "PAUSED"}],
    )
    (item,) = response.json()["items"]
    assert item["data"]["status"] == "PAUSED" and item["data"]["summary_status"] == "PAUSED"
    assert item["data"]["daily_spend_cap"] == 5_000_000 and item["data"]["name"] == "Test campaign"
    assert item["data"]["updated_time"] == FROZEN + 3600
    clock["now"] += 3600
    await api.patch(
        f"{ACCOUNT}/campaigns",
        json=[{"id": data["id"], "ad_account_id": DEMO_ACCOUNT_ID, "status": "ARCHIVED"}],
    )
    assert emulator.store.status_log[data["id"]] == [
        (FROZEN, "ACTIVE"),
        (FROZEN + 3600, "PAUSED"),
        (FROZEN + 7200, "ARCHIVED"),
    ]
    response = await api.patch(
        f"{ACCOUNT}/campaigns",
        json=[{"id": data["id"], "ad_account_id": DEMO_ACCOUNT_ID, "status": "ACTIVE"}],
    )
    assert "can no longer be changed" in response.json()["items"][0]["exceptions"][0]["message"]


async def test_update_rules(api):
    group = await new_ad_group(api, TRAFFIC_CAMPAIGN_ID)
    cases = [
        ({"id": group["id"], "billable_event": "IMPRESSION"}, "only be changed while the ad group is DRAFT"),
        ({"id": group["id"], "budget_type": "LIFETIME"}, "DRAFT"),
        ({"id": group["id"], "status": "DRAFT"}, "DRAFT"),
        ({"id": "77"}, "not found"),
    ]
    for body, words in cases:
        (item,) = (await api.patch(f"{ACCOUNT}/ad_groups", json=[body])).json()["items"]
        assert words in item["exceptions"][0]["message"], item
    (item,) = (
        await api.patch(f"{ACCOUNT}/ad_groups", json=[{"id": group["id"], "budget_in_micro_currency": 7}])
    ).json()["items"]
    assert item["data"]["budget_in_micro_currency"] == 7 and item["data"]["bid_in_micro_currency"] == 500_000
    (item,) = (
        await api.patch(
            f"{ACCOUNT}/campaigns",
            json=[
                {"id": TRAFFIC_CAMPAIGN_ID, "ad_account_id": DEMO_ACCOUNT_ID, "objective_type": "AWARENESS"}
            ],
        )
    ).json()["items"]
    assert "DRAFT" in item["exceptions"][0]["message"]


async def test_ad_update_pin_only_in_draft(api):
    ads = (await api.get(f"{ACCOUNT}/ads", params={"campaign_ids": AWARENESS_CAMPAIGN_ID})).json()["items"]
    (item,) = (await api.patch(f"{ACCOUNT}/ads", json=[{"id": ads[0]["id"], "pin_id": VIDEO_PIN_ID}])).json()[
        "items"
    ]
    assert "DRAFT" in item["exceptions"]["message"]
    (item,) = (await api.patch(f"{ACCOUNT}/ads", json=[{"id": ads[0]["id"], "status": "PAUSED"}])).json()[
        "items"
    ]
    assert item["data"]["summary_status"] == "PAUSED"


async def test_switching_cbo_moves_budgets(api, emulator):
    data = await new_campaign(api)
    group = await new_ad_group(api, data["id"])
    base = {"id": data["id"], "ad_account_id": DEMO_ACCOUNT_ID}
    (item,) = (
        await api.patch(f"{ACCOUNT}/campaigns", json=[{**base, "is_campaign_budget_optimization": True}])
    ).json()["items"]
    assert "needs a lifetime_spend_cap" in item["exceptions"][0]["message"]
    await api.patch(
        f"{ACCOUNT}/campaigns",
        json=[{**base, "is_campaign_budget_optimization": True, "daily_spend_cap": 30_000_000}],
    )
    stored = emulator.store.ad_groups[group["id"]]
    assert stored["budget_in_micro_currency"] is None and stored["budget_type"] == "CBO_ADGROUP"
    (item,) = (
        await api.patch(f"{ACCOUNT}/campaigns", json=[{**base, "is_campaign_budget_optimization": False}])
    ).json()["items"]
    assert "default_ad_group_budget_in_micro_currency" in item["exceptions"][0]["message"]
    await api.patch(
        f"{ACCOUNT}/campaigns",
        json=[
            {
                **base,
                "is_campaign_budget_optimization": False,
                "default_ad_group_budget_in_micro_currency": 4_000_000,
            }
        ],
    )
    assert stored["budget_in_micro_currency"] == 4_000_000 and stored["budget_type"] == "DAILY"


async def test_summary_status_follows_the_clock(api, emulator):
    data = await new_campaign(api, end_time=FROZEN + DAY)
    emulator.store.clock = lambda: FROZEN + 2 * DAY
    got = (await api.get(f"{ACCOUNT}/campaigns/{data['id']}")).json()
    assert got["summary_status"] == "COMPLETED"
