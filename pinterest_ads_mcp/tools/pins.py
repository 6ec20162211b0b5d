"""list_pins: the organic pins a person can promote, and what each can be promoted for."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from ..pinterest.models import Pin
from .common import READ_LIMIT_DEFAULT, READ_LIMIT_MAX, InputError, tool_errors
from .progress import reporter
from .runtime import runtime

Goal = Literal["awareness", "traffic", "video_views"]

# Pin media type -> the ad creative type Pinterest expects for it (managing-ads guide).
CREATIVE_FOR_MEDIA = {"image": "REGULAR", "video": "VIDEO", "multiple_images": "CAROUSEL", "multiple_videos": "CAROUSEL",
                      "multiple_mixed": "CAROUSEL"}


def promotable_goals(pin: Pin) -> tuple[list[Goal], list[str]]:
    """The boost goals a pin supports, and the reasons for the ones it does not.

    Traffic sends people to the pin's link, so it needs one; video views need a video.
    """
    goals: list[Goal] = []
    reasons: list[str] = []
    media = pin.media_type
    if media not in CREATIVE_FOR_MEDIA:
        return [], [f"media type {media or 'unknown'} cannot be promoted through this server"]
    goals.append("awareness")
    if pin.link:
        goals.append("traffic")
    else:
        reasons.append("traffic needs a destination link and this pin has none (pass destination_url)")
    if media == "video":
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
    creative_type: str | None = Field(description="Ad creative type a boost of this pin would use")
    promotable_goals: list[Goal] = Field(description="Goals boost_pin accepts for this pin")
    not_promotable_because: list[str] = Field(default_factory=list)
    created: str | None = None


class PinsResult(BaseModel):
    environment: str
    count: int
    truncated: bool
    pins: list[PinSummary]


def pin_summary(pin: Pin) -> PinSummary:
    goals, reasons = promotable_goals(pin)
    return PinSummary(
        id=pin.id, title=pin.title, link=pin.link, board_id=pin.board_id, media_type=pin.media_type,
        creative_type=CREATIVE_FOR_MEDIA.get(pin.media_type or ""), promotable_goals=goals,
        not_promotable_because=reasons, created=pin.created_at,
    )


@tool_errors
async def list_pins(
    ctx: Context,
    query: Annotated[str | None, Field(max_length=200, description="Search your pins by words in title or description")] = None,
    board_id: Annotated[str | None, Field(pattern=r"^[0-9]{1,18}$", description="Only pins on this board")] = None,
    limit: Annotated[int, Field(ge=1, le=READ_LIMIT_MAX)] = READ_LIMIT_DEFAULT,
) -> PinsResult:
    """List your organic pins that could be promoted: id, title, link, media type and which boost
    goals each supports (awareness, traffic, video_views).

    Use before boost_pin or create_campaign to pick pin ids. `query` and `board_id` are exclusive.
    Read-only; one request per page of pins.
    """
    if query and board_id:
        raise InputError("query, board_id: give one of them, not both")
    rt = runtime(ctx)
    report = reporter(ctx, "pins", total=limit)
    if query:
        pins = await rt.client.search_pins(query, limit=limit + 1, progress=report)
    elif board_id:
        pins = await rt.client.list_board_pins(board_id, limit=limit + 1, progress=report)
    else:
        pins = await rt.client.list_pins(limit=limit + 1, progress=report)
    await report.finish()
    return PinsResult(environment=rt.environment, count=min(len(pins), limit), truncated=len(pins) > limit,
                      pins=[pin_summary(p) for p in pins[:limit]])


def register(server: MCPServer) -> None:
    server.add_tool(list_pins, annotations=ToolAnnotations(title="List organic pins", readOnlyHint=True,
                                                           openWorldHint=True))
