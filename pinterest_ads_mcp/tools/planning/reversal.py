"""Reverse a recorded action from the before-snapshots its plan carries.

An update is reversed field by field: each field the action set goes back to its value in the
snapshot, and only when the entity still holds what the action set (otherwise that is a conflict:
someone changed it since, and nothing is changed). What the action created is paused (a campaign,
which stops everything under it; ads when no campaign was created); keywords it added are archived
and keywords it archived are added again; labels it put on campaigns come off and labels it took off
go back on. Pins stay (organic content, not undoable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...guards.plan import EntityKind, Plan, Snapshot, Write
from ...pinterest.client import ID_CHUNK, chunks
from ...pinterest.money import micro_to_str

_MONEY = {"daily_spend_cap", "lifetime_spend_cap", "budget_in_micro_currency", "bid_in_micro_currency"}


@dataclass
class Reversal:
    """The writes that undo an action, the checks they rest on, and words for the summary."""

    updates: dict[EntityKind, dict[str, dict[str,
                                             Any]]] = field(default_factory=dict)  # entity -> id -> fields
    expected: dict[EntityKind, dict[str, dict[str, Any]]] = field(default_factory=dict)  # what the action set
    pause: dict[EntityKind, list[str]] = field(default_factory=dict)  # entity -> created ids to pause
    archive_keywords: list[str] = field(default_factory=list)
    restore_keywords: list[Snapshot] = field(default_factory=list)
    labels: list[dict[str, Any]] = field(default_factory=list)  # label pairs to set, status flipped back
    not_undone: list[str] = field(default_factory=list)


def _ok_steps(result: dict[str, Any]) -> set[str]:
    return {s["step"] for s in result.get("steps") or [] if s.get("status") == "ok"}


def reversal_of(plan: Plan, result: dict[str, Any]) -> Reversal:
    """What undoing ``plan`` (carried out with ``result``) takes. Raises ValueError naming what
    cannot be undone (a field without a before-snapshot)."""
    out = Reversal()
    done = _ok_steps(result)
    created: dict[str, str] = result.get("created") or {}
    for write in plan.writes:
        if write.key not in done:
            continue
        if write.op == "create":
            ids = [created[n] for n in write.names if n in created]
            if write.entity == "keyword":
                out.archive_keywords += ids
            elif write.entity == "pin":
                out.not_undone += [f"pin {i} stays (organic content)" for i in ids]
            else:
                out.pause.setdefault(write.entity, []).extend(ids)
            continue
        if write.entity == "label":  # each item is the exact (label, campaign) pair the action changed
            out.labels += [{**i, "status": "ARCHIVED" if i["status"] == "ACTIVE" else "ACTIVE"} for i in write.items]
            continue
        for item in write.items:
            entity_id = str(item.get("id"))
            if write.entity == "keyword":
                snap = plan.snapshot("keyword", entity_id)
                if snap is None or not snap.name or not snap.match_type:
                    raise ValueError(f"keyword {entity_id}: no before-snapshot, so it cannot be added again")
                out.restore_keywords.append(snap)
                continue
            if write.activation and entity_id.startswith("{"):
                continue
            snap = plan.snapshot(write.entity, entity_id)
            if snap is None:
                raise ValueError(f"{write.entity.replace('_', ' ')} {entity_id}: the action recorded no "
                                 "before-snapshot of it")
            for key, value in item.items():
                if key in ("id", "ad_account_id"):
                    continue
                if key not in Snapshot.model_fields:
                    raise ValueError(f"{write.entity.replace('_', ' ')} {entity_id}: {key} has no before-snapshot")
                out.updates.setdefault(write.entity, {}).setdefault(entity_id, {})[key] = getattr(snap, key)
                out.expected.setdefault(write.entity, {}).setdefault(entity_id, {})[key] = value
    # A created campaign paused stops everything under it: its children need no write of their own.
    if out.pause.get("campaign"):
        out.pause = {"campaign": out.pause["campaign"]}
    return out


def words(key: str, value: Any, currency: str) -> str:
    if value is None:
        return "none"
    if key in _MONEY:
        return f"{micro_to_str(value, currency)} {currency}"
    return str(value)


def writes_for(rev: Reversal, account_id: str, live: dict[str, dict[str, Any]]) -> list[Write]:
    """The reversing requests; ``live`` (entity -> id -> status) skips what is already paused."""
    writes: list[Write] = []
    for entity, by_id in rev.updates.items():
        items = [{"id": i, **({"ad_account_id": account_id} if entity == "campaign" else {}), **fields}
                 for i, fields in by_id.items()]
        writes.append(Write(key=f"restore_{entity}s", op="update", entity=entity, items=items,
                            describe=f"put {len(items)} {entity.replace('_', ' ')}(s) back as they were"))
    for entity, ids in rev.pause.items():
        todo = [i for i in ids if live.get(entity, {}).get(i) not in ("PAUSED", "ARCHIVED", None)]
        if todo:
            items = [{"id": i, **({"ad_account_id": account_id} if entity == "campaign" else {}), "status": "PAUSED"}
                     for i in todo]
            writes.append(Write(key=f"pause_{entity}s", op="update", entity=entity, items=items,
                                describe=f"pause {len(todo)} {entity.replace('_', ' ')}(s) the action created"))
    if rev.archive_keywords:
        writes.append(Write(key="archive_keywords", op="update", entity="keyword",
                            items=[{"id": i, "archived": True} for i in rev.archive_keywords],
                            describe=f"archive {len(rev.archive_keywords)} keyword(s) the action added"))
    parents: dict[str, list[Snapshot]] = {}
    for snap in rev.restore_keywords:
        parents.setdefault(str(snap.parent_id), []).append(snap)
    for n, (parent, snaps) in enumerate(parents.items(), 1):
        writes.append(Write(key=f"restore_keywords_{n}", op="create", entity="keyword",
                            items=[{"parent_id": parent, "value": s.name, "match_type": s.match_type} for s in snaps],
                            names=[f"keyword:{n}:{i}" for i in range(len(snaps))],
                            describe=f"add {len(snaps)} archived keyword(s) back to ad group {parent}"))
    return writes + label_writes(rev.labels)


def label_writes(pairs: list[dict[str, Any]]) -> list[Write]:
    """Label pairs as writes, each one request: a label taken off up to 250 campaigns, or the labels
    put back on one campaign."""
    off: dict[str, list[dict[str, Any]]] = {}
    on: dict[str, list[dict[str, Any]]] = {}
    for pair in pairs:
        group = off if pair["status"] == "ARCHIVED" else on
        group.setdefault(str(pair["id"] if group is off else pair["campaign_id"]), []).append(pair)
    writes: list[Write] = []
    for label_id, items in off.items():
        for n, chunk in enumerate(chunks(items, ID_CHUNK), 1):
            writes.append(Write(key=f"remove_label_{label_id}_{n}", op="update", entity="label", items=chunk,
                                describe=f"take label {chunk[0]['value']!r} off {len(chunk)} campaign(s)"))
    for campaign_id, items in on.items():
        writes.append(Write(key=f"put_labels_on_{campaign_id}", op="update", entity="label", items=items,
                            describe=f"put {', '.join(repr(i['value']) for i in items)} back on campaign "
                                     f"{campaign_id}"))
    return writes
