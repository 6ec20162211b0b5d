"""Targeting resources, analytics (sync and async reports) and audience sizing routes.

Mounting: :func:`routes` are mounted under ``/v5``; :func:`download_routes` must be mounted at
the root. They serve the async report files at ``/_downloads/reports/{token}.{json|csv}?expires=
&sig=``: like Pinterest's pre-signed S3 links, a download needs no bearer token, only an unexpired
signature (5 minutes), and the report itself expires an hour after it was requested.

Numbers come from :mod:`.metrics` (deterministic per ad and day; every aggregate is an exact sum),
and sync analytics and async reports share one row builder, so a report equals the sync answer
for the same ids, dates and granularity.

Async report JSON (``report_format`` JSON, the default), following Pinterest's format: an object
whose keys are the report level's entity ids (``primary_sort`` BY_ID, the default) or the rows'
``DATE`` (BY_DATE, for time granularities), each mapping to a list of row objects. A row holds the
entity id column (``ADVERTISER_ID``, ``CAMPAIGN_ID``, ``AD_GROUP_ID`` or ``PIN_PROMOTION_ID``),
``DATE`` (``YYYY-MM-DD``, for DAY/WEEK/MONTH/HOUR), ``HOUR`` (0-23 UTC, HOUR only) and the requested
columns; unmodelled columns are left out and rows with no delivery are omitted. CSV reports have
one header line and zero-fill missing metric columns.

Time rules: dates are UTC days; "today" is the UTC day of ``store.now()``. WEEK buckets start on
Monday and MONTH buckets on the 1st; a bucket's ``DATE`` is its first day inside the range. HOUR
rows keep ``DATE`` a plain date (the spec declares ``format: date``) and add ``HOUR``.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from . import targeting_data as td
from .entities import check_targeting_types
from .http import emulator_of, invalid, json_body, not_found
from .metrics import (
    ASYNC_COLUMNS,
    METRIC_COLUMNS,
    SYNC_COLUMNS,
    Member,
    Row,
    Subject,
    build_rows,
    engine_for,
)
from .schema import F, check_value

Entity = dict[str, Any]
_ID = re.compile(r"^\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GRANULARITIES = ("TOTAL", "DAY", "HOUR", "WEEK", "MONTH")
WINDOW_DAYS = (0, 1, 7, 14, 30, 60)
SYNC_COLUMN_SET = frozenset(SYNC_COLUMNS)
ASYNC_COLUMN_SET = frozenset(ASYNC_COLUMNS)
SUPPORTED_LEVELS = {
    "ADVERTISER": "ADVERTISER_ID",
    "CAMPAIGN": "CAMPAIGN_ID",
    "AD_GROUP": "AD_GROUP_ID",
    "PIN_PROMOTION": "PIN_PROMOTION_ID",
}
ALL_LEVELS = (
    "ADVERTISER", "ADVERTISER_TARGETING", "CAMPAIGN", "CAMPAIGN_TARGETING", "AD_GROUP", "AD_GROUP_TARGETING",
    "PIN_PROMOTION", "PIN_PROMOTION_TARGETING", "KEYWORD", "PRODUCT_GROUP", "PRODUCT_GROUP_TARGETING",
    "PRODUCT_ITEM", "PRODUCT_ITEM_TARGETING",
)  # fmt: skip
CAMPAIGN_SUMMARY = (
    "RUNNING",
    "PAUSED",
    "NOT_STARTED",
    "COMPLETED",
    "ADVERTISER_DISABLED",
    "ARCHIVED",
    "DRAFT",
    "DELETED_DRAFT",
)
AD_SUMMARY = (
    "APPROVED",
    "PAUSED",
    "PENDING",
    "REJECTED",
    "ADVERTISER_DISABLED",
    "ARCHIVED",
    "DRAFT",
    "DELETED_DRAFT",
)
OBJECTIVES = (
    "AWARENESS",
    "CONSIDERATION",
    "VIDEO_VIEW",
    "WEB_CONVERSION",
    "CATALOG_SALES",
    "WEB_SESSIONS",
    "VIDEO_COMPLETION",
)
REPORT_URL_TTL_S = 300
REPORT_TTL_S = 3600
_SIGNING_KEY = secrets.token_bytes(32)


# ==========================================================================================
# Small parsing helpers
def _account(store: Any, account_id: str) -> Entity:
    if not _ID.match(account_id) or len(account_id) > 18:
        raise invalid(
            f"Invalid ad_account_id: {account_id!r} (expected a numeric string of at most 18 digits)."
        )
    account = store.ad_accounts.get(account_id)
    if account is None:
        raise not_found("AdAccount")
    return account


def _today(store: Any) -> date:
    return datetime.fromtimestamp(store.now(), tz=UTC).date()


def _parse_date(raw: object, name: str) -> date:
    if raw is None or raw == "":
        raise invalid(f"{name} is required (YYYY-MM-DD).")
    if not isinstance(raw, str) or not _DATE.match(raw):
        raise invalid(f"Invalid {name}: {raw!r} (expected YYYY-MM-DD).")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise invalid(f"Invalid {name}: {raw!r} is not a calendar date.") from None


def _choice(raw: object, name: str, allowed: tuple[Any, ...], *, required: bool = False) -> Any:
    if raw is None:
        if required:
            raise invalid(f"{name} is required; expected one of {', '.join(map(str, allowed))}.")
        return None
    if raw not in allowed:
        raise invalid(f"Invalid {name}: {raw!r}; expected one of {', '.join(map(str, allowed))}.")
    return raw


def _window_days(raw: str | None, name: str) -> None:
    if raw is None:
        return
    try:
        value = int(raw)
    except ValueError:
        raise invalid(f"Invalid {name}: {raw!r}; expected one of 0, 1, 7, 14, 30, 60.") from None
    _choice(value, name, WINDOW_DAYS)


def _query_list(request: Request, name: str) -> list[str] | None:
    """A repeated and/or comma-separated query parameter (None when absent)."""
    raw = request.query_params.getlist(name)
    if not raw:
        return None
    return [part.strip() for item in raw for part in item.split(",") if part.strip()]


def _ids(values: list[str] | None, name: str, max_items: int, *, required: bool = False) -> list[str] | None:
    if values is None:
        if required:
            raise invalid(f"{name} is required (1 to {max_items} ids).")
        return None
    if not 1 <= len(values) <= max_items:
        raise invalid(f"{name} must contain between 1 and {max_items} ids (got {len(values)}).")
    for value in values:
        if not isinstance(value, str) or not _ID.match(value) or len(value) > 18:
            raise invalid(f"Invalid {name} value {value!r} (expected a numeric string of at most 18 digits).")
    return list(dict.fromkeys(values))


def _columns(values: list[str] | None, allowed: frozenset[str], kind: str) -> list[str]:
    if not values:
        raise invalid("columns is required: a comma-separated list of reporting columns.")
    for value in values:
        if not isinstance(value, str) or value not in allowed:
            raise invalid(f"Invalid columns value {value!r}: not a {kind} reporting column.")
    return list(dict.fromkeys(values))


def check_window(
    start: date,
    end: date,
    granularity: str,
    today: date,
    *,
    max_back: int,
    max_range: int,
    hour_range: int | None = 3,
) -> None:
    """Pinterest's look-back and range limits; the message names the parameter at fault."""
    if end < start:
        raise invalid(f"end_date {end} is before start_date {start}.")
    if granularity == "HOUR":
        if (today - start).days > 8:
            raise invalid(
                f"start_date {start} is more than 8 days before today ({today}); "
                "granularity HOUR only has the last 8 days."
            )
        if hour_range is not None and (end - start).days > hour_range:
            raise invalid(
                f"end_date {end} is more than {hour_range} days after start_date {start} (granularity HOUR)."
            )
        return
    if (today - start).days > max_back:
        raise invalid(f"start_date {start} is more than {max_back} days before today ({today}).")
    if (end - start).days > max_range:
        raise invalid(f"end_date {end} is more than {max_range} days after start_date {start}.")


# ==========================================================================================
# Report subjects: which entities a row sums, and their attribute columns.
def _labels_of(store: Any, campaign_id: str) -> tuple[str | None, list[str]]:
    brand: str | None = None
    custom: list[str] = []
    for label in getattr(store, "labels", {}).values():
        # A label may sit on many campaigns (``applied``: campaign id -> status), else on its parent.
        applied = label.get("applied") or {label.get("parent_id"): "ACTIVE"}
        if label.get("status", "ACTIVE") != "ACTIVE" or applied.get(campaign_id) != "ACTIVE":
            continue
        if label.get("label_type") == "BRAND":
            brand = brand or label.get("value")
        else:
            custom.append(str(label.get("value")))
    return brand, custom


def account_attributes(account: Entity) -> dict[str, Any]:
    return {"AD_ACCOUNT_ID": account["id"], "ADVERTISER_ID": account["id"]}


def campaign_attributes(store: Any, campaign: Entity) -> dict[str, Any]:
    brand, custom = _labels_of(store, campaign["id"])
    lifetime = campaign.get("lifetime_spend_cap")
    daily = campaign.get("daily_spend_cap")
    return {
        "CAMPAIGN_ID": campaign["id"],
        "CAMPAIGN_NAME": campaign.get("name"),
        "CAMPAIGN_ENTITY_STATUS": campaign.get("status"),
        "CAMPAIGN_STATUS": campaign.get("summary_status") or campaign.get("status"),
        "CAMPAIGN_OBJECTIVE_TYPE": campaign.get("objective_type"),
        "CAMPAIGN_DAILY_SPEND_CAP": daily / 1_000_000 if daily is not None else None,
        "CAMPAIGN_LIFETIME_SPEND_CAP": lifetime / 1_000_000 if lifetime is not None else None,
        "CAMPAIGN_BUDGET_OPTIMIZATION": bool(campaign.get("is_campaign_budget_optimization")),
        "IS_PREMIERE_CAMPAIGN": False,
        "ORDER_LINE_ID": campaign.get("order_line_id"),
        "CAMPAIGN_BRAND_LABEL": brand,
        "CAMPAIGN_CUSTOM_LABELS": ",".join(custom) if custom else None,
    }


def ad_group_attributes(ad_group: Entity) -> dict[str, Any]:
    budget = ad_group.get("budget_in_micro_currency")
    return {
        "AD_GROUP_ID": ad_group["id"],
        "AD_GROUP_NAME": ad_group.get("name"),
        "AD_GROUP_BUDGET_TYPE": ad_group.get("budget_type"),
        "AD_GROUP_BUDGET_IN_LOCAL_CURRENCY": budget / 1_000_000 if budget is not None else None,
        "AD_GROUP_ENTITY_STATUS": ad_group.get("status"),
        "AD_GROUP_STATUS": ad_group.get("summary_status") or ad_group.get("status"),
        "AD_GROUP_BID_MULTIPLIER": ad_group.get("bid_multiplier"),
        "AD_GROUP_OPTIMIZATION": ad_group.get("billable_event"),
    }


def ad_attributes(ad: Entity) -> dict[str, Any]:
    return {
        "AD_ID": ad["id"],
        "PIN_PROMOTION_ID": ad["id"],
        "AD_NAME": ad.get("name"),
        "PIN_PROMOTION_NAME": ad.get("name"),
        "PIN_ID": ad.get("pin_id"),
        "AD_STATUS": ad.get("summary_status") or ad.get("status"),
        "PIN_PROMOTION_STATUS": ad.get("summary_status") or ad.get("status"),
    }


@dataclass
class Scope:
    """The account's entities after report filters; ``narrowed`` = a lower level was filtered."""

    account: Entity
    campaigns: list[Entity]
    ad_groups: dict[str, list[Entity]]  # campaign id -> kept ad groups
    ads: dict[str, list[Entity]]  # ad group id -> kept ads
    groups_narrowed: bool = False
    ads_narrowed: bool = False


def account_scope(store: Any, account: Entity) -> Scope:
    tree = engine_for(store).tree()
    campaigns = list(tree.campaigns_of.get(account["id"], []))
    groups = {c["id"]: list(tree.ad_groups_of.get(c["id"], [])) for c in campaigns}
    ads = {g["id"]: list(tree.ads_of.get(g["id"], [])) for gs in groups.values() for g in gs}
    return Scope(account, campaigns, groups, ads)


def _whole_campaign(scope: Scope, campaign: Entity) -> list[Member]:
    cid = campaign["id"]
    if scope.ads_narrowed:
        return [Member(cid, "ad", ad["id"]) for g in scope.ad_groups[cid] for ad in scope.ads[g["id"]]]
    if scope.groups_narrowed:
        return [Member(cid, "ad_group", g["id"]) for g in scope.ad_groups[cid]]
    return [Member(cid, "campaign", cid)]


def subjects_for(store: Any, scope: Scope, level: str) -> list[Subject]:
    """One subject per entity of ``level`` (ACCOUNT/CAMPAIGN/AD_GROUP/AD) left in the scope."""
    base = account_attributes(scope.account)
    if level == "ACCOUNT":
        members = [m for c in scope.campaigns for m in _whole_campaign(scope, c)]
        return [Subject(scope.account["id"], members, base)]
    out: list[Subject] = []
    for campaign in scope.campaigns:
        c_attrs = {**base, **campaign_attributes(store, campaign)}
        if level == "CAMPAIGN":
            members = _whole_campaign(scope, campaign)
            if members:
                out.append(Subject(campaign["id"], members, c_attrs))
            continue
        for group in scope.ad_groups[campaign["id"]]:
            g_attrs = {**c_attrs, **ad_group_attributes(group)}
            ads = scope.ads[group["id"]]
            if level == "AD_GROUP":
                if scope.ads_narrowed:
                    members = [Member(campaign["id"], "ad", ad["id"]) for ad in ads]
                else:
                    members = [Member(campaign["id"], "ad_group", group["id"])]
                if members:
                    out.append(Subject(group["id"], members, g_attrs))
                continue
            for ad in ads:
                out.append(
                    Subject(
                        ad["id"], [Member(campaign["id"], "ad", ad["id"])], {**g_attrs, **ad_attributes(ad)}
                    )
                )
    return out


def _order(subjects: list[Subject], ids: list[str]) -> list[Subject]:
    """Subjects in the order their ids were requested (ids outside the account give no row)."""
    by_key = {s.key: s for s in subjects}
    return [by_key[i] for i in ids if i in by_key]


# ==========================================================================================
# Targeting resources
async def targeting_options(request: Request) -> Response:
    targeting_type = request.path_params["targeting_type"]
    if targeting_type not in td.TARGETING_TYPES:
        raise invalid(
            f"Invalid targeting_type {targeting_type!r}; expected one of {', '.join(td.TARGETING_TYPES)}."
        )
    account_id = request.query_params.get("ad_account_id")
    if account_id is not None:
        _account(emulator_of(request).store, account_id)
    for name, pattern in (("client_id", r"^\d{1,18}$"), ("timestamp", r"\d+")):
        value = request.query_params.get(name)
        if value is not None and not re.search(pattern, value):
            raise invalid(f"Invalid {name}: {value!r} (expected digits).")
    options = td.options_for(targeting_type)
    return JSONResponse([options] if options else [])


async def interest_details(request: Request) -> Response:
    interest_id = request.path_params["interest_id"]
    if not _ID.match(interest_id) or len(interest_id) > 18:
        raise invalid(f"Invalid interest_id: {interest_id!r} (expected a numeric string).")
    interest = td.INTERESTS.get(interest_id)
    if interest is None:
        raise not_found("Interest")
    return JSONResponse(
        {
            "id": interest.id,
            "name": interest.name,
            "level": interest.level,
            "child_interests": td.interest_children(interest.id),
        }
    )


# ==========================================================================================
# Sync analytics
@dataclass
class SyncQuery:
    start: date
    end: date
    granularity: str
    columns: list[str]


def parse_sync_query(request: Request, store: Any, *, hour_range: int | None) -> SyncQuery:
    q = request.query_params
    start = _parse_date(q.get("start_date"), "start_date")
    end = _parse_date(q.get("end_date"), "end_date")
    columns = _columns(_query_list(request, "columns"), SYNC_COLUMN_SET, "sync")
    granularity = _choice(q.get("granularity"), "granularity", GRANULARITIES, required=True)
    for name in ("click_window_days", "engagement_window_days", "view_window_days"):
        _window_days(q.get(name), name)
    _choice(
        q.get("conversion_report_time"), "conversion_report_time", ("TIME_OF_AD_ACTION", "TIME_OF_CONVERSION")
    )
    _choice(
        q.get("reporting_timezone"), "reporting_timezone", ("PINTEREST_TIME_ZONE", "AD_ACCOUNT_TIME_ZONE")
    )
    today = _today(store)
    if granularity != "HOUR" and (today - start).days == 90:
        # Pinterest counts the 90 days in its own time zone: a start date exactly 90 days back is
        # refused part of the day ("transient" near the boundary). Refused here all day, so a client
        # that keeps a day of margin is the only one that always succeeds.
        raise invalid("You can only get data from the last 90 days.")
    check_window(start, end, granularity, today, max_back=90, max_range=90, hour_range=hour_range)
    return SyncQuery(start, end, granularity, columns)


def _aggregate_rows(request: Request) -> bool:
    raw = request.query_params.get("aggregate_report_rows")
    if raw is None:
        return False
    if raw.lower() not in ("true", "false"):
        raise invalid(f"Invalid aggregate_report_rows: {raw!r} (expected true or false).")
    return raw.lower() == "true"


def _sync_answer(store: Any, subjects: list[Subject], query: SyncQuery, id_column: str | None) -> Response:
    rows = build_rows(
        engine_for(store), subjects, query.start, query.end, query.granularity, query.columns, id_column
    )
    return JSONResponse([row.values for row in rows])


def _merge(subjects: list[Subject]) -> list[Subject]:
    """aggregate_report_rows: one id-less subject summing all requested entities."""
    members = [m for s in subjects for m in s.members]
    return [Subject(None, members, {})] if members else []


async def account_analytics(request: Request) -> Response:
    store = emulator_of(request).store
    account = _account(store, request.path_params["ad_account_id"])
    query = parse_sync_query(request, store, hour_range=None)
    subjects = subjects_for(store, account_scope(store, account), "ACCOUNT")
    return _sync_answer(store, subjects, query, "AD_ACCOUNT_ID")


async def _level_analytics(request: Request, id_param: str, level: str, id_column: str) -> Response:
    """Campaign and ad group analytics: one required id list, rows per entity (or merged)."""
    store = emulator_of(request).store
    account = _account(store, request.path_params["ad_account_id"])
    ids = _ids(_query_list(request, id_param), id_param, 250, required=True) or []
    query = parse_sync_query(request, store, hour_range=3)
    subjects = _order(subjects_for(store, account_scope(store, account), level), ids)
    if _aggregate_rows(request):
        return _sync_answer(store, _merge(subjects), query, None)
    return _sync_answer(store, subjects, query, id_column)


async def campaign_analytics(request: Request) -> Response:
    return await _level_analytics(request, "campaign_ids", "CAMPAIGN", "CAMPAIGN_ID")


async def ad_group_analytics(request: Request) -> Response:
    return await _level_analytics(request, "ad_group_ids", "AD_GROUP", "AD_GROUP_ID")


async def ad_analytics(request: Request) -> Response:
    store = emulator_of(request).store
    account = _account(store, request.path_params["ad_account_id"])
    ad_ids = _ids(_query_list(request, "ad_ids"), "ad_ids", 250)
    campaign_ids = _ids(_query_list(request, "campaign_ids"), "campaign_ids", 250)
    pin_ids = _ids(_query_list(request, "pin_ids"), "pin_ids", 100)
    if ad_ids is None and (campaign_ids is None or pin_ids is None):
        raise invalid("ad_ids is required, or both campaign_ids and pin_ids.")
    query = parse_sync_query(request, store, hour_range=3)
    subjects = subjects_for(store, account_scope(store, account), "AD")
    if ad_ids is not None:
        subjects = _order(subjects, ad_ids)
    else:
        wanted_campaigns, wanted_pins = set(campaign_ids or ()), set(pin_ids or ())
        subjects = [
            s
            for s in subjects
            if s.attributes.get("CAMPAIGN_ID") in wanted_campaigns
            and s.attributes.get("PIN_ID") in wanted_pins
        ]
    return _sync_answer(store, subjects, query, "AD_ID")


# ==========================================================================================
# Async reports
def _body_ids(body: dict[str, Any], name: str) -> list[str] | None:
    raw = body.get(name)
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise invalid(f"{name} must be an array of ids.")
    return _ids(raw, name, 500)


def _body_enums(body: dict[str, Any], name: str, allowed: tuple[str, ...], max_items: int) -> set[str] | None:
    raw = body.get(name)
    if raw is None:
        return None
    if not isinstance(raw, list) or not 1 <= len(raw) <= max_items:
        raise invalid(f"{name} must be an array of 1 to {max_items} values.")
    for value in raw:
        _choice(value, name, allowed)
    return set(raw)


def _campaign_summary(campaign: Entity) -> str:
    status = campaign.get("summary_status")
    if status:
        return str(status)
    return {"ACTIVE": "RUNNING"}.get(str(campaign.get("status")), str(campaign.get("status")))


def _ad_summary(ad: Entity) -> str:
    status = ad.get("summary_status")
    if status:
        return str(status)
    return {"ACTIVE": "APPROVED"}.get(str(ad.get("status")), str(ad.get("status")))


def filtered_scope(store: Any, account: Entity, body: dict[str, Any]) -> Scope:
    """The account's entities that pass the report request's filters."""
    scope = account_scope(store, account)
    campaign_ids = _body_ids(body, "campaign_ids")
    ad_group_ids = _body_ids(body, "ad_group_ids")
    ad_ids = _body_ids(body, "ad_ids")
    campaign_statuses = _body_enums(body, "campaign_statuses", CAMPAIGN_SUMMARY, 6)
    ad_group_statuses = _body_enums(body, "ad_group_statuses", CAMPAIGN_SUMMARY, 6)
    ad_statuses = _body_enums(body, "ad_statuses", AD_SUMMARY, 6)
    objectives = _body_enums(body, "campaign_objective_types", OBJECTIVES, 7)
    brand = body.get("campaign_brand_label")
    if brand is not None and not isinstance(brand, str):
        raise invalid("campaign_brand_label must be a string.")

    def keep_campaign(c: Entity) -> bool:
        return (
            (campaign_ids is None or c["id"] in campaign_ids)
            and (campaign_statuses is None or _campaign_summary(c) in campaign_statuses)
            and (objectives is None or c.get("objective_type") in objectives)
            and (brand is None or _labels_of(store, c["id"])[0] == brand)
        )

    scope.campaigns = [c for c in scope.campaigns if keep_campaign(c)]
    if ad_group_ids is not None or ad_group_statuses is not None:
        scope.groups_narrowed = True
        for cid, groups in scope.ad_groups.items():
            scope.ad_groups[cid] = [
                g
                for g in groups
                if (ad_group_ids is None or g["id"] in ad_group_ids)
                and (ad_group_statuses is None or _campaign_summary(g) in ad_group_statuses)
            ]
    if ad_ids is not None or ad_statuses is not None:
        scope.ads_narrowed = True
        for gid, ads in scope.ads.items():
            scope.ads[gid] = [
                ad
                for ad in ads
                if (ad_ids is None or ad["id"] in ad_ids)
                and (ad_statuses is None or _ad_summary(ad) in ad_statuses)
            ]
    return scope


@dataclass
class ReportRequest:
    start: date
    end: date
    granularity: str
    level: str
    columns: list[str]
    start_hour: int | None
    end_hour: int | None
    primary_sort: str
    report_format: str
    metrics_filters: list[tuple[str, str, float]]


def _hour(body: dict[str, Any], name: str, granularity: str) -> int | None:
    raw = body.get(name)
    if raw is None:
        return None
    if granularity != "HOUR":
        raise invalid(f"{name} is only allowed for hourly reports (granularity HOUR).")
    if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw <= 23:
        raise invalid(f"Invalid {name}: {raw!r} (expected an integer from 0 to 23).")
    return raw


def _metrics_filters(body: dict[str, Any]) -> list[tuple[str, str, float]]:
    raw = body.get("metrics_filters")
    if raw is None:
        return []
    if not isinstance(raw, list) or not raw:
        raise invalid("metrics_filters must be a non-empty array.")
    out: list[tuple[str, str, float]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise invalid("Each metrics_filters item must be an object with field, operator and values.")
        name = _choice(
            item.get("field"), "metrics_filters.field", ("SPEND_IN_DOLLAR", "TOTAL_IMPRESSION"), required=True
        )
        operator = _choice(
            item.get("operator"), "metrics_filters.operator", ("LESS_THAN", "GREATER_THAN"), required=True
        )
        values = item.get("values")
        if not isinstance(values, list) or not values or not all(isinstance(v, (int, float)) for v in values):
            raise invalid("metrics_filters.values must be a non-empty array of numbers.")
        out.append((name, operator, float(values[0])))
    return out


def parse_report_request(body: object, store: Any) -> ReportRequest:
    """Validate an ``AdsAnalyticsCreateAsyncRequest`` body (filters are read by filtered_scope)."""
    if not isinstance(body, dict):
        raise invalid("Request body must be a JSON object (AdsAnalyticsCreateAsyncRequest).")
    start = _parse_date(body.get("start_date"), "start_date")
    end = _parse_date(body.get("end_date"), "end_date")
    granularity = _choice(body.get("granularity"), "granularity", GRANULARITIES, required=True)
    level = _choice(body.get("level"), "level", ALL_LEVELS, required=True)
    if level not in SUPPORTED_LEVELS:
        raise invalid(f"level {level} is not supported by this emulator; use {', '.join(SUPPORTED_LEVELS)}.")
    raw_columns = body.get("columns")
    if raw_columns is not None and not isinstance(raw_columns, list):
        raise invalid("columns must be an array of reporting column names.")
    columns = _columns(raw_columns, ASYNC_COLUMN_SET, "async")
    for name in ("click_window_days", "engagement_window_days", "view_window_days"):
        if body.get(name) is not None:
            _choice(body.get(name), name, WINDOW_DAYS)
    _choice(
        body.get("conversion_report_time"),
        "conversion_report_time",
        ("TIME_OF_AD_ACTION", "TIME_OF_CONVERSION"),
    )
    _choice(
        body.get("reporting_timezone"), "reporting_timezone", ("PINTEREST_TIME_ZONE", "AD_ACCOUNT_TIME_ZONE")
    )
    if body.get("targeting_types") is not None:
        raise invalid("targeting_types needs a *_TARGETING level, which this emulator does not support.")
    primary_sort = _choice(body.get("primary_sort"), "primary_sort", ("BY_ID", "BY_DATE")) or "BY_ID"
    report_format = _choice(body.get("report_format"), "report_format", ("JSON", "CSV")) or "JSON"
    start_hour = _hour(body, "start_hour", granularity)
    end_hour = _hour(body, "end_hour", granularity)
    check_window(start, end, granularity, _today(store), max_back=914, max_range=186, hour_range=3)
    return ReportRequest(
        start,
        end,
        granularity,
        level,
        columns,
        start_hour,
        end_hour,
        primary_sort,
        report_format,
        _metrics_filters(body),
    )


def _passes(row: Row, filters: list[tuple[str, str, float]]) -> bool:
    for name, operator, threshold in filters:
        value = METRIC_COLUMNS[name](row.vec) or 0
        if (operator == "LESS_THAN" and not value < threshold) or (
            operator == "GREATER_THAN" and not value > threshold
        ):
            return False
    return True


def report_document(rows: list[Row], request: ReportRequest) -> tuple[bytes, str]:
    """The report file's bytes and media type, in Pinterest's JSON (or CSV) layout."""
    id_column = SUPPORTED_LEVELS[request.level]
    if request.report_format == "CSV":
        header = [id_column] + (["DATE"] if request.granularity != "TOTAL" else [])
        header += ["HOUR"] if request.granularity == "HOUR" else []
        header += [c for c in request.columns if c not in header]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_csv_cell(row.values, c) for c in header])
        return buffer.getvalue().encode(), "text/csv"
    by_date = request.primary_sort == "BY_DATE" and request.granularity != "TOTAL"
    document: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        key = row.values["DATE"] if by_date else str(row.subject.key)
        document.setdefault(key, []).append(row.values)
    if by_date:
        document = dict(sorted(document.items()))
    return json.dumps(document, separators=(",", ":")).encode(), "application/json"


def _csv_cell(values: dict[str, Any], column: str) -> Any:
    if column in values:
        return values[column]
    return 0 if column in METRIC_COLUMNS else ""


def _signature(token: str, expires: int) -> str:
    return hmac.new(_SIGNING_KEY, f"{token}:{expires}".encode(), hashlib.sha256).hexdigest()[:32]


async def create_report(request: Request) -> Response:
    store = emulator_of(request).store
    account = _account(store, request.path_params["ad_account_id"])
    body = await json_body(request)
    report = parse_report_request(body, store)
    level = {"ADVERTISER": "ACCOUNT", "PIN_PROMOTION": "AD"}.get(report.level, report.level)
    subjects = subjects_for(store, filtered_scope(store, account, body), level)
    rows = build_rows(
        engine_for(store),
        subjects,
        report.start,
        report.end,
        report.granularity,
        report.columns,
        SUPPORTED_LEVELS[report.level],
        start_hour=report.start_hour,
        end_hour=report.end_hour,
    )
    rows = [row for row in rows if _passes(row, report.metrics_filters)]
    content, media_type = report_document(rows, report)
    token = secrets.token_hex(16)
    store.reports[token] = {
        "ad_account_id": account["id"],
        "request": body,
        "created": store.now(),
        "status": "IN_PROGRESS",
        "polls": 0,
        "rows": [row.values for row in rows],
        "content": content,
        "media_type": media_type,
        "extension": "csv" if report.report_format == "CSV" else "json",
    }
    return JSONResponse({"token": token, "report_status": "IN_PROGRESS", "message": None})


async def get_report(request: Request) -> Response:
    emulator = emulator_of(request)
    store = emulator.store
    account = _account(store, request.path_params["ad_account_id"])
    token = request.query_params.get("token")
    if not token:
        raise invalid("token is required: the token returned when the report was requested.")
    job = store.reports.get(token)
    if job is None or job.get("ad_account_id") != account["id"]:
        return JSONResponse({"report_status": "DOES_NOT_EXIST", "url": None, "size": None})
    now = store.now()
    if now >= job["created"] + REPORT_TTL_S:
        job["status"] = "EXPIRED"
        return JSONResponse({"report_status": "EXPIRED", "url": None, "size": None})
    job["polls"] += 1
    if job["polls"] <= int(getattr(emulator.config, "report_polls_until_ready", 1)):
        return JSONResponse({"report_status": "IN_PROGRESS", "url": None, "size": None})
    job["status"] = "FINISHED"
    expires = now + REPORT_URL_TTL_S
    query = urlencode({"expires": expires, "sig": _signature(token, expires)})
    url = request.url.replace(path=f"/_downloads/reports/{token}.{job['extension']}", query=query)
    return JSONResponse({"report_status": "FINISHED", "url": str(url), "size": len(job["content"])})


async def download_report(request: Request) -> Response:
    """The report file behind a pre-signed URL: no bearer token, a signature that expires."""
    store = emulator_of(request).store
    name = request.path_params["filename"]
    token, _, extension = name.rpartition(".")
    job = store.reports.get(token)
    if job is None or job.get("extension") != extension:
        return Response(
            "NoSuchKey: the specified report does not exist.", status_code=404, media_type="text/plain"
        )
    try:
        expires = int(request.query_params.get("expires", ""))
    except ValueError:
        expires = -1
    signature = request.query_params.get("sig", "")
    if not hmac.compare_digest(signature, _signature(token, expires)):
        return Response("AccessDenied: bad or missing signature.", status_code=403, media_type="text/plain")
    if store.now() >= expires or store.now() >= job["created"] + REPORT_TTL_S:
        return Response("AccessDenied: request has expired.", status_code=403, media_type="text/plain")
    return Response(job["content"], media_type=job["media_type"])


# ==========================================================================================
# Audience sizing
async def audience_sizing(request: Request) -> Response:
    store = emulator_of(request).store
    account = _account(store, request.path_params["ad_account_id"])
    body = await json_body(request)  # the spec requires a body (AdGroupAudienceSizingRequest)
    if not isinstance(body, dict):
        raise invalid("Request body must be a JSON object (AdGroupAudienceSizingRequest).")
    auto = body.get("auto_targeting_enabled", True)
    if not isinstance(auto, bool):
        raise invalid("auto_targeting_enabled must be true or false.")
    placement = _choice(body.get("placement_group"), "placement_group", tuple(td.PLACEMENT_SHARE)) or "ALL"
    check_value(body.get("placement_group", "ALL"), F("str"), "body.placement_group")
    check_value(body.get("creative_types"), F("list", nullable=True, items=F("str")), "body.creative_types")
    check_value(body.get("product_group_ids"), F("list", nullable=True, items=F("str", pattern=r"^\d+$")),
                "body.product_group_ids")
    creative_types = body.get("creative_types")
    if creative_types is not None:
        if not isinstance(creative_types, list):
            raise invalid("creative_types must be an array.")
        for value in creative_types:
            _choice(value, "creative_types", tuple(td.CREATIVE_SHARE))
    try:
        if "targeting_spec" in body:
            check_targeting_types(body["targeting_spec"], "body")  # the spec's value types, as for ad groups
        spec = td.validate_spec(body.get("targeting_spec"))
        keywords = td.parse_keywords(body.get("keywords"))
    except td.TargetingError as exc:
        raise invalid(str(exc)) from None
    reach = td.estimate_reach(
        spec,
        auto_targeting=auto,
        placement=placement,
        creative_types=creative_types or None,
        keywords=keywords,
        default_country=str(account.get("country") or "US"),
    )
    lower, upper = td.audience_bounds(reach)
    return JSONResponse({"audience_size_lower_bound": lower, "audience_size_upper_bound": upper})


# ==========================================================================================
def routes() -> list[BaseRoute]:
    """The routes this module serves, mounted by the emulator app under /v5."""
    from . import breakdowns, health  # they build on this module

    return [
        *breakdowns.routes(),
        *health.routes(),
        Route("/resources/targeting/interests/{interest_id}", interest_details, methods=["GET"]),
        Route("/resources/targeting/{targeting_type}", targeting_options, methods=["GET"]),
        Route("/ad_accounts/{ad_account_id}/analytics", account_analytics, methods=["GET"]),
        Route("/ad_accounts/{ad_account_id}/campaigns/analytics", campaign_analytics, methods=["GET"]),
        Route("/ad_accounts/{ad_account_id}/ad_groups/analytics", ad_group_analytics, methods=["GET"]),
        Route("/ad_accounts/{ad_account_id}/ads/analytics", ad_analytics, methods=["GET"]),
        Route("/ad_accounts/{ad_account_id}/reports", create_report, methods=["POST"]),
        Route("/ad_accounts/{ad_account_id}/reports", get_report, methods=["GET"]),
        Route("/ad_accounts/{ad_account_id}/ad_groups/audience_sizing", audience_sizing, methods=["POST"]),
    ]


def download_routes() -> list[BaseRoute]:
    """Routes the app must mount at the root (outside /v5, no auth): report file downloads."""
    return [Route("/_downloads/reports/{filename}", download_report, methods=["GET"])]
