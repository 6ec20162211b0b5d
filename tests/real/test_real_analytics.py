"""Analytics near Pinterest's 90-day boundary: sync requests keep a day of margin."""

from __future__ import annotations

import datetime as dt

from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID

from .support import Rig, ok


async def test_a_start_exactly_90_days_back_is_not_sent_as_a_sync_request(contract, tmp_path):
    rig = Rig(contract, tmp_path)
    today = dt.datetime.now(dt.UTC).date()
    data = ok(await rig.call("get_analytics", {
        "ad_account_id": DEMO_ACCOUNT_ID, "level": "account", "granularity": "TOTAL",
        "start_date": (today - dt.timedelta(days=90)).isoformat(),
        "end_date": (today - dt.timedelta(days=80)).isoformat()}))
    assert data["rows"], data
    assert not [r for r in rig.emulator.log if r.status == 400]
    rig.check_contract()
