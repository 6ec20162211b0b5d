"""Creating organic Pins: the spec's ``pins/create`` (``POST /pins``).

A Pin is made on one of the user's boards from a media source. The emulator takes the image kinds a
person can hand over as a link (``image_url``) and answers 201 with the complete Pin, an image Pin
(creative type REGULAR) that can be promoted at once. Bodies are checked against ``PinCreate``:
``board_id`` must name a board, ``title`` is at most 100 characters, ``description`` 800, ``link``
2048, and the media source needs its ``source_type`` and ``url``.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlparse

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from .catalog import build_pin, pin_view
from .http import emulator_of, invalid, json_body
from .params import ad_account_or_404
from .schema import F, check_object

_CREATE_FIELDS = {
    "board_id": F("str", pattern=r"^\d+$"),
    "board_section_id": F("str", nullable=True, pattern=r"^\d+$"),
    "title": F("str", nullable=True, max_len=100),
    "description": F("str", nullable=True, max_len=800),
    "link": F("str", nullable=True, max_len=2048),
    "alt_text": F("str", nullable=True, max_len=500),
    "media_source": F("obj"),
}
_MEDIA = {"source_type": F("str"), "url": F("str")}
SUPPORTED_SOURCES = ("image_url",)


async def create_pin(request: Request) -> JSONResponse:
    emulator = emulator_of(request)
    store = emulator.store
    raw_account = request.query_params.get("ad_account_id")
    if raw_account is not None:
        ad_account_or_404(store, raw_account)
    body = check_object(await json_body(request), _CREATE_FIELDS, ("board_id", "media_source"), "body")
    media = check_object(body["media_source"], _MEDIA, ("source_type",), "body.media_source")
    if media["source_type"] not in SUPPORTED_SOURCES:
        raise invalid(f"media_source.source_type {media['source_type']!r} is not supported here "
                      f"(use one of {', '.join(SUPPORTED_SOURCES)}).")
    url = media.get("url")
    if not isinstance(url, str) or urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
        raise invalid("media_source.url must be an http(s) URL of an image.")
    board = store.boards.get(body["board_id"])
    if board is None:
        raise invalid(f"Board {body['board_id']} not found or not writable by this user.")
    from .seed import DEMO_USERNAME

    pin = build_pin(pin_id=store.new_id(), board_id=board["id"], owner=DEMO_USERNAME, title=body.get("title") or "",
                    description=body.get("description") or "", link=body.get("link"), media_type="image",
                    created=store.now(), image_key=hashlib.sha1(url.encode()).hexdigest()[:16],
                    alt_text=body.get("alt_text"))
    store.pins[pin["id"]] = pin
    if raw_account is not None:
        store.owner_of[pin["id"]] = raw_account
    return JSONResponse(pin_view(pin, False), status_code=201)


def routes() -> list[BaseRoute]:
    """Pin writes, relative to /v5."""
    return [Route("/pins", create_pin, methods=["POST"])]
