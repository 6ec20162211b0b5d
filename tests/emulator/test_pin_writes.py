"""The emulator's POST /pins: a PinCreate body makes an image pin on a board; bad bodies are 400s."""

from __future__ import annotations

import httpx2
import pytest

from pinterest_ads_mcp.emulator import seed
from pinterest_ads_mcp.emulator.app import is_write, required_scopes

HEADERS = {"Authorization": "Bearer t"}


@pytest.fixture
def api(emulator_app, validating_transport):
    return httpx2.AsyncClient(transport=validating_transport(httpx2.ASGITransport(app=emulator_app)),
                             base_url="http://emulator.local/v5", headers=HEADERS)


async def test_create_pin_on_a_board(api, emulator_app):
    body = {"board_id": seed.DIY_BOARD_ID, "title": "Shelf", "link": "https://example.com/shelf",
            "media_source": {"source_type": "image_url", "url": "https://example.com/shelf.jpg"}}
    made = await api.post("/pins", json=body)
    assert made.status_code == 201
    pin = made.json()
    assert (pin["board_id"], pin["title"], pin["creative_type"], pin["media"]["media_type"]) == (
        seed.DIY_BOARD_ID, "Shelf", "REGULAR", "image")
    assert (await api.get(f"/pins/{pin['id']}")).json()["link"] == "https://example.com/shelf"
    assert [r.path for r in emulator_app.state.emulator.writes()] == ["/v5/pins"]


@pytest.mark.parametrize("body,words", [
    ({"board_id": "1", "media_source": {"source_type": "image_url", "url": "https://e.com/a.jpg"}}, "Board 1"),
    ({"board_id": seed.DIY_BOARD_ID, "media_source": {"source_type": "video_id", "media_id": "1"}}, "video_id"),
    ({"board_id": seed.DIY_BOARD_ID, "media_source": {"source_type": "image_url", "url": "ftp://e"}}, "http(s)"),
    ({"board_id": seed.DIY_BOARD_ID, "title": "x" * 101,
      "media_source": {"source_type": "image_url", "url": "https://e.com/a.jpg"}}, "title"),
])
async def test_bad_pin_bodies_are_400s(emulator_app, body, words):
    async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=emulator_app), base_url="http://e/v5",
                                 headers=HEADERS) as api:
        answer = await api.post("/pins", json=body)
    assert answer.status_code == 400 and words in answer.json()["message"]


def test_pin_create_is_a_write_that_needs_pins_write():
    assert is_write("POST", "/v5/pins") and not is_write("GET", "/v5/pins")
    assert required_scopes("POST", "/v5/pins") == ("pins:write",)
    assert required_scopes("GET", "/v5/pins") == ("pins:read",)
