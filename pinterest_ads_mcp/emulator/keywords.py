"""Keywords: the spec's ``keywords/get``, ``keywords/create`` and ``keywords/update``.

Keywords are entities of their own, not part of an ad group's ``targeting_spec``: each has one
parent, the ad account (advertiser), a campaign or an ad group. Ad accounts and campaigns accept only
the exclusion match types (``*_NEGATIVE``); ad groups accept all five. ``parent_id`` may carry the
spec's type prefix (``AG`` for an ad group, ``C`` for a campaign) or be a bare id, which is looked up
(ids are unique across entity types here, as they are at Pinterest).

A create answers ``{keywords, errors}``: a keyword that cannot be made (unknown parent, a match type
the parent does not take, a duplicate of a live keyword) goes to ``errors`` with the keyword as sent
and a message, and the rest are still created. Archiving is Pinterest's delete: archived keywords no
longer show in listings.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from .http import emulator_of, invalid, json_body
from .params import ad_account_or_404, check_id, enum_list, id_list, paginate
from .schema import F, check_object
from .store import Entity, Store

MATCH_TYPES = ("BROAD", "PHRASE", "EXACT", "EXACT_NEGATIVE", "PHRASE_NEGATIVE")
NEGATIVE = frozenset({"EXACT_NEGATIVE", "PHRASE_NEGATIVE"})
MAX_VALUE = 120
NO_PARENT = "The provided parent ID does not exist or is not accessible."
ONLY_NEGATIVE = "Advertisers and Campaigns only accept excluded targeting attributes."
DUPLICATE = "This keyword already exists on the parent with the same match type."
EMPTY = "Keyword value must not be empty."
NO_MATCH_TYPE = "Keyword match_type is required."

_PARENT = re.compile(r"^((AG)|C)?(\d+)$")
_CREATE_FIELDS = {"parent_id": F("str", pattern=_PARENT.pattern), "keywords": F("list", items=F("obj"))}
_CREATE_ITEM = {
    "value": F("str", max_len=MAX_VALUE),
    "match_type": F("str", nullable=True, enum=(*MATCH_TYPES, None)),
    "bid": F("int", nullable=True),
}
_UPDATE_FIELDS = {"keywords": F("list", items=F("obj"))}
_UPDATE_ITEM = {"id": F("str", pattern=r"^\d+$"), "archived": F("bool"), "bid": F("int", nullable=True)}


def _parent(store: Store, account_id: str, raw: str) -> tuple[str, str] | None:
    """(parent id, parent_type) for a ``parent_id`` in ``account_id``, or None when it is not there."""
    match = _PARENT.match(raw)
    if match is None:
        return None
    prefix, entity_id = match.group(1), match.group(3)
    if prefix in (None, "AG"):
        group = store.ad_groups.get(entity_id)
        if group is not None and store.account_of(group) == account_id:
            return entity_id, "ad_group"
    if prefix in (None, "C"):
        campaign = store.campaigns.get(entity_id)
        if campaign is not None and campaign["ad_account_id"] == account_id:
            return entity_id, "campaign"
    if prefix is None and entity_id == account_id:
        return entity_id, "advertiser"
    return None


def _sent(item: dict[str, Any], parent_id: str | None) -> Entity:
    """The Keyword as it was sent, for an ``errors`` entry (no id: it was not created)."""
    data: Entity = {"value": item["value"], "match_type": item.get("match_type"), "bid": None, "type": "keyword"}
    if parent_id is not None:
        data["parent_id"] = parent_id
    return data


def _live(store: Store, parent_id: str, value: str, match_type: str) -> Entity | None:
    return next(
        (
            kw
            for kw in store.keywords.values()
            if kw["parent_id"] == parent_id
            and not kw["archived"]
            and kw["match_type"] == match_type
            and kw["value"].casefold() == value.casefold()
        ),
        None,
    )


async def create_keywords(request: Request) -> JSONResponse:
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    body = check_object(await json_body(request), _CREATE_FIELDS, ("parent_id", "keywords"), "body")
    for index, item in enumerate(body["keywords"]):
        check_object(item, _CREATE_ITEM, ("value", "match_type"), f"body.keywords[{index}]")
    parent = _parent(store, account_id, body["parent_id"])
    created: list[Entity] = []
    errors: list[dict[str, Any]] = []
    for item in body["keywords"]:
        value, match_type = item["value"].strip(), item.get("match_type")
        problem: str | None = None
        if parent is None:
            problem = NO_PARENT
        elif match_type is None:
            problem = NO_MATCH_TYPE
        elif not value:
            problem = EMPTY
        elif parent[1] != "ad_group" and match_type not in NEGATIVE:
            problem = ONLY_NEGATIVE
        elif _live(store, parent[0], value, match_type) is not None:
            problem = DUPLICATE
        if problem is not None:
            errors.append({"data": _sent(item, parent[0] if parent else None), "error_messages": [problem]})
            continue
        assert parent is not None and match_type is not None
        keyword: Entity = {
            "id": store.new_id(),
            "value": value,
            "match_type": match_type,
            "parent_id": parent[0],
            "parent_type": parent[1],
            "archived": False,
            "bid": None,  # deprecated: "Input will not be set and field will return null"
            "type": "keyword",
        }
        store.keywords[keyword["id"]] = keyword
        store.owner_of[keyword["id"]] = account_id
        created.append(dict(keyword))
    return JSONResponse({"keywords": created, "errors": errors})


async def list_keywords(request: Request) -> JSONResponse:
    """Live keywords whose parent is one the filters name; no filter names the ad account itself.

    ``campaign_id``, ``ad_group_id`` and ``ad_group_ids`` each name parents (a keyword is listed when
    its parent is any of them); ``match_types`` narrows by match type.
    """
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    parents: set[str] = set()
    for name in ("campaign_id", "ad_group_id"):
        raw = request.query_params.get(name)
        if raw is not None:
            parents.add(check_id(raw, name))
    parents.update(id_list(request, "ad_group_ids") or [])
    if not parents:
        parents = {account_id}
    match_types = enum_list(request, "match_types", MATCH_TYPES, list(MATCH_TYPES))
    if len(match_types) > len(MATCH_TYPES):
        raise invalid(f"match_types allows at most {len(MATCH_TYPES)} values (got {len(match_types)}).")
    items = [
        dict(kw)
        for kw_id, kw in store.keywords.items()
        if store.owner_of.get(kw_id) == account_id
        and not kw["archived"]
        and kw["parent_id"] in parents
        and kw["match_type"] in match_types
    ]
    return JSONResponse(paginate(request, items, order="ASCENDING"))


async def update_keywords(request: Request) -> JSONResponse:
    """Archive or restore keywords (``bid`` is deprecated and ignored)."""
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    body = check_object(await json_body(request), _UPDATE_FIELDS, ("keywords",), "body")
    for index, item in enumerate(body["keywords"]):
        check_object(item, _UPDATE_ITEM, ("id",), f"body.keywords[{index}]")
    updated: list[Entity] = []
    errors: list[dict[str, Any]] = []
    for item in body["keywords"]:
        keyword = store.keywords.get(item["id"])
        if keyword is None or store.owner_of.get(item["id"]) != account_id:
            # Keyword requires value and match_type; an unknown id has neither.
            data = {"id": item["id"], "value": "", "match_type": None, "type": "keyword"}
            errors.append({"data": data, "error_messages": [f"Keyword {item['id']} not found."]})
            continue
        if "archived" in item:
            keyword["archived"] = item["archived"]
        updated.append(dict(keyword))
    return JSONResponse({"keywords": updated, "errors": errors})


def routes() -> list[BaseRoute]:
    """Keyword routes, relative to /v5."""
    base = "/ad_accounts/{ad_account_id}/keywords"
    return [
        Route(base, list_keywords, methods=["GET"]),
        Route(base, create_keywords, methods=["POST"]),
        Route(base, update_keywords, methods=["PATCH"]),
    ]
