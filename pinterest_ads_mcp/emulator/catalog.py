"""The organic side and the accounts: user account, ad accounts, boards, pins and pin search.

These are what a person browses before promoting something: which ad accounts the token reaches,
and which organic Pins (image, video, carousel) exist to turn into ads. Pins carry deterministic
metrics (``pin_metrics=true``) so a model can pick the best performer the same way on every run.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from .http import ApiError, emulator_of, invalid, not_found
from .params import ad_account_or_404, bool_param, check_id, enum_list, paginate
from .schema import CREATIVE_TYPES
from .store import Entity, Store

CDN = "https://i.pinimg.com"
_IMAGE_SIZES = (("150x150", 150, 150), ("400x300", 400, 300), ("600x", 600, 900), ("1200x", 1200, 1800))
CREATIVE_FOR_MEDIA = {"image": "REGULAR", "video": "VIDEO", "multiple_images": "CAROUSEL"}


def iso(ts: int) -> str:
    """Pinterest's date-time strings (UTC, seconds precision)."""
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def images(key: str) -> dict[str, dict[str, Any]]:
    """The ImageSize map of one picture, with stable CDN-like URLs."""
    return {
        name: {"width": width, "height": height, "url": f"{CDN}/{name}/{key}.jpg"}
        for name, width, height in _IMAGE_SIZES
    }


def build_pin(
    *,
    pin_id: str,
    board_id: str,
    owner: str,
    title: str,
    description: str,
    link: str | None,
    media_type: str,
    created: int,
    image_key: str,
    items: list[dict[str, Any]] | None = None,
    dominant_color: str = "#6E7874",
    alt_text: str | None = None,
) -> Entity:
    """A complete Pin dict. ``media_type`` is image | video | multiple_images."""
    media: dict[str, Any]
    if media_type == "image":
        media = {"media_type": "image", "images": images(image_key)}
    elif media_type == "video":
        media = {
            "media_type": "video",
            "images": images(image_key),
            "cover_image_url": f"{CDN}/videos/thumbnails/originals/{image_key}.jpg",
            "video_url": f"https://v1.pinimg.com/videos/mc/720p/{image_key}.mp4",
            "duration": 15000,
            "height": 1920,
            "width": 1080,
        }
    elif media_type == "multiple_images":
        media = {
            "media_type": "multiple_images",
            "items": [
                {
                    "item_type": "image",
                    "images": images(f"{image_key}-{index}"),
                    "title": item.get("title"),
                    "link": item.get("link"),
                }
                for index, item in enumerate(items or [])
            ],
        }
    else:
        raise ValueError(f"unsupported media_type {media_type!r}")
    return {
        "id": pin_id,
        "created_at": iso(created),
        "link": link,
        "title": title,
        "description": description,
        "alt_text": alt_text,
        "dominant_color": dominant_color,
        "board_id": board_id,
        "board_section_id": None,
        "board_owner": {"username": owner},
        "creative_type": CREATIVE_FOR_MEDIA[media_type],
        "has_been_promoted": False,
        "is_owner": True,
        "is_standard": True,
        "media": media,
        "parent_pin_id": None,
        "pin_metrics": None,
    }


def metrics_for(pin_id: str) -> dict[str, dict[str, int]]:
    """Deterministic 90-day and lifetime metrics for a Pin the seed did not fix."""
    seed = zlib.crc32(pin_id.encode())
    impressions = 2_000 + seed % 40_000
    return pin_metrics(
        impressions, saves=impressions // 40, clicks=impressions // 25, outbound=impressions // 60
    )


def pin_metrics(impressions: int, *, saves: int, clicks: int, outbound: int) -> dict[str, dict[str, int]]:
    """The ``pin_metrics`` object from 90-day numbers; lifetime numbers are derived from them."""
    recent = {
        "impression": impressions,
        "save": saves,
        "pin_click": clicks,
        "outbound_click": outbound,
        "clickthrough": outbound,
    }
    lifetime = {name: value * 3 + value // 2 for name, value in recent.items()}
    lifetime.update({"reaction": saves // 2, "comment": saves // 10})
    return {"90d": recent, "lifetime_metrics": lifetime}


def pin_view(pin: Entity, with_metrics: bool) -> Entity:
    """A Pin as answered: ``pin_metrics`` only when asked for, as Pinterest does."""
    view = dict(pin)
    if with_metrics:
        view["pin_metrics"] = pin.get("pin_metrics") or metrics_for(pin["id"])
    else:
        view["pin_metrics"] = None
    return view


def user_account(store: Store, username: str | None = None) -> Entity:
    """The token's user (the demo business unless the token belongs to another login): a business
    account whose counts follow the store (its own boards and pins)."""
    from .seed import DEMO_USER_ID, DEMO_USERNAME

    username = username or DEMO_USERNAME
    own_boards = {b["id"] for b in store.boards.values() if (b.get("owner") or {}).get("username") == username}
    return {
        "account_type": "BUSINESS",
        "id": store.users.get(username, {}).get("id", DEMO_USER_ID),
        "username": username,
        "business_name": "Demo Home & Garden Co.",
        "about": "Garden, home decor and DIY ideas (Pinterest Ads MCP emulator demo account).",
        "profile_image": f"{CDN}/75x75_RS/demo/profile.jpg",
        "website_url": "https://demo-home-garden.example.com",
        "board_count": len(own_boards),
        "pin_count": sum(1 for pin in store.pins.values() if pin["board_id"] in own_boards),
        "follower_count": 1280,
        "following_count": 87,
        "monthly_views": 45200,
    }


# -- handlers ----------------------------------------------------------------------------------------
def _store(request: Request) -> Store:
    return emulator_of(request).store


def _login(request: Request) -> str | None:
    """The Pinterest login the bearer token belongs to (None: the demo token, which reaches all)."""
    return request.scope.get("state", {}).get("emulator_user")


def _optional_account(request: Request) -> None:
    raw = request.query_params.get("ad_account_id")
    if raw is not None:
        ad_account_or_404(_store(request), raw)


def operating_user(request: Request) -> str:
    """Whose boards and pins a request sees (Business Access, spec text on ``GET /pins``).

    Without ``ad_account_id`` the token's own user; with it, the owner of that ad account, so an
    agency reads its client's pins. The sandbox has no Business Access.
    """
    from .seed import DEMO_USERNAME

    raw = request.query_params.get("ad_account_id")
    if raw is None:
        return _login(request) or DEMO_USERNAME
    if emulator_of(request).config.sandbox:
        raise invalid("Business Access (ad_account_id) is not available in the sandbox.")
    account = ad_account_or_404(_store(request), raw)
    return str((account.get("owner") or {}).get("username") or DEMO_USERNAME)


def _owned_by(board: Entity, username: str) -> bool:
    return (board.get("owner") or {}).get("username") == username


def _visible_pins(store: Store, username: str) -> list[Entity]:
    boards = {b["id"] for b in store.boards.values() if _owned_by(b, username)}
    return [pin for pin in store.pins.values() if pin["board_id"] in boards]


async def get_user_account(request: Request) -> JSONResponse:
    _optional_account(request)
    return JSONResponse(user_account(_store(request), _login(request)))


async def list_ad_accounts(request: Request) -> JSONResponse:
    from .seed import DEMO_USER_ID

    store = _store(request)
    shared = bool_param(request, "include_shared_accounts", True)
    login = _login(request)
    me = store.users[login]["id"] if login else DEMO_USER_ID
    found = [
        account
        for account in store.ad_accounts.values()
        if (shared or (account.get("owner") or {}).get("id") == me)
        and (login is None or store.users[login]["accounts"] is None
             or account["id"] in store.users[login]["accounts"])
    ]
    return JSONResponse(paginate(request, found))


async def get_ad_account(request: Request) -> JSONResponse:
    return JSONResponse(ad_account_or_404(_store(request), request.path_params["ad_account_id"]))


def _board_view(store: Store, board: Entity) -> Entity:
    pins = [pin for pin in store.pins.values() if pin["board_id"] == board["id"]]
    view = dict(board)
    view["pin_count"] = len(pins)
    thumbs = [pin["media"]["images"]["150x150"]["url"] for pin in pins if "images" in pin["media"]]
    view["media"] = {"image_cover_url": thumbs[0] if thumbs else None, "pin_thumbnail_urls": thumbs[:5]}
    return view


async def list_boards(request: Request) -> JSONResponse:
    store = _store(request)
    username = operating_user(request)
    privacy = request.query_params.get("privacy")
    if privacy is not None and privacy not in ("ALL", "PUBLIC", "PROTECTED", "SECRET", "PUBLIC_AND_SECRET"):
        raise invalid(f"Invalid privacy: {privacy!r}.")
    wanted = {
        None: ("PUBLIC", "PROTECTED", "SECRET"),
        "ALL": ("PUBLIC", "PROTECTED", "SECRET"),
        "PUBLIC_AND_SECRET": ("PUBLIC", "SECRET"),
    }.get(privacy, (privacy,))
    found = [
        _board_view(store, board)
        for board in store.boards.values()
        if board["privacy"] in wanted and _owned_by(board, username)
    ]
    return JSONResponse(paginate(request, found))


def _board_or_404(store: Store, board_id: str, username: str) -> Entity:
    check_id(board_id, "board_id")
    board = store.boards.get(board_id)
    if board is None or not _owned_by(board, username):
        raise not_found("Board")
    return board


async def get_board(request: Request) -> JSONResponse:
    store = _store(request)
    username = operating_user(request)
    return JSONResponse(_board_view(store, _board_or_404(store, request.path_params["board_id"], username)))


def _creative_filter(request: Request) -> list[str] | None:
    if "creative_types" not in request.query_params:
        return None
    return enum_list(request, "creative_types", CREATIVE_TYPES, [])


def _pin_page(request: Request, pins: list[Entity]) -> JSONResponse:
    creative = _creative_filter(request)
    if creative is not None:
        pins = [pin for pin in pins if pin.get("creative_type") in creative]
    with_metrics = bool_param(request, "pin_metrics", False)
    page = paginate(request, pins)
    page["items"] = [pin_view(pin, with_metrics) for pin in page["items"]]
    return JSONResponse(page)


async def list_board_pins(request: Request) -> JSONResponse:
    store = _store(request)
    board = _board_or_404(store, request.path_params["board_id"], operating_user(request))
    return _pin_page(request, [pin for pin in store.pins.values() if pin["board_id"] == board["id"]])


async def list_pins(request: Request) -> JSONResponse:
    store = _store(request)
    username = operating_user(request)
    pin_filter = request.query_params.get("pin_filter")
    if pin_filter is not None and pin_filter not in ("exclude_native", "exclude_repins", "has_been_promoted"):
        raise invalid(f"Invalid pin_filter: {pin_filter!r}.")
    pin_type = request.query_params.get("pin_type")
    if pin_type is not None and pin_type != "PRIVATE":
        raise invalid(f"Invalid pin_type: {pin_type!r} (expected PRIVATE).")
    bool_param(request, "include_protected_pins", False)
    pins = _visible_pins(store, username)
    if pin_filter == "has_been_promoted":
        pins = [pin for pin in pins if pin.get("has_been_promoted")]
    elif pin_filter == "exclude_repins":
        pins = [pin for pin in pins if pin.get("parent_pin_id") is None]
    elif pin_filter == "exclude_native":
        pins = [pin for pin in pins if pin.get("parent_pin_id") is not None]
    return _pin_page(request, pins)


async def get_pin(request: Request) -> JSONResponse:
    store = _store(request)
    username = operating_user(request)
    pin_id = check_id(request.path_params["pin_id"], "pin_id")
    pin = store.pins.get(pin_id)
    board = store.boards.get(pin["board_id"]) if pin is not None else None
    if pin is None or board is None or not _owned_by(board, username):
        raise not_found("Pin")
    return JSONResponse(pin_view(pin, bool_param(request, "pin_metrics", False)))


def _matches(pin: Entity, board: Entity | None, words: list[str]) -> bool:
    haystack = " ".join(
        str(value or "")
        for value in (
            pin.get("title"),
            pin.get("description"),
            pin.get("alt_text"),
            board and board.get("name"),
        )
    ).lower()
    return all(word in haystack for word in words)


async def search_pins(request: Request) -> JSONResponse:
    store = _store(request)
    if emulator_of(request).config.sandbox:
        raise ApiError(404, 404, "Pin search is not available in the sandbox.")
    username = operating_user(request)
    query = request.query_params.get("query")
    if query is None or not query.strip():
        raise invalid("Missing required parameter query.")
    words = query.lower().split()
    found = [
        pin for pin in _visible_pins(store, username) if _matches(pin, store.boards.get(pin["board_id"]), words)
    ]
    page = paginate(request, found, size=25)
    page["items"] = [pin_view(pin, False) for pin in page["items"]]
    return JSONResponse(page)


def routes() -> list[BaseRoute]:
    """Account, board, pin and search routes, relative to /v5."""
    return [
        Route("/user_account", get_user_account, methods=["GET"]),
        Route("/ad_accounts", list_ad_accounts, methods=["GET"]),
        Route("/ad_accounts/{ad_account_id:digits}", get_ad_account, methods=["GET"]),
        Route("/boards", list_boards, methods=["GET"]),
        Route("/boards/{board_id:digits}", get_board, methods=["GET"]),
        Route("/boards/{board_id:digits}/pins", list_board_pins, methods=["GET"]),
        Route("/pins", list_pins, methods=["GET"]),
        Route("/pins/{pin_id:digits}", get_pin, methods=["GET"]),
        Route("/search/pins", search_pins, methods=["GET"]),
    ]
