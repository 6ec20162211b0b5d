"""The operator's envelope (new daily spend in any 24 hours, largest raise) and confirmation ids
honoured only where the current mode would have issued them. Asserted at the emulator."""

from __future__ import annotations

import json

from pinterest_ads_mcp.emulator import seed
from pinterest_ads_mcp.server.doctor import check_policy
from pinterest_ads_mcp.server.settings import Settings
from tests.guards.harness import ACCOUNT, call, client, launch_args, text


async def test_envelope_refuses_a_launch_beyond_the_new_daily_spend_left_across_restarts(bench):
    first = await call(bench.server(ads_max_new_daily_spend=30), "create_campaign", launch_args(1, amount="20"),
                       elicit="accept")
    assert first.structured_content["status"] == "done", text(first)
    writes = len(bench.writes())
    restarted = bench.server(ads_max_new_daily_spend=30)  # same state dir: the audit store remembers
    second = await call(restarted, "create_campaign", launch_args(1, amount="20"), elicit="accept")
    assert second.is_error
    assert "room left 10.00 USD" in text(second) and "MAX_NEW_DAILY_SPEND" in text(second), text(second)
    assert len(bench.writes()) == writes
    # a launch created PAUSED adds no spend and still runs; one within the room is fine
    paused = await call(restarted, "create_campaign", launch_args(1, amount="20", activate=False))
    assert paused.structured_content["status"] == "done"
    small = await call(restarted, "create_campaign", launch_args(1, amount="10"), elicit="accept")
    assert small.structured_content["status"] == "done", text(small)
    bench.clock.now += 24 * 3600 + 1  # a rolling 24 hours later the room is back
    later = await call(bench.server(ads_max_new_daily_spend=30), "create_campaign", launch_args(1, amount="20"),
                       elicit="accept")
    assert later.structured_content["status"] == "done", text(later)


async def test_envelope_is_checked_again_at_confirm_time(bench):
    server = bench.server(ads_confirmation="token", ads_max_new_daily_spend=30)
    ids = []
    for _ in range(2):  # both fit alone, not together
        out = await call(server, "create_campaign", launch_args(1, amount="20"))
        ids.append(out.structured_content["confirmation_id"])
    done = await call(server, "confirm_action", {"confirmation_id": ids[0]})
    assert done.structured_content["status"] == "done"
    writes = len(bench.writes())
    refused = await call(bench.server(ads_confirmation="token", ads_max_new_daily_spend=30), "confirm_action",
                         {"confirmation_id": ids[1]})
    assert refused.is_error and "room left 10.00 USD" in text(refused), text(refused)
    assert len(bench.writes()) == writes


async def test_envelope_counts_activations_and_budget_raises(bench):
    server = bench.server(ads_max_new_daily_spend=25)
    raise_ = await call(server, "update_budget", {"ad_account_id": ACCOUNT, "level": "campaign",
                                                  "id": seed.AWARENESS_CAMPAIGN_ID, "budget": {"amount": "70"}},
                        elicit="accept")
    assert raise_.structured_content["status"] == "done", text(raise_)  # +20.00 a day
    group = next(g for g in bench.emulator.store.ad_groups.values() if g["campaign_id"] == seed.TRAFFIC_CAMPAIGN_ID)
    group["status"] = "ACTIVE"
    activate = await call(server, "update_status", {"ad_account_id": ACCOUNT, "level": "campaign", "status": "ACTIVE",
                                                    "ids": [seed.TRAFFIC_CAMPAIGN_ID]}, elicit="accept")
    assert activate.is_error and "room left 5.00 USD" in text(activate), text(activate)


async def test_largest_single_raise_is_limited_in_percent(bench):
    server = bench.server(ads_max_increase_pct=50)  # the AWARENESS campaign holds 50.00 a day
    args = {"ad_account_id": ACCOUNT, "level": "campaign", "id": seed.AWARENESS_CAMPAIGN_ID}
    refused = await call(server, "update_budget", {**args, "budget": {"amount": "80"}}, elicit="accept")
    assert refused.is_error and "+60.0%" in text(refused) and "75.00 USD" in text(refused), text(refused)
    assert bench.writes() == []
    ok = await call(server, "update_budget", {**args, "budget": {"amount": "75"}}, elicit="accept")
    assert ok.structured_content["status"] == "done", text(ok)


async def test_envelope_is_shown_in_the_policy_resource_and_doctor(bench):
    server = bench.server(ads_max_new_daily_spend=100, ads_max_increase_pct=25)
    async with client(server) as c:
        doc = json.loads((await c.read_resource("pinterest-ads://policy")).contents[0].text)
    assert doc["max_new_daily_spend"] == "100" and doc["max_increase_pct"] == "25"
    check = check_policy(Settings(_env_file=None, ads_state_dir=bench.state_dir, ads_max_new_daily_spend=100,
                                  ads_max_increase_pct=25))
    assert "new daily spend at most 100" in check.detail and "25%" in check.detail


async def test_token_mode_id_is_refused_after_restart_into_elicit_mode(bench):
    issued = await call(bench.server(ads_confirmation="token"), "create_campaign", launch_args(1))
    token = issued.structured_content["confirmation_id"]
    refused = await call(bench.server(ads_confirmation="elicit"), "confirm_action", {"confirmation_id": token})
    assert refused.is_error and "PINTEREST_ADS_CONFIRMATION=elicit" in text(refused), text(refused)
    assert "issued in token mode" in text(refused)
    assert bench.writes() == []
    # in auto mode a client that can ask the person approves in the prompt, not with an id
    refused = await call(bench.server(ads_confirmation="auto"), "confirm_action", {"confirmation_id": token},
                         elicit="accept")
    assert refused.is_error and "can ask the person" in text(refused), text(refused)
    assert bench.writes() == []
    # where the id would have been issued, it still works (it was not spent by the refusals)
    done = await call(bench.server(ads_confirmation="auto"), "confirm_action", {"confirmation_id": token})
    assert done.structured_content["status"] == "done", text(done)
