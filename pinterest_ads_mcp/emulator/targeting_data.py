"""Targeting option tables the emulator serves and validates targeting specs against.

``GET /v5/resources/targeting/{targeting_type}`` lists these codes, and audience sizing both
validates a ``targeting_spec`` against them and reads the population figures to estimate reach.
The codes follow Pinterest's real formats (ISO-3166 country codes and US Nielsen DMA numbers in
LOCATION, ISO-3166-2 region codes or ``CC-postcode`` in GEO, numeric interest ids, ISO-639-1
locales), but the tables are a realistic subset and the population numbers are rough, made-up
estimates of monthly active Pinterest users: good enough to make narrower targeting give
smaller audiences, not market research.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

# Country code -> (display name, estimated monthly active Pinterest users).
COUNTRIES: dict[str, tuple[str, int]] = {
    "US": ("United States", 90_000_000),
    "CA": ("Canada", 10_000_000),
    "GB": ("United Kingdom", 13_000_000),
    "IE": ("Ireland", 1_200_000),
    "AU": ("Australia", 7_000_000),
    "NZ": ("New Zealand", 1_200_000),
    "DE": ("Germany", 16_000_000),
    "AT": ("Austria", 2_000_000),
    "CH": ("Switzerland", 2_200_000),
    "FR": ("France", 15_000_000),
    "BE": ("Belgium", 2_500_000),
    "NL": ("Netherlands", 4_000_000),
    "LU": ("Luxembourg", 150_000),
    "ES": ("Spain", 8_000_000),
    "PT": ("Portugal", 2_500_000),
    "IT": ("Italy", 9_000_000),
    "SE": ("Sweden", 2_000_000),
    "NO": ("Norway", 1_200_000),
    "DK": ("Denmark", 1_100_000),
    "FI": ("Finland", 1_000_000),
    "PL": ("Poland", 5_000_000),
    "CZ": ("Czech Republic", 1_500_000),
    "HU": ("Hungary", 1_500_000),
    "RO": ("Romania", 2_000_000),
    "GR": ("Greece", 2_000_000),
    "CY": ("Cyprus", 200_000),
    "MT": ("Malta", 100_000),
    "SK": ("Slovakia", 700_000),
    "MX": ("Mexico", 22_000_000),
    "BR": ("Brazil", 35_000_000),
    "AR": ("Argentina", 6_000_000),
    "CL": ("Chile", 3_000_000),
    "CO": ("Colombia", 5_000_000),
    "JP": ("Japan", 5_000_000),
}

# LOCATION metro codes (US Nielsen DMAs and a few non-US metro regions as in Pinterest's own
# sample response) -> (display name, country, share of that country's users).
METROS: dict[str, tuple[str, str, float]] = {
    "501": ("U.S.: New York", "US", 0.064),
    "803": ("U.S.: Los Angeles", "US", 0.049),
    "602": ("U.S.: Chicago", "US", 0.030),
    "504": ("U.S.: Philadelphia", "US", 0.026),
    "623": ("U.S.: Dallas-Ft. Worth", "US", 0.024),
    "807": ("U.S.: San Francisco-Oakland-San Jose", "US", 0.022),
    "511": ("U.S.: Washington, DC (Hagerstown, MD)", "US", 0.022),
    "524": ("U.S.: Atlanta", "US", 0.022),
    "618": ("U.S.: Houston", "US", 0.021),
    "506": ("U.S.: Boston (Manchester)", "US", 0.021),
    "753": ("U.S.: Phoenix (Prescott)", "US", 0.017),
    "819": ("U.S.: Seattle-Tacoma", "US", 0.016),
    "539": ("U.S.: Tampa-St. Petersburg (Sarasota)", "US", 0.016),
    "613": ("U.S.: Minneapolis-St. Paul", "US", 0.015),
    "751": ("U.S.: Denver", "US", 0.014),
    "528": ("U.S.: Miami-Ft. Lauderdale", "US", 0.014),
    "820": ("U.S.: Portland, OR", "US", 0.010),
    "825": ("U.S.: San Diego", "US", 0.009),
    "811": ("U.S.: Reno", "US", 0.0025),
    "716": ("U.S.: Baton Rouge", "US", 0.0027),
    "717": ("U.S.: Quincy-Hannibal-Keokuk", "US", 0.0009),
    "36101": ("Australia: Capital Region", "AU", 0.009),
    "36102": ("Australia: Central Coast", "AU", 0.014),
    "36313": ("Australia: Moreton Bay - North", "AU", 0.008),
    "124735": ("Canada: North Battleford", "CA", 0.0006),
    "554016": ("New Zealand: Marlborough", "NZ", 0.010),
}

# GEO region codes (ISO-3166-2) -> (display name, country, share of that country's users).
REGIONS: dict[str, tuple[str, str, float]] = {
    "US-CA": ("United States: California", "US", 0.118),
    "US-TX": ("United States: Texas", "US", 0.089),
    "US-FL": ("United States: Florida", "US", 0.066),
    "US-NY": ("United States: New York", "US", 0.059),
    "US-PA": ("United States: Pennsylvania", "US", 0.039),
    "US-IL": ("United States: Illinois", "US", 0.038),
    "US-OH": ("United States: Ohio", "US", 0.035),
    "US-GA": ("United States: Georgia", "US", 0.033),
    "US-NC": ("United States: North Carolina", "US", 0.032),
    "US-MI": ("United States: Michigan", "US", 0.030),
    "US-WA": ("United States: Washington", "US", 0.024),
    "US-CO": ("United States: Colorado", "US", 0.018),
    "CA-ON": ("Canada: Ontario", "CA", 0.39),
    "CA-QC": ("Canada: Quebec", "CA", 0.22),
    "CA-BC": ("Canada: British Columbia", "CA", 0.135),
    "GB-ENG": ("United Kingdom: England", "GB", 0.84),
    "GB-SCT": ("United Kingdom: Scotland", "GB", 0.08),
    "GB-WLS": ("United Kingdom: Wales", "GB", 0.047),
    "DE-BY": ("Germany: Bavaria", "DE", 0.157),
    "DE-NW": ("Germany: North Rhine-Westphalia", "DE", 0.215),
    "DE-BE": ("Germany: Berlin", "DE", 0.044),
    "FR-IDF": ("France: Ile-de-France", "FR", 0.18),
    "AU-NSW": ("Australia: New South Wales", "AU", 0.31),
    "AU-VIC": ("Australia: Victoria", "AU", 0.26),
    "BE-VOV": ("Belgium: East Flanders", "BE", 0.135),
    "BE-VAN": ("Belgium: Antwerp", "BE", 0.16),
}

# Postal codes are too many to list: GEO accepts "CC-<postcode>" for these countries when the
# postcode has the country's shape; each postcode holds a small, deterministic share.
POSTAL_PATTERNS: dict[str, re.Pattern[str]] = {
    "US": re.compile(r"^\d{5}$"),
    "CA": re.compile(r"^[A-Z]\d[A-Z]$"),
    "GB": re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$"),
    "DE": re.compile(r"^\d{5}$"),
    "FR": re.compile(r"^\d{5}$"),
    "AU": re.compile(r"^\d{4}$"),
}

# LOCALE codes -> (display name, share of all users whose language it is).
LOCALES: dict[str, tuple[str, float]] = {
    "en": ("English", 0.55),
    "en-US": ("English (US)", 0.40),
    "en-GB": ("English (UK)", 0.06),
    "de": ("German", 0.07),
    "fr": ("French", 0.07),
    "es": ("Spanish", 0.10),
    "es-MX": ("Spanish (Mexico)", 0.05),
    "pt": ("Portuguese", 0.08),
    "pt-BR": ("Portuguese (Brazil)", 0.07),
    "it": ("Italian", 0.035),
    "nl": ("Dutch", 0.02),
    "sv": ("Swedish", 0.008),
    "nb": ("Norwegian", 0.005),
    "da": ("Danish", 0.005),
    "fi": ("Finnish", 0.004),
    "pl": ("Polish", 0.02),
    "cs": ("Czech", 0.006),
    "sk": ("Slovak", 0.003),
    "hu": ("Hungarian", 0.006),
    "ro": ("Romanian", 0.008),
    "el": ("Greek", 0.008),
    "ja": ("Japanese", 0.02),
    "ko": ("Korean", 0.006),
    "tr": ("Turkish", 0.01),
    "ru": ("Russian", 0.01),
    "id": ("Indonesian", 0.01),
    "hi": ("Hindi", 0.01),
    "zh": ("Chinese", 0.006),
}

# AGE_BUCKET (the spec's TargetingSpecAgeBucket enum) -> display name.
AGE_BUCKETS: dict[str, str] = {
    "18-24": "18-24",
    "19+": "19+",
    "20+": "20+",
    "21+": "21+",
    "25-34": "25-34",
    "35-44": "35-44",
    "45-49": "45-49",
    "50-54": "50-54",
    "55-64": "55-64",
    "65+": "65+",
}

# Share of users per age band; spread evenly over the single years of each band.
AGE_BAND_SHARES: tuple[tuple[int, int, float], ...] = (
    (18, 24, 0.26),
    (25, 34, 0.30),
    (35, 44, 0.18),
    (45, 49, 0.07),
    (50, 54, 0.06),
    (55, 64, 0.09),
    (65, 65, 0.04),  # 65 stands for "65+"
)

GENDERS: dict[str, tuple[str, float]] = {
    "female": ("Female", 0.60),
    "male": ("Male", 0.30),
    "unknown": ("Unspecified", 0.10),
}

APPTYPES: dict[str, tuple[str, float]] = {
    "iphone": ("iPhone", 0.35),
    "android_mobile": ("Android mobile", 0.30),
    "web": ("Web (desktop)", 0.15),
    "web_mobile": ("Mobile web", 0.12),
    "ipad": ("iPad", 0.05),
    "android_tablet": ("Android tablet", 0.03),
}


@dataclass(frozen=True)
class Interest:
    """One node of the interest taxonomy; ``share`` is the fraction of users interested in it."""

    id: str
    name: str
    level: int
    parent: str | None
    share: float


def _interests() -> dict[str, Interest]:
    rows: list[tuple[str, str, str | None, float]] = [
        # id, name, parent id, share
        ("924581335376", "Home decor", None, 0.38),
        ("918530398158", "Gardening", None, 0.22),
        ("935541271955", "DIY projects", None, 0.27),
        ("918105274631", "Food and drinks", None, 0.45),
        ("948967005229", "Women's fashion", None, 0.36),
        ("924439434455", "Men's fashion", None, 0.12),
        ("935249274030", "Beauty", None, 0.30),
        ("908182459161", "Travel", None, 0.25),
        ("898620064290", "Health", None, 0.20),
        ("961238559656", "Art", None, 0.18),
        ("918093243960", "Architecture", None, 0.10),
        ("903260720461", "Weddings", None, 0.14),
        ("920236059316", "Parenting", None, 0.16),
        ("941870572865", "Event planning", None, 0.12),
        ("922134410098", "Education", None, 0.11),
        ("953061268473", "Entertainment", None, 0.19),
        ("919812032692", "Sports", None, 0.10),
        ("918093243961", "Vehicles", None, 0.06),
        ("913207199297", "Finance", None, 0.07),
        ("960887632144", "Electronics", None, 0.08),
        ("925056443165", "Animals", None, 0.15),
        ("943058890340", "Quotes", None, 0.13),
        ("948192800438", "Design", None, 0.14),
        ("918530398160", "Holidays and events", None, 0.21),
        # level 2
        ("935541271960", "Living room", "924581335376", 0.17),
        ("935541271961", "Bedroom", "924581335376", 0.14),
        ("935541271962", "Kitchen design", "924581335376", 0.12),
        ("918530398170", "Vegetable gardening", "918530398158", 0.08),
        ("918530398171", "Indoor plants", "918530398158", 0.10),
        ("935541271970", "Woodworking", "935541271955", 0.06),
        ("935541271971", "Upcycling", "935541271955", 0.07),
        ("918105274640", "Recipes", "918105274631", 0.33),
        ("918105274641", "Baking", "918105274631", 0.15),
        ("918105274642", "Healthy eating", "918105274631", 0.12),
        ("945391946569", "Dress", "948967005229", 0.11),
        ("948967005240", "Shoes", "948967005229", 0.09),
        ("935249274040", "Skin care", "935249274030", 0.14),
        ("935249274041", "Hair", "935249274030", 0.15),
        ("908182459170", "Travel destinations", "908182459161", 0.13),
        ("898620064300", "Fitness", "898620064290", 0.11),
        ("920236059320", "Baby names", "920236059316", 0.04),
        ("925056443170", "Dogs", "925056443165", 0.09),
    ]
    out: dict[str, Interest] = {}
    for iid, name, parent, share in rows:
        out[iid] = Interest(iid, name, 1 if parent is None else 2, parent, share)
    return out


INTERESTS: dict[str, Interest] = _interests()


def interest_children(interest_id: str) -> list[str]:
    """Ids of the interests directly below ``interest_id``."""
    return [i.id for i in INTERESTS.values() if i.parent == interest_id]


TARGETING_TYPES: tuple[str, ...] = (
    "APPTYPE",
    "GENDER",
    "LOCALE",
    "AGE_BUCKET",
    "LOCATION",
    "GEO",
    "INTEREST",
    "KEYWORD",
    "AUDIENCE_INCLUDE",
    "AUDIENCE_EXCLUDE",
)


def options_for(targeting_type: str) -> dict[str, str]:
    """Code -> display name for one public targeting type (empty when nothing is listable).

    KEYWORD values are free text, and audiences belong to an advertiser (the emulator keeps
    none), so those types list no options.
    """
    if targeting_type == "APPTYPE":
        return {code: name for code, (name, _) in APPTYPES.items()}
    if targeting_type == "GENDER":
        return {code: name for code, (name, _) in GENDERS.items()}
    if targeting_type == "LOCALE":
        return {code: name for code, (name, _) in LOCALES.items()}
    if targeting_type == "AGE_BUCKET":
        return dict(AGE_BUCKETS)
    if targeting_type == "LOCATION":
        out = {code: name for code, (name, _) in COUNTRIES.items()}
        out.update({code: name for code, (name, _, _) in METROS.items()})
        return out
    if targeting_type == "GEO":
        return {code: name for code, (name, _, _) in REGIONS.items()}
    if targeting_type == "INTEREST":
        return {i.id: i.name for i in INTERESTS.values()}
    return {}


def postal_country(code: str) -> str | None:
    """The country of a GEO postal code like ``US-94107``, or None when it is not one."""
    country, sep, rest = code.partition("-")
    pattern = POSTAL_PATTERNS.get(country)
    if not sep or pattern is None or not pattern.match(rest):
        return None
    return country


# ------------------------------------------------------------------------------------------
# Audience sizing: validation of a targeting spec against the tables, and a reach model.
class TargetingError(ValueError):
    """A targeting spec value the tables do not know; the message names it."""


SPEC_KEYS: frozenset[str] = frozenset(
    {
        "AGE_BUCKET", "APPTYPE", "AUDIENCE_EXCLUDE", "AUDIENCE_INCLUDE", "GENDER", "GEO", "INTEREST",
        "LOCALE", "LOCATION", "MAXIMUM_AGE", "MINIMUM_AGE", "SHOPPING_RETARGETING", "TARGETING_STRATEGY",
    }
)  # fmt: skip
TARGETING_STRATEGIES = ("CHOOSE_YOUR_OWN", "FIND_NEW_CUSTOMERS", "RECONNECT_WITH_USERS")
PLACEMENT_SHARE: dict[str, float] = {"ALL": 1.0, "BROWSE": 0.85, "SEARCH": 0.5, "OTHER": 0.25}
CREATIVE_SHARE: dict[str, float] = {
    "REGULAR": 1.0, "CAROUSEL": 0.95, "VIDEO": 0.9, "IDEA": 0.85, "MAX_VIDEO": 0.8,
    "COLLECTION": 0.75, "SHOPPING": 0.7, "SHOP_THE_PIN": 0.6,
}  # fmt: skip
KEYWORD_MATCH_SHARE: dict[str, float] = {"BROAD": 1.0, "PHRASE": 0.6, "EXACT": 0.35}
NEGATIVE_MATCH_TYPES = ("EXACT_NEGATIVE", "PHRASE_NEGATIVE")
_DIGITS = re.compile(r"^\d+$")


def _unit(key: str) -> float:
    """A stable number in [0, 1) for ``key`` (sizes of things the tables cannot list)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big") / 2**32


def _strings(spec: dict[str, object], key: str) -> list[str]:
    value = spec.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TargetingError(f"targeting_spec.{key} must be an array of strings.")
    return value


def _age_of(raw: object, key: str) -> int:
    if not isinstance(raw, str):
        raise TargetingError(f'targeting_spec.{key} must be a string such as "18" or "65+".')
    plus = raw.endswith("+")
    digits = raw[:-1] if plus else raw
    if not _DIGITS.match(digits) or (plus and (key == "MINIMUM_AGE" or digits != "65")):
        raise TargetingError(f"Invalid targeting_spec.{key} value {raw!r}.")
    age = int(digits)
    if not 18 <= age <= 65:
        raise TargetingError(f'Invalid targeting_spec.{key} value {raw!r}: ages go from 18 to 65 (or "65+").')
    return age


def _age_share(ages: set[int]) -> float:
    share = 0.0
    for lo, hi, band in AGE_BAND_SHARES:
        years = hi - lo + 1
        share += band * sum(1 for a in range(lo, hi + 1) if a in ages) / years
    return share


def _bucket_ages(bucket: str) -> set[int]:
    if bucket.endswith("+"):
        return set(range(int(bucket[:-1]), 66))
    lo, hi = bucket.split("-")
    return set(range(int(lo), int(hi) + 1))


@dataclass(frozen=True)
class Keyword:
    match_type: str
    value: str


def parse_keywords(raw: object) -> list[Keyword]:
    """The request's ``keywords`` (None or [] = no keyword targeting)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise TargetingError("keywords must be an array of {match_type, value} objects.")
    out: list[Keyword] = []
    for item in raw:
        if not isinstance(item, dict) or "match_type" not in item or "value" not in item:
            raise TargetingError("Each keyword needs match_type and value.")
        match_type, value = item["match_type"], item["value"]
        if match_type not in (*KEYWORD_MATCH_SHARE, *NEGATIVE_MATCH_TYPES):
            raise TargetingError(
                f"Invalid keyword match_type {match_type!r}; expected BROAD, PHRASE, EXACT, "
                "EXACT_NEGATIVE or PHRASE_NEGATIVE."
            )
        if not isinstance(value, str) or not value.strip() or len(value) > 120:
            raise TargetingError(f"Invalid keyword value {value!r}: 1 to 120 characters.")
        out.append(Keyword(match_type, value.strip().lower()))
    return out


def _location_shares(spec: dict[str, object], default_country: str) -> dict[str, float]:
    """Country -> share of its users reached by LOCATION and GEO together (a union, capped at 1)."""
    locations = _strings(spec, "LOCATION")
    geos = _strings(spec, "GEO")
    shares: dict[str, float] = {}

    def add(country: str, share: float) -> None:
        shares[country] = min(1.0, shares.get(country, 0.0) + share)

    for code in locations:
        if code in COUNTRIES:
            add(code, 1.0)
        elif code in METROS:
            add(METROS[code][1], METROS[code][2])
        else:
            raise TargetingError(f"Unknown LOCATION code {code!r} (see /v5/resources/targeting/LOCATION).")
    regions = [code for code in geos if code in REGIONS]
    postcodes = [code for code in geos if code not in REGIONS]
    for code in postcodes:
        if postal_country(code) is None:
            raise TargetingError(f"Unknown GEO code {code!r}: not a region code or a CC-postcode.")
    if regions and postcodes:
        raise TargetingError("GEO takes region codes or postal codes, not both.")
    for code in regions:
        add(REGIONS[code][1], REGIONS[code][2])
    for code in postcodes:
        add(code.split("-", 1)[0], 0.0001 + 0.0004 * _unit("geo:" + code))
    if not shares:
        shares[default_country if default_country in COUNTRIES else "US"] = 1.0
    return shares


def validate_spec(spec: object) -> dict[str, object]:
    """Check a ``targeting_spec`` against the tables; raises TargetingError naming the bad value."""
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise TargetingError("targeting_spec must be an object.")
    for key in spec:
        if key not in SPEC_KEYS:
            raise TargetingError(f"Unknown targeting_spec key {key!r}.")
    tables: dict[str, tuple[dict[str, object], str]] = {
        "AGE_BUCKET": (dict(AGE_BUCKETS), "AGE_BUCKET"),
        "GENDER": (dict(GENDERS), "GENDER"),
        "APPTYPE": (dict(APPTYPES), "APPTYPE"),
        "LOCALE": (dict(LOCALES), "LOCALE"),
        "INTEREST": (dict(INTERESTS), "INTEREST"),
    }
    for key, (table, label) in tables.items():
        for value in _strings(spec, key):
            if value not in table:
                raise TargetingError(
                    f"Unknown {label} value {value!r} (see /v5/resources/targeting/{label})."
                )
    for key in ("AUDIENCE_INCLUDE", "AUDIENCE_EXCLUDE"):
        for value in _strings(spec, key):
            if not _DIGITS.match(value):
                raise TargetingError(f"Invalid {key} id {value!r}: audience ids are numeric strings.")
    for value in _strings(spec, "TARGETING_STRATEGY"):
        if value not in TARGETING_STRATEGIES:
            raise TargetingError(f"Unknown TARGETING_STRATEGY value {value!r}.")
    has_min, has_max = spec.get("MINIMUM_AGE") is not None, spec.get("MAXIMUM_AGE") is not None
    if has_min != has_max:
        raise TargetingError("MINIMUM_AGE and MAXIMUM_AGE must be given together.")
    if has_min:
        if _strings(spec, "AGE_BUCKET"):
            raise TargetingError("AGE_BUCKET cannot be combined with MINIMUM_AGE/MAXIMUM_AGE.")
        if _age_of(spec["MINIMUM_AGE"], "MINIMUM_AGE") > _age_of(spec["MAXIMUM_AGE"], "MAXIMUM_AGE"):
            raise TargetingError("MINIMUM_AGE must not be greater than MAXIMUM_AGE.")
    _location_shares(spec, "US")
    return spec


def _sum_share(values: list[str], table: dict[str, tuple[str, float]]) -> float:
    return 1.0 if not values else min(1.0, sum(table[v][1] for v in set(values)))


def estimate_reach(
    spec: dict[str, object],
    *,
    auto_targeting: bool,
    placement: str,
    creative_types: list[str] | None,
    keywords: list[Keyword],
    default_country: str,
) -> float:
    """Estimated monthly reachable people for a (validated) targeting spec.

    A product of independent factors, each at most 1 and each growing when its own list grows:
    locations (a union), ages, genders, app types, locales (sums of shares), interests and
    keywords (a union, 1 when neither is given), audiences, placement and creative types. So a
    spec that targets a subset of another's audience can never come out larger. Performance+
    (auto) targeting widens the interest/keyword share towards everyone.
    """
    base = sum(COUNTRIES[c][1] * share for c, share in _location_shares(spec, default_country).items())
    factor = 1.0
    buckets = _strings(spec, "AGE_BUCKET")
    if buckets:
        factor *= _age_share(set().union(*(_bucket_ages(b) for b in buckets)))
    elif spec.get("MINIMUM_AGE") is not None:
        lo = _age_of(spec["MINIMUM_AGE"], "MINIMUM_AGE")
        hi = _age_of(spec["MAXIMUM_AGE"], "MAXIMUM_AGE")
        factor *= _age_share(set(range(lo, hi + 1)))
    factor *= _sum_share(_strings(spec, "GENDER"), GENDERS)
    factor *= _sum_share(_strings(spec, "APPTYPE"), APPTYPES)
    factor *= _sum_share(_strings(spec, "LOCALE"), LOCALES)
    topics = [INTERESTS[i].share for i in set(_strings(spec, "INTEREST"))]
    topics += [
        (0.002 + 0.02 * _unit("kw:" + k.value)) * KEYWORD_MATCH_SHARE[k.match_type]
        for k in set(keywords)
        if k.match_type in KEYWORD_MATCH_SHARE
    ]
    if topics:
        missed = 1.0
        for share in topics:
            missed *= 1.0 - share
        topical = 1.0 - missed
        if auto_targeting:
            topical += (1.0 - topical) * 0.3
        factor *= topical
    for k in set(keywords):
        if k.match_type in NEGATIVE_MATCH_TYPES:
            factor *= 1.0 - (0.001 + 0.01 * _unit("neg:" + k.value))
    included = _strings(spec, "AUDIENCE_INCLUDE")
    if included:
        missed = 1.0
        for audience in set(included):
            missed *= 1.0 - (0.001 + 0.02 * _unit("aud:" + audience))
        factor *= 1.0 - missed
    for audience in set(_strings(spec, "AUDIENCE_EXCLUDE")):
        factor *= 1.0 - (0.001 + 0.02 * _unit("aud:" + audience))
    factor *= PLACEMENT_SHARE.get(placement, 1.0)
    if creative_types:
        factor *= max(CREATIVE_SHARE.get(c, 1.0) for c in creative_types)
    return base * factor


def _round_sig(value: float, up: bool) -> int:
    """Round to two significant digits, down or up (a monotone function of ``value``)."""
    if value < 1:
        return 0 if not up else 1
    step = 10 ** max(0, math.floor(math.log10(value)) - 1)
    return int((math.ceil(value / step) if up else math.floor(value / step)) * step)


def audience_bounds(reach: float) -> tuple[int, int]:
    """Pinterest-style lower/upper bounds around an estimate, both monotone in it."""
    return _round_sig(reach * 0.85, up=False), _round_sig(reach * 1.15, up=True)
