"""The guard every write goes through: policy -> spend decision -> confirmation -> execution -> audit.

Tools build a :class:`~.plan.Plan` and hand it here with the elicitation outcome; ``confirm`` runs a
stored plan for ``confirm_action``. Nothing reaches the API client's write methods any other way.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..pinterest.client import PinterestClient
from ..pinterest.money import format_amount, from_micro, to_micro
from ..pinterest.times import from_unix
from .confirm import Mode, approved, not_asked, refusal_message, refusal_word
from .enabled import enabled_spend
from .executor import Execution, Executor, Progress, StepOutcome
from .plan import Plan, Summary
from .policy import PolicyViolation, SpendPolicy, check_plan
from .spend import SpendDecision, decide
from .store import Store, key_of

TOKEN_BYTES = 32  # 256-bit confirmation ids
ENVELOPE_WINDOW_S = 24 * 3600  # PINTEREST_ADS_MAX_NEW_DAILY_SPEND counts a rolling 24 hours

ResultStatus = Literal["done", "confirmation_required", "declined", "failed", "partial"]


class ActionResult(BaseModel):
    """The result every write tool returns."""

    environment: str
    status: ResultStatus = Field(description="done | confirmation_required | declined | failed | partial")
    action: str = Field(description="The tool that made the plan")
    message: str = Field(description="What happened and what to do next")
    summary: Summary
    spend_affecting: bool
    spend_reasons: list[str] = Field(default_factory=list)
    confirmation_id: str | None = Field(default=None,
                                        description="Pass to confirm_action after the person says yes")
    expires_at: str | None = Field(default=None,
                                   description="When the confirmation id stops working (ISO 8601 UTC)")
    steps: list[StepOutcome] = Field(default_factory=list)
    created: dict[str, str] = Field(default_factory=dict, description="What was created: name -> id")
    rolled_back: list[str] = Field(default_factory=list, description="Ids archived after a failed step")
    action_ref: str | None = Field(default=None, description="This action's reference in get_action_log")
    repeated: bool = Field(default=False, description="True when confirm_action returned an earlier result")


@dataclass
class Prepared:
    """What a tool's prepare step produced: the plan and the spend decision on it."""

    plan: Plan
    spend: SpendDecision


class Guard:
    def __init__(self, client: PinterestClient, policy: SpendPolicy, store: Store, *, mode: Mode,
                 environment: str, clock: Callable[[], float] = time.time) -> None:
        self.client = client
        self.policy = policy
        self.store = store
        self.mode: Mode = mode
        self.environment = environment
        self.clock = clock

    def prepare(self, plan: Plan) -> Prepared:
        """Check the policy and decide spend; a plan over policy is refused (audited) here."""
        try:
            check_plan(self.policy, plan)
            self._check_envelope(plan)
        except PolicyViolation as exc:
            self.store.audit("policy_refused", tool=plan.tool, detail={"plan": plan.summary.action, "reason": str(exc)})
            raise
        return Prepared(plan=plan, spend=decide(plan))

    async def run(self, prepared: Prepared, decision: Any, progress: Progress | None = None) -> ActionResult:
        """Carry out, refuse, or park a prepared plan according to the person's decision."""
        plan, spend = prepared.plan, prepared.spend
        check_plan(self.policy, plan)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if not spend.affecting:
            ref = self.store.record(token, plan, "executing")
            self._audit_plan(plan, spend, ref, "runs at once: not spend-affecting")
            return await self._execute(token, ref, plan, spend, progress)
        if approved(decision):
            ref = self.store.record(token, plan, "executing")
            self._audit_plan(plan, spend, ref, "approved by the person (elicitation)")
            try:
                self._reserve(plan, ref)
            except PolicyViolation:
                self.store.finish(token, "declined", None)
                raise
            return await self._execute(token, ref, plan, spend, progress)
        asked = not_asked(decision)
        if asked is None:
            word = refusal_word(decision)
            ref = self.store.record(token, plan, "declined")
            self._audit_plan(plan, spend, ref, f"{word} by the person (elicitation); nothing sent")
            return self._result(plan, spend, "declined", action_ref=ref,
                                message=refusal_message(decision))
        ref = self.store.record(token, plan, "pending", expires=True)
        expires = from_unix(self.clock() + self.store.ttl_s)
        self._audit_plan(plan, spend, ref, f"confirmation id issued ({asked.reason}); nothing sent yet",
                         issued_in=self.mode)
        return self._result(
            plan, spend, "confirmation_required", action_ref=ref, confirmation_id=token, expires_at=expires,
            message=("Nothing has been sent yet. Show this summary to the person; only if they say yes, call "
                     f"confirm_action with this confirmation_id (single use, expires {expires}). It carries out "
                     "exactly this plan."),
        )

    async def confirm(self, token: str, progress: Progress | None = None, *,
                      can_elicit: bool | None = None) -> ActionResult:
        """Run the stored plan behind a confirmation id once; a repeat returns the first result.

        An id is honoured only where the server's current confirmation mode would have issued it:
        never in ``elicit`` mode, in ``auto`` mode only for a client that cannot ask the person
        (``can_elicit`` False or unknown), always in ``token`` mode. So an id from ``token`` mode is
        refused after a restart into ``elicit`` mode. The envelope is checked again and the spend
        recorded atomically (guards.store.reserve_spend) before anything is sent.
        """
        refusal = self._mode_refusal(token, can_elicit)
        if refusal is not None:
            self.store.audit("confirm_refused", ref=key_of(token)[:12], detail={"why": "mode", "mode": self.mode})
            raise PolicyViolation(refusal)
        claim = self.store.claim(token)
        if claim.outcome == "done" and claim.result is not None:
            self.store.audit("confirm_repeated", ref=claim.ref)
            first = ActionResult.model_validate(claim.result)
            return first.model_copy(update={
                "repeated": True, "confirmation_id": None,
                "message": "Already carried out; this is the first result. Nothing was sent again. " + first.message})
        if claim.outcome != "claimed" or claim.plan is None:
            self.store.audit("confirm_refused", ref=claim.ref, detail={"why": claim.outcome})
            message = _REFUSALS.get(claim.outcome, _REFUSALS["unknown"])
            if claim.outcome == "executing" and claim.ref:
                message += " " + self._sent_so_far(claim.ref)
            raise PolicyViolation(message)
        plan = claim.plan
        try:
            check_plan(self.policy, plan)
            self._reserve(plan, claim.ref)
        except PolicyViolation as exc:
            self.store.finish(token, "declined", None)
            self.store.audit("policy_refused", ref=claim.ref, tool=plan.tool, detail={"reason": str(exc)})
            raise
        spend = decide(plan)
        self.store.audit("confirmed", ref=claim.ref, tool=plan.tool, detail={"plan_hash": plan.digest()})
        return await self._execute(token, claim.ref or "", plan, spend, progress)

    # -- confirmation mode -----------------------------------------------------------------------
    def _mode_refusal(self, token: str, can_elicit: bool | None) -> str | None:
        """Why the current mode would not have issued this id (None: it would have). Ids unknown to
        the store are left to ``claim`` (which says "not recognised")."""
        rows = self.store.audit_log(500, ref=key_of(token)[:12])
        if not rows:
            return None
        issued = next((row["detail"].get("issued_in") for row in rows if row["event"] == "decision" and row["detail"]),
                      None)
        where = f" (this id was issued in {issued} mode)" if issued else ""
        if self.mode == "elicit":
            return ("confirmation_id: refused. This server now runs with PINTEREST_ADS_CONFIRMATION=elicit, where "
                    f"only the person's answer in the client's own prompt approves a plan; confirmation ids are not "
                    f"honoured{where}. Nothing was sent; call the tool again from a client that can ask the person.")
        if self.mode == "auto" and can_elicit:
            return ("confirmation_id: refused. This client can ask the person directly, so in "
                    f"PINTEREST_ADS_CONFIRMATION=auto mode a plan is approved in that prompt, not with an id{where}. "
                    "Nothing was sent; call the tool again and the person will be asked.")
        return None

    # -- the operator's envelope ------------------------------------------------------------------
    def _added(self, plan: Plan) -> int | None:
        return enabled_spend(plan, now=self.clock()).added_daily

    def _room(self, plan: Plan, used: int) -> str:
        limit = self.policy.max_new_daily_spend or Decimal(0)
        left = max(Decimal(0), limit - (from_micro(used) or Decimal(0)))
        cur = plan.currency
        return (f"PINTEREST_ADS_MAX_NEW_DAILY_SPEND={format_amount(limit, cur)} {cur} in any 24 hours; "
                f"{format_amount(from_micro(used) or Decimal(0), cur)} {cur} already added, "
                f"room left {format_amount(left, cur)} {cur} a day")

    def _envelope_refusal(self, plan: Plan, added: int | None, used: int) -> PolicyViolation:
        cur = plan.currency
        what = (f"would add up to {format_amount(from_micro(added) or Decimal(0), cur)} {cur} of daily spend"
                if added is not None else "enables a daily spend that cannot be bounded")
        return PolicyViolation(f"envelope: this plan {what}, beyond the operator's envelope "
                               f"({self._room(plan, used)}). Nothing was sent")

    def _check_envelope(self, plan: Plan) -> None:
        """Refuse at planning time a plan that would cross the 24-hour envelope."""
        if self.policy.max_new_daily_spend is None or not plan.writes:
            return
        added = self._added(plan)
        if added == 0:
            return
        used = self.store.spend_added(plan.currency, self.clock() - ENVELOPE_WINDOW_S)
        limit = to_micro(self.policy.max_new_daily_spend)
        if added is None or used + added > limit:
            raise self._envelope_refusal(plan, added, used)

    def _reserve(self, plan: Plan, ref: str | None) -> None:
        """Check the envelope again and record the spend, atomically, right before executing."""
        if self.policy.max_new_daily_spend is None:
            added = self._added(plan)
            if added:
                self.store.audit("spend_added", ref=ref, tool=plan.tool,
                                 detail={"currency": plan.currency, "daily_micro": added})
            return
        added = self._added(plan)
        if added == 0:
            return
        if added is None:
            raise self._envelope_refusal(plan, None, self.store.spend_added(plan.currency,
                                                                            self.clock() - ENVELOPE_WINDOW_S))
        used = self.store.reserve_spend(ref=ref, tool=plan.tool, currency=plan.currency, daily_micro=added,
                                        limit_micro=to_micro(self.policy.max_new_daily_spend),
                                        window_s=ENVELOPE_WINDOW_S)
        if used is not None:
            raise self._envelope_refusal(plan, added, used)

    # -- helpers ---------------------------------------------------------------------------------
    def _sent_so_far(self, ref: str) -> str:
        """What the audit log says an unfinished action already sent, so a person can check it."""
        writes = [row["detail"] for row in reversed(self.store.audit_log(200, ref=ref))
                  if row["event"] in ("write", "write_unknown") and row["detail"]]
        if not writes:
            return "The audit log records no write for it yet."
        parts = []
        for detail in writes:
            ids = ", ".join(detail.get("ids") or []) or ("outcome unknown" if "error" in detail else "no id")
            parts.append(f"{detail.get('step')}: {ids}")
        return "Writes recorded so far: " + "; ".join(parts) + "."

    async def _execute(self, token: str, ref: str, plan: Plan, spend: SpendDecision,
                       progress: Progress | None = None) -> ActionResult:
        executor = Executor(self.client, lambda event, detail: self.store.audit(event, ref=ref, tool=plan.tool,
                                                                                detail=detail), self.clock)
        try:
            execution = await executor.run(plan, progress)
        except BaseException as exc:
            # A bug or cancellation mid-way: the id stays "executing" so it is never run twice.
            self.store.audit("execution_aborted", ref=ref, tool=plan.tool, detail={"error": type(exc).__name__})
            raise
        result = self._from_execution(plan, spend, execution, ref)
        self.store.finish(token, "done", result.model_dump(mode="json"))
        self.store.audit("result", ref=ref, tool=plan.tool,
                         detail={"status": result.status, "created": result.created, "rolled_back": result.rolled_back})
        return result

    def _from_execution(self, plan: Plan, spend: SpendDecision, execution: Execution, ref: str) -> ActionResult:
        return self._result(plan, spend, execution.status, action_ref=ref, message=execution.message, steps=execution.steps,
                            created=execution.created, rolled_back=execution.rolled_back)

    def _result(self, plan: Plan, spend: SpendDecision, status: ResultStatus, **kw: Any) -> ActionResult:
        return ActionResult(environment=self.environment, status=status, action=plan.tool, summary=plan.summary,
                            spend_affecting=spend.affecting, spend_reasons=spend.reasons, **kw)

    def _audit_plan(self, plan: Plan, spend: SpendDecision, ref: str, decision: str,
                    issued_in: str | None = None) -> None:
        self.store.audit("plan", ref=ref, tool=plan.tool, detail={
            "ad_account_id": plan.ad_account_id, "plan": plan.summary.action, "plan_hash": plan.digest(),
            "writes": [f"{w.op} {len(w.items)} {w.entity}(s)" for w in plan.writes],
            "spend_affecting": spend.affecting, "reasons": spend.reasons})
        detail = {"decision": decision, **({"issued_in": issued_in} if issued_in else {})}
        self.store.audit("decision", ref=ref, tool=plan.tool, detail=detail)


_REFUSALS = {
    "unknown": "confirmation_id: not recognised. Ids come only from a tool that returned status "
               "confirmation_required; nothing was sent.",
    "expired": "confirmation_id: expired (ids last 15 minutes). Nothing was sent; call the tool again to get a fresh "
               "plan and id.",
    "declined": "confirmation_id: this plan was refused or withdrawn earlier; nothing was sent. Call the tool again.",
    "tampered": "confirmation_id: the stored plan no longer matches the plan this id was issued for; refused, "
                "nothing was sent.",
    "executing": "confirmation_id: this plan is already being carried out (or the server stopped while carrying it "
                 "out). Nothing was sent again; check get_action_log and the list_* tools for what exists.",
}
