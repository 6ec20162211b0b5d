"""Deterministic demo data: the same ids and numbers on every run, times relative to ``store.now()``.

A new user with no Pinterest account gets a believable advertiser to try every tool on: a USD ad
account with campaigns of each objective (running, paused, archived, with real status histories so
analytics only accrue while things were ACTIVE), a EUR account, boards and organic Pins of each
media type (including one Pin without a link, which needs a destination_url to become an ad).
"""

from __future__ import annotations

from typing import Any

from .catalog import build_pin, iso, pin_metrics
from .entities import build_ad, build_ad_group, build_campaign
from .store import Entity, Store

DAY = 86_400

DEMO_USER_ID = "549755813888"
DEMO_USERNAME = "demo_home_garden"
PARTNER_USER_ID = "549755813999"
PARTNER_USERNAME = "demo_boutique_paris"

DEMO_ACCOUNT_ID = "549755885175"
EUR_ACCOUNT_ID = "549755885176"

# What a real account has beyond the demo's own promotable pins (appended: the ids above never change).
# A client's ad account shared with the demo user (Business Access): its pins belong to the client, so
# they are read with ?ad_account_id=; it is not in the labels beta.
CLIENT_USER_ID = "549755814000"
CLIENT_USERNAME = "demo_client_brand"
SHARED_ACCOUNT_ID = "549755885178"
CLIENT_BOARD_ID = "914862496349584104"
CLIENT_PIN_ID = "914862565068918009"  # the client's image pin, link
SECRET_BOARD_ID = "914862496349584105"  # the demo user's secret board
SECRET_PIN_ID = "914862565068918010"  # on the secret board: cannot be promoted
REPIN_PIN_ID = "914862565068918011"  # saved from another user (is_owner false, parent_pin_id): cannot be promoted
IDEA_PIN_ID = "914862565068918012"  # made in the Pinterest app: non-standard, creative_type IDEA, no link
UNPROMOTABLE_PIN_IDS = (SECRET_PIN_ID, REPIN_PIN_ID)
LABELS_BETA_ACCOUNTS = (DEMO_ACCOUNT_ID, EUR_ACCOUNT_ID)

# Interests the seeded ad groups target; the targeting resources serve at least these.
SEED_INTERESTS: dict[str, str] = {
    "924581335376": "Home decor",
    "918530398158": "Gardening",
    "935541271955": "DIY projects",
}
HOME_DECOR, GARDENING, DIY = "924581335376", "918530398158", "935541271955"

GARDEN_BOARD_ID = "914862496349584101"
LIVING_BOARD_ID = "914862496349584102"
DIY_BOARD_ID = "914862496349584103"
BOARD_IDS = (GARDEN_BOARD_ID, LIVING_BOARD_ID, DIY_BOARD_ID)

RAISED_BED_PIN_ID = "914862565068918001"  # image, link; the best performer
HERB_SPIRAL_PIN_ID = "914862565068918002"  # image, link
VIDEO_PIN_ID = "914862565068918003"  # video, link
CAROUSEL_PIN_ID = "914862565068918004"  # multiple_images, link
CUSHION_PIN_ID = "914862565068918005"  # image, link
NO_LINK_PIN_ID = "914862565068918006"  # image, link is null
PALLET_TABLE_PIN_ID = "914862565068918007"  # image, link
MACRAME_PIN_ID = "914862565068918008"  # image, link
IMAGE_PIN_ID = RAISED_BED_PIN_ID
BEST_PIN_ID = RAISED_BED_PIN_ID
PIN_IDS = (
    RAISED_BED_PIN_ID,
    HERB_SPIRAL_PIN_ID,
    VIDEO_PIN_ID,
    CAROUSEL_PIN_ID,
    CUSHION_PIN_ID,
    NO_LINK_PIN_ID,
    PALLET_TABLE_PIN_ID,
    MACRAME_PIN_ID,
)

# Account A campaigns.
AWARENESS_CAMPAIGN_ID = "626735565838"  # AWARENESS, CBO, daily cap, ACTIVE
CONSIDERATION_CBO_CAMPAIGN_ID = "626735565839"  # CONSIDERATION, CBO, lifetime cap, ends in 30 days, ACTIVE
VIDEO_CAMPAIGN_ID = "626735565840"  # VIDEO_COMPLETION, non-CBO, PAUSED 20 days ago
CONVERSION_CAMPAIGN_ID = "626735565841"  # WEB_CONVERSION, CBO, ACTIVE
TRAFFIC_CAMPAIGN_ID = "626735565842"  # CONSIDERATION, non-CBO, PAUSED 20 days ago
ARCHIVED_CAMPAIGN_ID = "626735565843"  # AWARENESS, non-CBO, ARCHIVED
EUR_CAMPAIGN_ID = "626735565850"  # account B: CONSIDERATION, non-CBO, ACTIVE
CAMPAIGN_IDS = (
    AWARENESS_CAMPAIGN_ID,
    CONSIDERATION_CBO_CAMPAIGN_ID,
    VIDEO_CAMPAIGN_ID,
    CONVERSION_CAMPAIGN_ID,
    TRAFFIC_CAMPAIGN_ID,
    ARCHIVED_CAMPAIGN_ID,
    EUR_CAMPAIGN_ID,
)
ACTIVE_CAMPAIGN_IDS = (AWARENESS_CAMPAIGN_ID, CONSIDERATION_CBO_CAMPAIGN_ID, CONVERSION_CAMPAIGN_ID)
PAUSED_CAMPAIGN_IDS = (VIDEO_CAMPAIGN_ID, TRAFFIC_CAMPAIGN_ID)

BRAND_LABEL_ID = "987612340001"  # BRAND "Demo Home & Garden": awareness, video, conversion campaigns
CUSTOM_LABEL_ID = "987612340002"  # CUSTOM "Spring 2025": awareness and consideration CBO campaigns
LABEL_IDS = (BRAND_LABEL_ID, CUSTOM_LABEL_ID)

# Fixed 90-day metrics of the seeded Pins: (impressions, saves, pin clicks, outbound clicks).
PIN_METRICS: dict[str, tuple[int, int, int, int]] = {
    RAISED_BED_PIN_ID: (48_200, 1_930, 2_410, 1_120),
    HERB_SPIRAL_PIN_ID: (21_400, 640, 980, 410),
    VIDEO_PIN_ID: (35_800, 720, 1_350, 530),
    CAROUSEL_PIN_ID: (27_900, 1_010, 1_620, 690),
    CUSHION_PIN_ID: (15_300, 420, 610, 260),
    NO_LINK_PIN_ID: (9_800, 510, 330, 0),
    PALLET_TABLE_PIN_ID: (18_700, 880, 940, 380),
    MACRAME_PIN_ID: (12_100, 530, 470, 190),
}


def _day_start(store: Store) -> int:
    """Midnight UTC of today: seeded times sit on day boundaries so daily analytics are clean."""
    return store.now() // DAY * DAY


def _history(store: Store, entity_id: str, steps: list[tuple[int, str]]) -> None:
    for at, status in steps:
        store.record_status(entity_id, status, at=at)


def _accounts(store: Store, today: int) -> None:
    created = today - 400 * DAY
    store.ad_accounts[DEMO_ACCOUNT_ID] = {
        "id": DEMO_ACCOUNT_ID,
        "name": "Demo Home & Garden (USD)",
        "owner": {"id": DEMO_USER_ID, "username": DEMO_USERNAME},
        "country": "US",
        "currency": "USD",
        "permissions": ["OWNER"],
        "created_time": created,
        "updated_time": created,
    }
    store.ad_accounts[EUR_ACCOUNT_ID] = {
        "id": EUR_ACCOUNT_ID,
        "name": "Demo Boutique (EUR)",
        "owner": {"id": PARTNER_USER_ID, "username": PARTNER_USERNAME},
        "country": "FR",
        "currency": "EUR",
        "permissions": ["ADMIN", "CAMPAIGN_MANAGER"],
        "created_time": created + 30 * DAY,
        "updated_time": created + 30 * DAY,
    }
    # Two logins: the demo business reaches every seeded account (None: all; the others are shared
    # with it); the boutique's own login reaches only its account.
    store.users[DEMO_USERNAME] = {"id": DEMO_USER_ID, "accounts": None}
    store.users[PARTNER_USERNAME] = {"id": PARTNER_USER_ID, "accounts": [EUR_ACCOUNT_ID]}


def _shared_account(store: Store, today: int) -> None:
    created = today - 200 * DAY
    store.ad_accounts[SHARED_ACCOUNT_ID] = {
        "id": SHARED_ACCOUNT_ID,
        "name": "Client Brand (shared)",
        "owner": {"id": CLIENT_USER_ID, "username": CLIENT_USERNAME},
        "country": "US",
        "currency": "USD",
        "permissions": ["CAMPAIGN_MANAGER"],
        "created_time": created,
        "updated_time": created,
    }


def _board(board_id: str, name: str, description: str, owner: str, privacy: str, age: int, today: int) -> Entity:
    return {
        "id": board_id,
        "name": name,
        "description": description,
        "owner": {"username": owner},
        "privacy": privacy,
        "created_at": iso(today - age * DAY),
        "board_pins_modified_at": iso(today - 100 * DAY),
        "collaborator_count": 0,
        "follower_count": 40 + age,
        "pin_count": 0,
        "is_ads_only": False,
        "media": {"image_cover_url": None, "pin_thumbnail_urls": []},
    }


def _real_world_pins(store: Store, today: int) -> None:
    """Pins a real account has that the demo's own do not show: a client's, a secret one, a repin, an Idea pin."""
    store.boards[CLIENT_BOARD_ID] = _board(CLIENT_BOARD_ID, "Client Brand Lookbook", "The client's products.",
                                           CLIENT_USERNAME, "PUBLIC", 180, today)
    store.boards[SECRET_BOARD_ID] = _board(SECRET_BOARD_ID, "Next season (secret)", "Ideas not shown yet.",
                                           DEMO_USERNAME, "SECRET", 90, today)
    rows: list[tuple[str, str, str, dict[str, Any]]] = [
        (CLIENT_PIN_ID, CLIENT_BOARD_ID, CLIENT_USERNAME,
         {"title": "Client Brand linen throw", "description": "A stonewashed linen throw.",
          "link": "https://client-brand.example.com/linen-throw", "image_key": "linen-throw"}),
        (SECRET_PIN_ID, SECRET_BOARD_ID, DEMO_USERNAME,
         {"title": "Autumn wreath (draft)", "description": "Dried flowers and eucalyptus.",
          "link": f"{_SITE}/autumn-wreath", "image_key": "autumn-wreath"}),
        (REPIN_PIN_ID, GARDEN_BOARD_ID, DEMO_USERNAME,
         {"title": "Vertical pallet garden", "description": "Saved from another gardener.",
          "link": "https://someone-else.example.org/pallet-garden", "image_key": "pallet-garden"}),
        (IDEA_PIN_ID, DIY_BOARD_ID, DEMO_USERNAME,
         {"title": "5 steps to a tiled splashback", "description": "An Idea pin made in the Pinterest app.",
          "link": None, "image_key": "splashback"}),
    ]
    for index, (pin_id, board_id, owner, row) in enumerate(rows):
        pin = build_pin(pin_id=pin_id, board_id=board_id, owner=owner, media_type="image",
                        created=today - (120 - index * 5) * DAY, **row)
        pin["pin_metrics"] = pin_metrics(6_000 + index * 500, saves=150, clicks=200, outbound=90)
        if pin_id == REPIN_PIN_ID:
            pin["is_owner"] = False
            pin["parent_pin_id"] = "914862565068900001"
        if pin_id == IDEA_PIN_ID:
            pin["is_standard"] = False
            pin["creative_type"] = "IDEA"
        store.pins[pin_id] = pin


def _boards(store: Store, today: int) -> None:
    rows = [
        (GARDEN_BOARD_ID, "Spring Garden Ideas", "Raised beds, herbs and balcony planters.", 300),
        (LIVING_BOARD_ID, "Cozy Living Room", "Warm, layered living room looks.", 280),
        (DIY_BOARD_ID, "DIY Weekend Projects", "Small builds you can finish in a weekend.", 260),
    ]
    for board_id, name, description, age in rows:
        store.boards[board_id] = {
            "id": board_id,
            "name": name,
            "description": description,
            "owner": {"username": DEMO_USERNAME},
            "privacy": "PUBLIC",
            "created_at": iso(today - age * DAY),
            "board_pins_modified_at": iso(today - 130 * DAY),
            "collaborator_count": 0,
            "follower_count": 150 + age,
            "pin_count": 0,
            "is_ads_only": False,
            "media": {"image_cover_url": None, "pin_thumbnail_urls": []},
        }


_SITE = "https://demo-home-garden.example.com"


def _pins(store: Store, today: int) -> None:
    rows: list[dict[str, Any]] = [
        {
            "pin_id": RAISED_BED_PIN_ID,
            "board_id": GARDEN_BOARD_ID,
            "title": "Cedar raised garden bed in a weekend",
            "description": "Build a 4x8 cedar raised bed for vegetables and herbs.",
            "link": f"{_SITE}/raised-garden-bed",
            "media_type": "image",
            "image_key": "raised-bed",
        },
        {
            "pin_id": HERB_SPIRAL_PIN_ID,
            "board_id": GARDEN_BOARD_ID,
            "title": "Herb spiral for small gardens",
            "description": "A stone herb spiral that fits in any sunny corner.",
            "link": f"{_SITE}/herb-spiral",
            "media_type": "image",
            "image_key": "herb-spiral",
        },
        {
            "pin_id": VIDEO_PIN_ID,
            "board_id": GARDEN_BOARD_ID,
            "title": "Balcony planter makeover (video)",
            "description": "Watch a bare balcony turn into a lush planter garden in 15 seconds.",
            "link": f"{_SITE}/balcony-planters",
            "media_type": "video",
            "image_key": "balcony-video",
        },
        {
            "pin_id": CAROUSEL_PIN_ID,
            "board_id": LIVING_BOARD_ID,
            "title": "Living room refresh: 3 looks",
            "description": "Swipe through three cozy living room refresh ideas.",
            "link": f"{_SITE}/living-room-refresh",
            "media_type": "multiple_images",
            "image_key": "living-carousel",
            "items": [
                {"title": "Warm neutrals", "link": f"{_SITE}/living-room-refresh#neutrals"},
                {"title": "Green accents", "link": f"{_SITE}/living-room-refresh#green"},
                {"title": "Layered textiles", "link": f"{_SITE}/living-room-refresh#textiles"},
            ],
        },
        {
            "pin_id": CUSHION_PIN_ID,
            "board_id": LIVING_BOARD_ID,
            "title": "Boho cushion set",
            "description": "Hand-woven cushion covers in terracotta and sage.",
            "link": f"{_SITE}/boho-cushions",
            "media_type": "image",
            "image_key": "boho-cushions",
        },
        {
            "pin_id": NO_LINK_PIN_ID,
            "board_id": DIY_BOARD_ID,
            "title": "Paint a feature wall like a pro",
            "description": "Tape, cut in, roll: the three steps to a crisp feature wall.",
            "link": None,
            "media_type": "image",
            "image_key": "feature-wall",
        },
        {
            "pin_id": PALLET_TABLE_PIN_ID,
            "board_id": DIY_BOARD_ID,
            "title": "Pallet coffee table",
            "description": "Turn two pallets into a rustic coffee table on castors.",
            "link": f"{_SITE}/pallet-coffee-table",
            "media_type": "image",
            "image_key": "pallet-table",
        },
        {
            "pin_id": MACRAME_PIN_ID,
            "board_id": DIY_BOARD_ID,
            "title": "Macrame plant hanger",
            "description": "An easy macrame hanger for trailing plants.",
            "link": f"{_SITE}/macrame-hanger",
            "media_type": "image",
            "image_key": "macrame",
        },
    ]
    for index, row in enumerate(rows):
        pin = build_pin(owner=DEMO_USERNAME, created=today - (200 - index * 5) * DAY, **row)
        impressions, saves, clicks, outbound = PIN_METRICS[pin["id"]]
        pin["pin_metrics"] = pin_metrics(impressions, saves=saves, clicks=clicks, outbound=outbound)
        store.pins[pin["id"]] = pin


def _targeting(locations: list[str], interests: list[str], ages: list[str] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"LOCATION": locations, "INTEREST": interests, "LOCALE": ["en-US"]}
    if ages:
        spec["AGE_BUCKET"] = ages
    spec["GENDER"] = ["female", "male"]
    return spec


def _ad_group_id(campaign_id: str, index: int) -> str:
    return str(int(campaign_id) * 10 + index)  # 13 digits, never collides with store.new_id()


def _ad_id(group_id: str, index: int) -> str:
    return str(int(group_id) * 10 + index)


def _add_tree(
    store: Store,
    campaign_fields: dict[str, Any],
    groups: list[tuple[dict[str, Any], list[tuple[str, str, str | None]]]],
    *,
    campaign_id: str,
    account_id: str,
    created: int,
    history: list[tuple[int, str]],
) -> None:
    """A campaign, its ad groups and their ads, all sharing one status history."""
    final_status = history[-1][1]
    campaign = build_campaign(
        {**campaign_fields, "status": final_status},
        entity_id=campaign_id,
        ad_account_id=account_id,
        now=created,
    )
    campaign["updated_time"] = history[-1][0]
    store.campaigns[campaign_id] = campaign
    _history(store, campaign_id, history)
    for group_index, (group_fields, ads) in enumerate(groups, start=1):
        group_id = _ad_group_id(campaign_id, group_index)
        group = build_ad_group(
            {**group_fields, "status": final_status}, entity_id=group_id, campaign=campaign, now=created
        )
        group["updated_time"] = history[-1][0]
        store.ad_groups[group_id] = group
        _history(store, group_id, history)
        for ad_index, (pin_id, creative_type, name) in enumerate(ads, start=1):
            ad_id = _ad_id(group_id, ad_index)
            pin = store.pins[pin_id]
            fields: dict[str, Any] = {
                "pin_id": pin_id,
                "creative_type": creative_type,
                "name": name,
                "status": final_status,
            }
            if pin["link"] is None:
                fields["destination_url"] = f"{_SITE}/feature-wall-kit"
            ad = build_ad(fields, entity_id=ad_id, group=group, now=created)
            ad["updated_time"] = history[-1][0]
            store.ads[ad_id] = ad
            pin["has_been_promoted"] = True
            _history(store, ad_id, history)


def _campaigns(store: Store, today: int) -> None:
    long_ago = today - 120 * DAY
    paused_at = today - 20 * DAY
    ages = ["25-34", "35-44", "45-49", "50-54"]
    _add_tree(
        store,
        {
            "name": "Spring Garden Awareness",
            "objective_type": "AWARENESS",
            "is_campaign_budget_optimization": True,
            "daily_spend_cap": 50_000_000,
            "start_time": long_ago,
        },
        [
            (
                {
                    "name": "US gardeners 25-54",
                    "billable_event": "IMPRESSION",
                    "bid_in_micro_currency": 2_500_000,
                    "targeting_spec": _targeting(["US"], [GARDENING], ages),
                },
                [
                    (RAISED_BED_PIN_ID, "REGULAR", "Raised bed - awareness"),
                    (HERB_SPIRAL_PIN_ID, "REGULAR", "Herb spiral - awareness"),
                ],
            ),
            (
                {
                    "name": "Home decor lovers US+CA",
                    "billable_event": "IMPRESSION",
                    "bid_in_micro_currency": 2_000_000,
                    "targeting_spec": _targeting(["US", "CA"], [HOME_DECOR]),
                },
                [(CUSHION_PIN_ID, "REGULAR", "Cushions - awareness")],
            ),
        ],
        campaign_id=AWARENESS_CAMPAIGN_ID,
        account_id=DEMO_ACCOUNT_ID,
        created=long_ago,
        history=[(long_ago, "ACTIVE")],
    )
    started = today - 60 * DAY
    _add_tree(
        store,
        {
            "name": "Living Room Refresh - Consideration",
            "objective_type": "CONSIDERATION",
            "is_campaign_budget_optimization": True,
            "lifetime_spend_cap": 3_000_000_000,
            "start_time": started,
            "end_time": today + 30 * DAY,
        },
        [
            (
                {
                    "name": "Decor fans US",
                    "billable_event": "CLICKTHROUGH",
                    "bid_in_micro_currency": 800_000,
                    "targeting_spec": _targeting(["US"], [HOME_DECOR], ["25-34", "35-44"]),
                },
                [
                    (CAROUSEL_PIN_ID, "CAROUSEL", "Living room carousel"),
                    (CUSHION_PIN_ID, "REGULAR", "Cushions - consideration"),
                ],
            ),
        ],
        campaign_id=CONSIDERATION_CBO_CAMPAIGN_ID,
        account_id=DEMO_ACCOUNT_ID,
        created=started,
        history=[(started, "ACTIVE")],
    )
    _add_tree(
        store,
        {"name": "Balcony Planter Video Views", "objective_type": "VIDEO_COMPLETION", "start_time": long_ago},
        [
            (
                {
                    "name": "Urban gardeners",
                    "billable_event": "VIDEO_V_50_MRC",
                    "budget_in_micro_currency": 20_000_000,
                    "targeting_spec": _targeting(["US", "GB"], [GARDENING, DIY]),
                },
                [(VIDEO_PIN_ID, "VIDEO", "Balcony planter video")],
            ),
        ],
        campaign_id=VIDEO_CAMPAIGN_ID,
        account_id=DEMO_ACCOUNT_ID,
        created=long_ago,
        history=[(long_ago, "ACTIVE"), (paused_at, "PAUSED")],
    )
    conv_start = today - 90 * DAY
    _add_tree(
        store,
        {
            "name": "Garden Shop Conversions",
            "objective_type": "WEB_CONVERSION",
            "is_campaign_budget_optimization": True,
            "daily_spend_cap": 80_000_000,
            "start_time": conv_start,
        },
        [
            (
                {
                    "name": "Checkout - gardeners",
                    "billable_event": "IMPRESSION",
                    "optimization_goal_metadata": {
                        "conversion_tag_v3_goal_metadata": {
                            "conversion_tag_id": "2613286171854",
                            "conversion_event": "CHECKOUT",
                            "cpa_goal_value_in_micro_currency": "15000000",
                            "is_roas_optimized": False,
                            "attribution_windows": {
                                "click_window_days": 30,
                                "engagement_window_days": 30,
                                "view_window_days": 1,
                            },
                        }
                    },
                    "targeting_spec": _targeting(["US"], [GARDENING, HOME_DECOR], ages),
                },
                [
                    (RAISED_BED_PIN_ID, "REGULAR", "Raised bed - shop"),
                    (PALLET_TABLE_PIN_ID, "REGULAR", "Pallet table - shop"),
                ],
            ),
        ],
        campaign_id=CONVERSION_CAMPAIGN_ID,
        account_id=DEMO_ACCOUNT_ID,
        created=conv_start,
        history=[(conv_start, "ACTIVE")],
    )
    _add_tree(
        store,
        {"name": "DIY Projects Traffic", "objective_type": "CONSIDERATION", "start_time": long_ago},
        [
            (
                {
                    "name": "DIY fans US",
                    "billable_event": "CLICKTHROUGH",
                    "budget_in_micro_currency": 15_000_000,
                    "bid_in_micro_currency": 600_000,
                    "targeting_spec": _targeting(["US"], [DIY]),
                },
                [
                    (PALLET_TABLE_PIN_ID, "REGULAR", "Pallet table - traffic"),
                    (NO_LINK_PIN_ID, "REGULAR", "Feature wall - traffic"),
                ],
            ),
            (
                {
                    "name": "DIY fans UK",
                    "billable_event": "CLICKTHROUGH",
                    "budget_in_micro_currency": 8_000_000,
                    "bid_in_micro_currency": 500_000,
                    "targeting_spec": _targeting(["GB"], [DIY]),
                },
                [(MACRAME_PIN_ID, "REGULAR", "Macrame - traffic UK")],
            ),
        ],
        campaign_id=TRAFFIC_CAMPAIGN_ID,
        account_id=DEMO_ACCOUNT_ID,
        created=long_ago,
        history=[(long_ago, "ACTIVE"), (paused_at, "PAUSED")],
    )
    archived_end = today - 80 * DAY
    _add_tree(
        store,
        {
            "name": "Winter Clearance",
            "objective_type": "AWARENESS",
            "start_time": long_ago,
            "end_time": archived_end,
        },
        [
            (
                {
                    "name": "Winter shoppers",
                    "billable_event": "IMPRESSION",
                    "budget_in_micro_currency": 10_000_000,
                    "bid_in_micro_currency": 1_500_000,
                    "targeting_spec": _targeting(["US"], [HOME_DECOR]),
                },
                [(MACRAME_PIN_ID, "REGULAR", "Macrame - winter")],
            ),
        ],
        campaign_id=ARCHIVED_CAMPAIGN_ID,
        account_id=DEMO_ACCOUNT_ID,
        created=long_ago,
        history=[(long_ago, "ACTIVE"), (archived_end, "ARCHIVED")],
    )
    eur_start = today - 30 * DAY
    _add_tree(
        store,
        {"name": "Boutique Launch", "objective_type": "CONSIDERATION", "start_time": eur_start},
        [
            (
                {
                    "name": "Decor FR+DE",
                    "billable_event": "CLICKTHROUGH",
                    "budget_in_micro_currency": 10_000_000,
                    "bid_in_micro_currency": 500_000,
                    "targeting_spec": {
                        "LOCATION": ["FR", "DE"],
                        "INTEREST": [HOME_DECOR],
                        "GENDER": ["female"],
                    },
                },
                [(CUSHION_PIN_ID, "REGULAR", "Cushions - boutique")],
            ),
        ],
        campaign_id=EUR_CAMPAIGN_ID,
        account_id=EUR_ACCOUNT_ID,
        created=eur_start,
        history=[(eur_start, "ACTIVE")],
    )


def _labels(store: Store) -> None:
    from .labels import add_label

    add_label(
        store,
        DEMO_ACCOUNT_ID,
        label_id=BRAND_LABEL_ID,
        value="Demo Home & Garden",
        label_type="BRAND",
        campaign_ids=[AWARENESS_CAMPAIGN_ID, VIDEO_CAMPAIGN_ID, CONVERSION_CAMPAIGN_ID],
    )
    add_label(
        store,
        DEMO_ACCOUNT_ID,
        label_id=CUSTOM_LABEL_ID,
        value="Spring 2025",
        label_type="CUSTOM",
        campaign_ids=[AWARENESS_CAMPAIGN_ID, CONSIDERATION_CBO_CAMPAIGN_ID],
    )


def seed(store: Store) -> None:
    """Fill an empty store with the demo advertiser. Same ids and numbers every run."""
    today = _day_start(store)
    _accounts(store, today)
    _boards(store, today)
    _pins(store, today)
    _campaigns(store, today)
    _labels(store)
    from .seed_health import seed_health

    seed_health(store, today)
    _shared_account(store, today)
    _real_world_pins(store, today)


def seeded_entities(store: Store) -> dict[str, Entity]:
    """Every seeded campaign, ad group and ad by id (handy for tests)."""
    return {**store.campaigns, **store.ad_groups, **store.ads}
