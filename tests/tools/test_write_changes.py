"""update_status and update_budget: what runs at once and what needs a person, at the emulator."""

from __future__ import annotations

import pytest

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT, Bench, client


@pytest.fixture
def bench(tmp_path, contract) -> Bench:
    b = Bench(tmp_path / "state", contract)
    yield b
    assert b.violations() == [], "\n".join(b.violations())


async def call(server, name, args, *, mode="legacy", elicit=None):
    async with client(server, mode, elicit) as c:
        return await c.call_tool(name, args)


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_pause_runs_at_once_activation_needs_confirmation(bench, mode):
    server = bench.server()
    paused = await call(server, "update_status", {"ad_account_id": ACCOUNT, "level": "campaign", "status": "PAUSED",
                                                  "ids": [seed.AWARENESS_CAMPAIGN_ID]}, mode=mode)
    assert paused.structured_content["status"] == "done"
    assert bench.entity("campaigns", seed.AWARENESS_CAMPAIGN_ID)["status"] == "PAUSED"
    writes = len(bench.writes())
    ask = await call(server, "update_status", {"ad_account_id": ACCOUNT, "level": "campaign", "status": "ACTIVE",
                                               "ids": [seed.AWARENESS_CAMPAIGN_ID]}, mode=mode)
    assert ask.structured_content["status"] == "confirmation_required"
    assert len(bench.writes()) == writes
    done = await call(server, "confirm_action", {"confirmation_id": ask.structured_content["confirmation_id"]})
    assert done.structured_content["status"] == "done"
    assert bench.entity("campaigns", seed.AWARENESS_CAMPAIGN_ID)["status"] == "ACTIVE"


async def test_status_batches_of_30(bench):
    server = bench.server()
    made = await call(server, "create_campaign", {
        "ad_account_id": ACCOUNT, "name": "Batch", "objective": "awareness",
        "budget": {"amount": "10", "period": "daily"}, "ad_group": {"targeting": {"locations": ["US"]}},
        "ads": [{"pin_id": seed.RAISED_BED_PIN_ID}] * 31})
    ad_ids = [v for k, v in made.structured_content["created"].items() if k.startswith("ad:")]
    bench.emulator.reset_log()
    out = await call(server, "update_status", {"ad_account_id": ACCOUNT, "level": "ad", "status": "ARCHIVED",
                                               "ids": ad_ids})
    assert out.structured_content["status"] == "done"
    assert [len(w.body) for w in bench.writes()] == [30, 1]


async def test_budget_decrease_at_once_increase_needs_person(bench):
    server = bench.server()
    campaign = bench.entity("campaigns", seed.AWARENESS_CAMPAIGN_ID)
    old = campaign["daily_spend_cap"]
    lower = str((old // 1_000_000) - 1)
    down = await call(server, "update_budget", {"ad_account_id": ACCOUNT, "level": "campaign",
                                                "id": seed.AWARENESS_CAMPAIGN_ID, "budget": {"amount": lower}})
    assert down.structured_content["status"] == "done" and down.structured_content["spend_affecting"] is False
    assert campaign["daily_spend_cap"] == int(lower) * 1_000_000
    writes = len(bench.writes())
    for answer in ("decline", "cancel", None):
        up = await call(server, "update_budget", {"ad_account_id": ACCOUNT, "level": "campaign",
                                                  "id": seed.AWARENESS_CAMPAIGN_ID, "budget": {"amount": "999"}},
                        elicit=answer)
        assert up.structured_content["status"] in ("declined", "confirmation_required")
    assert len(bench.writes()) == writes
    up = await call(server, "update_budget", {"ad_account_id": ACCOUNT, "level": "campaign",
                                              "id": seed.AWARENESS_CAMPAIGN_ID, "budget": {"amount": "999"}},
                    elicit="accept", mode="auto")
    assert up.structured_content["status"] == "done"
    assert campaign["daily_spend_cap"] == 999_000_000


async def test_cbo_ad_group_budget_points_to_campaign(bench):
    group = next(g for g in bench.emulator.store.ad_groups.values()
                 if g["campaign_id"] == seed.AWARENESS_CAMPAIGN_ID)
    out = await call(bench.server(), "update_budget", {"ad_account_id": ACCOUNT, "level": "ad_group", "id": group["id"],
                                                       "budget": {"amount": "5"}})
    assert out.is_error and "level=campaign" in out.content[0].text
    assert bench.writes() == []


@pytest.mark.parametrize("amount", [12, 12.5, "12.50"], ids=["json-integer", "json-decimal", "string"])
async def test_a_budget_amount_may_be_a_json_number_or_a_string(bench, amount):
    """The schema offers string or number; an integer is a number, and each is read exactly."""
    server = bench.server()
    campaign = bench.entity("campaigns", seed.AWARENESS_CAMPAIGN_ID)
    assert campaign["daily_spend_cap"] > 13_000_000  # so the change is a decrease and runs at once
    done = await call(server, "update_budget", {"ad_account_id": ACCOUNT, "level": "campaign",
                                                "id": seed.AWARENESS_CAMPAIGN_ID, "budget": {"amount": amount}})
    assert done.structured_content["status"] == "done", done
    assert campaign["daily_spend_cap"] == int(float(amount) * 1_000_000)
