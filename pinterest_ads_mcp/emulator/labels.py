"""Campaign labels: the spec's create/list/update plus the guide's apply and remove routes.

One label (an id, a value and a type) can sit on many campaigns; each (label, campaign) pair has its
own status, ACTIVE or ARCHIVED, because the guide's apply answer reports ARCHIVED for a campaign the
label was removed from. Answers use the spec's ``Label`` per pair (``parent_id`` = the campaign).

Limits per campaign: one ACTIVE BRAND label and thirty ACTIVE CUSTOM labels. Re-applying a label to
a campaign it was removed from through ``apply`` answers ARCHIVED (as the guide describes); creating
it again through ``POST .../labels`` with that ``parent_id`` reactivates it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from .http import emulator_of, invalid, json_body, not_found
from .params import ad_account_or_404, check_id, enum_list, id_list, paginate
from .schema import F, check_object, check_value
from .store import Entity, Store

MAX_BRAND = 1
MAX_CUSTOM = 30
MAX_ENTITIES = 250
LABEL_TYPES = ("BRAND", "CUSTOM")
NO_CAMPAIGN = "The provided campaign ID does not exist or is not accessible."

_CREATE_FIELDS = {"parent_id": F("str", pattern=r"^[C]?\d+$"), "labels": F("list", items=F("obj"))}
_CREATE_ITEM = {"label_type": F("str", enum=LABEL_TYPES), "value": F("str", max_len=100)}
_UPDATE_FIELDS = {"labels": F("list", items=F("obj"))}
_UPDATE_ITEM = {
    "id": F("str"),
    "status": F("str", nullable=True, enum=("ACTIVE", "ARCHIVED", None)),
    "value": F("str", max_len=100),
}


def add_label(
    store: Store,
    account_id: str,
    *,
    value: str,
    label_type: str,
    campaign_ids: list[str],
    label_id: str | None = None,
) -> Entity:
    """Create a label in ``account_id`` on ``campaign_ids`` without limit checks (the seed uses it)."""
    label_id = label_id or store.new_id()
    label: Entity = {
        "id": label_id,
        "value": value,
        "label_type": label_type,
        "parent_id": campaign_ids[0] if campaign_ids else "",
        "parent_type": "CAMPAIGN",
        "status": "ACTIVE",
        "applied": {campaign_id: "ACTIVE" for campaign_id in campaign_ids},
    }
    store.labels[label_id] = label
    store.owner_of[label_id] = account_id
    return label


def view(label: Entity, campaign_id: str | None = None) -> Entity:
    """The spec's Label for one (label, campaign) pair, or for the label's first campaign."""
    parent = campaign_id or label["parent_id"]
    status = label["status"]
    if status == "ACTIVE" and parent in label["applied"]:
        status = label["applied"][parent]
    return {
        "id": label["id"],
        "value": label["value"],
        "label_type": label["label_type"],
        "parent_id": parent,
        "parent_type": "CAMPAIGN",
        "status": status,
    }


def labels_of_campaign(store: Store, campaign_id: str, label_type: str | None = None) -> list[Entity]:
    """The labels ACTIVE on a campaign (analytics use it for CAMPAIGN_BRAND_LABEL)."""
    return [
        label
        for label in store.labels.values()
        if label["status"] == "ACTIVE"
        and label["applied"].get(campaign_id) == "ACTIVE"
        and (label_type is None or label["label_type"] == label_type)
    ]


def _account_labels(store: Store, account_id: str) -> list[Entity]:
    return [label for label_id, label in store.labels.items() if store.owner_of.get(label_id) == account_id]


def _campaign_in(store: Store, account_id: str, campaign_id: Any) -> Entity | None:
    if not isinstance(campaign_id, str):
        return None
    campaign = store.campaigns.get(campaign_id.removeprefix("C"))
    if campaign is None or campaign["ad_account_id"] != account_id:
        return None
    return campaign


def _limit_problem(store: Store, label: Entity, campaign_id: str) -> str | None:
    """Why ``label`` cannot become ACTIVE on the campaign, or None."""
    active = [
        other for other in labels_of_campaign(store, campaign_id, label["label_type"]) if other is not label
    ]
    limit = MAX_BRAND if label["label_type"] == "BRAND" else MAX_CUSTOM
    if len(active) >= limit:
        kind = "one BRAND label" if label["label_type"] == "BRAND" else f"{MAX_CUSTOM} CUSTOM labels"
        return f"A campaign can carry at most {kind}; campaign {campaign_id} is at the limit."
    return None


async def create_labels(request: Request) -> JSONResponse:
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    body = check_object(await json_body(request), _CREATE_FIELDS, ("parent_id", "labels"), "body")
    for index, item in enumerate(body["labels"]):
        check_object(item, _CREATE_ITEM, ("value", "label_type"), f"body.labels[{index}]")
    campaign = _campaign_in(store, account_id, body["parent_id"])
    created: list[Entity] = []
    errors: list[dict[str, Any]] = []
    for item in body["labels"]:
        pending = {
            "value": item["value"],
            "label_type": item["label_type"],
            "parent_id": body["parent_id"],
            "parent_type": "CAMPAIGN",
            "status": None,
        }
        if campaign is None:
            errors.append({"data": pending, "error_messages": [NO_CAMPAIGN]})
            continue
        existing = next(
            (
                label
                for label in _account_labels(store, account_id)
                if label["value"] == item["value"] and label["label_type"] == item["label_type"]
            ),
            None,
        )
        probe = existing or {**pending, "applied": {}}
        problem = _limit_problem(store, probe, campaign["id"])
        if problem is not None:
            errors.append({"data": pending, "error_messages": [problem]})
            continue
        if existing is None:
            existing = add_label(
                store,
                account_id,
                value=item["value"],
                label_type=item["label_type"],
                campaign_ids=[campaign["id"]],
            )
        existing["status"] = "ACTIVE"
        existing["applied"][campaign["id"]] = "ACTIVE"
        created.append(view(existing, campaign["id"]))
    return JSONResponse({"labels": created, "errors": errors})


async def list_labels(request: Request) -> JSONResponse:
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    campaign_ids = id_list(request, "campaign_ids")
    label_ids = id_list(request, "label_ids")
    statuses = enum_list(request, "entity_statuses", ("ACTIVE", "ARCHIVED"), ["ACTIVE"])
    types = enum_list(request, "label_types", LABEL_TYPES, list(LABEL_TYPES))
    items: list[dict[str, Any]] = []
    for label in _account_labels(store, account_id):
        if label["label_type"] not in types or (label_ids is not None and label["id"] not in label_ids):
            continue
        pairs = [
            view(label, campaign_id)
            for campaign_id in label["applied"]
            if campaign_ids is None or campaign_id in campaign_ids
        ]
        pairs = [pair for pair in pairs if pair["status"] in statuses]
        if pairs:
            items.append({"id": label["id"], "labels": pairs, "errors": []})
    page = paginate(request, items)
    page["items"] = [{"labels": item["labels"], "errors": item["errors"]} for item in page["items"]]
    return JSONResponse(page)


async def update_labels(request: Request) -> JSONResponse:
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    body = check_object(await json_body(request), _UPDATE_FIELDS, ("labels",), "body")
    for index, item in enumerate(body["labels"]):
        check_object(item, _UPDATE_ITEM, ("id",), f"body.labels[{index}]")
    updated: list[Entity] = []
    errors: list[dict[str, Any]] = []
    for item in body["labels"]:
        label = store.labels.get(item["id"])
        if label is None or store.owner_of.get(item["id"]) != account_id:
            errors.append({"data": {"id": item["id"]}, "error_messages": [f"Label {item['id']} not found."]})
            continue
        if item.get("value") is not None:
            label["value"] = item["value"]
        if item.get("status") == "ARCHIVED":
            label["status"] = "ARCHIVED"
            label["applied"] = {campaign_id: "ARCHIVED" for campaign_id in label["applied"]}
        elif item.get("status") == "ACTIVE":
            label["status"] = "ACTIVE"
        updated.append(view(label))
    return JSONResponse({"labels": updated, "errors": errors})


def _entity_ids(body: Any) -> list[Any]:
    if not isinstance(body, dict) or "entity_ids" not in body:
        raise invalid("Missing required field body.entity_ids.")
    check_value(body["entity_ids"], F("list", items=F("str")), "body.entity_ids")
    ids = body["entity_ids"]
    if not 1 <= len(ids) <= MAX_ENTITIES:
        raise invalid(
            f"body.entity_ids must hold between 1 and {MAX_ENTITIES} campaign ids (got {len(ids)})."
        )
    return ids


async def _label_action(request: Request, apply: bool) -> JSONResponse:
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    label_id = check_id(request.path_params["label_id"], "label_id")
    label = store.labels.get(label_id)
    if label is None or store.owner_of.get(label_id) != account_id:
        raise not_found("Label")
    results: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []

    def answer(entity_id: str, status: str, problem: str | None = None) -> None:
        result = {"entity_id": entity_id, "entity_type": "CAMPAIGN", "label_id": label_id, "status": status}
        results.append(result)
        if problem is not None:
            errors.append(
                {
                    "data": {"entity_id": entity_id, "label_id": label_id, "status": status},
                    "error_messages": [problem],
                }
            )

    for entity_id in _entity_ids(await json_body(request)):
        campaign = _campaign_in(store, account_id, entity_id)
        if campaign is None:
            answer(entity_id, "NULL", NO_CAMPAIGN)
            continue
        current = label["applied"].get(campaign["id"])
        if apply:
            if label["status"] == "ARCHIVED":
                answer(entity_id, "NULL", f"Label {label_id} is archived; set it ACTIVE before applying it.")
            elif current == "ARCHIVED":
                answer(entity_id, "ARCHIVED")
            elif current == "ACTIVE":
                answer(entity_id, "ACTIVE")
            elif (problem := _limit_problem(store, label, campaign["id"])) is not None:
                answer(entity_id, "NULL", problem)
            else:
                label["applied"][campaign["id"]] = "ACTIVE"
                answer(entity_id, "ACTIVE")
        else:
            if current is None:
                answer(entity_id, "NULL", f"Label {label_id} is not applied to campaign {campaign['id']}.")
            else:
                label["applied"][campaign["id"]] = "ARCHIVED"
                answer(entity_id, "ARCHIVED")
    # Spec 5.28 (labels/apply, labels/remove) and the labels guide's field table name the array
    # `entities_labels`; only the guide's example JSON says `results`. Answer as 5.28 does.
    return JSONResponse({"entities_labels": results, "errors": errors})


async def apply_label(request: Request) -> JSONResponse:
    return await _label_action(request, apply=True)


async def remove_label(request: Request) -> JSONResponse:
    return await _label_action(request, apply=False)


def routes() -> list[BaseRoute]:
    """Label routes, relative to /v5 (apply/remove follow the guide, not the spec)."""
    base = "/ad_accounts/{ad_account_id}/labels"
    return [
        Route(base, list_labels, methods=["GET"]),
        Route(base, create_labels, methods=["POST"]),
        Route(base, update_labels, methods=["PATCH"]),
        Route(base + "/{label_id:digits}/apply", apply_label, methods=["POST"]),
        Route(base + "/{label_id:digits}/remove", remove_label, methods=["POST"]),
    ]
