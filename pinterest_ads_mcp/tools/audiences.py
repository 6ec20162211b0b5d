"""list_audiences and create_audience: audiences to include or exclude in targeting.

ACTALIKE (people like an existing audience, in US, CA or GB), ENGAGEMENT (people who engaged with
your verified domain's pins) and VISITOR (people your conversion tag saw). Creating one cannot spend:
it goes through the plan and audit path and runs at once. Use the ids in update_ad_group's
``targeting_changes`` (``audiences`` / ``excluded_audiences``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, ElicitationResult, MCPServer, Resolve
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from ..guards.confirm import Confirm
from ..guards.plan import Plan, Summary, Write
from ..guards.service import ActionResult, Prepared
from .entities import AccountArg
from .support.common import READ_LIMIT_MAX, InputError, resolve_account_id, tool_errors
from .support.runtime import runtime
from .support.writes import carry_out, guard, make_ask

AudienceType = Literal["ACTALIKE", "ENGAGEMENT", "VISITOR"]


class AudienceRow(BaseModel):
    id: str
    name: str | None
    type: str | None
    status: str | None = Field(default=None,
                               description="READY, INITIALIZING or TOO_SMALL (needs 100+ people)")
    size: int | None = None
    description: str | None = None


class AudienceList(BaseModel):
    environment: str
    audiences: list[AudienceRow]


@tool_errors
async def list_audiences(
    ctx: Context,
    ad_account_id: AccountArg = None,
    limit: Annotated[int, Field(ge=1, le=READ_LIMIT_MAX)] = 100,
) -> AudienceList:
    """The ad account's audiences (id, type, status, size), to include or exclude with update_ad_group."""
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    rows = await rt.client.list_audiences(account_id, limit=limit)
    return AudienceList(environment=rt.environment, audiences=[
        AudienceRow(id=str(r["id"]), name=r.get("name"), type=r.get("audience_type"), status=r.get("status"),
                    size=r.get("size"), description=r.get("description")) for r in rows])


def _rule(type: str, seed_audience_ids: list[str] | None, country: str | None, percentage: int | None,
          domains: list[str] | None, conversion_tag_id: str | None, retention_days: int | None) -> dict[str, Any]:
    if type == "ACTALIKE":
        if not seed_audience_ids:
            raise InputError("seed_audience_ids: an ACTALIKE audience needs the audience(s) to look like")
        return {"seed_id": seed_audience_ids, "country": country or "US", "percentage": percentage or 5}
    if type == "ENGAGEMENT":
        if not domains:
            raise InputError("engagement_domains: an ENGAGEMENT audience needs your verified domain(s)")
        return {"engagement_domain": domains}
    if not conversion_tag_id:
        raise InputError("conversion_tag_id: a VISITOR audience needs the Pinterest tag that saw the visitors")
    return {"visitor_source_id": conversion_tag_id, "retention_days": retention_days or 180}


@tool_errors
async def prepare_create_audience(ctx: Context, ad_account_id: str | None, type: AudienceType, name: str,
                                  description: str | None = None, seed_audience_ids: list[str] | None = None,
                                  country: str | None = None, percentage: int | None = None,
                                  engagement_domains: list[str] | None = None, conversion_tag_id: str | None = None,
                                  retention_days: int | None = None) -> Prepared:
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    currency = (await rt.account(account_id)).currency
    if not name.strip():
        raise InputError("name: must not be empty")
    rule = _rule(type, seed_audience_ids, country, percentage, engagement_domains, conversion_tag_id, retention_days)
    item: dict[str, Any] = {"audience_type": type, "name": name.strip(), "rule": rule}
    if description:
        item["description"] = description
    plan = Plan(tool="create_audience", ad_account_id=account_id, currency=currency,
                writes=[Write(key="create_audience", op="create", entity="audience", items=[item],
                              names=["audience"], describe=f"create the {type} audience {name.strip()!r}")],
                summary=Summary(action=f"Create the {type} audience {name.strip()!r}",
                                will_exist=[f"audience {name.strip()!r} ({type}), rule {rule}"],
                                notes=["an audience cannot spend; ad groups that use it can"]))
    return guard(rt).prepare(plan)


ask_create_audience = make_ask(prepare_create_audience)


@tool_errors
async def create_audience(
    ctx: Context,
    type: AudienceType,
    name: Annotated[str, Field(min_length=1, max_length=255)],
    prepared: Annotated[Prepared, Resolve(prepare_create_audience)],
    decision: Annotated[ElicitationResult[Confirm], Resolve(ask_create_audience)],
    ad_account_id: AccountArg = None,
    description: Annotated[str | None, Field(max_length=500)] = None,
    seed_audience_ids: Annotated[list[Annotated[str, Field(pattern=r"^[0-9]{1,20}$")]] | None, Field(
        max_length=10, description="ACTALIKE: audiences to look like")] = None,
    country: Annotated[Literal["US", "CA", "GB"] | None, Field(description="ACTALIKE (default US)")] = None,
    percentage: Annotated[int | None, Field(ge=1, le=10, description="ACTALIKE: 1 closest .. 10 widest")] = None,
    engagement_domains: Annotated[list[str] | None, Field(max_length=10, description="ENGAGEMENT")] = None,
    conversion_tag_id: Annotated[str | None, Field(pattern=r"^[0-9]{1,20}$", description="VISITOR")] = None,
    retention_days: Annotated[int | None, Field(ge=1, le=540, description="VISITOR (default 180)")] = None,
) -> ActionResult:
    """Create an ACTALIKE, ENGAGEMENT or VISITOR audience; runs at once (it cannot spend)."""
    return await carry_out(ctx, prepared, decision)


def register_read(server: MCPServer) -> None:
    server.add_tool(list_audiences, annotations=ToolAnnotations(title="List audiences", read_only_hint=True,
                                                                open_world_hint=True))


def register(server: MCPServer) -> None:
    server.add_tool(create_audience, annotations=ToolAnnotations(
        title="Create an audience", read_only_hint=False, destructive_hint=False, idempotent_hint=False,
        open_world_hint=True))
