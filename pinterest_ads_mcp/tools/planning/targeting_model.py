"""The one friendly targeting model, and the one converter to Pinterest's ``targeting_spec``.

``audience_sizing``, ``create_campaign`` and ``boost_pin`` all accept :class:`Targeting` and call
:func:`to_targeting_spec`, so a person's "women 25-44 in New York who like gardening" means the
same thing everywhere. Names are resolved with ``GET /resources/targeting/{type}`` (cached for the
life of the server); an unknown name is an :class:`InputError` naming the field, the value and up
to five near matches.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from ..support.common import ID_PATTERN, InputError
from ..support.runtime import Runtime
from ..targeting import rank_options

Gender = Literal["female", "male", "unknown"]
Device = Literal["iphone", "ipad", "android_mobile", "android_tablet", "web", "web_mobile"]
Placement = Literal["ALL", "SEARCH", "BROWSE"]
MatchType = Literal["BROAD", "PHRASE", "EXACT", "EXACT_NEGATIVE", "PHRASE_NEGATIVE"]

MIN_AGE = 18
MAX_AGE = 65
NEAR_MATCHES = 5
_POSTAL = re.compile(r"^[A-Z]{2}-[A-Z0-9]{3,10}$")
_OPTIONS_CACHE = "targeting_options"


# Inclusive age range. Pinterest targets 18 to 65+; leave ``max`` out for "and older". (A comment, not a
# docstring: a docstring would be repeated in the schema of every tool that takes targeting.)
class AgeRange(BaseModel):

    model_config = ConfigDict(extra="forbid")

    min: int = Field(default=MIN_AGE, ge=MIN_AGE, le=MAX_AGE)
    max: int | None = Field(default=None, ge=MIN_AGE, le=MAX_AGE, description="65 or left out: 65 and older")

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"age: max ({self.max}) is below min ({self.min})")
        return self


def _printable_keyword(value: str) -> str:
    """Trim as Python does (pydantic's trim keeps separators such as U+001F, which ``str.strip``
    drops) and refuse control characters, so what is checked is exactly what is sent."""
    value = value.strip()
    if not value or len(value) > 120:
        raise ValueError("a keyword is 1 to 120 characters after trimming spaces")
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise ValueError("a keyword may not contain control characters")
    return value


KeywordText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
                        AfterValidator(_printable_keyword)]
"""A search term as a plain string (a BROAD match): 1 to 120 printable characters after trimming."""


# A search keyword with its match type (keywords only matter for SEARCH/ALL placement).
class Keyword(BaseModel):

    model_config = ConfigDict(extra="forbid")

    value: KeywordText = Field(description="The search term")
    match_type: MatchType = Field(
        default="BROAD", description="*_NEGATIVE types exclude the term"
    )


AudienceId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


class Targeting(BaseModel):
    """Who sees the ads. Only locations is required; a dimension left out is not restricted. Names
    or codes (search_targeting)."""

    model_config = ConfigDict(extra="forbid")

    locations: list[str] = Field(
        default_factory=list,
        max_length=500,
        description=("Countries, US metros, regions or postal codes: 'US', 'New York', '501', 'US-CA', "
                     "'US-94107' (regions and postal codes not mixed)"),
    )
    age: AgeRange | None = None
    genders: list[Gender] | None = None
    interests: list[str] | None = Field(
        default=None,
        max_length=500,
        description="Interest names ('Gardening') or ids",
    )
    locales: list[str] | None = Field(
        default=None,
        max_length=50,
        description="Language codes or names ('en-US', 'German')",
    )
    devices: list[Device] | None = None
    audiences: list[AudienceId] | None = Field(default=None, max_length=100,
                                               description="Audience ids (list_audiences)")
    excluded_audiences: list[AudienceId] | None = Field(default=None, max_length=100)
    keywords: list[Keyword | KeywordText] | None = Field(
        default=None,
        max_length=2000,
        description="Search keywords; a plain string is BROAD",
    )
    placement: Placement = Field(
        default="ALL",
        description="SEARCH (results), BROWSE (home feed, related pins) or ALL",
    )
    auto_targeting: bool = Field(
        default=True,
        description="Let Pinterest reach beyond this targeting (Performance+)",
    )

    @field_validator("locations", "interests", "locales")
    @classmethod
    def _strip(cls, values: list[str] | None) -> list[str] | None:
        if values is None:
            return None
        cleaned = [v.strip() for v in values]
        if any(not v for v in cleaned):
            raise ValueError("entries must not be empty")
        return list(dict.fromkeys(cleaned))


@dataclass
class TargetingResolution:
    """What :func:`to_targeting_spec` produced: the request pieces and a readable account of it."""

    targeting_spec: dict[str, Any]
    keywords: list[dict[str, str]] | None
    placement_group: str
    auto_targeting_enabled: bool
    notes: list[str] = field(default_factory=list)

    def sizing_body(self) -> dict[str, Any]:
        """The ``AdGroupAudienceSizingRequest`` body for this targeting."""
        body: dict[str, Any] = {
            "targeting_spec": self.targeting_spec,
            "placement_group": self.placement_group,
            "auto_targeting_enabled": self.auto_targeting_enabled,
        }
        if self.keywords:
            body["keywords"] = self.keywords
        return body

    def ad_group_fields(self) -> dict[str, Any]:
        """The ad group fields this targeting sets (keywords are separate entities, not included)."""
        return {
            "targeting_spec": self.targeting_spec,
            "placement_group": self.placement_group,
            "auto_targeting_enabled": self.auto_targeting_enabled,
        }


async def options_for(rt: Runtime, targeting_type: str) -> dict[str, str]:
    """Code -> name for one targeting type, fetched once per server life."""
    cache: dict[str, dict[str, str]] = rt.extras.setdefault(_OPTIONS_CACHE, {})
    if targeting_type not in cache:
        cache[targeting_type] = await rt.client.targeting_options(targeting_type)
    return cache[targeting_type]


def _short(name: str) -> str:
    """'U.S.: New York' -> 'new york' (the part after the country prefix), casefolded."""
    return name.rsplit(":", 1)[-1].strip().casefold()


def near_matches(options: dict[str, str], value: str, limit: int = NEAR_MATCHES) -> list[str]:
    """Up to ``limit`` 'Name (code)' suggestions: substring/prefix matches first, then spelling look-alikes."""
    ranked = [f"{o.name} ({o.code})" for o in rank_options(options, value)[:limit]]
    if len(ranked) < limit:
        by_name = {n.casefold(): c for c, n in options.items()}
        by_name.update({_short(n): c for c, n in options.items()})
        for close in difflib.get_close_matches(value.casefold(), list(by_name), n=limit, cutoff=0.6):
            code = by_name[close]
            entry = f"{options[code]} ({code})"
            if entry not in ranked:
                ranked.append(entry)
    return ranked[:limit]


def _lookup(options: dict[str, str], value: str) -> str | None:
    """The code for ``value``: an exact code (case-insensitive), a full name, or the name after its prefix."""
    if value in options:
        return value
    folded = value.casefold()
    for code in options:
        if code.casefold() == folded:
            return code
    for code, name in options.items():
        if name.casefold() == folded:
            return code
    short = [code for code, name in options.items() if _short(name) == folded]
    return short[0] if short else None


def _unknown(field_name: str, value: str, options: dict[str, str], what: str) -> InputError:
    near = near_matches(options, value)
    hint = f" Near matches: {'; '.join(near)}." if near else ""
    return InputError(f"{field_name}: unknown {what} {value!r}.{hint} Use search_targeting to look up codes.")


async def resolve_locations(
    rt: Runtime, values: list[str], field_name: str, notes: list[str]
) -> tuple[list[str], list[str]]:
    location_opts = await options_for(rt, "LOCATION")
    geo_opts = await options_for(rt, "GEO")
    locations: list[str] = []
    geos: list[str] = []
    regions = postals = 0
    for value in values:
        code = _lookup(location_opts, value)
        if code is not None:
            locations.append(code)
            if code != value:
                notes.append(f"location {value!r} -> {location_opts[code]} ({code})")
            continue
        code = _lookup(geo_opts, value)
        if code is not None:
            geos.append(code)
            regions += 1
            if code != value:
                notes.append(f"location {value!r} -> region {geo_opts[code]} ({code})")
            continue
        if _POSTAL.match(value.upper()):
            geos.append(value.upper())
            postals += 1
            notes.append(f"location {value!r} -> postal code {value.upper()}")
            continue
        raise _unknown(f"{field_name}.locations", value, {**location_opts, **geo_opts}, "location")
    if regions and postals:
        raise InputError(
            f"{field_name}.locations: Pinterest takes region codes or postal codes, not both in one "
            "targeting; keep one kind (countries and metros can go with either)"
        )
    return list(dict.fromkeys(locations)), list(dict.fromkeys(geos))


async def resolve_named(
    rt: Runtime, targeting_type: str, values: list[str], field_name: str, what: str, notes: list[str]
) -> list[str]:
    options = await options_for(rt, targeting_type)
    codes: list[str] = []
    for value in values:
        code = _lookup(options, value)
        if code is None:
            raise _unknown(field_name, value, options, what)
        if code != value:
            notes.append(f"{what} {value!r} -> {options[code]} ({code})")
        codes.append(code)
    return list(dict.fromkeys(codes))


def keyword_items(values: list[Keyword | KeywordText] | None) -> list[dict[str, str]] | None:
    if not values:
        return None
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for kw in values:
        item = Keyword(value=kw) if isinstance(kw, str) else kw
        entry = {"match_type": item.match_type, "value": item.value.strip()}
        key = (entry["match_type"], entry["value"].casefold())  # Pinterest matches keywords case-insensitively
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


async def to_targeting_spec(
    rt: Runtime, ad_account_id: str, targeting: Targeting, *, field_name: str = "targeting"
) -> TargetingResolution:
    """Resolve a friendly :class:`Targeting` into Pinterest's ``targeting_spec`` and its companions.

    ``field_name`` is how the caller's parameter is called (``targeting``, ``ad_group.targeting``),
    so errors point at what the model actually sent. One cached resource read per targeting type used.
    """
    notes: list[str] = []
    if not targeting.locations:
        raise InputError(
            f"{field_name}.locations is required: Pinterest needs at least one location (a country such as 'US', "
            "a US metro such as 'New York', a region such as 'US-CA' or a postal code such as 'US-94107')"
        )
    spec: dict[str, Any] = {}
    locations, geos = await resolve_locations(rt, targeting.locations, field_name, notes)
    if locations:
        spec["LOCATION"] = locations
    if geos:
        spec["GEO"] = geos
    if targeting.age is not None:
        spec["MINIMUM_AGE"] = str(targeting.age.min)
        top = targeting.age.max
        spec["MAXIMUM_AGE"] = "65+" if top is None or top >= MAX_AGE else str(top)
        notes.append(f"age {spec['MINIMUM_AGE']} to {spec['MAXIMUM_AGE']}")
    if targeting.genders:
        spec["GENDER"] = list(dict.fromkeys(targeting.genders))
    if targeting.interests:
        spec["INTEREST"] = await resolve_named(
            rt, "INTEREST", targeting.interests, f"{field_name}.interests", "interest", notes
        )
    if targeting.locales:
        spec["LOCALE"] = await resolve_named(
            rt, "LOCALE", targeting.locales, f"{field_name}.locales", "locale", notes
        )
    if targeting.devices:
        spec["APPTYPE"] = list(dict.fromkeys(targeting.devices))
    await _audiences(rt, ad_account_id, targeting, field_name, spec, notes)
    keywords = keyword_items(targeting.keywords)
    if keywords and targeting.placement == "BROWSE":
        notes.append("keywords only affect search placements; placement BROWSE ignores them")
    if targeting.auto_targeting:
        notes.append("auto-targeting on: Pinterest may reach people beyond these interests and keywords")
    return TargetingResolution(
        targeting_spec=spec,
        keywords=keywords,
        placement_group=targeting.placement,
        auto_targeting_enabled=targeting.auto_targeting,
        notes=notes,
    )


async def _audiences(rt: Runtime, ad_account_id: str, targeting: Targeting, field_name: str,
                     spec: dict[str, Any], notes: list[str]) -> None:
    """AUDIENCE_INCLUDE / AUDIENCE_EXCLUDE from audience ids, checked against the account's own audiences
    (one listing, only when audiences are asked for): Pinterest refuses another account's audience."""
    wanted = {"AUDIENCE_INCLUDE": ("audiences", targeting.audiences),
              "AUDIENCE_EXCLUDE": ("excluded_audiences", targeting.excluded_audiences)}
    if not any(ids for _, ids in wanted.values()):
        return
    known = {str(a.get("id")): a for a in await rt.client.list_audiences(ad_account_id)}
    for key, (name, ids) in wanted.items():
        if not ids:
            continue
        unknown = [i for i in ids if i not in known]
        if unknown:
            have = ", ".join(f"{i} ({known[i].get('name')})" for i in list(known)[:5]) or "none yet: create_audience"
            raise InputError(f"{field_name}.{name}: audience {', '.join(unknown)} is not one of this ad account's "
                             f"audiences (list_audiences); available: {have}")
        spec[key] = list(dict.fromkeys(ids))
        verb = "include" if key == "AUDIENCE_INCLUDE" else "exclude"
        notes.append(f"{verb} audiences " + ", ".join(f"{known[i].get('name')} ({i})" for i in spec[key]))


def describe_spec(spec: dict[str, Any]) -> str:
    """A one-line human reading of a targeting_spec (for plans and summaries)."""
    parts: list[str] = []
    where = [*(spec.get("LOCATION") or []), *(spec.get("GEO") or [])]
    if where:
        parts.append("in " + ", ".join(where))
    if "MINIMUM_AGE" in spec:
        parts.append(f"aged {spec['MINIMUM_AGE']}-{spec.get('MAXIMUM_AGE', '65+')}")
    elif spec.get("AGE_BUCKET"):
        parts.append("aged " + ", ".join(spec["AGE_BUCKET"]))
    for key, label in (
        ("GENDER", "genders"),
        ("INTEREST", "interests"),
        ("LOCALE", "languages"),
        ("APPTYPE", "devices"),
        ("AUDIENCE_INCLUDE", "audiences"),
        ("AUDIENCE_EXCLUDE", "excluding audiences"),
    ):
        if spec.get(key):
            parts.append(f"{label} {', '.join(spec[key])}")
    return "; ".join(parts) or "everyone"
