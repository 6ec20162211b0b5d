"""Audiences: the spec's ``audiences/list`` and ``audiences/create`` (``/ad_accounts/{id}/audiences``).

An audience is made from a rule whose shape depends on its type (the spec's ``AudienceRule`` text):
ACTALIKE ``{seed_id: [audience ids], country: US|CA|GB, percentage: 1..10}``, VISITOR
``{visitor_source_id: conversion tag id, retention_days: 1..540}``, ENGAGEMENT
``{engagement_domain: [domains]}``, CUSTOMER_LIST ``{customer_list_id}``. A rule that breaks these is a
400 naming the field. The emulator answers audiences READY at once with a deterministic size, so they
can be used in ``AUDIENCE_INCLUDE`` / ``AUDIENCE_EXCLUDE`` right away.
"""

from __future__ import annotations

import zlib
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from .http import emulator_of, invalid, json_body
from .params import ad_account_or_404, paginate
from .schema import F, check_object

TYPES = ("CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE")
ACTALIKE_COUNTRIES = ("US", "CA", "GB")
_CREATE = {"name": F("str", max_len=255), "audience_type": F("str", enum=TYPES), "rule": F("obj"),
           "description": F("str", nullable=True, max_len=500)}


def _check_rule(store: Any, account_id: str, kind: str, rule: dict[str, Any]) -> None:
    if kind == "ACTALIKE":
        seeds = rule.get("seed_id")
        if not isinstance(seeds, list) or not seeds:
            raise invalid("rule.seed_id is required for ACTALIKE audiences (the audiences to look like).")
        for seed in seeds:
            found = store.audiences.get(str(seed))
            if found is None or found["ad_account_id"] != account_id:
                raise invalid(f"rule.seed_id: audience {seed} not found.")
        if rule.get("country") not in ACTALIKE_COUNTRIES:
            raise invalid(f"rule.country must be one of {', '.join(ACTALIKE_COUNTRIES)} for ACTALIKE audiences.")
        if not isinstance(rule.get("percentage"), int) or not 1 <= rule["percentage"] <= 10:
            raise invalid("rule.percentage must be an integer from 1 to 10.")
    elif kind == "VISITOR":
        if not str(rule.get("visitor_source_id") or "").isdigit():
            raise invalid("rule.visitor_source_id (the conversion tag id) is required for VISITOR audiences.")
        days = rule.get("retention_days", 180)
        if not isinstance(days, int) or not 1 <= days <= 540:
            raise invalid("rule.retention_days must be an integer from 1 to 540.")
    elif kind == "ENGAGEMENT":
        domains = rule.get("engagement_domain")
        if not isinstance(domains, list) or not domains:
            raise invalid("rule.engagement_domain is required for ENGAGEMENT audiences.")
    elif not str(rule.get("customer_list_id") or "").isdigit():
        raise invalid("rule.customer_list_id is required for CUSTOMER_LIST audiences.")


async def create_audience(request: Request) -> JSONResponse:
    store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    body = check_object(await json_body(request), _CREATE, ("audience_type", "name", "rule"), "body")
    _check_rule(store, account_id, body["audience_type"], body["rule"])
    now = store.now()
    audience_id = store.new_id()
    size = 1_000 + zlib.crc32(f"{body['audience_type']}:{body['name']}".encode()) % 2_000_000
    audience = {"id": audience_id, "ad_account_id": account_id, "name": body["name"],
                "audience_type": body["audience_type"], "description": body.get("description"),
                "rule": dict(body["rule"]), "size": size, "status": "READY", "type": "audience",
                "created_timestamp": now, "updated_timestamp": now, "created_by_company_name": None}
    store.audiences[audience_id] = audience
    store.owner_of[audience_id] = account_id
    return JSONResponse(dict(audience))


async def list_audiences(request: Request) -> JSONResponse:
    store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    ownership = request.query_params.get("ownership_type", "OWNED")
    if ownership not in ("OWNED", "RECEIVED"):
        raise invalid(f"Invalid ownership_type {ownership!r}.")
    items = [dict(a) for a in store.audiences.values() if a["ad_account_id"] == account_id] \
        if ownership == "OWNED" else []
    return JSONResponse(paginate(request, items))


def routes() -> list[BaseRoute]:
    """Audience routes, relative to /v5."""
    base = "/ad_accounts/{ad_account_id}/audiences"
    return [Route(base, list_audiences, methods=["GET"]), Route(base, create_audience, methods=["POST"])]
