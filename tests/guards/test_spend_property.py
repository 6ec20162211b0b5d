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

And with the world hostile: a lost answer (connection dropped before or after Pinterest handled
the write, a 503 before, a 500 after, a read timeout before or after) or a server crash on any
write of any plan, someone else sending an identical create just before ours, a same-named PAUSED
draft (over the caps) existing beforehand, caps lowered between plan and confirm, a restart
(every call runs on a fresh server over the same state dir) possibly into ``elicit`` mode, and an
operator envelope. Further invariants, from the emulator's state:

* nothing that existed before a call was ARCHIVED by it, unless the call was update_status
  ARCHIVED naming it (a rollback archives only what the plan provably created);
* every switch-on or raise of the call keeps the spend it enables within the caps in force for
  that call (a CBO campaign's budget for its children, a non-CBO campaign's ACTIVE ad groups, a
  lifetime budget in one day, a flexible day at a week's worth), and all calls together stay
  within the envelope.

Nothing here reads the server's own bookkeeping: the truth is the emulator.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT, LOST, Bench, client
from tests.support.postgres import fresh_schema, server_url

MAX_DAILY = 50
MAX_LIFETIME = 500
LOWERED = (20, 100)  # caps after the operator lowered them
ENVELOPE = 100
FLEX_WEEK = 7
MICRO = 1_000_000
RUNS: dict[str, int] = {"examples": 0, "calls": 0, "writes": 0, "faults": 0}

END = (datetime.now(tz=UTC) + timedelta(days=10)).date().isoformat()
answers = st.sampled_from(["accept"] * 5 + ["decline", "cancel", "none", "none", "none", "accept_no"])
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
# Day-two tools: none may activate or raise an existing budget (bids, audiences and schedules are judged by
# guards.spend too, but the emulator's truth checked here is statuses and budgets); add_ads and
# duplicate_campaign make new entities, which may only be ACTIVE after a yes.
day_two = st.fixed_dictionaries({
    "op": st.sampled_from(["update_ad_group", "update_campaign", "manage_keywords", "add_ads", "duplicate_campaign",
                           "undo_action", "create_audience"]),
    "answer": answers, "mode": modes, "account": accounts, "pick": st.integers(0, 50), "activate": st.booleans(),
    "bid": st.sampled_from([{"change_pct": 25}, {"change_pct": -25}, {"amount": "9.00"}]),
    "budget": st.sampled_from([None, {"amount": "30", "period": "daily"}, {"amount": "400", "period": "daily"}]),
})
# What happens around each call: a fault on its n-th write (lost answers, or the server dying),
# someone else's identical create just before that write, the caps in force, the mode after a restart.
hostile = st.fixed_dictionaries({
    "fault": st.sampled_from([None, "crash", *LOST]), "fault_at": st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4]), "twin": st.booleans(),
    "caps": st.sampled_from(["normal", "normal", "lowered"]), "restart_mode": st.sampled_from([None] * 5 + ["elicit"]),
})
operations = st.lists(st.tuples(st.one_of(launch, launch, boost, status, budget, confirm, confirm, day_two), hostile),
                      min_size=2, max_size=5)


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
    envelope: int | None = None
    issued: list[Issued] = field(default_factory=list)
    added: int = 0  # daily spend switched on or raised so far, measured at the emulator
    # action_ref -> ids the action named or created (what undoing it may put back up)
    undo_targets: dict[str, set[str]] = field(default_factory=dict)


def remember(world: World, args: dict[str, Any], out: dict[str, Any]) -> None:
    if out.get("action_ref") and out.get("status") in ("done", "partial"):
        named = {str(v) for k in ("ids", "ad_group_ids") for v in args.get(k) or []}
        named |= {str(args[k]) for k in ("id", "campaign_id", "ad_group_id") if args.get(k)}
        named |= world.undo_targets.get(str(args.get("action_ref")), set())  # an undo of an undo
        world.undo_targets[out["action_ref"]] = named | set((out.get("created") or {}).values())


def snapshot(bench: Bench) -> dict[str, dict[str, Any]]:
    store = bench.emulator.store
    out: dict[str, dict[str, Any]] = {}
    for kind, table in (("campaign", store.campaigns), ("ad_group", store.ad_groups), ("ad", store.ads)):
        for entity_id, e in table.items():
            out[entity_id] = {"kind": kind, "status": e["status"], "daily": e.get("daily_spend_cap"),
                              "lifetime": e.get("lifetime_spend_cap"), "budget": e.get("budget_in_micro_currency"),
                              "flexible": e.get("is_flexible_daily_budgets"), "type": e.get("budget_type"),
                              "cbo": e.get("is_campaign_budget_optimization"), "campaign": e.get("campaign_id"),
                              "group": e.get("ad_group_id")}
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
    if op["op"] == "undo_action":
        refs = sorted(world.undo_targets) or ["000000000000"]
        return "undo_action", {"action_ref": refs[op["pick"] % len(refs)]}
    if op["op"] == "create_audience":
        return "create_audience", {"ad_account_id": op["account"], "type": "VISITOR", "name": "Prop visitors",
                                   "conversion_tag_id": "2612345678901"}
    if op["op"] in ("update_ad_group", "update_campaign", "manage_keywords", "add_ads", "duplicate_campaign"):
        return day_two_call(bench, op)
    ids = pool(bench, op["level"], op["account"]) or ["1"]
    budget_arg: dict[str, Any] = {"amount": op["amount"]}
    if op["period"]:
        budget_arg["period"] = op["period"]
    return "update_budget", {"ad_account_id": op["account"], "level": op["level"], "id": ids[op["pick"] % len(ids)],
                             "budget": budget_arg}


def day_two_call(bench: Bench, op: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    account = op["account"]
    groups = pool(bench, "ad_group", account) or ["1"]
    group = groups[op["pick"] % len(groups)]
    if op["op"] == "update_ad_group":
        return "update_ad_group", {"ad_account_id": account, "ad_group_ids": [group], "bid": op["bid"],
                                   "targeting_changes": {"add": {"locations": ["CA"]}}}
    if op["op"] == "manage_keywords":
        return "manage_keywords", {"ad_account_id": account, "ad_group_id": group, "add": ["compost"]}
    if op["op"] == "add_ads":
        return "add_ads", {"ad_account_id": account, "ad_group_id": group, "activate": op["activate"],
                           "ads": [{"pin_id": seed.VIDEO_PIN_ID if bench.emulator.store.campaigns.get(
                               str(bench.emulator.store.ad_groups.get(group, {}).get("campaign_id")), {}).get(
                               "objective_type") == "VIDEO_COMPLETION" else seed.RAISED_BED_PIN_ID}]}
    campaigns = pool(bench, "campaign", account) or ["1"]
    campaign = campaigns[op["pick"] % len(campaigns)]
    if op["op"] == "update_campaign":
        return "update_campaign", {"ad_account_id": account, "campaign_id": campaign, "schedule": {"end": END}}
    return "duplicate_campaign", {"ad_account_id": account, "campaign_id": campaign, "activate": op["activate"],
                                  **({"changes": {"budget": op["budget"]}} if op["budget"] else {})}


def allowed_targets(tool: str, args: dict[str, Any]) -> set[str] | None:
    """Existing ids a plan may activate or raise (None: a launch, which may only touch new entities)."""
    if tool == "update_status":
        return set(args["ids"])
    if tool == "update_budget":
        return {args["id"]}
    if tool in ("update_ad_group", "update_campaign", "manage_keywords", "create_audience"):
        return set()
    return None


def caps_of(hostile: dict[str, Any]) -> tuple[int, int]:
    return LOWERED if hostile["caps"] == "lowered" else (MAX_DAILY, MAX_LIFETIME)


async def run_op(world: World, op: dict[str, Any], hostile: dict[str, Any]) -> None:
    bench = world.bench
    daily_cap, lifetime_cap = caps_of(hostile)
    mode = hostile["restart_mode"] or world.confirmation
    server = bench.server(ads_confirmation=mode, ads_max_daily_budget=daily_cap,
                          ads_max_lifetime_budget=lifetime_cap, ads_allowed_accounts=[ACCOUNT],
                          ads_max_new_daily_spend=world.envelope)
    before = snapshot(bench)
    writes_before = len(bench.writes())
    authorized: tuple[str, dict[str, Any]] | None = None
    # Planning reads first; the fault is armed for the writes of the call itself.
    bench.meddler.arm(hostile["fault_at"], hostile["fault"], hostile["fault_at"] if hostile["twin"] else None)
    faults_before = bench.meddler.faults
    if op["op"] == "confirm":
        token, entry = await pick_token(world, op)
        async with client(server, op["mode"]) as c:
            result = await c.call_tool("confirm_action", {"confirmation_id": token})
        refused_for_mode = result.is_error and "PINTEREST_ADS_CONFIRMATION" in " ".join(
            getattr(x, "text", "") for x in result.content)
        if (entry is not None and not entry.used and not entry.tampered and bench.clock.now - entry.at < 15 * 60
                and mode != "elicit"):
            authorized = (entry.tool, entry.args)
        if entry is not None and not refused_for_mode:
            entry.used = True  # done, or refused (policy, expiry, tampering): spent either way
        if entry is not None:
            remember(world, entry.args, result.structured_content or {})
    else:
        tool, args = tool_call(world, op)
        elicit = None if op["answer"] == "none" else ("accept" if op["answer"] == "accept_no" else op["answer"])
        async with client(server, op["mode"], elicit, approve=op["answer"] != "accept_no") as c:
            result = await c.call_tool(tool, args)
        out = result.structured_content or {}
        if out.get("confirmation_id"):
            world.issued.append(Issued(out["confirmation_id"], tool, args, bench.clock.now))
        remember(world, args, out)
        if op["answer"] == "accept" and mode != "token":
            authorized = (tool, args)
    bench.meddler.arm(None, None)
    RUNS["faults"] += bench.meddler.faults - faults_before
    RUNS["calls"] += 1
    after = snapshot(bench)
    new_active, changed = spend_changes(before, after)
    if authorized is None:
        assert not new_active and not changed, f"spend without approval by {op}: {new_active or changed}"
    else:
        targets = (world.undo_targets.get(authorized[1]["action_ref"], set()) if authorized[0] == "undo_action"
                   else allowed_targets(*authorized))
        if targets is None:
            assert not changed, f"launch {op} activated or raised existing entities {changed}"
        else:
            assert not new_active and changed <= targets, f"{op} touched {changed - targets}"
    archived = {i for i, e in after.items() if i in before and e["status"] == "ARCHIVED"
                and before[i]["status"] != "ARCHIVED"}
    may_archive = set(tool_call(world, op)[1]["ids"]) if op["op"] == "update_status" and op["status"] == "ARCHIVED" \
        else set()
    assert archived <= may_archive, f"{op} with {hostile} archived what it did not create: {archived - may_archive}"
    check_enabled(before, after, daily_cap, lifetime_cap, op)
    world.added += added_daily(before, after)
    if world.envelope is not None:
        assert world.added <= world.envelope * MICRO, f"envelope crossed: {world.added / MICRO} after {op}"
    check_writes(bench, writes_before, after, daily_cap, lifetime_cap)


def bound(e: dict[str, Any]) -> int:
    """Most one day can spend from a holder's budget (lifetime: all of it; flexible: a week's worth)."""
    if e["kind"] == "campaign":
        if e["lifetime"]:
            return e["lifetime"]
        return (e["daily"] or 0) * (FLEX_WEEK if e["flexible"] else 1)
    if e["type"] == "LIFETIME":
        return e["budget"] or 0
    return e["budget"] or 0


def groups_in(state: dict[str, dict[str, Any]], campaign_id: str) -> list[str]:
    return [i for i, e in state.items() if e["kind"] == "ad_group" and e["campaign"] == campaign_id]


def holder_of(state: dict[str, dict[str, Any]], group_id: str) -> str | None:
    group = state[group_id]
    campaign = state.get(group["campaign"])
    if campaign is None:
        return None
    return group["campaign"] if campaign["cbo"] or group["type"] == "CBO_ADGROUP" else group_id


def lit(state: dict[str, dict[str, Any]], entity_id: str) -> bool:
    e = state[entity_id]
    return e["status"] == "ACTIVE"


def check_enabled(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]], daily_cap: int,
                  lifetime_cap: int, op: dict[str, Any]) -> None:
    """What each switch-on or raise of this call lets spend is within this call's caps."""
    for entity_id, e in after.items():
        old = before.get(entity_id)
        switched = e["status"] == "ACTIVE" and (old is None or old["status"] != "ACTIVE")
        grew = old is not None and raised(old, e)
        if not (switched or grew) or e["kind"] == "ad":
            continue
        if e["kind"] == "campaign" and not e["cbo"]:
            holders = [holder_of(after, g) for g in groups_in(after, entity_id) if lit(after, g)]
        elif e["kind"] == "campaign":
            holders = [entity_id]
        else:
            holders = [holder_of(after, entity_id)]
        campaign = e if e["kind"] == "campaign" else after.get(e["campaign"] or "")
        if campaign is None or campaign["status"] != "ACTIVE":
            continue  # nothing under a PAUSED or ARCHIVED campaign can spend
        day = sum(bound(after[h]) for h in holders if h)
        assert day <= daily_cap * MICRO, f"{op} enabled {day / MICRO} a day via {entity_id}, cap {daily_cap}"
        life = sum(after[h]["lifetime"] or (after[h]["budget"] if after[h]["type"] == "LIFETIME" else 0) or 0
                   for h in holders if h)
        assert life <= lifetime_cap * MICRO, f"{op} enabled a lifetime {life / MICRO} via {entity_id}"


def delivering(state: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Holders that can spend now (ACTIVE campaign and ACTIVE ad group) and their daily bounds."""
    out: dict[str, int] = {}
    for group_id, g in state.items():
        if g["kind"] != "ad_group" or g["status"] != "ACTIVE":
            continue
        holder = holder_of(state, group_id)
        campaign = state.get(g["campaign"] or "")
        if holder is not None and campaign is not None and campaign["status"] == "ACTIVE":
            out[holder] = bound(state[holder])
    return out


def added_daily(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> int:
    was, now = delivering(before), delivering(after)
    return sum(max(0, amount - was.get(holder, 0)) for holder, amount in now.items())


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


def check_writes(bench: Bench, start: int, after: dict[str, dict[str, Any]], max_daily: int = MAX_DAILY,
                 max_lifetime: int = MAX_LIFETIME) -> None:
    for record in bench.writes()[start:]:
        RUNS["writes"] += 1
        assert f"/ad_accounts/{ACCOUNT}/" in record.path, f"write outside the allow-list: {record.path}"
        for item in record.body if isinstance(record.body, list) else []:
            daily = item.get("daily_spend_cap")
            lifetime = item.get("lifetime_spend_cap")
            assert daily is None or daily <= max_daily * MICRO, f"daily cap exceeded: {item}"
            assert lifetime is None or lifetime <= max_lifetime * MICRO, f"lifetime cap exceeded: {item}"
            if item.get("budget_in_micro_currency") is not None:
                entity_type = item.get("budget_type") or (after.get(str(item.get("id")), {}).get("kind") and
                                                          bench.emulator.store.ad_groups.get(str(item.get("id")),
                                                                                             {}).get("budget_type"))
                cap = max_lifetime if entity_type == "LIFETIME" else max_daily
                assert item["budget_in_micro_currency"] <= cap * MICRO, f"ad group cap exceeded: {item}"


def _contract():
    from tests.support.openapi import session_validator

    return session_validator()


CONTRACT = None


def check_property(confirmation: str, ops: list[tuple[dict[str, Any], dict[str, Any]]], drafts: str | None = None,
                   envelope: int | None = None, database_url: str | None = None) -> None:
    global CONTRACT
    CONTRACT = CONTRACT or _contract()
    bench = Bench(Path(tempfile.mkdtemp(prefix="spend-prop-")), CONTRACT, database_url)
    world = World(bench, confirmation, envelope)

    async def scenario() -> None:
        if drafts == "over_cap":  # same-named PAUSED drafts made earlier, over the caps (drafts need no confirmation)
            async with client(bench.server()) as c:
                for objective in ("awareness", "VIDEO_COMPLETION"):
                    pins = [seed.VIDEO_PIN_ID] if objective == "VIDEO_COMPLETION" else [seed.RAISED_BED_PIN_ID]
                    made = await c.call_tool("create_campaign", {
                        "ad_account_id": ACCOUNT, "name": "Prop launch", "objective": objective,
                        "budget": {"amount": "650", "period": "daily"}, "schedule": {"end": END},
                        "ad_group": {"targeting": {"locations": ["US"]}},
                        "ads": [{"pin_id": p} for p in pins], "activate": False})
                    assert made.structured_content["status"] == "done"
        first = next((op for op, _ in ops if op["op"] == "create_campaign"), None)
        if drafts == "identical" and first is not None:  # a PAUSED draft of the very launch that comes later:
            tool, args = tool_call(world, first)  # its campaign create is identical, field for field
            async with client(bench.server()) as c:
                await c.call_tool(tool, {**args, "activate": False})
        for op, hostile in ops:
            await run_op(world, op, hostile)

    anyio.run(scenario)
    if database_url:  # the state really went to PostgreSQL, none to a SQLite file
        import psycopg

        assert not (bench.state_dir / "pinterest-ads-state.sqlite3").exists()
        with psycopg.connect(database_url) as conn:
            issued = conn.execute("SELECT count(*) FROM actions").fetchone()[0]
        assert issued >= len(world.issued)  # every confirmation id handed out is a row there
    RUNS["examples"] += 1
    assert bench.violations() == [], "\n".join(bench.violations())


_LAUNCH = {"op": "create_campaign", "answer": "accept", "mode": "legacy", "account": ACCOUNT, "amount": "5",
           "period": "daily", "activate": True, "objective": "awareness", "n_ads": 1, "keywords": None}
_CALM = {"fault": None, "fault_at": 0, "twin": False, "caps": "normal", "restart_mode": None}


@example(confirmation="auto", drafts="identical", envelope=None,  # the reproduction: a lost create, a same draft
         ops=[(_LAUNCH, {**_CALM, "fault": "drop"}), (_LAUNCH, {**_CALM, "fault": "status"})])
@example(confirmation="token", drafts="over_cap", envelope=ENVELOPE,  # someone else's identical ad group meanwhile
         ops=[(_LAUNCH, _CALM), ({"op": "confirm", "mode": "auto", "kind": "valid", "pick": 0},
                                 {**_CALM, "fault": "drop_after", "fault_at": 1, "twin": True, "caps": "lowered"})])
@example(confirmation="auto", drafts=None, envelope=None,  # a lifetime budget may all go in one day
         ops=[(_LAUNCH, _CALM), ({**_LAUNCH, "period": "lifetime", "amount": "400"}, _CALM)])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(confirmation=st.sampled_from(["auto", "auto", "elicit", "token", "token"]), ops=operations,
       drafts=st.sampled_from([None, "over_cap", "identical", "identical"]), envelope=st.sampled_from([None, ENVELOPE]))
def test_nothing_spends_without_a_person_saying_yes(confirmation: str, ops: list[tuple[dict[str, Any], dict[str, Any]]],
                                                    drafts: str | None, envelope: int | None) -> None:
    check_property(confirmation, ops, drafts, envelope)


def test_nothing_spends_without_a_person_saying_yes_on_postgresql() -> None:
    """The same property with the state in PostgreSQL (fewer examples: the SQLite run covers breadth)."""
    server_url()  # skip (or fail in CI) here when no PostgreSQL answers

    @settings(max_examples=15, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(confirmation=st.sampled_from(["auto", "elicit", "token", "token"]), ops=operations,
           drafts=st.sampled_from([None, "identical"]), envelope=st.sampled_from([None, ENVELOPE]))
    def run(confirmation: str, ops: list[tuple[dict[str, Any], dict[str, Any]]], drafts: str | None,
            envelope: int | None) -> None:
        with fresh_schema() as url:
            check_property(confirmation, ops, drafts, envelope, database_url=url)

    run()


def test_report_property_figures() -> None:
    """Not a check: prints how much the property test exercised (for the issue's closing note)."""
    print(f"\nspend property: {RUNS['examples']} examples, {RUNS['calls']} tool calls, {RUNS['faults']} faults "
          f"injected (lost answers, crashes, identical creates by someone else), {RUNS['writes']} writes seen at "
          "the emulator")
