"""add_ads: new ads in an existing ad group, from organic pins or from image URLs.

An image URL first becomes an organic pin on a board the person names (``POST /pins``, with its
title, description and link), then the ad promotes it. Ads are created PAUSED unless ``activate``;
a new ACTIVE ad under a delivering ad group can spend, so ``guards.spend`` asks for a person's yes
and ``guards.enabled`` caps the budget it lets spend. Swapping a creative is add_ads plus pausing
the old ad with update_status.
"""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context, ElicitationResult, MCPServer, Resolve
from mcp_types import ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..guards.confirm import Confirm
from ..guards.enabled import snapshot_of, with_enabled_summary
from ..guards.plan import Plan, Summary, Write, ref
from ..guards.service import ActionResult, Prepared
from .entities import AccountArg
from .pins import CREATIVE_FOR_MEDIA
from .planning.forecast import with_forecast
from .planning.launch import batched_creates, get_pin
from .planning.snapshots import require_editable
from .support.common import ID_PATTERN, InputError, resolve_account_id, tool_errors
from .support.runtime import Runtime, runtime
from .support.writes import carry_out, guard, make_ask, with_context

MAX_NEW_ADS = 50


# One ad: from an organic pin (pin_id) or from an image (image_url + board, made into a pin first).
class NewAd(BaseModel):

    model_config = ConfigDict(extra="forbid")

    pin_id: str | None = Field(default=None, pattern=ID_PATTERN, description="An organic pin (list_pins)")
    image_url: str | None = Field(default=None, max_length=2048, pattern=r"^https?://")
    board: str | None = Field(default=None, max_length=180, description="With image_url: board id or name")
    title: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=800)
    link: str | None = Field(default=None, max_length=2048, description="With image_url: the new pin's link")
    destination_url: str | None = Field(default=None, max_length=2048,
                                        description="Where a click goes; default the pin's link")
    name: str | None = Field(default=None, max_length=255)

    @model_validator(mode="after")
    def _source(self) -> NewAd:
        if (self.pin_id is None) == (self.image_url is None):
            raise ValueError("give exactly one of pin_id or image_url")
        if self.image_url is not None and not self.board:
            raise ValueError("board is required with image_url (the board the new pin goes on)")
        if self.pin_id is not None and any(v is not None for v in (self.board, self.title, self.description,
                                                                     self.link)):
            raise ValueError("board, title, description and link describe a new pin: only with image_url")
        return self


async def _board_ids(rt: Runtime, ads: list[NewAd]) -> dict[str, str]:
    """Board given (id or name, case-insensitive) -> board id, read once; unknown names are errors."""
    wanted = {a.board.strip() for a in ads if a.board}
    if not wanted:
        return {}
    boards = await rt.client.list_boards()
    out: dict[str, str] = {}
    for given in wanted:
        hit = next((b for b in boards if b.id == given or (b.name or "").casefold() == given.casefold()), None)
        if hit is None:
            names = ", ".join(f"{b.name!r} ({b.id})" for b in boards[:10]) or "none"
            raise InputError(f"ads[].board: no board {given!r} (boards: {names})")
        out[given] = hit.id
    return out


@tool_errors
async def prepare_add_ads(ctx: Context, ad_account_id: str | None, ad_group_id: str, ads: list[NewAd],
                          activate: bool = False) -> Prepared:
    """Resolver: read the ad group, its campaign, the pins and boards; plan pins then ads."""
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    currency = (await rt.account(account_id)).currency
    if not 1 <= len(ads) <= MAX_NEW_ADS:
        raise InputError(f"ads: give 1 to {MAX_NEW_ADS} ads")
    group = (await require_editable(rt, account_id, "ad_group", [ad_group_id], "ad_group_id"))[ad_group_id]
    campaign = (await require_editable(rt, account_id, "campaign", [str(group.campaign_id)], "ad_group_id"))[
        str(group.campaign_id)]
    boards = await _board_ids(rt, ads)
    status = "ACTIVE" if activate else "PAUSED"
    pin_items: list[dict[str, Any]] = []
    ad_items: list[dict[str, Any]] = []
    lines: list[str] = []
    for index, ad in enumerate(ads):
        where = f"ads[{index}]"
        item: dict[str, Any] = {"ad_group_id": ad_group_id, "status": status}
        if ad.pin_id is not None:
            pin = await get_pin(rt, ad.pin_id, field=f"{where}.pin_id")
            media = pin.media_type or "unknown"
            creative = CREATIVE_FOR_MEDIA.get(media)
            if creative is None:
                raise InputError(f"{where}.pin_id: pin {pin.id} has {media} media, which cannot be promoted")
            if not pin.link and not ad.destination_url:
                raise InputError(f"{where}.destination_url: pin {pin.id} has no link, so a destination_url is required")
            item.update(pin_id=pin.id, creative_type=creative)
            source = f"pin {pin.id} ({creative})"
        else:
            if not ad.link and not ad.destination_url:
                raise InputError(f"{where}.link: a new pin needs a link (or give destination_url) for the ad to go to")
            name = f"pin:{len(pin_items)}"
            pin_body: dict[str, Any] = {"board_id": boards[str(ad.board).strip()],
                                        "media_source": {"source_type": "image_url", "url": ad.image_url}}
            pin_body.update({k: v for k, v in (("title", ad.title), ("description", ad.description),
                                               ("link", ad.link)) if v})
            pin_items.append(pin_body)
            item.update(pin_id=ref(name), creative_type="REGULAR")
            source = f"a new image pin on board {pin_body['board_id']} from {ad.image_url}"
        if campaign.objective_type == "VIDEO_COMPLETION" and item["creative_type"] not in ("VIDEO", "MAX_VIDEO"):
            raise InputError(f"{where}: the campaign is VIDEO_COMPLETION and needs video pins; this is {source}")
        item["name"] = ad.name or f"{group.name or 'ad group'} - new ad {index + 1}"
        if ad.destination_url:
            item["destination_url"] = ad.destination_url
        ad_items.append(item)
        lines.append(f"ad {item['name']!r} from {source}, {status}")
    writes: list[Write] = []
    if pin_items:
        writes.append(Write(key="create_pins", op="create", entity="pin", items=pin_items,
                            names=[f"pin:{i}" for i in range(len(pin_items))],
                            describe=f"create {len(pin_items)} organic pin(s), one request each"))
    writes += batched_creates("ad", ad_items, [f"ad:{i}" for i in range(len(ad_items))],
                              lambda count: f"create {count} ad(s) {status} in ad group {ad_group_id}")
    notes = [f"ad group {ad_group_id} is {group.status}, campaign {campaign.id} is {campaign.status}"]
    if pin_items:
        notes.append("new pins are organic content: they stay on their board even if a later step fails")
    if not activate:
        notes.append("ads are created PAUSED: nothing new spends until activated (update_status)")
    summary = Summary(action=f"Add {len(ad_items)} ad(s) to ad group {ad_group_id} ({group.name or 'unnamed'})"
                      + (f", making {len(pin_items)} pin(s) first" if pin_items else ""),
                      will_exist=lines, status_after=status, notes=notes)
    before = await with_context(rt, account_id, [snapshot_of("ad_group", group), snapshot_of("campaign", campaign)])
    plan = Plan(tool="add_ads", ad_account_id=account_id, currency=currency, writes=writes, before=before,
                summary=summary, atomic=True)
    return guard(rt).prepare(await with_forecast(rt, with_enabled_summary(plan), {ad_group_id: group}))


ask_add_ads = make_ask(prepare_add_ads)


@tool_errors
async def add_ads(
    ctx: Context,
    ad_group_id: Annotated[str, Field(pattern=ID_PATTERN)],
    ads: Annotated[list[NewAd], Field(min_length=1, max_length=MAX_NEW_ADS)],
    prepared: Annotated[Prepared, Resolve(prepare_add_ads)],
    decision: Annotated[ElicitationResult[Confirm], Resolve(ask_add_ads)],
    ad_account_id: AccountArg = None,
    activate: Annotated[bool, Field(description="Create the ads ACTIVE (needs a person's yes)")] = False,
) -> ActionResult:
    """Add ads to an ad group from organic pins or image URLs (made into pins on a board first).

    PAUSED unless activate=true, which needs a person's yes (confirm_action) within the caps. Swap a
    creative: add_ads, then pause the old ad with update_status. Returns the new pin and ad ids.
    """
    return await carry_out(ctx, prepared, decision)


def register(server: MCPServer) -> None:
    server.add_tool(add_ads, annotations=ToolAnnotations(
        title="Add ads", read_only_hint=False, destructive_hint=False, idempotent_hint=False,
        open_world_hint=True))
