"""Targeting analytics: the delivery of accounts, campaigns and ad groups broken down by targeting value.

Routes (under ``/v5``): ``GET /ad_accounts/{id}/targeting_analytics``, ``.../campaigns/targeting_analytics``
(``campaign_ids``) and ``.../ad_groups/targeting_analytics`` (``ad_group_ids``). The answer is the
spec's ``MetricsResponse``: ``{"data": [{"targeting_type", "targeting_value", "metrics": {<ID>, DATE?,
<COLUMN>: value}}]}``.

How the numbers are made, so they agree with the unbroken analytics:

* Every ad group's day (the same integer vector :mod:`.metrics` reports) is cut into parts, one per
  targeting value, at cumulative floor points of the value shares, so the parts add up exactly.
* Shares follow the ad group's own targeting: the ages, genders, countries (LOCATION and GEO),
  regions, app types and placement it targets, weighted by the population tables in
  :mod:`.targeting_data` with a small deterministic per-day jitter. AGE_BUCKET, GENDER, COUNTRY,
  REGION, APPTYPE and PLACEMENT each cover all of the delivery.
* KEYWORD, TARGETED_INTEREST and AUDIENCE_INCLUDE share one partition, "what matched": each of the
  ad group's keywords, interests and included audiences gets a share, and with
  ``auto_targeting_enabled`` a quarter of the delivery comes from expanded targeting and belongs to
  none of them. These three types therefore cover only part of the delivery.
* Privacy threshold: a row (entity, period, targeting value) with fewer than
  :data:`PRIVACY_MIN_IMPRESSIONS` paid impressions is withheld, as Pinterest withholds small
  audience slices. Breakdown rows therefore sum to at most the unbroken report.
* Other targeting types of the spec's enums (LOCATION, GEO, PINNER_INTEREST, AGE_BUCKET_AND_GENDER,
  CREATIVE_TYPE, ...) are accepted and answer no rows. Granularity HOUR is refused with a 400.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from . import targeting_data as td
from .http import emulator_of, invalid
from .insights import _account, _ids, _order, _query_list, account_scope, parse_sync_query, subjects_for
from .metrics import ZERO, Subject, Vec, _compose, eday_of, engine_for, periods, vsum

Entity = dict[str, Any]
PRIVACY_MIN_IMPRESSIONS = 100
EXPANDED_SHARE = 0.25

_COMMON = (
    "KEYWORD", "APPTYPE", "GENDER", "LOCATION", "PLACEMENT", "COUNTRY", "TARGETED_INTEREST", "PINNER_INTEREST",
    "AUDIENCE_INCLUDE", "GEO", "AGE_BUCKET", "REGION", "AGE_BUCKET_AND_GENDER",
)  # fmt: skip
ACCOUNT_TYPES = _COMMON
CAMPAIGN_TYPES = (*_COMMON, "CREATIVE_TYPE", "AUDIENCE_MULTIPLIER")
AD_GROUP_TYPES = (*_COMMON, "CREATIVE_ENHANCEMENTS")
MATCHED = ("KEYWORD", "TARGETED_INTEREST", "AUDIENCE_INCLUDE")
REPORT_AGES = ("18-24", "25-34", "35-44", "45-49", "50-54", "55-64", "65+")
PLACEMENTS = {"ALL": (("BROWSE", 0.7), ("SEARCH", 0.3)), "BROWSE": (("BROWSE", 1.0),), "SEARCH": (("SEARCH", 1.0),)}


def _unit(key: str) -> float:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big") / 2**32


def _age_share(bucket: str) -> float:
    lo, _, hi = bucket.partition("-")
    lo_age = int(lo.rstrip("+"))
    hi_age = int(hi) if hi else 65
    return sum(s for a, b, s in td.AGE_BAND_SHARES if a >= lo_age and b <= hi_age) or 0.01


def _countries(spec: dict[str, Any], default: str) -> list[str]:
    out = [str(c) for c in spec.get("LOCATION") or [] if str(c) in td.COUNTRIES]
    out += [td.REGIONS[g][1] for g in spec.get("GEO") or [] if g in td.REGIONS]
    return list(dict.fromkeys(out)) or [default]


def shares(store: Any, group: Entity, kind: str, default_country: str) -> list[tuple[Any, float]]:
    """(targeting value, share of the ad group's delivery) for one targeting type, before jitter.

    Demographic types sum to 1; the matched types (keyword, interest, audience) to 1 minus the
    expanded-targeting share.
    """
    raw_spec = group.get("targeting_spec")
    spec: dict[str, Any] = raw_spec if isinstance(raw_spec, dict) else {}
    if kind == "AGE_BUCKET":
        targeted = [b for b in spec.get("AGE_BUCKET") or [] if b in REPORT_AGES]
        return [(b, _age_share(b)) for b in targeted or REPORT_AGES]
    if kind == "GENDER":
        return [(g, td.GENDERS[g][1]) for g in (spec.get("GENDER") or list(td.GENDERS)) if g in td.GENDERS]
    if kind == "APPTYPE":
        return [(a, td.APPTYPES[a][1]) for a in (spec.get("APPTYPE") or list(td.APPTYPES)) if a in td.APPTYPES]
    if kind == "PLACEMENT":
        return list(PLACEMENTS.get(str(group.get("placement_group") or "ALL"), PLACEMENTS["ALL"]))
    if kind == "COUNTRY":
        return [(c, float(td.COUNTRIES[c][1])) for c in _countries(spec, default_country) if c in td.COUNTRIES]
    if kind == "REGION":
        geos = [g for g in spec.get("GEO") or [] if g in td.REGIONS]
        out: list[tuple[Any, float]] = []
        for country in _countries(spec, default_country):
            regions = [g for g in geos if td.REGIONS[g][1] == country] or [
                code for code, (_, c, _) in td.REGIONS.items() if c == country
            ]
            weight = float(td.COUNTRIES[country][1]) if country in td.COUNTRIES else 1.0
            total = sum(td.REGIONS[r][2] for r in regions)
            out += [(r, weight * td.REGIONS[r][2] / total) for r in regions] if total else []
        return out
    if kind in MATCHED:
        matched = matched_shares(store, group)
        return [(value, share) for k, value, share in matched if k == kind]
    return []


def matched_shares(store: Any, group: Entity) -> list[tuple[str, Any, float]]:
    """(type, value, share) of what matched: keywords, interests, audiences; the rest is expanded targeting."""
    raw_spec = group.get("targeting_spec")
    spec: dict[str, Any] = raw_spec if isinstance(raw_spec, dict) else {}
    parts: list[tuple[str, Any, float]] = []
    for keyword in getattr(store, "keywords", {}).values():
        if keyword.get("parent_id") == group.get("id") and not keyword.get("archived"):
            if not str(keyword.get("match_type") or "").endswith("NEGATIVE"):
                parts.append(("KEYWORD", str(keyword.get("value")), 1.0))
    for interest in spec.get("INTEREST") or []:
        known = td.INTERESTS.get(str(interest))
        parts.append(("TARGETED_INTEREST", known.name if known else str(interest), 1.5))
    for audience in spec.get("AUDIENCE_INCLUDE") or []:
        parts.append(("AUDIENCE_INCLUDE", str(audience), 0.7))
    if not parts:
        return []
    room = 1.0 - (EXPANDED_SHARE if group.get("auto_targeting_enabled", True) else 0.0)
    total = sum(w for _, _, w in parts)
    return [(k, v, room * w / total) for k, v, w in parts]


def split(vec: Vec, weights: Sequence[float]) -> list[Vec]:
    """Cut ``vec`` into parts at cumulative floor points of ``weights`` (summing to at most 1)."""
    out: list[Vec] = []
    previous = ZERO
    running = 0.0
    for i, w in enumerate(weights):
        running += w
        whole = i == len(weights) - 1 and running >= 1.0 - 1e-9
        current = vec if whole else tuple(int(x * min(running, 1.0)) for x in vec)
        out.append(tuple(c - p for c, p in zip(current, previous)))
        previous = current
    return out


def day_parts(store: Any, group: Entity, kind: str, eday: int, vec: Vec, country: str) -> list[tuple[Any, Vec]]:
    """One ad group-day's vector cut by the values of one targeting type."""
    base = shares(store, group, kind, country)
    if not base or not any(vec):
        return []
    covered = sum(s for _, s in base)
    jittered = [s * (0.8 + 0.4 * _unit(f"{group['id']}:{kind}:{v}:{eday}")) for v, s in base]
    scale = covered / sum(jittered)
    if kind not in MATCHED:
        scale = 1.0 / sum(jittered)
    parts = split(vec, [w * scale for w in jittered])
    return [(v, p) for (v, _), p in zip(base, parts)]


@dataclass
class _Member:
    campaign_id: str
    group: Entity


def _groups_of(store: Any, subject: Subject) -> list[_Member]:
    tree = engine_for(store).tree()
    out: list[_Member] = []
    for member in subject.members:
        if member.kind == "campaign":
            out += [_Member(member.campaign_id, g) for g in tree.ad_groups_of.get(member.campaign_id, [])]
        elif member.kind == "ad_group" and member.id in store.ad_groups:
            out.append(_Member(member.campaign_id, store.ad_groups[member.id]))
    return out


def breakdown_rows(
    store: Any,
    subjects: list[Subject],
    start: date,
    end: date,
    granularity: str,
    kinds: Sequence[str],
    columns: Sequence[str],
    id_column: str,
    country: str,
) -> list[dict[str, Any]]:
    engine = engine_for(store)
    edays = list(range(eday_of(start), eday_of(end) + 1))
    members = {id(s): _groups_of(store, s) for s in subjects}
    campaign_ids = sorted({m.campaign_id for ms in members.values() for m in ms})
    blocks = engine.days(campaign_ids, edays)
    out: list[dict[str, Any]] = []
    for subject in subjects:
        for span in periods(start, end, granularity):
            for kind in kinds:
                sums: dict[Any, list[Vec]] = {}
                for member in members[id(subject)]:
                    for d in span.days:
                        vec = blocks[member.campaign_id][d].groups.get(member.group["id"], ZERO)
                        for value, part in day_parts(store, member.group, kind, d, vec, country):
                            sums.setdefault(value, []).append(part)
                for value, parts in sums.items():
                    total = vsum(parts)
                    if total[2] < PRIVACY_MIN_IMPRESSIONS:  # imp_1: paid impressions
                        continue
                    row = _compose(subject, span.label, None, total, columns, id_column)
                    out.append({"targeting_type": kind, "targeting_value": value, "metrics": row.values})
    return out


def _kinds(request: Request, allowed: tuple[str, ...]) -> list[str]:
    values = _query_list(request, "targeting_types")
    if not values:
        raise invalid("targeting_types is required: 1 or more of " + ", ".join(allowed) + ".")
    if len(values) > len(allowed):
        raise invalid(f"targeting_types takes at most {len(allowed)} values.")
    for value in values:
        if value not in allowed:
            raise invalid(f"Invalid targeting_types value {value!r}; expected one of {', '.join(allowed)}.")
    return list(dict.fromkeys(values))


async def _answer(request: Request, level: str, id_param: str | None, allowed: tuple[str, ...]) -> Response:
    store = emulator_of(request).store
    account = _account(store, request.path_params["ad_account_id"])
    ids = _ids(_query_list(request, id_param), id_param, 250, required=True) if id_param else None
    kinds = _kinds(request, allowed)
    query = parse_sync_query(request, store, hour_range=3)
    if query.granularity == "HOUR":
        raise invalid("granularity HOUR is not supported for targeting analytics by this emulator; use DAY.")
    subjects = subjects_for(store, account_scope(store, account), level)
    if ids is not None:
        subjects = _order(subjects, ids)
    id_column = {"ACCOUNT": "AD_ACCOUNT_ID", "CAMPAIGN": "CAMPAIGN_ID", "AD_GROUP": "AD_GROUP_ID"}[level]
    rows = breakdown_rows(
        store, subjects, query.start, query.end, query.granularity, kinds, query.columns, id_column,
        str(account.get("country") or "US"),
    )  # fmt: skip
    return JSONResponse({"data": rows})


async def account_targeting(request: Request) -> Response:
    return await _answer(request, "ACCOUNT", None, ACCOUNT_TYPES)


async def campaign_targeting(request: Request) -> Response:
    return await _answer(request, "CAMPAIGN", "campaign_ids", CAMPAIGN_TYPES)


async def ad_group_targeting(request: Request) -> Response:
    return await _answer(request, "AD_GROUP", "ad_group_ids", AD_GROUP_TYPES)


def routes() -> list[BaseRoute]:
    return [
        Route("/ad_accounts/{ad_account_id}/targeting_analytics", account_targeting, methods=["GET"]),
        Route("/ad_accounts/{ad_account_id}/campaigns/targeting_analytics", campaign_targeting, methods=["GET"]),
        Route("/ad_accounts/{ad_account_id}/ad_groups/targeting_analytics", ad_group_targeting, methods=["GET"]),
    ]
