"""Campaigns, ad groups and ads: list, get, batch create and batch update, with Pinterest's rules.

A batch request that is malformed (not an array, a wrong JSON type, a bad enum, an id of the wrong
shape) fails as a whole with a 400 naming the field. A well-formed item that breaks a business rule
(CBO without a cap, a missing bid, a creative that does not fit its Pin, ...) fails alone: it comes
back with ``exceptions`` and no ``data`` while the other items are applied, exactly the per-item
contract the client must handle. Campaigns and ad groups answer ``exceptions`` as a list, ads as a
single object, because that is what the spec declares.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from .http import emulator_of, invalid, json_body, not_found
from .params import ad_account_or_404, bool_param, check_id, enum_list, id_list, paginate
from .schema import (
    ACTION_TYPES,
    BUDGET_TYPES,
    CREATIVE_TYPES,
    ENTITY_STATUS,
    ID,
    OBJECTIVES,
    F,
    check_array,
    check_object,
    check_value,
)
from .store import Entity, Store

CONVERSION_EVENTS = (
    "PAGE_VISIT",
    "SIGNUP",
    "CHECKOUT",
    "CUSTOM",
    "VIEW_CATEGORY",
    "SEARCH",
    "ADD_TO_CART",
    "WATCH_VIDEO",
    "LEAD",
    "APP_INSTALL",
)
CBO_OBJECTIVES = ("AWARENESS", "CONSIDERATION", "WEB_CONVERSION", "CATALOG_SALES")
CBO_MAX_AD_GROUPS = 70
BID_REQUIRED = {
    ("AWARENESS", "IMPRESSION"),
    ("CONSIDERATION", "CLICKTHROUGH"),
    ("CATALOG_SALES", "CLICKTHROUGH"),
}
BILLABLE_FOR_OBJECTIVE = {
    "AWARENESS": ("IMPRESSION",),
    "CONSIDERATION": ("CLICKTHROUGH",),
    "VIDEO_COMPLETION": ("VIDEO_V_50_MRC",),
    "WEB_CONVERSION": ("CLICKTHROUGH", "IMPRESSION"),
    "CATALOG_SALES": ("CLICKTHROUGH", "IMPRESSION"),
}
CREATIVES_FOR_MEDIA = {
    "image": ("REGULAR",),
    "video": ("VIDEO", "MAX_VIDEO"),
    "multiple_images": ("CAROUSEL",),
}
TARGETING_KEYS = (
    "AGE_BUCKET",
    "APPTYPE",
    "AUDIENCE_EXCLUDE",
    "AUDIENCE_INCLUDE",
    "GENDER",
    "GEO",
    "INTEREST",
    "LOCALE",
    "LOCATION",
    "MAXIMUM_AGE",
    "MINIMUM_AGE",
    "SHOPPING_RETARGETING",
    "TARGETING_STRATEGY",
)
DEFAULT_STATUSES = ["ACTIVE", "PAUSED"]
NOT_FOUND_CODE = 2
RULE_CODE = 1
# Pinterest refuses a spend cap below its (undocumented, per-currency) minimum with this per-item code.
INVALID_SPEND_CAP_CODE = 1509
# The emulator's minimum: one unit of the account's currency, as a daily or lifetime cap.
MIN_SPEND_CAP_MICRO = 1_000_000

# -- request field tables (from CampaignCreateRequest / AdGroupCommon / AdCommon) ----------------
_URLS = F("list", items=F("str"))
_TRACKING = F(
    "obj",
    nullable=True,
    props={key: _URLS for key in ("impression", "click", "engagement", "buyable_button", "audience_verification")},
)
CAMPAIGN_FIELDS: dict[str, F] = {
    "id": F("str", pattern=ID),
    "ad_account_id": F("str", pattern=ID),
    "name": F("str"),
    "objective_type": F("str", enum=OBJECTIVES),
    "status": F("str", enum=ENTITY_STATUS),
    "lifetime_spend_cap": F("int", nullable=True),
    "daily_spend_cap": F("int", nullable=True),
    "order_line_id": F("str", nullable=True, pattern=ID),
    "tracking_urls": _TRACKING,
    "start_time": F("int", nullable=True),
    "end_time": F("int", nullable=True),
    "is_flexible_daily_budgets": F("bool", nullable=True),
    "is_automated_campaign": F("bool", nullable=True),
    "is_campaign_budget_optimization": F("bool", nullable=True),
    "default_ad_group_budget_in_micro_currency": F("int", nullable=True),
    "is_performance_plus": F("bool"),
    "bid_options": F("obj", nullable=True),
}
_STR_LIST = F("list", nullable=True, items=F("str"))
_DIGITS = F("str", pattern=r"^[0-9]+$")
# OptimizationGoalMetadata, to the depth the spec declares types and enums.
GOAL_METADATA = F(
    "obj",
    nullable=True,
    props={
        "conversion_tag_v3_goal_metadata": F(
            "obj",
            props={
                "attribution_windows": F(
                    "obj",
                    props={
                        name: F("int")
                        for name in ("click_window_days", "engagement_window_days", "view_window_days")
                    },
                ),
                "conversion_event": F("str", enum=CONVERSION_EVENTS),
                "conversion_tag_id": _DIGITS,
                "cpa_goal_value_in_micro_currency": _DIGITS,
                "is_roas_optimized": F("bool", nullable=True),
                "learning_mode_type": F("str", nullable=True, enum=("NOT_ACTIVE", "ACTIVE", None)),
                "reporting_event": F("str"),
            },
        ),
        "frequency_goal_metadata": F(
            "obj",
            props={
                "frequency": F("int", minimum=2, maximum=20),
                "timerange": F(
                    "str",
                    enum=("THIRTY_DAY", "DAY", "SEVEN_DAY", "TWENTY_MINUTE", "TEN_MINUTE", "TWENTY_FOUR_HOUR"),
                ),
            },
        ),
        "scrollup_goal_metadata": F(
            "obj", props={"scrollup_goal_value_in_micro_currency": F("str", nullable=True, pattern=r"^[0-9]+$")}
        ),
    },
)
AD_GROUP_FIELDS: dict[str, F] = {
    "id": F("str", pattern=ID),
    "ad_account_id": F("str", pattern=ID),
    "campaign_id": F("str", pattern=r"^[C]?\d+$"),
    "name": F("str"),
    "status": F("str", enum=ENTITY_STATUS),
    "billable_event": F("str", enum=ACTION_TYPES),
    "budget_in_micro_currency": F("int", nullable=True),
    "budget_type": F("str", enum=BUDGET_TYPES),
    "bid_in_micro_currency": F("int", nullable=True),
    "bid_strategy_type": F("str", nullable=True, enum=("AUTOMATIC_BID", "MAX_BID", "TARGET_AVG", None)),
    "bid_multiplier": F("num", minimum=0, maximum=10),  # not nullable in requests (only in answers)
    "optimization_goal_metadata": GOAL_METADATA,
    "pacing_delivery_type": F("str", enum=("STANDARD", "ACCELERATED")),
    "placement_group": F("str", enum=("ALL", "SEARCH", "BROWSE", "OTHER")),
    "auto_targeting_enabled": F("bool", nullable=True),
    "start_time": F("int", nullable=True),
    "end_time": F("int", nullable=True),
    "lifetime_frequency_cap": F("int"),
    "targeting_spec": F("obj"),
    "targeting_template_ids": F("list", nullable=True, items=F("str", pattern=ID), max_items=1),
    "tracking_urls": _TRACKING,
    "is_creative_optimization": F("bool", nullable=True),
    "promotion_id": F("str", nullable=True, pattern=ID),
    "promotion_application_level": F("str", nullable=True, enum=("NONE", "ITEM", "AD_GROUP", None)),
}
AD_FIELDS: dict[str, F] = {
    "id": F("str", pattern=ID),
    "ad_group_id": F("str", pattern=r"^(AG)?\d+$"),
    "creative_type": F("str", enum=CREATIVE_TYPES),
    "pin_id": F("str", pattern=ID),
    "name": F("str", nullable=True, max_len=255),
    "status": F("str", enum=ENTITY_STATUS),
    "destination_url": F("str", nullable=True),
    "android_deep_link": F("str", nullable=True),
    "ios_deep_link": F("str", nullable=True),
    "carousel_destination_urls": _STR_LIST,
    "carousel_android_deep_links": _STR_LIST,
    "carousel_ios_deep_links": _STR_LIST,
    "click_tracking_url": F("str", nullable=True),
    "view_tracking_url": F("str", nullable=True),
    "tracking_urls": _TRACKING,
    "is_removable": F("bool"),
    "is_pin_deleted": F("bool"),
    "customizable_cta_type": F("str", nullable=True),
    "grid_click_type": F("str", nullable=True, enum=("CLOSEUP", "DIRECT_TO_DESTINATION", None)),
    "lead_form_id": F("str", nullable=True, pattern=r"^(AG)?\d+$"),
    "disclosure_type": F("str", nullable=True),
    "disclosure_url": F("str", nullable=True),
    "quiz_pin_data": F("obj", nullable=True),
}
_TARGETING_VALUE_TYPES: dict[str, F] = {
    "MINIMUM_AGE": F("str", pattern=r"^\d+$"),
    "MAXIMUM_AGE": F("str", pattern=r"^\d+\+?$"),
    "SHOPPING_RETARGETING": F(
        "list",
        nullable=True,
        items=F(
            "obj",
            props={
                "exclusion_window": F("int"),
                "lookback_window": F("int"),
                "tag_types": F("list", items=F("int")),
            },
        ),
    ),
    "AGE_BUCKET": F(
        "list",
        nullable=True,
        items=F(
            "str", enum=("18-24", "19+", "20+", "21+", "25-34", "35-44", "45-49", "50-54", "55-64", "65+")
        ),
    ),
    "GENDER": F("list", nullable=True, items=F("str", enum=("unknown", "male", "female"))),
    "INTEREST": F("list", items=F("str")),  # the one list the spec does not let be null
    "AUDIENCE_INCLUDE": F("list", nullable=True, items=F("str", pattern=r"^\d+$")),
    "AUDIENCE_EXCLUDE": F("list", nullable=True, items=F("str", pattern=r"^\d+$")),
    "TARGETING_STRATEGY": F(
        "list", nullable=True, items=F("str", enum=("CHOOSE_YOUR_OWN", "FIND_NEW_CUSTOMERS", "RECONNECT_WITH_USERS"))
    ),
    "APPTYPE": F(
        "list",
        nullable=True,
        items=F("str", enum=("android_mobile", "android_tablet", "ipad", "iphone", "web", "web_mobile")),
    ),
}


class ItemError(Exception):
    """A per-item failure: reported in that item's ``exceptions`` while the batch goes on."""

    def __init__(self, message: str, code: int = RULE_CODE) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# -- entity builders (also used by the seed) ------------------------------------------------------
def build_campaign(fields: dict[str, Any], *, entity_id: str, ad_account_id: str, now: int) -> Entity:
    """A complete CampaignResponse dict from create fields, with the spec's defaults."""
    campaign: Entity = {
        "id": entity_id,
        "ad_account_id": ad_account_id,
        "name": fields["name"],
        "status": fields.get("status") or "ACTIVE",
        "objective_type": fields["objective_type"],
        "lifetime_spend_cap": fields.get("lifetime_spend_cap"),
        "daily_spend_cap": fields.get("daily_spend_cap"),
        "order_line_id": fields.get("order_line_id"),
        "tracking_urls": fields.get("tracking_urls"),
        "start_time": fields["start_time"] if fields.get("start_time") is not None else now,
        "end_time": fields.get("end_time"),
        "is_flexible_daily_budgets": bool(fields.get("is_flexible_daily_budgets") or False),
        "is_automated_campaign": bool(fields.get("is_automated_campaign") or False),
        "is_campaign_budget_optimization": bool(fields.get("is_campaign_budget_optimization") or False),
        "is_performance_plus": bool(fields.get("is_performance_plus") or False),
        "bid_options": fields.get("bid_options"),
        "created_time": now,
        "updated_time": now,
        "summary_status": "RUNNING",
        "type": "campaign",
    }
    refresh_campaign(campaign, now)
    return campaign


def build_ad_group(fields: dict[str, Any], *, entity_id: str, campaign: Entity, now: int) -> Entity:
    """A complete AdGroupResponse dict; CBO children get ``CBO_ADGROUP`` and no budget of their own."""
    cbo = bool(campaign.get("is_campaign_budget_optimization"))
    bid = fields.get("bid_in_micro_currency")
    group: Entity = {
        "id": entity_id,
        "ad_account_id": campaign["ad_account_id"],
        "campaign_id": campaign["id"],
        "name": fields["name"],
        "status": fields.get("status") or "ACTIVE",
        "billable_event": fields["billable_event"],
        "budget_in_micro_currency": None if cbo else fields.get("budget_in_micro_currency"),
        "budget_type": fields.get("budget_type") or ("CBO_ADGROUP" if cbo else "DAILY"),
        "bid_in_micro_currency": bid,
        "bid_strategy_type": fields.get("bid_strategy_type")
        or ("MAX_BID" if bid is not None else "AUTOMATIC_BID"),
        "bid_multiplier": fields.get("bid_multiplier"),
        "optimization_goal_metadata": fields.get("optimization_goal_metadata"),
        "pacing_delivery_type": fields.get("pacing_delivery_type") or "STANDARD",
        "placement_group": fields.get("placement_group") or "ALL",
        "auto_targeting_enabled": (
            True if fields.get("auto_targeting_enabled") is None else fields["auto_targeting_enabled"]
        ),
        "start_time": fields.get("start_time"),
        "end_time": fields.get("end_time"),
        "lifetime_frequency_cap": fields.get("lifetime_frequency_cap", -1),
        "targeting_spec": fields.get("targeting_spec") or {},
        "targeting_template_ids": fields.get("targeting_template_ids"),
        "tracking_urls": fields.get("tracking_urls"),
        "is_creative_optimization": bool(fields.get("is_creative_optimization") or False),
        "promotion_id": fields.get("promotion_id"),
        "promotion_application_level": fields.get("promotion_application_level"),
        "conversion_learning_mode_type": None,
        "dca_assets": None,
        "feed_profile_id": "0",
        "created_time": now,
        "updated_time": now,
        "summary_status": "RUNNING",
        "type": "adgroup",
    }
    if group["optimization_goal_metadata"] is not None and campaign["objective_type"] == "WEB_CONVERSION":
        group["conversion_learning_mode_type"] = "NOT_ACTIVE"
    refresh_ad_group(group, campaign, now)
    return group


def build_ad(fields: dict[str, Any], *, entity_id: str, group: Entity, now: int) -> Entity:
    """A complete AdResponse dict; the emulator approves ads at once."""
    ad: Entity = {
        "id": entity_id,
        "ad_account_id": group["ad_account_id"],
        "campaign_id": group["campaign_id"],
        "ad_group_id": group["id"],
        "pin_id": fields["pin_id"],
        "creative_type": fields["creative_type"],
        "name": fields.get("name"),
        "status": fields.get("status") or "ACTIVE",
        "destination_url": fields.get("destination_url"),
        "android_deep_link": fields.get("android_deep_link"),
        "ios_deep_link": fields.get("ios_deep_link"),
        "carousel_destination_urls": fields.get("carousel_destination_urls"),
        "carousel_android_deep_links": fields.get("carousel_android_deep_links"),
        "carousel_ios_deep_links": fields.get("carousel_ios_deep_links"),
        "click_tracking_url": fields.get("click_tracking_url"),
        "view_tracking_url": fields.get("view_tracking_url"),
        "tracking_urls": fields.get("tracking_urls"),
        "is_removable": bool(fields.get("is_removable") or False),
        "is_pin_deleted": False,
        "customizable_cta_type": fields.get("customizable_cta_type"),
        "grid_click_type": "DIRECT_TO_DESTINATION" if fields.get("destination_url") else "CLOSEUP",
        "lead_form_id": fields.get("lead_form_id"),
        "disclosure_type": fields.get("disclosure_type"),
        "disclosure_url": fields.get("disclosure_url"),
        "quiz_pin_data": fields.get("quiz_pin_data"),
        "collection_items_destination_url_template": None,
        "review_status": "APPROVED",
        "rejected_reasons": [],
        "rejection_labels": [],
        "created_time": now,
        "updated_time": now,
        "summary_status": "APPROVED",
        "type": "ad",
    }
    refresh_ad(ad)
    return ad


# -- summary statuses --------------------------------------------------------------------------------
def _schedule_status(status: str, start: int | None, end: int | None, now: int) -> str:
    if status in ("ARCHIVED", "DRAFT", "DELETED_DRAFT", "PAUSED"):
        return status
    if start is not None and start > now:
        return "NOT_STARTED"
    if end is not None and end <= now:
        return "COMPLETED"
    return "RUNNING"


def refresh_campaign(campaign: Entity, now: int) -> Entity:
    """Recompute ``summary_status`` from status and schedule (time moves between reads)."""
    campaign["summary_status"] = _schedule_status(
        campaign["status"], campaign.get("start_time"), campaign.get("end_time"), now
    )
    return campaign


def refresh_ad_group(group: Entity, campaign: Entity | None, now: int) -> Entity:
    start = group.get("start_time")
    end = group.get("end_time")
    if campaign is not None:
        start = start if start is not None else campaign.get("start_time")
        end = end if end is not None else campaign.get("end_time")
    group["summary_status"] = _schedule_status(group["status"], start, end, now)
    return group


def refresh_ad(ad: Entity) -> Entity:
    """An ACTIVE ad's summary is its review outcome: APPROVED only once review passed.

    Pinterest's ``PinPromotionSummaryStatus`` carries PENDING and REJECTED for ads that are switched
    on but held in review; a paused or archived ad reports its own status whatever the review said.
    """
    status = ad["status"]
    if status == "ACTIVE":
        review = ad.get("review_status")
        ad["summary_status"] = review if review in ("PENDING", "REJECTED") else "APPROVED"
    else:
        ad["summary_status"] = status
    return ad


# -- shared helpers ---------------------------------------------------------------------------------
def _strip_prefix(value: str, prefix: str) -> str:
    return value.removeprefix(prefix)


def _transition(old: str, new: str) -> None:
    """Pinterest's status moves: ARCHIVED and DELETED_DRAFT are final, nothing goes back to DRAFT."""
    if old == new:
        return
    if old in ("ARCHIVED", "DELETED_DRAFT"):
        raise ItemError(f"Cannot change status from {old} to {new}: {old} is final.")
    if new == "DRAFT":
        raise ItemError(f"Cannot change status from {old} to DRAFT.")
    if new == "DELETED_DRAFT" and old != "DRAFT":
        raise ItemError("Only DRAFT entities can be set to DELETED_DRAFT.")


def _editable(entity: Entity, kind: str) -> None:
    if entity["status"] in ("ARCHIVED", "DELETED_DRAFT"):
        raise ItemError(f"{kind} {entity['id']} is {entity['status']} and can no longer be changed.")


def _positive(value: Any, name: str) -> None:
    if value is not None and value <= 0:
        raise ItemError(f"{name} must be a positive amount in micro-currency.")


def _check_schedule(start: int | None, end: int | None, now: int, *, end_changed: bool, kind: str) -> None:
    if start is not None and end is not None and end <= start:
        raise ItemError(f"{kind} end_time must be after its start_time.")
    if end is not None and end_changed and end <= now:
        raise ItemError(f"{kind} end_time must be in the future.")


def _check_filters_exclusive(filters: dict[str, list[str] | None], allowed: int = 1) -> None:
    used = [name for name, value in filters.items() if value is not None]
    if len(used) > allowed:
        raise invalid(f"Only one of {', '.join(filters)} may be given (got {', '.join(used)}).")


# -- campaigns -----------------------------------------------------------------------------------
def campaign_rules(campaign: Entity, store: Store, *, end_changed: bool) -> None:
    """The campaign-level budget and schedule rules, on the merged (would-be) campaign."""
    if campaign.get("lifetime_spend_cap") is not None and campaign.get("daily_spend_cap") is not None:
        raise ItemError("lifetime_spend_cap and daily_spend_cap cannot be set together.")
    _positive(campaign.get("lifetime_spend_cap"), "lifetime_spend_cap")
    _positive(campaign.get("daily_spend_cap"), "daily_spend_cap")
    if campaign.get("is_campaign_budget_optimization"):
        if campaign["objective_type"] not in CBO_OBJECTIVES:
            raise ItemError(
                f"Campaign budget optimization is not available for {campaign['objective_type']} campaigns."
            )
        if campaign.get("lifetime_spend_cap") is None and campaign.get("daily_spend_cap") is None:
            raise ItemError(
                "A campaign budget optimization (CBO) campaign needs a lifetime_spend_cap "
                "or a daily_spend_cap."
            )
    _check_schedule(
        campaign.get("start_time"),
        campaign.get("end_time"),
        store.now(),
        end_changed=end_changed,
        kind="Campaign",
    )
    for name in ("daily_spend_cap", "lifetime_spend_cap"):
        value = campaign.get(name)
        if value is not None and value < MIN_SPEND_CAP_MICRO:
            raise ItemError("Invalid 'spend_cap': below the minimum for this currency.", INVALID_SPEND_CAP_CODE)
    if campaign.get("lifetime_spend_cap") is not None and campaign.get("end_time") is None:
        raise ItemError("A campaign with a lifetime_spend_cap needs an end_time.")
    if campaign.get("is_flexible_daily_budgets"):
        account = store.ad_accounts.get(campaign["ad_account_id"]) or {}
        if account.get("currency", "USD") != "USD":
            raise ItemError("Flexible daily budgets are only available for ad accounts billed in USD.")


def _live_children(store: Store, campaign_id: str) -> list[Entity]:
    return [
        group
        for group in store.ad_groups.values()
        if group["campaign_id"] == campaign_id and group["status"] not in ("ARCHIVED", "DELETED_DRAFT")
    ]


def _create_campaign(store: Store, account_id: str, item: dict[str, Any]) -> Entity:
    now = store.now()
    campaign = build_campaign(item, entity_id="0", ad_account_id=account_id, now=now)
    campaign_rules(campaign, store, end_changed=True)
    campaign["id"] = store.new_id()
    store.campaigns[campaign["id"]] = campaign
    store.record_status(campaign["id"], campaign["status"], at=now)
    return campaign


_CAMPAIGN_DRAFT_ONLY = ("objective_type", "is_performance_plus")


def _update_campaign(store: Store, account_id: str, item: dict[str, Any]) -> Entity:
    now = store.now()
    current = store.campaigns.get(item["id"])
    if current is None or current["ad_account_id"] != account_id:
        raise ItemError(f"Campaign {item['id']} not found.", NOT_FOUND_CODE)
    _editable(current, "Campaign")
    merged = dict(current)
    for name, value in item.items():
        if (
            name in ("id", "ad_account_id", "default_ad_group_budget_in_micro_currency")
            or name not in CAMPAIGN_FIELDS
        ):
            continue
        if name in _CAMPAIGN_DRAFT_ONLY and value != current.get(name) and current["status"] != "DRAFT":
            raise ItemError(f"{name} can only be changed while the campaign is DRAFT.")
        merged[name] = value
    if merged.get("objective_type") is None:
        merged["objective_type"] = current["objective_type"]
    if merged.get("is_campaign_budget_optimization") is None:
        merged["is_campaign_budget_optimization"] = False
    if merged.get("status") is None:
        merged["status"] = current["status"]
    _transition(current["status"], merged["status"])
    campaign_rules(
        merged, store, end_changed="end_time" in item and item["end_time"] != current.get("end_time")
    )
    children = _live_children(store, current["id"])
    was_cbo, is_cbo = (
        bool(current["is_campaign_budget_optimization"]),
        bool(merged["is_campaign_budget_optimization"]),
    )
    if is_cbo and not was_cbo and len(children) > CBO_MAX_AD_GROUPS:
        raise ItemError(f"A CBO campaign can hold at most {CBO_MAX_AD_GROUPS} ad groups.")
    default_budget = item.get("default_ad_group_budget_in_micro_currency")
    if was_cbo and not is_cbo and children:
        if default_budget is None:
            raise ItemError(
                "default_ad_group_budget_in_micro_currency is required to turn off campaign budget "
                "optimization: it becomes each ad group's daily budget."
            )
        _positive(default_budget, "default_ad_group_budget_in_micro_currency")
    merged["updated_time"] = now
    refresh_campaign(merged, now)
    current.clear()
    current.update(merged)
    if is_cbo != was_cbo:
        for group in children:
            group["budget_in_micro_currency"] = None if is_cbo else default_budget
            group["budget_type"] = "CBO_ADGROUP" if is_cbo else "DAILY"
            group["updated_time"] = now
    store.record_status(current["id"], current["status"])
    return current


# -- ad groups ---------------------------------------------------------------------------------------
def check_targeting_types(spec: Any, where: str) -> None:
    """Value types and enums of the known TargetingSpec keys: breaking them makes the body malformed."""
    if not isinstance(spec, dict):
        raise invalid(f"Invalid value for {where}.targeting_spec: expected an object.")
    for key, value in spec.items():
        if key in TARGETING_KEYS:
            check_value(value, _TARGETING_VALUE_TYPES.get(key, _STR_LIST), f"{where}.targeting_spec.{key}")


def targeting_rules(spec: dict[str, Any], where: str) -> None:
    """Key names and the LOCATION-or-GEO requirement of TargetingSpec (per-item rules)."""
    for key in spec:
        if key not in TARGETING_KEYS:
            hint = " Keywords are separate entities, not a targeting_spec key." if key == "KEYWORD" else ""
            raise ItemError(f"Unknown targeting_spec key {key!r}.{hint}")
    if not spec.get("LOCATION") and not spec.get("GEO"):
        raise ItemError("targeting_spec must include LOCATION or GEO.")
    if "AGE_BUCKET" in spec and ("MINIMUM_AGE" in spec or "MAXIMUM_AGE" in spec):
        raise ItemError("AGE_BUCKET cannot be combined with MINIMUM_AGE/MAXIMUM_AGE.")
    if ("MINIMUM_AGE" in spec) != ("MAXIMUM_AGE" in spec):
        raise ItemError("MINIMUM_AGE and MAXIMUM_AGE must be given together.")


def ad_group_rules(group: Entity, campaign: Entity, store: Store, *, end_changed: bool, where: str) -> None:
    """Budget, bid, billable event, schedule and targeting rules of one (would-be) ad group."""
    objective = campaign["objective_type"]
    cbo = bool(campaign.get("is_campaign_budget_optimization"))
    if cbo:
        if group.get("budget_in_micro_currency") is not None:
            raise ItemError(
                "Ad groups in a campaign budget optimization (CBO) campaign cannot have their own budget; "
                "set the budget on the campaign."
            )
        if group["budget_type"] != "CBO_ADGROUP":
            raise ItemError("Ad groups in a CBO campaign only accept budget_type CBO_ADGROUP.")
        if group.get("pacing_delivery_type") == "ACCELERATED":
            raise ItemError("CBO campaigns only allow the STANDARD pacing_delivery_type.")
    else:
        if group.get("budget_in_micro_currency") is None:
            raise ItemError("budget_in_micro_currency is required for ad groups in a non-CBO campaign.")
        _positive(group["budget_in_micro_currency"], "budget_in_micro_currency")
        if group["budget_type"] == "CBO_ADGROUP":
            raise ItemError("budget_type CBO_ADGROUP is only valid in a CBO campaign.")
    if group["budget_type"] == "LIFETIME" and group.get("end_time") is None:
        raise ItemError("budget_type LIFETIME requires end_time.")
    billable = group["billable_event"]
    if billable not in BILLABLE_FOR_OBJECTIVE[objective]:
        allowed = " or ".join(BILLABLE_FOR_OBJECTIVE[objective])
        raise ItemError(f"billable_event {billable} is not valid for a {objective} campaign (use {allowed}).")
    if (objective, billable) in BID_REQUIRED and group.get("bid_in_micro_currency") is None:
        raise ItemError(f"bid_in_micro_currency is required for {objective} campaigns billed on {billable}.")
    _positive(group.get("bid_in_micro_currency"), "bid_in_micro_currency")
    if group.get("bid_strategy_type") == "AUTOMATIC_BID" and group.get("bid_in_micro_currency") is not None:
        raise ItemError("bid_in_micro_currency cannot be set with bid_strategy_type AUTOMATIC_BID.")
    if objective == "WEB_CONVERSION" and group.get("bid_in_micro_currency") is not None:
        raise ItemError(
            "WEB_CONVERSION ad groups take their target cost in optimization_goal_metadata."
            "conversion_tag_v3_goal_metadata.cpa_goal_value_in_micro_currency, not bid_in_micro_currency."
        )
    if objective == "WEB_CONVERSION" and not group.get("optimization_goal_metadata"):
        raise ItemError("optimization_goal_metadata is required for WEB_CONVERSION campaigns.")
    cap = group.get("lifetime_frequency_cap", -1)
    if cap is not None and cap != -1:
        if billable != "IMPRESSION":
            raise ItemError("lifetime_frequency_cap is only available for IMPRESSION (CPM) ad groups.")
        if group.get("end_time") is None:
            raise ItemError("lifetime_frequency_cap requires end_time.")
    start, end = group.get("start_time"), group.get("end_time")
    _check_schedule(start, end, store.now(), end_changed=end_changed, kind="Ad group")
    camp_start, camp_end = campaign.get("start_time"), campaign.get("end_time")
    if start is not None and camp_start is not None and start < camp_start:
        raise ItemError("Ad group start_time is before its campaign's start_time.")
    if end is not None and camp_end is not None and end > camp_end:
        raise ItemError("Ad group end_time is after its campaign's end_time.")
    if start is not None and camp_end is not None and start >= camp_end:
        raise ItemError("Ad group start_time is after its campaign's end_time.")
    spec = group.get("targeting_spec")
    if spec:
        targeting_rules(spec, where)
        for key in ("AUDIENCE_INCLUDE", "AUDIENCE_EXCLUDE"):
            for audience_id in spec.get(key) or []:
                # Pinterest refuses, per item, an audience that is not the ad account's own.
                found = store.audiences.get(str(audience_id))
                if found is None or found["ad_account_id"] != campaign["ad_account_id"]:
                    raise ItemError(f"Invalid targeting_spec.{key}: audience {audience_id} not found in this "
                                    "ad account.")


def _campaign_for(store: Store, account_id: str, raw_id: str) -> Entity:
    campaign = store.campaigns.get(_strip_prefix(raw_id, "C"))
    if campaign is None or campaign["ad_account_id"] != account_id:
        raise ItemError(f"Campaign {raw_id} not found.", NOT_FOUND_CODE)
    if campaign["status"] in ("ARCHIVED", "DELETED_DRAFT"):
        raise ItemError(
            f"Campaign {campaign['id']} is {campaign['status']}; ad groups cannot be added to it."
        )
    return campaign


def _create_ad_group(store: Store, account_id: str, item: dict[str, Any], where: str) -> Entity:
    now = store.now()
    campaign = _campaign_for(store, account_id, item["campaign_id"])
    cbo = bool(campaign.get("is_campaign_budget_optimization"))
    group = build_ad_group(item, entity_id="0", campaign=campaign, now=now)
    # Keep what the caller sent so the rules can refuse it (the builder would drop a CBO budget).
    group["budget_in_micro_currency"] = item.get("budget_in_micro_currency")
    ad_group_rules(group, campaign, store, end_changed=True, where=where)
    if cbo and len(_live_children(store, campaign["id"])) >= CBO_MAX_AD_GROUPS:
        raise ItemError(f"A CBO campaign can hold at most {CBO_MAX_AD_GROUPS} ad groups.")
    group["id"] = store.new_id()
    store.ad_groups[group["id"]] = group
    store.record_status(group["id"], group["status"], at=now)
    return group


_AD_GROUP_DRAFT_ONLY = ("billable_event", "budget_type")


def _update_ad_group(store: Store, account_id: str, item: dict[str, Any], where: str) -> Entity:
    now = store.now()
    current = store.ad_groups.get(item["id"])
    if current is None or current["ad_account_id"] != account_id:
        raise ItemError(f"Ad group {item['id']} not found.", NOT_FOUND_CODE)
    _editable(current, "Ad group")
    campaign = store.campaigns[current["campaign_id"]]
    if "campaign_id" in item and _strip_prefix(item["campaign_id"], "C") != current["campaign_id"]:
        raise ItemError("An ad group cannot be moved to another campaign.")
    merged = dict(current)
    for name, value in item.items():
        if name in ("id", "ad_account_id", "campaign_id") or name not in AD_GROUP_FIELDS:
            continue
        if name in _AD_GROUP_DRAFT_ONLY and value != current.get(name) and current["status"] != "DRAFT":
            raise ItemError(f"{name} can only be changed while the ad group is DRAFT.")
        merged[name] = value
    for name, default in (
        ("status", current["status"]),
        ("targeting_spec", {}),
        ("lifetime_frequency_cap", -1),
    ):
        if merged.get(name) is None:
            merged[name] = default
    _transition(current["status"], merged["status"])
    ad_group_rules(
        merged,
        campaign,
        store,
        end_changed="end_time" in item and item["end_time"] != current.get("end_time"),
        where=where,
    )
    merged["updated_time"] = now
    refresh_ad_group(merged, campaign, now)
    current.clear()
    current.update(merged)
    store.record_status(current["id"], current["status"])
    return current


# -- ads ---------------------------------------------------------------------------------------------
def ad_rules(ad: Entity, pin: Entity, campaign: Entity) -> None:
    """The creative must fit the Pin's type and media, and a Pin without a link needs a destination_url.

    The Pin's own type decides first (the managing-ads guide): a non-standard (Idea) Pin is promoted
    only as creative_type IDEA, and IDEA only fits such a Pin.
    """
    media_type = (pin.get("media") or {}).get("media_type", "image")
    allowed = CREATIVES_FOR_MEDIA.get(media_type, ())
    if pin.get("is_standard") is False:
        if ad["creative_type"] != "IDEA":
            raise ItemError(
                f"creative_type {ad['creative_type']} does not match Pin {pin['id']}: it is an Idea "
                "(non-standard) Pin, which needs creative_type IDEA."
            )
        if not ad.get("destination_url"):
            raise ItemError(f"Pin {pin['id']} is an Idea Pin: destination_url is required.")
        return
    if ad["creative_type"] == "IDEA":
        raise ItemError(f"creative_type IDEA needs an Idea (non-standard) Pin; Pin {pin['id']} is standard.")
    if ad["creative_type"] not in allowed:
        fits = " or ".join(allowed) or "no supported creative_type"
        raise ItemError(
            f"creative_type {ad['creative_type']} does not match Pin {pin['id']} "
            f"({media_type} media needs {fits})."
        )
    if campaign["objective_type"] == "VIDEO_COMPLETION" and ad["creative_type"] not in ("VIDEO", "MAX_VIDEO"):
        raise ItemError("VIDEO_COMPLETION campaigns need a video Pin (creative_type VIDEO or MAX_VIDEO).")
    if not pin.get("link") and not ad.get("destination_url") and not ad.get("carousel_destination_urls"):
        raise ItemError(f"Pin {pin['id']} has no link: destination_url is required.")


def _group_for(store: Store, account_id: str, raw_id: str) -> Entity:
    group = store.ad_groups.get(_strip_prefix(raw_id, "AG"))
    if group is None or group["ad_account_id"] != account_id:
        raise ItemError(f"Ad group {raw_id} not found.", NOT_FOUND_CODE)
    if group["status"] in ("ARCHIVED", "DELETED_DRAFT"):
        raise ItemError(f"Ad group {group['id']} is {group['status']}; ads cannot be added to it.")
    return group


def _pin_for(store: Store, pin_id: str) -> Entity:
    pin = store.pins.get(pin_id)
    if pin is None:
        raise ItemError(f"Pin {pin_id} not found.", NOT_FOUND_CODE)
    return pin


def promotable_rules(store: Store, pin: Entity) -> None:
    """Pins Pinterest will not promote: repins (saved from others), Pins on secret boards, and in the
    sandbox video Pins."""
    if pin.get("is_owner") is False or pin.get("parent_pin_id"):
        raise ItemError(f"Pin {pin['id']} was saved from another account (a repin) and cannot be promoted.")
    board = store.boards.get(pin.get("board_id") or "")
    if board is not None and board.get("privacy") == "SECRET":
        raise ItemError(f"Pin {pin['id']} is on a secret board and cannot be promoted.")
    if store.sandbox and (pin.get("media") or {}).get("media_type") == "video":
        raise ItemError(f"Video Pins cannot be promoted in the sandbox (Pin {pin['id']}).")


def _create_ad(store: Store, account_id: str, item: dict[str, Any], where: str) -> Entity:
    now = store.now()
    group = _group_for(store, account_id, item["ad_group_id"])
    pin = _pin_for(store, item["pin_id"])
    promotable_rules(store, pin)
    ad = build_ad(item, entity_id="0", group=group, now=now)
    ad_rules(ad, pin, store.campaigns[group["campaign_id"]])
    ad["id"] = store.new_id()
    store.ads[ad["id"]] = ad
    pin["has_been_promoted"] = True
    store.record_status(ad["id"], ad["status"], at=now)
    return ad


_AD_DRAFT_ONLY = ("pin_id", "creative_type")


def _update_ad(store: Store, account_id: str, item: dict[str, Any], where: str) -> Entity:
    now = store.now()
    current = store.ads.get(item["id"])
    if current is None or current["ad_account_id"] != account_id:
        raise ItemError(f"Ad {item['id']} not found.", NOT_FOUND_CODE)
    _editable(current, "Ad")
    if "ad_group_id" in item and _strip_prefix(item["ad_group_id"], "AG") != current["ad_group_id"]:
        raise ItemError("An ad cannot be moved to another ad group.")
    merged = dict(current)
    for name, value in item.items():
        if name in ("id", "ad_group_id", "is_pin_deleted", "grid_click_type") or name not in AD_FIELDS:
            continue
        if name in _AD_DRAFT_ONLY and value != current.get(name) and current["status"] != "DRAFT":
            raise ItemError(f"{name} can only be changed while the ad is DRAFT.")
        merged[name] = value
    if merged.get("status") is None:
        merged["status"] = current["status"]
    _transition(current["status"], merged["status"])
    ad_rules(merged, _pin_for(store, merged["pin_id"]), store.campaigns[current["campaign_id"]])
    merged["updated_time"] = now
    refresh_ad(merged)
    current.clear()
    current.update(merged)
    store.record_status(current["id"], current["status"])
    return current


# -- HTTP handlers -------------------------------------------------------------------------------
Writer = Callable[[Store, str, dict[str, Any], str], Entity]


def _exception(error: ItemError) -> dict[str, Any]:
    return {"code": error.code, "message": error.message}


async def _batch(
    request: Request,
    *,
    what: str,
    fields: dict[str, F],
    required: tuple[str, ...],
    writer: Writer,
    single_exception: bool,
    check_account: bool,
) -> JSONResponse:
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    items = check_array(await json_body(request), what)
    for index, item in enumerate(items):
        where = f"body[{index}]"
        check_object(item, fields, required, where)
        if (check_account or "ad_account_id" in item) and item.get("ad_account_id") != account_id:
            raise invalid(
                f"Invalid value for {where}.ad_account_id: {item.get('ad_account_id')!r} does not match "
                f"the ad account in the path ({account_id})."
            )
        if "targeting_spec" in item:
            check_targeting_types(item["targeting_spec"], where)
    answered: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        try:
            entity = writer(store, account_id, item, f"body[{index}]")
        except ItemError as error:
            exception = _exception(error)
            answered.append({"exceptions": exception if single_exception else [exception]})
            continue
        answered.append({"data": entity} if single_exception else {"data": entity, "exceptions": []})
    return JSONResponse({"items": answered})


def _campaign_writer(create: bool) -> Writer:
    def write(store: Store, account_id: str, item: dict[str, Any], where: str) -> Entity:
        return (_create_campaign if create else _update_campaign)(store, account_id, item)

    return write


async def create_campaigns(request: Request) -> JSONResponse:
    return await _batch(
        request,
        what="campaigns",
        fields=CAMPAIGN_FIELDS,
        required=("ad_account_id", "name", "objective_type"),
        writer=_campaign_writer(True),
        single_exception=False,
        check_account=True,
    )


async def update_campaigns(request: Request) -> JSONResponse:
    return await _batch(
        request,
        what="campaigns",
        fields=CAMPAIGN_FIELDS,
        required=("id", "ad_account_id"),
        writer=_campaign_writer(False),
        single_exception=False,
        check_account=True,
    )


async def create_ad_groups(request: Request) -> JSONResponse:
    return await _batch(
        request,
        what="ad groups",
        fields=AD_GROUP_FIELDS,
        required=("campaign_id", "name", "billable_event"),
        writer=_create_ad_group,
        single_exception=False,
        check_account=False,
    )


async def update_ad_groups(request: Request) -> JSONResponse:
    return await _batch(
        request,
        what="ad groups",
        fields=AD_GROUP_FIELDS,
        required=("id",),
        writer=_update_ad_group,
        single_exception=False,
        check_account=False,
    )


async def create_ads(request: Request) -> JSONResponse:
    return await _batch(
        request,
        what="ads",
        fields=AD_FIELDS,
        required=("ad_group_id", "creative_type", "pin_id"),
        writer=_create_ad,
        single_exception=True,
        check_account=False,
    )


async def update_ads(request: Request) -> JSONResponse:
    return await _batch(
        request,
        what="ads",
        fields=AD_FIELDS,
        required=("id",),
        writer=_update_ad,
        single_exception=True,
        check_account=False,
    )


def _statuses(request: Request) -> list[str]:
    return enum_list(request, "entity_statuses", ENTITY_STATUS, DEFAULT_STATUSES)


async def list_campaigns(request: Request) -> JSONResponse:
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    ids = id_list(request, "campaign_ids")
    statuses = _statuses(request)
    now = store.now()
    found = [
        refresh_campaign(campaign, now)
        for campaign in store.campaigns.values()
        if campaign["ad_account_id"] == account_id
        and campaign["status"] in statuses
        and (ids is None or campaign["id"] in ids)
    ]
    return JSONResponse(paginate(request, found))


async def get_campaign(request: Request) -> JSONResponse:
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    campaign_id = check_id(request.path_params["campaign_id"], "campaign_id")
    campaign = store.campaigns.get(campaign_id)
    if campaign is None or campaign["ad_account_id"] != account_id:
        raise not_found("Campaign")
    return JSONResponse(refresh_campaign(campaign, store.now()))


def _interest_names() -> dict[str, str]:
    from .seed import SEED_INTERESTS

    return SEED_INTERESTS


def _translated(group: Entity) -> Entity:
    spec = group.get("targeting_spec") or {}
    if not spec.get("INTEREST"):
        return group
    names = _interest_names()
    copy = dict(group)
    copy["targeting_spec"] = {**spec, "INTEREST": [names.get(code, code) for code in spec["INTEREST"]]}
    return copy


async def list_ad_groups(request: Request) -> JSONResponse:
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    campaign_ids = id_list(request, "campaign_ids")
    group_ids = id_list(request, "ad_group_ids")
    _check_filters_exclusive({"campaign_ids": campaign_ids, "ad_group_ids": group_ids})
    statuses = _statuses(request)
    translate = bool_param(request, "translate_interests_to_names", False)
    now = store.now()
    found = [
        refresh_ad_group(group, store.campaigns.get(group["campaign_id"]), now)
        for group in store.ad_groups.values()
        if group["ad_account_id"] == account_id
        and group["status"] in statuses
        and (campaign_ids is None or group["campaign_id"] in campaign_ids)
        and (group_ids is None or group["id"] in group_ids)
    ]
    page = paginate(request, found)
    if translate:
        page["items"] = [_translated(group) for group in page["items"]]
    return JSONResponse(page)


async def get_ad_group(request: Request) -> JSONResponse:
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    group_id = check_id(request.path_params["ad_group_id"], "ad_group_id")
    group = store.ad_groups.get(group_id)
    if group is None or group["ad_account_id"] != account_id:
        raise not_found("AdGroup")
    return JSONResponse(refresh_ad_group(group, store.campaigns.get(group["campaign_id"]), store.now()))


async def list_ads(request: Request) -> JSONResponse:
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    campaign_ids = id_list(request, "campaign_ids")
    group_ids = id_list(request, "ad_group_ids")
    ad_ids = id_list(request, "ad_ids")
    _check_filters_exclusive({"campaign_ids": campaign_ids, "ad_group_ids": group_ids, "ad_ids": ad_ids})
    statuses = _statuses(request)
    found = [
        refresh_ad(ad)
        for ad in store.ads.values()
        if ad["ad_account_id"] == account_id
        and ad["status"] in statuses
        and (campaign_ids is None or ad["campaign_id"] in campaign_ids)
        and (group_ids is None or ad["ad_group_id"] in group_ids)
        and (ad_ids is None or ad["id"] in ad_ids)
    ]
    return JSONResponse(paginate(request, found))


async def get_ad(request: Request) -> JSONResponse:
    store: Store = emulator_of(request).store
    account_id = request.path_params["ad_account_id"]
    ad_account_or_404(store, account_id)
    ad_id = check_id(request.path_params["ad_id"], "ad_id")
    ad = store.ads.get(ad_id)
    if ad is None or ad["ad_account_id"] != account_id:
        raise not_found("Ad")
    return JSONResponse(refresh_ad(ad))


def routes() -> list[BaseRoute]:
    """Entity routes, relative to /v5. Fixed paths come before ``{id}`` paths so they win."""
    base = "/ad_accounts/{ad_account_id}"
    return [
        Route(f"{base}/campaigns", list_campaigns, methods=["GET"]),
        Route(f"{base}/campaigns", create_campaigns, methods=["POST"]),
        Route(f"{base}/campaigns", update_campaigns, methods=["PATCH"]),
        Route(f"{base}/campaigns/{{campaign_id:digits}}", get_campaign, methods=["GET"]),
        Route(f"{base}/ad_groups", list_ad_groups, methods=["GET"]),
        Route(f"{base}/ad_groups", create_ad_groups, methods=["POST"]),
        Route(f"{base}/ad_groups", update_ad_groups, methods=["PATCH"]),
        Route(f"{base}/ad_groups/{{ad_group_id:digits}}", get_ad_group, methods=["GET"]),
        Route(f"{base}/ads", list_ads, methods=["GET"]),
        Route(f"{base}/ads", create_ads, methods=["POST"]),
        Route(f"{base}/ads", update_ads, methods=["PATCH"]),
        Route(f"{base}/ads/{{ad_id:digits}}", get_ad, methods=["GET"]),
    ]
