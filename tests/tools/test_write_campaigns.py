"""create_campaign / boost_pin / confirm_action end to end, asserted at the emulator.

Every count of writes comes from the emulator's request log and every status from its store,
never from what the server says it did. Every exchange is validated against the official spec.
"""

from __future__ import annotations

import math

import pytest

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT, Bench, client, launch_args


@pytest.fixture
def bench(tmp_path, contract) -> Bench:
    b = Bench(tmp_path / "state", contract)
    yield b
    assert b.violations() == [], "\n".join(b.violations())


@pytest.fixture(params=["legacy", "auto"])
def mode(request) -> str:
    return request.param


def text(result) -> str:
    return " ".join(getattr(c, "text", "") for c in result.content)


async def call(server, name, args, *, mode="legacy", elicit=None, approve=True):
    async with client(server, mode, elicit, approve) as c:
        return await c.call_tool(name, args)


# -- confirmation modes ----------------------------------------------------------------------------
async def test_no_elicitation_in_auto_mode_returns_confirmation_id_and_sends_nothing(bench, mode):
    result = await call(bench.server(), "create_campaign", launch_args(2), mode=mode)
    assert not result.is_error, text(result)
    out = result.structured_content
    assert out["status"] == "confirmation_required"
    assert len(out["confirmation_id"]) >= 32  # 256 random bits, urlsafe
    assert out["summary"]["max_daily_spend"] == {"amount": "20.00", "currency": "USD"}
    assert bench.writes() == []


async def test_elicit_mode_without_elicitation_is_refused(bench, mode):
    result = await call(bench.server(ads_confirmation="elicit"), "create_campaign", launch_args(1), mode=mode)
    assert result.is_error
    assert "elicitation" in text(result) and "Nothing was sent" in text(result)
    assert bench.writes() == []


@pytest.mark.parametrize("answer,approve", [("decline", True), ("cancel", True), ("accept", False)])
async def test_declined_or_cancelled_elicitation_sends_nothing(bench, mode, answer, approve):
    result = await call(bench.server(), "create_campaign", launch_args(2), mode=mode, elicit=answer, approve=approve)
    assert result.structured_content["status"] == "declined", text(result)
    assert bench.writes() == []


async def test_accepted_elicitation_launches_with_minimum_writes(bench, mode):
    result = await call(bench.server(), "create_campaign", launch_args(2), mode=mode, elicit="accept")
    out = result.structured_content
    assert out["status"] == "done", text(result)
    writes = [(w.method, w.path.rsplit("/", 1)[-1]) for w in bench.writes()]
    assert writes == [("POST", "campaigns"), ("POST", "ad_groups"), ("POST", "ads"), ("PATCH", "campaigns")]
    created = out["created"]
    for key in ("campaign", "ad_group", "ad:0", "ad:1"):
        kind = {"campaign": "campaigns", "ad_group": "ad_groups"}.get(key, "ads")
        assert bench.entity(kind, created[key])["status"] == "ACTIVE"
    # created PAUSED first: the emulator's status history shows it
    assert bench.emulator.store.status_log[created["campaign"]][0][1] == "PAUSED"


async def test_token_mode_confirm_twice_and_after_restart_creates_nothing_twice(bench):
    first_server = bench.server(ads_confirmation="token")
    result = await call(first_server, "create_campaign", launch_args(1), elicit="accept")  # token mode ignores it
    token = result.structured_content["confirmation_id"]
    assert result.structured_content["status"] == "confirmation_required" and bench.writes() == []
    done = await call(first_server, "confirm_action", {"confirmation_id": token})
    assert done.structured_content["status"] == "done", text(done)
    count = len(bench.writes())
    again = await call(first_server, "confirm_action", {"confirmation_id": token})
    assert again.structured_content["repeated"] is True
    assert again.structured_content["created"] == done.structured_content["created"]
    restarted = bench.server(ads_confirmation="token")  # same state dir, new process state
    after = await call(restarted, "confirm_action", {"confirmation_id": token})
    assert after.structured_content["created"] == done.structured_content["created"]
    assert len(bench.writes()) == count
    campaigns = [c for c in bench.emulator.store.campaigns.values() if c["name"] == "Spring launch"]
    assert len(campaigns) == 1


async def test_forged_and_expired_ids_are_refused(bench):
    server = bench.server()
    forged = await call(server, "confirm_action", {"confirmation_id": "x" * 43})
    assert forged.is_error and "not recognised" in text(forged)
    result = await call(server, "create_campaign", launch_args(1))
    bench.clock.now += 16 * 60
    expired = await call(server, "confirm_action", {"confirmation_id": result.structured_content["confirmation_id"]})
    assert expired.is_error and "expired" in text(expired)
    assert bench.writes() == []


async def test_tampered_stored_plan_is_refused(bench):
    import sqlite3

    server = bench.server()
    result = await call(server, "create_campaign", launch_args(1, amount="5"))
    db = sqlite3.connect(str(bench.state_dir / "pinterest-ads-state.sqlite3"))
    db.execute("UPDATE actions SET plan = replace(plan, '5000000', '9000000')")
    db.commit()
    db.close()
    refused = await call(server, "confirm_action", {"confirmation_id": result.structured_content["confirmation_id"]})
    assert refused.is_error and "no longer matches" in text(refused)
    assert bench.writes() == []


# -- policy ------------------------------------------------------------------------------------------
async def test_over_cap_plan_is_refused_naming_the_cap_and_sends_nothing(bench, mode):
    server = bench.server(ads_max_daily_budget="50", ads_max_lifetime_budget="500")
    result = await call(server, "create_campaign", launch_args(1, amount="75"), mode=mode, elicit="accept")
    assert result.is_error
    assert "PINTEREST_ADS_MAX_DAILY_BUDGET=50.00 USD" in text(result) and "75.00 USD" in text(result)
    result = await call(server, "boost_pin", {"ad_account_id": ACCOUNT, "pin_id": seed.RAISED_BED_PIN_ID,
                                              "goal": "awareness", "budget": {"amount": "600", "period": "lifetime"},
                                              "schedule": {"end": "2099-01-31"}}, mode=mode, elicit="accept")
    assert result.is_error and "MAX_LIFETIME_BUDGET" in text(result)
    assert bench.writes() == []


async def test_cap_lowered_before_confirmation_is_enforced_at_confirm(bench):
    result = await call(bench.server(), "create_campaign", launch_args(1, amount="75"))
    token = result.structured_content["confirmation_id"]
    stricter = bench.server(ads_max_daily_budget="50")
    refused = await call(stricter, "confirm_action", {"confirmation_id": token})
    assert refused.is_error and "cap" in text(refused)
    assert bench.writes() == []


async def test_allow_list_and_read_only(bench, mode):
    server = bench.server(ads_allowed_accounts=[seed.EUR_ACCOUNT_ID])
    result = await call(server, "create_campaign", launch_args(1), mode=mode, elicit="accept")
    assert result.is_error and "PINTEREST_ADS_ALLOWED_ACCOUNTS" in text(result)
    async with client(bench.server(ads_read_only=True), mode) as c:
        names = {t.name for t in (await c.list_tools()).tools}
    assert not names & {"create_campaign", "boost_pin", "update_status", "update_budget", "confirm_action"}
    assert "get_action_log" in names
    assert bench.writes() == []


# -- failures ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [400, 500])
async def test_mid_plan_failure_archives_what_was_created_and_lists_every_step(bench, status):
    bench.emulator.faults.add("status", status=status, method="POST", path=r"/ads$", times=1)
    result = await call(bench.server(), "create_campaign", launch_args(2), elicit="accept")
    out = result.structured_content
    assert out["status"] == "failed", text(result)
    steps = {s["step"]: s["status"] for s in out["steps"]}
    assert steps["create_campaign"] == "ok" and steps["create_ad_group"] == "ok"
    assert steps["create_ads_1"] in ("failed", "unknown")
    assert steps["activate_campaign"] == "not_sent"
    assert steps["rollback_campaigns"] == "ok" and steps["rollback_ad_groups"] == "ok"
    assert bench.entity("campaigns", out["created"]["campaign"])["status"] == "ARCHIVED"
    assert bench.entity("ad_groups", out["created"]["ad_group"])["status"] == "ARCHIVED"
    assert not any(s == "ACTIVE" for i, s in bench.statuses().items() if i in out["created"].values())
    assert len([w for w in bench.writes() if w.method == "POST" and w.path.endswith("/ads")]) == 1  # not retried


@pytest.mark.parametrize("target", [r"/campaigns$", r"/ad_groups$", r"/ads$"])
async def test_unknown_outcome_is_looked_up_not_repeated(bench, target):
    bench.emulator.faults.add("drop_after", method="POST", path=target, times=1)
    result = await call(bench.server(), "create_campaign", launch_args(2), elicit="accept")
    out = result.structured_content
    assert out["status"] == "done", text(result)
    noted = [s for s in out["steps"] if s["note"]]
    assert len(noted) == 1 and "looked it up" in noted[0]["note"] and "not sent again" in noted[0]["note"]
    posts = [w for w in bench.writes() if w.method == "POST"]
    assert len(posts) == 3  # campaign, ad group, ads: each exactly once
    store = bench.emulator.store
    assert len([c for c in store.campaigns.values() if c["name"] == "Spring launch"]) == 1
    assert len([a for a in store.ads.values() if a["ad_group_id"] == out["created"]["ad_group"]]) == 2


async def test_unknown_outcome_not_applied_stops_and_reports(bench):
    # a 503 on the ad group create: not applied, answer unknown to the client -> lookup finds nothing
    bench.emulator.faults.add("status", status=503, method="POST", path=r"/ad_groups$", times=5)
    result = await call(bench.server(), "create_campaign", launch_args(1), elicit="accept")
    out = result.structured_content
    assert out["status"] == "failed"
    step = next(s for s in out["steps"] if s["step"] == "create_ad_group")
    assert step["status"] == "unknown" and "not sent again" in step["note"]
    assert bench.entity("campaigns", out["created"]["campaign"])["status"] == "ARCHIVED"
    assert len([w for w in bench.writes() if w.path.endswith("/ad_groups") and w.method == "POST"]) == 1


# -- request counts ----------------------------------------------------------------------------------
@pytest.mark.parametrize("n_ads", [0, 1, 30, 31, 65])
async def test_requests_per_launch_are_the_minimum(bench, n_ads):
    result = await call(bench.server(), "create_campaign", launch_args(n_ads), elicit="accept")
    assert result.structured_content["status"] == "done", text(result)
    batches = math.ceil(n_ads / 30)
    expected = 1 + 1 + batches + 1  # campaign, ad group, one ads batch per 30 ads, one activation
    assert len(bench.writes()) == expected
    COUNTS[n_ads] = (len(bench.writes()), len(bench.emulator.log))


COUNTS: dict[int, tuple[int, int]] = {}


# -- boost_pin ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("pin,goal,reason", [
    (seed.NO_LINK_PIN_ID, "traffic", "needs a destination link"),
    (seed.RAISED_BED_PIN_ID, "video_views", "needs a video pin"),
])
async def test_boost_refuses_unpromotable_pins(bench, pin, goal, reason):
    result = await call(bench.server(), "boost_pin", {"ad_account_id": ACCOUNT, "pin_id": pin, "goal": goal,
                                                      "budget": {"amount": "10", "period": "daily"}}, elicit="accept")
    assert result.is_error and reason in text(result)
    assert bench.writes() == []


async def test_boost_video_pin_for_video_views(bench, mode):
    result = await call(bench.server(), "boost_pin", {"ad_account_id": ACCOUNT, "pin_id": seed.VIDEO_PIN_ID,
                                                      "goal": "video_views",
                                                      "budget": {"amount": "10", "period": "daily"}},
                        mode=mode, elicit="accept")
    out = result.structured_content
    assert out["status"] == "done", text(result)
    group = bench.entity("ad_groups", out["created"]["ad_group"])
    assert group["budget_in_micro_currency"] == 10_000_000 and group["billable_event"] == "VIDEO_V_50_MRC"
    assert bench.entity("ads", out["created"]["ad:0"])["creative_type"] == "VIDEO"


async def test_boost_paused_still_needs_confirmation(bench):
    result = await call(bench.server(), "boost_pin", {"ad_account_id": ACCOUNT, "pin_id": seed.RAISED_BED_PIN_ID,
                                                      "goal": "traffic", "activate": False,
                                                      "budget": {"amount": "10", "period": "daily"}})
    assert result.structured_content["status"] == "confirmation_required"
    assert bench.writes() == []


async def test_paused_launch_runs_at_once_and_is_audited(bench):
    server = bench.server()
    result = await call(server, "create_campaign", launch_args(1, activate=False))
    out = result.structured_content
    assert out["status"] == "done" and out["spend_affecting"] is False
    assert {bench.entity("campaigns", out["created"]["campaign"])["status"]} == {"PAUSED"}
    log = await call(server, "get_action_log", {"limit": 20})
    events = [e["event"] for e in log.structured_content["entries"]]
    assert {"plan", "decision", "write", "result"} <= set(events)
    assert "confirmation_id" not in str(log.structured_content).replace('"confirmation_id": null', "")


async def test_an_interrupted_confirmation_is_never_rerun_and_says_what_was_sent(bench, monkeypatch):
    from pinterest_ads_mcp.pinterest.client import PinterestClient

    server = bench.server(ads_confirmation="token")
    token = (await call(server, "create_campaign", launch_args(1))).structured_content["confirmation_id"]

    async def crash(*args, **kwargs):  # the process dies between two steps
        raise RuntimeError("server stopped")

    monkeypatch.setattr(PinterestClient, "create_ads", crash)
    crashed = await call(server, "confirm_action", {"confirmation_id": token})
    assert crashed.is_error and "server stopped" not in text(crashed)  # internals stay in the log
    monkeypatch.undo()
    posts_before = len([w for w in bench.writes() if w.method == "POST"])

    restarted = bench.server(ads_confirmation="token")
    refused = await call(restarted, "confirm_action", {"confirmation_id": token})
    message = text(refused)
    assert refused.is_error and "already being carried out" in message
    campaign_id = next(c for c in bench.emulator.store.campaigns.values() if c["name"] == "Spring launch")["id"]
    assert f"create_campaign: {campaign_id}" in message and "create_ad_group: " in message
    assert len([w for w in bench.writes() if w.method == "POST"]) == posts_before  # nothing re-run
