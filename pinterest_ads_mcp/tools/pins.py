"""list_pins: the organic pins a person can promote, and what each can be promoted for."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from ..pinterest.errors import MissingScope, PinterestError
from ..pinterest.models import Pin
from .entities import AccountArg
from .support.common import (
    ID_PATTERN,
    READ_LIMIT_DEFAULT,
    READ_LIMIT_MAX,
    InputError,
    resolve_account_id,
    tool_errors,
)
from .support.progress import reporter
from .support.runtime import Runtime, runtime

Goal = Literal["awareness", "traffic", "video_views"]

# Pin media type -> the ad creative type Pinterest expects for it (managing-ads guide).
CREATIVE_FOR_MEDIA = {"image": "REGULAR", "video": "VIDEO", "multiple_images": "CAROUSEL", "multiple_videos": "CAROUSEL",
                      "multiple_mixed": "CAROUSEL"}
# How many of a person's pins a search falls back to reading when search itself is not available.
SEARCH_FALLBACK_PINS = 1000
SEARCH_SCOPES_NOTE = (
    "pin search needs the pins:read_secret and boards:read_secret scopes, which this token lacks: "
    "searched the titles and descriptions of your first {n} pins instead (run `pinterest-ads-mcp auth` "
    "again to use Pinterest's search)"
)
SANDBOX_SEARCH_NOTE = ("Pinterest's sandbox has no pin search: searched the titles and descriptions of your "
                       "first {n} pins instead")


def is_idea_pin(pin: Pin) -> bool:
    """A non-standard (Idea) pin, often made in the Pinterest app: promoted only as creative type IDEA."""
    return pin.is_standard is False or (pin.creative_type or "").upper() == "IDEA"


def creative_for(pin: Pin) -> str | None:
    """The ad creative type for a pin: its own type first (an Idea pin is IDEA), then its media."""
    if is_idea_pin(pin):
        return "IDEA"
    return CREATIVE_FOR_MEDIA.get(pin.media_type or "")


def blocked_because(pin: Pin, secret_boards: set[str] | frozenset[str] = frozenset()) -> str | None:
    """Why Pinterest will not promote this pin at all (None when it can be promoted)."""
    if pin.is_owner is False or pin.parent_pin_id:
        return "it was saved from someone else's pin (a repin); only your own pins can be promoted"
    if pin.board_id and pin.board_id in secret_boards:
        return "it is on a secret board; move it to a public board to promote it"
    return None


def promotable_goals(pin: Pin, secret_boards: set[str] | frozenset[str] = frozenset()) -> tuple[list[Goal], list[str]]:
    """The boost goals a pin supports, and the reasons for the ones it does not.

    Repins and pins on secret boards support none. Traffic sends people to the pin's link, so it
    needs one (an Idea pin never has one); video views need a video.
    """
    blocked = blocked_because(pin, secret_boards)
    if blocked is not None:
        return [], [f"cannot be promoted: {blocked}"]
    goals: list[Goal] = []
    reasons: list[str] = []
    media = pin.media_type
    if creative_for(pin) is None:
        return [], [f"media type {media or 'unknown'} cannot be promoted through this server"]
    goals.append("awareness")
    if pin.link:
        goals.append("traffic")
    elif is_idea_pin(pin):
        reasons.append("traffic needs a destination link and this Idea pin has none (pass destination_url; "
                       "an Idea pin is promoted as creative type IDEA and always needs one)")
    else:
        reasons.append("traffic needs a destination link and this pin has none (pass destination_url)")
    if media == "video" and not is_idea_pin(pin):
        goals.append("video_views")
    else:
        reasons.append("video_views needs a video pin")
    return goals, reasons


class PinSummary(BaseModel):
    id: str
    title: str | None
    link: str | None = Field(description="Where the pin sends people; None when it has no link")
    board_id: str | None
    media_type: str | None = Field(description="image, video or multiple_images (carousel)")
    creative_type: str | None = Field(description="Ad creative type a boost of this pin would use (IDEA for Idea pins)")
    promotable_goals: list[Goal] = Field(description="Goals boost_pin accepts for this pin (empty: cannot be promoted)")
    not_promotable_because: list[str] = Field(default_factory=list)
    created: str | None = None


class PinsResult(BaseModel):
    environment: str
    count: int
    truncated: bool
    pins: list[PinSummary]
    notes: list[str] = Field(default_factory=list, description="How the list was made when it differs from asked")


def pin_summary(pin: Pin, secret_boards: set[str] | frozenset[str] = frozenset()) -> PinSummary:
    goals, reasons = promotable_goals(pin, secret_boards)
    return PinSummary(
        id=pin.id, title=pin.title, link=pin.link, board_id=pin.board_id, media_type=pin.media_type,
        creative_type=creative_for(pin), promotable_goals=goals,
        not_promotable_because=reasons, created=pin.created_at,
    )


async def business_account(rt: Runtime, ad_account_id: str | None) -> str | None:
    """The ad account to read organic content through (Business Access), or None for the token's own.

    Only a shared account (the token's user is not its OWNER) changes whose pins are read; the
    sandbox has no Business Access.
    """
    if not ad_account_id or rt.environment == "sandbox":
        return None
    account = await rt.account(ad_account_id)
    return None if "OWNER" in account.permissions else ad_account_id


async def secret_board_ids(rt: Runtime, ad_account_id: str | None) -> set[str]:
    """Ids of the operating user's secret boards (their pins cannot be promoted); empty when unreadable."""
    try:
        boards = await rt.client.list_boards(limit=250, ad_account_id=ad_account_id)
    except PinterestError:
        return set()
    return {b.id for b in boards if (b.privacy or "").upper() == "SECRET"}


def _matches(pin: Pin, words: list[str]) -> bool:
    text = " ".join(str(v or "") for v in (pin.title, pin.description, getattr(pin, "alt_text", None))).lower()
    return all(w in text for w in words)


async def _search(rt: Runtime, query: str, limit: int, report, account: str | None, notes: list[str]) -> list[Pin]:
    """Pinterest's pin search, or (without the `_secret` scopes, or in the sandbox) a filter of the
    person's own pins by the words of the query, with a note saying so."""
    note = SANDBOX_SEARCH_NOTE
    if rt.environment != "sandbox":
        try:
            return await rt.client.search_pins(query, limit=limit, progress=report, ad_account_id=account)
        except MissingScope:
            note = SEARCH_SCOPES_NOTE
    everything = await rt.client.list_pins(limit=SEARCH_FALLBACK_PINS, ad_account_id=account)
    notes.append(note.format(n=len(everything)))
    words = query.lower().split()
    return [p for p in everything if _matches(p, words)]


@tool_errors
async def list_pins(
    ctx: Context,
    query: Annotated[str | None, Field(max_length=200, description="Search your pins by words in title or description")] = None,
    board_id: Annotated[str | None, Field(pattern=ID_PATTERN, description="Only pins on this board")] = None,
    limit: Annotated[int, Field(ge=1, le=READ_LIMIT_MAX)] = READ_LIMIT_DEFAULT,
    ad_account_id: AccountArg = None,
) -> PinsResult:
    """List your organic pins that could be promoted: id, title, link, media type and which boost
    goals each supports (awareness, traffic, video_views), or why a pin cannot be promoted (repins,
    pins on secret boards).

    Use before boost_pin or create_campaign to pick pin ids. `query` and `board_id` are exclusive.
    For an ad account shared with you (Business Access), pass its `ad_account_id` to list the
    account owner's pins, the ones it can promote. Read-only; one request per page of pins, plus one
    for your boards.
    """
    if query and board_id:
        raise InputError("query, board_id: give one of them, not both")
    rt = runtime(ctx)
    chosen = await resolve_account_id(rt, ad_account_id) if ad_account_id is not None else rt.default_ad_account_id
    account = await business_account(rt, chosen)
    report = reporter(ctx, "pins", total=limit)
    notes: list[str] = []
    if ad_account_id and rt.environment == "sandbox":
        notes.append("the sandbox has no Business Access: listed the token's own pins")
    if query:
        pins = await _search(rt, query, limit + 1, report, account, notes)
    elif board_id:
        pins = await rt.client.list_board_pins(board_id, limit=limit + 1, progress=report, ad_account_id=account)
    else:
        pins = await rt.client.list_pins(limit=limit + 1, progress=report, ad_account_id=account)
    await report.finish()
    secret = await secret_board_ids(rt, account) if pins else set()
    return PinsResult(environment=rt.environment, count=min(len(pins), limit), truncated=len(pins) > limit,
                      pins=[pin_summary(p, secret) for p in pins[:limit]], notes=notes)


def register(server: MCPServer) -> None:
    server.add_tool(list_pins, annotations=ToolAnnotations(title="List organic pins", read_only_hint=True,
                                                           open_world_hint=True))
