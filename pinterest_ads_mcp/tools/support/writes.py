"""What every write tool shares: the server's Guard, and the elicitation resolver for a plan.

A write tool has two resolver parameters: ``prepared`` (its own prepare function: validate ->
Plan -> policy -> spend decision) and ``decision`` (the question to the person, built here from the
prepared plan). Resolvers may run twice on the newest protocol, so they only read and plan; the
tool body, which runs once, is the only place anything is written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import anyio
from mcp.server.mcpserver import Context, Elicit, Resolve
from mcp.server.mcpserver.exceptions import ToolError

from ...guards.confirm import ask, client_can_elicit, server_waits, wait_for_person
from ...guards.enabled import snapshot_of
from ...guards.plan import Snapshot
from ...guards.service import ActionResult, Guard, Prepared
from ...guards.store import open_store
from .progress import keep_alive, reporter
from .runtime import Runtime, runtime

GUARD_KEY = "guard"
CLOCK_KEY = "clock"  # tests put a fake clock here (via on_runtime) to expire confirmation ids


def guard(rt: Runtime) -> Guard:
    """The Guard for this server (one state store per server life)."""
    existing = rt.extras.get(GUARD_KEY)
    if existing is not None:
        return existing
    clock: Callable[[], float] = rt.extras.get(CLOCK_KEY) or time.time
    settings = rt.extras.get("settings")
    state_dir = rt.state_dir or getattr(settings, "state_dir", None)
    database = rt.extras.get("database")
    if state_dir is None and database is None:
        raise ToolError("No state directory is configured (PINTEREST_ADS_STATE_DIR); write tools are unavailable.")
    store = open_store(state_dir, database=database, clock=clock)
    made = Guard(rt.client, rt.policy, store, mode=rt.confirmation, environment=rt.environment, clock=clock)
    rt.extras[GUARD_KEY] = made
    return made


def make_ask(prepare: Callable[..., Any]) -> Callable[..., Any]:
    """The elicitation resolver for a tool whose plan comes from ``prepare``."""

    async def ask_person(ctx: Context, prepared: Prepared) -> Any:
        g = guard(runtime(ctx))
        plan = prepared.plan
        try:
            question = ask(ctx, plan, prepared.spend, g.mode)
        except ToolError as exc:
            g.store.audit("refused_no_elicitation", tool=plan.tool, detail={"reason": str(exc)})
            raise
        if not isinstance(question, Elicit) or not server_waits(ctx):
            return question  # not asked, or the 2026 protocol: the SDK returns the question to the client

        def cancelled() -> None:
            g.store.audit("cancelled", tool=plan.tool, detail={
                "while": "waiting for the person's answer", "plan": plan.summary.action,
                "plan_hash": plan.digest(), "sent": "nothing"})

        return await wait_for_person(ctx, question, on_cancel=cancelled, keep_alive=keep_alive)

    # The Resolve dependency is attached here so one function serves every tool; a distinct
    # name gives each tool a stable elicitation key across protocol rounds. The key also appears
    # in the SDK's own messages, so it names the tool, not a module path.
    tool = prepare.__name__.removeprefix("prepare_")
    ask_person.__annotations__ = {"ctx": Context, "prepared": Annotated[Prepared, Resolve(prepare)], "return": Any}
    ask_person.__qualname__ = ask_person.__name__ = tool
    ask_person.__module__ = "approval"
    return ask_person


ALL_LIVE = ["ACTIVE", "PAUSED"]


async def snapshots(rt: Runtime, account_id: str, level: str, ids: list[str],
                    statuses: list[str] | None = None) -> dict[str, Snapshot]:
    """Snapshots of campaigns, ad groups or ads by id (every status unless ``statuses``)."""
    wanted = statuses or ["ACTIVE", "PAUSED", "ARCHIVED"]
    if level == "campaign":
        rows: list[Any] = await rt.client.list_campaigns(account_id, campaign_ids=ids, statuses=wanted)
    elif level == "ad_group":
        rows = await rt.client.list_ad_groups(account_id, ad_group_ids=ids, statuses=wanted)
    else:
        rows = await rt.client.list_ads(account_id, ad_ids=ids, statuses=wanted)
    return {str(row.id): snapshot_of(level, row) for row in rows}  # type: ignore[arg-type]


async def with_context(rt: Runtime, account_id: str, snaps: list[Snapshot]) -> list[Snapshot]:
    """``snaps`` plus what guards.enabled needs to work out the spend switching them on enables: the
    ad group and campaign of each ad, the campaign of each ad group, and every live ad group of each
    campaign (at most three list requests)."""
    have = {(s.entity, s.id): s for s in snaps}
    group_ids = sorted({s.ad_group_id for s in snaps if s.entity == "ad" and s.ad_group_id}
                       - {i for (e, i) in have if e == "ad_group"})
    if group_ids:
        for entity_id, snap in (await snapshots(rt, account_id, "ad_group", group_ids)).items():
            have.setdefault(("ad_group", entity_id), snap)
    campaign_ids = sorted({s.campaign_id for s in have.values() if s.entity in ("ad", "ad_group") and s.campaign_id}
                          - {i for (e, i) in have if e == "campaign"})
    if campaign_ids:
        for entity_id, snap in (await snapshots(rt, account_id, "campaign", campaign_ids)).items():
            have.setdefault(("campaign", entity_id), snap)
    parents = sorted(i for (e, i), s in have.items() if e == "campaign" and not s.is_campaign_budget_optimization)
    if parents:
        rows = await rt.client.list_ad_groups(account_id, campaign_ids=parents, statuses=ALL_LIVE)
        for row in rows:
            have.setdefault(("ad_group", str(row.id)), snapshot_of("ad_group", row))
        for entity_id in parents:
            have[("campaign", entity_id)] = have[("campaign", entity_id)].model_copy(update={"ad_groups_listed": True})
    return list(have.values())


@contextmanager
def audit_cancellation(g: Guard, tool: str) -> Iterator[None]:
    """Record a cancelled call (the client sent notifications/cancelled or closed the stream) while a
    plan is carried out; the executor sends nothing after it."""
    try:
        yield
    except anyio.get_cancelled_exc_class():
        g.store.audit("cancelled", tool=tool, detail={
            "while": "carrying out the plan", "sent": "see this action's write records; nothing after them"})
        raise


async def carry_out(ctx: Context, prepared: Prepared, decision: Any) -> ActionResult:
    """A write tool's body: run the prepared plan with the person's decision, with step progress."""
    g = guard(runtime(ctx))
    with audit_cancellation(g, prepared.plan.tool):
        return await g.run(prepared, decision, progress=reporter(ctx, "steps"))


async def confirm_plan(ctx: Context, confirmation_id: str) -> ActionResult:
    """confirm_action's body: run the stored plan behind a confirmation id, with step progress."""
    g = guard(runtime(ctx))
    with audit_cancellation(g, "confirm_action"):
        return await g.confirm(confirmation_id, progress=reporter(ctx, "steps"), can_elicit=client_can_elicit(ctx))
