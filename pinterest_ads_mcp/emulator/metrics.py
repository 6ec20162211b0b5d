"""Synthetic, deterministic delivery metrics for the emulator's ads.

Why it is built this way:

* **Only ads generate numbers.** Every figure is produced per (ad, UTC day); an ad group's row is
  the exact integer sum of its ads, a campaign's the sum of its ad groups, an account's the sum of
  its campaigns. Nothing above the ad level is generated separately, so totals always add up and a
  DAY breakdown always sums to the TOTAL row.
* **Deterministic.** An ad-day's numbers come from a BLAKE2 hash of ``(ad id, day)`` and per-ad
  traits hashed from the ad id (its objective and creative type shape the rates), so the same
  state always reports the same numbers, across processes too.
* **Delivery follows the state.** An ad accrues only while the ad, its ad group and its campaign
  were all ACTIVE (read from ``Store.status_log``), inside the campaign's and ad group's
  ``start_time``/``end_time``, and never after ``Store.now()``. A day that was active for part of
  its hours gets the matching (diurnally weighted) part of a full day.
* **Budgets bind.** A day's spend of an ad group never exceeds its daily budget (a LIFETIME budget
  is paced evenly over its schedule, so the schedule's total never exceeds it), and the ad groups of
  a campaign never exceed the campaign's daily cap (or lifetime cap paced over its schedule). A
  lifetime budget with no end date is paced over 30 days from its start and is spent by then.
* **Fast.** Results are cached per (campaign, day) with the per-ad and per-ad-group sums; the cache
  entry is keyed on a fingerprint of the campaign's subtree (statuses, status-log lengths,
  schedules, budgets), so any change invalidates it. The day that contains ``now`` is never cached.

Base fields are plain integers (spend in micro-currency). Report columns (the spec's sync and
async column enums) are computed from the summed base fields of a row's period: see
:data:`METRIC_COLUMNS`.
"""

from __future__ import annotations

import hashlib
import math
import struct
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .health import delivery_factor

DAY_S = 86_400
HOUR_S = 3_600
FOREVER = 1 << 62
OPEN_LIFETIME_PACING_DAYS = 30
DEFAULT_DAILY_BUDGET_MICRO = 20_000_000
MICRO = 1_000_000

Vec = tuple[int, ...]
Entity = dict[str, Any]

# ------------------------------------------------------------------------------------------
# Base fields: what one ad accrues in one day (or hour). "_1" = paid, "_2" = earned (organic
# repins/clicks that follow a paid impression), as in Pinterest's own column names.
BASE_FIELDS: tuple[str, ...] = (
    "spend", "video_spend",
    "imp_1", "imp_2", "video_imp_1",
    "clk_1", "clk_2", "out_1", "out_2", "save_1", "save_2", "eng_1", "eng_2", "sess_1", "sess_2",
    "v3s_1", "v3s_2", "vmrc_1", "vmrc_2", "v15s_1", "v15s_2",
    "vp0_1", "vp0_2", "vp25_1", "vp25_2", "vp50_1", "vp50_2", "vp75_1", "vp75_2",
    "vp95_1", "vp95_2", "vp100_1", "vp100_2", "vwatch_ms_1", "vwatch_ms_2",
    "pv_click", "pv_eng", "pv_view", "atc_click", "atc_eng", "atc_view",
    "su_click", "su_eng", "su_view", "co_click", "co_eng", "co_view",
    "co_val_click", "co_val_eng", "co_val_view",
)  # fmt: skip
F = {name: i for i, name in enumerate(BASE_FIELDS)}
N_FIELDS = len(BASE_FIELDS)
ZERO: Vec = (0,) * N_FIELDS


def vsum(vectors: Iterable[Vec]) -> Vec:
    """Exact field-wise sum of base vectors (ZERO for none)."""
    vectors = list(vectors)
    if not vectors:
        return ZERO
    if len(vectors) == 1:
        return vectors[0]
    return tuple(map(sum, zip(*vectors)))


def is_zero(vec: Vec) -> bool:
    return not any(vec)


# ------------------------------------------------------------------------------------------
# Calendar: days are UTC "epoch days" (days since 1970-01-01), hours are 0..23 UTC.
_EPOCH = date(1970, 1, 1)


def eday_of(day: date) -> int:
    return (day - _EPOCH).days


def date_of(eday: int) -> date:
    return _EPOCH + timedelta(days=eday)


def eday_at(unix_s: int) -> int:
    return unix_s // DAY_S


def _diurnal() -> tuple[float, ...]:
    """Share of a day's delivery per UTC hour: US evenings (01-04 UTC) peak, US nights dip."""
    raw = [1.0 + 0.6 * math.cos(2 * math.pi * (h - 2) / 24) for h in range(24)]
    total = sum(raw)
    return tuple(w / total for w in raw)


DIURNAL: tuple[float, ...] = _diurnal()


# ------------------------------------------------------------------------------------------
# Activity: intervals [start, end) of unix seconds during which something could deliver.
Intervals = list[tuple[int, int]]


def intersect(a: Intervals, b: Intervals) -> Intervals:
    """Intersection of two sorted, disjoint interval lists."""
    out: Intervals = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def status_history(store: Any, entity: Entity) -> list[tuple[int, str]]:
    """The entity's status log, or its creation status since ``created_time`` when it has none."""
    log = store.status_log.get(str(entity.get("id")))
    if log:
        return list(log)
    return [(int(entity.get("created_time") or 0), str(entity.get("status") or "ACTIVE"))]


def active_intervals(store: Any, entity: Entity) -> Intervals:
    """When the entity's own status was ACTIVE (open-ended while it still is)."""
    out: Intervals = []
    since: int | None = None
    for at, status in status_history(store, entity):
        if status == "ACTIVE" and since is None:
            since = at
        elif status != "ACTIVE" and since is not None:
            if at > since:
                out.append((since, at))
            since = None
    if since is not None:
        out.append((since, FOREVER))
    return out


def born_at(store: Any, entity: Entity) -> int:
    """When the entity came to exist: its first status-log entry, else ``created_time``."""
    return status_history(store, entity)[0][0]


def coverage(intervals: Intervals, eday: int, now: int) -> tuple[float, tuple[float, ...] | None]:
    """(diurnally weighted share of the day that was active, per-hour active fractions).

    The per-hour tuple is None for a fully active day, the common case, so callers can skip it.
    """
    start = eday * DAY_S
    end = start + DAY_S
    limit = min(end, now)
    if limit <= start:
        return 0.0, None
    if limit == end:  # fast path: a past day that one interval covers entirely
        for a, b in intervals:
            if a <= start and b >= end:
                return 1.0, None
    parts = [(max(a, start), min(b, limit)) for a, b in intervals if a < limit and b > start]
    if not parts:
        return 0.0, None
    if len(parts) == 1 and parts[0] == (start, end):
        return 1.0, None
    hours = [0.0] * 24
    for lo, hi in parts:
        while lo < hi:
            h = (lo - start) // HOUR_S
            edge = min(hi, start + (h + 1) * HOUR_S)
            hours[h] += (edge - lo) / HOUR_S
            lo = edge
    weight = sum(DIURNAL[h] * hours[h] for h in range(24))
    return weight, tuple(hours)


def _cumulative_shares(hours: tuple[float, ...] | None) -> list[float]:
    """Cumulative share of a day's delivery reached by the end of each hour (last = exactly 1)."""
    weights = [DIURNAL[h] * (1.0 if hours is None else hours[h]) for h in range(24)]
    total = sum(weights)
    out: list[float] = []
    running = 0.0
    for h in range(24):
        running += weights[h]
        out.append(running / total if total else 1.0)
    # Hours after the last active one must reach exactly 1, or float dust would move a unit
    # into an hour that delivered nothing.
    for h in range(23, -1, -1):
        out[h] = 1.0
        if weights[h] > 0:
            break
    return out


# ------------------------------------------------------------------------------------------
# Per-ad traits and the ad-day generator.
_VIDEO_CREATIVES = frozenset({"VIDEO", "MAX_VIDEO", "MAX_WIDTH_VIDEO_COLLECTION"})
_VIDEO_OBJECTIVES = frozenset({"VIDEO_COMPLETION", "VIDEO_VIEW"})
_CONVERSION_OBJECTIVES = frozenset({"WEB_CONVERSION", "CATALOG_SALES"})
# objective -> (CPM range in currency units, paid CTR range)
_OBJECTIVE_RATES: dict[str, tuple[float, float, float, float]] = {
    "AWARENESS": (3.5, 7.0, 0.002, 0.005),
    "CONSIDERATION": (8.0, 15.0, 0.008, 0.016),
    "WEB_SESSIONS": (8.0, 14.0, 0.008, 0.015),
    "VIDEO_COMPLETION": (6.0, 11.0, 0.002, 0.005),
    "VIDEO_VIEW": (6.0, 11.0, 0.002, 0.005),
    "WEB_CONVERSION": (12.0, 20.0, 0.007, 0.013),
    "CATALOG_SALES": (9.0, 15.0, 0.010, 0.018),
}


_UNPACKERS = {n: struct.Struct(f">{n}H") for n in range(1, 33)}


def _draws(key: str, n: int) -> list[float]:
    """``n`` (<= 32) uniform numbers in [0, 1) that depend only on ``key``."""
    digest = hashlib.blake2b(key.encode(), digest_size=2 * n).digest()
    return [x / 65536.0 for x in _UNPACKERS[n].unpack(digest)]


@dataclass(frozen=True)
class Traits:
    """What makes one ad perform the way it does, fixed for its life."""

    cpm_micro: float
    ctr: float
    out_share: float
    save_rate: float
    closeup_rate: float
    earned_ratio: float
    session_share: float
    video: bool
    view_rate: float
    watch_s: float
    converts: bool
    pv_rate: float
    aov_micro: float
    weight: float


def traits_for(ad_id: str, objective: str, creative_type: str) -> Traits:
    """Hash-seeded traits of an ad, shaped by its campaign objective and creative type."""
    u = _draws(f"traits:{ad_id}", 12)
    cpm_lo, cpm_hi, ctr_lo, ctr_hi = _OBJECTIVE_RATES.get(objective, _OBJECTIVE_RATES["CONSIDERATION"])
    video = creative_type in _VIDEO_CREATIVES or objective in _VIDEO_OBJECTIVES
    return Traits(
        cpm_micro=(cpm_lo + (cpm_hi - cpm_lo) * u[0]) * MICRO,
        ctr=ctr_lo + (ctr_hi - ctr_lo) * u[1],
        out_share=0.55 + 0.3 * u[2],
        save_rate=0.001 + 0.003 * u[3],
        closeup_rate=0.003 + 0.006 * u[4],
        earned_ratio=0.05 + 0.15 * u[5],
        session_share=0.5 + 0.25 * u[6],
        video=video,
        view_rate=0.2 + 0.15 * u[7] if video else 0.0,
        watch_s=3.0 + 6.0 * u[8],
        converts=objective in _CONVERSION_OBJECTIVES,
        pv_rate=0.55 + 0.3 * u[9],
        aov_micro=(30.0 + 90.0 * u[10]) * MICRO,
        weight=0.5 + u[11],
    )


def generate(traits: Traits, ad_id: str, eday: int, budget_micro: float, weight: float) -> Vec | None:
    """One ad's numbers for one day, given its share of the budget and the day's active weight.

    Spend is a fraction (62-97%) of the budget share times the active weight, so it can never
    exceed the share; everything else follows from spend through the ad's rates. Counts use
    hash-driven stochastic rounding so small ads still convert now and then.
    """
    u = _draws(f"{ad_id}:{eday}", 24)
    spend = int(budget_micro * weight * (0.62 + 0.35 * u[0]))
    if spend <= 0:
        return None
    imp1 = int(spend * 1000 / (traits.cpm_micro * (0.85 + 0.3 * u[1])))
    if imp1 <= 0:
        return None
    imp2 = int(imp1 * traits.earned_ratio * (0.8 + 0.4 * u[2]) + u[3])
    ctr = traits.ctr * (0.8 + 0.4 * u[4])
    clk1 = int(imp1 * ctr + u[5])
    clk2 = int(imp2 * ctr * 0.8 + u[6])
    out1 = int(clk1 * traits.out_share + u[7])
    out2 = int(clk2 * traits.out_share + u[8])
    save_rate = traits.save_rate * (0.8 + 0.4 * u[9])
    save1 = int(imp1 * save_rate + u[10])
    save2 = int(imp2 * save_rate + u[11])
    eng1 = clk1 + save1 + int(imp1 * traits.closeup_rate + u[12])
    eng2 = clk2 + save2 + int(imp2 * traits.closeup_rate + u[13])
    sess1 = int(out1 * traits.session_share + u[14])
    sess2 = int(out2 * traits.session_share + u[15])
    out = [0] * N_FIELDS
    out[0:15] = [spend, 0, imp1, imp2, 0, clk1, clk2, out1, out2, save1, save2, eng1, eng2, sess1, sess2]
    if traits.video:
        out[F["video_spend"]] = spend
        out[F["video_imp_1"]] = imp1
        k = 0.85 + 0.3 * u[16]
        for suffix, imps, jitter in (("_1", imp1, u[17]), ("_2", imp2, u[18])):
            starts = int(imps * 0.65 + jitter)
            v3s = min(starts, int(imps * traits.view_rate * k + jitter))
            p25 = int(v3s * 0.62 + jitter)
            p50 = int(p25 * 0.7 + jitter)
            p75 = int(p50 * 0.75 + jitter)
            p95 = int(p75 * 0.85 + jitter)
            out[F["vp0" + suffix]] = starts
            out[F["v3s" + suffix]] = v3s
            out[F["vmrc" + suffix]] = int(v3s * 0.72 + jitter)
            out[F["v15s" + suffix]] = int(v3s * 0.3 + jitter)
            out[F["vp25" + suffix]] = p25
            out[F["vp50" + suffix]] = p50
            out[F["vp75" + suffix]] = p75
            out[F["vp95" + suffix]] = p95
            out[F["vp100" + suffix]] = int(p95 * 0.92 + jitter)
            out[F["vwatch_ms" + suffix]] = int(starts * traits.watch_s * 1000)
    if traits.converts:
        c = 0.7 + 0.6 * u[19]
        pv = (
            int((out1 + out2) * traits.pv_rate * c + u[20]),
            int((save1 + save2) * 0.08 * c + u[21]),
            int(imp1 * 0.0004 * c + u[22]),
        )
        atc = tuple(int(x * 0.12 + u[23]) for x in pv)
        su = tuple(int(x * 0.02 + u[20]) for x in pv)
        co = tuple(int(x * 0.4 + u[21]) for x in atc)
        values = tuple(int(x * traits.aov_micro * (0.8 + 0.4 * u[22])) for x in co)
        start = F["pv_click"]
        out[start : start + 15] = [*pv, *atc, *su, *co, *values]
    return tuple(out)


# ------------------------------------------------------------------------------------------
# Budget plans: what each campaign's ads may spend per day.
@dataclass
class AdPlan:
    id: str
    ad_group_id: str
    intervals: Intervals
    born: int
    traits: Traits
    blocked: bool = False  # rejected or pending in review: takes no share of the budget


@dataclass
class AdGroupPlan:
    id: str
    born: int
    mode: str  # DAILY | LIFETIME (a fixed daily amount) | POOL (shares the campaign's money)
    daily_micro: float
    weight: float
    ads: list[AdPlan]
    factor: float = 1.0  # share of its budget it can win (bid floor, audience size: see health.py)


@dataclass
class CampaignPlan:
    id: str
    cap_micro: float | None  # the campaign's daily cap (a lifetime cap paced per day)
    pool_default_micro: float
    ad_groups: list[AdGroupPlan]


def _pacing_days(start: int, end: int) -> int:
    """How many UTC days a schedule [start, end) touches."""
    return max(1, eday_at(max(start, end - 1)) - eday_at(start) + 1)


def _num(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def plan_campaign(store: Any, campaign: Entity, tree: Tree) -> CampaignPlan:
    """The campaign's budgets and, per ad, when it could deliver."""
    c_born = born_at(store, campaign)
    c_start = int(campaign.get("start_time") or 0)
    c_end = int(campaign.get("end_time") or FOREVER)
    lifetime = _num(campaign.get("lifetime_spend_cap"))
    daily_cap = _num(campaign.get("daily_spend_cap"))
    if lifetime is not None and lifetime > 0:
        pace_start = c_start or c_born
        if c_end == FOREVER:
            c_end = pace_start + OPEN_LIFETIME_PACING_DAYS * DAY_S
        paced = lifetime / _pacing_days(pace_start, c_end)
        daily_cap = paced if daily_cap is None else min(daily_cap, paced)
    c_window = intersect(active_intervals(store, campaign), [(c_start, c_end)])
    objective = str(campaign.get("objective_type") or "")
    account = store.ad_accounts.get(str(campaign.get("ad_account_id"))) or {}
    country = str(account.get("country") or "US")
    groups: list[AdGroupPlan] = []
    for ag in tree.ad_groups_of.get(campaign["id"], []):
        g_born = born_at(store, ag)
        g_start = int(ag.get("start_time") or 0)
        g_end = int(ag.get("end_time") or FOREVER)
        budget = _num(ag.get("budget_in_micro_currency"))
        budget_type = str(ag.get("budget_type") or "DAILY")
        mode, daily = "POOL", 0.0
        if budget and budget > 0 and budget_type == "DAILY":
            mode, daily = "DAILY", budget
        elif budget and budget > 0 and budget_type == "LIFETIME":
            pace_start = g_start or c_start or g_born
            if g_end == FOREVER:
                g_end = min(c_end, pace_start + OPEN_LIFETIME_PACING_DAYS * DAY_S)
            if ag.get("pacing_delivery_type") == "ACCELERATED":
                # Accelerated delivery spends the lifetime budget in the first half of the schedule.
                g_end = pace_start + max(DAY_S, (g_end - pace_start) // 2)
            mode, daily = "LIFETIME", budget / _pacing_days(pace_start, g_end)
        g_window = intersect(intersect(c_window, active_intervals(store, ag)), [(g_start, g_end)])
        ads = [
            AdPlan(
                id=ad["id"],
                ad_group_id=ag["id"],
                intervals=intersect(g_window, active_intervals(store, ad)),
                born=born_at(store, ad),
                traits=traits_for(ad["id"], objective, str(ad.get("creative_type") or "REGULAR")),
                # An ad that is rejected or still in review never delivers; its ad group's others do.
                blocked=ad.get("review_status") in ("REJECTED", "PENDING"),
            )
            for ad in tree.ads_of.get(ag["id"], [])
        ]
        weight = 0.5 + _draws(f"group:{ag['id']}", 1)[0]
        factor = delivery_factor(store, ag, country)
        groups.append(AdGroupPlan(ag["id"], g_born, mode, daily, weight, ads, factor))
    default = _num(campaign.get("default_ad_group_budget_in_micro_currency")) or DEFAULT_DAILY_BUDGET_MICRO
    return CampaignPlan(campaign["id"], daily_cap, default, groups)


def _group_budgets(plan: CampaignPlan, day_end: int) -> list[tuple[AdGroupPlan, float]]:
    """Each existing ad group's money for one day, within the campaign's daily cap."""
    existing = [g for g in plan.ad_groups if g.born < day_end]
    budgets = [(g, g.daily_micro) for g in existing if g.mode != "POOL"]
    pooled = [g for g in existing if g.mode == "POOL"]
    if pooled:
        pool = plan.cap_micro if plan.cap_micro is not None else plan.pool_default_micro * len(pooled)
        weights = sum(g.weight for g in pooled)
        budgets += [(g, pool * g.weight / weights) for g in pooled]
    if plan.cap_micro is not None:
        total = sum(b for _, b in budgets)
        if total > plan.cap_micro:
            scale = plan.cap_micro / total
            budgets = [(g, b * scale) for g, b in budgets]
    return [(g, b * g.factor) for g, b in budgets]


@dataclass
class Block:
    """One campaign's numbers for one day (or hour): per ad, per ad group, and the total."""

    ads: dict[str, Vec] = field(default_factory=dict)
    groups: dict[str, Vec] = field(default_factory=dict)
    total: Vec = ZERO


def compute_day(plan: CampaignPlan, eday: int, now: int) -> Block:
    """Generate every ad of the campaign for one day and sum them up."""
    day_end = (eday + 1) * DAY_S
    block = Block()
    if eday * DAY_S >= now:
        return block
    for group, budget in _group_budgets(plan, day_end):
        live = [a for a in group.ads if a.born < day_end and not a.blocked]
        if not live or budget <= 0:
            continue
        weights = sum(a.traits.weight for a in live)
        vectors: list[Vec] = []
        for ad in live:
            weight, _ = coverage(ad.intervals, eday, now)
            if weight <= 0:
                continue
            vec = generate(ad.traits, ad.id, eday, budget * ad.traits.weight / weights, weight)
            if vec is not None:
                block.ads[ad.id] = vec
                vectors.append(vec)
        if vectors:
            block.groups[group.id] = vsum(vectors)
    block.total = vsum(block.groups.values())
    return block


def split_hours(plan: CampaignPlan, day: Block, eday: int, now: int) -> list[Block]:
    """The day's numbers spread over its 24 UTC hours; hours sum exactly to the day.

    Each ad's fields are cut at cumulative floor points of its active, diurnally weighted
    hours, so no unit is lost or invented and no hour outside the active ones gets any.
    """
    hours = [Block() for _ in range(24)]
    for group in plan.ad_groups:
        for ad in group.ads:
            vec = day.ads.get(ad.id)
            if vec is None:
                continue
            _, active = coverage(ad.intervals, eday, now)
            shares = _cumulative_shares(active)
            previous = ZERO
            for h in range(24):
                current = vec if shares[h] >= 1.0 else tuple(int(x * shares[h]) for x in vec)
                piece = tuple(c - p for c, p in zip(current, previous))
                previous = current
                if any(piece):
                    hours[h].ads[ad.id] = piece
    for block in hours:
        by_group: dict[str, list[Vec]] = {}
        for group in plan.ad_groups:
            for ad in group.ads:
                if ad.id in block.ads:
                    by_group.setdefault(group.id, []).append(block.ads[ad.id])
        block.groups = {gid: vsum(vs) for gid, vs in by_group.items()}
        block.total = vsum(block.groups.values())
    return hours


# ------------------------------------------------------------------------------------------
# The engine: entity tree, per-campaign cache.
@dataclass
class Tree:
    """Parent -> children indexes over the store, rebuilt when entity counts change."""

    campaigns_of: dict[str, list[Entity]]
    ad_groups_of: dict[str, list[Entity]]
    ads_of: dict[str, list[Entity]]
    size: tuple[int, int, int]


def build_tree(store: Any) -> Tree:
    campaigns_of: dict[str, list[Entity]] = {}
    ad_groups_of: dict[str, list[Entity]] = {}
    ads_of: dict[str, list[Entity]] = {}
    for campaign in store.campaigns.values():
        campaigns_of.setdefault(str(campaign.get("ad_account_id")), []).append(campaign)
    for ag in store.ad_groups.values():
        ad_groups_of.setdefault(str(ag.get("campaign_id")), []).append(ag)
    for ad in store.ads.values():
        ads_of.setdefault(str(ad.get("ad_group_id")), []).append(ad)
    for index in (campaigns_of, ad_groups_of, ads_of):
        for children in index.values():
            children.sort(key=lambda e: (len(str(e["id"])), str(e["id"])))
    size = (len(store.campaigns), len(store.ad_groups), len(store.ads))
    return Tree(campaigns_of, ad_groups_of, ads_of, size)


_FINGERPRINT_KEYS = (
    "status", "start_time", "end_time", "created_time", "budget_in_micro_currency", "budget_type",
    "daily_spend_cap", "lifetime_spend_cap", "default_ad_group_budget_in_micro_currency",
    "is_campaign_budget_optimization", "objective_type", "creative_type",
    "bid_in_micro_currency", "billable_event", "targeting_spec", "review_status", "pacing_delivery_type",
)  # fmt: skip


@dataclass
class _CampaignCache:
    fingerprint: tuple[Any, ...]
    plan: CampaignPlan
    days: dict[int, Block]


class MetricsEngine:
    """Computes and caches campaign-day blocks for one store."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._tree: Tree | None = None
        self._campaigns: dict[str, _CampaignCache] = {}

    def tree(self) -> Tree:
        store = self.store
        size = (len(store.campaigns), len(store.ad_groups), len(store.ads))
        if self._tree is None or self._tree.size != size:
            self._tree = build_tree(store)
        return self._tree

    def _entity_print(self, entity: Entity) -> tuple[Any, ...]:
        log = self.store.status_log.get(str(entity.get("id"))) or ()
        return (
            entity.get("id"),
            len(log),
            log[-1] if log else None,
            *(entity.get(k) for k in _FINGERPRINT_KEYS),
        )

    def _fingerprint(self, campaign: Entity, tree: Tree) -> tuple[Any, ...]:
        parts: list[Any] = [self._entity_print(campaign)]
        for ag in tree.ad_groups_of.get(campaign["id"], []):
            parts.append(self._entity_print(ag))
            parts.extend(self._entity_print(ad) for ad in tree.ads_of.get(ag["id"], []))
        return tuple(parts)

    def _cache_for(self, campaign_id: str, tree: Tree) -> _CampaignCache:
        campaign = self.store.campaigns[campaign_id]
        fingerprint = self._fingerprint(campaign, tree)
        cached = self._campaigns.get(campaign_id)
        if cached is None or cached.fingerprint != fingerprint:
            cached = _CampaignCache(fingerprint, plan_campaign(self.store, campaign, tree), {})
            self._campaigns[campaign_id] = cached
        return cached

    def days(self, campaign_ids: Iterable[str], edays: Sequence[int]) -> dict[str, dict[int, Block]]:
        """Campaign id -> epoch day -> Block, for every listed campaign and day."""
        tree = self.tree()
        now = self.store.now()
        out: dict[str, dict[int, Block]] = {}
        for cid in campaign_ids:
            cache = self._cache_for(cid, tree)
            per_day: dict[int, Block] = {}
            for eday in edays:
                block = cache.days.get(eday)
                if block is None:
                    block = compute_day(cache.plan, eday, now)
                    if (eday + 1) * DAY_S <= now:
                        cache.days[eday] = block
                per_day[eday] = block
            out[cid] = per_day
        return out

    def hours(self, campaign_id: str, eday: int) -> list[Block]:
        """The campaign's 24 hourly blocks of one day."""
        tree = self.tree()
        cache = self._cache_for(campaign_id, tree)
        day = self.days([campaign_id], [eday])[campaign_id][eday]
        return split_hours(cache.plan, day, eday, self.store.now())


_ENGINES: dict[int, tuple[weakref.ref[Any], MetricsEngine]] = {}


def engine_for(store: Any) -> MetricsEngine:
    """The (cached) engine of a store; one per live Store object."""
    key = id(store)
    entry = _ENGINES.get(key)
    if entry is not None and entry[0]() is store:
        return entry[1]
    for stale in [k for k, (ref, _) in _ENGINES.items() if ref() is None]:
        del _ENGINES[stale]
    engine = MetricsEngine(store)
    _ENGINES[key] = (weakref.ref(store), engine)
    return engine


# ------------------------------------------------------------------------------------------
# Report columns computed from a row's summed base fields.
Number = int | float
Metric = Callable[[Vec], Number | None]


def _get(*names: str) -> Metric:
    idx = [F[name] for name in names]
    if len(idx) == 1:
        i = idx[0]
        return lambda v: v[i]
    return lambda v: sum(v[i] for i in idx)


def _div(num: Metric, den: Metric, scale: float = 1.0) -> Metric:
    """num/den*scale, or None (column left out of the row) when the denominator is zero."""

    def ratio(v: Vec) -> Number | None:
        d = den(v)
        n = num(v)
        if not d or n is None:
            return None
        return n * scale / d

    return ratio


def _dollars(metric: Metric) -> Metric:
    def convert(v: Vec) -> Number | None:
        value = metric(v)
        return None if value is None else value / MICRO

    return convert


def _metric_columns() -> dict[str, Metric]:
    spend = _get("spend")
    video_spend = _get("video_spend")
    imp1, imp2, imps = _get("imp_1"), _get("imp_2"), _get("imp_1", "imp_2")
    clk1, clk2, clks = _get("clk_1"), _get("clk_2"), _get("clk_1", "clk_2")
    out1, outs = _get("out_1"), _get("out_1", "out_2")
    engs = _get("eng_1", "eng_2")
    cols: dict[str, Metric] = {
        "SPEND_IN_MICRO_DOLLAR": spend,
        "SPEND_IN_DOLLAR": _dollars(spend),
        "PAID_IMPRESSION": imp1,
        "IMPRESSION_1": imp1,
        "IMPRESSION_1_GROSS": imp1,
        "IMPRESSION_2": imp2,
        "TOTAL_IMPRESSION": imps,
        "CLICKTHROUGH_1": clk1,
        "CLICKTHROUGH_1_GROSS": clk1,
        "CLICKTHROUGH_2": clk2,
        "TOTAL_CLICKTHROUGH": clks,
        "OUTBOUND_CLICK_1": out1,
        "OUTBOUND_CLICK_2": _get("out_2"),
        "REPIN_1": _get("save_1"),
        "REPIN_2": _get("save_2"),
        "ENGAGEMENT_1": _get("eng_1"),
        "ENGAGEMENT_2": _get("eng_2"),
        "TOTAL_ENGAGEMENT": engs,
        "WEB_SESSIONS_1": _get("sess_1"),
        "WEB_SESSIONS_2": _get("sess_2"),
        "TOTAL_WEB_SESSIONS": _get("sess_1", "sess_2"),
        "CTR": _div(clk1, imp1),
        "CTR_2": _div(clk2, imp2),
        "ECTR": _div(clks, imps),
        "OUTBOUND_CTR_1": _div(out1, imp1),
        "OUTBOUND_CTR": _div(outs, imps),
        "ENGAGEMENT_RATE": _div(engs, imps),
        "EENGAGEMENT_RATE": _div(_get("eng_1"), imp1),
        "REPIN_RATE": _div(_get("save_1"), imp1),
        "TOTAL_REPIN_RATE": _div(_get("save_1", "save_2"), imps),
        "CPC_IN_MICRO_DOLLAR": _div(spend, clk1),
        "ECPC_IN_MICRO_DOLLAR": _div(spend, clks),
        "ECPC_IN_DOLLAR": _div(spend, clks, 1 / MICRO),
        "CPM_IN_MICRO_DOLLAR": _div(spend, imp1, 1000),
        "CPM_IN_DOLLAR": _div(spend, imp1, 1000 / MICRO),
        "ECPM_IN_MICRO_DOLLAR": _div(spend, imps, 1000),
        "ECPE_IN_DOLLAR": _div(spend, engs, 1 / MICRO),
        "COST_PER_OUTBOUND_CLICK": _div(spend, outs),
        "COST_PER_OUTBOUND_CLICK_IN_DOLLAR": _div(spend, outs, 1 / MICRO),
        "COST_PER_OUTBOUND_CLICK_IN_DOLLAR_1": _div(spend, out1, 1 / MICRO),
        "VIDEO_SPEND_IN_DOLLAR": _dollars(video_spend),
        "PAID_VIDEO_VIEWABLE_RATE": _div(_get("vmrc_1"), _get("video_imp_1")),
        "ECPV_IN_DOLLAR": _div(video_spend, _get("v3s_1"), 1 / MICRO),
        "CPV_IN_MICRO_DOLLAR": _div(video_spend, _get("v3s_1")),
        "ECPCV_IN_DOLLAR": _div(video_spend, _get("vp100_1"), 1 / MICRO),
        "CPCV_IN_MICRO_DOLLAR": _div(video_spend, _get("vp100_1")),
        "ECPCV_P95_IN_DOLLAR": _div(video_spend, _get("vp95_1"), 1 / MICRO),
        "CPCV_P95_IN_MICRO_DOLLAR": _div(video_spend, _get("vp95_1")),
        "VIDEO_AVG_WATCHTIME_IN_SECOND_1": _div(_get("vwatch_ms_1"), _get("vp0_1"), 1 / 1000),
        "VIDEO_AVG_WATCHTIME_IN_SECOND_2": _div(_get("vwatch_ms_2"), _get("vp0_2"), 1 / 1000),
        "TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND": _div(
            _get("vwatch_ms_1", "vwatch_ms_2"), _get("vp0_1", "vp0_2"), 1 / 1000
        ),
    }
    video = {
        "3SEC_VIEWS": "v3s", "MRC_VIEWS": "vmrc", "15SEC_UNIQUE_VIEWS": "v15s", "P0_COMBINED": "vp0",
        "P25_COMBINED": "vp25", "P50_COMBINED": "vp50", "P75_COMBINED": "vp75", "P95_COMBINED": "vp95",
        "P100_COMPLETE": "vp100",
    }  # fmt: skip
    for name, base in video.items():
        cols[f"VIDEO_{name}_1"] = _get(f"{base}_1")
        cols[f"VIDEO_{name}_2"] = _get(f"{base}_2")
        cols[f"TOTAL_VIDEO_{name}"] = _get(f"{base}_1", f"{base}_2")
    events = {"PAGE_VISIT": "pv", "ADD_TO_CART": "atc", "SIGNUP": "su", "CHECKOUT": "co"}
    channels = {"CLICK": "click", "ENGAGEMENT": "eng", "VIEW": "view"}
    all_events: list[str] = []
    for event, base in events.items():
        names = [f"{base}_{ch}" for ch in channels.values()]
        all_events += names
        total = _get(*names)
        value = _get(*[f"co_val_{ch}" for ch in channels.values()]) if event == "CHECKOUT" else (lambda v: 0)
        for web in ("", "WEB_"):
            cols[f"TOTAL_{web}{event}"] = total
            cols[f"TOTAL_{web}{event}_VALUE_IN_MICRO_DOLLAR"] = value
            cols[f"{web}{event}_COST_PER_ACTION"] = _div(spend, total)
            cols[f"{web}{event}_ROAS"] = _div(value, spend)
            for channel, short in channels.items():
                cols[f"TOTAL_{web}{channel}_{event}"] = _get(f"{base}_{short}")
                cols[f"TOTAL_{web}{channel}_{event}_VALUE_IN_MICRO_DOLLAR"] = (
                    _get(f"co_val_{short}") if event == "CHECKOUT" else (lambda v: 0)
                )
        cols[f"TOTAL_{event}_CONVERSION_RATE"] = _div(total, clks)
    cols["TOTAL_CONVERSIONS"] = _get(*all_events)
    cols["TOTAL_CONVERSIONS_VALUE_IN_MICRO_DOLLAR"] = _get("co_val_click", "co_val_eng", "co_val_view")
    known = set(SYNC_COLUMNS) | set(ASYNC_COLUMNS)
    return {name: fn for name, fn in cols.items() if name in known}


def metric_values(columns: Iterable[str], vec: Vec) -> dict[str, Number]:
    """The requested metric columns this emulator models, computed on one summed vector."""
    out: dict[str, Number] = {}
    for column in columns:
        fn = METRIC_COLUMNS.get(column)
        if fn is not None:
            value = fn(vec)
            if value is not None:
                out[column] = value
    return out


# ------------------------------------------------------------------------------------------
# Report rows: shared by sync analytics and async reports so both give the same numbers.
@dataclass(frozen=True)
class Member:
    """A part of a row's subject: a whole campaign, one ad group or one ad of a campaign."""

    campaign_id: str
    kind: str  # campaign | ad_group | ad
    id: str


@dataclass
class Subject:
    """What one report entity sums (``key`` None = an aggregate row with no id)."""

    key: str | None
    members: list[Member]
    attributes: dict[str, Any] = field(default_factory=dict)


def _pick(block: Block, member: Member) -> Vec:
    if member.kind == "campaign":
        return block.total
    if member.kind == "ad_group":
        return block.groups.get(member.id, ZERO)
    return block.ads.get(member.id, ZERO)


@dataclass(frozen=True)
class Period:
    """A row's time bucket: its DATE label and the epoch days it covers."""

    label: date | None
    days: tuple[int, ...]


def periods(start: date, end: date, granularity: str) -> list[Period]:
    """TOTAL, DAY, WEEK (Monday-start) or MONTH buckets; a bucket's label is its first day in range."""
    edays = list(range(eday_of(start), eday_of(end) + 1))
    if granularity == "TOTAL":
        return [Period(None, tuple(edays))]
    if granularity == "DAY":
        return [Period(date_of(d), (d,)) for d in edays]
    groups: dict[Any, list[int]] = {}
    for d in edays:
        day = date_of(d)
        key = (day - timedelta(days=day.weekday())) if granularity == "WEEK" else (day.year, day.month)
        groups.setdefault(key, []).append(d)
    return [Period(date_of(ds[0]), tuple(ds)) for ds in groups.values()]


@dataclass
class Row:
    """One report row: its subject and period, the summed base fields, and the output object."""

    subject: Subject
    date: date | None
    hour: int | None
    vec: Vec
    values: dict[str, Any]


def _compose(
    subject: Subject,
    when: date | None,
    hour: int | None,
    vec: Vec,
    columns: Sequence[str],
    id_column: str | None,
) -> Row:
    values: dict[str, Any] = {}
    if id_column and subject.key is not None:
        values[id_column] = subject.key
    if when is not None:
        values["DATE"] = when.isoformat()
    if hour is not None:
        values["HOUR"] = hour
    metrics = metric_values(columns, vec)
    for column in columns:
        if column in metrics:
            values[column] = metrics[column]
        elif subject.attributes.get(column) is not None:
            values[column] = subject.attributes[column]
    return Row(subject, when, hour, vec, values)


def build_rows(
    engine: MetricsEngine,
    subjects: Sequence[Subject],
    start: date,
    end: date,
    granularity: str,
    columns: Sequence[str],
    id_column: str | None,
    *,
    start_hour: int | None = None,
    end_hour: int | None = None,
) -> list[Row]:
    """One row per subject and period with any delivery, subjects in order, periods ascending.

    Rows whose base fields are all zero are left out, as Pinterest omits entities and dates
    with no delivery. HOUR rows carry the hour's day in ``DATE`` and the UTC hour in ``HOUR``.
    """
    campaign_ids = sorted({m.campaign_id for s in subjects for m in s.members})
    rows: list[Row] = []
    if granularity == "HOUR":
        first, last = eday_of(start), eday_of(end)
        hourly = {(cid, d): engine.hours(cid, d) for cid in campaign_ids for d in range(first, last + 1)}
        for subject in subjects:
            for d in range(first, last + 1):
                lo = start_hour if (d == first and start_hour is not None) else 0
                hi = end_hour if (d == last and end_hour is not None) else 23
                for h in range(lo, hi + 1):
                    vec = vsum(_pick(hourly[(m.campaign_id, d)][h], m) for m in subject.members)
                    if any(vec):
                        rows.append(_compose(subject, date_of(d), h, vec, columns, id_column))
        return rows
    spans = periods(start, end, granularity)
    blocks = engine.days(campaign_ids, list(range(eday_of(start), eday_of(end) + 1)))
    for subject in subjects:
        for span in spans:
            vec = vsum(_pick(blocks[m.campaign_id][d], m) for m in subject.members for d in span.days)
            if any(vec):
                rows.append(_compose(subject, span.label, None, vec, columns, id_column))
    return rows


# ------------------------------------------------------------------------------------------
# The spec's column enums (v5.23): the sync ``columns`` query enum (175 names, the same for
# every sync analytics endpoint) and ``ReportingColumnAsync`` (613 names: the sync list without
# QUIZ_PIN_RESULT_OPEN, plus async-only columns). Requests are validated against them.
_SYNC_COLUMN_NAMES = """
    SPEND_IN_MICRO_DOLLAR PAID_IMPRESSION SPEND_IN_DOLLAR CPC_IN_MICRO_DOLLAR ECPC_IN_MICRO_DOLLAR
    ECPC_IN_DOLLAR CTR ECTR OUTBOUND_CTR_1 CAMPAIGN_NAME CAMPAIGN_BRAND_LABEL PIN_ID TOTAL_ENGAGEMENT
    ENGAGEMENT_1 ENGAGEMENT_2 ECPE_IN_DOLLAR ENGAGEMENT_RATE EENGAGEMENT_RATE ECPM_IN_MICRO_DOLLAR
    REPIN_RATE CTR_2 CAMPAIGN_ID ADVERTISER_ID AD_ACCOUNT_ID PIN_PROMOTION_ID AD_ID AD_GROUP_ID
    CAMPAIGN_ENTITY_STATUS CAMPAIGN_OBJECTIVE_TYPE CPM_IN_MICRO_DOLLAR CPM_IN_DOLLAR AD_GROUP_NAME
    AD_GROUP_BUDGET_TYPE AD_GROUP_BUDGET_IN_LOCAL_CURRENCY AD_GROUP_ENTITY_STATUS AD_GROUP_BID_MULTIPLIER
    PROMO_ID PROMO_NAME ORDER_LINE_ID ORDER_LINE_NAME CLICKTHROUGH_1 REPIN_1 IMPRESSION_1 IMPRESSION_1_GROSS
    CLICKTHROUGH_1_GROSS OUTBOUND_CLICK_1 CLICKTHROUGH_2 REPIN_2 IMPRESSION_2 OUTBOUND_CLICK_2
    TOTAL_CLICKTHROUGH TOTAL_IMPRESSION TOTAL_IMPRESSION_USER TOTAL_IMPRESSION_FREQUENCY
    COST_PER_OUTBOUND_CLICK_IN_DOLLAR COST_PER_OUTBOUND_CLICK_IN_DOLLAR_1 TOTAL_ENGAGEMENT_SIGNUP
    TOTAL_ENGAGEMENT_CHECKOUT TOTAL_ENGAGEMENT_LEAD TOTAL_CLICK_SIGNUP TOTAL_CLICK_CHECKOUT
    TOTAL_CLICK_ADD_TO_CART TOTAL_CLICK_LEAD TOTAL_VIEW_SIGNUP TOTAL_VIEW_CHECKOUT TOTAL_VIEW_ADD_TO_CART
    TOTAL_VIEW_LEAD TOTAL_CONVERSIONS TOTAL_ENGAGEMENT_SIGNUP_VALUE_IN_MICRO_DOLLAR
    TOTAL_ENGAGEMENT_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_CLICK_SIGNUP_VALUE_IN_MICRO_DOLLAR
    TOTAL_CLICK_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_VIEW_SIGNUP_VALUE_IN_MICRO_DOLLAR
    TOTAL_VIEW_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_SESSIONS WEB_SESSIONS_1 WEB_SESSIONS_2 AD_NAME
    CAMPAIGN_LIFETIME_SPEND_CAP AD_GROUP_OPTIMIZATION CAMPAIGN_DAILY_SPEND_CAP CAMPAIGN_BUDGET_OPTIMIZATION
    IS_PREMIERE_CAMPAIGN TOTAL_PAGE_VISIT TOTAL_SIGNUP TOTAL_CHECKOUT TOTAL_CUSTOM TOTAL_LEAD
    TOTAL_ADD_TO_WISHLIST TOTAL_SUBSCRIBE TOTAL_SIGNUP_VALUE_IN_MICRO_DOLLAR
    TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_CUSTOM_VALUE_IN_MICRO_DOLLAR PAGE_VISIT_COST_PER_ACTION
    PAGE_VISIT_ROAS CHECKOUT_ROAS CUSTOM_ROAS PRODUCT_GROUP_AD_IMAGE_TAG PRODUCT_GROUP_AD_VIDEO_TAG
    VIDEO_3SEC_VIEWS_1 VIDEO_15SEC_UNIQUE_VIEWS_1 VIDEO_MRC_VIEWS_1 VIDEO_3SEC_VIEWS_2
    VIDEO_15SEC_UNIQUE_VIEWS_2 VIDEO_P100_COMPLETE_2 VIDEO_P0_COMBINED_2 VIDEO_P25_COMBINED_2
    VIDEO_P50_COMBINED_2 VIDEO_P75_COMBINED_2 VIDEO_P95_COMBINED_2 VIDEO_MRC_VIEWS_2
    PAID_VIDEO_VIEWABLE_RATE VIDEO_LENGTH VIDEO_SPEND_IN_DOLLAR ECPV_IN_DOLLAR ECPCV_IN_DOLLAR
    ECPCV_P95_IN_DOLLAR TOTAL_VIDEO_3SEC_VIEWS TOTAL_VIDEO_15SEC_UNIQUE_VIEWS TOTAL_VIDEO_P100_COMPLETE
    TOTAL_VIDEO_P0_COMBINED TOTAL_VIDEO_P25_COMBINED TOTAL_VIDEO_P50_COMBINED TOTAL_VIDEO_P75_COMBINED
    TOTAL_VIDEO_P95_COMBINED TOTAL_VIDEO_MRC_VIEWS TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND TOTAL_REPIN_RATE
    WEB_CHECKOUT_COST_PER_ACTION WEB_CHECKOUT_ROAS TOTAL_WEB_CHECKOUT
    TOTAL_WEB_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_CLICK_CHECKOUT
    TOTAL_WEB_CLICK_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_ENGAGEMENT_CHECKOUT
    TOTAL_WEB_ENGAGEMENT_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_VIEW_CHECKOUT
    TOTAL_WEB_VIEW_CHECKOUT_VALUE_IN_MICRO_DOLLAR INAPP_CHECKOUT_COST_PER_ACTION TOTAL_OFFLINE_CHECKOUT
    TOTAL_APP_INSTALL_CONVERSION_RATE TOTAL_INAPP_APP_INSTALL_CONVERSION_RATE IDEA_PIN_PRODUCT_TAG_VISIT_1
    IDEA_PIN_PRODUCT_TAG_VISIT_2 TOTAL_IDEA_PIN_PRODUCT_TAG_VISIT LEADS COST_PER_LEAD QUIZ_COMPLETED
    QUIZ_PIN_RESULT_OPEN QUIZ_COMPLETION_RATE SHOWCASE_PIN_CLICKTHROUGH SHOWCASE_SUBPAGE_CLICKTHROUGH
    SHOWCASE_SUBPIN_CLICKTHROUGH SHOWCASE_SUBPAGE_IMPRESSION SHOWCASE_SUBPIN_IMPRESSION
    SHOWCASE_SUBPAGE_SWIPE_LEFT SHOWCASE_SUBPAGE_SWIPE_RIGHT SHOWCASE_SUBPIN_SWIPE_LEFT
    SHOWCASE_SUBPIN_SWIPE_RIGHT SHOWCASE_SUBPAGE_REPIN SHOWCASE_SUBPIN_REPIN SHOWCASE_SUBPAGE_CLOSEUP
    SHOWCASE_CARD_THUMBNAIL_SWIPE_FORWARD SHOWCASE_CARD_THUMBNAIL_SWIPE_BACKWARD
    SHOWCASE_AVERAGE_SUBPAGE_CLOSEUP_PER_SESSION TOTAL_CHECKOUT_CONVERSION_RATE
    TOTAL_VIEW_CATEGORY_CONVERSION_RATE TOTAL_ADD_TO_CART_CONVERSION_RATE TOTAL_SIGNUP_CONVERSION_RATE
    TOTAL_PAGE_VISIT_CONVERSION_RATE TOTAL_LEAD_CONVERSION_RATE TOTAL_SEARCH_CONVERSION_RATE
    TOTAL_WATCH_VIDEO_CONVERSION_RATE TOTAL_UNKNOWN_CONVERSION_RATE TOTAL_CUSTOM_CONVERSION_RATE
""".split()  # noqa: SIM905

_ASYNC_ONLY_COLUMN_NAMES = """
    ADS_CREDIT_SPEND_IN_MICRO_DOLLAR ADS_CREDIT_SPEND_IN_DOLLAR OUTBOUND_CTR COST_PER_OUTBOUND_CLICK
    CAMPAIGN_STATUS CAMPAIGN_CUSTOM_LABELS PIN_PROMOTION_STATUS AD_STATUS CAMPAIGN_MANAGED_STATUS
    AD_GROUP_STATUS PRODUCT_GROUP_ID PRODUCT_GROUP_STATUS PRODUCT_ITEM_NAME PRODUCT_ITEM_IMAGE_URL
    PRODUCT_ITEM_PRICE PRODUCT_ITEM_PRODUCT_URL PRODUCT_ITEM_PIN_URL PRODUCT_ITEM_BRAND
    PRODUCT_ITEM_DESCRIPTION PRODUCT_ITEM_SALE_PRICE PRODUCT_ITEM_PRODUCT_TYPE PRODUCT_ITEM_PRODUCT_CATEGORY
    PRODUCT_ITEM_CURRENCY TOTAL_ENGAGEMENT_PAGE_VISIT TOTAL_ENGAGEMENT_CUSTOM TOTAL_ENGAGEMENT_ADD_TO_CART
    TOTAL_ENGAGEMENT_SEARCH TOTAL_ENGAGEMENT_WATCH_VIDEO TOTAL_ENGAGEMENT_VIEW_CATEGORY
    TOTAL_ENGAGEMENT_APP_INSTALL TOTAL_ENGAGEMENT_UNKNOWN TOTAL_CLICK_PAGE_VISIT TOTAL_CLICK_CUSTOM
    TOTAL_CLICK_SEARCH TOTAL_CLICK_WATCH_VIDEO TOTAL_CLICK_VIEW_CATEGORY TOTAL_CLICK_APP_INSTALL
    TOTAL_CLICK_UNKNOWN TOTAL_VIEW_PAGE_VISIT TOTAL_VIEW_CUSTOM TOTAL_VIEW_SEARCH TOTAL_VIEW_WATCH_VIDEO
    TOTAL_VIEW_VIEW_CATEGORY TOTAL_VIEW_APP_INSTALL TOTAL_VIEW_UNKNOWN
    TOTAL_ENGAGEMENT_PAGE_VISIT_VALUE_IN_MICRO_DOLLAR TOTAL_ENGAGEMENT_CUSTOM_VALUE_IN_MICRO_DOLLAR
    TOTAL_ENGAGEMENT_ADD_TO_CART_VALUE_IN_MICRO_DOLLAR TOTAL_ENGAGEMENT_LEAD_VALUE_IN_MICRO_DOLLAR
    TOTAL_ENGAGEMENT_SEARCH_VALUE_IN_MICRO_DOLLAR TOTAL_ENGAGEMENT_WATCH_VIDEO_VALUE_IN_MICRO_DOLLAR
    TOTAL_ENGAGEMENT_VIEW_CATEGORY_VALUE_IN_MICRO_DOLLAR TOTAL_ENGAGEMENT_APP_INSTALL_VALUE_IN_MICRO_DOLLAR
    TOTAL_ENGAGEMENT_UNKNOWN_VALUE_IN_MICRO_DOLLAR TOTAL_CLICK_PAGE_VISIT_VALUE_IN_MICRO_DOLLAR
    TOTAL_CLICK_CUSTOM_VALUE_IN_MICRO_DOLLAR TOTAL_CLICK_ADD_TO_CART_VALUE_IN_MICRO_DOLLAR
    TOTAL_CLICK_LEAD_VALUE_IN_MICRO_DOLLAR TOTAL_CLICK_SEARCH_VALUE_IN_MICRO_DOLLAR
    TOTAL_CLICK_WATCH_VIDEO_VALUE_IN_MICRO_DOLLAR TOTAL_CLICK_VIEW_CATEGORY_VALUE_IN_MICRO_DOLLAR
    TOTAL_CLICK_APP_INSTALL_VALUE_IN_MICRO_DOLLAR TOTAL_CLICK_UNKNOWN_VALUE_IN_MICRO_DOLLAR
    TOTAL_VIEW_PAGE_VISIT_VALUE_IN_MICRO_DOLLAR TOTAL_VIEW_CUSTOM_VALUE_IN_MICRO_DOLLAR
    TOTAL_VIEW_ADD_TO_CART_VALUE_IN_MICRO_DOLLAR TOTAL_VIEW_LEAD_VALUE_IN_MICRO_DOLLAR
    TOTAL_VIEW_SEARCH_VALUE_IN_MICRO_DOLLAR TOTAL_VIEW_WATCH_VIDEO_VALUE_IN_MICRO_DOLLAR
    TOTAL_VIEW_VIEW_CATEGORY_VALUE_IN_MICRO_DOLLAR TOTAL_VIEW_APP_INSTALL_VALUE_IN_MICRO_DOLLAR
    TOTAL_VIEW_UNKNOWN_VALUE_IN_MICRO_DOLLAR TOTAL_CONVERSIONS_VALUE_IN_MICRO_DOLLAR
    TOTAL_ENGAGEMENT_PAGE_VISIT_QUANTITY TOTAL_ENGAGEMENT_SIGNUP_QUANTITY TOTAL_ENGAGEMENT_CHECKOUT_QUANTITY
    TOTAL_ENGAGEMENT_CUSTOM_QUANTITY TOTAL_ENGAGEMENT_ADD_TO_CART_QUANTITY TOTAL_ENGAGEMENT_LEAD_QUANTITY
    TOTAL_ENGAGEMENT_SEARCH_QUANTITY TOTAL_ENGAGEMENT_WATCH_VIDEO_QUANTITY
    TOTAL_ENGAGEMENT_VIEW_CATEGORY_QUANTITY TOTAL_ENGAGEMENT_UNKNOWN_QUANTITY
    TOTAL_CLICK_PAGE_VISIT_QUANTITY TOTAL_CLICK_SIGNUP_QUANTITY TOTAL_CLICK_CHECKOUT_QUANTITY
    TOTAL_CLICK_CUSTOM_QUANTITY TOTAL_CLICK_ADD_TO_CART_QUANTITY TOTAL_CLICK_LEAD_QUANTITY
    TOTAL_CLICK_SEARCH_QUANTITY TOTAL_CLICK_WATCH_VIDEO_QUANTITY TOTAL_CLICK_VIEW_CATEGORY_QUANTITY
    TOTAL_CLICK_UNKNOWN_QUANTITY TOTAL_VIEW_PAGE_VISIT_QUANTITY TOTAL_VIEW_SIGNUP_QUANTITY
    TOTAL_VIEW_CHECKOUT_QUANTITY TOTAL_VIEW_CUSTOM_QUANTITY TOTAL_VIEW_ADD_TO_CART_QUANTITY
    TOTAL_VIEW_LEAD_QUANTITY TOTAL_VIEW_SEARCH_QUANTITY TOTAL_VIEW_WATCH_VIDEO_QUANTITY
    TOTAL_VIEW_VIEW_CATEGORY_QUANTITY TOTAL_VIEW_UNKNOWN_QUANTITY TOTAL_CONVERSIONS_QUANTITY
    ONSITE_CHECKOUTS_1 PIN_PROMOTION_NAME TOTAL_PAGE_VISIT_DESKTOP_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_PAGE_VISIT_DESKTOP_ACTION_TO_MOBILE_CONVERSION
    TOTAL_PAGE_VISIT_DESKTOP_ACTION_TO_TABLET_CONVERSION
    TOTAL_PAGE_VISIT_MOBILE_ACTION_TO_DESKTOP_CONVERSION TOTAL_PAGE_VISIT_MOBILE_ACTION_TO_MOBILE_CONVERSION
    TOTAL_PAGE_VISIT_MOBILE_ACTION_TO_TABLET_CONVERSION TOTAL_PAGE_VISIT_TABLET_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_PAGE_VISIT_TABLET_ACTION_TO_MOBILE_CONVERSION TOTAL_PAGE_VISIT_TABLET_ACTION_TO_TABLET_CONVERSION
    TOTAL_SIGNUP_DESKTOP_ACTION_TO_DESKTOP_CONVERSION TOTAL_SIGNUP_DESKTOP_ACTION_TO_MOBILE_CONVERSION
    TOTAL_SIGNUP_DESKTOP_ACTION_TO_TABLET_CONVERSION TOTAL_SIGNUP_MOBILE_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_SIGNUP_MOBILE_ACTION_TO_MOBILE_CONVERSION TOTAL_SIGNUP_MOBILE_ACTION_TO_TABLET_CONVERSION
    TOTAL_SIGNUP_TABLET_ACTION_TO_DESKTOP_CONVERSION TOTAL_SIGNUP_TABLET_ACTION_TO_MOBILE_CONVERSION
    TOTAL_SIGNUP_TABLET_ACTION_TO_TABLET_CONVERSION TOTAL_CHECKOUT_DESKTOP_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_CHECKOUT_DESKTOP_ACTION_TO_MOBILE_CONVERSION TOTAL_CHECKOUT_DESKTOP_ACTION_TO_TABLET_CONVERSION
    TOTAL_CHECKOUT_MOBILE_ACTION_TO_DESKTOP_CONVERSION TOTAL_CHECKOUT_MOBILE_ACTION_TO_MOBILE_CONVERSION
    TOTAL_CHECKOUT_MOBILE_ACTION_TO_TABLET_CONVERSION TOTAL_CHECKOUT_TABLET_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_CHECKOUT_TABLET_ACTION_TO_MOBILE_CONVERSION TOTAL_CHECKOUT_TABLET_ACTION_TO_TABLET_CONVERSION
    TOTAL_CUSTOM_DESKTOP_ACTION_TO_DESKTOP_CONVERSION TOTAL_CUSTOM_DESKTOP_ACTION_TO_MOBILE_CONVERSION
    TOTAL_CUSTOM_DESKTOP_ACTION_TO_TABLET_CONVERSION TOTAL_CUSTOM_MOBILE_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_CUSTOM_MOBILE_ACTION_TO_MOBILE_CONVERSION TOTAL_CUSTOM_MOBILE_ACTION_TO_TABLET_CONVERSION
    TOTAL_CUSTOM_TABLET_ACTION_TO_DESKTOP_CONVERSION TOTAL_CUSTOM_TABLET_ACTION_TO_MOBILE_CONVERSION
    TOTAL_CUSTOM_TABLET_ACTION_TO_TABLET_CONVERSION TOTAL_ADD_TO_CART_DESKTOP_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_ADD_TO_CART_DESKTOP_ACTION_TO_MOBILE_CONVERSION
    TOTAL_ADD_TO_CART_DESKTOP_ACTION_TO_TABLET_CONVERSION
    TOTAL_ADD_TO_CART_MOBILE_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_ADD_TO_CART_MOBILE_ACTION_TO_MOBILE_CONVERSION
    TOTAL_ADD_TO_CART_MOBILE_ACTION_TO_TABLET_CONVERSION
    TOTAL_ADD_TO_CART_TABLET_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_ADD_TO_CART_TABLET_ACTION_TO_MOBILE_CONVERSION
    TOTAL_ADD_TO_CART_TABLET_ACTION_TO_TABLET_CONVERSION TOTAL_LEAD_DESKTOP_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_LEAD_DESKTOP_ACTION_TO_MOBILE_CONVERSION TOTAL_LEAD_DESKTOP_ACTION_TO_TABLET_CONVERSION
    TOTAL_LEAD_MOBILE_ACTION_TO_DESKTOP_CONVERSION TOTAL_LEAD_MOBILE_ACTION_TO_MOBILE_CONVERSION
    TOTAL_LEAD_MOBILE_ACTION_TO_TABLET_CONVERSION TOTAL_LEAD_TABLET_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_LEAD_TABLET_ACTION_TO_MOBILE_CONVERSION TOTAL_LEAD_TABLET_ACTION_TO_TABLET_CONVERSION
    TOTAL_SEARCH_DESKTOP_ACTION_TO_DESKTOP_CONVERSION TOTAL_SEARCH_DESKTOP_ACTION_TO_MOBILE_CONVERSION
    TOTAL_SEARCH_DESKTOP_ACTION_TO_TABLET_CONVERSION TOTAL_SEARCH_MOBILE_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_SEARCH_MOBILE_ACTION_TO_MOBILE_CONVERSION TOTAL_SEARCH_MOBILE_ACTION_TO_TABLET_CONVERSION
    TOTAL_SEARCH_TABLET_ACTION_TO_DESKTOP_CONVERSION TOTAL_SEARCH_TABLET_ACTION_TO_MOBILE_CONVERSION
    TOTAL_SEARCH_TABLET_ACTION_TO_TABLET_CONVERSION TOTAL_WATCH_VIDEO_DESKTOP_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_WATCH_VIDEO_DESKTOP_ACTION_TO_MOBILE_CONVERSION
    TOTAL_WATCH_VIDEO_DESKTOP_ACTION_TO_TABLET_CONVERSION
    TOTAL_WATCH_VIDEO_MOBILE_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_WATCH_VIDEO_MOBILE_ACTION_TO_MOBILE_CONVERSION
    TOTAL_WATCH_VIDEO_MOBILE_ACTION_TO_TABLET_CONVERSION
    TOTAL_WATCH_VIDEO_TABLET_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_WATCH_VIDEO_TABLET_ACTION_TO_MOBILE_CONVERSION
    TOTAL_WATCH_VIDEO_TABLET_ACTION_TO_TABLET_CONVERSION
    TOTAL_VIEW_CATEGORY_DESKTOP_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_VIEW_CATEGORY_DESKTOP_ACTION_TO_MOBILE_CONVERSION
    TOTAL_VIEW_CATEGORY_DESKTOP_ACTION_TO_TABLET_CONVERSION
    TOTAL_VIEW_CATEGORY_MOBILE_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_VIEW_CATEGORY_MOBILE_ACTION_TO_MOBILE_CONVERSION
    TOTAL_VIEW_CATEGORY_MOBILE_ACTION_TO_TABLET_CONVERSION
    TOTAL_VIEW_CATEGORY_TABLET_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_VIEW_CATEGORY_TABLET_ACTION_TO_MOBILE_CONVERSION
    TOTAL_VIEW_CATEGORY_TABLET_ACTION_TO_TABLET_CONVERSION
    TOTAL_APP_INSTALL_DESKTOP_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_APP_INSTALL_DESKTOP_ACTION_TO_MOBILE_CONVERSION
    TOTAL_APP_INSTALL_DESKTOP_ACTION_TO_TABLET_CONVERSION
    TOTAL_APP_INSTALL_MOBILE_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_APP_INSTALL_MOBILE_ACTION_TO_MOBILE_CONVERSION
    TOTAL_APP_INSTALL_MOBILE_ACTION_TO_TABLET_CONVERSION
    TOTAL_APP_INSTALL_TABLET_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_APP_INSTALL_TABLET_ACTION_TO_MOBILE_CONVERSION
    TOTAL_APP_INSTALL_TABLET_ACTION_TO_TABLET_CONVERSION TOTAL_UNKNOWN_DESKTOP_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_UNKNOWN_DESKTOP_ACTION_TO_MOBILE_CONVERSION TOTAL_UNKNOWN_DESKTOP_ACTION_TO_TABLET_CONVERSION
    TOTAL_UNKNOWN_MOBILE_ACTION_TO_DESKTOP_CONVERSION TOTAL_UNKNOWN_MOBILE_ACTION_TO_MOBILE_CONVERSION
    TOTAL_UNKNOWN_MOBILE_ACTION_TO_TABLET_CONVERSION TOTAL_UNKNOWN_TABLET_ACTION_TO_DESKTOP_CONVERSION
    TOTAL_UNKNOWN_TABLET_ACTION_TO_MOBILE_CONVERSION TOTAL_UNKNOWN_TABLET_ACTION_TO_TABLET_CONVERSION
    TOTAL_ADD_TO_CART TOTAL_SEARCH TOTAL_WATCH_VIDEO TOTAL_VIEW_CATEGORY TOTAL_APP_INSTALL
    TOTAL_ADD_TO_CART_VALUE_IN_MICRO_DOLLAR TOTAL_LEAD_VALUE_IN_MICRO_DOLLAR
    TOTAL_SEARCH_VALUE_IN_MICRO_DOLLAR TOTAL_WATCH_VIDEO_VALUE_IN_MICRO_DOLLAR
    TOTAL_VIEW_CATEGORY_VALUE_IN_MICRO_DOLLAR TOTAL_APP_INSTALL_VALUE_IN_MICRO_DOLLAR
    TOTAL_CHECKOUT_QUANTITY APP_INSTALL_COST_PER_ACTION VIDEO_P100_COMPLETE_1 VIDEO_P0_COMBINED_1
    VIDEO_P25_COMBINED_1 VIDEO_P50_COMBINED_1 VIDEO_P75_COMBINED_1 VIDEO_P95_COMBINED_1 CPV_IN_MICRO_DOLLAR
    CPCV_IN_MICRO_DOLLAR CPCV_P95_IN_MICRO_DOLLAR VIDEO_AVG_WATCHTIME_IN_SECOND_1
    VIDEO_AVG_WATCHTIME_IN_SECOND_2 TOTAL_DESTINATION_VIEWS INAPP_CHECKOUT_ROAS TOTAL_INAPP_CHECKOUT
    TOTAL_INAPP_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_INAPP_CLICK_CHECKOUT
    TOTAL_INAPP_CLICK_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_INAPP_ENGAGEMENT_CHECKOUT
    TOTAL_INAPP_ENGAGEMENT_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_INAPP_VIEW_CHECKOUT
    TOTAL_INAPP_VIEW_CHECKOUT_VALUE_IN_MICRO_DOLLAR OFFLINE_CHECKOUT_COST_PER_ACTION OFFLINE_CHECKOUT_ROAS
    TOTAL_OFFLINE_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_CLICK_CHECKOUT
    TOTAL_OFFLINE_CLICK_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_ENGAGEMENT_CHECKOUT
    TOTAL_OFFLINE_ENGAGEMENT_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_VIEW_CHECKOUT
    TOTAL_OFFLINE_VIEW_CHECKOUT_VALUE_IN_MICRO_DOLLAR PINTEREST_CHECKOUT_COST_PER_ACTION
    PINTEREST_CHECKOUT_ROAS TOTAL_PINTEREST_CHECKOUT TOTAL_PINTEREST_CHECKOUT_VALUE_IN_MICRO_DOLLAR
    WEB_ADD_TO_CART_COST_PER_ACTION WEB_ADD_TO_CART_ROAS TOTAL_WEB_ADD_TO_CART
    TOTAL_WEB_ADD_TO_CART_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_CLICK_ADD_TO_CART
    TOTAL_WEB_CLICK_ADD_TO_CART_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_ENGAGEMENT_ADD_TO_CART
    TOTAL_WEB_ENGAGEMENT_ADD_TO_CART_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_VIEW_ADD_TO_CART
    TOTAL_WEB_VIEW_ADD_TO_CART_VALUE_IN_MICRO_DOLLAR INAPP_ADD_TO_CART_COST_PER_ACTION
    INAPP_ADD_TO_CART_ROAS TOTAL_INAPP_ADD_TO_CART TOTAL_INAPP_ADD_TO_CART_VALUE_IN_MICRO_DOLLAR
    TOTAL_INAPP_CLICK_ADD_TO_CART TOTAL_INAPP_CLICK_ADD_TO_CART_VALUE_IN_MICRO_DOLLAR
    TOTAL_INAPP_ENGAGEMENT_ADD_TO_CART TOTAL_INAPP_ENGAGEMENT_ADD_TO_CART_VALUE_IN_MICRO_DOLLAR
    TOTAL_INAPP_VIEW_ADD_TO_CART TOTAL_INAPP_VIEW_ADD_TO_CART_VALUE_IN_MICRO_DOLLAR
    WEB_PAGE_VISIT_COST_PER_ACTION WEB_PAGE_VISIT_ROAS TOTAL_WEB_PAGE_VISIT
    TOTAL_WEB_PAGE_VISIT_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_CLICK_PAGE_VISIT
    TOTAL_WEB_CLICK_PAGE_VISIT_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_ENGAGEMENT_PAGE_VISIT
    TOTAL_WEB_ENGAGEMENT_PAGE_VISIT_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_VIEW_PAGE_VISIT
    TOTAL_WEB_VIEW_PAGE_VISIT_VALUE_IN_MICRO_DOLLAR WEB_SIGNUP_COST_PER_ACTION WEB_SIGNUP_ROAS
    TOTAL_WEB_SIGNUP TOTAL_WEB_SIGNUP_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_CLICK_SIGNUP
    TOTAL_WEB_CLICK_SIGNUP_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_ENGAGEMENT_SIGNUP
    TOTAL_WEB_ENGAGEMENT_SIGNUP_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_VIEW_SIGNUP
    TOTAL_WEB_VIEW_SIGNUP_VALUE_IN_MICRO_DOLLAR INAPP_SIGNUP_COST_PER_ACTION INAPP_SIGNUP_ROAS
    TOTAL_INAPP_SIGNUP TOTAL_INAPP_SIGNUP_VALUE_IN_MICRO_DOLLAR TOTAL_INAPP_CLICK_SIGNUP
    TOTAL_INAPP_CLICK_SIGNUP_VALUE_IN_MICRO_DOLLAR TOTAL_INAPP_ENGAGEMENT_SIGNUP
    TOTAL_INAPP_ENGAGEMENT_SIGNUP_VALUE_IN_MICRO_DOLLAR TOTAL_INAPP_VIEW_SIGNUP
    TOTAL_INAPP_VIEW_SIGNUP_VALUE_IN_MICRO_DOLLAR OFFLINE_SIGNUP_COST_PER_ACTION OFFLINE_SIGNUP_ROAS
    TOTAL_OFFLINE_SIGNUP TOTAL_OFFLINE_SIGNUP_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_CLICK_SIGNUP
    TOTAL_OFFLINE_CLICK_SIGNUP_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_ENGAGEMENT_SIGNUP
    TOTAL_OFFLINE_ENGAGEMENT_SIGNUP_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_VIEW_SIGNUP
    TOTAL_OFFLINE_VIEW_SIGNUP_VALUE_IN_MICRO_DOLLAR WEB_WATCH_VIDEO_COST_PER_ACTION WEB_WATCH_VIDEO_ROAS
    TOTAL_WEB_WATCH_VIDEO TOTAL_WEB_WATCH_VIDEO_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_CLICK_WATCH_VIDEO
    TOTAL_WEB_CLICK_WATCH_VIDEO_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_ENGAGEMENT_WATCH_VIDEO
    TOTAL_WEB_ENGAGEMENT_WATCH_VIDEO_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_VIEW_WATCH_VIDEO
    TOTAL_WEB_VIEW_WATCH_VIDEO_VALUE_IN_MICRO_DOLLAR WEB_LEAD_COST_PER_ACTION WEB_LEAD_ROAS TOTAL_WEB_LEAD
    TOTAL_WEB_LEAD_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_CLICK_LEAD TOTAL_WEB_CLICK_LEAD_VALUE_IN_MICRO_DOLLAR
    TOTAL_WEB_ENGAGEMENT_LEAD TOTAL_WEB_ENGAGEMENT_LEAD_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_VIEW_LEAD
    TOTAL_WEB_VIEW_LEAD_VALUE_IN_MICRO_DOLLAR OFFLINE_LEAD_COST_PER_ACTION OFFLINE_LEAD_ROAS
    TOTAL_OFFLINE_LEAD TOTAL_OFFLINE_LEAD_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_CLICK_LEAD
    TOTAL_OFFLINE_CLICK_LEAD_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_ENGAGEMENT_LEAD
    TOTAL_OFFLINE_ENGAGEMENT_LEAD_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_VIEW_LEAD
    TOTAL_OFFLINE_VIEW_LEAD_VALUE_IN_MICRO_DOLLAR WEB_SEARCH_COST_PER_ACTION WEB_SEARCH_ROAS
    TOTAL_WEB_SEARCH TOTAL_WEB_SEARCH_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_CLICK_SEARCH
    TOTAL_WEB_CLICK_SEARCH_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_ENGAGEMENT_SEARCH
    TOTAL_WEB_ENGAGEMENT_SEARCH_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_VIEW_SEARCH
    TOTAL_WEB_VIEW_SEARCH_VALUE_IN_MICRO_DOLLAR INAPP_SEARCH_COST_PER_ACTION INAPP_SEARCH_ROAS
    TOTAL_INAPP_SEARCH TOTAL_INAPP_SEARCH_VALUE_IN_MICRO_DOLLAR TOTAL_INAPP_CLICK_SEARCH
    TOTAL_INAPP_CLICK_SEARCH_VALUE_IN_MICRO_DOLLAR TOTAL_INAPP_ENGAGEMENT_SEARCH
    TOTAL_INAPP_ENGAGEMENT_SEARCH_VALUE_IN_MICRO_DOLLAR TOTAL_INAPP_VIEW_SEARCH
    TOTAL_INAPP_VIEW_SEARCH_VALUE_IN_MICRO_DOLLAR WEB_VIEW_CATEGORY_COST_PER_ACTION WEB_VIEW_CATEGORY_ROAS
    TOTAL_WEB_VIEW_CATEGORY TOTAL_WEB_VIEW_CATEGORY_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_CLICK_VIEW_CATEGORY
    TOTAL_WEB_CLICK_VIEW_CATEGORY_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_ENGAGEMENT_VIEW_CATEGORY
    TOTAL_WEB_ENGAGEMENT_VIEW_CATEGORY_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_VIEW_VIEW_CATEGORY
    TOTAL_WEB_VIEW_VIEW_CATEGORY_VALUE_IN_MICRO_DOLLAR WEB_CUSTOM_COST_PER_ACTION WEB_CUSTOM_ROAS
    TOTAL_WEB_CUSTOM TOTAL_WEB_CUSTOM_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_CLICK_CUSTOM
    TOTAL_WEB_CLICK_CUSTOM_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_ENGAGEMENT_CUSTOM
    TOTAL_WEB_ENGAGEMENT_CUSTOM_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_VIEW_CUSTOM
    TOTAL_WEB_VIEW_CUSTOM_VALUE_IN_MICRO_DOLLAR OFFLINE_CUSTOM_COST_PER_ACTION OFFLINE_CUSTOM_ROAS
    TOTAL_OFFLINE_CUSTOM TOTAL_OFFLINE_CUSTOM_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_CLICK_CUSTOM
    TOTAL_OFFLINE_CLICK_CUSTOM_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_ENGAGEMENT_CUSTOM
    TOTAL_OFFLINE_ENGAGEMENT_CUSTOM_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_VIEW_CUSTOM
    TOTAL_OFFLINE_VIEW_CUSTOM_VALUE_IN_MICRO_DOLLAR WEB_UNKNOWN_COST_PER_ACTION WEB_UNKNOWN_ROAS
    TOTAL_WEB_UNKNOWN TOTAL_WEB_UNKNOWN_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_CLICK_UNKNOWN
    TOTAL_WEB_CLICK_UNKNOWN_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_ENGAGEMENT_UNKNOWN
    TOTAL_WEB_ENGAGEMENT_UNKNOWN_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_VIEW_UNKNOWN
    TOTAL_WEB_VIEW_UNKNOWN_VALUE_IN_MICRO_DOLLAR INAPP_UNKNOWN_COST_PER_ACTION INAPP_UNKNOWN_ROAS
    TOTAL_INAPP_UNKNOWN TOTAL_INAPP_UNKNOWN_VALUE_IN_MICRO_DOLLAR TOTAL_INAPP_CLICK_UNKNOWN
    TOTAL_INAPP_CLICK_UNKNOWN_VALUE_IN_MICRO_DOLLAR TOTAL_INAPP_ENGAGEMENT_UNKNOWN
    TOTAL_INAPP_ENGAGEMENT_UNKNOWN_VALUE_IN_MICRO_DOLLAR TOTAL_INAPP_VIEW_UNKNOWN
    TOTAL_INAPP_VIEW_UNKNOWN_VALUE_IN_MICRO_DOLLAR OFFLINE_UNKNOWN_COST_PER_ACTION OFFLINE_UNKNOWN_ROAS
    TOTAL_OFFLINE_UNKNOWN TOTAL_OFFLINE_UNKNOWN_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_CLICK_UNKNOWN
    TOTAL_OFFLINE_CLICK_UNKNOWN_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_ENGAGEMENT_UNKNOWN
    TOTAL_OFFLINE_ENGAGEMENT_UNKNOWN_VALUE_IN_MICRO_DOLLAR TOTAL_OFFLINE_VIEW_UNKNOWN
    TOTAL_OFFLINE_VIEW_UNKNOWN_VALUE_IN_MICRO_DOLLAR INAPP_APP_INSTALL_COST_PER_ACTION
    INAPP_APP_INSTALL_ROAS TOTAL_INAPP_APP_INSTALL TOTAL_INAPP_APP_INSTALL_VALUE_IN_MICRO_DOLLAR
    TOTAL_INAPP_CLICK_APP_INSTALL TOTAL_INAPP_CLICK_APP_INSTALL_VALUE_IN_MICRO_DOLLAR
    TOTAL_INAPP_ENGAGEMENT_APP_INSTALL TOTAL_INAPP_ENGAGEMENT_APP_INSTALL_VALUE_IN_MICRO_DOLLAR
    TOTAL_INAPP_VIEW_APP_INSTALL TOTAL_INAPP_VIEW_APP_INSTALL_VALUE_IN_MICRO_DOLLAR IDEA_PIN_PAGE_FORWARD_1
    IDEA_PIN_PAGE_FORWARD_2 IDEA_PIN_PAGE_BACKWARD_1 IDEA_PIN_PAGE_BACKWARD_2 TOTAL_IDEA_PIN_PAGE_FORWARD
    TOTAL_IDEA_PIN_PAGE_BACKWARD STANDARD_AD_FEED_ITEM_ID
""".split()  # noqa: SIM905

SYNC_COLUMNS: tuple[str, ...] = tuple(_SYNC_COLUMN_NAMES)
ASYNC_COLUMNS: tuple[str, ...] = tuple(
    [c for c in _SYNC_COLUMN_NAMES if c != "QUIZ_PIN_RESULT_OPEN"] + _ASYNC_ONLY_COLUMN_NAMES
)

METRIC_COLUMNS: dict[str, Metric] = _metric_columns()
