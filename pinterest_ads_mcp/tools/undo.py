"""undo_action: reverse a recorded change from the before-snapshots in its plan.

The reversal is a plan like any other: it goes through the policy, the spend decision (putting a
budget back up, or re-activating, needs a person's yes) and the audit log. If an entity changed
since the action (it no longer holds what the action set), the conflict is shown and nothing is sent.
"""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context, ElicitationResult, MCPServer, Resolve
from mcp_types import ToolAnnotations
from pydantic import Field

from ..guards.confirm import Confirm
from ..guards.enabled import snapshot_of, with_enabled_summary
from ..guards.plan import Plan, Snapshot, Summary
from ..guards.service import ActionResult, Prepared
from ..pinterest.models import Keyword
from .planning.forecast import with_forecast
from .planning.label_undo import check_label_pairs
from .planning.reversal import reversal_of, words, writes_for
from .planning.snapshots import Level, read_entities
from .support.common import InputError, tool_errors
from .support.runtime import runtime
from .support.writes import carry_out, guard, make_ask, with_context

UNDOABLE = frozenset({"update_status", "update_budget", "update_ad_group", "update_campaign", "manage_keywords",
                      "create_campaign", "boost_pin", "add_ads", "duplicate_campaign", "undo_action",
                      "apply_label", "remove_label"})


def _same(now: Any, then: Any) -> bool:
    return now == then or (now in (None, {}, []) and then in (None, {}, []))


@tool_errors
async def prepare_undo_action(ctx: Context, action_ref: str) -> Prepared:
    """Resolver: read the action and the entities it touched, check nothing changed since, plan the reversal."""
    rt = runtime(ctx)
    ref = action_ref.strip()
    found = guard(rt).store.action(ref)
    if found is None:
        raise InputError(f"action_ref: no recorded action {ref!r} (get_action_log lists them)")
    plan, state, result = found
    if plan.tool not in UNDOABLE:
        raise InputError(f"action_ref: {plan.tool} actions cannot be undone here")
    if state != "done" or not result or result.get("status") not in ("done", "partial"):
        raise InputError(f"action_ref: action {ref} ({plan.tool}) was not carried out (state {state}); "
                         "nothing to undo")
    try:
        rev = reversal_of(plan, result)
    except ValueError as exc:
        raise InputError(f"action_ref: {ref} cannot be undone: {exc}") from None
    account_id, currency = plan.ad_account_id, plan.currency
    rt.policy.check_account(account_id)
    current: dict[str, dict[str, Any]] = {}
    levels: tuple[Level, ...] = ("ad", "ad_group", "campaign")
    for level in levels:
        if level in rev.updates or level in rev.pause:
            ids = [*rev.updates.get(level, {}), *rev.pause.get(level, [])]
            current[level] = await read_entities(rt, account_id, level, ids)
    conflicts: list[str] = []
    lines: list[str] = []
    for entity, by_id in rev.updates.items():
        for entity_id, fields in by_id.items():
            row = current.get(entity, {}).get(entity_id)
            label = f"{entity.replace('_', ' ')} {entity_id}"
            if row is None:
                conflicts.append(f"{label} no longer exists")
                continue
            changes = []
            for key, old in fields.items():
                now, then = getattr(row, key, None), rev.expected[entity][entity_id][key]
                if not _same(now, then):
                    conflicts.append(f"{label}: {key} is now {words(key, now, currency)}, not "
                                     f"{words(key, then, currency)} as the action left it")
                changes.append(f"{key} {words(key, now, currency)} -> {words(key, old, currency)}")
            lines.append(f"{label}: " + "; ".join(changes))
    parents: set[str] = set()  # with keywords to archive or put back: their ad groups and live keywords
    live: dict[str, Keyword] = {}
    if rev.archive_keywords or rev.restore_keywords:
        parents = {str(s.parent_id) for s in rev.restore_keywords} | {
            str(i.get("parent_id")) for w in plan.writes if w.entity == "keyword" and w.op == "create" for i in w.items}
        live = {k.id: k for p in parents if p.isdigit() for k in await rt.client.list_keywords(account_id, ad_group_id=p)}
        gone = [i for i in rev.archive_keywords if i not in live]
        rev.archive_keywords = [i for i in rev.archive_keywords if i in live]
        if gone:
            lines.append(f"already archived, left alone: keyword(s) {', '.join(gone)}")
        back = {(k.parent_id, (k.value or '').casefold(), k.match_type) for k in live.values()}
        rev.restore_keywords = [s for s in rev.restore_keywords
                                if (s.parent_id, (s.name or '').casefold(), s.match_type) not in back]
        lines += [f"archive keyword {i} ({live[i].value!r} {live[i].match_type})" for i in rev.archive_keywords]
        lines += [f"add keyword {s.name!r} {s.match_type} back to ad group {s.parent_id}" for s in rev.restore_keywords]
    if rev.labels:
        more, clashes = await check_label_pairs(rt, account_id, rev.labels)
        lines += more
        conflicts += clashes
    if conflicts:
        raise InputError(f"action_ref: {ref} cannot be undone, changed since: " + "; ".join(conflicts)
                         + ". Nothing was sent; change it with the update tools instead.")
    statuses = {e: {i: getattr(r, "status", None) for i, r in rows.items()} for e, rows in current.items()}
    writes = writes_for(rev, account_id, statuses)
    for entity, ids in rev.pause.items():
        lines += [f"{entity.replace('_', ' ')} {i}: {statuses.get(entity, {}).get(i)} -> PAUSED" for i in ids
                  if statuses.get(entity, {}).get(i) not in ("PAUSED", "ARCHIVED", None)]
    before = [snapshot_of(e, row) for e, rows in current.items() for row in rows.values()]  # type: ignore[arg-type]
    if rev.archive_keywords or rev.restore_keywords:
        before += [Snapshot(entity="keyword", id=i, name=live[i].value, match_type=live[i].match_type,
                            parent_id=live[i].parent_id) for i in rev.archive_keywords]
        groups = await read_entities(rt, account_id, "ad_group", sorted(p for p in parents if p.isdigit()))
        before += [snapshot_of("ad_group", g) for g in groups.values()]
    before = await with_context(rt, account_id, before) if before else []
    summary = Summary(action=f"Undo {plan.tool} {ref}: " + ("put back as it was" if writes else "nothing left to undo"),
                      will_exist=lines, notes=rev.not_undone)
    undo = Plan(tool="undo_action", ad_account_id=account_id, currency=currency, writes=writes, before=before,
                summary=summary)
    return guard(rt).prepare(await with_forecast(rt, with_enabled_summary(undo), {}))


ask_undo_action = make_ask(prepare_undo_action)


@tool_errors
async def undo_action(
    ctx: Context,
    action_ref: Annotated[str, Field(min_length=1, max_length=64, description="An action_ref from get_action_log")],
    prepared: Annotated[Prepared, Resolve(prepare_undo_action)],
    decision: Annotated[ElicitationResult[Confirm], Resolve(ask_undo_action)],
) -> ActionResult:
    """Reverse a change from the action log (statuses, budgets, bids, targeting, schedules, names,
    keywords, labels); what a launch or copy created is paused. Refused, showing the conflict, if an
    entity changed since. A reversal raising spend needs a person's yes (confirm_action).
    """
    return await carry_out(ctx, prepared, decision)


def register(server: MCPServer) -> None:
    server.add_tool(undo_action, annotations=ToolAnnotations(
        title="Undo an action", read_only_hint=False, destructive_hint=True, idempotent_hint=False,
        open_world_hint=True))
