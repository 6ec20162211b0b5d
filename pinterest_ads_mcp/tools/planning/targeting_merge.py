"""Merge a person's targeting changes into an ad group's current ``targeting_spec``.

Pinterest replaces ``targeting_spec`` as a whole on PATCH, so the request must carry the complete
spec: we start from the ad group's own spec, copied exactly (keys this model does not know
included), and apply only the additions, removals and age range that were asked for. Names are
resolved with the launch tools' resolution (``targeting_model``), so "Canada" means the same here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from ..support.common import InputError
from ..support.runtime import Runtime
from .targeting_model import (
    AgeRange,
    Device,
    Gender,
    Placement,
    options_for,
    resolve_locations,
    resolve_named,
)

AudienceId = Annotated[str, Field(pattern=r"^[0-9]{1,20}$")]


# Values to add to (or remove from) an ad group's targeting, with the launch tools' names. (Comments, not
# docstrings, on input models: a docstring would be repeated in every tools/list answer.)
class TargetingDimensions(BaseModel):

    model_config = ConfigDict(extra="forbid")

    locations: list[str] | None = Field(default=None, max_length=500)
    interests: list[str] | None = Field(default=None, max_length=500)
    genders: list[Gender] | None = None
    locales: list[str] | None = Field(default=None, max_length=50)
    devices: list[Device] | None = None
    audiences: list[AudienceId] | None = Field(default=None, description="Audience ids to include")
    excluded_audiences: list[AudienceId] | None = None


# Changes merged into the current targeting; dimensions not mentioned stay exactly as they are.
class TargetingChanges(BaseModel):

    model_config = ConfigDict(extra="forbid")

    add: TargetingDimensions | None = None
    remove: TargetingDimensions | None = None
    age: AgeRange | None = Field(default=None, description="Replaces the age range")
    auto_targeting: bool | None = None
    placement: Placement | None = None


# friendly dimension -> targeting_spec key (locations go to LOCATION or GEO by what they resolve to)
_KEYS = {"interests": "INTEREST", "genders": "GENDER", "locales": "LOCALE", "devices": "APPTYPE",
         "audiences": "AUDIENCE_INCLUDE", "excluded_audiences": "AUDIENCE_EXCLUDE"}
_ORDER = ("LOCATION", "GEO", "AGE", "GENDER", "INTEREST", "LOCALE", "APPTYPE", "AUDIENCE_INCLUDE", "AUDIENCE_EXCLUDE")


@dataclass
class Resolved:
    """Changes resolved to targeting_spec codes (done once for every ad group of a call)."""

    add: dict[str, list[str]] = field(default_factory=dict)
    remove: dict[str, list[str]] = field(default_factory=dict)
    age: AgeRange | None = None
    names: dict[str, str] = field(default_factory=dict)  # code -> display name, for the plan
    notes: list[str] = field(default_factory=list)


async def _codes(rt: Runtime, dims: TargetingDimensions, where: str, resolved: Resolved) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if dims.locations:
        cleaned = [v.strip() for v in dims.locations if v.strip()]
        locations, geos = await resolve_locations(rt, cleaned, where, resolved.notes)
        if locations:
            out["LOCATION"] = locations
        if geos:
            out["GEO"] = geos
    if dims.interests:
        out["INTEREST"] = await resolve_named(rt, "INTEREST", [v.strip() for v in dims.interests],
                                              f"{where}.interests", "interest", resolved.notes)
        resolved.names.update(await options_for(rt, "INTEREST"))
    if dims.locales:
        out["LOCALE"] = await resolve_named(rt, "LOCALE", [v.strip() for v in dims.locales], f"{where}.locales",
                                            "locale", resolved.notes)
    for name in ("genders", "devices", "audiences", "excluded_audiences"):
        values = getattr(dims, name)
        if values:
            out[_KEYS[name]] = list(dict.fromkeys(values))
    return out


async def resolve_changes(rt: Runtime, changes: TargetingChanges, where: str = "targeting_changes") -> Resolved:
    resolved = Resolved(age=changes.age)
    if changes.add is not None:
        resolved.add = await _codes(rt, changes.add, f"{where}.add", resolved)
    if changes.remove is not None:
        resolved.remove = await _codes(rt, changes.remove, f"{where}.remove", resolved)
    both = {(k, v) for k, vs in resolved.add.items() for v in vs} & {
        (k, v) for k, vs in resolved.remove.items() for v in vs}
    if both:
        raise InputError(f"{where}: {', '.join(sorted(v for _, v in both))} is both added and removed")
    return resolved


def merge_spec(current: dict[str, Any] | None, resolved: Resolved, *, where: str, group: str) -> tuple[
        dict[str, Any], list[str]]:
    """The complete new targeting_spec and notes (values that were not there to remove)."""
    spec = copy.deepcopy(current or {})
    notes: list[str] = []
    for key, values in resolved.add.items():
        existing = list(spec.get(key) or [])
        spec[key] = existing + [v for v in values if v not in existing]
    for key, values in resolved.remove.items():
        existing = list(spec.get(key) or [])
        absent = [v for v in values if v not in existing]
        if absent:
            notes.append(f"ad group {group}: {', '.join(absent)} not in its {key}; nothing to remove")
        kept = [v for v in existing if v not in values]
        if kept:
            spec[key] = kept
        elif key in spec:
            del spec[key]  # an emptied dimension means "no restriction" (Pinterest's reading of a missing key)
            if key not in ("AUDIENCE_EXCLUDE", "LOCATION", "GEO"):
                notes.append(f"ad group {group}: every {key} value removed, so that dimension is no longer "
                             "restricted (reaches more people)")
    if not spec.get("LOCATION") and not spec.get("GEO"):
        raise InputError(f"{where}.remove.locations: ad group {group} would be left without a location; "
                         "Pinterest needs at least one (add the new one in the same call)")
    if resolved.age is not None:
        spec.pop("AGE_BUCKET", None)
        spec["MINIMUM_AGE"] = str(resolved.age.min)
        top = resolved.age.max
        spec["MAXIMUM_AGE"] = "65+" if top is None or top >= 65 else str(top)
    return spec, notes


def _age_words(spec: dict[str, Any]) -> str:
    if "MINIMUM_AGE" in spec or "MAXIMUM_AGE" in spec:
        return f"{spec.get('MINIMUM_AGE', '18')}-{spec.get('MAXIMUM_AGE', '65+')}"
    return ", ".join(spec.get("AGE_BUCKET") or []) or "all"


def _values(spec: dict[str, Any], key: str, names: dict[str, str]) -> str:
    if key == "AGE":
        return _age_words(spec)
    values = spec.get(key) or []
    return ", ".join(str(names.get(v, v)) if key == "INTEREST" else str(v) for v in values) or "all"


def spec_changes(before: dict[str, Any] | None, after: dict[str, Any], names: dict[str, str]) -> list[str]:
    """'KEY: before -> after' for every dimension that differs (unknown keys included, raw)."""
    before = before or {}
    lines: list[str] = []
    for key in _ORDER:
        old, new = _values(before, key, names), _values(after, key, names)
        if old != new:
            lines.append(f"{key.lower()} {old} -> {new}")
    known = {*_ORDER, "AGE_BUCKET", "MINIMUM_AGE", "MAXIMUM_AGE"}
    for key in sorted((set(before) | set(after)) - known):
        if before.get(key) != after.get(key):
            lines.append(f"{key} {before.get(key)} -> {after.get(key)}")
    return lines
