"""manage_keywords: list, add and archive an existing ad group's search keywords.

Keywords are entities of their own under the ad group (not part of its targeting_spec). Adding a
keyword, or archiving an exclusion (a ``*_NEGATIVE`` match type), lets a delivering ad group show
on more searches: ``guards.spend`` judges that from the requests and the snapshots, like any other
widening. The answer is the ad group's keywords after the change.
"""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context, ElicitationResult, MCPServer, Resolve
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from ..guards.confirm import Confirm
from ..guards.enabled import snapshot_of, with_enabled_summary
from ..guards.plan import Plan, Snapshot, Summary, Write
from ..guards.service import ActionResult, Prepared
from .entities import AccountArg
from .planning.forecast import with_forecast
from .planning.snapshots import require_editable
from .planning.targeting_model import Keyword, KeywordText, keyword_items
from .support.common import ID_PATTERN, InputError, resolve_account_id, tool_errors
from .support.runtime import Runtime, runtime
from .support.writes import carry_out, guard, make_ask, with_context

MAX_KEYWORDS = 200  # per call: one request each way, and a plan a person can read


class KeywordRow(BaseModel):
    id: str
    value: str
    match_type: str


class KeywordsResult(ActionResult):
    keywords: list[KeywordRow] = Field(default_factory=list, description="The ad group's live keywords now")


async def _live(rt: Runtime, account_id: str, ad_group_id: str) -> list[Any]:
    return [k for k in await rt.client.list_keywords(account_id, ad_group_id=ad_group_id) if not k.archived]


def _rows(keywords: list[Any]) -> list[KeywordRow]:
    return [KeywordRow(id=k.id, value=k.value or "", match_type=k.match_type or "") for k in keywords]


@tool_errors
async def prepare_manage_keywords(ctx: Context, ad_account_id: str | None, ad_group_id: str,
                                  add: list[Keyword | KeywordText] | None = None,
                                  archive: list[str] | None = None) -> Prepared:
    """Resolver: read the ad group and its keywords; plan one create and one archive request."""
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    currency = (await rt.account(account_id)).currency
    group = (await require_editable(rt, account_id, "ad_group", [ad_group_id], "ad_group_id"))[ad_group_id]
    current = await _live(rt, account_id, ad_group_id)
    notes: list[str] = []
    new = keyword_items(add) or []
    if len(new) > MAX_KEYWORDS:
        raise InputError(f"add: at most {MAX_KEYWORDS} keywords per call")
    existing = {(k.match_type, (k.value or "").casefold()) for k in current}
    fresh = [k for k in new if (k["match_type"], k["value"].casefold()) not in existing]
    if len(fresh) < len(new):
        notes.append(f"already on the ad group, not added again: {len(new) - len(fresh)}")
    by_id = {k.id: k for k in current}
    doomed: dict[str, Any] = {}
    for index, entry in enumerate(archive or []):
        text = entry.strip()
        hits = [by_id[text]] if text in by_id else [k for k in current if (k.value or "").casefold() == text.casefold()]
        if not hits:
            listing = ", ".join(f"{k.value!r} {k.match_type} ({k.id})" for k in current[:10]) or "none"
            raise InputError(f"archive[{index}]: {entry!r} is neither the id nor the text of a live keyword of ad "
                             f"group {ad_group_id} (it has: {listing})")
        doomed.update({k.id: k for k in hits})
    writes: list[Write] = []
    if fresh:
        writes.append(Write(key="add_keywords", op="create", entity="keyword",
                            items=[{"parent_id": ad_group_id, **k} for k in fresh],
                            names=[f"keyword:{i}" for i in range(len(fresh))],
                            describe=f"add {len(fresh)} keyword(s) to ad group {ad_group_id}"))
    if doomed:
        writes.append(Write(key="archive_keywords", op="update", entity="keyword",
                            items=[{"id": i, "archived": True} for i in doomed],
                            describe=f"archive {len(doomed)} keyword(s) of ad group {ad_group_id}"))
    before: list[Snapshot] = [snapshot_of("ad_group", group)]
    before += [Snapshot(entity="keyword", id=k.id, name=k.value, match_type=k.match_type, parent_id=ad_group_id)
               for k in doomed.values()]
    lines = [f"add {k['value']!r} {k['match_type']}" for k in fresh]
    lines += [f"archive {k.value!r} {k.match_type} ({k.id})" for k in doomed.values()]
    action = (f"Change the keywords of ad group {ad_group_id} ({group.name or 'unnamed'}, {group.status}): "
              f"{len(fresh)} added, {len(doomed)} archived") if writes else \
        f"List the keywords of ad group {ad_group_id}"
    before = await with_context(rt, account_id, before)
    plan = Plan(tool="manage_keywords", ad_account_id=account_id, currency=currency, writes=writes, before=before,
                summary=Summary(action=action, will_exist=lines, notes=notes))
    return guard(rt).prepare(await with_forecast(rt, with_enabled_summary(plan), {ad_group_id: group}))


ask_manage_keywords = make_ask(prepare_manage_keywords)


@tool_errors
async def manage_keywords(
    ctx: Context,
    ad_group_id: Annotated[str, Field(pattern=ID_PATTERN)],
    prepared: Annotated[Prepared, Resolve(prepare_manage_keywords)],
    decision: Annotated[ElicitationResult[Confirm], Resolve(ask_manage_keywords)],
    ad_account_id: AccountArg = None,
    add: Annotated[list[Keyword | KeywordText] | None, Field(max_length=MAX_KEYWORDS, description=(
        'Keywords to add: "term" (BROAD) or {"value", "match_type"} with BROAD, PHRASE, EXACT, '
        "EXACT_NEGATIVE or PHRASE_NEGATIVE"))] = None,
    archive: Annotated[list[str] | None, Field(max_length=MAX_KEYWORDS, description=(
        "Keywords to archive (Pinterest's delete), by id or by text (every match type of that text)"))] = None,
) -> KeywordsResult:
    """List, add or archive an ad group's search keywords; answers its keywords after the change
    (with neither add nor archive it only lists them). Adding a keyword or archiving an exclusion
    on a delivering ad group reaches more searches: that needs a person's yes (confirm_action).
    """
    rt = runtime(ctx)
    plan = prepared.plan
    base: dict[str, Any]
    if not plan.writes:
        base = ActionResult(environment=rt.environment, status="done", action=plan.tool, summary=plan.summary,
                            message="Listed; nothing was changed.", spend_affecting=False).model_dump()
    else:
        base = (await carry_out(ctx, prepared, decision)).model_dump()
    return KeywordsResult(**base, keywords=_rows(await _live(rt, plan.ad_account_id, ad_group_id)))


def register(server: MCPServer) -> None:
    server.add_tool(manage_keywords, annotations=ToolAnnotations(
        title="Manage keywords", read_only_hint=False, destructive_hint=True, idempotent_hint=False,
        open_world_hint=True))
