"""The one table of analytics metrics: friendly name -> Pinterest column, and derived metrics.

Base metrics map to one API column and are additive (they can be summed across days and
entities). Derived metrics are ratios computed from the *summed* base metrics of a row, never
averaged from per-day ratios. Raw API column names (``SPEND_IN_DOLLAR``, ``TOTAL_ENGAGEMENT``...)
are accepted too and passed through; ``*_IN_MICRO_DOLLAR`` raw columns are converted to currency
units.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Kind = Literal["count", "money", "percent", "ratio"]


@dataclass(frozen=True)
class BaseMetric:
    name: str
    column: str
    kind: Kind  # count | money (micro-units upstream, currency units out)
    description: str


@dataclass(frozen=True)
class DerivedMetric:
    name: str
    needs: tuple[str, ...]
    kind: Kind  # money | percent (x100) | ratio
    description: str
    compute: Callable[[Mapping[str, Decimal]], Decimal | None]


def _div(a: Decimal, b: Decimal, scale: int = 1) -> Decimal | None:
    return None if not b else a * scale / b


BASE: dict[str, BaseMetric] = {
    m.name: m
    for m in (
        BaseMetric("spend", "SPEND_IN_MICRO_DOLLAR", "money", "Amount spent"),
        BaseMetric("impressions", "PAID_IMPRESSION", "count", "Paid impressions"),
        BaseMetric("total_impressions", "TOTAL_IMPRESSION", "count", "Paid plus earned impressions"),
        BaseMetric(
            "earned_impressions", "IMPRESSION_2", "count", "Earned (organic, after a paid action) impressions"
        ),
        BaseMetric("clicks", "CLICKTHROUGH_1", "count", "Paid pin clicks"),
        BaseMetric("total_clicks", "TOTAL_CLICKTHROUGH", "count", "Paid plus earned pin clicks"),
        BaseMetric("outbound_clicks", "OUTBOUND_CLICK_1", "count", "Paid clicks to the destination URL"),
        BaseMetric("saves", "REPIN_1", "count", "Paid saves (repins)"),
        BaseMetric("engagements", "ENGAGEMENT_1", "count", "Paid engagements (clicks, saves, closeups...)"),
        BaseMetric("total_engagements", "TOTAL_ENGAGEMENT", "count", "Paid plus earned engagements"),
        BaseMetric("conversions", "TOTAL_CONVERSIONS", "count", "All attributed conversions"),
        BaseMetric("checkouts", "TOTAL_CHECKOUT", "count", "Attributed checkout events"),
        BaseMetric(
            "conversion_value",
            "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR",
            "money",
            "Attributed checkout (order) value",
        ),
        BaseMetric("page_visits", "TOTAL_PAGE_VISIT", "count", "Attributed page visits"),
        BaseMetric("signups", "TOTAL_SIGNUP", "count", "Attributed sign-ups"),
        BaseMetric("leads", "TOTAL_LEAD", "count", "Attributed leads"),
        BaseMetric("video_views", "VIDEO_MRC_VIEWS_1", "count", "Paid video views (MRC: 50% in view for 2s)"),
        BaseMetric("video_3s_views", "VIDEO_3SEC_VIEWS_1", "count", "Paid 3-second video views"),
        BaseMetric("video_completions", "TOTAL_VIDEO_P100_COMPLETE", "count", "Videos watched to the end"),
    )
}

DERIVED: dict[str, DerivedMetric] = {
    m.name: m
    for m in (
        DerivedMetric(
            "ctr",
            ("clicks", "impressions"),
            "percent",
            "clicks / impressions x 100",
            lambda v: _div(v["clicks"], v["impressions"], 100),
        ),
        DerivedMetric(
            "outbound_ctr",
            ("outbound_clicks", "impressions"),
            "percent",
            "outbound_clicks / impressions x 100",
            lambda v: _div(v["outbound_clicks"], v["impressions"], 100),
        ),
        DerivedMetric(
            "engagement_rate",
            ("engagements", "impressions"),
            "percent",
            "engagements / impressions x 100",
            lambda v: _div(v["engagements"], v["impressions"], 100),
        ),
        DerivedMetric(
            "save_rate",
            ("saves", "impressions"),
            "percent",
            "saves / impressions x 100",
            lambda v: _div(v["saves"], v["impressions"], 100),
        ),
        DerivedMetric(
            "cpc", ("spend", "clicks"), "money", "spend / clicks", lambda v: _div(v["spend"], v["clicks"])
        ),
        DerivedMetric(
            "cost_per_outbound_click",
            ("spend", "outbound_clicks"),
            "money",
            "spend / outbound_clicks",
            lambda v: _div(v["spend"], v["outbound_clicks"]),
        ),
        DerivedMetric(
            "cpm",
            ("spend", "impressions"),
            "money",
            "spend / impressions x 1000",
            lambda v: _div(v["spend"], v["impressions"], 1000),
        ),
        DerivedMetric(
            "cpa",
            ("spend", "conversions"),
            "money",
            "spend / conversions",
            lambda v: _div(v["spend"], v["conversions"]),
        ),
        DerivedMetric(
            "conversion_rate",
            ("conversions", "clicks"),
            "percent",
            "conversions / clicks x 100",
            lambda v: _div(v["conversions"], v["clicks"], 100),
        ),
        DerivedMetric(
            "roas",
            ("conversion_value", "spend"),
            "ratio",
            "conversion_value / spend",
            lambda v: _div(v["conversion_value"], v["spend"]),
        ),
    )
}

ALIASES: dict[str, str] = {
    "video_view": "video_views",
    "views": "video_views",
    "repins": "saves",
    "pin_clicks": "clicks",
    "cost": "spend",
    "revenue": "conversion_value",
    "cost_per_click": "cpc",
    "cost_per_conversion": "cpa",
    "click_through_rate": "ctr",
}

DEFAULT_METRICS: tuple[str, ...] = (
    "spend",
    "impressions",
    "clicks",
    "ctr",
    "cpc",
    "cpm",
    "outbound_clicks",
    "saves",
    "engagement_rate",
    "conversions",
    "conversion_value",
    "roas",
)

# Appendix A: every column the synchronous analytics endpoints accept.
_SYNC_COLUMNS_TEXT = """
SPEND_IN_MICRO_DOLLAR PAID_IMPRESSION SPEND_IN_DOLLAR CPC_IN_MICRO_DOLLAR ECPC_IN_MICRO_DOLLAR ECPC_IN_DOLLAR CTR ECTR
OUTBOUND_CTR_1 CAMPAIGN_NAME CAMPAIGN_BRAND_LABEL PIN_ID TOTAL_ENGAGEMENT ENGAGEMENT_1 ENGAGEMENT_2 ECPE_IN_DOLLAR
ENGAGEMENT_RATE EENGAGEMENT_RATE ECPM_IN_MICRO_DOLLAR REPIN_RATE CTR_2 CAMPAIGN_ID ADVERTISER_ID AD_ACCOUNT_ID
PIN_PROMOTION_ID AD_ID AD_GROUP_ID CAMPAIGN_ENTITY_STATUS CAMPAIGN_OBJECTIVE_TYPE CPM_IN_MICRO_DOLLAR CPM_IN_DOLLAR
AD_GROUP_NAME AD_GROUP_BUDGET_TYPE AD_GROUP_BUDGET_IN_LOCAL_CURRENCY AD_GROUP_ENTITY_STATUS AD_GROUP_BID_MULTIPLIER
PROMO_ID PROMO_NAME ORDER_LINE_ID ORDER_LINE_NAME CLICKTHROUGH_1 REPIN_1 IMPRESSION_1 IMPRESSION_1_GROSS
CLICKTHROUGH_1_GROSS OUTBOUND_CLICK_1 CLICKTHROUGH_2 REPIN_2 IMPRESSION_2 OUTBOUND_CLICK_2 TOTAL_CLICKTHROUGH
TOTAL_IMPRESSION TOTAL_IMPRESSION_USER TOTAL_IMPRESSION_FREQUENCY COST_PER_OUTBOUND_CLICK_IN_DOLLAR
COST_PER_OUTBOUND_CLICK_IN_DOLLAR_1 TOTAL_ENGAGEMENT_SIGNUP TOTAL_ENGAGEMENT_CHECKOUT TOTAL_ENGAGEMENT_LEAD
TOTAL_CLICK_SIGNUP TOTAL_CLICK_CHECKOUT TOTAL_CLICK_ADD_TO_CART TOTAL_CLICK_LEAD TOTAL_VIEW_SIGNUP TOTAL_VIEW_CHECKOUT
TOTAL_VIEW_ADD_TO_CART TOTAL_VIEW_LEAD TOTAL_CONVERSIONS TOTAL_ENGAGEMENT_SIGNUP_VALUE_IN_MICRO_DOLLAR
TOTAL_ENGAGEMENT_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_CLICK_SIGNUP_VALUE_IN_MICRO_DOLLAR
TOTAL_CLICK_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_VIEW_SIGNUP_VALUE_IN_MICRO_DOLLAR
TOTAL_VIEW_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_SESSIONS WEB_SESSIONS_1 WEB_SESSIONS_2 AD_NAME
CAMPAIGN_LIFETIME_SPEND_CAP AD_GROUP_OPTIMIZATION CAMPAIGN_DAILY_SPEND_CAP CAMPAIGN_BUDGET_OPTIMIZATION
IS_PREMIERE_CAMPAIGN TOTAL_PAGE_VISIT TOTAL_SIGNUP TOTAL_CHECKOUT TOTAL_CUSTOM TOTAL_LEAD TOTAL_ADD_TO_WISHLIST
TOTAL_SUBSCRIBE TOTAL_SIGNUP_VALUE_IN_MICRO_DOLLAR TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR
TOTAL_CUSTOM_VALUE_IN_MICRO_DOLLAR PAGE_VISIT_COST_PER_ACTION PAGE_VISIT_ROAS CHECKOUT_ROAS CUSTOM_ROAS
PRODUCT_GROUP_AD_IMAGE_TAG PRODUCT_GROUP_AD_VIDEO_TAG VIDEO_3SEC_VIEWS_1 VIDEO_15SEC_UNIQUE_VIEWS_1 VIDEO_MRC_VIEWS_1
VIDEO_3SEC_VIEWS_2 VIDEO_15SEC_UNIQUE_VIEWS_2 VIDEO_P100_COMPLETE_2 VIDEO_P0_COMBINED_2 VIDEO_P25_COMBINED_2
VIDEO_P50_COMBINED_2 VIDEO_P75_COMBINED_2 VIDEO_P95_COMBINED_2 VIDEO_MRC_VIEWS_2 PAID_VIDEO_VIEWABLE_RATE VIDEO_LENGTH
VIDEO_SPEND_IN_DOLLAR ECPV_IN_DOLLAR ECPCV_IN_DOLLAR ECPCV_P95_IN_DOLLAR TOTAL_VIDEO_3SEC_VIEWS
TOTAL_VIDEO_15SEC_UNIQUE_VIEWS TOTAL_VIDEO_P100_COMPLETE TOTAL_VIDEO_P0_COMBINED TOTAL_VIDEO_P25_COMBINED
TOTAL_VIDEO_P50_COMBINED TOTAL_VIDEO_P75_COMBINED TOTAL_VIDEO_P95_COMBINED TOTAL_VIDEO_MRC_VIEWS
TOTAL_VIDEO_AVG_WATCHTIME_IN_SECOND TOTAL_REPIN_RATE WEB_CHECKOUT_COST_PER_ACTION WEB_CHECKOUT_ROAS TOTAL_WEB_CHECKOUT
TOTAL_WEB_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_CLICK_CHECKOUT TOTAL_WEB_CLICK_CHECKOUT_VALUE_IN_MICRO_DOLLAR
TOTAL_WEB_ENGAGEMENT_CHECKOUT TOTAL_WEB_ENGAGEMENT_CHECKOUT_VALUE_IN_MICRO_DOLLAR TOTAL_WEB_VIEW_CHECKOUT
TOTAL_WEB_VIEW_CHECKOUT_VALUE_IN_MICRO_DOLLAR INAPP_CHECKOUT_COST_PER_ACTION TOTAL_OFFLINE_CHECKOUT
TOTAL_APP_INSTALL_CONVERSION_RATE TOTAL_INAPP_APP_INSTALL_CONVERSION_RATE IDEA_PIN_PRODUCT_TAG_VISIT_1
IDEA_PIN_PRODUCT_TAG_VISIT_2 TOTAL_IDEA_PIN_PRODUCT_TAG_VISIT LEADS COST_PER_LEAD QUIZ_COMPLETED QUIZ_PIN_RESULT_OPEN
QUIZ_COMPLETION_RATE SHOWCASE_PIN_CLICKTHROUGH SHOWCASE_SUBPAGE_CLICKTHROUGH SHOWCASE_SUBPIN_CLICKTHROUGH
SHOWCASE_SUBPAGE_IMPRESSION SHOWCASE_SUBPIN_IMPRESSION SHOWCASE_SUBPAGE_SWIPE_LEFT SHOWCASE_SUBPAGE_SWIPE_RIGHT
SHOWCASE_SUBPIN_SWIPE_LEFT SHOWCASE_SUBPIN_SWIPE_RIGHT SHOWCASE_SUBPAGE_REPIN SHOWCASE_SUBPIN_REPIN
SHOWCASE_SUBPAGE_CLOSEUP SHOWCASE_CARD_THUMBNAIL_SWIPE_FORWARD SHOWCASE_CARD_THUMBNAIL_SWIPE_BACKWARD
SHOWCASE_AVERAGE_SUBPAGE_CLOSEUP_PER_SESSION TOTAL_CHECKOUT_CONVERSION_RATE TOTAL_VIEW_CATEGORY_CONVERSION_RATE
TOTAL_ADD_TO_CART_CONVERSION_RATE TOTAL_SIGNUP_CONVERSION_RATE TOTAL_PAGE_VISIT_CONVERSION_RATE
TOTAL_LEAD_CONVERSION_RATE TOTAL_SEARCH_CONVERSION_RATE TOTAL_WATCH_VIDEO_CONVERSION_RATE
TOTAL_UNKNOWN_CONVERSION_RATE TOTAL_CUSTOM_CONVERSION_RATE
"""
SYNC_COLUMNS: frozenset[str] = frozenset(_SYNC_COLUMNS_TEXT.split())

# Raw columns that are not sums (rates, averages, unit costs, unique counts) or not numbers at all.
_NOT_ADDITIVE = re.compile(
    r"(CTR|CPC|CPM|ECP|_RATE|ROAS|COST_PER|FREQUENCY|IMPRESSION_USER|UNIQUE|VIDEO_LENGTH|AVG|PER_SESSION|_NAME$|_ID$"
    r"|_STATUS$|_TYPE$|_LABEL$|BUDGET|SPEND_CAP|OPTIMIZATION|IS_PREMIERE|_TAG$|BID_MULTIPLIER|PER_ACTION)"
)


@dataclass(frozen=True)
class RawMetric:
    """A raw API column asked for by name."""

    name: str

    @property
    def column(self) -> str:
        return self.name

    @property
    def money(self) -> bool:
        return self.name.endswith("_IN_MICRO_DOLLAR")

    @property
    def additive(self) -> bool:
        return _NOT_ADDITIVE.search(self.name) is None


Metric = BaseMetric | DerivedMetric | RawMetric


def valid_names() -> list[str]:
    return [*BASE, *DERIVED]


def resolve_metrics(names: list[str] | None) -> list[Metric]:
    """Friendly names (or raw API columns) -> metric definitions, in the asked order, without duplicates.

    Raises ValueError naming the unknown entry and the valid friendly names.
    """
    out: list[Metric] = []
    for raw in names or list(DEFAULT_METRICS):
        key = raw.strip().lower().replace(" ", "_").replace("-", "_")
        key = ALIASES.get(key, key)
        metric: Metric | None = BASE.get(key) or DERIVED.get(key)
        if metric is None and raw.strip().upper() in SYNC_COLUMNS:
            metric = RawMetric(raw.strip().upper())
        if metric is None:
            raise ValueError(
                f"metrics: unknown metric {raw!r}. Valid names: {', '.join(valid_names())}; "
                "raw Pinterest column names (e.g. TOTAL_ENGAGEMENT, SPEND_IN_DOLLAR) are accepted too"
            )
        if metric not in out:
            out.append(metric)
    return out


def needed_base(metrics: list[Metric]) -> list[BaseMetric]:
    """The base metrics to fetch: those asked for and those derived metrics need."""
    names: list[str] = []
    for m in metrics:
        for n in (m.name,) if isinstance(m, BaseMetric) else m.needs if isinstance(m, DerivedMetric) else ():
            if n not in names:
                names.append(n)
    return [BASE[n] for n in names]


def columns_for(metrics: list[Metric]) -> list[str]:
    """API columns to request for these metrics."""
    cols = [b.column for b in needed_base(metrics)]
    cols += [m.column for m in metrics if isinstance(m, RawMetric) and m.column not in cols]
    return cols
