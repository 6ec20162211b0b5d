"""Seeded delivery problems: a third USD ad account, shared with the demo user, whose campaigns each show one thing to fix.

Every case follows from the emulator's own delivery model (``metrics`` + ``health``), not from
hard-coded numbers: the under-delivering campaign targets a tiny audience, the over-pacing one has
an ACCELERATED lifetime budget, the stalled one had its ads paused two days ago, the bid-floor one
bids under Pinterest's floor, one ad is REJECTED in review, the conversion campaign's tag stopped
firing four days ago, and one campaign's end date passed with most of its lifetime budget unspent.
"Evergreen Gardening Traffic" is healthy. The demo account's conversion tag fires normally.
"""

from __future__ import annotations

from typing import Any

from .health import add_tag
from .store import Store

DAY = 86_400
HOUR = 3_600
HEALTH_ACCOUNT_ID = "549755885177"  # shared with the demo user (Business Access, ADMIN)
CLIENT_USER_ID = "549755813777"

HEALTHY_CAMPAIGN_ID = "626735565860"
UNDER_DELIVERING_CAMPAIGN_ID = "626735565861"
OVER_PACING_CAMPAIGN_ID = "626735565862"
STALLED_CAMPAIGN_ID = "626735565863"
UNDER_FLOOR_CAMPAIGN_ID = "626735565864"
REJECTED_AD_CAMPAIGN_ID = "626735565865"
SILENT_TAG_CAMPAIGN_ID = "626735565866"
ENDED_CAMPAIGN_ID = "626735565867"
HEALTH_CAMPAIGN_IDS = (
    HEALTHY_CAMPAIGN_ID,
    UNDER_DELIVERING_CAMPAIGN_ID,
    OVER_PACING_CAMPAIGN_ID,
    STALLED_CAMPAIGN_ID,
    UNDER_FLOOR_CAMPAIGN_ID,
    REJECTED_AD_CAMPAIGN_ID,
    SILENT_TAG_CAMPAIGN_ID,
    ENDED_CAMPAIGN_ID,
)
DEMO_TAG_ID = "2613286171854"  # the demo account's conversion campaign optimises for it; fires hourly
SILENT_TAG_ID = "2613286171877"  # last fired four days ago
REJECTED_AD_ID = "62673556586512"
HEALTHY_KEYWORDS = (("raised garden bed", "BROAD"), ("herb garden ideas", "PHRASE"), ("diy planter box", "EXACT"))


def _spec(locations: list[str], interests: list[str], **extra: Any) -> dict[str, Any]:
    return {"LOCATION": locations, "INTEREST": interests, "LOCALE": ["en-US"], **extra}


def seed_health(store: Store, today: int) -> None:
    """Add the delivery-check account, its campaigns and the conversion tags (call after the demo seed)."""
    from .seed import CUSHION_PIN_ID as CUSHION
    from .seed import DEMO_ACCOUNT_ID, DIY, GARDENING, HOME_DECOR, _add_tree
    from .seed import HERB_SPIRAL_PIN_ID as HERB
    from .seed import PALLET_TABLE_PIN_ID as TABLE
    from .seed import RAISED_BED_PIN_ID as BED

    created = today - 400 * DAY
    store.ad_accounts[HEALTH_ACCOUNT_ID] = {
        "id": HEALTH_ACCOUNT_ID,
        "name": "Demo Delivery Checks (USD)",
        "owner": {"id": CLIENT_USER_ID, "username": "demo_garden_client"},
        "country": "US",
        "currency": "USD",
        "permissions": ["ADMIN"],
        "created_time": created,
        "updated_time": created,
    }
    add_tag(store, DEMO_ACCOUNT_ID, DEMO_TAG_ID, "Demo shop checkout tag", today - HOUR)
    add_tag(store, HEALTH_ACCOUNT_ID, SILENT_TAG_ID, "Checkout tag (site redesign)", today - 4 * DAY)

    def tree(cid: str, campaign: dict[str, Any], group: dict[str, Any], ads: list[Any], start: int) -> None:
        _add_tree(
            store,
            {"start_time": start, **campaign},
            [(group, ads)],
            campaign_id=cid,
            account_id=HEALTH_ACCOUNT_ID,
            created=start,
            history=[(start, "ACTIVE")],
        )

    def traffic_group(name: str, budget: int, bid: int, spec: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            "name": name,
            "billable_event": "CLICKTHROUGH",
            "budget_in_micro_currency": budget,
            "bid_in_micro_currency": bid,
            "targeting_spec": spec,
            **extra,
        }

    month_ago = today - 30 * DAY
    tree(
        HEALTHY_CAMPAIGN_ID,
        {"name": "Evergreen Gardening Traffic", "objective_type": "CONSIDERATION"},
        traffic_group("Gardeners US", 30_000_000, 800_000, _spec(["US"], [GARDENING])),
        [(BED, "REGULAR", "Raised bed - evergreen"), (HERB, "REGULAR", "Herb spiral - evergreen")],
        month_ago,
    )
    tree(
        UNDER_DELIVERING_CAMPAIGN_ID,
        {"name": "Retired Woodworkers Niche", "objective_type": "CONSIDERATION"},
        traffic_group(
            "Men 65+ on Android tablets",
            100_000_000,
            1_000_000,
            _spec(["US"], [DIY], AGE_BUCKET=["65+"], GENDER=["male"], APPTYPE=["android_tablet"]),
            auto_targeting_enabled=False,
        ),
        [(TABLE, "REGULAR", "Pallet table - niche")],
        month_ago,
    )
    flash_start = today - 10 * DAY
    tree(
        OVER_PACING_CAMPAIGN_ID,
        {"name": "Holiday Flash Sale", "objective_type": "CONSIDERATION", "end_time": today + 20 * DAY},
        traffic_group(
            "Holiday shoppers",
            1_500_000_000,
            900_000,
            _spec(["US"], [HOME_DECOR]),
            budget_type="LIFETIME",
            end_time=today + 20 * DAY,
        ),
        [(CUSHION, "REGULAR", "Cushions - flash sale")],
        flash_start,
    )
    store.ad_groups[str(int(OVER_PACING_CAMPAIGN_ID) * 10 + 1)]["pacing_delivery_type"] = "ACCELERATED"
    tree(
        STALLED_CAMPAIGN_ID,
        {"name": "Spring Planters Promo", "objective_type": "CONSIDERATION"},
        traffic_group("Planter fans", 40_000_000, 700_000, _spec(["US"], [GARDENING])),
        [(BED, "REGULAR", "Raised bed - planters"), (HERB, "REGULAR", "Herb spiral - planters")],
        month_ago,
    )
    stalled_group = str(int(STALLED_CAMPAIGN_ID) * 10 + 1)
    for ad in store.ads.values():
        if ad["ad_group_id"] == stalled_group:
            ad["status"] = "PAUSED"
            ad["summary_status"] = "PAUSED"
            store.record_status(ad["id"], "PAUSED", at=today - 2 * DAY)
    tree(
        UNDER_FLOOR_CAMPAIGN_ID,
        {"name": "Bargain Bids DIY", "objective_type": "CONSIDERATION"},
        traffic_group("DIY fans, low bid", 50_000_000, 40_000, _spec(["US"], [DIY])),
        [(TABLE, "REGULAR", "Pallet table - bargain")],
        month_ago,
    )
    tree(
        REJECTED_AD_CAMPAIGN_ID,
        {"name": "New Cushion Collection", "objective_type": "CONSIDERATION"},
        traffic_group("Decor fans", 25_000_000, 800_000, _spec(["US"], [HOME_DECOR])),
        [(CUSHION, "REGULAR", "Cushions - collection"), (BED, "REGULAR", "Raised bed - 50% OFF!!!")],
        month_ago,
    )
    rejected = store.ads[REJECTED_AD_ID]
    rejected.update(review_status="REJECTED", rejected_reasons=["PROMOTIONS_AND_PRICES", "CAPS_AND_SYMBOLS"])
    tree(
        SILENT_TAG_CAMPAIGN_ID,
        {
            "name": "Checkout Push",
            "objective_type": "WEB_CONVERSION",
            "is_campaign_budget_optimization": True,
            "daily_spend_cap": 60_000_000,
        },
        {
            "name": "Checkout - decor fans",
            "billable_event": "IMPRESSION",
            "optimization_goal_metadata": {
                "conversion_tag_v3_goal_metadata": {
                    "conversion_tag_id": SILENT_TAG_ID,
                    "conversion_event": "CHECKOUT",
                    "is_roas_optimized": False,
                    "attribution_windows": {
                        "click_window_days": 30,
                        "engagement_window_days": 30,
                        "view_window_days": 1,
                    },
                }
            },
            "targeting_spec": _spec(["US"], [HOME_DECOR]),
        },
        [(CUSHION, "REGULAR", "Cushions - checkout")],
        month_ago,
    )
    ended_start = today - 22 * DAY
    tree(
        ENDED_CAMPAIGN_ID,
        {
            "name": "Summer Clearance",
            "objective_type": "CONSIDERATION",
            "lifetime_spend_cap": 1_000_000_000,
            "end_time": today - 2 * DAY,
        },
        traffic_group("Clearance shoppers", 10_000_000, 800_000, _spec(["US"], [HOME_DECOR])),
        [(CUSHION, "REGULAR", "Cushions - clearance")],
        ended_start,
    )


def add_keywords(store: Store) -> list[str]:
    """Keyword-target the healthy campaign's ad group (not part of the seed, whose keyword store starts empty)."""
    healthy_group = str(int(HEALTHY_CAMPAIGN_ID) * 10 + 1)
    made: list[str] = []
    for index, (value, match_type) in enumerate(HEALTHY_KEYWORDS, start=1):
        keyword_id = str(int(healthy_group) * 100 + index)
        store.keywords[keyword_id] = {
            "id": keyword_id,
            "value": value,
            "match_type": match_type,
            "parent_id": healthy_group,
            "parent_type": "ad_group",
            "archived": False,
            "bid": None,
            "type": "keyword",
        }
        store.owner_of[keyword_id] = HEALTH_ACCOUNT_ID
        made.append(keyword_id)
    return made
