"""Planning a launch (campaign -> ad group -> ads), shared by create_campaign and boost_pin.

Turns friendly input (objective in words, budget in currency units, ISO dates, targeting by name,
pin ids) into a :class:`~..guards.plan.Plan` following Pinterest's rules: CBO objectives carry the
budget on the campaign, VIDEO_COMPLETION on the ad group; a lifetime budget needs an end date; each
objective gets a billable event and bid valid for it. The campaign is created PAUSED and its
activation is the last write. Only reads happen here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ...guards.enabled import with_enabled_summary
from ...guards.plan import Plan, Summary, Write, ref
from ...pinterest.client import WRITE_BATCH, chunks
from ...pinterest.errors import NotFound
from ...pinterest.models import Pin
from ...pinterest.money import format_amount, parse_amount, to_micro
from ...pinterest.times import parse_datetime, to_unix, utc_now
from ..pins import blocked_because, business_account, creative_for, is_idea_pin, secret_board_ids
from ..support.common import ID_PATTERN, InputError
from ..support.runtime import Runtime
from .targeting_model import Targeting, describe_spec, to_targeting_spec

OBJECTIVES = ("AWARENESS", "CONSIDERATION", "WEB_CONVERSION", "CATALOG_SALES", "VIDEO_COMPLETION")
CBO_OBJECTIVES = frozenset({"AWARENESS", "CONSIDERATION", "WEB_CONVERSION", "CATALOG_SALES"})
BID_REQUIRED = frozenset({"AWARENESS", "CONSIDERATION"})  # with their billable events IMPRESSION / CLICKTHROUGH
_WORDS = {
    "awareness": "AWARENESS", "brand awareness": "AWARENESS", "reach": "AWARENESS", "impressions": "AWARENESS",
    "consideration": "CONSIDERATION", "traffic": "CONSIDERATION", "clicks": "CONSIDERATION",
    "website traffic": "CONSIDERATION", "conversions": "WEB_CONVERSION", "web conversion": "WEB_CONVERSION",
    "web conversions": "WEB_CONVERSION", "sales": "WEB_CONVERSION", "catalog sales": "CATALOG_SALES",
    "shopping": "CATALOG_SALES", "video": "VIDEO_COMPLETION", "video views": "VIDEO_COMPLETION",
    "video_views": "VIDEO_COMPLETION", "video completion": "VIDEO_COMPLETION",
}
MAX_ADS = 300
MAX_ADS_MESSAGE = f"ads: at most {MAX_ADS} ads per call"
# The spec declares no limit on keywords per create; one request holds them all, and this cap keeps
# that request (and the plan a person reads) a sensible size.
MAX_KEYWORDS = 200
MAX_KEYWORDS_MESSAGE = (f"ad_group.targeting.keywords: at most {MAX_KEYWORDS} keywords per launch; add more later "
                        "in Pinterest Ads Manager")
PIN_CACHE_KEY = "launch.pins"
PIN_CACHE_TTL_S = 300

# Per objective: billable event, bid strategy, default bid in currency units (None = automatic),
# and what the bid means. Bids are required for AWARENESS/IMPRESSION and CONSIDERATION/CLICKTHROUGH.
DEFAULTS: dict[str, tuple[str, str, Decimal | None, str]] = {
    "AWARENESS": ("IMPRESSION", "MAX_BID", Decimal("5.00"), "max bid per 1,000 impressions"),
    "CONSIDERATION": ("CLICKTHROUGH", "MAX_BID", Decimal("1.00"), "max bid per click"),
    "WEB_CONVERSION": ("IMPRESSION", "AUTOMATIC_BID", None, "automatic bidding"),
    "VIDEO_COMPLETION": ("VIDEO_V_50_MRC", "AUTOMATIC_BID", None, "automatic bidding (Performance+)"),
}
# Rough scale of one USD in currencies whose units are small, so default bids stay sensible.
_BID_SCALE = {"JPY": 150, "KRW": 1300, "HUF": 350, "CLP": 900, "COP": 4000, "ARS": 900, "INR": 80,
              "MXN": 17, "BRL": 5, "SEK": 10, "NOK": 10, "DKK": 7, "CZK": 23, "PLN": 4, "RON": 4.5, "TRY": 30,
              "ILS": 3.5, "HKD": 8}
CONVERSION_EVENTS = ("PAGE_VISIT", "SIGNUP", "CHECKOUT", "CUSTOM", "VIEW_CATEGORY", "SEARCH", "ADD_TO_CART",
                     "WATCH_VIDEO", "LEAD", "APP_INSTALL")


def batched_creates(entity: Literal["ad", "ad_group"], items: list[dict[str, Any]], names: list[str],
                    describe: Callable[[int], str]) -> list[Write]:
    """Creates of one entity kind in Pinterest's write batches (``WRITE_BATCH`` items a request), as
    steps ``create_ads_1``, ``create_ads_2``...; each item keeps the name its new id is known by."""
    return [
        Write(key=f"create_{entity}s_{n}", op="create", entity=entity, items=part, names=part_names,
              describe=describe(len(part)))
        for n, (part, part_names) in enumerate(zip(chunks(items, WRITE_BATCH), chunks(names, WRITE_BATCH),
                                                   strict=True), 1)
    ]


class BudgetInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: str | float = Field(description='In the ad account currency units, e.g. "30.00" (never micro-units)')
    period: Literal["daily", "lifetime"] = Field(description="daily: per day; lifetime: total over the schedule (needs schedule.end)")
    flexible: bool = Field(default=False, description=("Daily budgets of campaign-budget objectives only: Pinterest "
                                                       "averages the daily amount and may spend more on a good day"))


class ScheduleInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: str | None = Field(default=None,
                              description="ISO 8601 date or date-time (UTC if no offset); left out = starts at launch")
    end: str | None = Field(default=None,
                            description="ISO 8601; a bare date means the end of that day. Required for lifetime budgets")


class AdGroupInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=255,
                             description="Default: the campaign name + ' - ad group'")
    targeting: Targeting = Field(description="Who sees the ads (locations required)")
    bid: str | float | None = Field(default=None,
                                    description="Bid in currency units; default depends on the objective")
    bid_strategy: Literal["AUTOMATIC_BID", "MAX_BID", "TARGET_AVG"] | None = Field(
        default=None, description="Default depends on the objective (VIDEO_COMPLETION allows only AUTOMATIC_BID)")
    conversion_tag_id: str | None = Field(default=None, pattern=ID_PATTERN,
                                          description="WEB_CONVERSION only (required there)")
    conversion_event: Literal[CONVERSION_EVENTS] | None = Field(  # type: ignore[valid-type]
        default=None, description="WEB_CONVERSION only: the event to optimise for (default CHECKOUT)")


class AdInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pin_id: str = Field(pattern=ID_PATTERN, description="An organic pin id (see list_pins)")
    creative_type: Literal["REGULAR", "VIDEO", "MAX_VIDEO", "CAROUSEL", "IDEA"] | None = Field(
        default=None, description="Default: inferred from the pin's media (image REGULAR, video VIDEO, carousel CAROUSEL)")
    destination_url: str | None = Field(default=None, max_length=2048,
                                        description="Where a click goes; default the pin's link")
    name: str | None = Field(default=None, max_length=255)
    is_removable: bool | None = Field(default=None,
                                      description="True makes the pin ad-only (not saveable organically)")


def objective_from(text: str) -> str:
    """Plain words or the API enum -> the API objective."""
    cleaned = text.strip()
    if cleaned.upper() in OBJECTIVES:
        return cleaned.upper()
    found = _WORDS.get(cleaned.casefold().replace("-", " "))
    if found is None:
        raise InputError(f"objective: {text!r} is not an objective; use awareness, traffic (consideration), "
                         f"conversions, catalog sales, video views, or one of {', '.join(OBJECTIVES)}")
    return found


async def get_pin(rt: Runtime, pin_id: str, *, field: str = "pin_id", account_id: str | None = None) -> Pin:
    """A pin, cached briefly: resolvers may run twice per call and a pin's media does not change.

    For an ad account shared with the token's user (Business Access) the pin is read as the account
    owner (``?ad_account_id=``), so an agency reaches its client's pins; the token's own pins are
    still found when the owner's are not. An unknown pin is an error naming ``field``."""
    through = await business_account(rt, account_id)
    cache: dict[tuple[str | None, str], tuple[float, Pin]] = rt.extras.setdefault(PIN_CACHE_KEY, {})
    hit = cache.get((through, pin_id))
    if hit is not None and time.monotonic() - hit[0] < PIN_CACHE_TTL_S:
        return hit[1]
    pin: Pin | None = None
    for reader in ([through, None] if through else [None]):
        try:
            pin = await rt.client.get_pin(pin_id, ad_account_id=reader)
            break
        except NotFound:
            continue
    if pin is None:
        raise InputError(f"{field}: no pin {pin_id} is reachable with this token (list_pins shows the pins "
                         "you can promote)")
    cache[(through, pin_id)] = (time.monotonic(), pin)
    return pin


def check_flexible(currency: str) -> None:
    """Flexible daily budgets exist only for ad accounts billed in USD (Pinterest help centre)."""
    if currency != "USD":
        raise InputError(f"budget.flexible: flexible daily budgets exist only for ad accounts billed in USD; this "
                         f"account is billed in {currency}. Use a standard daily budget (flexible=false)")


def _creative(where: str, ad: AdInput, pin: Pin) -> str:
    """The creative type for one ad: the pin's own type decides (an Idea pin is IDEA), then its media.

    A creative type that contradicts the pin is refused here, before anything is sent."""
    fits = creative_for(pin)
    if fits is None:
        raise InputError(f"{where}.pin_id: pin {pin.id} has {pin.media_type or 'unknown'} media, which cannot be "
                         "promoted here")
    chosen = ad.creative_type or fits
    if is_idea_pin(pin) and chosen != "IDEA":
        raise InputError(f"{where}.creative_type: pin {pin.id} is an Idea (non-standard) pin; Pinterest promotes "
                         "it only as IDEA")
    if chosen == "IDEA" and not is_idea_pin(pin):
        raise InputError(f"{where}.creative_type: IDEA is only for Idea pins; pin {pin.id} is a standard pin "
                         f"({fits})")
    return chosen


BOARD_CACHE_KEY = "launch.secret_boards"


async def _secret_boards(rt: Runtime, account_id: str) -> set[str]:
    """The operating user's secret boards, cached like pins (one request per few minutes)."""
    through = await business_account(rt, account_id)
    cache: dict[str | None, tuple[float, set[str]]] = rt.extras.setdefault(BOARD_CACHE_KEY, {})
    hit = cache.get(through)
    if hit is not None and time.monotonic() - hit[0] < PIN_CACHE_TTL_S:
        return hit[1]
    found = await secret_board_ids(rt, through)
    cache[through] = (time.monotonic(), found)
    return found


class Schedule:
    """Parsed schedule: unix times for the API and words for the summary."""

    def __init__(self, schedule: ScheduleInput | None, period: str) -> None:
        now = utc_now()
        today = now.replace(hour=0, minute=0, second=0, microsecond=0)
        start = parse_datetime(schedule.start, field="schedule.start") if schedule and schedule.start else None
        end = parse_datetime(schedule.end, field="schedule.end", end_of_day=True) if schedule and schedule.end else None
        if start is not None and start < today:
            raise InputError(f"schedule.start: {schedule.start if schedule else start} is in the past; leave it out to start at launch")
        if start is not None and start <= now:
            start = None  # today, already begun: start at launch (Pinterest's default)
        if end is not None and end <= now:
            raise InputError(f"schedule.end: {schedule.end if schedule else end} is in the past; it must be in the future")
        if start is not None and end is not None and end <= start:
            raise InputError("schedule.end: must be after schedule.start")
        if period == "lifetime" and end is None:
            raise InputError("schedule.end is required for a lifetime budget (Pinterest spreads it until the end)")
        self.start, self.end = start, end
        first = (start or now).date()
        self.days = (end.date() - first).days + 1 if end is not None else None

    def fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.start is not None:
            out["start_time"] = to_unix(self.start)
        if self.end is not None:
            out["end_time"] = to_unix(self.end)
        return out

    def words(self) -> str:
        start = f"starts {self.start.strftime('%Y-%m-%dT%H:%M:%SZ')}" if self.start else "starts at launch"
        end = f"ends {self.end.strftime('%Y-%m-%dT%H:%M:%SZ')}" if self.end else "no end date (runs until paused)"
        days = f" ({self.days} calendar day(s))" if self.days else ""
        return f"{start}; {end}{days}"


def _bid_default(objective: str, currency: str) -> Decimal | None:
    base = DEFAULTS[objective][2]
    if base is None:
        return None
    scale = Decimal(str(_BID_SCALE.get(currency, 1)))
    value = base * scale
    places = 0 if currency in ("JPY", "KRW", "CLP", "HUF") or scale >= 100 else 2
    return value.quantize(Decimal(1).scaleb(-places))


async def plan_launch(
    rt: Runtime, *, tool: str, account_id: str, currency: str, name: str, objective: str, budget: BudgetInput,
    schedule: ScheduleInput | None, ad_group: AdGroupInput, ads: list[AdInput], activate: bool,
    extra_notes: list[str] | None = None,
) -> Plan:
    """The plan for campaign -> ad group -> ads: the campaign is created PAUSED and activated last.

    A PAUSED campaign delivers nothing, whatever its children's status, so it is the one switch.
    When activation was asked for (and so confirmed), the ad group and ads are created ACTIVE under
    it and a single campaign update turns everything on after every create succeeded: the fewest
    requests, and still nothing can spend before the last step. Without activation everything is
    created PAUSED, so nothing is ACTIVE that a person did not approve.
    """
    child_status = "ACTIVE" if activate else "PAUSED"
    if not name.strip():
        raise InputError("name: a campaign name is required")
    if objective == "CATALOG_SALES":
        raise InputError("objective: CATALOG_SALES campaigns promote catalog product groups, not pins; "
                         "create_campaign supports AWARENESS, CONSIDERATION, WEB_CONVERSION and VIDEO_COMPLETION")
    if len(ads) > MAX_ADS:
        raise InputError(MAX_ADS_MESSAGE)
    amount = parse_amount(budget.amount, field="budget.amount", currency=currency)
    cbo = objective in CBO_OBJECTIVES
    if budget.flexible and not (cbo and budget.period == "daily"):
        raise InputError("budget.flexible: only daily budgets of campaign-budget objectives (AWARENESS, "
                         "CONSIDERATION, WEB_CONVERSION) can be flexible")
    if budget.flexible:
        check_flexible(currency)
    sched = Schedule(schedule, budget.period)
    billable, strategy, _, bid_words = DEFAULTS[objective]
    defaults: list[str] = [f"billable event {billable}"]
    if ad_group.bid_strategy is not None:
        if objective == "VIDEO_COMPLETION" and ad_group.bid_strategy != "AUTOMATIC_BID":
            raise InputError("ad_group.bid_strategy: VIDEO_COMPLETION allows only AUTOMATIC_BID")
        strategy = ad_group.bid_strategy
    else:
        defaults.append(f"bid strategy {strategy} ({bid_words})")
    bid: Decimal | None = None
    if ad_group.bid is not None:
        bid = parse_amount(ad_group.bid, field="ad_group.bid", currency=currency)
        if objective == "WEB_CONVERSION" and ad_group.bid_strategy in (None, "AUTOMATIC_BID"):
            if ad_group.bid_strategy == "AUTOMATIC_BID":
                raise InputError("ad_group.bid: automatic bidding takes no target cost; leave bid out, or use "
                                 "bid_strategy TARGET_AVG for a target cost per conversion")
            strategy = "TARGET_AVG"
            defaults[-1] = "bid strategy TARGET_AVG (the bid is the target cost per conversion)"
        elif strategy == "AUTOMATIC_BID":
            raise InputError("ad_group.bid: Pinterest ignores a bid with automatic bidding (AUTOMATIC_BID); leave "
                             "bid out, or choose bid_strategy MAX_BID" + (
                                 "" if objective != "VIDEO_COMPLETION" else " (VIDEO_COMPLETION bids automatically only)"))
    elif objective in BID_REQUIRED or strategy != "AUTOMATIC_BID":
        bid = _bid_default(objective, currency)
        if bid is None:
            raise InputError(f"ad_group.bid: required with bid strategy {strategy}")
        defaults.append(f"bid {format_amount(bid, currency)} {currency} ({bid_words})")
    if bid is not None and bid > amount:
        raise InputError(f"ad_group.bid: {format_amount(bid, currency)} {currency} is above the budget of "
                         f"{format_amount(amount, currency)} {currency}")

    resolution = await to_targeting_spec(rt, account_id, ad_group.targeting, field_name="ad_group.targeting")
    keywords = resolution.keywords or []
    if len(keywords) > MAX_KEYWORDS:
        raise InputError(MAX_KEYWORDS_MESSAGE + f" (got {len(keywords)} distinct keywords)")

    first_use: dict[str, int] = {}
    for index, ad in enumerate(ads):
        first_use.setdefault(ad.pin_id, index)
    unique = list(first_use)
    fetched = dict(zip(unique, await rt.client.gather([
        partial(get_pin, rt, p, field=f"ads[{first_use[p]}].pin_id", account_id=account_id) for p in unique]),
        strict=True))
    pins = [fetched[ad.pin_id] for ad in ads]
    secret = await _secret_boards(rt, account_id)
    ad_items: list[dict[str, Any]] = []
    for index, (ad, pin) in enumerate(zip(ads, pins, strict=True)):
        where = f"ads[{index}]"
        media = pin.media_type or "unknown"
        blocked = blocked_because(pin, secret)
        if blocked is not None:
            raise InputError(f"{where}.pin_id: pin {pin.id} cannot be promoted: {blocked}")
        creative = _creative(where, ad, pin)
        if ad.creative_type is None:
            kind = "an Idea (non-standard) pin" if creative == "IDEA" else f"pin media {media}"
            defaults.append(f"{where}: creative type {creative} ({kind})")
        if objective == "VIDEO_COMPLETION" and creative not in ("VIDEO", "MAX_VIDEO"):
            raise InputError(f"{where}.pin_id: video views need a video pin; pin {pin.id} is {media}")
        if creative == "VIDEO" and rt.environment == "sandbox":
            raise InputError(f"{where}.pin_id: Pinterest's sandbox cannot promote video pins (pin {pin.id}); "
                             "use an image pin there, or production")
        if creative == "IDEA" and not ad.destination_url:
            raise InputError(f"{where}.destination_url: pin {pin.id} is an Idea pin; Pinterest promotes it only "
                             "with a destination_url")
        if not pin.link and not ad.destination_url:
            raise InputError(f"{where}.destination_url: pin {pin.id} has no link, so a destination_url is required")
        item: dict[str, Any] = {"ad_group_id": ref("ad_group"), "pin_id": pin.id, "creative_type": creative,
                                "status": child_status, "name": ad.name or f"{name.strip()[:200]} - ad {index + 1}"}
        if ad.destination_url:
            item["destination_url"] = ad.destination_url
        if ad.is_removable is not None:
            item["is_removable"] = ad.is_removable
        ad_items.append(item)

    micro = to_micro(amount)
    campaign: dict[str, Any] = {"ad_account_id": account_id, "name": name.strip(), "objective_type": objective,
                                "status": "PAUSED", "is_campaign_budget_optimization": cbo, **sched.fields()}
    group: dict[str, Any] = {
        "campaign_id": ref("campaign"), "name": (ad_group.name or f"{name.strip()[:240]} - ad group"),
        "status": child_status, "billable_event": billable, "bid_strategy_type": strategy,
        **resolution.ad_group_fields(),
    }
    if cbo:
        campaign["daily_spend_cap" if budget.period == "daily" else "lifetime_spend_cap"] = micro
        if budget.period == "daily":
            campaign["is_flexible_daily_budgets"] = budget.flexible
        group["budget_type"] = "CBO_ADGROUP"
    else:
        group["budget_in_micro_currency"] = micro
        group["budget_type"] = "DAILY" if budget.period == "daily" else "LIFETIME"
        group.update(sched.fields())
    if bid is not None and objective != "WEB_CONVERSION":
        group["bid_in_micro_currency"] = to_micro(bid)
    if objective == "WEB_CONVERSION":
        if not ad_group.conversion_tag_id:
            raise InputError("ad_group.conversion_tag_id: required for WEB_CONVERSION (the Pinterest tag that "
                             "reports the conversions)")
        event = ad_group.conversion_event or "CHECKOUT"
        if ad_group.conversion_event is None:
            defaults.append("conversion event CHECKOUT")
        goal: dict[str, Any] = {"conversion_tag_id": ad_group.conversion_tag_id, "conversion_event": event}
        if bid is not None:
            # A conversion campaign's target cost lives here, never in bid_in_micro_currency.
            goal["cpa_goal_value_in_micro_currency"] = str(to_micro(bid))
        group["optimization_goal_metadata"] = {"conversion_tag_v3_goal_metadata": goal}

    writes = [
        Write(key="create_campaign", op="create", entity="campaign", items=[campaign], names=["campaign"],
              describe=f"create campaign {name.strip()!r} ({objective}) PAUSED"),
        Write(key="create_ad_group", op="create", entity="ad_group", items=[group], names=["ad_group"],
              describe=f"create the ad group {child_status} (under the PAUSED campaign nothing delivers)"),
    ]
    writes += batched_creates("ad", ad_items, [f"ad:{i}" for i in range(len(ad_items))],
                              lambda count: f"create {count} ad(s) {child_status}")
    if keywords:
        # Keywords are entities of their own under the new ad group, not part of its targeting_spec.
        # Created after the ads and before the activation, so they are in place before anything delivers.
        writes.append(Write(key="create_keywords", op="create", entity="keyword",
                            items=[{"parent_id": ref("ad_group"), **kw} for kw in keywords],
                            names=[f"keyword:{i}" for i in range(len(keywords))],
                            describe=f"add {len(keywords)} search keyword(s) to the ad group"))
    if activate:
        writes.append(Write(key="activate_campaign", op="update", entity="campaign", activation=True,
                            items=[{"id": ref("campaign"), "ad_account_id": account_id, "status": "ACTIVE"}],
                            describe="activate the campaign (last: nothing spends before this)"))

    targeting = describe_spec(resolution.targeting_spec)
    if keywords:
        targeting += "; keywords " + describe_keywords(keywords)
    summary = _launch_summary(name.strip(), objective, cbo, amount, budget, sched, currency, len(ad_items), activate,
                              targeting, resolution, defaults, extra_notes or [], len(keywords))
    plan = Plan(tool=tool, ad_account_id=account_id, currency=currency, writes=writes, summary=summary, atomic=True)
    return with_enabled_summary(plan)


def describe_keywords(keywords: list[dict[str, str]]) -> str:
    """Keywords for a summary: each value quoted with its match type (``"compost" EXACT``)."""
    return ", ".join(f"{kw['value']!r} {kw['match_type']}" for kw in keywords)


def _launch_summary(name: str, objective: str, cbo: bool, amount: Decimal, budget: BudgetInput, sched: Schedule,
                    currency: str, n_ads: int, activate: bool, targeting: str, resolution: Any,
                    defaults: list[str], notes: list[str], n_keywords: int = 0) -> Summary:
    status = "ACTIVE" if activate else "PAUSED"
    level = "campaign (campaign budget optimization)" if cbo else "ad group"
    will_exist = [f"campaign {name!r}, objective {objective}, {status}",
                  f"1 ad group, {status}, {budget.period} budget {format_amount(amount, currency)} {currency} "
                  f"held by the {level}",
                  f"{n_ads} ad(s), {status}"]
    if n_keywords:
        will_exist.append(f"{n_keywords} search keyword(s) on the ad group")
    extra = list(notes) + list(resolution.notes)
    if not activate:
        extra.append("created PAUSED: nothing spends until activated (activation needs another confirmation)")
    action = (f"Create campaign {name!r} ({objective}) with 1 ad group and {n_ads} ad(s), "
              + ("then activate it" if activate else "all PAUSED"))
    # max daily / total spend are filled in from the plan's requests by guards.enabled
    return Summary(action=action, will_exist=will_exist, status_after=status, schedule=sched.words(),
                   targeting=targeting, defaults=defaults, notes=extra)
