"""The one spend decision and the state store, without a server."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pinterest_ads_mcp.guards.plan import Plan, Snapshot, Summary, Write, ref
from pinterest_ads_mcp.guards.policy import PolicyViolation, SpendPolicy, check_plan
from pinterest_ads_mcp.guards.spend import decide
from pinterest_ads_mcp.guards.store import StateStore


def plan(*writes: Write, before: list[Snapshot] | None = None, tool: str = "update_status") -> Plan:
    return Plan(tool=tool, ad_account_id="1", currency="USD", writes=list(writes), before=before or [],
                summary=Summary(action="test"))


def update(entity: str, **fields) -> Write:
    return Write(key="w", op="update", entity=entity, items=[{"id": "7", **fields}])


SNAP = Snapshot(entity="campaign", id="7", status="PAUSED", daily_spend_cap=20_000_000, end_time=1000)


@pytest.mark.parametrize("write,affecting", [
    (update("campaign", status="PAUSED"), False),
    (update("campaign", status="ARCHIVED"), False),
    (update("campaign", status="ACTIVE"), True),
    (update("campaign", daily_spend_cap=10_000_000), False),
    (update("campaign", daily_spend_cap=30_000_000), True),
    (update("campaign", end_time=2000), True),
    (update("campaign", end_time=500), False),
    (update("campaign", name="x"), False),
    (update("campaign", bid_options={"x": 1}), True),  # unknown fields fail safe
    (Write(key="c", op="create", entity="campaign", items=[{"name": "a"}], names=["campaign"]), True),
    (Write(key="c", op="create", entity="campaign", items=[{"name": "a", "status": "PAUSED"}], names=["campaign"]),
     False),
    (Write(key="a", op="update", entity="campaign", items=[{"id": ref("campaign"), "status": "ACTIVE"}]), True),
    # keywords have no status or budget: their create cannot start spend by itself
    (Write(key="k", op="create", entity="keyword", names=["keyword:0"],
           items=[{"parent_id": ref("ad_group"), "value": "compost", "match_type": "BROAD"}]), False),
])
def test_decide(write, affecting):
    assert decide(plan(write, before=[SNAP])).affecting is affecting


def test_boost_always_confirms():
    assert decide(plan(tool="boost_pin")).affecting


def test_caps_and_read_only():
    policy = SpendPolicy(max_daily_budget=Decimal(25))
    with pytest.raises(PolicyViolation, match="25.00 USD"):
        check_plan(policy, plan(update("campaign", daily_spend_cap=30_000_000), before=[SNAP]))
    check_plan(policy, plan(update("campaign", daily_spend_cap=20_000_000), before=[SNAP]))
    with pytest.raises(PolicyViolation, match="READ_ONLY"):
        check_plan(SpendPolicy(read_only=True), plan(update("campaign", status="PAUSED")))
    hot = Snapshot(entity="campaign", id="7", status="PAUSED", daily_spend_cap=90_000_000)
    with pytest.raises(PolicyViolation, match="above the operator's cap"):
        check_plan(policy, plan(update("campaign", status="ACTIVE"), before=[hot]))


def test_store_single_use_expiry_and_no_plain_ids(tmp_path):
    now = [1000.0]
    store = StateStore.in_dir(tmp_path, clock=lambda: now[0], ttl_s=60)
    p = plan(update("campaign", status="ACTIVE"), before=[SNAP])
    store.record("secret-token", p, "pending", expires=True)
    assert store.claim("secret-token").outcome == "claimed"
    assert store.claim("secret-token").outcome == "executing"
    store.finish("secret-token", "done", {"status": "done"})
    assert store.claim("secret-token").result == {"status": "done"}
    store.record("other", p, "pending", expires=True)
    now[0] += 61
    assert store.claim("other").outcome == "expired"
    assert b"secret-token" not in (tmp_path / "pinterest-ads-state.sqlite3").read_bytes()
