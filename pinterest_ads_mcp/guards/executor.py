"""Carry out a plan: every write in order, nothing twice, and an honest account of each step.

Creates come first, under a campaign created PAUSED; the activation writes are last and only run
when every earlier step succeeded. If a step fails, what this plan created is archived and every step's outcome is
reported. A write whose answer never arrived (timeout, dropped connection, 5xx) is *looked up*
before anything else happens: if it was applied, the plan goes on with what was found; if it was
not, the plan stops. It is never sent again blindly.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import anyio
import anyio.lowlevel
from pydantic import BaseModel, Field

from ..pinterest.client import PinterestClient
from ..pinterest.errors import PinterestError, UnknownOutcome
from ..pinterest.models import ItemResult
from .plan import Plan, Write, is_ref

StepStatus = Literal["ok", "failed", "unknown", "not_sent"]
LOOKUP_MARGIN_S = 600  # clock skew allowance when matching "created since we started"

Audit = Callable[[str, dict[str, Any]], None]
Progress = Callable[[float, float | None, str | None], Awaitable[None]]


class StepOutcome(BaseModel):
    step: str
    what: str = Field(description="What the step does")
    status: StepStatus
    ids: list[str] = Field(default_factory=list, description="Entity ids this step created or changed")
    errors: list[str] = Field(default_factory=list)
    note: str | None = None


class Execution(BaseModel):
    status: Literal["done", "failed", "partial"]
    steps: list[StepOutcome]
    created: dict[str, str] = Field(default_factory=dict, description="Plan name -> new entity id")
    rolled_back: list[str] = Field(default_factory=list, description="Ids archived because a later step failed")
    message: str


class _Stop(Exception):
    """A create step failed or its outcome stayed unknown: stop and roll back."""


def _substitute(value: Any, ids: dict[str, str]) -> Any:
    if is_ref(value):
        return ids[value["$ref"]]
    if isinstance(value, dict):
        return {k: _substitute(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, ids) for v in value]
    return value


def _keyword_parent(items: list[dict[str, Any]]) -> str:
    """The one parent a keyword write's items share (Pinterest takes one ``parent_id`` per request)."""
    parents = {str(i["parent_id"]) for i in items}
    if len(parents) != 1:
        raise ValueError(f"a keyword write holds keywords of exactly one parent, got {sorted(parents)}")
    return parents.pop()


class Executor:
    def __init__(self, client: PinterestClient, audit: Audit, clock: Callable[[], float] = time.time) -> None:
        self.client = client
        self.audit = audit
        self.clock = clock

    async def _send(self, account: str, write: Write, items: list[dict[str, Any]]) -> list[ItemResult]:
        if write.entity == "keyword":
            if write.op != "create":
                raise ValueError("keyword writes in a plan are creates; archiving happens only in rollback")
            parent = _keyword_parent(items)
            return await self.client.create_keywords(
                account, parent, [{"value": i["value"], "match_type": i["match_type"]} for i in items])
        method = getattr(self.client, f"{write.op}_{write.entity}s")
        return await method(account, items)

    async def run(self, plan: Plan, progress: Progress | None = None) -> Execution:
        """Send the plan's writes in order. ``progress(done, total, message)`` hears of each step
        (the tools turn it into MCP progress notifications; this layer knows nothing of MCP)."""
        account = plan.ad_account_id
        started = self.clock()
        ids: dict[str, str] = {}
        steps: list[StepOutcome] = []
        failed_at: int | None = None
        partial = False
        for index, write in enumerate(plan.writes):
            items = [_substitute(item, ids) for item in write.items]
            outcome = StepOutcome(step=write.key, what=write.describe, status="ok")
            steps.append(outcome)
            try:
                try:
                    # A cancelled call (notifications/cancelled, a closed stream) sends no further write; a write
                    # already on its way is finished and recorded (shielded), so the audit log says what it did.
                    await anyio.lowlevel.checkpoint_if_cancelled()
                    with anyio.CancelScope(shield=True):
                        results = await self._send(account, write, items)
                        self.audit("write", {"step": write.key, "op": write.op, "entity": write.entity,
                                             "items": len(items), "ok": sum(r.ok for r in results),
                                             "ids": [str(r.data["id"]) for r in results if r.ok and r.data
                                                     and r.data.get("id")]})
                except UnknownOutcome as exc:
                    self.audit("write_unknown", {"step": write.key, "error": str(exc)})
                    results = await self._look_up(account, write, items, ids, started, outcome)
                for position, result in enumerate(results):
                    if result.ok and result.data and result.data.get("id"):
                        entity_id = str(result.data["id"])
                        outcome.ids.append(entity_id)
                        if write.op == "create" and position < len(write.names):
                            ids[write.names[position]] = entity_id
                    else:
                        outcome.errors += [f"item {position}: {e.message}" for e in result.errors] or [
                            f"item {position}: no answer"]
                if len(results) < len(items):
                    outcome.errors.append(f"{len(items) - len(results)} item(s) got no answer")
                if outcome.errors:
                    if plan.atomic:
                        if outcome.status != "unknown":
                            outcome.status = "failed"
                        raise _Stop
                    outcome.status = "failed" if not outcome.ids else "ok"
                    partial = True
            except _Stop:
                failed_at = index
                break
            except PinterestError as exc:
                self.audit("write_failed", {"step": write.key, "error": str(exc)})
                outcome.status = "failed"
                outcome.errors.append(str(exc))
                if plan.atomic:
                    failed_at = index
                    break
                partial = True
            finally:
                if progress is not None:
                    await progress(index + 1, len(plan.writes), f"{write.describe}: {outcome.status}")
        if failed_at is not None:
            for write in plan.writes[failed_at + 1:]:
                steps.append(StepOutcome(step=write.key, what=write.describe, status="not_sent"))
            archived = await self._roll_back(plan, ids, steps)
            return Execution(status="failed", steps=steps, created=dict(ids), rolled_back=archived,
                             message=self._failure_message(steps, archived, ids))
        status: Literal["done", "partial", "failed"] = "done"
        if partial:
            status = "partial" if any(s.ids for s in steps) else "failed"
        message = "Every step succeeded." if status == "done" else "Some items were refused; see each step's errors."
        return Execution(status=status, steps=steps, created=ids, message=message)

    # -- unknown outcomes ------------------------------------------------------------------------
    async def _look_up(self, account: str, write: Write, items: list[dict[str, Any]], ids: dict[str, str],
                       started: float, outcome: StepOutcome) -> list[ItemResult]:
        """Find out what an unanswered write did. Returns synthetic per-item results: found items
        as data, missing ones as errors. Never resends the write."""
        known = set(ids.values())
        if write.op == "create":
            found = await self._find_created(account, write, items, known, started)
        else:
            found = await self._find_updated(account, write, items)
        hits = sum(1 for f in found if f is not None)
        outcome.note = (f"The answer to this write was lost; looked it up: {hits} of {len(items)} item(s) "
                        "found applied. It was not sent again.")
        self.audit("lookup", {"step": write.key, "found": hits, "of": len(items)})
        results: list[ItemResult] = []
        for f in found:
            if f is not None:
                results.append(ItemResult(data=f))
            else:
                results.append(ItemResult.parse({"exceptions": {"message": "outcome unknown and not found by lookup; "
                                                                "not sent again"}}))
        if hits < len(items):
            outcome.status = "unknown"
        return results

    async def _find_created(self, account: str, write: Write, items: list[dict[str, Any]], known: set[str],
                            started: float) -> list[dict[str, Any] | None]:
        if write.entity == "keyword":
            return await self._find_keywords(account, items, known)
        statuses = ["ACTIVE", "PAUSED", "ARCHIVED"]
        if write.entity == "campaign":
            rows = [c.model_dump() for c in await self.client.list_campaigns(account, statuses=statuses)]
            fields = ("name", "objective_type")
        elif write.entity == "ad_group":
            parents = sorted({str(i["campaign_id"]) for i in items})
            rows = [g.model_dump() for g in await self.client.list_ad_groups(account, campaign_ids=parents,
                                                                             statuses=statuses)]
            fields = ("name", "campaign_id")
        else:
            parents = sorted({str(i["ad_group_id"]) for i in items})
            rows = [a.model_dump() for a in await self.client.list_ads(account, ad_group_ids=parents,
                                                                       statuses=statuses)]
            fields = ("pin_id", "ad_group_id", "name")
        since = started - LOOKUP_MARGIN_S
        pool = [r for r in rows if r["id"] not in known and (r.get("created_time") or since) >= since]
        found: list[dict[str, Any] | None] = []
        for item in items:
            match = next((r for r in pool if all(r.get(f) == item.get(f) for f in fields if f in item)), None)
            if match is not None:
                pool.remove(match)
            found.append(match)
        return found

    async def _find_keywords(self, account: str, items: list[dict[str, Any]],
                             known: set[str]) -> list[dict[str, Any] | None]:
        """Keywords have no created time, but a launch's parent is the ad group it just created, so
        every live keyword under it with the same value and match type is one this write made."""
        rows = [k.model_dump() for k in await self.client.list_keywords(account, ad_group_id=_keyword_parent(items))]
        pool = [r for r in rows if r["id"] not in known and not r.get("archived")]
        found: list[dict[str, Any] | None] = []
        for item in items:
            match = next((r for r in pool if r.get("match_type") == item["match_type"]
                          and str(r.get("value", "")).casefold() == str(item["value"]).strip().casefold()), None)
            if match is not None:
                pool.remove(match)
            found.append(match)
        return found

    async def _find_updated(self, account: str, write: Write, items: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
        wanted = [str(i["id"]) for i in items]
        statuses = ["ACTIVE", "PAUSED", "ARCHIVED"]
        if write.entity == "campaign":
            rows = await self.client.list_campaigns(account, campaign_ids=wanted, statuses=statuses)
        elif write.entity == "ad_group":
            rows = await self.client.list_ad_groups(account, ad_group_ids=wanted, statuses=statuses)
        else:
            rows = await self.client.list_ads(account, ad_ids=wanted, statuses=statuses)
        by_id = {r.id: r.model_dump() for r in rows}
        found: list[dict[str, Any] | None] = []
        for item in items:
            row = by_id.get(str(item["id"]))
            applied = row is not None and all(row.get(k) == v for k, v in item.items() if k not in ("id", "ad_account_id"))
            found.append(row if applied else None)
        return found

    # -- rollback --------------------------------------------------------------------------------
    async def _roll_back(self, plan: Plan, ids: dict[str, str], steps: list[StepOutcome]) -> list[str]:
        """Archive what this plan created (campaign first: that stops any spend at once; keywords
        last, with their own PATCH, since they cannot spend and archiving is their delete)."""
        archived: list[str] = []
        order = {"campaign": 0, "ad_group": 1, "ad": 2, "keyword": 3}
        targets: dict[str, list[str]] = {"campaign": [], "ad_group": [], "ad": [], "keyword": []}
        for write in plan.writes:
            if write.op != "create":
                continue
            targets[write.entity] += [ids[name] for name in write.names if name in ids]
        for entity in sorted(targets, key=order.__getitem__):
            entity_ids = targets[entity]
            if not entity_ids:
                continue
            size = len(entity_ids) if entity == "keyword" else 30  # keywords: one PATCH, like their create
            for start in range(0, len(entity_ids), size):
                chunk = entity_ids[start:start + size]
                items: list[dict[str, Any]] = [{"id": i, "status": "ARCHIVED"} for i in chunk]
                if entity == "campaign":
                    items = [{**i, "ad_account_id": plan.ad_account_id} for i in items]
                step = StepOutcome(step=f"rollback_{entity}s", what=f"archive the {entity.replace('_', ' ')}(s) this "
                                   "plan created", status="ok")
                steps.append(step)
                try:
                    if entity == "keyword":
                        results = await self.client.archive_keywords(plan.ad_account_id, chunk)
                    else:
                        results = await getattr(self.client, f"update_{entity}s")(plan.ad_account_id, items)
                    self.audit("write", {"step": step.step, "op": "update", "entity": entity, "items": len(items),
                                         "ok": sum(r.ok for r in results)})
                except UnknownOutcome as exc:
                    step.status = "unknown"
                    step.errors.append(str(exc))
                    step.note = ("Archiving may not have happened; the campaign was created PAUSED and never "
                                 "activated, so nothing under it can deliver.")
                    continue
                except PinterestError as exc:
                    step.status = "failed"
                    step.errors.append(str(exc))
                    continue
                for entity_id, result in zip(chunk, results, strict=False):
                    if result.ok:
                        step.ids.append(entity_id)
                        archived.append(entity_id)
                    else:
                        step.errors += [f"{entity_id}: {e.message}" for e in result.errors]
                if step.errors:
                    step.status = "failed"
        return archived

    @staticmethod
    def _failure_message(steps: list[StepOutcome], archived: list[str], ids: dict[str, str]) -> str:
        bad = next(s for s in steps if s.status in ("failed", "unknown"))
        left = [i for i in ids.values() if i not in archived]
        text = f"Step {bad.step} {'failed' if bad.status == 'failed' else 'has an unknown outcome'}"
        if bad.errors:
            text += f": {bad.errors[0]}"
        text += ". Later steps were not sent."
        if archived:
            text += f" Archived what this plan had created ({', '.join(archived)})."
        if left:
            text += f" Not archived (check them; they were created PAUSED): {', '.join(left)}."
        return text
