"""Query-parameter parsing and bookmark pagination shared by the list routes.

Pinterest list endpoints page with an opaque ``bookmark``; ours encodes the last id served and the
sort order, so a page boundary stays put when entities are created between two page requests.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request

from .http import invalid, not_found

ID_RE = re.compile(r"^\d+$")
MAX_IDS = 250


class DigitsConvertor(Convertor[str]):
    """``{name:digits}``: an id path segment, so ``/campaigns/analytics`` is not taken for an id."""

    regex = r"\d+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("digits", DigitsConvertor())


def check_id(value: str, name: str) -> str:
    """A path or body id must look like Pinterest's (digits, at most 18)."""
    if not isinstance(value, str) or not ID_RE.match(value) or len(value) > 18:
        raise invalid(f"Invalid {name}: {value!r} (expected a numeric string of at most 18 digits).")
    return value


def list_param(request: Request, name: str) -> list[str] | None:
    """A repeated query parameter; each value may also be comma-separated. None when absent."""
    raw = request.query_params.getlist(name)
    if not raw:
        return None
    values = [part.strip() for item in raw for part in item.split(",") if part.strip()]
    return values


def id_list(request: Request, name: str) -> list[str] | None:
    """An id filter of 1..250 numeric ids, or None when absent."""
    values = list_param(request, name)
    if values is None:
        return None
    if not values or len(values) > MAX_IDS:
        raise invalid(f"{name} must contain between 1 and {MAX_IDS} ids (got {len(values)}).")
    for value in values:
        check_id(value, name)
    return values


def enum_list(request: Request, name: str, allowed: Iterable[str], default: list[str]) -> list[str]:
    """A repeated enum parameter, validated, with the spec's default when absent."""
    values = list_param(request, name)
    if values is None:
        return list(default)
    allowed = list(allowed)
    for value in values:
        if value not in allowed:
            raise invalid(f"Invalid {name} value {value!r}; expected one of {', '.join(allowed)}.")
    return values


def bool_param(request: Request, name: str, default: bool) -> bool:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise invalid(f"Invalid {name}: {raw!r} (expected true or false).")


def page_size(request: Request) -> int:
    raw = request.query_params.get("page_size")
    if raw is None:
        return 25
    try:
        size = int(raw)
    except ValueError:
        raise invalid(f"Invalid page_size: {raw!r} (expected an integer from 1 to 250).") from None
    if not 1 <= size <= 250:
        raise invalid(f"Invalid page_size: {size} (expected an integer from 1 to 250).")
    return size


def order_param(request: Request, default: str = "ASCENDING") -> str:
    raw = request.query_params.get("order")
    if raw is None:
        return default
    if raw not in ("ASCENDING", "DESCENDING"):
        raise invalid(f"Invalid order: {raw!r} (expected ASCENDING or DESCENDING).")
    return raw


def _encode(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(bookmark: str) -> dict[str, Any]:
    try:
        padded = bookmark + "=" * (-len(bookmark) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise invalid("Invalid bookmark: it was not issued by this endpoint.") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("after"), str):
        raise invalid("Invalid bookmark: it was not issued by this endpoint.")
    return payload


def _id_key(entity_id: str) -> tuple[int, str]:
    return (int(entity_id), entity_id) if entity_id.isdigit() else (0, entity_id)


def paginate(
    request: Request,
    items: list[dict[str, Any]],
    *,
    order: str | None = None,
    key: Callable[[dict[str, Any]], str] = lambda item: str(item["id"]),
    size: int | None = None,
    scope: str | None = None,
) -> dict[str, Any]:
    """One ``Paginated`` page of ``items`` sorted by id, honouring ``bookmark`` and ``page_size``.

    ``scope`` names the listing (by default the route plus its filters) so that a bookmark issued for
    one listing is refused by another instead of silently skipping items.
    """
    if scope is None:
        kept = sorted(
            (k, v) for k, v in request.query_params.multi_items() if k not in ("bookmark", "page_size")
        )
        canonical = request.url.path + "?" + "&".join(f"{k}={v}" for k, v in kept)
        scope = hashlib.sha256(canonical.encode()).hexdigest()[:16]
    order = order or order_param(request)
    size = size or page_size(request)
    ordered = sorted(items, key=lambda item: _id_key(key(item)), reverse=order == "DESCENDING")
    bookmark = request.query_params.get("bookmark")
    if bookmark:
        state = _decode(bookmark)
        if state.get("scope", "") != scope or state.get("order") != order:
            raise invalid("Invalid bookmark: it belongs to a different listing or order.")
        after = _id_key(state["after"])
        if order == "DESCENDING":
            ordered = [item for item in ordered if _id_key(key(item)) < after]
        else:
            ordered = [item for item in ordered if _id_key(key(item)) > after]
    page = ordered[:size]
    next_bookmark = None
    if len(ordered) > size:
        next_bookmark = _encode({"after": key(page[-1]), "order": order, "scope": scope})
    return {"items": page, "bookmark": next_bookmark}


def ad_account_or_404(store: Any, ad_account_id: str) -> dict[str, Any]:
    """The ad account named in the path, or Pinterest's 404 for it."""
    check_id(ad_account_id, "ad_account_id")
    account = store.ad_accounts.get(ad_account_id)
    if account is None:
        raise not_found("AdAccount")
    return account
