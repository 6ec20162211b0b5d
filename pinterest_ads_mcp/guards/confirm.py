"""How a person says yes: elicitation when the client can ask, else a confirmation id.

Modes (PINTEREST_ADS_CONFIRMATION): ``auto`` asks through elicitation when the client declared the
capability and otherwise hands out a confirmation id; ``elicit`` refuses when the client cannot ask
(fail closed); ``token`` always hands out a confirmation id.

The SDK wraps any plain value a resolver returns as an *accepted* elicitation, so "we did not ask"
is a distinct :class:`NotAsked` model and :func:`approved` accepts only a real ``Confirm`` whose
``approve`` is true.
"""

from __future__ import annotations

from typing import Any, Literal

from mcp.server.mcpserver import AcceptedElicitation, CancelledElicitation, DeclinedElicitation, Elicit
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from .plan import Plan, render
from .spend import SpendDecision

Mode = Literal["auto", "elicit", "token"]


class Confirm(BaseModel):
    """The one question asked: carry out this plan?"""

    approve: bool = Field(title="Approve", description="Yes: carry out this plan, including the spend shown")


class NotAsked(BaseModel):
    """Sentinel: no elicitation happened (not needed, token mode, or the client cannot elicit)."""

    reason: Literal["not_needed", "token_mode", "no_elicitation"]


def client_can_elicit(ctx: Any) -> bool:
    caps = getattr(ctx, "client_capabilities", None)
    return caps is not None and getattr(caps, "elicitation", None) is not None


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
                "ask the person directly (MCP elicitation), and this client cannot. Nothing was sent. Use a client "
                "with elicitation support, or ask the operator to allow confirmation ids (auto or token mode)."
            )
        return NotAsked(reason="no_elicitation")
    return Elicit(question(plan), Confirm)


def approved(decision: Any) -> bool:
    """True only for an accepted elicitation carrying ``Confirm(approve=True)``."""
    return (isinstance(decision, AcceptedElicitation) and isinstance(decision.data, Confirm)
            and decision.data.approve is True)


def not_asked(decision: Any) -> NotAsked | None:
    if isinstance(decision, AcceptedElicitation) and isinstance(decision.data, NotAsked):
        return decision.data
    return None


def refusal_word(decision: Any) -> str:
    """How the person said no, for the result and the audit log."""
    if isinstance(decision, CancelledElicitation):
        return "cancelled"
    if isinstance(decision, DeclinedElicitation):
        return "declined"
    return "not approved"
