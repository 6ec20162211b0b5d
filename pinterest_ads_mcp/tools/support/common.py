"""Pieces every tool shares: the money shape, error translation and ad-account resolution."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar, overload

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field, ValidationError

from ...guards.policy import PolicyViolation
from ...guards.store import StoreUnavailable
from ...pinterest.errors import NotFound, PinterestError
from ...pinterest.money import MoneyError, format_amount, micro_to_str
from ...pinterest.redact import REDACTOR
from ...pinterest.times import TimeError
from .runtime import Runtime

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

READ_LIMIT_DEFAULT = 50
READ_LIMIT_MAX = 1000

# Pinterest ids: ASCII digits only. (``\d`` in a pydantic pattern and ``str.isdigit`` also take
# Arabic-Indic, Devanagari and other digits, which must never reach Pinterest.)
ID_PATTERN = r"^[0-9]{1,18}$"


def is_id(value: str) -> bool:
    return value.isascii() and value.isdigit()


class Money(BaseModel):
    """An amount in the ad account's currency units (never micro-units)."""

    amount: str = Field(description='Decimal string in currency units, e.g. "30.00"')
    currency: str = Field(description="ISO 4217 code of the ad account's currency")

    @overload
    @classmethod
    def from_micro(cls, micro: int, currency: str) -> Money: ...

    @overload
    @classmethod
    def from_micro(cls, micro: int | str | None, currency: str) -> Money | None: ...

    @classmethod
    def from_micro(cls, micro: int | str | None, currency: str) -> Money | None:
        text = micro_to_str(micro, currency)
        return None if text is None else cls(amount=text, currency=currency)

    @classmethod
    def of(cls, amount: Decimal, currency: str) -> Money:
        return cls(amount=format_amount(amount, currency), currency=currency)


class InputError(ValueError):
    """Bad input found by a tool's own checks; the message names the field and what is allowed."""


def tool_errors(fn: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Turn every expected failure into a ``ToolError`` whose words a person can act on.

    Anything else is a bug: it is logged with its traceback on stderr and reported without
    internals, so no stack trace or secret reaches the model.
    """

    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await fn(*args, **kwargs)
        except ToolError as exc:  # every message is redacted on its way out, whoever wrote it
            raise ToolError(REDACTOR.text(str(exc))) from None
        except (PinterestError, MoneyError, TimeError, PolicyViolation, InputError, StoreUnavailable) as exc:
            raise ToolError(REDACTOR.text(str(exc))) from None
        except ValidationError as exc:  # input checked by a model inside the tool
            raise ToolError(describe_validation(exc)) from None
        except Exception:
            log.exception("unexpected failure in tool %s", fn.__name__)
            raise ToolError(
                f"{fn.__name__} failed unexpectedly; nothing more was sent. The server log has the details."
            ) from None

    return wrapper


def describe_validation(exc: ValidationError) -> str:
    """Pydantic's errors as ``field.path: what is wrong`` lines, without links or internals."""
    parts = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "input"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


async def resolve_account_id(rt: Runtime, ad_account_id: str | None) -> str:
    """The ad account a call is about: the one given, else PINTEREST_AD_ACCOUNT_ID, else the only
    account the token reaches. Refuses accounts outside the operator's allow-list."""
    if ad_account_id is not None:
        ad_account_id = ad_account_id.strip()
        if not is_id(ad_account_id):
            raise InputError(f"ad_account_id: {ad_account_id!r} is not an ad account id (ASCII digits 0-9 only)")
    chosen = ad_account_id or rt.default_ad_account_id
    if chosen is None:
        reachable = [a for a in await rt.accounts() if rt.policy.account_allowed(a.id)]
        if len(reachable) == 1:
            chosen = reachable[0].id
        elif not reachable:
            raise InputError("ad_account_id: this token reaches no ad account the policy allows")
        else:
            listing = ", ".join(f"{a.id} ({a.name}, {a.currency})" for a in reachable[:10])
            raise InputError(f"ad_account_id is required: this token reaches several ad accounts: {listing}")
    rt.policy.check_account(chosen)
    try:
        await rt.account(chosen)  # cached; proves the id exists before anything else is asked of it
    except NotFound:
        raise InputError(f"ad_account_id: no ad account {chosen} is reachable with this token "
                         "(list_ad_accounts shows those that are)") from None
    return chosen


def limit_arg(limit: int | None, default: int = READ_LIMIT_DEFAULT) -> int:
    return default if limit is None else limit


def compact(d: dict[str, Any]) -> dict[str, Any]:
    """Drop keys whose value is None, so results stay short."""
    return {k: v for k, v in d.items() if v is not None}
