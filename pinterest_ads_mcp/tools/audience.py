"""audience_sizing: how many people a targeting would reach, before any money is involved."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from .entities import AccountArg
from .planning.targeting_model import (
    Keyword,
    KeywordText,
    Placement,
    Targeting,
    describe_spec,
    to_targeting_spec,
)
from .support.common import resolve_account_id, tool_errors
from .support.runtime import runtime


class AudienceSizeResult(BaseModel):
    environment: str
    ad_account_id: str
    monthly_reach_lower: int = Field(description="Estimated monthly reachable people, lower bound")
    monthly_reach_upper: int = Field(description="Estimated monthly reachable people, upper bound")
    summary: str = Field(description="The targeting in words")
    targeting_spec: dict[str, Any] = Field(description="The Pinterest targeting_spec actually sent")
    placement_group: str
    auto_targeting_enabled: bool
    keywords: list[dict[str, str]] | None = None
    notes: list[str] = Field(default_factory=list, description="How names were resolved, and caveats")


@tool_errors
async def audience_sizing(
    ctx: Context,
    targeting: Annotated[Targeting, Field(description="Who to reach, in plain terms (locations required)")],
    ad_account_id: AccountArg = None,
    placement: Annotated[
        Placement | None, Field(description="Overrides targeting.placement")
    ] = None,
    keywords: Annotated[
        list[Keyword | KeywordText] | None,
        Field(max_length=2000, description="Overrides targeting.keywords"),
    ] = None,
    auto_targeting: Annotated[bool | None, Field(description="Overrides targeting.auto_targeting")] = None,
) -> AudienceSizeResult:
    """Estimate the monthly reach (lower and upper bound of people) of a targeting before creating or
    boosting anything.

    Use it while planning a campaign to check an audience is neither tiny nor absurdly broad, and to
    see exactly which targeting_spec Pinterest gets (names like 'New York' or 'Gardening' are resolved
    to codes; an unknown one is an error listing near matches). Read-only, spends nothing; one sizing
    request plus cached look-ups of targeting codes.
    """
    rt = runtime(ctx)
    account_id = await resolve_account_id(rt, ad_account_id)
    overrides: dict[str, Any] = {}
    if placement is not None:
        overrides["placement"] = placement
    if keywords is not None:
        overrides["keywords"] = keywords
    if auto_targeting is not None:
        overrides["auto_targeting"] = auto_targeting
    if overrides:
        targeting = targeting.model_copy(update=overrides)
    resolved = await to_targeting_spec(rt, account_id, targeting)
    answer = await rt.client.audience_sizing(account_id, resolved.sizing_body())
    return AudienceSizeResult(
        environment=rt.environment,
        ad_account_id=account_id,
        monthly_reach_lower=int(answer.get("audience_size_lower_bound") or 0),
        monthly_reach_upper=int(answer.get("audience_size_upper_bound") or 0),
        summary=describe_spec(resolved.targeting_spec),
        targeting_spec=resolved.targeting_spec,
        placement_group=resolved.placement_group,
        auto_targeting_enabled=resolved.auto_targeting_enabled,
        keywords=resolved.keywords,
        notes=resolved.notes,
    )


def register(server: MCPServer) -> None:
    server.add_tool(
        audience_sizing,
        annotations=ToolAnnotations(title="Estimate audience size", read_only_hint=True,
                                    open_world_hint=True),
    )
