"""Sandbox mode is coherent: tokens traded and renewed at the sandbox host, and tools that need a
feature the sandbox lacks (async reports, pin search, video pins, Business Access) say so."""

from __future__ import annotations

import datetime as dt

from pinterest_ads_mcp.emulator.seed import (
    DEMO_ACCOUNT_ID,
    RAISED_BED_PIN_ID,
    SHARED_ACCOUNT_ID,
    VIDEO_PIN_ID,
)
from pinterest_ads_mcp.pinterest.hosts import SANDBOX_URL
from pinterest_ads_mcp.server.auth_cmd import endpoints
from pinterest_ads_mcp.server.settings import Settings

from .support import TOKEN, Rig, error_text, ok

SANDBOX = {"env": "sandbox", "api_base_url": "http://api-sandbox.test/v5", "access_token": TOKEN,
           "ads_confirmation": "token"}


def test_auth_trades_the_code_where_the_token_is_later_renewed(tmp_path):
    ends = endpoints(Settings(_env_file=None, env="sandbox", ads_state_dir=tmp_path))
    assert ends.api_url == SANDBOX_URL
    assert ends.token_url == f"{SANDBOX_URL}/oauth/token"  # the client refreshes at base_url + /oauth/token
    production = endpoints(Settings(_env_file=None, env="production", ads_state_dir=tmp_path))
    assert production.token_url == "https://api.pinterest.com/v5/oauth/token"


async def test_sandbox_tools_say_what_the_sandbox_lacks(contract, tmp_path):
    rig = Rig(contract, tmp_path, token=TOKEN, sandbox=True, settings=SANDBOX)
    today = dt.datetime.now(dt.UTC).date()
    old = await rig.call("get_analytics", {"ad_account_id": DEMO_ACCOUNT_ID, "level": "account",
                                           "start_date": (today - dt.timedelta(days=200)).isoformat(),
                                           "end_date": (today - dt.timedelta(days=150)).isoformat()})
    assert old.is_error and "no asynchronous reports" in error_text(old)
    recent = ok(await rig.call("get_analytics", {"ad_account_id": DEMO_ACCOUNT_ID, "level": "account",
                                                 "start_date": (today - dt.timedelta(days=30)).isoformat(),
                                                 "end_date": (today - dt.timedelta(days=1)).isoformat()}))
    assert recent["rows"]
    found = ok(await rig.call("list_pins", {"query": "raised garden"}))
    assert [p["id"] for p in found["pins"]] == [RAISED_BED_PIN_ID] and "no pin search" in found["notes"][0]
    shared = ok(await rig.call("list_pins", {"ad_account_id": SHARED_ACCOUNT_ID}))
    assert any("Business Access" in n for n in shared["notes"])
    video = await rig.call("boost_pin", {"ad_account_id": DEMO_ACCOUNT_ID, "pin_id": VIDEO_PIN_ID,
                                         "goal": "video_views", "budget": {"amount": "10", "period": "daily"}})
    assert video.is_error and "sandbox cannot promote video pins" in error_text(video)
    assert not [r for r in rig.emulator.log if "/reports" in r.path or "/search/" in r.path]
    assert not [r for r in rig.emulator.log if r.query.get("ad_account_id")]
    assert not rig.emulator.writes()
    rig.check_contract()


def test_the_emulator_command_serves_a_trial_app_or_the_sandbox_and_documents_what_it_reproduces(monkeypatch):
    from pinterest_ads_mcp.emulator import app as emulator_app
    from pinterest_ads_mcp.server import cli

    served = {}
    monkeypatch.setattr(emulator_app, "serve", lambda **kw: served.update(kw))
    assert cli.main(["emulator", "--port", "18899", "--tier", "trial", "--sandbox"]) == 0
    assert served["tier"] == "trial" and served["sandbox"] is True and served["port"] == 18899
    text = cli._parser()._subparsers._group_actions[0].choices["emulator"].format_help()
    for words in ("entities_labels", "Retry after N seconds", "X-RateLimit-Reset", "code 3", "read_secret",
                  "IDEA", "secret boards", "Business Access", "1509", "USD", "AUTOMATIC_BID", "--sandbox"):
        assert words in text, words
