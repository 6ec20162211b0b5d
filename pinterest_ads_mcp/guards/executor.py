"""Carry out a plan: every write in order, nothing twice, and an honest account of each step.

Creates come first, under a campaign created PAUSED; the activation writes are last and only run
when every earlier step succeeded. If a step fails, what this plan created is archived and every step's outcome is
reported. A write whose answer never arrived (timeout, dropped connection, 5xx) is *looked up*
before anything else happens: if it was applied, the plan goes on with what was found; if it was
not, the plan stops. It is never sent again blindly.

What counts as "found" after a lost create: an entity is this plan's only when it provably did not
exist before the write was sent and it matches everything the write sent. Before every create, the
executor lists the live entities of that kind under that parent (campaigns of the ad account, ad
groups of the campaign, ads or keywords of the ad group) and keeps their ids; after a lost answer it
lists again and considers only ids that were not there before and whose parent, name, status,
budget, schedule, targeting and every other sent field equal what was sent. When that leaves more
candidates than items sent (someone made an identical one meanwhile), nothing is adopted. Anything
not adopted leaves the step ``unknown``: the plan stops, nothing is activated, and only what this
plan provably created is archived. Cost: one list request (more for accounts with many pages of
campaigns) before each create write; a launch of campaign, ad group and up to 30 ads sends three.
Before switching on a new campaign without a campaign budget, one more list checks that no ACTIVE
ad group someone else added under it would start spending too.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import anyio
import anyio.lowlevel
from pydantic import BaseModel, Field

from ..pinterest.client import PinterestClient
from ..pinterest.errors import PinterestError, UnknownOutcome
from ..pinterest.models import ItemResult, label_pairs, labels_created
from .plan import Plan, Snapshot, Write, is_ref

StepStatus = Literal["ok", "failed", "unknown", "not_sent"]
ROLLBACK_ATTEMPTS = 3  # archiving is idempotent: the one write sent again after a lost answer
LIVE = ["ACTIVE", "PAUSED"]  # ARCHIVED is final: nothing we create or adopt is ever ARCHIVED
# Sent fields a found entity must carry, equal, to count as the one a lost create made. Any other
# sent field is compared too when the answer has it.
MUST_MATCH = frozenset({"name", "status", "campaign_id", "ad_group_id", "pin_id", "objective_type",
                        "daily_spend_cap", "lifetime_spend_cap", "budget_in_micro_currency", "budget_type",
                        "bid_in_micro_currency", "start_time", "end_time", "targeting_spec", "destination_url",
                        "creative_type", "value", "match_type", "is_flexible_daily_budgets",
                        "is_campaign_budget_optimization", "billable_event", "bid_strategy_type"})

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


def _same(sent: Any, got: Any) -> bool:
    """``got`` (as Pinterest answers) carries ``sent``: dicts by the keys sent, lists as multisets."""
    if isinstance(sent, dict):
        return isinstance(got, dict) and all(_same(v, got.get(k)) for k, v in sent.items() if v is not None)
    if isinstance(sent, list):
        if not isinstance(got, list) or len(sent) != len(got):
            return False
        canon = sorted(json.dumps(v, sort_keys=True, default=str) for v in got)
        return sorted(json.dumps(v, sort_keys=True, default=str) for v in sent) == canon
    if isinstance(sent, bool) and got is None:
        return sent is False
    if isinstance(sent, str) and isinstance(got, (int, float)) or isinstance(got, str) and isinstance(sent, int):
        return str(sent) == str(got)
    return bool(sent == got)


def _matches(entity: str, item: dict[str, Any], row: dict[str, Any]) -> bool:
    """Whether an entity found after a lost create equals everything the create sent."""
    for key, value in item.items():
        if key == "parent_id" and entity == "keyword":
            continue  # listed under that parent
        if entity == "keyword" and key == "value":
            if str(row.get("value", "")).strip().casefold() != str(value).strip().casefold():
                return False
            continue
        if key not in row or row[key] is None:
            if value is None or (key not in MUST_MATCH and key not in row):
                continue
            if isinstance(value, bool) and value is False:
                continue
            return False
        if not _same(value, row[key]):
            return False
    return item.get("status", "ACTIVE") == row.get("status", "ACTIVE") or entity == "keyword"


def _failed(message: str) -> ItemResult:
    return ItemResult.parse({"exceptions": {"message": message}})


def _label_write(items: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """(the status a label write sets, its campaign ids): ARCHIVED for one label on many campaigns,
    ACTIVE for labels on one campaign."""
    statuses = {str(i["status"]) for i in items}
    cids = list(dict.fromkeys(str(i["campaign_id"]) for i in items))
    if statuses == {"ARCHIVED"} and len({str(i["id"]) for i in items}) == 1:
        return "ARCHIVED", cids
    if statuses == {"ACTIVE"} and len(cids) == 1:
        return "ACTIVE", cids
    raise ValueError("a label write takes one label off campaigns, or puts labels back on one campaign")


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
        self.before: list[Snapshot] = []

    async def _send(self, account: str, write: Write, items: list[dict[str, Any]]) -> list[ItemResult]:
        if write.entity == "label":
            return await self._send_labels(account, items)
        if write.entity == "keyword":
            if write.op != "create":  # archiving, Pinterest's delete, is the one keyword update
                return await self.client.archive_keywords(account, [str(i["id"]) for i in items])
            parent = _keyword_parent(items)
            return await self.client.create_keywords(
                account, parent, [{"value": i["value"], "match_type": i["match_type"]} for i in items])
        method = getattr(self.client, f"{write.op}_{write.entity}s")
        return await method(account, items)

    async def _send_labels(self, account: str, items: list[dict[str, Any]]) -> list[ItemResult]:
        """Label pairs, the label tools' own requests: taking a label off campaigns is the labels
        guide's ``remove`` (one label per write); putting labels back on a campaign they were taken off
        is a create on that campaign (``apply`` answers ARCHIVED for such a pair), one campaign per write."""
        key, cids = _label_write(items)
        if key == "ARCHIVED":
            pairs = label_pairs(await self.client.remove_label(account, str(items[0]["id"]), cids))
            results = []
            for cid in cids:
                status, message = pairs.get(cid, ("NULL", "no answer"))
                ok = status == "ARCHIVED" and message is None
                results.append(ItemResult(data={"id": cid}) if ok else _failed(message or f"label is {status}"))
            return results
        answer = await self.client.create_labels(account, cids[0], [{"label_type": str(i["label_type"]),
                                                                    "value": str(i["value"])} for i in items])
        made = {(str(lab.get("value", "")).casefold(), lab.get("label_type")) for lab in labels_created(answer, cids[0])
                if lab.get("status", "ACTIVE") == "ACTIVE"}
        said = "; ".join(m for err in answer.get("errors") or [] for m in err.get("error_messages") or [])
        return [ItemResult(data={"id": cids[0]}) if (str(i["value"]).casefold(), i["label_type"]) in made
                else _failed(said or "not put back") for i in items]

    async def run(self, plan: Plan, progress: Progress | None = None) -> Execution:
        """Send the plan's writes in order. ``progress(done, total, message)`` hears of each step
        (the tools turn it into MCP progress notifications; this layer knows nothing of MCP)."""
        account = plan.ad_account_id
        self.before = plan.before  # what a lost answer's lookup may need (a keyword's ad group)
        ids: dict[str, str] = {}
        steps: list[StepOutcome] = []
        failed_at: int | None = None
        partial = False
        for index, write in enumerate(plan.writes):
            items = [_substitute(item, ids) for item in write.items]
            outcome = StepOutcome(step=write.key, what=write.describe, status="ok")
            steps.append(outcome)
            try:
                # What already exists under the parent, so a lost answer can be told apart from a
                # same-named entity someone else made (see the module docstring).
                existing = await self._existing(account, write, items) if write.op == "create" else set()
                if write.activation:
                    await self._check_strangers(plan, account, write, items, ids, outcome)
                results: list[ItemResult] = []  # an item without an answer counts as failed (below)
                try:
                    # A cancelled call (notifications/cancelled, a closed stream) sends no further write; a write
                    # already on its way is finished and recorded (shielded), so the audit log says what it did.
                    await anyio.lowlevel.checkpoint_if_cancelled()
                    # No write without its audit record: recorded before it is sent; when the audit
                    # log cannot be written this raises and the write is not sent.
                    self.audit("write_sending", {"step": write.key, "op": write.op, "entity": write.entity,
                                                 "items": len(items)})
                    with anyio.CancelScope(shield=True):
                        results = await self._send(account, write, items)
                        self.audit("write", {"step": write.key, "op": write.op, "entity": write.entity,
                                             "items": len(items), "ok": sum(r.ok for r in results),
                                             "ids": [str(r.data["id"]) for r in results if r.ok and r.data
                                                     and r.data.get("id")]})
                except UnknownOutcome as exc:
                    self.audit("write_unknown", {"step": write.key, "error": str(exc)})
                    results = await self._look_up(account, write, items, ids, existing, outcome)
                for position, result in enumerate(results):
                    if result.ok and result.data and result.data.get("id"):
                        entity_id = str(result.data["id"])
                        outcome.ids.append(entity_id)
                        if write.op == "create" and position < len(write.names):
                            ids[write.names[position]] = entity_id
                    else:
                        outcome.errors += [f"item {position}: {e.describe()}" for e in result.errors] or [
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
                       existing: set[str], outcome: StepOutcome) -> list[ItemResult]:
        """Find out what an unanswered write did. Returns synthetic per-item results: found items
        as data, missing ones as errors. Never resends the write."""
        known = set(ids.values()) | existing
        if write.op == "create":
            found = await self._find_created(account, write, items, known)
        else:
            found = await self._find_updated(account, write, items)
        hits = sum(1 for f in found if f is not None)
        outcome.note = (f"The answer to this write was lost; looked it up: {hits} of {len(items)} item(s) "
                        "provably made by this write (new since just before it, and equal to what was sent). "
                        "It was not sent again.")
        self.audit("lookup", {"step": write.key, "found": hits, "of": len(items)})
        results: list[ItemResult] = []
        for f in found:
            if f is not None:
                results.append(ItemResult(data=f))
            else:
                why = ("not provably created by this write" if write.op == "create"
                       else "not found applied by this write")
                results.append(ItemResult.parse({"exceptions": {"message": f"outcome unknown: {why}; "
                                                                "not sent again"}}))
        if hits < len(items):
            outcome.status = "unknown"
        return results

    async def _rows(self, account: str, write: Write, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The live entities of ``write``'s kind under the parent its items name."""
        if write.entity == "keyword":
            rows = [k.model_dump() for k in await self.client.list_keywords(account, ad_group_id=_keyword_parent(items))]
            return [r for r in rows if not r.get("archived")]
        if write.entity == "audience":
            return await self.client.list_audiences(account)
        if write.entity == "pin":  # organic pins live on boards: the boards this write names
            boards = sorted({str(i["board_id"]) for i in items})
            return [p.model_dump() for b in boards for p in await self.client.list_board_pins(b)]
        if write.entity == "campaign":
            return [c.model_dump() for c in await self.client.list_campaigns(account, statuses=LIVE)]
        if write.entity == "ad_group":
            parents = sorted({str(i["campaign_id"]) for i in items})
            return [g.model_dump() for g in await self.client.list_ad_groups(account, campaign_ids=parents,
                                                                             statuses=LIVE)]
        parents = sorted({str(i["ad_group_id"]) for i in items})
        return [a.model_dump() for a in await self.client.list_ads(account, ad_group_ids=parents, statuses=LIVE)]

    async def _check_strangers(self, plan: Plan, account: str, write: Write, items: list[dict[str, Any]],
                               ids: dict[str, str], outcome: StepOutcome) -> None:
        """Before switching on a campaign this plan created without a campaign budget, make sure no
        ACTIVE ad group of someone else's appeared under it meanwhile: its budget would spend too,
        beyond what the person approved. (Under a campaign budget the campaign's cap bounds it.)"""
        mine = set(ids.values())
        targets = [str(i["id"]) for i in items if write.entity == "campaign" and str(i.get("id")) in mine]
        created_cbo = {ids.get(n) for w in plan.writes if w.op == "create" and w.entity == "campaign"
                       for n, it in zip(w.names, w.items, strict=False) if it.get("is_campaign_budget_optimization")}
        targets = [t for t in targets if t not in created_cbo]
        if not targets:
            return
        rows = await self.client.list_ad_groups(account, campaign_ids=targets, statuses=["ACTIVE"])
        strangers = sorted(str(r.id) for r in rows if str(r.id) not in mine)
        if strangers:
            self.audit("activation_refused", {"step": write.key, "strangers": strangers})
            outcome.status = "failed"
            outcome.errors.append(f"ACTIVE ad group(s) {', '.join(strangers)} appeared under the new campaign that "
                                  "this plan did not create; their budgets were not approved, so the campaign was "
                                  "not activated")
            raise _Stop

    async def _existing(self, account: str, write: Write, items: list[dict[str, Any]]) -> set[str]:
        """Ids that exist under the parent before a create is sent (what a lost answer can never adopt)."""
        return {str(r["id"]) for r in await self._rows(account, write, items)}

    async def _find_created(self, account: str, write: Write, items: list[dict[str, Any]],
                            known: set[str]) -> list[dict[str, Any] | None]:
        """Per item, the entity it provably created, or None. ``known``: ids that existed before the
        write was sent or that this plan already holds. Candidates must match every sent field; a
        group of identical items adopts only when there are no more candidates than items."""
        pool = [r for r in await self._rows(account, write, items) if str(r["id"]) not in known]
        found: list[dict[str, Any] | None] = [None] * len(items)
        groups: dict[str, list[int]] = {}
        for index, item in enumerate(items):
            groups.setdefault(json.dumps(item, sort_keys=True, default=str), []).append(index)
        for members in groups.values():
            item = items[members[0]]
            matches = sorted((r for r in pool if _matches(write.entity, item, r)), key=lambda r: str(r["id"]))
            if len(matches) > len(members):
                continue  # more identical entities than we sent: which are ours cannot be proved
            for index, row in zip(members, matches, strict=False):
                found[index] = row
        return found

    async def _find_updated(self, account: str, write: Write, items: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
        wanted = [str(i["id"]) for i in items]
        statuses = ["ACTIVE", "PAUSED", "ARCHIVED"]
        if write.entity == "keyword":
            # Archived keywords leave the listings: one still listed under its ad group was not archived.
            parents = {s.parent_id for s in self.before if s.entity == "keyword" and s.id in wanted}
            live = {k.id for p in parents if p for k in await self.client.list_keywords(account, ad_group_id=p)}
            return [None if (i in live or not parents) else {"id": i, "archived": True} for i in wanted]
        if write.entity == "label":
            # Matched by value and type: a label put back on a campaign may carry a new id.
            _, cids = _label_write(items)
            listed = await self.client.list_labels(account, campaign_ids=cids, statuses=["ACTIVE", "ARCHIVED"])
            pairs = {(str(lab.get("value", "")).casefold(), lab.get("label_type"),
                      str(lab.get("parent_id", "")).lstrip("C")): lab.get("status") for entry in listed
                     for lab in entry.get("labels") or []}
            return [{"id": str(i["campaign_id"])} if pairs.get((str(i["value"]).casefold(), i["label_type"],
                                                                str(i["campaign_id"]))) == i["status"] else None
                    for i in items]
        rows: list[Any]  # campaigns, ad groups or ads
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
            if write.op != "create" or write.entity not in targets:
                continue  # pins stay: organic content cannot spend, and deleting a pin is not undoable
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
                    results = await self._archive(plan.ad_account_id, entity, chunk, items, step.step)
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

    async def _archive(self, account: str, entity: str, chunk: list[str], items: list[dict[str, Any]],
                       step: str) -> list[ItemResult]:
        """Archive ``chunk``. Archiving only stops spend and archiving twice changes nothing, so unlike
        every other write it is sent again (up to ROLLBACK_ATTEMPTS times) when its answer is lost."""
        for attempt in range(1, ROLLBACK_ATTEMPTS + 1):
            try:
                if entity == "keyword":
                    results = await self.client.archive_keywords(account, chunk)
                else:
                    results = await getattr(self.client, f"update_{entity}s")(account, items)
            except UnknownOutcome as exc:
                self.audit("write_unknown", {"step": step, "error": str(exc), "attempt": attempt})
                if attempt == ROLLBACK_ATTEMPTS:
                    raise
                continue
            self.audit("write", {"step": step, "op": "update", "entity": entity, "items": len(items),
                                 "ok": sum(r.ok for r in results), "ids": [i for i, r in zip(chunk, results,
                                                                                strict=False) if r.ok]})
            return results
        raise AssertionError("unreachable")

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
