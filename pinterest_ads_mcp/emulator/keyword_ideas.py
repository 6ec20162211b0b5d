"""Keyword ideas: the spec's ``trends/keywords/top`` and ``keywords/metrics`` (``GET``, both).

``GET /trends/keywords/{region}/top/{trend_type}`` answers the top trending search terms of a region,
narrowed by ``include_keywords`` (a trend is kept when it contains one of them), at most ``limit``
(1..50). ``GET /ad_accounts/{id}/keywords/metrics`` answers, per keyword asked for, Pinterest's
bucketed monthly search volume in a country (``keyword_query_volume`` such as "10K-100K"). Both are
deterministic: the same question gets the same answer on every run.
"""

from __future__ import annotations

import zlib

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from .http import emulator_of, invalid
from .params import ad_account_or_404, list_param

REGIONS = ("US", "CA", "DE", "FR", "ES", "IT", "DE+AT+CH", "GB+IE", "IT+ES+PT+GR+MT", "PL+RO+HU+SK+CZ",
           "SE+DK+FI+NO", "NL+BE+LU", "AR", "BR", "CO", "MX", "MX+AR+CO+CL", "AU+NZ")
TREND_TYPES = ("growing", "monthly", "yearly", "seasonal")
VOCABULARY = (
    "raised garden bed", "raised garden bed ideas", "cedar raised garden bed", "vegetable garden layout",
    "small garden ideas", "balcony garden", "balcony planter", "herb garden", "herb spiral", "container gardening",
    "garden bed edging", "compost bin", "garden trellis", "backyard garden ideas", "garden path ideas",
    "living room decor", "cozy living room", "boho living room", "living room wall decor", "throw pillows",
    "boho cushions", "neutral home decor", "home decor ideas", "diy home decor", "pallet furniture",
    "pallet coffee table", "diy coffee table", "macrame plant hanger", "diy wall art", "feature wall paint",
)
VOLUMES = ("1K-10K", "10K-100K", "100K-1M", "1M-5M", "5M+")
MAX_KEYWORDS = 2000


_FILTER_ENUMS = {
    "genders": ("female", "male", "unknown"),
    "ages": ("18-24", "25-34", "35-44", "45-49", "50-54", "55-64", "65+"),
    "interests": ("animals", "architecture", "art", "beauty", "childrens_fashion", "design", "diy_and_crafts",
                  "education", "electronics", "entertainment", "event_planning", "finance", "food_and_drinks",
                  "gardening", "health", "home_decor", "mens_fashion", "parenting", "quotes", "sport", "travel",
                  "vehicles", "wedding", "womens_fashion"),
}
_FLAGS = ("normalize_against_group", "include_prediction", "include_demographics")


def _check_trend_filters(request: Request) -> None:
    """The trends query filters as the spec types them: enum lists, booleans, 1..100-character keywords."""
    for name, allowed in _FILTER_ENUMS.items():
        for value in request.query_params.getlist(name):
            if value not in allowed:
                raise invalid(f"Invalid {name} value {value!r} (use {', '.join(allowed)}).")
    for name in _FLAGS:
        flag = request.query_params.get(name)
        if flag is not None and flag not in ("true", "false"):
            raise invalid(f"Invalid {name}: {flag!r} (expected true or false).")
    for value in request.query_params.getlist("include_keywords"):
        if not 1 <= len(value) <= 100:
            raise invalid("include_keywords values must be 1 to 100 characters.")


def _score(text: str, salt: str) -> int:
    return zlib.crc32(f"{salt}:{text}".encode())


async def trending_keywords(request: Request) -> JSONResponse:
    region, trend_type = request.path_params["region"], request.path_params["trend_type"]
    if region not in REGIONS:
        raise invalid(f"Invalid region {region!r}.")
    if trend_type not in TREND_TYPES:
        raise invalid(f"Invalid trend_type {trend_type!r} (use {', '.join(TREND_TYPES)}).")
    _check_trend_filters(request)
    raw_limit = request.query_params.get("limit") or "50"
    if not raw_limit.isascii() or not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 50:
        raise invalid("limit must be an integer from 1 to 50.")
    wanted = [w.casefold() for w in list_param(request, "include_keywords") or []]
    if len(wanted) > 50:
        raise invalid("include_keywords takes at most 50 keywords.")
    found = [k for k in VOCABULARY if not wanted or any(w in k for w in wanted)]
    found.sort(key=lambda k: _score(k, region + trend_type))
    trends = []
    for keyword in found[: int(raw_limit)]:
        seed = _score(keyword, region)
        trends.append({"keyword": keyword, "pct_growth_wow": seed % 60 - 10, "pct_growth_mom": seed % 250 - 20,
                       "pct_growth_yoy": seed % 400 - 40})
    return JSONResponse({"trends": trends})


async def keyword_metrics(request: Request) -> JSONResponse:
    store = emulator_of(request).store
    ad_account_or_404(store, request.path_params["ad_account_id"])
    country = request.query_params.get("country_code")
    if not country:
        raise invalid("Missing required parameter country_code.")
    keywords = list_param(request, "keywords") or []  # explode: false, comma-separated
    if not keywords:
        raise invalid("Missing required parameter keywords.")
    if len(keywords) > MAX_KEYWORDS:
        raise invalid(f"keywords takes at most {MAX_KEYWORDS} values.")
    data = [{"keyword": k, "metrics": {"keyword_query_volume": VOLUMES[_score(k.casefold(), country) % len(VOLUMES)]}}
            for k in keywords]
    return JSONResponse({"data": data})


def routes() -> list[BaseRoute]:
    """Keyword idea routes, relative to /v5."""
    return [
        Route("/trends/keywords/{region}/top/{trend_type}", trending_keywords, methods=["GET"]),
        Route("/ad_accounts/{ad_account_id}/keywords/metrics", keyword_metrics, methods=["GET"]),
    ]
