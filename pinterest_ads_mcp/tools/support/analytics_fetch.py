"""How get_analytics gets its rows: the fewest upstream requests for a level, ids and date range.

Sync analytics serve up to 90 days that start at most 90 days back (HOUR: 8 days back, 3 days a
call). Anything else goes through async reports (914 days back, 186 days a report): create, poll
with progress, download, parse. Rows come back as (entity id, date or None, {column: value}).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any, Literal

import anyio

from ...pinterest.client import ID_CHUNK, PinterestClient
from ...pinterest.times import api_date
from .common import InputError
from .progress import Parts

Level = Literal["account", "campaign", "ad_group", "ad"]
Granularity = Literal["TOTAL", "DAY", "WEEK", "MONTH", "HOUR"]
Progress = Callable[[float, float | None, str | None], Awaitable[None]]

SYNC_BACK_DAYS = 89  # Pinterest allows 90, but refuses exactly 90 days back part of the day: a day of margin
SYNC_RANGE_DAYS = 90
HOUR_BACK_DAYS = 8
HOUR_RANGE_DAYS = 3
ASYNC_BACK_DAYS = 914
ASYNC_RANGE_DAYS = 186
ASYNC_ID_FILTER_MAX = 500
REPORT_TIMEOUT_S = 600.0
REPORT_POLL_S = (0.25, 0.5, 1.0, 2.0, 3.0, 5.0)

# Row key holding the entity id, per level (sync rows / async rows).
SYNC_ID_KEY: dict[str, str] = {
    "account": "AD_ACCOUNT_ID",
    "campaign": "CAMPAIGN_ID",
    "ad_group": "AD_GROUP_ID",
    "ad": "AD_ID",
}
ASYNC_LEVEL: dict[str, str] = {
    "account": "ADVERTISER",
    "campaign": "CAMPAIGN",
    "ad_group": "AD_GROUP",
    "ad": "PIN_PROMOTION",
}
ASYNC_ID_COLUMN: dict[str, str] = {
    "account": "ADVERTISER_ID",
    "campaign": "CAMPAIGN_ID",
    "ad_group": "AD_GROUP_ID",
    "ad": "PIN_PROMOTION_ID",
}
ASYNC_ID_FILTER: dict[str, str] = {"campaign": "campaign_ids", "ad_group": "ad_group_ids", "ad": "ad_ids"}
_ID_FALLBACKS = ("AD_ID", "PIN_PROMOTION_ID", "AD_GROUP_ID", "CAMPAIGN_ID", "ADVERTISER_ID", "AD_ACCOUNT_ID")

Row = tuple[str, str | None, dict[str, Any]]


@dataclass
class Tally:
    """Upstream analytics requests made for one answer (sync calls, report creates and polls)."""

    requests: int = 0


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    mode: Literal["sync", "async"]


def plan_windows(start: date, end: date, granularity: str, today: date) -> list[Window]:
    """Split [start, end] into the windows the API can serve, sync where possible."""
    days = (end - start).days + 1
    if granularity == "HOUR":
        if start < today - timedelta(days=HOUR_BACK_DAYS):
            raise InputError(
                f"start_date: hourly data only covers the last {HOUR_BACK_DAYS} days "
                f"(from {today - timedelta(days=HOUR_BACK_DAYS)}); use DAY for older dates"
            )
        return _split(start, end, HOUR_RANGE_DAYS, "sync")
    if start >= today - timedelta(days=SYNC_BACK_DAYS) and days <= SYNC_RANGE_DAYS:
        return [Window(start, end, "sync")]
    if start < today - timedelta(days=ASYNC_BACK_DAYS):
        raise InputError(
            f"start_date: Pinterest keeps reporting data for {ASYNC_BACK_DAYS} days "
            f"(from {today - timedelta(days=ASYNC_BACK_DAYS)})"
        )
    return _split(start, end, ASYNC_RANGE_DAYS, "async")


def _split(start: date, end: date, size: int, mode: Literal["sync", "async"]) -> list[Window]:
    out: list[Window] = []
    cursor = start
    while cursor <= end:
        stop = min(end, cursor + timedelta(days=size - 1))
        out.append(Window(cursor, stop, mode))
        cursor = stop + timedelta(days=1)
    return out


def _row_id(row: dict[str, Any], preferred: str, fallback: str | None) -> str | None:
    for key in (preferred, *_ID_FALLBACKS):
        if row.get(key) not in (None, ""):
            return str(row[key])
    return fallback


def _row_date(row: dict[str, Any]) -> str | None:
    """The row's period: ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:00Z`` when an ``HOUR`` (0-23 UTC) comes with it."""
    value = row.get("DATE")
    if value in (None, ""):
        return None
    text = str(value)
    hour = row.get("HOUR")
    if hour not in (None, "") and len(text) == 10:
        text = f"{text}T{int(hour):02d}:00Z"
    return text


async def fetch_sync(
    client: PinterestClient,
    level: str,
    account_id: str,
    window: Window,
    columns: Sequence[str],
    granularity: str,
    ids: Sequence[str] | None,
    tally: Tally,
) -> list[Row]:
    tally.requests += 1 if level == "account" else -(-len(ids or ()) // ID_CHUNK)
    rows = await client.analytics(
        level,
        account_id,
        start_date=api_date(window.start),
        end_date=api_date(window.end),
        columns=columns,
        granularity=granularity,
        ids=ids,
    )
    key = SYNC_ID_KEY[level]
    fallback = account_id if level == "account" else None
    out: list[Row] = []
    for row in rows:
        entity = _row_id(row, key, fallback)
        if entity is not None:
            out.append((entity, _row_date(row), row))
    return out


def _report_rows(payload: Any) -> list[tuple[str | None, dict[str, Any]]]:
    """Async JSON reports are keyed by entity id ({id: [rows]}); accept a plain list of rows too."""
    if isinstance(payload, list):
        return [(None, r) for r in payload if isinstance(r, dict)]
    if isinstance(payload, dict):
        for key in ("rows", "data", "items"):
            if isinstance(payload.get(key), list):
                return _report_rows(payload[key])
        out: list[tuple[str | None, dict[str, Any]]] = []
        for key, value in payload.items():
            if isinstance(value, list):
                out.extend((str(key), r) for r in value if isinstance(r, dict))
            elif isinstance(value, dict):
                out.append((str(key), value))
        return out
    return []


async def fetch_async(
    client: PinterestClient,
    level: str,
    account_id: str,
    window: Window,
    columns: Sequence[str],
    granularity: str,
    ids: Sequence[str] | None,
    progress: Progress | None,
    tally: Tally,
    poll_s: Sequence[float] = REPORT_POLL_S,
) -> list[Row]:
    """One async report: create, poll until FINISHED, download and parse."""
    id_column = ASYNC_ID_COLUMN[level]
    body: dict[str, Any] = {
        "start_date": api_date(window.start),
        "end_date": api_date(window.end),
        "granularity": granularity,
        "level": ASYNC_LEVEL[level],
        "columns": list(dict.fromkeys([id_column, *columns])),
        "report_format": "JSON",
    }
    wanted = set(ids or ())
    if level in ASYNC_ID_FILTER and ids and len(ids) <= ASYNC_ID_FILTER_MAX:
        body[ASYNC_ID_FILTER[level]] = list(ids)
    created = await client.create_report(account_id, body)
    tally.requests += 1
    token = created.get("token")
    if not token:
        raise InputError(f"Pinterest did not start the report: {created.get('message') or created}")
    label = f"report {window.start}..{window.end}"
    waited = 0.0
    polls = 0
    while True:
        status = await client.get_report(account_id, token)
        tally.requests += 1
        state = status.get("report_status")
        if state == "FINISHED" and status.get("url"):
            break
        if state not in ("IN_PROGRESS", None):
            raise InputError(f"the async report for {window.start}..{window.end} ended {state}; try again")
        if waited >= REPORT_TIMEOUT_S:
            raise InputError(
                f"the async report for {window.start}..{window.end} was not ready after "
                f"{int(waited)} s; try a shorter range or fewer ids"
            )
        delay = poll_s[min(polls, len(poll_s) - 1)]
        polls += 1
        if progress is not None:
            await progress(
                min(waited / REPORT_TIMEOUT_S, 0.9), 1.0, f"{label}: waiting for Pinterest ({polls})"
            )
        await anyio.sleep(delay)
        waited += delay
    payload = await client.download(status["url"])
    if progress is not None:
        await progress(1.0, 1.0, f"{label}: downloaded")
    fallback = account_id if level == "account" else None
    out: list[Row] = []
    for key, row in _report_rows(payload):
        entity = _row_id(row, id_column, key or fallback)
        if level == "account":
            entity = account_id
        if entity is None or (wanted and level != "account" and entity not in wanted):
            continue
        out.append((entity, _row_date(row), row))
    return out


async def fetch_rows(
    client: PinterestClient,
    level: str,
    account_id: str,
    windows: Sequence[Window],
    columns: Sequence[str],
    granularity: str,
    ids: Sequence[str] | None,
    tally: Tally,
    progress: Progress | None = None,
    poll_s: Sequence[float] = REPORT_POLL_S,
) -> list[Row]:
    """Every window fetched concurrently (the client bounds concurrency and rate budgets). Progress
    is the async reports' progress summed: complete only when the last report is downloaded."""
    reports = {id(w): n for n, w in enumerate(w for w in windows if w.mode != "sync")}
    parts = Parts(progress, len(reports)) if progress is not None else None

    async def one(w: Window) -> list[Row]:
        if w.mode == "sync":
            return await fetch_sync(client, level, account_id, w, columns, granularity, ids, tally)
        part = parts.part(reports[id(w)]) if parts is not None else None
        return await fetch_async(
            client, level, account_id, w, columns, granularity, ids, part, tally, poll_s
        )

    fetched = await client.gather([partial(one, w) for w in windows])
    return [row for part in fetched for row in part]


# -- breakdowns (targeting analytics) --------------------------------------------------------------
Breakdown = Literal[
    "age", "gender", "country", "region", "device", "placement", "keyword", "interest", "targeting_type"
]
# breakdown -> the targeting types asked for; for targeting_type the segment is the type itself.
TARGETING_TYPES: dict[str, tuple[str, ...]] = {
    "age": ("AGE_BUCKET",),
    "gender": ("GENDER",),
    "country": ("COUNTRY",),
    "region": ("REGION",),
    "device": ("APPTYPE",),
    "placement": ("PLACEMENT",),
    "keyword": ("KEYWORD",),
    "interest": ("TARGETED_INTEREST",),
    "targeting_type": ("KEYWORD", "TARGETED_INTEREST", "AUDIENCE_INCLUDE"),
}
TYPE_NAMES: dict[str, str] = {"KEYWORD": "keyword", "TARGETED_INTEREST": "interest", "AUDIENCE_INCLUDE": "audience"}
# Breakdowns whose values cover only what matched a targeting choice (expanded targeting matches none).
PARTIAL_BREAKDOWNS = frozenset({"keyword", "interest", "targeting_type"})

SegmentRow = tuple[str, str | None, str, dict[str, Any]]


async def fetch_breakdown(
    client: PinterestClient,
    level: str,
    account_id: str,
    window: Window,
    columns: Sequence[str],
    granularity: str,
    ids: Sequence[str] | None,
    breakdown: str,
    tally: Tally,
) -> list[SegmentRow]:
    """Targeting analytics rows as (entity id, date, segment, metric columns)."""
    tally.requests += 1 if level == "account" else -(-len(ids or ()) // ID_CHUNK)
    data = await client.targeting_analytics(
        level,
        account_id,
        start_date=api_date(window.start),
        end_date=api_date(window.end),
        columns=columns,
        granularity=granularity,
        targeting_types=TARGETING_TYPES[breakdown],
        ids=ids,
    )
    key = SYNC_ID_KEY[level]
    fallback = account_id if level == "account" else None
    out: list[SegmentRow] = []
    for item in data:
        metrics = item.get("metrics") if isinstance(item, dict) else None
        if not isinstance(metrics, dict):
            continue
        entity = account_id if level == "account" else _row_id(metrics, key, fallback)
        if entity is None:
            continue
        kind = str(item.get("targeting_type") or "")
        segment = TYPE_NAMES.get(kind, kind.lower()) if breakdown == "targeting_type" else item.get("targeting_value")
        out.append((entity, _row_date(metrics), "" if segment is None else str(segment), metrics))
    return out
