"""get_analytics: performance of an ad account, its campaigns, ad groups or ads over a date range."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Annotated, Any, Literal

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field

from ..pinterest.money import MICROS_PER_UNIT, format_amount, minor_units
from ..pinterest.times import parse_date, today
from .entities import AccountArg
from .exports import ExportLink, link_block, save_csv
from .support.analytics_fetch import (
    PARTIAL_BREAKDOWNS,
    REPORT_POLL_S,
    SYNC_BACK_DAYS,
    SYNC_RANGE_DAYS,
    Breakdown,
    Granularity,
    Level,
    Row,
    SegmentRow,
    Tally,
    fetch_breakdown,
    fetch_rows,
    plan_windows,
)
from .support.common import ID_PATTERN, InputError, resolve_account_id, tool_errors
from .support.metrics_catalog import (
    DEFAULT_METRICS,
    BaseMetric,
    DerivedMetric,
    Metric,
    RawMetric,
    columns_for,
    needed_base,
    resolve_metrics,
)
from .support.progress import reporter
from .support.runtime import Runtime, runtime

MAX_ROWS = 2000
DEFAULT_STATUSES = ["ACTIVE", "PAUSED"]
ALL_STATUSES = ["ACTIVE", "PAUSED", "ARCHIVED"]
Cell = str | int | float | None


class AnalyticsResult(BaseModel):
    environment: str
    ad_account_id: str
    currency: str = Field(
        description="Currency of every money metric (spend, cpc, cpm, cpa, conversion_value)"
    )
    level: str
    start_date: str
    end_date: str
    granularity: str
    source: str = Field(description="sync (analytics endpoints) or async_report (long or old ranges)")
    upstream_requests: int = Field(description="Analytics requests sent to Pinterest for this answer")
    columns: list[str] = Field(
        description="Names of the values in each row, in order: id, name, [date], metrics"
    )
    rows: list[list[Cell]] = Field(
        description="One row per entity (and period). Money as decimal strings in `currency` units; "
        "ctr/*_rate in percent; roas as a ratio"
    )
    totals: dict[str, Cell] = Field(
        description="All rows summed; rates and unit costs recomputed from the sums"
    )
    row_count: int
    truncated: bool = Field(
        description=f"True when more than {MAX_ROWS} rows existed (totals still cover all)"
    )
    entities: int = Field(description="Entities asked about")
    entities_without_data: int = Field(description="Entities with no delivery in the range (no rows)")
    breakdown: str | None = Field(default=None, description="The breakdown asked for; its values are in `segment`")
    unbroken_totals: dict[str, Cell] | None = Field(
        default=None, description="With a breakdown: the same metrics from the report without breakdown"
    )
    coverage: dict[str, float] | None = Field(
        default=None,
        description="With a breakdown: percent of each summable metric in unbroken_totals that the breakdown "
        "rows account for (below 100 where Pinterest withholds small slices or nothing matched)",
    )
    export: ExportLink | None = Field(
        default=None, description='format="csv": the file holding every row (rows here are then empty)'
    )
    notes: list[str] = Field(default_factory=list)


@dataclass
class Acc:
    """Sums for one (entity, period) or for the totals."""

    sums: dict[str, Decimal] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    merged: int = 0

    def add(self, row: dict[str, Any], metrics: Sequence[Metric], base: Sequence[BaseMetric]) -> None:
        self.merged += 1
        for b in base:
            self.sums[b.name] = self.sums.get(b.name, Decimal(0)) + _num(row.get(b.column))
        for m in metrics:
            if not isinstance(m, RawMetric):
                continue
            value = row.get(m.column)
            if m.additive and (value is None or _is_num(value)):
                self.sums[m.name] = self.sums.get(m.name, Decimal(0)) + _num(value)
            else:
                # not summable: keep it while one source row feeds this bucket
                self.raw[m.name] = value if self.merged == 1 else None

    def absorb(self, other: Acc) -> None:
        for k, v in other.sums.items():
            self.sums[k] = self.sums.get(k, Decimal(0)) + v
        for k in other.raw:
            self.raw[k] = None
        self.merged += other.merged


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _num(value: Any) -> Decimal:
    if value is None or isinstance(value, bool):
        return Decimal(0)
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def _money(units: Decimal, currency: str) -> str:
    """A summed amount in currency units, rounded to the currency's minor unit (cents for USD)."""
    return str(units.quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_EVEN))


def _count(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(round(value, 4))


def render(acc: Acc, metrics: Sequence[Metric], base: Sequence[BaseMetric], currency: str) -> list[Cell]:
    """The metric cells of one row, in ``metrics`` order."""
    units: dict[str, Decimal] = {}
    for b in base:
        total = acc.sums.get(b.name, Decimal(0))
        # Money is rounded to the currency's minor unit first, so derived values match the shown amounts.
        units[b.name] = Decimal(_money(total / MICROS_PER_UNIT, currency)) if b.kind == "money" else total
    cells: list[Cell] = []
    for m in metrics:
        if isinstance(m, BaseMetric):
            v = units[m.name]
            cells.append(str(v) if m.kind == "money" else _count(v))
        elif isinstance(m, DerivedMetric):
            d = m.compute(units)
            if d is None:
                cells.append(None)
            elif m.kind == "money":
                cells.append(format_amount(d, currency))
            else:
                cells.append(float(round(d, 4)))
        elif m.name in acc.sums:
            v = acc.sums[m.name]
            cells.append(_money(v / MICROS_PER_UNIT, currency) if m.money else _count(v))
        else:
            raw = acc.raw.get(m.name)
            cells.append(raw if raw is None or isinstance(raw, (str, int, float)) else str(raw))
    return cells


async def entity_names(
    rt: Runtime, level: str, account_id: str, ids: list[str] | None
) -> dict[str, str | None]:
    """id -> name of the entities asked about; all ACTIVE and PAUSED ones when ``ids`` is None."""
    client = rt.client
    statuses = ALL_STATUSES if ids else DEFAULT_STATUSES
    if level == "account":
        return {account_id: (await rt.account(account_id)).name}
    found: list[Any]  # campaigns, ad groups or ads
    if level == "campaign":
        found = await client.list_campaigns(account_id, campaign_ids=ids, statuses=statuses)
    elif level == "ad_group":
        found = await client.list_ad_groups(account_id, ad_group_ids=ids, statuses=statuses)
    else:
        found = await client.list_ads(account_id, ad_ids=ids, statuses=statuses)
    names: dict[str, str | None] = {e.id: e.name for e in found}
    if ids:
        missing = [i for i in ids if i not in names]
        if missing:
            raise InputError(
                f"ids: not found at level {level} in ad account {account_id}: "
                f"{', '.join(missing[:10])}{' ...' if len(missing) > 10 else ''}"
            )
        return {i: names[i] for i in ids}
    return names


def _dates(start_date: str, end_date: str, granularity: str) -> tuple[Any, Any, list[str]]:
    start = parse_date(start_date, field="start_date")
    end = parse_date(end_date, field="end_date")
    notes: list[str] = []
    if end < start:
        raise InputError(f"end_date: {end} is before start_date {start}; give the earlier date as start_date")
    now = today()
    if start > now:
        raise InputError(f"start_date: {start} is in the future (today is {now} UTC)")
    if end > now:
        notes.append(f"end_date {end} is in the future; used {now} (today, UTC)")
        end = now
    return start, end, notes


@tool_errors
async def get_analytics(
    ctx: Context,
    level: Annotated[
        Level, Field(description="account: one row for the whole account")
    ],
    start_date: Annotated[str, Field(description="First day, ISO 8601 (YYYY-MM-DD), UTC, inclusive")],
    end_date: Annotated[str, Field(description="Last day, ISO 8601 (YYYY-MM-DD), UTC, inclusive")],
    ad_account_id: AccountArg = None,
    ids: Annotated[
        list[Annotated[str, Field(pattern=ID_PATTERN)]] | None,
        Field(
            max_length=5000,
            description="Ids at that level; default all ACTIVE and PAUSED ones. Ignored for level=account",
        ),
    ] = None,
    granularity: Annotated[
        Granularity,
        Field(
            description="TOTAL: one row per entity; HOUR: last 8 days only"
        ),
    ] = "TOTAL",
    metrics: Annotated[
        list[str] | None,
        Field(
            max_length=40,
            description=(
                "Friendly names: spend, impressions, clicks, outbound_clicks, saves, engagements, ctr, "
                "outbound_ctr, engagement_rate, save_rate, cpc, cpm, cpa, conversions, conversion_value, roas, "
                "conversion_rate, checkouts, page_visits, signups, leads, video_views, video_3s_views, "
                "video_completions, total_impressions, total_clicks, earned_impressions, total_engagements, "
                "cost_per_outbound_click; raw Pinterest column names also work. Default: "
                + ", ".join(DEFAULT_METRICS)
            ),
        ),
    ] = None,
    breakdown: Annotated[
        Breakdown | None,
        Field(
            description="Split each row by a targeting value (targeting_type: whether a keyword, interest or "
            "audience matched). Levels account, campaign, ad_group; last 90 days; not with HOUR"
        ),
    ] = None,
    format: Annotated[  # noqa: A002 - public parameter name
        Literal["table", "csv"],
        Field(description="csv: a resource link to the whole table, totals inline"),
    ] = "table",
) -> AnalyticsResult:
    """Performance numbers (spend, impressions, clicks, CTR, CPC, CPM, conversions, ROAS...) for an ad
    account, campaigns, ad groups or ads between two dates.

    Use it for "how did my campaigns do last month", comparisons between periods (call twice), or
    picking the best/worst performers. Returns a compact table (`columns` + `rows`, one row per entity
    and period, names beside ids) and a `totals` row; rates and unit costs are computed from summed
    counts, never averaged. Money is in the account currency's units.
    With `breakdown`, rows gain a `segment` column; `unbroken_totals` and `coverage` show what
    Pinterest withheld under its privacy threshold. `format="csv"` links every row as
    `pinterest-ads://exports/{id}.csv` (kept 24 hours).
    Cost: about one request per 250 entities for ranges within the last 90 days (twice with a
    breakdown); older or longer ranges go through Pinterest's asynchronous reports automatically
    (seconds to minutes, with progress).
    """
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    account = await rt.account(account_id)
    try:
        chosen = resolve_metrics(metrics)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    start, end, notes = _dates(start_date, end_date, granularity)
    windows = plan_windows(start, end, granularity, today())
    if rt.environment == "sandbox" and any(w.mode == "async" for w in windows):
        raise InputError(f"start_date: Pinterest's sandbox has no asynchronous reports, so get_analytics there covers "
                         f"the last {SYNC_BACK_DAYS} days, at most {SYNC_RANGE_DAYS} days a request; use a later "
                         "start_date, or production for older data")
    wanted = list(dict.fromkeys(ids)) if ids and level != "account" else None
    if ids and level == "account":
        notes.append("ids are ignored at level account")
    if breakdown is not None:
        _check_breakdown(breakdown, level, granularity, windows)
    names = await entity_names(rt, level, account_id, wanted)
    base = needed_base(chosen)
    columns = columns_for(chosen)
    entity_ids = list(names)
    tally = Tally()
    rows: list[Row] = []
    segmented: list[SegmentRow] = []
    if not entity_ids:
        notes.append(f"no ACTIVE or PAUSED entities at level {level}; pass ids to include archived ones")
    else:
        ids_arg = None if level == "account" else entity_ids

        async def unbroken() -> list[Row]:
            return await fetch_rows(
                rt.client,
                level,
                account_id,
                windows,
                columns,
                granularity,
                ids_arg,
                tally,
                reporter(ctx, "reports"),
                rt.extras.get("report_poll_s", REPORT_POLL_S),
            )

        async def broken() -> list[SegmentRow]:
            return await fetch_breakdown(
                rt.client, level, account_id, windows[0], columns, granularity, ids_arg, str(breakdown), tally
            )

        if breakdown is None:
            rows = await unbroken()
        else:
            rows, segmented = await _both(unbroken, broken)
    extra: dict[str, Any] = {}
    if breakdown is None:
        result = build_result(rows, chosen, base, names, account.currency, granularity)
    else:
        plain = build_result(rows, chosen, base, names, account.currency, granularity)
        result = build_result(segmented, chosen, base, names, account.currency, granularity, segment=True)
        extra = {
            "breakdown": breakdown,
            "unbroken_totals": plain["totals"],
            "coverage": _coverage(result["totals"], plain["totals"], chosen),
        }
        notes.append(_gap_note(breakdown, extra["coverage"]))
        result["entities_without_data"] = plain["entities_without_data"]
    answer = AnalyticsResult(
        environment=rt.environment,
        ad_account_id=account_id,
        currency=account.currency,
        level=level,
        start_date=start.isoformat(),
        end_date=end.isoformat(),
        granularity=granularity,
        source="async_report" if any(w.mode == "async" for w in windows) else "sync",
        upstream_requests=tally.requests,
        notes=notes + result.pop("notes"),
        **{k: v for k, v in result.items() if k != "all_rows"},
        **extra,
    )
    if format == "table":
        return answer
    # A CallToolResult goes to the client as is (the CSV link); the declared type is the table's.
    return _as_export(rt, answer, result.pop("all_rows"))  # type: ignore[return-value]


async def _both(first: Any, second: Any) -> tuple[Any, Any]:
    """Run two fetches concurrently (the client still bounds concurrency and paces the category)."""
    out: dict[int, Any] = {}

    async def run(i: int, job: Any) -> None:
        out[i] = await job()

    async with anyio.create_task_group() as tg:
        tg.start_soon(run, 0, first)
        tg.start_soon(run, 1, second)
    return out[0], out[1]


def _check_breakdown(breakdown: str, level: str, granularity: str, windows: Sequence[Any]) -> None:
    if level == "ad":
        raise InputError(
            "breakdown: not available at level ad; Pinterest breaks down accounts, campaigns and ad groups "
            "(use level ad_group, or drop breakdown)"
        )
    if granularity == "HOUR":
        raise InputError("breakdown: needs granularity TOTAL, DAY, WEEK or MONTH (HOUR has no breakdown)")
    if len(windows) != 1 or windows[0].mode != "sync":
        raise InputError(
            f"breakdown: Pinterest's targeting analytics cover at most 90 days starting within the last "
            f"{SYNC_BACK_DAYS} days; pick a later start_date or a shorter range"
        )


def _coverage(part: dict[str, Cell], whole: dict[str, Cell], metrics: Sequence[Metric]) -> dict[str, float]:
    """Percent of each summable metric (base metrics) of the unbroken report that the breakdown rows hold."""
    out: dict[str, float] = {}
    for m in metrics:
        if not isinstance(m, BaseMetric):
            continue
        total = _num(whole.get(m.name))
        if total:
            out[m.name] = float(round(_num(part.get(m.name)) * 100 / total, 2))
    return out


def _gap_note(breakdown: str, coverage: dict[str, float]) -> str:
    lowest = min(coverage.values(), default=100.0)
    if lowest >= 100.0:
        return f"{breakdown} rows add up exactly to the unbroken report (unbroken_totals)"
    shown = ", ".join(f"{v:g}% of {k}" for k, v in coverage.items())
    why = "Pinterest withholds slices below its privacy threshold"
    if breakdown in PARTIAL_BREAKDOWNS:
        why += ", and delivery through expanded targeting (or other targeting) matches no " + (
            "keyword, interest or audience" if breakdown == "targeting_type" else breakdown
        )
    return (
        f"{breakdown} rows do not add up to the unbroken report: they hold {shown} (see coverage and "
        f"unbroken_totals); {why}"
    )


def _as_export(rt: Runtime, answer: AnalyticsResult, rows: list[list[Cell]]) -> CallToolResult:
    """format=csv: every row goes to an export file; the result keeps totals and the link."""
    link = save_csv(rt, answer.columns, rows)
    answer.export = link
    answer.rows = []
    answer.row_count = len(rows)
    answer.truncated = False
    answer.notes = [n for n in answer.notes if not n.startswith("showing ")]
    answer.notes.append(f"all {len(rows)} rows are in {link.uri} (text/csv, read it with resources/read)")
    data = answer.model_dump(mode="json")
    text = TextContent(type="text", text=answer.model_dump_json())
    return CallToolResult(content=[text, link_block(link, "Analytics export")], structured_content=data)


def build_result(
    rows: Sequence[Row] | Sequence[SegmentRow],
    metrics: Sequence[Metric],
    base: Sequence[BaseMetric],
    names: dict[str, str | None],
    currency: str,
    granularity: str,
    *,
    segment: bool = False,
) -> dict[str, Any]:
    """Merge rows per (entity, period[, segment]), render them, and sum the totals.

    ``segment``: rows are (entity, date, segment, columns) from a breakdown; the table gets a
    ``segment`` column after the date.
    """
    buckets: dict[tuple[str, str | None, str | None], Acc] = {}
    for item in rows:
        entity, day, part, row = item if segment else (item[0], item[1], None, item[2])  # type: ignore[misc]
        if entity not in names:
            continue
        key = (entity, day[:10] if day and granularity != "HOUR" else day, part)
        buckets.setdefault(key, Acc()).add(row, metrics, base)  # type: ignore[arg-type]
    totals = Acc()
    for acc in buckets.values():
        totals.absorb(acc)
    timed = granularity != "TOTAL"
    metric_names = [m.name for m in metrics]
    lead = ["id", "name", *(["date"] if timed else []), *(["segment"] if segment else [])]
    header = [*lead, *metric_names]
    spend_at = metric_names.index("spend") if "spend" in metric_names else None
    table: list[list[Cell]] = []
    for (entity, day, part), acc in buckets.items():
        table.append(
            [
                entity,
                names.get(entity),
                *([day] if timed else []),
                *([part] if segment else []),
                *render(acc, metrics, base, currency),
            ]
        )
    offset = len(lead) + spend_at if spend_at is not None else None

    def spend_of(r: list[Cell]) -> Decimal:
        return -Decimal(str(r[offset] or 0)) if offset is not None else Decimal(0)

    if segment:
        table.sort(key=lambda r: (str(r[1] or ""), str(r[0]), str(r[2] or "") if timed else "", spend_of(r)))
    elif timed or spend_at is None:
        table.sort(key=lambda r: (str(r[1] or ""), str(r[0]), str(r[2] or "") if timed else ""))
    else:
        table.sort(key=lambda r: (spend_of(r), str(r[1] or "")))
    total_cells = render(totals, metrics, base, currency)
    with_data = {entity for entity, _, _ in buckets}
    notes: list[str] = []
    if len(table) > MAX_ROWS:
        notes.append(f"showing {MAX_ROWS} of {len(table)} rows; use a coarser granularity or fewer ids")
    return {
        "columns": header,
        "rows": table[:MAX_ROWS],
        "row_count": min(len(table), MAX_ROWS),
        "truncated": len(table) > MAX_ROWS,
        "totals": dict(zip(metric_names, total_cells, strict=True)),
        "entities": len(names),
        "entities_without_data": len(set(names) - with_data),
        "notes": notes,
        "all_rows": table,
    }


def register(server: MCPServer) -> None:
    server.add_tool(
        get_analytics,
        annotations=ToolAnnotations(title="Get analytics", read_only_hint=True, open_world_hint=True),
    )
