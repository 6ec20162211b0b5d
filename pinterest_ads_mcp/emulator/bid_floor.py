"""Bid floors: the spec's ``ad_accounts/bid_floor/get`` (``POST /ad_accounts/{id}/bid_floor``).

One floor per ``bid_floor_specs`` entry, in micro-units of that entry's currency, in the same order.
The emulator's floors are deterministic: a base per billable event (per click, per 1,000 impressions,
per video view), scaled by the most expensive country asked for (the spec's ``countries``, else the
countries of ``targeting_spec``, else the ad account's country) and converted to the currency.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from .http import emulator_of, invalid, json_body
from .params import ad_account_or_404
from .schema import F, check_object

BASE_USD = {"CLICKTHROUGH": Decimal("0.10"), "IMPRESSION": Decimal("1.50"), "VIDEO_V_50_MRC": Decimal("0.02")}
COUNTRY_FACTOR = {"US": Decimal("1.0"), "CA": Decimal("0.8"), "GB": Decimal("0.9"), "DE": Decimal("0.9"),
                  "FR": Decimal("0.8"), "AU": Decimal("0.8")}
OTHER_COUNTRY = Decimal("0.5")
USD_RATE = {"USD": Decimal(1), "EUR": Decimal("0.92"), "GBP": Decimal("0.79"), "CAD": Decimal("1.36"),
            "AUD": Decimal("1.52"), "JPY": Decimal(150), "SEK": Decimal("10.5"), "MXN": Decimal(17),
            "BRL": Decimal(5)}
_REQUEST = {"bid_floor_specs": F("list", items=F("obj")), "targeting_spec": F("obj", nullable=True)}
_SPEC = {"billable_event": F("str", enum=tuple(BASE_USD)), "currency": F("str", pattern=r"^[A-Z]{3}$"),
         "countries": F("list", items=F("str", pattern=r"^[A-Z]{2}$"))}


def _countries(spec: dict[str, Any], targeting: dict[str, Any], fallback: str) -> list[str]:
    if spec.get("countries"):
        return list(spec["countries"])
    found = [v for v in targeting.get("LOCATION") or [] if isinstance(v, str) and len(v) == 2 and v.isalpha()]
    found += [v.split("-")[0] for v in targeting.get("GEO") or [] if isinstance(v, str) and "-" in v]
    if any(isinstance(v, str) and v.isdigit() for v in targeting.get("LOCATION") or []):
        found.append("US")  # metro (DMA) codes are US places
    return list(dict.fromkeys(found)) or [fallback]


def floor_micro(billable_event: str, currency: str, countries: list[str]) -> int:
    factor = max(COUNTRY_FACTOR.get(c, OTHER_COUNTRY) for c in countries)
    amount = BASE_USD[billable_event] * factor * USD_RATE.get(currency, Decimal(1))
    return int(amount * 1_000_000)


async def bid_floor(request: Request) -> JSONResponse:
    store = emulator_of(request).store
    account = ad_account_or_404(store, request.path_params["ad_account_id"])
    body = check_object(await json_body(request), _REQUEST, ("bid_floor_specs",), "body")
    if not body["bid_floor_specs"]:
        raise invalid("bid_floor_specs must hold at least one spec.")
    targeting = body.get("targeting_spec") or {}
    floors: list[int] = []
    for index, spec in enumerate(body["bid_floor_specs"]):
        check_object(spec, _SPEC, ("billable_event", "currency"), f"body.bid_floor_specs[{index}]")
        countries = _countries(spec, targeting, str(account.get("country") or "US"))
        floors.append(floor_micro(spec["billable_event"], spec["currency"], countries))
    return JSONResponse({"bid_floors": floors, "type": "bidfloor"})


def routes() -> list[BaseRoute]:
    """Bid floor route, relative to /v5."""
    return [Route("/ad_accounts/{ad_account_id}/bid_floor", bid_floor, methods=["POST"])]
