"""Pydantic models of the Pinterest entities we read.

Only the fields the server uses are declared; everything else Pinterest sends is kept
(``extra="allow"``) so nothing is lost when the API grows. Money stays in micro-units and times
in unix seconds here: conversion happens at the tool boundary, in ``money`` and ``times``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Entity(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class AdAccount(_Entity):
    id: str
    name: str | None = None
    currency: str = "USD"
    country: str | None = None
    permissions: list[str] = Field(default_factory=list)
    owner: dict[str, Any] | None = None


class Campaign(_Entity):
    id: str
    ad_account_id: str | None = None
    name: str | None = None
    status: str | None = None
    summary_status: str | None = None
    objective_type: str | None = None
    daily_spend_cap: int | None = None
    lifetime_spend_cap: int | None = None
    is_campaign_budget_optimization: bool | None = None
    is_flexible_daily_budgets: bool | None = None
    start_time: int | None = None
    end_time: int | None = None
    created_time: int | None = None
    updated_time: int | None = None


class AdGroup(_Entity):
    id: str
    ad_account_id: str | None = None
    campaign_id: str | None = None
    name: str | None = None
    status: str | None = None
    summary_status: str | None = None
    budget_in_micro_currency: int | None = None
    budget_type: str | None = None
    bid_in_micro_currency: int | None = None
    bid_strategy_type: str | None = None
    billable_event: str | None = None
    start_time: int | None = None
    end_time: int | None = None
    targeting_spec: dict[str, Any] | None = None
    placement_group: str | None = None
    auto_targeting_enabled: bool | None = None
    lifetime_frequency_cap: int | None = None


class Ad(_Entity):
    id: str
    ad_account_id: str | None = None
    ad_group_id: str | None = None
    campaign_id: str | None = None
    pin_id: str | None = None
    name: str | None = None
    status: str | None = None
    summary_status: str | None = None
    creative_type: str | None = None
    destination_url: str | None = None
    review_status: str | None = None


class Keyword(_Entity):
    """A search keyword; its parent is an ad account, a campaign or (for launches) an ad group."""

    id: str
    value: str | None = None
    match_type: str | None = None
    parent_id: str | None = None
    parent_type: str | None = None
    archived: bool | None = None


class Board(_Entity):
    id: str
    name: str | None = None
    description: str | None = None
    privacy: str | None = None
    pin_count: int | None = None


class Pin(_Entity):
    id: str
    title: str | None = None
    description: str | None = None
    link: str | None = None
    board_id: str | None = None
    creative_type: str | None = None
    created_at: str | None = None
    media: dict[str, Any] | None = None
    pin_metrics: dict[str, Any] | None = None
    is_standard: bool | None = None
    is_owner: bool | None = None
    parent_pin_id: str | None = None
    has_been_promoted: bool | None = None

    @property
    def media_type(self) -> str | None:
        """``image``, ``video``, ``multiple_images`` (carousel) ..., from the pin's media."""
        return (self.media or {}).get("media_type")


# Per-item codes Pinterest answers whose message alone does not say what to change: code -> (field, advice).
KNOWN_ITEM_CODES: dict[int, tuple[str, str]] = {
    1509: ("spend_cap (the campaign budget)", "below Pinterest's minimum for this currency (the minimum is not "
           "published); raise the budget"),
}


class ItemError(BaseModel):
    code: int | None = None
    message: str

    def describe(self) -> str:
        """The message, with the field and what to do when Pinterest's code is one we know."""
        known = KNOWN_ITEM_CODES.get(self.code or 0)
        if known is None:
            return self.message
        field, advice = known
        return f"{field}: {advice}. Pinterest said: {self.message!r} (code {self.code})"


class ItemResult(BaseModel):
    """One element of a batch create/update answer, with Pinterest's two ``exceptions`` shapes
    (a list for campaigns and ad groups, a single object for ads) folded into one list."""

    data: dict[str, Any] | None = None
    errors: list[ItemError] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.errors

    @classmethod
    def parse(cls, item: dict[str, Any]) -> ItemResult:
        raw = item.get("exceptions")
        if raw is None:
            errors: list[Any] = []
        elif isinstance(raw, list):
            errors = raw
        else:
            errors = [raw]
        parsed = [ItemError(code=e.get("code"), message=str(e.get("message") or "unknown error"))
                  for e in errors if isinstance(e, dict) and (e.get("message") or e.get("code"))]
        return cls(data=item.get("data"), errors=parsed)


def label_pairs(answer: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    """Campaign id -> (status of the label on it, error message or None) from a labels ``apply`` or
    ``remove`` answer. Spec 5.28 and the labels guide's field table name the array ``entities_labels``;
    the guide's example JSON says ``results``. Which one a given account gets is not certain, so both
    are read. A campaign named only in ``errors`` is NULL."""
    messages: dict[str, str] = {}
    for err in answer.get("errors") or []:
        data = err.get("data") or {}
        eid = str(data.get("entity_id") or data.get("parent_id") or "").lstrip("C")
        messages[eid] = "; ".join(err.get("error_messages") or [])
    answered = answer.get("entities_labels")
    if answered is None:
        answered = answer.get("results")
    out: dict[str, tuple[str, str | None]] = {}
    for res in answered or []:
        eid = str(res.get("entity_id", "")).lstrip("C")
        out[eid] = (str(res.get("status") or "NULL"), messages.get(eid))
    for eid, message in messages.items():
        out.setdefault(eid, ("NULL", message))
    return out


def labels_created(answer: dict[str, Any], campaign_id: str) -> list[dict[str, Any]]:
    """The labels a ``POST .../labels`` answer says are now on ``campaign_id``."""
    return [lab for lab in answer.get("labels") or [] if str(lab.get("parent_id", "")).lstrip("C") == campaign_id]
