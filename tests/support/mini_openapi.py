"""A tiny, hand-written OpenAPI 3.0 description for testing the contract harness without the real spec.

The harness's own tests (``tests/support/test_openapi_harness.py``) check that the validator accepts
what a spec allows and flags what it forbids. Pinterest's description is not part of this repository,
so a clone on its own runs those tests against this one instead (and CI, which has the real spec, runs
them against both). It models only the handful of operations those tests call, shaped like the v5 API
our client uses (same URLs, so the same traffic is meaningful to both), with just enough schema to
exercise each validator feature: path templates (a concrete path beside a templated one), path-level
and ``$ref`` parameters, ``explode``/comma-separated arrays, enums, ``format: date``, integer limits,
security at the top level and per operation (Bearer, Basic), JSON and form request bodies with
``minItems``/``maxItems``, closed objects (undeclared properties), ``nullable`` next to ``allOf``,
``readOnly``, a ``oneOf`` request picked by a discriminator, a base schema with a discriminator whose
mapped schema ``allOf``'s the base, a ``$ref`` response and a ``default`` response.

It is built fresh by :func:`mini_spec`; :func:`mini_validator` gives one shared validator over it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from tests.support.openapi import ContractValidator

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _schema(name: str) -> dict[str, str]:
    return _ref("schemas", name)


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _integer(**limits: Any) -> dict[str, Any]:
    return {"type": "integer", **limits}


def _enum(*values: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _object(properties: dict[str, Any], *required: str) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        out["required"] = list(required)
    return out


def _page(item: str) -> dict[str, Any]:
    """A list answer: ``items`` (required) and a nullable ``bookmark`` for the next page."""
    return _object({"items": {"type": "array", "items": _schema(item)}, "bookmark": {"type": "string", "nullable": True}}, "items")


def _batch_result(item: str, exceptions: dict[str, Any]) -> dict[str, Any]:
    """A batch write answer: one ``{data, exceptions}`` per item sent."""
    entry = _object({"data": _schema(item), "exceptions": exceptions})
    return _object({"items": {"type": "array", "items": entry}})


def _query(name: str, schema: dict[str, Any], *, required: bool = False, explode: bool | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "in": "query", "required": required, "schema": schema}
    if explode is not None:
        out["explode"] = explode
    return out


def _errors() -> dict[str, Any]:
    return {"400": _ref("responses", "Invalid"), "default": _json(_schema("Error"), "Any other error")}


_DAY = {"type": "string", "format": "date"}
_COLUMNS = {"type": "array", "items": _enum("SPEND_IN_DOLLAR", "TOTAL_IMPRESSION", "TOTAL_CLICKTHROUGH")}


def _analytics_params(*extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        _query("start_date", _DAY, required=True),
        _query("end_date", _DAY, required=True),
        _query("columns", _COLUMNS, required=True, explode=False),
        _query("granularity", _enum("TOTAL", "DAY", "WEEK", "MONTH"), required=True),
        *extra,
    ]


def _schemas() -> dict[str, Any]:
    id_ = _schema("Id")
    time = _integer(nullable=True)
    campaign_fields = _object(
        {
            "ad_account_id": id_,
            "name": {"type": "string"},
            "status": _schema("EntityStatus"),
            "objective_type": _enum("AWARENESS", "CONSIDERATION", "VIDEO_VIEW", "WEB_CONVERSION"),
            "daily_spend_cap": _integer(nullable=True, minimum=0),
            "lifetime_spend_cap": _integer(nullable=True, minimum=0),
            "tracking_urls": {"nullable": True, "allOf": [_schema("TrackingUrls")]},
            "start_time": time,
            "end_time": time,
        }
    )
    campaign_extra = _object(
        {
            "id": {"allOf": [id_], "readOnly": True},
            "created_time": _integer(readOnly=True),
            "updated_time": _integer(readOnly=True),
            "type": _enum("campaign"),
            "summary_status": _enum("RUNNING", "PAUSED", "NOT_STARTED", "COMPLETED", "ARCHIVED"),
        }
    )
    ad = _object(
        {
            "id": id_,
            "ad_group_id": id_,
            "ad_account_id": id_,
            "campaign_id": id_,
            "pin_id": id_,
            "creative_type": _enum("REGULAR", "VIDEO", "CAROUSEL"),
            "status": _schema("EntityStatus"),
            "name": {"type": "string", "nullable": True},
            "type": _enum("pinpromotion"),
            "summary_status": _enum("APPROVED", "PENDING", "REJECTED", "PAUSED", "ARCHIVED"),
            "created_time": _integer(),
            "updated_time": _integer(),
        }
    )
    grant = {"type": "string"}
    token_base = _object(
        {
            "access_token": {"type": "string"},
            "token_type": _enum("bearer"),
            "expires_in": _integer(),
            "scope": {"type": "string"},
            "response_type": _enum("authorization_code", "refresh_token", "client_credentials"),
        },
        "access_token",
        "token_type",
        "response_type",
    )
    token_base["discriminator"] = {
        "propertyName": "response_type",
        "mapping": {"refresh_token": "#/components/schemas/RefreshedToken"},
    }
    return {
        "Id": {"type": "string", "pattern": "^\\d+$", "maxLength": 18},
        "EntityStatus": _enum("ACTIVE", "PAUSED", "ARCHIVED"),
        "Error": _object({"code": _integer(), "message": {"type": "string"}}, "code", "message"),
        "TrackingUrls": _object({"click": {"type": "array", "items": {"type": "string"}}}),
        "CampaignCreate": {"allOf": [campaign_fields], "required": ["ad_account_id", "name", "objective_type"]},
        "Campaign": {"allOf": [campaign_fields, campaign_extra]},
        "Ad": ad,
        "CodeGrant": _object(
            {"grant_type": _enum("authorization_code"), "code": grant, "redirect_uri": grant},
            "grant_type",
            "code",
            "redirect_uri",
        ),
        "RefreshGrant": _object(
            {"grant_type": _enum("refresh_token"), "refresh_token": grant, "scope": grant},
            "grant_type",
            "refresh_token",
        ),
        "ClientGrant": _object({"grant_type": _enum("client_credentials"), "scope": grant}, "grant_type"),
        "Token": token_base,
        "RefreshedToken": {
            "allOf": [
                _schema("Token"),
                _object(
                    {
                        "refresh_token": {"type": "string"},
                        "refresh_token_expires_in": _integer(),
                        "refresh_token_expires_at": _integer(),
                    },
                    "refresh_token",
                    "refresh_token_expires_in",
                    "refresh_token_expires_at",
                ),
            ]
        },
    }


def _paths() -> dict[str, Any]:
    account = [_ref("parameters", "ad_account_id")]
    ids = {"type": "array", "items": _schema("Id"), "maxItems": 50}
    listing = [
        _ref("parameters", "page_size"),
        _ref("parameters", "order"),
        _ref("parameters", "bookmark"),
    ]
    grants = ["CodeGrant", "RefreshGrant", "ClientGrant"]
    return {
        "/ad_accounts/{ad_account_id}/campaigns": {
            "parameters": account,  # shared by every operation of the path
            "get": {
                "summary": "List campaigns",
                "parameters": [
                    _query("campaign_ids", ids),
                    _query("entity_statuses", {"type": "array", "items": _schema("EntityStatus")}),
                    *listing,
                ],
                "responses": {"200": _json(_page("Campaign")), **_errors()},
            },
            "post": {
                "summary": "Create campaigns",
                "requestBody": {
                    "required": True,
                    "content": {
                        JSON: {
                            "schema": {"type": "array", "items": _schema("CampaignCreate"), "minItems": 1, "maxItems": 30}
                        }
                    },
                },
                "responses": {
                    "200": _json(_batch_result("Campaign", {"type": "array", "items": _schema("Error")})),
                    **_errors(),
                },
            },
        },
        "/ad_accounts/{ad_account_id}/campaigns/{campaign_id}": {
            "get": {
                "summary": "One campaign",
                "parameters": [*account, {"name": "campaign_id", "in": "path", "required": True, "schema": _schema("Id")}],
                "responses": {"200": _json(_schema("Campaign")), **_errors()},
            }
        },
        "/ad_accounts/{ad_account_id}/campaigns/analytics": {
            "get": {
                "summary": "Campaign figures",
                "parameters": [*account, *_analytics_params(_query("campaign_ids", ids, required=True))],
                "responses": {"200": _json({"type": "array", "items": {"type": "object"}}), **_errors()},
            }
        },
        "/ad_accounts/{ad_account_id}/analytics": {
            "get": {
                "summary": "Account figures",
                "parameters": [*account, *_analytics_params()],
                "responses": {"200": _json({"type": "array", "items": {"type": "object"}}), **_errors()},
            }
        },
        "/ad_accounts/{ad_account_id}/ads": {
            "parameters": account,
            "get": {
                "summary": "List ads",
                "parameters": listing,
                "responses": {"200": _json(_page("Ad")), **_errors()},
            },
            "post": {
                "summary": "Create ads",
                "requestBody": {"required": True, "content": {JSON: {"schema": {"type": "array", "items": _schema("Ad")}}}},
                "responses": {"200": _json(_batch_result("Ad", _schema("Error"))), **_errors()},
            },
        },
        "/oauth/token": {
            "post": {
                "summary": "Get or refresh an access token",
                "security": [{"basic": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        FORM: {
                            "schema": {
                                "oneOf": [_schema(name) for name in grants],
                                "discriminator": {
                                    "propertyName": "grant_type",
                                    "mapping": {
                                        "authorization_code": "#/components/schemas/CodeGrant",
                                        "refresh_token": "#/components/schemas/RefreshGrant",
                                        "client_credentials": "#/components/schemas/ClientGrant",
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {"200": _json(_schema("Token")), **_errors()},
            }
        },
    }


def mini_spec() -> dict[str, Any]:
    """A fresh copy of the mini description (an OpenAPI 3.0 document as parsed JSON)."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Contract harness test API", "version": "0.0.1"},
        "servers": [{"url": "https://api.example.test/v5"}],
        "security": [{"bearer": []}],  # every operation unless it says otherwise
        "paths": _paths(),
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "basic": {"type": "http", "scheme": "basic"},
            },
            "parameters": {
                "ad_account_id": {"name": "ad_account_id", "in": "path", "required": True, "schema": _schema("Id")},
                "page_size": _query("page_size", _integer(minimum=1, maximum=250, default=25)),
                "order": _query("order", _enum("ASCENDING", "DESCENDING")),
                "bookmark": _query("bookmark", {"type": "string"}),
            },
            "responses": {"Invalid": _json(_schema("Error"), "The request was not valid")},
            "schemas": _schemas(),
        },
    }


@lru_cache(maxsize=1)
def mini_validator() -> ContractValidator:
    """One validator over :func:`mini_spec`, shared like the session's validator over the real spec."""
    return ContractValidator(mini_spec())
