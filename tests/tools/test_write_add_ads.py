"""add_ads through MCP against the emulator: from a pin and from an image URL; ACTIVE needs a person."""

from __future__ import annotations

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT, client

DELIVERING = str(int(seed.AWARENESS_CAMPAIGN_ID) * 10 + 1)  # ACTIVE ad group in a CBO campaign (50 USD/day)
VIDEO_GROUP = str(int(seed.VIDEO_CAMPAIGN_ID) * 10 + 1)


async def call(server, args, *, mode="legacy", elicit=None):
    async with client(server, mode, elicit) as c:
        return await c.call_tool("add_ads", {"ad_account_id": ACCOUNT, **args})


async def test_ads_from_a_pin_and_from_an_image_url(bench):
    garden = bench.emulator.store.boards[seed.GARDEN_BOARD_ID]["name"]
    out = await call(bench.server(), {"ad_group_id": DELIVERING, "ads": [
        {"pin_id": seed.PALLET_TABLE_PIN_ID},
        {"image_url": "https://cdn.example.com/cedar-bed.jpg", "board": garden.upper(), "title": "Cedar bed",
         "description": "Weekend build", "link": "https://shop.example.com/cedar-bed"}]})
    result = out.structured_content
    assert result["status"] == "done" and result["spend_affecting"] is False, result  # PAUSED by default
    pin_id = result["created"]["pin:0"]
    pin = bench.emulator.store.pins[pin_id]
    assert (pin["board_id"], pin["title"], pin["link"]) == (seed.GARDEN_BOARD_ID, "Cedar bed",
                                                            "https://shop.example.com/cedar-bed")
    ads = [bench.entity("ads", result["created"][f"ad:{i}"]) for i in range(2)]
    assert [(a["pin_id"], a["ad_group_id"], a["status"]) for a in ads] == [
        (seed.PALLET_TABLE_PIN_ID, DELIVERING, "PAUSED"), (pin_id, DELIVERING, "PAUSED")]
    assert [w.path.rsplit("/", 1)[-1] for w in bench.writes()] == ["pins", "ads"]


async def test_active_ads_under_a_delivering_ad_group_need_a_yes_and_are_capped(bench):
    args = {"ad_group_id": DELIVERING, "ads": [{"pin_id": seed.HERB_SPIRAL_PIN_ID}], "activate": True}
    capped = await call(bench.server(ads_max_daily_budget=40), args)
    assert capped.is_error and "40.00 USD" in capped.content[0].text and bench.writes() == []
    server = bench.server()
    ask = await call(server, args)
    result = ask.structured_content
    assert result["status"] == "confirmation_required" and bench.writes() == []
    assert result["summary"]["max_daily_spend"] == {"amount": "50.00", "currency": "USD"}
    async with client(server) as c:
        done = await c.call_tool("confirm_action", {"confirmation_id": result["confirmation_id"]})
    assert bench.entity("ads", done.structured_content["created"]["ad:0"])["status"] == "ACTIVE"


async def test_bad_sources_are_refused_before_anything_is_sent(bench):
    server = bench.server()
    out = await call(server, {"ad_group_id": DELIVERING, "ads": [{"image_url": "https://x.example/a.jpg",
                                                                  "board": "No such board", "link": "https://x"}]})
    assert out.is_error and "No such board" in out.content[0].text
    out = await call(server, {"ad_group_id": VIDEO_GROUP, "ads": [{"pin_id": seed.RAISED_BED_PIN_ID}]})
    assert out.is_error and "VIDEO_COMPLETION" in out.content[0].text
    out = await call(server, {"ad_group_id": DELIVERING, "ads": [{"pin_id": seed.RAISED_BED_PIN_ID,
                                                                  "image_url": "https://x.example/a.jpg"}]})
    assert out.is_error and "exactly one of pin_id or image_url" in out.content[0].text
    assert bench.writes() == []
