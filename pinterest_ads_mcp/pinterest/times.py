"""The one place times are converted.

Pinterest entity times are unix seconds (UTC); analytics dates are ``YYYY-MM-DD`` (UTC).
People give ISO 8601 dates or date-times. A date without a time means the start of that day
in UTC; a date-time without an offset is read as UTC, and results always carry an explicit
``Z`` so nobody has to guess.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time


class TimeError(ValueError):
    """A date or time that cannot be read; the message names the field and the format."""


def parse_datetime(value: str, *, field: str, end_of_day: bool = False) -> datetime:
    """ISO 8601 date or date-time -> aware UTC datetime.

    ``end_of_day`` makes a bare date mean 23:59:59 of that day, which is what a person means by
    "end on 2026-12-31".
    """
    text = str(value).strip()
    if not text:
        raise TimeError(f"{field}: a date is required (ISO 8601, e.g. 2026-12-01 or 2026-12-01T09:00:00Z)")
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = time(23, 59, 59) if end_of_day else time(0, 0, 0)
            return datetime.combine(day, moment, tzinfo=UTC)
        parsed = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise TimeError(
            f"{field}: {value!r} is not an ISO 8601 date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_date(value: str, *, field: str) -> date:
    """ISO 8601 date (a date-time is cut to its UTC date)."""
    return parse_datetime(value, field=field).date()


def to_unix(moment: datetime) -> int:
    return int(moment.timestamp())


def from_unix(seconds: float | str | None) -> str | None:
    """Unix seconds -> ISO 8601 UTC string with ``Z``; None stays None."""
    if seconds is None or seconds == "":
        return None
    return datetime.fromtimestamp(int(seconds), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def api_date(day: date) -> str:
    """A date as analytics parameters want it."""
    return day.isoformat()


def utc_now() -> datetime:
    return datetime.now(tz=UTC)


def today() -> date:
    return utc_now().date()
