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
