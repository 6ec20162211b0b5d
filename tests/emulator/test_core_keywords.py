"""Keywords: create per parent with per-keyword errors, list with filters and bookmarks, archive."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID, EUR_ACCOUNT_ID, TRAFFIC_CAMPAIGN_ID
from tests.emulator.core_helpers import assert_error, make_app, make_client

KEYWORDS = f"/ad_accounts/{DEMO_ACCOUNT_ID}/keywords"
ALL_TYPES = ["BROAD", "PHRASE", "EXACT", "EXACT_NEGATIVE", "PHRASE_NEGATIVE"]


@pytest.fixture
def app() -> Any:
    return make_app()


@pytest.fixture
async def api(app: Any, validating_transport: Any):
    async with make_client(app, transport=validating_transport(httpx2.ASGITransport(app=app))) as client:
        yield client


@pytest.fixture
def group_id(app: Any) -> str:
    store = app.state.emulator.store
    return next(i for i, g in store.ad_groups.items() if store.account_of(g) == DEMO_ACCOUNT_ID)


def kw(value: str, match_type: str) -> dict[str, str]:
    return {"value": value, "match_type": match_type}


async def create(api: httpx2.AsyncClient, parent_id: str, *keywords: dict[str, Any]) -> dict[str, Any]:
    response = await api.post(KEYWORDS, json={"parent_id": parent_id, "keywords": list(keywords)})
    assert response.status_code == 200, response.text
    return response.json()


async def test_ad_groups_take_every_match_type(api, group_id):
    body = await create(api, group_id, *(kw(f"term {t.lower()}", t) for t in ALL_TYPES))
    assert body["errors"] == [] and [k["match_type"] for k in body["keywords"]] == ALL_TYPES
    first = body["keywords"][0]
    assert first["parent_id"] == group_id and first["parent_type"] == "ad_group"
    assert first["archived"] is False and first["type"] == "keyword" and first["bid"] is None
    prefixed = await create(api, f"AG{group_id}", kw("other", "BROAD"))
    assert prefixed["keywords"][0]["parent_id"] == group_id  # the prefix is not part of the id


@pytest.mark.parametrize("parent", [DEMO_ACCOUNT_ID, TRAFFIC_CAMPAIGN_ID, f"C{TRAFFIC_CAMPAIGN_ID}"])
async def test_accounts_and_campaigns_take_only_negative_match_types(api, parent):
    body = await create(api, parent, kw("cheap", "EXACT_NEGATIVE"), kw("garden", "BROAD"))
    assert [k["value"] for k in body["keywords"]] == ["cheap"]
    assert body["keywords"][0]["parent_type"] in ("advertiser", "campaign")
    (error,) = body["errors"]
    assert error["data"]["value"] == "garden" and "only accept excluded" in error["error_messages"][0]


@pytest.mark.parametrize("parent", ["1234567890", "AG1234567890", f"AG{TRAFFIC_CAMPAIGN_ID}"])
async def test_unknown_parent_is_a_per_keyword_error(api, parent):
    body = await create(api, parent, kw("a", "BROAD"), kw("b", "EXACT_NEGATIVE"))
    assert body["keywords"] == [] and len(body["errors"]) == 2
    assert all("parent ID does not exist" in e["error_messages"][0] for e in body["errors"])


async def test_parent_in_another_account_is_unknown(app, api):
    store = app.state.emulator.store
    other = next(i for i, g in store.ad_groups.items() if store.account_of(g) == EUR_ACCOUNT_ID)
    body = await create(api, other, kw("a", "BROAD"))
    assert body["keywords"] == [] and body["errors"]


async def test_duplicates_of_live_keywords_are_refused(api, group_id):
    await create(api, group_id, kw("Compost", "EXACT"))
    body = await create(api, group_id, kw("compost", "EXACT"), kw("compost", "PHRASE"))
    assert [k["match_type"] for k in body["keywords"]] == ["PHRASE"]
    assert "already exists" in body["errors"][0]["error_messages"][0]


@pytest.mark.parametrize(
    "body,word",
    [
        ({"keywords": [kw("a", "BROAD")]}, "parent_id"),
        ({"parent_id": "G123", "keywords": [kw("a", "BROAD")]}, "parent_id"),
        ({"parent_id": "123"}, "keywords"),
        ({"parent_id": "123", "keywords": [{"value": "a"}]}, "match_type"),
        ({"parent_id": "123", "keywords": [kw("a", "FUZZY")]}, "match_type"),
        ({"parent_id": "123", "keywords": [kw("x" * 121, "BROAD")]}, "120"),
    ],
)
async def test_malformed_bodies_are_400_naming_the_field(app, body, word):
    async with make_client(app) as client:
        assert_error(await client.post(KEYWORDS, json=body), 400, word)


async def test_list_filters_by_parent_and_match_type_and_pages(api, group_id):
    await create(api, group_id, *(kw(f"t{i}", "BROAD") for i in range(3)), kw("neg", "EXACT_NEGATIVE"))
    await create(api, TRAFFIC_CAMPAIGN_ID, kw("campaign neg", "PHRASE_NEGATIVE"))
    await create(api, DEMO_ACCOUNT_ID, kw("account neg", "EXACT_NEGATIVE"))

    async def values(**params: Any) -> list[str]:
        return [k["value"] for k in (await api.get(KEYWORDS, params=params)).json()["items"]]

    assert await values() == ["account neg"]  # no filter: the ad account's own keywords
    assert await values(campaign_id=TRAFFIC_CAMPAIGN_ID) == ["campaign neg"]
    assert await values(ad_group_id=group_id) == ["t0", "t1", "t2", "neg"]
    assert await values(ad_group_ids=group_id, match_types="EXACT_NEGATIVE") == ["neg"]
    seen: list[str] = []
    params: dict[str, Any] = {"ad_group_id": group_id, "page_size": 3}
    while True:
        page = (await api.get(KEYWORDS, params=params)).json()
        seen += [k["value"] for k in page["items"]]
        if not page["bookmark"]:
            break
        params["bookmark"] = page["bookmark"]
    assert seen == ["t0", "t1", "t2", "neg"]


async def test_archive_hides_and_restore_shows(api, group_id):
    made = (await create(api, group_id, kw("a", "BROAD"), kw("b", "BROAD")))["keywords"]
    response = await api.patch(KEYWORDS, json={"keywords": [{"id": made[0]["id"], "archived": True},
                                                            {"id": "1234567890", "archived": True}]})
    body = response.json()
    assert body["keywords"][0]["archived"] is True and "not found" in body["errors"][0]["error_messages"][0]
    listed = (await api.get(KEYWORDS, params={"ad_group_id": group_id})).json()["items"]
    assert [k["value"] for k in listed] == ["b"]
    again = await create(api, group_id, kw("a", "BROAD"))  # an archived keyword is no duplicate
    assert again["errors"] == []
    await api.patch(KEYWORDS, json={"keywords": [{"id": made[0]["id"], "archived": False}]})
    listed = (await api.get(KEYWORDS, params={"ad_group_id": group_id})).json()["items"]
    assert sorted(k["value"] for k in listed) == ["a", "a", "b"]


async def test_writes_are_logged_and_charged_as_ads_write(app, api, group_id):
    await create(api, group_id, kw("a", "BROAD"))
    await api.get(KEYWORDS, params={"ad_group_id": group_id})
    post, get = app.state.emulator.log[-2:]
    assert post.is_write and post.category == "ads_write"
    assert not get.is_write and get.category == "ads_read"
