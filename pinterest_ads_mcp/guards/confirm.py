"""How a person says yes: elicitation when the client can ask, else a confirmation id.

Modes (PINTEREST_ADS_CONFIRMATION): ``auto`` asks through elicitation when the client declared
form-mode elicitation and otherwise hands out a confirmation id; ``elicit`` refuses when the client
cannot ask (fail closed); ``token`` always hands out a confirmation id.

The SDK wraps any plain value a resolver returns as an *accepted* elicitation, so "we did not ask"
is a distinct :class:`NotAsked` model and :func:`approved` accepts only a real ``Confirm`` whose
``approve`` is the JSON value ``true`` (``"true"``, ``1`` or ``"yes"`` are not a yes).

On the 2025 protocol the server itself waits for the answer (``elicitation/create`` inside the
call); :func:`wait_for_person` does that wait so it can keep the call alive with progress
notifications and record a cancellation that arrives meanwhile. On the 2026 protocol the SDK returns
the question to the client (input required) and nothing waits here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import anyio
from mcp.server.mcpserver import AcceptedElicitation, CancelledElicitation, DeclinedElicitation, Elicit
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types.version import is_version_at_least
from pydantic import BaseModel, Field, PrivateAttr, StrictBool, model_validator

from .plan import Plan, render
from .spend import SpendDecision

INPUT_REQUIRED_PROTOCOL = "2026-07-28"  # from this version the client, not the server, waits for the answer
WAITING_FOR = "the person to answer the approval prompt"

Mode = Literal["auto", "elicit", "token"]


class Confirm(BaseModel):
    """The one question asked: carry out this plan?"""

    # Read strictly: only a JSON true approves. Any other value ("true", 1, "yes", nothing at all) is
    # kept as a no, with what was sent noted for the result and the audit log, rather than failing the
    # call with a schema error. (This docstring is the schema's description the client shows.)
    approve: StrictBool = Field(title="Approve", description="Yes: carry out this plan, including the spend shown")
    _not_boolean: str | None = PrivateAttr(None)

    @model_validator(mode="wrap")
    @classmethod
    def _only_json_booleans(cls, data: Any, handler: Any) -> Confirm:
        if isinstance(data, dict) and not isinstance(data.get("approve"), bool):
            model = handler({**data, "approve": False})
            model._not_boolean = describe_answer(data)
            return model
        return handler(data)

    @property
    def not_boolean(self) -> str | None:
        """What was sent instead of true/false (None when the answer was a JSON boolean)."""
        return self._not_boolean


def describe_answer(content: Any) -> str:
    """A short, safe description of a non-boolean answer (its JSON type, and short text verbatim)."""
    if not isinstance(content, dict) or "approve" not in content:
        return "missing"
    value = content["approve"]
    if value is None:
        return "null"
    if isinstance(value, str):
        return f'the text "{value[:20]}"' if len(value) <= 20 else "a long text"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"a JSON {type(value).__name__.replace('dict', 'object').replace('list', 'array')}"


class NotAsked(BaseModel):
    """Sentinel: no elicitation happened (not needed, token mode, or the client cannot elicit)."""

    reason: Literal["not_needed", "token_mode", "no_elicitation"]


def client_can_elicit(ctx: Any) -> bool:
    """True when the client can show the approval form: form-mode elicitation.

    A bare ``elicitation: {}`` (the 2025 protocol's only shape) means form; a client that declared
    only ``url`` mode cannot answer a form and gets a confirmation id instead.
    """
    caps = getattr(ctx, "client_capabilities", None)
    elicitation = getattr(caps, "elicitation", None) if caps is not None else None
    if elicitation is None:
        return False
    return getattr(elicitation, "form", None) is not None or getattr(elicitation, "url", None) is None


def server_waits(ctx: Any) -> bool:
    """True when this call's protocol sends the question mid-call and the server waits (2025)."""
    version = getattr(ctx, "protocol_version", None)
    return version is None or not is_version_at_least(version, INPUT_REQUIRED_PROTOCOL)


def question(plan: Plan) -> str:
    """The elicitation message: the plan's deterministic text and the question."""
    return (f"{render(plan)}\n\nThis can spend money on Pinterest ads. Approve exactly this plan? "
            "Nothing is sent unless you approve.")


def ask(ctx: Any, plan: Plan, spend: SpendDecision, mode: Mode) -> Elicit[Confirm] | NotAsked:
    """The resolver body shared by every spend-affecting tool."""
    if not spend.affecting:
        return NotAsked(reason="not_needed")
    if mode == "token":
        return NotAsked(reason="token_mode")
    if not client_can_elicit(ctx):
        if mode == "elicit":
            raise ToolError(
                "Refused: this server is set to PINTEREST_ADS_CONFIRMATION=elicit, which needs a client that can "
                "ask the person directly (MCP elicitation with a form), and this client cannot. Nothing was sent. Use a client "
                "with elicitation support, or ask the operator to allow confirmation ids (auto or token mode)."
            )
        return NotAsked(reason="no_elicitation")
    return Elicit(question(plan), Confirm)


async def wait_for_person(ctx: Any, elicit: Elicit[Confirm], *, on_cancel: Callable[[], None],
                          keep_alive: Callable[..., Any] | None = None) -> Any:
    """Ask and wait for the answer (2025 protocol). While waiting, ``keep_alive(ctx, what)`` runs
    (progress notifications); a cancellation of the call calls ``on_cancel`` and propagates, so
    nothing after it runs. An answer the schema cannot read counts as a no."""
    outcome: Any = CancelledElicitation()  # no answer counts as a no
    try:
        async with anyio.create_task_group() as tg:
            if keep_alive is not None:
                tg.start_soon(keep_alive, ctx, WAITING_FOR)
            try:
                outcome = await ctx.elicit(elicit.message, elicit.schema)
            except ValueError:  # accepted without content, or content that is not an object
                refused = Confirm(approve=False)
                refused._not_boolean = "missing"
                outcome = AcceptedElicitation(data=refused)
            tg.cancel_scope.cancel()
    except anyio.get_cancelled_exc_class():
        on_cancel()
        raise
    return outcome


def _outcome(decision: Any) -> Any:
    """The elicitation outcome, whether the SDK fulfilled the question (2026) or we waited for it
    ourselves (2025: the SDK then wraps our outcome as the accepted value of the resolver)."""
    if isinstance(decision, AcceptedElicitation) and isinstance(
            decision.data, AcceptedElicitation | DeclinedElicitation | CancelledElicitation):
        return decision.data
    return decision


def approved(decision: Any) -> bool:
    """True only for an accepted elicitation carrying ``Confirm(approve=True)`` from a JSON ``true``."""
    decision = _outcome(decision)
    return (isinstance(decision, AcceptedElicitation) and isinstance(decision.data, Confirm)
            and decision.data.approve is True and decision.data.not_boolean is None)


def not_asked(decision: Any) -> NotAsked | None:
    decision = _outcome(decision)
    if isinstance(decision, AcceptedElicitation) and isinstance(decision.data, NotAsked):
        return decision.data
    return None


def refusal_word(decision: Any) -> str:
    """How the person said no, for the audit log ("declined by the person")."""
    decision = _outcome(decision)
    if isinstance(decision, CancelledElicitation):
        return "cancelled"
    if isinstance(decision, DeclinedElicitation):
        return "declined"
    answer = _not_boolean(decision)
    if answer is not None:
        return f"not approved (approve was {answer}, not true)"
    return "not approved"


def refusal_message(decision: Any) -> str:
    """What the result tells the model when the plan was not approved."""
    answer = _not_boolean(_outcome(decision))
    if answer is not None:
        return (f"The approval prompt did not come back with a yes: approve was {answer}, and only true approves. "
                "Nothing was sent to Pinterest; call the tool again to ask the person once more.")
    verb = {"cancelled": "cancelled", "declined": "declined"}.get(refusal_word(decision), "did not approve")
    return f"The person {verb} this plan. Nothing was sent to Pinterest."


def _not_boolean(decision: Any) -> str | None:
    if isinstance(decision, AcceptedElicitation) and isinstance(decision.data, Confirm):
        return decision.data.not_boolean
    return None
