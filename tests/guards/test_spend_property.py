"""The spend-safety property, checked against the emulator's own state and write log.

Hypothesis drives random sequences of calls to every write tool (random arguments, random
confirmation modes, random elicitation answers: accept / decline / cancel / accept-but-no / no
elicitation at all, both protocol generations) plus forged, reused, expired and tampered
confirmation ids. After every call the emulator is compared with its state before the call:

* no entity became ACTIVE and no existing budget rose unless that very call carried an accepted
  elicitation, or was the first confirm_action of a live, untampered id, and only for what that
  plan covered (new entities for a launch, the named ids for an update);
* no write carried a budget above the operator's caps, and none went to an account outside the
  allow-list;
* every request and response matched the official OpenAPI description.

Nothing here reads the server's own bookkeeping: the truth is the emulator.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT, Bench, client
from tests.support.postgres import fresh_schema, server_url

MAX_DAILY = 50
MAX_LIFETIME = 500
MICRO = 1_000_000
RUNS: dict[str, int] = {"examples": 0, "calls": 0, "writes": 0}

END = (datetime.now(tz=UTC) + timedelta(days=10)).date().isoformat()
answers = st.sampled_from(["accept", "accept", "decline", "cancel", "none", "none", "none", "accept_no"])
modes = st.sampled_from(["legacy", "auto"])
amounts = st.sampled_from(["5", "20", "49.99", "30", "400", "60", "650"])
accounts = st.sampled_from([ACCOUNT] * 7 + [seed.EUR_ACCOUNT_ID])

launch = st.fixed_dictionaries({
    "op": st.just("create_campaign"), "answer": answers, "mode": modes, "account": accounts,
    "amount": amounts, "period": st.sampled_from(["daily", "lifetime"]), "activate": st.booleans(),
    "objective": st.sampled_from(["awareness", "traffic", "VIDEO_COMPLETION"]), "n_ads": st.integers(0, 2),
    # keywords add a create_keywords step to the launch: it must not let anything spend on its own
    "keywords": st.sampled_from([None, None, ["compost", {"value": "cheap", "match_type": "EXACT_NEGATIVE"}]]),
})
boost = st.fixed_dictionaries({
    "op": st.just("boost_pin"), "answer": answers, "mode": modes, "account": accounts, "amount": amounts,
    "period": st.sampled_from(["daily", "lifetime"]), "activate": st.booleans(),
    "pin": st.sampled_from([seed.RAISED_BED_PIN_ID, seed.VIDEO_PIN_ID, seed.NO_LINK_PIN_ID]),
    "goal": st.sampled_from(["awareness", "traffic", "video_views"]),
})
status = st.fixed_dictionaries({
    "op": st.just("update_status"), "answer": answers, "mode": modes, "account": accounts,
    "level": st.sampled_from(["campaign", "ad_group", "ad"]), "pick": st.lists(st.integers(0, 50), min_size=1,
                                                                                  max_size=3),
    "status": st.sampled_from(["ACTIVE", "ACTIVE", "PAUSED", "ARCHIVED"]),
})
budget = st.fixed_dictionaries({
    "op": st.just("update_budget"), "answer": answers, "mode": modes, "account": accounts,
    "level": st.sampled_from(["campaign", "ad_group"]), "pick": st.integers(0, 50), "amount": amounts,
    "period": st.sampled_from([None, None, "daily", "lifetime"]),
})
confirm = st.fixed_dictionaries({
    "op": st.just("confirm"), "mode": modes,
    "kind": st.sampled_from(["valid"] * 5 + ["reuse", "reuse", "forged", "expired", "tampered"]),
    "pick": st.integers(0, 20),
})
operations = st.lists(st.one_of(launch, boost, status, budget, confirm, confirm), min_size=1, max_size=6)


@dataclass
class Issued:
    token: str
    tool: str
    args: dict[str, Any]
    at: float
    used: bool = False
    tampered: bool = False


@dataclass
class World:
    bench: Bench
    confirmation: str
    issued: list[Issued] = field(default_factory=list)


def snapshot(bench: Bench) -> dict[str, dict[str, Any]]:
    store = bench.emulator.store
    out: dict[str, dict[str, Any]] = {}
    for kind, table in (("campaign", store.campaigns), ("ad_group", store.ad_groups), ("ad", store.ads)):
        for entity_id, e in table.items():
            out[entity_id] = {"kind": kind, "status": e["status"], "daily": e.get("daily_spend_cap"),
                              "lifetime": e.get("lifetime_spend_cap"), "budget": e.get("budget_in_micro_currency"),
                              "flexible": e.get("is_flexible_daily_budgets")}
    return out


def raised(before: dict[str, Any], after: dict[str, Any]) -> bool:
    for key in ("daily", "lifetime", "budget"):
        old, new = before[key], after[key]
        if old is not None and new is not None and new > old:
            return True
        if old is not None and new is None and not any(after[k] for k in ("daily", "lifetime", "budget")):
            return True
    return bool(after["flexible"]) and not before["flexible"]


def spend_changes(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> tuple[set[str], set[str]]:
    """(new entities now ACTIVE, existing entities that became ACTIVE or got a higher budget)."""
    new_active = {i for i, e in after.items() if i not in before and e["status"] == "ACTIVE"}
    changed = {i for i, e in after.items() if i in before and (
        (e["status"] == "ACTIVE" and before[i]["status"] != "ACTIVE") or raised(before[i], e))}
    return new_active, changed


def pool(bench: Bench, level: str, account: str) -> list[str]:
    store = bench.emulator.store
    table = {"campaign": store.campaigns, "ad_group": store.ad_groups, "ad": store.ads}[level]
    return sorted(i for i, e in table.items() if store.account_of(e) == account)


def tool_call(world: World, op: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    bench = world.bench
    if op["op"] == "create_campaign":
        pins = [seed.VIDEO_PIN_ID] if op["objective"] == "VIDEO_COMPLETION" else [seed.RAISED_BED_PIN_ID,
                                                                                   seed.CAROUSEL_PIN_ID]
        return "create_campaign", {
            "ad_account_id": op["account"], "name": "Prop launch", "objective": op["objective"],
            "budget": {"amount": op["amount"], "period": op["period"]}, "schedule": {"end": END},
            "ad_group": {"targeting": {"locations": ["US"], **({"keywords": op["keywords"]} if op["keywords"] else {})}},
            "ads": [{"pin_id": pins[i % len(pins)]} for i in range(op["n_ads"])], "activate": op["activate"]}
    if op["op"] == "boost_pin":
        return "boost_pin", {"ad_account_id": op["account"], "pin_id": op["pin"], "goal": op["goal"],
                             "budget": {"amount": op["amount"], "period": op["period"]}, "schedule": {"end": END},
                             "activate": op["activate"]}
    if op["op"] == "update_status":
        ids = pool(bench, op["level"], op["account"]) or ["1"]
        return "update_status", {"ad_account_id": op["account"], "level": op["level"], "status": op["status"],
                                 "ids": sorted({ids[p % len(ids)] for p in op["pick"]})}
    ids = pool(bench, op["level"], op["account"]) or ["1"]
    budget_arg: dict[str, Any] = {"amount": op["amount"]}
    if op["period"]:
        budget_arg["period"] = op["period"]
    return "update_budget", {"ad_account_id": op["account"], "level": op["level"], "id": ids[op["pick"] % len(ids)],
                             "budget": budget_arg}


def allowed_targets(tool: str, args: dict[str, Any]) -> set[str] | None:
    """Existing ids a plan may activate or raise (None: a launch, which may only touch new entities)."""
    if tool == "update_status":
        return set(args["ids"])
    if tool == "update_budget":
        return {args["id"]}
    return None


async def run_op(world: World, op: dict[str, Any]) -> None:
    bench = world.bench
    server = bench.server(ads_confirmation=world.confirmation, ads_max_daily_budget=MAX_DAILY,
                          ads_max_lifetime_budget=MAX_LIFETIME, ads_allowed_accounts=[ACCOUNT])
    before = snapshot(bench)
    writes_before = len(bench.writes())
    authorized: tuple[str, dict[str, Any]] | None = None
    if op["op"] == "confirm":
        token, entry = await pick_token(world, op)
        async with client(server, op["mode"]) as c:
            result = await c.call_tool("confirm_action", {"confirmation_id": token})
        if entry is not None and not entry.used and not entry.tampered and bench.clock.now - entry.at < 15 * 60:
            authorized = (entry.tool, entry.args)
        if entry is not None and not result.is_error:
            entry.used = True
        if entry is not None and result.is_error:
            entry.used = True  # refused ids (policy, expiry, tampering) are spent too
    else:
        tool, args = tool_call(world, op)
        elicit = None if op["answer"] == "none" else ("accept" if op["answer"] == "accept_no" else op["answer"])
        async with client(server, op["mode"], elicit, approve=op["answer"] != "accept_no") as c:
            result = await c.call_tool(tool, args)
        out = result.structured_content or {}
        if out.get("confirmation_id"):
            world.issued.append(Issued(out["confirmation_id"], tool, args, bench.clock.now))
        if op["answer"] == "accept" and world.confirmation != "token":
            authorized = (tool, args)
    RUNS["calls"] += 1
    after = snapshot(bench)
    new_active, changed = spend_changes(before, after)
    if authorized is None:
        assert not new_active and not changed, f"spend without approval by {op}: {new_active or changed}"
    else:
        targets = allowed_targets(*authorized)
        if targets is None:
            assert not changed, f"launch {op} activated or raised existing entities {changed}"
        else:
            assert not new_active and changed <= targets, f"{op} touched {changed - targets}"
    check_writes(bench, writes_before, after)


async def pick_token(world: World, op: dict[str, Any]) -> tuple[str, Issued | None]:
    kind = op["kind"]
    if kind == "forged" or not world.issued:
        return "forged-" + "A" * 40, None
    entry = world.issued[op["pick"] % len(world.issued)]
    if kind == "valid":
        entry = next((e for e in reversed(world.issued) if not e.used), entry)
    elif kind == "reuse":
        entry = next((e for e in world.issued if e.used), entry)
    elif kind == "expired":
        world.bench.clock.now += 16 * 60
    elif kind == "tampered" and not entry.used:
        world.bench.state_sql("UPDATE actions SET plan = replace(plan, '\"PAUSED\"', '\"ACTIVE\"')"
                              " WHERE state = 'pending'")
        for e in world.issued:
            if not e.used:
                e.tampered = True
    return entry.token, entry


def check_writes(bench: Bench, start: int, after: dict[str, dict[str, Any]]) -> None:
    for record in bench.writes()[start:]:
        RUNS["writes"] += 1
        assert f"/ad_accounts/{ACCOUNT}/" in record.path, f"write outside the allow-list: {record.path}"
        for item in record.body if isinstance(record.body, list) else []:
            daily = item.get("daily_spend_cap")
            lifetime = item.get("lifetime_spend_cap")
            assert daily is None or daily <= MAX_DAILY * MICRO, f"daily cap exceeded: {item}"
            assert lifetime is None or lifetime <= MAX_LIFETIME * MICRO, f"lifetime cap exceeded: {item}"
            if item.get("budget_in_micro_currency") is not None:
                entity_type = item.get("budget_type") or (after.get(str(item.get("id")), {}).get("kind") and
                                                          bench.emulator.store.ad_groups.get(str(item.get("id")),
                                                                                             {}).get("budget_type"))
                cap = MAX_LIFETIME if entity_type == "LIFETIME" else MAX_DAILY
                assert item["budget_in_micro_currency"] <= cap * MICRO, f"ad group cap exceeded: {item}"


def _contract():
    from tests.support.openapi import session_validator

    return session_validator()


CONTRACT = None


def check_property(confirmation: str, ops: list[dict[str, Any]], database_url: str | None = None) -> None:
    global CONTRACT
    CONTRACT = CONTRACT or _contract()
    bench = Bench(Path(tempfile.mkdtemp(prefix="spend-prop-")), CONTRACT, database_url)
    world = World(bench, confirmation)

    async def scenario() -> None:
        for op in ops:
            await run_op(world, op)

    anyio.run(scenario)
    if database_url:  # the state really went to PostgreSQL, none to a SQLite file
        import psycopg

        assert not (bench.state_dir / "pinterest-ads-state.sqlite3").exists()
        with psycopg.connect(database_url) as conn:
            issued = conn.execute("SELECT count(*) FROM actions").fetchone()[0]
        assert issued >= len(world.issued)  # every confirmation id handed out is a row there
    RUNS["examples"] += 1
    assert bench.violations() == [], "\n".join(bench.violations())


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(confirmation=st.sampled_from(["auto", "auto", "elicit", "token", "token"]), ops=operations)
def test_nothing_spends_without_a_person_saying_yes(confirmation: str, ops: list[dict[str, Any]]) -> None:
    check_property(confirmation, ops)


def test_nothing_spends_without_a_person_saying_yes_on_postgresql() -> None:
    """The same property with the state in PostgreSQL (fewer examples: the SQLite run covers breadth)."""
    server_url()  # skip (or fail in CI) here when no PostgreSQL answers

    @settings(max_examples=15, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(confirmation=st.sampled_from(["auto", "elicit", "token", "token"]), ops=operations)
    def run(confirmation: str, ops: list[dict[str, Any]]) -> None:
        with fresh_schema() as url:
            check_property(confirmation, ops, url)

    run()


def test_report_property_figures() -> None:
    """Not a check: prints how much the property test exercised (for the issue's closing note)."""
    print(f"\nspend property: {RUNS['examples']} examples, {RUNS['calls']} tool calls, "
          f"{RUNS['writes']} writes seen at the emulator")
