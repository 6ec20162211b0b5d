"""The Pinterest API v5 client: one method per endpoint we use, each the only place its request
is built.

Knows nothing of MCP. Lists follow ``bookmark`` pagination up to the asked limit, id lists are
split into chunks of 250 fetched concurrently, and write batches are held to Pinterest's 30 items.
One ``httpx2.AsyncClient`` is shared by every call so connections are reused.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, Sequence
from functools import partial
from typing import Any, TypeVar

import anyio
import httpx2

from .auth import Credentials, TokenManager
from .errors import PinterestError, UnknownOutcome, UnsafeUpstream
from .hosts import host_of, report_refusal
from .models import Ad, AdAccount, AdGroup, Board, Campaign, ItemError, ItemResult, Keyword, Pin
from .ratelimit import RateBudgets
from .redact import REDACTOR
from .transport import CallRecord, Params, RateLimitInfo, RetryPolicy, Transport

T = TypeVar("T")

PAGE_SIZE_MAX = 250
# A list longer than this many pages (50 000 rows at full pages) is an upstream that never ends.
MAX_PAGES = 200
# A finished report larger than this is refused (Pinterest's JSON reports for one 186-day window of
# one account stay far below it); the download is streamed and stops at the cap.
MAX_REPORT_BYTES = 64 * 1024 * 1024
REPORT_DOWNLOAD_TIMEOUT_S = 300.0
ID_CHUNK = 250
WRITE_BATCH = 30


Progress = Callable[[int, int | None], Awaitable[None]]


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """Split a list into consecutive pieces of at most ``size``."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _account(ad_account_id: str | None) -> list[tuple[str, str]]:
    return [("ad_account_id", ad_account_id)] if ad_account_id else []


def _ids(name: str, values: Iterable[str] | None) -> list[tuple[str, str]]:
    # Entity id filters use OpenAPI's default form/explode style: one repeated parameter per id.
    return [(name, str(v)) for v in values or ()]


class PinterestClient:
    """Async client for the Pinterest Ads API v5."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        transport: httpx2.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        budgets: RateBudgets | None = None,
        tokens: TokenManager | None = None,
        on_call: Callable[[CallRecord], Awaitable[None] | None] | None = None,
        max_concurrency: int = 16,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens or TokenManager(credentials)
        self._http = httpx2.AsyncClient(
            transport=transport,
            timeout=httpx2.Timeout(timeout, connect=10.0),
            headers={"User-Agent": "pinterest-ads-mcp"},
            limits=httpx2.Limits(max_connections=max(10, max_concurrency * 2), max_keepalive_connections=20),
        )
        self._transport = Transport(
            self.base_url,
            self.tokens,
            http=self._http,
            retry=retry or RetryPolicy(),
            budgets=budgets or RateBudgets(),
            on_call=on_call,
        )
        self._concurrency = anyio.Semaphore(max_concurrency)
        self.max_pages = MAX_PAGES
        self.max_report_bytes = MAX_REPORT_BYTES

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> PinterestClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    @property
    def budgets(self) -> RateBudgets:
        return self._transport.budgets

    @property
    def rate_limits(self) -> dict[str, RateLimitInfo]:
        """The rate-limit headers Pinterest last sent, per category (a Trial app shows daily quotas)."""
        return dict(self._transport.limits)

    # -- plumbing ---------------------------------------------------------------------------

    async def call(self, method: str, path: str, *, category: str, params: Params | None = None,
                   json: Any = None, write: bool = False) -> Any:
        async with self._concurrency:
            return await self._transport.call(method, path, category=category, params=params, json=json,
                                              write=write)

    async def paginate(self, path: str, *, category: str, params: Params | None = None,
                       limit: int | None = None, progress: Progress | None = None,
                       sized: bool = True) -> list[dict[str, Any]]:
        """Follow ``bookmark`` until ``limit`` items (None = all) or the last page.

        ``sized=False`` for the few endpoints that take no ``page_size`` (pin search).
        """
        items: list[dict[str, Any]] = []
        bookmark: str | None = None
        seen: set[str] = set()
        base = list(params or [])
        for _page in range(self.max_pages):
            want = PAGE_SIZE_MAX if limit is None else min(PAGE_SIZE_MAX, limit - len(items))
            page_params = [*base, ("page_size", str(want))] if sized else list(base)
            if bookmark:
                page_params.append(("bookmark", bookmark))
            body = await self.call("GET", path, category=category, params=page_params)
            page = body.get("items", []) if isinstance(body, dict) else []
            items.extend(page)
            bookmark = body.get("bookmark") if isinstance(body, dict) else None
            if progress is not None:
                await progress(len(items), limit)
            if not bookmark or not page or (limit is not None and len(items) >= limit):
                return items if limit is None else items[:limit]
            bookmark = str(bookmark)
            if bookmark in seen:
                raise UnsafeUpstream(f"GET {path} answered a bookmark it had already given after {len(seen) + 1} "
                                     "pages; stopped following it (the list would never end)", method="GET",
                                     path=path)
            seen.add(bookmark)
        raise UnsafeUpstream(f"GET {path} still had more after {self.max_pages} pages ({len(items)} items); "
                             "stopped following its bookmarks. Ask for fewer items (limit) or narrow the filter",
                             method="GET", path=path)

    async def gather(self, jobs: Sequence[Callable[[], Awaitable[T]]]) -> list[T]:
        """Run jobs concurrently (bounded by the client's concurrency) and keep their order."""
        results: list[Any] = [None] * len(jobs)
        errors: list[Exception] = []

        async with anyio.create_task_group() as tg:

            async def run(i: int, job: Callable[[], Awaitable[T]]) -> None:
                try:
                    results[i] = await job()
                except Exception as exc:  # the first failure stops the rest and is raised as itself
                    errors.append(exc)
                    tg.cancel_scope.cancel()

            for i, job in enumerate(jobs):
                tg.start_soon(run, i, job)
        if errors:
            raise errors[0]
        return results

    async def _list_by_ids(self, path: str, id_param: str, ids: Sequence[str] | None, *, category: str,
                           params: Params, limit: int | None,
                           progress: Progress | None = None) -> list[dict[str, Any]]:
        if not ids:
            return await self.paginate(path, category=category, params=params, limit=limit, progress=progress)
        # Chunks run concurrently: progress reports the sum of every chunk's count so far.
        counts: dict[int, int] = {}

        def chunk_progress(index: int) -> Progress | None:
            total = progress
            if total is None:
                return None

            async def report(count: int, _limit: int | None) -> None:
                counts[index] = count
                await total(sum(counts.values()), limit)

            return report

        parts = await self.gather([
            partial(self.paginate, path, category=category, params=[*params, *_ids(id_param, chunk)],
                    limit=None, progress=chunk_progress(i))
            for i, chunk in enumerate(chunks(list(dict.fromkeys(ids)), ID_CHUNK))
        ])
        merged = [item for part in parts for item in part]
        return merged if limit is None else merged[:limit]

    # -- user and accounts ------------------------------------------------------------------

    async def get_user_account(self) -> dict[str, Any]:
        return await self.call("GET", "/user_account", category="org_read")

    async def list_ad_accounts(self, *, limit: int | None = None) -> list[AdAccount]:
        items = await self.paginate("/ad_accounts", category="ads_read",
                                    params=[("include_shared_accounts", "true")], limit=limit)
        return [AdAccount.model_validate(i) for i in items]

    async def get_ad_account(self, ad_account_id: str) -> AdAccount:
        return AdAccount.model_validate(await self.call("GET", f"/ad_accounts/{ad_account_id}", category="ads_read"))

    # -- campaigns, ad groups, ads ----------------------------------------------------------

    async def list_campaigns(self, ad_account_id: str, *, campaign_ids: Sequence[str] | None = None,
                             statuses: Sequence[str] | None = None, limit: int | None = None,
                             progress: Progress | None = None) -> list[Campaign]:
        params = _ids("entity_statuses", statuses)
        items = await self._list_by_ids(f"/ad_accounts/{ad_account_id}/campaigns", "campaign_ids", campaign_ids,
                                        category="ads_read", params=params, limit=limit, progress=progress)
        return [Campaign.model_validate(i) for i in items]

    async def list_ad_groups(self, ad_account_id: str, *, campaign_ids: Sequence[str] | None = None,
                             ad_group_ids: Sequence[str] | None = None, statuses: Sequence[str] | None = None,
                             limit: int | None = None, progress: Progress | None = None) -> list[AdGroup]:
        if campaign_ids and ad_group_ids:
            raise ValueError("list_ad_groups takes campaign_ids or ad_group_ids, not both")
        params = _ids("entity_statuses", statuses)
        param, ids = ("ad_group_ids", ad_group_ids) if ad_group_ids else ("campaign_ids", campaign_ids)
        items = await self._list_by_ids(f"/ad_accounts/{ad_account_id}/ad_groups", param, ids,
                                        category="ads_read", params=params, limit=limit, progress=progress)
        return [AdGroup.model_validate(i) for i in items]

    async def list_ads(self, ad_account_id: str, *, campaign_ids: Sequence[str] | None = None,
                       ad_group_ids: Sequence[str] | None = None, ad_ids: Sequence[str] | None = None,
                       statuses: Sequence[str] | None = None, limit: int | None = None,
                       progress: Progress | None = None) -> list[Ad]:
        filters = [(n, v) for n, v in (("ad_ids", ad_ids), ("ad_group_ids", ad_group_ids),
                                       ("campaign_ids", campaign_ids)) if v]
        if len(filters) > 1:
            raise ValueError("list_ads takes one of campaign_ids, ad_group_ids or ad_ids")
        param, ids = filters[0] if filters else ("ad_ids", None)
        items = await self._list_by_ids(f"/ad_accounts/{ad_account_id}/ads", param, ids, category="ads_read",
                                        params=_ids("entity_statuses", statuses), limit=limit, progress=progress)
        return [Ad.model_validate(i) for i in items]

    async def get_campaign(self, ad_account_id: str, campaign_id: str) -> Campaign:
        return Campaign.model_validate(
            await self.call("GET", f"/ad_accounts/{ad_account_id}/campaigns/{campaign_id}", category="ads_read"))

    async def get_ad_group(self, ad_account_id: str, ad_group_id: str) -> AdGroup:
        return AdGroup.model_validate(
            await self.call("GET", f"/ad_accounts/{ad_account_id}/ad_groups/{ad_group_id}", category="ads_read"))

    async def get_ad(self, ad_account_id: str, ad_id: str) -> Ad:
        return Ad.model_validate(
            await self.call("GET", f"/ad_accounts/{ad_account_id}/ads/{ad_id}", category="ads_read"))

    async def _write_batch(self, method: str, path: str, items: Sequence[dict[str, Any]]) -> list[ItemResult]:
        if not 1 <= len(items) <= WRITE_BATCH:
            raise ValueError(f"a write batch holds 1 to {WRITE_BATCH} items, got {len(items)}")
        body = await self.call(method, path, category="ads_write", json=list(items), write=True)
        return [ItemResult.parse(i) for i in (body or {}).get("items", [])]

    async def create_campaigns(self, ad_account_id: str, items: Sequence[dict[str, Any]]) -> list[ItemResult]:
        return await self._write_batch("POST", f"/ad_accounts/{ad_account_id}/campaigns", items)

    async def update_campaigns(self, ad_account_id: str, items: Sequence[dict[str, Any]]) -> list[ItemResult]:
        return await self._write_batch("PATCH", f"/ad_accounts/{ad_account_id}/campaigns", items)

    async def create_ad_groups(self, ad_account_id: str, items: Sequence[dict[str, Any]]) -> list[ItemResult]:
        return await self._write_batch("POST", f"/ad_accounts/{ad_account_id}/ad_groups", items)

    async def update_ad_groups(self, ad_account_id: str, items: Sequence[dict[str, Any]]) -> list[ItemResult]:
        return await self._write_batch("PATCH", f"/ad_accounts/{ad_account_id}/ad_groups", items)

    async def create_ads(self, ad_account_id: str, items: Sequence[dict[str, Any]]) -> list[ItemResult]:
        return await self._write_batch("POST", f"/ad_accounts/{ad_account_id}/ads", items)

    async def update_ads(self, ad_account_id: str, items: Sequence[dict[str, Any]]) -> list[ItemResult]:
        return await self._write_batch("PATCH", f"/ad_accounts/{ad_account_id}/ads", items)

    # -- keywords ---------------------------------------------------------------------------

    async def create_keywords(self, ad_account_id: str, parent_id: str,
                              keywords: Sequence[dict[str, Any]]) -> list[ItemResult]:
        """Create keywords under one parent (ad account, campaign or ad group), one request.

        Pinterest answers ``{keywords, errors}`` rather than one entry per item; the answer is folded
        back into input order (matched on value and match type) so callers see the same
        :class:`ItemResult` list as for the other batch writes. An input keyword named in neither list
        comes back as an error saying so.
        """
        if not keywords:
            raise ValueError("create_keywords needs at least one keyword")
        body = await self.call("POST", f"/ad_accounts/{ad_account_id}/keywords", category="ads_write",
                               json={"parent_id": parent_id, "keywords": list(keywords)}, write=True) or {}
        created = [k for k in body.get("keywords") or [] if isinstance(k, dict)]
        refused = [e for e in body.get("errors") or [] if isinstance(e, dict)]

        def take(pool: list[dict[str, Any]], item: dict[str, Any], of: Callable[[dict[str, Any]], Any]) -> Any:
            for index, entry in enumerate(pool):
                data = of(entry) or {}
                if (str(data.get("value", "")).casefold() == str(item.get("value", "")).strip().casefold()
                        and data.get("match_type") == item.get("match_type")):
                    return pool.pop(index)
            return None

        results: list[ItemResult] = []
        for item in keywords:
            made = take(created, item, lambda k: k)
            if made is not None:
                results.append(ItemResult(data=made))
                continue
            error = take(refused, item, lambda e: e.get("data"))
            messages = [str(m) for m in (error or {}).get("error_messages") or []]
            if error is None:
                messages = ["Pinterest named this keyword neither as created nor as refused"]
            results.append(ItemResult(errors=[ItemError(message=m) for m in messages or ["refused"]]))
        return results

    async def list_keywords(self, ad_account_id: str, *, ad_group_id: str | None = None,
                            campaign_id: str | None = None, match_types: Sequence[str] | None = None,
                            limit: int | None = None) -> list[Keyword]:
        """Live keywords of one parent (an ad group, a campaign, or with neither the ad account).

        Uses the GA ``ad_group_id`` filter, not the beta ``ad_group_ids`` one.
        """
        params: list[tuple[str, str]] = []
        if ad_group_id is not None:
            params.append(("ad_group_id", ad_group_id))
        if campaign_id is not None:
            params.append(("campaign_id", campaign_id))
        params += _ids("match_types", match_types)
        items = await self.paginate(f"/ad_accounts/{ad_account_id}/keywords", category="ads_read", params=params,
                                    limit=limit)
        return [Keyword.model_validate(i) for i in items]

    async def archive_keywords(self, ad_account_id: str, keyword_ids: Sequence[str]) -> list[ItemResult]:
        """Archive keywords (Pinterest's delete), answered per id in input order."""
        if not keyword_ids:
            raise ValueError("archive_keywords needs at least one keyword id")
        body = await self.call("PATCH", f"/ad_accounts/{ad_account_id}/keywords", category="ads_write",
                               json={"keywords": [{"id": i, "archived": True} for i in keyword_ids]},
                               write=True) or {}
        done = {str(k.get("id")): k for k in body.get("keywords") or [] if isinstance(k, dict)}
        refused = {str((e.get("data") or {}).get("id")): e for e in body.get("errors") or [] if isinstance(e, dict)}
        results: list[ItemResult] = []
        for keyword_id in keyword_ids:
            if keyword_id in done:
                results.append(ItemResult(data=done[keyword_id]))
            else:
                messages = (refused.get(keyword_id) or {}).get("error_messages") or ["no answer for this keyword"]
                results.append(ItemResult(errors=[ItemError(message=str(m)) for m in messages]))
        return results

    # -- organic content --------------------------------------------------------------------

    # Organic reads take ``ad_account_id`` for Business Access: the owner of that ad account is then the
    # operating user, so an agency reads its client's boards and pins (spec text on GET /pins).

    async def list_boards(self, *, limit: int | None = None, ad_account_id: str | None = None) -> list[Board]:
        items = await self.paginate("/boards", category="org_read", params=_account(ad_account_id), limit=limit)
        return [Board.model_validate(i) for i in items]

    async def get_board(self, board_id: str, *, ad_account_id: str | None = None) -> Board:
        return Board.model_validate(await self.call("GET", f"/boards/{board_id}", category="org_read",
                                                    params=_account(ad_account_id) or None))

    async def list_pins(self, *, limit: int | None = None, progress: Progress | None = None,
                        ad_account_id: str | None = None) -> list[Pin]:
        items = await self.paginate("/pins", category="org_read", params=_account(ad_account_id), limit=limit,
                                    progress=progress)
        return [Pin.model_validate(i) for i in items]

    async def list_board_pins(self, board_id: str, *, limit: int | None = None,
                              progress: Progress | None = None, ad_account_id: str | None = None) -> list[Pin]:
        items = await self.paginate(f"/boards/{board_id}/pins", category="org_read", params=_account(ad_account_id),
                                    limit=limit, progress=progress)
        return [Pin.model_validate(i) for i in items]

    async def search_pins(self, query: str, *, limit: int | None = None,
                          progress: Progress | None = None, ad_account_id: str | None = None) -> list[Pin]:
        """Needs the pins:read_secret and boards:read_secret scopes besides pins:read and boards:read."""
        items = await self.paginate("/search/pins", category="org_read",
                                    params=[("query", query), *_account(ad_account_id)], limit=limit,
                                    sized=False, progress=progress)
        return [Pin.model_validate(i) for i in items]

    async def create_pins(self, ad_account_id: str, items: Sequence[dict[str, Any]]) -> list[ItemResult]:
        """Create organic pins (``PinCreate`` bodies), one ``POST /pins`` each: Pinterest has no batch
        pin create. ``ad_account_id`` is unused: pins belong to the user's boards."""
        del ad_account_id
        return await self._create_each("/pins", "org_write", items, "pin")

    async def get_pin(self, pin_id: str, *, metrics: bool = False, ad_account_id: str | None = None) -> Pin:
        params = [*([("pin_metrics", "true")] if metrics else []), *_account(ad_account_id)]
        return Pin.model_validate(await self.call("GET", f"/pins/{pin_id}", category="org_read",
                                                  params=params or None))

    # -- targeting and sizing ---------------------------------------------------------------

    async def targeting_options(self, targeting_type: str, *, ad_account_id: str | None = None) -> dict[str, str]:
        """Code -> display name for one targeting type (Pinterest answers a list of mappings)."""
        params = [("ad_account_id", ad_account_id)] if ad_account_id else None
        body = await self.call("GET", f"/resources/targeting/{targeting_type}", category="ads_read", params=params)
        merged: dict[str, str] = {}
        for mapping in body or []:
            if isinstance(mapping, dict):
                merged.update({str(k): str(v) for k, v in mapping.items()})
        return merged

    async def list_audiences(self, ad_account_id: str, *, limit: int | None = None) -> list[dict[str, Any]]:
        """The ad account's own audiences (id, name, audience_type, size, status, rule)."""
        return await self.paginate(f"/ad_accounts/{ad_account_id}/audiences", category="ads_read", limit=limit)

    async def create_audiences(self, ad_account_id: str, items: Sequence[dict[str, Any]]) -> list[ItemResult]:
        """Create audiences (``AudienceCreateRequest`` bodies), one POST each."""
        return await self._create_each(f"/ad_accounts/{ad_account_id}/audiences", "ads_write", items, "audience")

    async def _create_each(self, path: str, category: str, items: Sequence[dict[str, Any]],
                           what: str) -> list[ItemResult]:
        """POST each item on its own, answered per item like the batch writes; the first refused item
        stops the rest (they come back as not sent). A lost answer propagates (the caller looks it up)."""
        results: list[ItemResult] = []
        for index, item in enumerate(items):
            try:
                made = await self.call("POST", path, category=category, json=dict(item), write=True)
            except UnknownOutcome:
                raise
            except PinterestError as exc:
                results.append(ItemResult(errors=[ItemError(message=str(exc))]))
                results += [ItemResult(errors=[ItemError(message=f"not sent: an earlier {what} was refused")])
                            for _ in items[index + 1:]]
                break
            results.append(ItemResult(data=made))
        return results

    async def trending_keywords(self, region: str, trend_type: str, *, include: Sequence[str] | None = None,
                                limit: int = 50) -> list[dict[str, Any]]:
        """Top trending search terms of a Trends region (``US``, ``GB+IE`` ...), narrowed to those
        containing one of ``include``."""
        params = [("limit", str(limit)), *[("include_keywords", k) for k in include or ()]]
        answer = await self.call("GET", f"/trends/keywords/{region}/top/{trend_type}", category="trends_read",
                                 params=params)
        return [t for t in (answer or {}).get("trends") or [] if isinstance(t, dict)]

    async def keyword_metrics(self, ad_account_id: str, country: str, keywords: Sequence[str]) -> dict[str, str]:
        """Keyword -> Pinterest's bucketed monthly search volume in ``country`` (e.g. "10K-100K")."""
        params = [("country_code", country), ("keywords", ",".join(keywords))]  # explode: false
        answer = await self.call("GET", f"/ad_accounts/{ad_account_id}/keywords/metrics", category="ads_read",
                                 params=params)
        return {str(d.get("keyword")): str((d.get("metrics") or {}).get("keyword_query_volume") or "")
                for d in (answer or {}).get("data") or [] if isinstance(d, dict)}

    async def audience_sizing(self, ad_account_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self.call("POST", f"/ad_accounts/{ad_account_id}/ad_groups/audience_sizing",
                               category="ads_read", json=body)

    # -- analytics --------------------------------------------------------------------------

    async def analytics(self, level: str, ad_account_id: str, *, start_date: str, end_date: str,
                        columns: Sequence[str], granularity: str, ids: Sequence[str] | None = None,
                        extra: Params | None = None) -> list[dict[str, Any]]:
        """Synchronous analytics (≤ 90 days). ``level``: account | campaign | ad_group | ad.

        Ids are chunked by 250 and the chunks fetched concurrently; rows come back concatenated.
        """
        path, id_param = {
            "account": (f"/ad_accounts/{ad_account_id}/analytics", None),
            "campaign": (f"/ad_accounts/{ad_account_id}/campaigns/analytics", "campaign_ids"),
            "ad_group": (f"/ad_accounts/{ad_account_id}/ad_groups/analytics", "ad_group_ids"),
            "ad": (f"/ad_accounts/{ad_account_id}/ads/analytics", "ad_ids"),
        }[level]
        # `columns` is declared explode=false: one comma-joined value.
        base: list[tuple[str, str]] = [("start_date", start_date), ("end_date", end_date),
                                       ("columns", ",".join(columns)), ("granularity", granularity),
                                       *(extra or [])]
        if id_param is None:
            return list(await self.call("GET", path, category="ads_analytics", params=base) or [])
        if not ids:
            return []
        parts = await self.gather([
            partial(self.call, "GET", path, category="ads_analytics", params=[*base, *_ids(id_param, chunk)])
            for chunk in chunks(list(dict.fromkeys(ids)), ID_CHUNK)
        ])
        return [row for part in parts for row in (part or [])]

    async def targeting_analytics(self, level: str, ad_account_id: str, *, start_date: str, end_date: str,
                                  columns: Sequence[str], granularity: str, targeting_types: Sequence[str],
                                  ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Analytics broken down by targeting value (≤ 90 days). ``level``: account | campaign | ad_group.

        Rows are ``{targeting_type, targeting_value, metrics: {<ID>, DATE?, <COLUMN>...}}``; ids are
        chunked by 250 and the chunks fetched concurrently.
        """
        path, id_param = {
            "account": (f"/ad_accounts/{ad_account_id}/targeting_analytics", None),
            "campaign": (f"/ad_accounts/{ad_account_id}/campaigns/targeting_analytics", "campaign_ids"),
            "ad_group": (f"/ad_accounts/{ad_account_id}/ad_groups/targeting_analytics", "ad_group_ids"),
        }[level]
        # `columns` and `targeting_types` are declared explode=false: one comma-joined value each.
        base: list[tuple[str, str]] = [("start_date", start_date), ("end_date", end_date),
                                       ("targeting_types", ",".join(targeting_types)),
                                       ("columns", ",".join(columns)), ("granularity", granularity)]
        if id_param is None:
            body = await self.call("GET", path, category="ads_analytics", params=base)
            return list((body or {}).get("data") or [])
        if not ids:
            return []
        parts = await self.gather([
            partial(self.call, "GET", path, category="ads_analytics", params=[*base, *_ids(id_param, chunk)])
            for chunk in chunks(list(dict.fromkeys(ids)), ID_CHUNK)
        ])
        return [row for part in parts for row in ((part or {}).get("data") or [])]

    async def bid_floors(self, ad_account_id: str, specs: Sequence[dict[str, Any]],
                         targeting_spec: dict[str, Any] | None = None) -> list[int]:
        """The lowest bid (micro-units) for each bid floor spec, in order. A read: nothing changes."""
        body: dict[str, Any] = {"bid_floor_specs": list(specs)}
        if targeting_spec:
            body["targeting_spec"] = targeting_spec
        answer = await self.call("POST", f"/ad_accounts/{ad_account_id}/bid_floor", category="ads_read", json=body)
        return [int(v) for v in (answer or {}).get("bid_floors") or []]

    async def list_conversion_tags(self, ad_account_id: str) -> list[dict[str, Any]]:
        answer = await self.call("GET", f"/ad_accounts/{ad_account_id}/conversion_tags", category="ads_read",
                                 params=[("filter_deleted", "true")])
        return list((answer or {}).get("items") or [])

    async def create_report(self, ad_account_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self.call("POST", f"/ad_accounts/{ad_account_id}/reports", category="ads_analytics", json=body)

    async def get_report(self, ad_account_id: str, token: str) -> dict[str, Any]:
        return await self.call("GET", f"/ad_accounts/{ad_account_id}/reports", category="ads_analytics",
                               params=[("token", token)])

    async def download(self, url: str) -> Any:
        """Fetch a finished report (parsed JSON, secrets redacted).

        The URL is pre-signed: it gets no Authorization header, so the token never travels to the
        storage host. Only Pinterest's report hosts over https are fetched (the base URL's own
        origin for an emulator or proxy); redirects are not followed; the body is streamed and
        refused past ``max_report_bytes``. Each refusal says why.
        """
        why = report_refusal(url, self.base_url) if isinstance(url, str) else "the report URL is not a string"
        if why:
            raise UnsafeUpstream(f"refused to download the report: {why}")
        cap = self.max_report_bytes
        try:
            with anyio.fail_after(REPORT_DOWNLOAD_TIMEOUT_S):
                async with self._http.stream("GET", url, headers={"Accept": "application/json"},
                                             follow_redirects=False) as response:
                    status = response.status_code
                    if 300 <= status < 400:
                        where = host_of(response.headers.get("location", "")) or "an unnamed place"
                        raise UnsafeUpstream(f"refused to download the report: its host answered with a redirect "
                                             f"(HTTP {status}) to {where}, which is not followed", status=status)
                    if status >= 400:
                        raise UnsafeUpstream(f"the report download failed with HTTP {status} from "
                                             f"{host_of(url)}; ask for the report again", status=status)
                    declared = response.headers.get("content-length", "")
                    if declared.isascii() and declared.isdigit() and int(declared) > cap:
                        raise UnsafeUpstream(f"refused to download the report: it is {int(declared):,} bytes, over "
                                             f"the {cap:,}-byte cap; ask for a shorter range or fewer columns")
                    chunks_: list[bytes] = []
                    size = 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > cap:
                            raise UnsafeUpstream(f"stopped downloading the report past the {cap:,}-byte cap; ask "
                                                 "for a shorter range or fewer columns")
                        chunks_.append(chunk)
        except TimeoutError:
            raise UnsafeUpstream(f"the report download took longer than {int(REPORT_DOWNLOAD_TIMEOUT_S)} s; "
                                 "stopped") from None
        except httpx2.HTTPError as exc:
            raise UnsafeUpstream(f"the report download from {host_of(url)} failed ({type(exc).__name__}); "
                                 "ask for the report again") from None
        try:
            raw = b"".join(chunks_).decode()
            payload = json.loads(raw)
        except ValueError:
            raise UnsafeUpstream("the downloaded report is not JSON") from None
        return REDACTOR.scrub_answer(raw, payload)

    # -- labels -----------------------------------------------------------------------------

    async def list_labels(self, ad_account_id: str, *, campaign_ids: Sequence[str] | None = None,
                          label_ids: Sequence[str] | None = None, statuses: Sequence[str] | None = None,
                          limit: int | None = None) -> list[dict[str, Any]]:
        params = [*_ids("label_ids", label_ids), *_ids("entity_statuses", statuses)]
        return await self._list_by_ids(f"/ad_accounts/{ad_account_id}/labels", "campaign_ids", campaign_ids,
                                       category="ads_read", params=params, limit=limit)

    async def create_labels(self, ad_account_id: str, parent_id: str, labels: Sequence[dict[str, str]]) -> dict[str, Any]:
        return await self.call("POST", f"/ad_accounts/{ad_account_id}/labels", category="ads_write",
                               json={"parent_id": parent_id, "labels": list(labels)}, write=True)

    async def update_labels(self, ad_account_id: str, labels: Sequence[dict[str, Any]]) -> dict[str, Any]:
        return await self.call("PATCH", f"/ad_accounts/{ad_account_id}/labels", category="ads_write",
                               json={"labels": list(labels)}, write=True)

    async def apply_label(self, ad_account_id: str, label_id: str, entity_ids: Sequence[str]) -> dict[str, Any]:
        """The labels guide's apply call (up to 250 campaigns per request)."""
        if not 1 <= len(entity_ids) <= ID_CHUNK:
            raise ValueError(f"apply_label takes 1 to {ID_CHUNK} campaign ids per call")
        return await self.call("POST", f"/ad_accounts/{ad_account_id}/labels/{label_id}/apply", category="ads_write",
                               json={"entity_ids": list(entity_ids)}, write=True)

    async def remove_label(self, ad_account_id: str, label_id: str, entity_ids: Sequence[str]) -> dict[str, Any]:
        if not 1 <= len(entity_ids) <= ID_CHUNK:
            raise ValueError(f"remove_label takes 1 to {ID_CHUNK} campaign ids per call")
        return await self.call("POST", f"/ad_accounts/{ad_account_id}/labels/{label_id}/remove", category="ads_write",
                               json={"entity_ids": list(entity_ids)}, write=True)
