"""Moving the start or end of something that already exists (update_ad_group, update_campaign)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ...pinterest.times import from_unix, parse_datetime, to_unix, utc_now
from ..support.common import InputError


class ScheduleChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: str | None = Field(default=None, description="New start, ISO 8601 (only before it has started)")
    end: str | None = Field(default=None,
                            description="New end, ISO 8601; a bare date means the end of that day")


def schedule_fields(change: ScheduleChange | None, *, start: int | None, end: int | None,
                    where: str = "schedule") -> dict[str, Any]:
    """start_time / end_time for the PATCH, only for the values that change, checked like Pinterest does."""
    if change is None:
        return {}
    now = to_unix(utc_now())
    fields: dict[str, Any] = {}
    if change.start:
        new_start = to_unix(parse_datetime(change.start, field=f"{where}.start"))
        if start is not None and start <= now and new_start != start:
            raise InputError(f"{where}.start: it started {from_unix(start)}; a start in the past cannot move")
        if new_start < now:
            raise InputError(f"{where}.start: {change.start} is in the past")
        if new_start != start:
            fields["start_time"] = new_start
    if change.end:
        new_end = to_unix(parse_datetime(change.end, field=f"{where}.end", end_of_day=True))
        if new_end <= now:
            raise InputError(f"{where}.end: {change.end} is in the past; it must be in the future")
        if new_end != end:
            fields["end_time"] = new_end
    first = fields.get("start_time", start)
    last = fields.get("end_time", end)
    if first is not None and last is not None and last <= first:
        raise InputError(f"{where}.end: must be after the start ({from_unix(first)})")
    return fields


def when(seconds: int | None) -> str:
    return from_unix(seconds) or "none"
