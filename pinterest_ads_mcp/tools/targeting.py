"""search_targeting: look up the codes Pinterest targeting accepts (interests, places, ...)."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from .common import tool_errors
from .runtime import runtime

TargetingType = Literal["INTEREST", "LOCATION", "GEO", "LOCALE", "AGE_BUCKET", "GENDER", "APPTYPE"]


class TargetingOption(BaseModel):
    code: str = Field(description="The value to use in targeting")
    name: str


class TargetingResult(BaseModel):
    environment: str
    targeting_type: str
    matches: int = Field(description="How many options matched before the limit")
    options: list[TargetingOption]


def rank_options(options: dict[str, str], query: str | None) -> list[TargetingOption]:
    """Options matching ``query`` (case-insensitive, in code or name), best first: exact, then
    prefix, then word prefix, then substring."""
    if not query:
        return [TargetingOption(code=c, name=n) for c, n in sorted(options.items(), key=lambda kv: kv[1].casefold())]
    q = query.strip().casefold()
    scored: list[tuple[int, str, str]] = []
    for code, name in options.items():
        n, c = name.casefold(), code.casefold()
        if q in (n, c):
            score = 0
        elif n.startswith(q) or c.startswith(q):
            score = 1
        elif any(word.startswith(q) for word in n.replace(":", " ").replace("-", " ").split()):
            score = 2
        elif q in n or q in c:
            score = 3
        else:
            continue
        scored.append((score, name, code))
    scored.sort(key=lambda t: (t[0], t[1].casefold()))
    return [TargetingOption(code=code, name=name) for _, name, code in scored]


@tool_errors
async def search_targeting(
    ctx: Context,
    targeting_type: Annotated[TargetingType, Field(description="Which kind of targeting code to look up")],
    query: Annotated[str | None, Field(max_length=100, description="Words to match, e.g. 'garden' or 'new york'")] = None,
    limit: Annotated[int, Field(ge=1, le=500)] = 25,
) -> TargetingResult:
    """Find targeting codes by name: interests (ids), locations (country or US metro codes), GEO
    regions, locales, age buckets, genders, app types.

    Use before audience_sizing, create_campaign or boost_pin when you only know names. One cheap
    read per call.
    """
    rt = runtime(ctx)
    options = await rt.client.targeting_options(targeting_type)
    ranked = rank_options(options, query)
    return TargetingResult(environment=rt.environment, targeting_type=targeting_type, matches=len(ranked),
                           options=ranked[:limit])


def register(server: MCPServer) -> None:
    server.add_tool(search_targeting, annotations=ToolAnnotations(title="Search targeting codes", readOnlyHint=True,
                                                                  openWorldHint=True))
