"""Delivery health: bid floors, conversion tags, and how much of its budget an ad group can win.

Routes (mounted under ``/v5`` through :func:`routes`):

* ``POST /ad_accounts/{id}/bid_floor``: the lowest bid each ``bid_floor_specs`` item may use, in
  micro-units of the spec's currency. A floor depends on the billable event, the countries and the
  creative type (see :func:`floor_micro`).
* ``GET /ad_accounts/{id}/conversion_tags`` and ``.../conversion_tags/{tag_id}``: the account's
  Pinterest tags with ``last_fired_time_ms`` (null for a tag that never fired).

The delivery model (:func:`delivery_factor`) is what the analytics read: an ad group whose bid is
under its floor wins almost no auctions (5% of its budget at most), and one whose audience is tiny
cannot spend its budget (the share of 100k reachable people it has, at least 10%). Ads that are
REJECTED or PENDING in review never deliver (see ``metrics.plan_campaign``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from . import targeting_data as td
from .entities import GOAL_METADATA, check_targeting_types
from .http import emulator_of, invalid, json_body, not_found
from .schema import ACTION_TYPES, OBJECTIVES, F, check_value

# BidFloorSpec's declared value types (the spec's enums where it has them).
_FLOOR_SPEC_FIELDS = {
    "billable_event": F("str", enum=ACTION_TYPES),
    "objective_type": F("str", enum=OBJECTIVES),
    "countries": F("list", items=F("str", pattern=r"^[A-Z]{2}$")),
    "creative_type": F("str", enum=(
        "REGULAR", "VIDEO", "SHOPPING", "CAROUSEL", "MAX_VIDEO", "SHOP_THE_PIN", "COLLECTION", "IDEA", "SHOWCASE",
        "QUIZ", "COLLAGE", "MAX_WIDTH_REGULAR_COLLECTION", "MAX_WIDTH_VIDEO_COLLECTION",
    )),
    "currency": F("str", enum=(
        "UNK", "USD", "GBP", "CAD", "EUR", "AUD", "NZD", "SEK", "ILS", "CHF", "HKD", "JPY", "SGD", "KRW", "NOK", "DKK",
        "PLN", "RON", "HUF", "CZK", "BRL", "MXN", "ARS", "CLP", "COP", "INR", "TRY",
    )),
}
Entity = dict[str, Any]
_ID = re.compile(r"^\d{1,18}$")

# Floors in micro-units of the account currency (USD-like currencies), per billable event.
FLOOR_MICRO: dict[str, int] = {
    "CLICKTHROUGH": 100_000,
    "IMPRESSION": 1_000_000,
    "VIDEO_V_50_MRC": 30_000,
    "OUTBOUND_CLICK": 150_000,
}
DEFAULT_FLOOR_MICRO = 100_000
# Markets where auctions are thinner than in the US.
COUNTRY_FLOOR_FACTOR: dict[str, float] = {"US": 1.0, "CA": 0.8, "GB": 0.9, "AU": 0.8, "DE": 0.8, "FR": 0.7}
OTHER_COUNTRY_FACTOR = 0.6
UNDER_FLOOR_SHARE = 0.05
NARROW_REACH = 100_000
MIN_NARROW_SHARE = 0.1


def floor_micro(billable_event: str, countries: list[str], creative_type: str | None = None) -> int:
    """The bid floor for one spec: the event's floor times the dearest targeted market's factor."""
    base = FLOOR_MICRO.get(billable_event, DEFAULT_FLOOR_MICRO)
    factor = max((COUNTRY_FLOOR_FACTOR.get(c, OTHER_COUNTRY_FACTOR) for c in countries), default=1.0)
    if creative_type in ("VIDEO", "MAX_VIDEO"):
        factor *= 1.2
    return int(base * factor)


def _countries(spec: Any) -> list[str]:
    if not isinstance(spec, dict):
        return ["US"]
    out = [str(c) for c in spec.get("LOCATION") or [] if str(c) in td.COUNTRIES]
    out += [td.REGIONS[g][1] for g in spec.get("GEO") or [] if g in td.REGIONS]
    return list(dict.fromkeys(out)) or ["US"]


def group_floor(group: Entity, creative_type: str | None = None) -> int:
    return floor_micro(str(group.get("billable_event") or ""), _countries(group.get("targeting_spec")), creative_type)


def delivery_factor(store: Any, group: Entity, country: str) -> float:
    """The share of its budget an ad group can win: under the bid floor or a tiny audience spends less."""
    factor = 1.0
    bid = group.get("bid_in_micro_currency")
    if isinstance(bid, int) and bid < group_floor(group):
        factor *= UNDER_FLOOR_SHARE
    spec = group.get("targeting_spec")
    if isinstance(spec, dict) and spec:
        try:
            keywords = [
                td.Keyword(str(k.get("match_type")), str(k.get("value")))
                for k in getattr(store, "keywords", {}).values()
                if k.get("parent_id") == group.get("id") and not k.get("archived")
            ]
            reach = td.estimate_reach(
                td.validate_spec(spec),
                auto_targeting=bool(group.get("auto_targeting_enabled", True)),
                placement=str(group.get("placement_group") or "ALL"),
                creative_types=None,
                keywords=keywords,
                default_country=country,
            )
        except (td.TargetingError, TypeError, ValueError, KeyError):
            reach = float(NARROW_REACH)
        if reach < NARROW_REACH:
            factor *= max(MIN_NARROW_SHARE, reach / NARROW_REACH)
    return factor


# ------------------------------------------------------------------------------------------
# Conversion tags: kept on the store under ``conversion_tags`` (id -> ConversionTag dict).
def tags_of(store: Any) -> dict[str, Entity]:
    tags = getattr(store, "conversion_tags", None)
    if tags is None:
        tags = {}
        store.conversion_tags = tags
    return tags


def add_tag(store: Any, account_id: str, tag_id: str, name: str, last_fired_s: int | None) -> Entity:
    tag = {
        "ad_account_id": account_id,
        "id": tag_id,
        "name": name,
        "status": "ACTIVE",
        "version": "3",
        "code_snippet": f"<script type=text/javascript>pintrk('load', '{tag_id}');</script>",
        "enhanced_match_status": "VALIDATION_COMPLETE",
        "last_fired_time_ms": None if last_fired_s is None else last_fired_s * 1000,
        "configs": {"aem_enabled": False, "md_frequency": 1.0, "aem_fnln_enabled": False},
    }
    tags_of(store)[tag_id] = tag
    return tag


def _account(store: Any, account_id: str) -> Entity:
    if not _ID.match(account_id):
        raise invalid(f"Invalid ad_account_id: {account_id!r} (expected a numeric string of at most 18 digits).")
    account = store.ad_accounts.get(account_id)
    if account is None:
        raise not_found("AdAccount")
    return account


async def list_conversion_tags(request: Request) -> Response:
    store = emulator_of(request).store
    account = _account(store, request.path_params["ad_account_id"])
    raw = request.query_params.get("filter_deleted", "false").lower()
    if raw not in ("true", "false"):
        raise invalid(f"Invalid filter_deleted: {raw!r} (expected true or false).")
    items = [t for t in tags_of(store).values() if t["ad_account_id"] == account["id"]]
    if raw == "true":
        items = [t for t in items if t.get("status") != "DELETED"]
    return JSONResponse({"items": items})


async def get_conversion_tag(request: Request) -> Response:
    store = emulator_of(request).store
    account = _account(store, request.path_params["ad_account_id"])
    tag = tags_of(store).get(request.path_params["conversion_tag_id"])
    if tag is None or tag["ad_account_id"] != account["id"]:
        raise not_found("Conversion tag")
    return JSONResponse(tag)


async def bid_floor(request: Request) -> Response:
    store = emulator_of(request).store
    account = _account(store, request.path_params["ad_account_id"])
    body = await json_body(request)
    if not isinstance(body, dict):
        raise invalid("Request body must be a JSON object (BidFloorRequest).")
    specs = body.get("bid_floor_specs")
    if not isinstance(specs, list) or not specs:
        raise invalid("bid_floor_specs is required: a non-empty array of bid floor specs.")
    targeting = body.get("targeting_spec")
    if "targeting_spec" in body:
        check_targeting_types(targeting, "body")  # the spec's value types, as for ad groups
    floors: list[int] = []
    for index, spec in enumerate(specs):
        if not isinstance(spec, dict):
            raise invalid(f"bid_floor_specs[{index}] must be an object.")
        for name, field in _FLOOR_SPEC_FIELDS.items():
            if name in spec:
                check_value(spec[name], field, f"bid_floor_specs[{index}].{name}")
        if "optimization_goal_metadata" in spec:  # an object here: not nullable in BidFloorRequest
            check_value(spec["optimization_goal_metadata"], replace(GOAL_METADATA, nullable=False),
                        f"bid_floor_specs[{index}].optimization_goal_metadata")
        event = spec.get("billable_event")
        if not isinstance(event, str) or not event:
            raise invalid(f"bid_floor_specs[{index}].billable_event is required.")
        currency = spec.get("currency")
        if not isinstance(currency, str) or not currency:
            raise invalid(f"bid_floor_specs[{index}].currency is required.")
        countries = spec.get("countries") or _countries(targeting or {"LOCATION": [account.get("country") or "US"]})
        floors.append(floor_micro(event, [str(c) for c in countries], spec.get("creative_type")))
    return JSONResponse({"bid_floors": floors, "type": "bidfloor"})


def routes() -> list[BaseRoute]:
    return [
        Route("/ad_accounts/{ad_account_id}/bid_floor", bid_floor, methods=["POST"]),
        Route("/ad_accounts/{ad_account_id}/conversion_tags", list_conversion_tags, methods=["GET"]),
        Route(
            "/ad_accounts/{ad_account_id}/conversion_tags/{conversion_tag_id}", get_conversion_tag, methods=["GET"]
        ),
    ]
