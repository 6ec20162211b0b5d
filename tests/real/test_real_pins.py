"""Pins as a real account has them: search scopes, Idea pins, shared accounts, pins that cannot be promoted."""

from __future__ import annotations

from pinterest_ads_mcp.emulator.config import DEFAULT_SCOPES
from pinterest_ads_mcp.emulator.seed import (
    CLIENT_PIN_ID,
    DEMO_ACCOUNT_ID,
    IDEA_PIN_ID,
    RAISED_BED_PIN_ID,
    REPIN_PIN_ID,
    SECRET_PIN_ID,
    SHARED_ACCOUNT_ID,
)

from .support import TOKEN, Rig, error_text, ok, production

NO_SECRET_SCOPES = "ads:read ads:write pins:read boards:read user_accounts:read"
LAUNCH = {"goal": "awareness", "budget": {"amount": "10.00", "period": "daily"}, "activate": False}


async def test_pin_search_needs_the_secret_scopes_and_falls_back_with_a_note(contract, tmp_path):
    rig = Rig(contract, tmp_path, token=TOKEN, scopes=NO_SECRET_SCOPES, settings=production())
    data = ok(await rig.call("list_pins", {"query": "raised garden"}))
    assert [p["id"] for p in data["pins"]] == [RAISED_BED_PIN_ID]
    assert any("pins:read_secret" in n and "boards:read_secret" in n for n in data["notes"]), data["notes"]
    searches = rig.requests("/search/pins")
    assert [r.status for r in searches] == [401]  # refused by Pinterest, then the fallback listed pins
    rig.check_contract()


async def test_pin_search_with_the_secret_scopes_uses_pinterest_search(contract, tmp_path):
    assert "pins:read_secret" in DEFAULT_SCOPES
    rig = Rig(contract, tmp_path, token=TOKEN, settings=production())
    data = ok(await rig.call("list_pins", {"query": "raised garden"}))
    assert [p["id"] for p in data["pins"]] == [RAISED_BED_PIN_ID] and not data["notes"]
    assert [r.status for r in rig.requests("/search/pins")] == [200]


async def test_an_idea_pin_is_boosted_as_creative_type_idea(contract, tmp_path):
    rig = Rig(contract, tmp_path, settings={"ads_confirmation": "token"})
    pins = {p["id"]: p for p in ok(await rig.call("list_pins", {"limit": 50}))["pins"]}
    assert pins[IDEA_PIN_ID]["creative_type"] == "IDEA"
    args = {"ad_account_id": DEMO_ACCOUNT_ID, "pin_id": IDEA_PIN_ID, **LAUNCH}
    refused = await rig.call("boost_pin", args)
    assert refused.is_error and "destination_url" in error_text(refused) and "Idea" in error_text(refused)
    planned = ok(await rig.call("boost_pin", {**args, "destination_url": "https://demo.example.com/splashback"}))
    done = ok(await rig.call("confirm_action", {"confirmation_id": planned["confirmation_id"]}))
    assert done["status"] == "done", done
    ads = [r for r in rig.requests("/ads", "POST")]
    assert ads and ads[-1].body[0]["creative_type"] == "IDEA" and ads[-1].status == 200
    rig.check_contract()


async def test_a_standard_pin_cannot_be_sent_as_idea(contract, tmp_path):
    rig = Rig(contract, tmp_path)
    result = await rig.call("create_campaign", {
        "ad_account_id": DEMO_ACCOUNT_ID, "name": "Idea mismatch", "objective": "awareness",
        "budget": {"amount": "10", "period": "daily"}, "ad_group": {"targeting": {"locations": ["US"]}},
        "ads": [{"pin_id": RAISED_BED_PIN_ID, "creative_type": "IDEA"}]})
    assert result.is_error and "ads[0].creative_type" in error_text(result)
    assert not rig.emulator.writes()


async def test_a_shared_accounts_pins_are_read_as_its_owner(contract, tmp_path):
    rig = Rig(contract, tmp_path, settings={"ads_confirmation": "token"})
    own = {p["id"] for p in ok(await rig.call("list_pins", {"limit": 50}))["pins"]}
    assert CLIENT_PIN_ID not in own
    rig.emulator.reset_log()
    client = ok(await rig.call("list_pins", {"ad_account_id": SHARED_ACCOUNT_ID}))
    assert [p["id"] for p in client["pins"]] == [CLIENT_PIN_ID]
    assert all(r.query.get("ad_account_id") == [SHARED_ACCOUNT_ID] for r in rig.requests("/v5/pins"))
    planned = ok(await rig.call("boost_pin", {"ad_account_id": SHARED_ACCOUNT_ID, "pin_id": CLIENT_PIN_ID, **LAUNCH}))
    done = ok(await rig.call("confirm_action", {"confirmation_id": planned["confirmation_id"]}))
    assert done["status"] == "done", done
    rig.check_contract()


async def test_repins_and_secret_board_pins_say_why_and_are_refused_before_sending(contract, tmp_path):
    rig = Rig(contract, tmp_path)
    pins = {p["id"]: p for p in ok(await rig.call("list_pins", {"limit": 50}))["pins"]}
    assert pins[REPIN_PIN_ID]["promotable_goals"] == []
    assert "repin" in pins[REPIN_PIN_ID]["not_promotable_because"][0]
    assert pins[SECRET_PIN_ID]["promotable_goals"] == []
    assert "secret board" in pins[SECRET_PIN_ID]["not_promotable_because"][0]
    for pin_id, words in ((REPIN_PIN_ID, "repin"), (SECRET_PIN_ID, "secret board")):
        result = await rig.call("boost_pin", {"ad_account_id": DEMO_ACCOUNT_ID, "pin_id": pin_id, **LAUNCH})
        assert result.is_error and words in error_text(result), error_text(result)
    assert not rig.emulator.writes()
