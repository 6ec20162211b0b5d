"""User account, ad accounts, boards, pins and pin search, all checked against the spec."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from pinterest_ads_mcp.emulator.seed import (
    BEST_PIN_ID,
    CAROUSEL_PIN_ID,
    DEMO_ACCOUNT_ID,
    DEMO_USERNAME,
    EUR_ACCOUNT_ID,
    GARDEN_BOARD_ID,
    IDEA_PIN_ID,
    NO_LINK_PIN_ID,
    PIN_IDS,
    SHARED_ACCOUNT_ID,
    UNPROMOTABLE_PIN_IDS,
    VIDEO_PIN_ID,
)
from pinterest_ads_mcp.emulator.seed_health import HEALTH_ACCOUNT_ID
from tests.emulator.core_helpers import assert_error, assert_valid, make_app, make_client

# The demo user's own pins: the promotable demo set, plus a secret-board pin, a repin and an Idea pin.
OWN_PIN_IDS = {*PIN_IDS, *UNPROMOTABLE_PIN_IDS, IDEA_PIN_ID}


@pytest.fixture
def app() -> Any:
    return make_app()


@pytest.fixture
async def api(app: Any, validating_transport: Any):
    async with make_client(app, transport=validating_transport(httpx2.ASGITransport(app=app))) as client:
        yield client


async def test_user_account(api):
    body = (await api.get("/user_account")).json()
    assert body["username"] == DEMO_USERNAME and body["account_type"] == "BUSINESS"
    assert body["pin_count"] == len(OWN_PIN_IDS) and body["board_count"] == 4


async def test_ad_accounts_page_and_shared_filter(api):
    first = (await api.get("/ad_accounts", params={"page_size": 1})).json()
    second = (await api.get("/ad_accounts", params={"page_size": 1, "bookmark": first["bookmark"]})).json()
    rest = (await api.get("/ad_accounts", params={"page_size": 5, "bookmark": second["bookmark"]})).json()
    assert [a["id"] for a in first["items"] + second["items"] + rest["items"]] == [
        DEMO_ACCOUNT_ID,
        EUR_ACCOUNT_ID,
        HEALTH_ACCOUNT_ID,
        SHARED_ACCOUNT_ID,
    ]
    assert rest["bookmark"] is None
    usd, eur = first["items"][0], second["items"][0]
    assert (usd["currency"], usd["name"]) == ("USD", "Demo Home & Garden (USD)")
    assert (eur["currency"], eur["name"]) == ("EUR", "Demo Boutique (EUR)")
    assert usd["permissions"] == ["OWNER"] and usd["owner"]["username"] == DEMO_USERNAME
    own = (await api.get("/ad_accounts", params={"include_shared_accounts": "false"})).json()
    assert [a["id"] for a in own["items"]] == [DEMO_ACCOUNT_ID]


async def test_ad_account_get_and_404(api, app, contract):
    assert (await api.get(f"/ad_accounts/{EUR_ACCOUNT_ID}")).json()["currency"] == "EUR"
    async with make_client(app) as raw:
        missing = await raw.get("/ad_accounts/1234")
    assert missing.json() == {"code": 2, "message": "AdAccount not found."}
    assert_valid(contract, missing)


async def test_boards_and_board_pins(api):
    boards = (await api.get("/boards")).json()["items"]
    assert len(boards) == 4 and all(b["pin_count"] >= 1 for b in boards)
    board = (await api.get(f"/boards/{GARDEN_BOARD_ID}")).json()
    assert board["name"] == "Spring Garden Ideas" and board["media"]["pin_thumbnail_urls"]
    pins = (await api.get(f"/boards/{GARDEN_BOARD_ID}/pins")).json()["items"]
    assert {p["board_id"] for p in pins} == {GARDEN_BOARD_ID} and VIDEO_PIN_ID in {p["id"] for p in pins}
    videos = (await api.get(f"/boards/{GARDEN_BOARD_ID}/pins", params={"creative_types": "VIDEO"})).json()[
        "items"
    ]
    assert [p["id"] for p in videos] == [VIDEO_PIN_ID]


async def test_pins_cover_every_media_type(api):
    pins = {p["id"]: p for p in (await api.get("/pins", params={"page_size": 250})).json()["items"]}
    assert set(pins) == OWN_PIN_IDS
    assert pins[VIDEO_PIN_ID]["media"]["media_type"] == "video"
    assert pins[CAROUSEL_PIN_ID]["media"]["media_type"] == "multiple_images"
    assert pins[CAROUSEL_PIN_ID]["creative_type"] == "CAROUSEL"
    assert pins[NO_LINK_PIN_ID]["link"] is None
    assert all(p["pin_metrics"] is None for p in pins.values())


async def test_pin_metrics_are_deterministic_and_rank_a_best_pin(api, app):
    async def impressions(client: httpx2.AsyncClient) -> dict[str, int]:
        pins = (await client.get("/pins", params={"pin_metrics": "true", "page_size": 250})).json()["items"]
        return {p["id"]: p["pin_metrics"]["90d"]["impression"] for p in pins}

    first = await impressions(api)
    async with make_client(make_app()) as other:
        assert await impressions(other) == first
    assert max(first, key=first.get) == BEST_PIN_ID
    one = (await api.get(f"/pins/{BEST_PIN_ID}", params={"pin_metrics": "true"})).json()
    assert set(one["pin_metrics"]) == {"90d", "lifetime_metrics"}
    assert {"impression", "save", "pin_click", "outbound_click"} <= set(one["pin_metrics"]["90d"])


async def test_pins_page_with_bookmark(api):
    first = (await api.get("/pins", params={"page_size": 6})).json()
    rest = (await api.get("/pins", params={"page_size": 6, "bookmark": first["bookmark"]})).json()
    assert len(first["items"]) == 6 and len(rest["items"]) == len(OWN_PIN_IDS) - 6 and rest["bookmark"] is None


async def test_search_pins(api, app):
    found = (await api.get("/search/pins", params={"query": "Garden bed"})).json()["items"]
    assert [p["id"] for p in found] == [BEST_PIN_ID]
    async with make_client(app) as raw:
        assert_error(await raw.get("/search/pins"), 400, "query")


@pytest.mark.parametrize("path", ["/pins/999", "/boards/999", "/boards/999/pins"])
async def test_unknown_pin_or_board_is_404(app, contract, path):
    async with make_client(app) as raw:
        response = await raw.get(path)
    assert_error(response, 404, "not found")
    assert_valid(contract, response)
