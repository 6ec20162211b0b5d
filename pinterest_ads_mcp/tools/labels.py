"""list_labels, apply_label, remove_label: organise campaigns with BRAND and CUSTOM labels.

Labels are not spend-affecting, so the writes run at once (never through confirmation), but they
respect read-only mode and the account allow-list, and are audited in the state store. What a call
changed (exactly the (label, campaign) pairs whose status it changed) is recorded as a carried-out
action, so ``undo_action`` can put it back.
Follows the labels guide: create = apply to one campaign, ``POST .../labels/{id}/apply`` and
``.../remove`` for up to 250 campaigns per call. Pinterest allows one BRAND and 30 CUSTOM labels
per campaign; that is checked before anything is sent.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from ..guards.plan import Plan, Summary, Write
from ..guards.policy import PolicyViolation
from ..guards.service import TOKEN_BYTES
from ..guards.store import StoreUnavailable, key_of
from ..pinterest.client import ID_CHUNK, chunks
from ..pinterest.errors import PermissionDenied
from ..pinterest.models import label_pairs, labels_created
from .entities import AccountArg
from .support.common import InputError, resolve_account_id, tool_errors
from .support.labels_lookup import closed_beta
from .support.runtime import Runtime, runtime
from .support.writes import guard

log = logging.getLogger(__name__)

LabelType = Literal["BRAND", "CUSTOM"]
MAX_BRAND = 1
MAX_CUSTOM = 30
CREATE_ATTEMPTS = 5

LabelArg = Annotated[
    str,
    Field(
        min_length=1, max_length=100, description="Label text, e.g. 'Spring 2026' (case-insensitive match)"
    ),
]
CampaignIds = Annotated[
    list[Annotated[str, Field(pattern=r"^C?[0-9]{1,18}$")]],
    Field(min_length=1, max_length=5000, description="Campaign ids; any number (sent 250 per request)"),
]


class LabelInfo(BaseModel):
    id: str
    value: str
    label_type: str
    campaign_ids: list[str] = Field(description="Campaigns the label is ACTIVE on")


class LabelsResult(BaseModel):
    environment: str
    ad_account_id: str
    count: int
    labels: list[LabelInfo]


class CampaignOutcome(BaseModel):
    campaign_id: str
    status: str = Field(
        description="ACTIVE (label on), ARCHIVED (label off / previously removed), NULL (failed)"
    )
    message: str | None = None


class LabelChangeResult(BaseModel):
    environment: str
    ad_account_id: str
    label_id: str | None
    label: str
    label_type: str | None
    created: bool = Field(default=False, description="True when the label did not exist and was created")
    api_calls: int = Field(description="Label write requests sent")
    succeeded: int
    failed: int
    outcomes: list[CampaignOutcome]
    action_ref: str | None = Field(default=None,
                                   description="undo_action(action_ref) puts the labels back as they were")


@dataclass
class LabelState:
    """The account's labels as Pinterest lists them: per label, its campaigns and pair statuses."""

    labels: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {value, label_type, pairs}

    def find(self, value: str, label_type: str | None = None) -> dict[str, Any] | None:
        wanted = value.strip().casefold()
        matches = [
            lab
            for lab in self.labels.values()
            if lab["value"].casefold() == wanted and (label_type is None or lab["label_type"] == label_type)
        ]
        # Prefer the label that is in use.
        matches.sort(key=lambda lab: -sum(1 for s in lab["pairs"].values() if s == "ACTIVE"))
        return matches[0] if matches else None

    def active_on(self, campaign_id: str) -> list[dict[str, Any]]:
        return [lab for lab in self.labels.values() if lab["pairs"].get(campaign_id) == "ACTIVE"]


async def load_labels(rt: Runtime, account_id: str) -> LabelState:
    state = LabelState()
    try:
        answered = await rt.client.list_labels(account_id, statuses=["ACTIVE", "ARCHIVED"])
    except PermissionDenied as exc:
        raise closed_beta(exc, account_id) from None
    for item in answered:
        for lab in item.get("labels") or []:
            entry = state.labels.setdefault(
                str(lab["id"]),
                {
                    "id": str(lab["id"]),
                    "value": str(lab.get("value", "")),
                    "label_type": lab.get("label_type"),
                    "pairs": {},
                },
            )
            parent = str(lab.get("parent_id") or "").lstrip("C")
            if parent:
                entry["pairs"][parent] = lab.get("status") or "ACTIVE"
    return state


def _campaign_ids(ids: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(i.lstrip("C") for i in ids))


def _writable(rt: Runtime, account_id: str) -> None:
    if rt.policy.read_only:
        raise PolicyViolation("PINTEREST_ADS_READ_ONLY is set: this server sends no changes to Pinterest")
    rt.policy.check_account(account_id)


def _audit_intent(rt: Runtime, tool: str, detail: dict[str, Any]) -> str:
    """Record, before anything is sent, the label write about to happen; returns the id its action
    will be recorded under. Fails closed: when the audit log cannot be written, nothing reaches Pinterest."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    try:
        guard(rt).store.audit("label_write_planned", ref=key_of(token)[:12], tool=tool, detail=detail)
    except StoreUnavailable as exc:
        raise StoreUnavailable(f"{exc}. Nothing was sent to Pinterest") from None
    return token


def _pair(label_id: str, campaign_id: str, value: str, label_type: str | None, status: str) -> dict[str, Any]:
    """One (label, campaign) pair a call changed, as a label write item (guards.plan)."""
    return {"id": label_id, "campaign_id": campaign_id, "status": status, "value": value, "label_type": label_type}


def _audit(rt: Runtime, tool: str, detail: dict[str, Any], token: str, pairs: list[dict[str, Any]],
           tried: int, currency: str) -> str | None:
    """Record a label write's outcome (its intent is already there) and, as a carried-out action,
    exactly the pairs it changed (so get_action_log marks it and undo_action can reverse it).
    Returns the action's ref."""
    status = "done" if pairs and len(pairs) == tried else "partial" if pairs else "failed"
    word = "put on" if tool == "apply_label" else "taken off"
    action = f"label {detail['label']!r} {word} {len({p['campaign_id'] for p in pairs})} campaign(s)"
    plan = Plan(tool=tool, ad_account_id=detail["ad_account_id"], currency=currency, summary=Summary(action=action),
                writes=[Write(key=tool, op="update", entity="label", items=pairs, describe=action)] if pairs else [])
    steps = [{"step": tool, "what": action, "status": "ok", "ids": [p["campaign_id"] for p in pairs]}] if pairs else []
    ref = key_of(token)[:12]
    try:
        store = guard(rt).store
        store.audit("label_write", ref=ref, tool=tool, detail=detail)
        store.record(token, plan, "done")
        store.finish(token, "done", {"status": status, "action": tool, "steps": steps})
        store.audit("result", ref=ref, tool=tool, detail={"status": status, word.replace(" ", "_"): {
            lid: [p["campaign_id"] for p in pairs if p["id"] == lid] for lid in dict.fromkeys(p["id"] for p in pairs)}})
        return ref
    except Exception:  # an audit failure must not hide what Pinterest already did
        log.exception("could not audit %s", tool)
        return None


def check_limits(
    state: LabelState, label_type: str, label_id: str | None, campaign_ids: Sequence[str]
) -> None:
    """Refuse, before sending, campaigns that already carry a BRAND label or 30 CUSTOM labels."""
    blocked: list[str] = []
    for cid in campaign_ids:
        others = [lab for lab in state.active_on(cid) if lab["id"] != label_id]
        same = [lab for lab in others if lab["label_type"] == label_type]
        limit = MAX_BRAND if label_type == "BRAND" else MAX_CUSTOM
        if len(same) >= limit:
            current = ", ".join(f"{lab['value']!r} ({lab['label_type']})" for lab in others)
            blocked.append(f"campaign {cid} has {current}")
    if blocked:
        rule = (
            "a campaign can carry only one BRAND label"
            if label_type == "BRAND"
            else f"a campaign can carry at most {MAX_CUSTOM} CUSTOM labels"
        )
        shown = "; ".join(blocked[:10]) + (f"; and {len(blocked) - 10} more" if len(blocked) > 10 else "")
        raise InputError(
            f"campaign_ids: {rule}: {shown}. Remove a label first (remove_label) or leave those "
            "campaigns out. Nothing was sent"
        )


def _outcomes(answer: dict[str, Any]) -> dict[str, CampaignOutcome]:
    out: dict[str, CampaignOutcome] = {}
    for eid, (status, message) in label_pairs(answer).items():
        if status == "ARCHIVED" and message is None:
            message = "not applied: the label was removed from this campaign before"
        out[eid] = CampaignOutcome(campaign_id=eid, status=status, message=message)
    return out


def _result(
    rt: Runtime,
    account_id: str,
    label: str,
    label_id: str | None,
    label_type: str | None,
    created: bool,
    calls: int,
    order: Sequence[str],
    outcomes: dict[str, CampaignOutcome],
    ok: str,
) -> LabelChangeResult:
    listed = [
        outcomes.get(cid)
        or CampaignOutcome(campaign_id=cid, status="NULL", message="no answer from Pinterest")
        for cid in order
    ]
    good = sum(1 for o in listed if o.status == ok)
    return LabelChangeResult(
        environment=rt.environment,
        ad_account_id=account_id,
        label_id=label_id,
        label=label,
        label_type=label_type,
        created=created,
        api_calls=calls,
        succeeded=good,
        failed=len(listed) - good,
        outcomes=listed,
    )


@tool_errors
async def list_labels(ctx: Context, ad_account_id: AccountArg = None) -> LabelsResult:
    """List the account's active campaign labels (BRAND and CUSTOM) with the campaigns carrying each.

    Use it before apply_label/remove_label, or list_campaigns(label=...) to see which labels exist.
    Read-only; one request per 250 label entries.
    """
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    state = await load_labels(rt, account_id)
    infos = [
        LabelInfo(
            id=lab["id"],
            value=lab["value"],
            label_type=str(lab["label_type"]),
            campaign_ids=sorted(c for c, s in lab["pairs"].items() if s == "ACTIVE"),
        )
        for lab in state.labels.values()
    ]
    infos = [i for i in infos if i.campaign_ids]
    infos.sort(key=lambda i: (i.label_type, i.value.casefold()))
    return LabelsResult(environment=rt.environment, ad_account_id=account_id, count=len(infos), labels=infos)


@tool_errors
async def apply_label(
    ctx: Context,
    label: LabelArg,
    campaign_ids: CampaignIds,
    ad_account_id: AccountArg = None,
    label_type: Annotated[
        LabelType | None,
        Field(
            description="BRAND (one per campaign) or CUSTOM (up to 30 per campaign). Default: the existing label's "
            "type, else CUSTOM"
        ),
    ] = None,
) -> LabelChangeResult:
    """Tag campaigns with a label, creating the label if it does not exist yet.

    Use it to group campaigns ("Spring 2026", a brand name) for list_campaigns(label=...) and reporting.
    Not spend-affecting: runs at once. Checks Pinterest's limits first (one BRAND, 30 CUSTOM labels per
    campaign) and refuses, naming the campaigns and their labels, before sending anything. Sends one
    request per 250 campaigns (plus one to create a new label); returns each campaign's outcome.
    """
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    _writable(rt, account_id)
    ids = _campaign_ids(campaign_ids)
    state = await load_labels(rt, account_id)
    existing = state.find(label, label_type) or (state.find(label) if label_type is None else None)
    kind = label_type or (existing["label_type"] if existing else "CUSTOM")
    label_id = existing["id"] if existing else None
    check_limits(state, kind, label_id, ids)
    outcomes: dict[str, CampaignOutcome] = {}
    calls = 0
    created = False
    pending = list(ids)
    if existing is not None:
        for cid in ids:
            if existing["pairs"].get(cid) == "ACTIVE":
                outcomes[cid] = CampaignOutcome(campaign_id=cid, status="ACTIVE", message="already labelled")
        # A pair removed earlier is not re-applied by apply; creating the label on that campaign is.
        revive = [cid for cid in ids if existing["pairs"].get(cid) == "ARCHIVED"]
        pending = [cid for cid in ids if cid not in outcomes and cid not in revive]
    else:
        revive = []
    value = existing["value"] if existing is not None else label.strip()
    tried = len(revive) + len(pending)
    intent: tuple[str, str] | None = None  # (token, currency) once something is to be sent
    if tried:
        currency = (await rt.account(account_id)).currency
        intent = (_audit_intent(rt, "apply_label", {"ad_account_id": account_id, "label": label,
                                                    "label_id": label_id, "label_type": kind,
                                                    "campaign_ids": [*revive, *pending]}), currency)
    changed: list[dict[str, Any]] = []

    def note(answer: dict[str, Any], cid: str) -> None:
        outcomes[cid] = _created_outcome(answer, cid)
        made = labels_created(answer, cid)
        if outcomes[cid].status == "ACTIVE" and made:
            changed.append(_pair(str(made[0]["id"]), cid, value, kind, "ACTIVE"))

    ref = None
    try:
        for cid in revive:  # only non-empty when the label exists
            answer = await rt.client.create_labels(
                account_id, cid, [{"label_type": kind, "value": value}]
            )
            calls += 1
            note(answer, cid)
        attempts = 0
        while label_id is None and pending and attempts < CREATE_ATTEMPTS:
            cid = pending.pop(0)
            attempts += 1
            answer = await rt.client.create_labels(
                account_id, cid, [{"label_type": kind, "value": label.strip()}]
            )
            calls += 1
            note(answer, cid)
            made = answer.get("labels") or []
            if made:
                label_id, created = str(made[0]["id"]), True
        if label_id is None and pending:
            raise InputError(
                f"label: Pinterest would not create label {label!r} on the first {attempts} campaigns; "
                f"see their outcomes: "
                + "; ".join(f"{o.campaign_id}: {o.message}" for o in outcomes.values())
            )
        for chunk in chunks(pending, ID_CHUNK):
            answer = await rt.client.apply_label(account_id, label_id or "", chunk)
            calls += 1
            outcomes.update(_outcomes(answer))
            changed.extend(_pair(label_id or "", cid, value, kind, "ACTIVE") for cid in chunk
                           if cid in outcomes and outcomes[cid].status == "ACTIVE" and outcomes[cid].message is None)
    finally:
        if calls and intent is not None:
            token, currency = intent
            ref = _audit(
                rt,
                "apply_label",
                {
                    "ad_account_id": account_id,
                    "label": label,
                    "label_id": label_id,
                    "label_type": kind,
                    "campaigns": len(ids),
                    "calls": calls,
                },
                token, changed, tried, currency,
            )
    done = _result(rt, account_id, label.strip(), label_id, kind, created, calls, ids, outcomes, "ACTIVE")
    return done.model_copy(update={"action_ref": ref})


def _created_outcome(answer: dict[str, Any], cid: str) -> CampaignOutcome:
    for lab in answer.get("labels") or []:
        if str(lab.get("parent_id", "")).lstrip("C") == cid:
            return CampaignOutcome(campaign_id=cid, status=str(lab.get("status") or "ACTIVE"))
    messages = [m for err in answer.get("errors") or [] for m in err.get("error_messages") or []]
    return CampaignOutcome(campaign_id=cid, status="NULL", message="; ".join(messages) or "not created")


@tool_errors
async def remove_label(
    ctx: Context,
    label: LabelArg,
    campaign_ids: CampaignIds,
    ad_account_id: AccountArg = None,
) -> LabelChangeResult:
    """Take a label off campaigns (the label itself stays for other campaigns).

    Not spend-affecting: runs at once. One request per 250 campaigns; each campaign's outcome is
    ARCHIVED when the label came off, NULL with a message otherwise. Campaigns that do not carry the
    label are reported without sending anything for them.
    """
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    _writable(rt, account_id)
    ids = _campaign_ids(campaign_ids)
    state = await load_labels(rt, account_id)
    wanted = label.strip().casefold()
    matches = [lab for lab in state.labels.values() if lab["value"].casefold() == wanted]
    if not matches:
        known = sorted({lab["value"] for lab in state.labels.values()})
        raise InputError(
            f"label: no label {label!r} in ad account {account_id}. Existing labels: "
            f"{', '.join(known[:30]) or 'none'}"
        )
    outcomes: dict[str, CampaignOutcome] = {}
    calls = 0
    sending = sorted({cid for lab in matches for cid in ids if lab["pairs"].get(cid) == "ACTIVE"})
    tried = sum(1 for lab in matches for cid in ids if lab["pairs"].get(cid) == "ACTIVE")
    intent: tuple[str, str] | None = None  # (token, currency) once something is to be sent
    if sending:
        currency = (await rt.account(account_id)).currency
        intent = (_audit_intent(rt, "remove_label", {"ad_account_id": account_id, "label": label,
                                                     "label_ids": [lab["id"] for lab in matches],
                                                     "campaign_ids": sending}), currency)
    changed: list[dict[str, Any]] = []
    ref = None
    try:
        for lab in matches:
            on = [cid for cid in ids if lab["pairs"].get(cid) == "ACTIVE"]
            for chunk in chunks(on, ID_CHUNK):
                answer = await rt.client.remove_label(account_id, lab["id"], chunk)
                calls += 1
                outcomes.update(_outcomes(answer))
                pairs = label_pairs(answer)
                changed.extend(_pair(lab["id"], cid, lab["value"], lab["label_type"], "ARCHIVED") for cid in chunk
                               if pairs.get(cid) == ("ARCHIVED", None))
    finally:
        if calls and intent is not None:
            token, currency = intent
            ref = _audit(
                rt,
                "remove_label",
                {"ad_account_id": account_id, "label": label, "campaigns": len(ids), "calls": calls},
                token, changed, tried, currency,
            )
    for cid in ids:
        outcomes.setdefault(
            cid,
            CampaignOutcome(
                campaign_id=cid, status="NULL", message=f"campaign does not carry label {label!r}"
            ),
        )
    first = matches[0]
    done = _result(
        rt,
        account_id,
        label.strip(),
        first["id"] if len(matches) == 1 else None,
        first["label_type"] if len(matches) == 1 else None,
        False,
        calls,
        ids,
        outcomes,
        "ARCHIVED",
    )
    return done.model_copy(update={"action_ref": ref})


def register(server: MCPServer) -> None:
    """list_labels (read-only); the write tools are registered by :mod:`.label_writes`."""
    server.add_tool(
        list_labels, annotations=ToolAnnotations(title="List labels", read_only_hint=True,
                                                 open_world_hint=True)
    )
