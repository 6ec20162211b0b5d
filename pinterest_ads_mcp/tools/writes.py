"""What every write tool shares: the server's Guard, and the elicitation resolver for a plan.

A write tool has two resolver parameters: ``prepared`` (its own prepare function: validate ->
Plan -> policy -> spend decision) and ``decision`` (the question to the person, built here from the
prepared plan). Resolvers may run twice on the newest protocol, so they only read and plan; the
tool body, which runs once, is the only place anything is written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated, Any

from mcp.server.mcpserver import Context, Resolve
from mcp.server.mcpserver.exceptions import ToolError

from ..guards.confirm import ask
from ..guards.enabled import snapshot_of
from ..guards.plan import Snapshot
from ..guards.service import Guard, Prepared
from ..guards.store import StateStore
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
    if state_dir is None:
        raise ToolError("No state directory is configured (PINTEREST_ADS_STATE_DIR); write tools are unavailable.")
    store = StateStore.in_dir(state_dir, clock=clock)
    made = Guard(rt.client, rt.policy, store, mode=rt.confirmation, environment=rt.environment, clock=clock)
    rt.extras[GUARD_KEY] = made
    return made


def make_ask(prepare: Callable[..., Any]) -> Callable[..., Any]:
    """The elicitation resolver for a tool whose plan comes from ``prepare``."""

    async def ask_person(ctx: Context, prepared: Prepared) -> Any:
        g = guard(runtime(ctx))
        try:
            return ask(ctx, prepared.plan, prepared.spend, g.mode)
        except ToolError as exc:
            g.store.audit("refused_no_elicitation", tool=prepared.plan.tool, detail={"reason": str(exc)})
            raise

    # The Resolve dependency is attached here so one function serves every tool; a distinct
    # qualname gives each tool a stable elicitation key across protocol rounds.
    ask_person.__annotations__ = {"ctx": Context, "prepared": Annotated[Prepared, Resolve(prepare)], "return": Any}
    ask_person.__qualname__ = ask_person.__name__ = f"ask_{prepare.__name__}"
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
