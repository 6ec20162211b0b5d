"""search_targeting: look up the codes Pinterest targeting accepts (interests, places, ...)."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from .support.common import InputError, tool_errors
from .support.runtime import Runtime, runtime

TargetingType = Literal["INTEREST", "LOCATION", "GEO", "LOCALE", "AGE_BUCKET", "GENDER", "APPTYPE", "KEYWORD"]


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
    regions, locales, age buckets, genders, app types. KEYWORD (query required): search-term ideas
    trending on Pinterest with their monthly search volume, for manage_keywords.

    Use before audience_sizing, create_campaign or boost_pin when you only know names. One cheap
    read per call (KEYWORD: two).
    """
    rt = runtime(ctx)
    if targeting_type == "KEYWORD":
        return await keyword_ideas(rt, query, limit)
    options = await rt.client.targeting_options(targeting_type)
    ranked = rank_options(options, query)
    return TargetingResult(environment=rt.environment, targeting_type=targeting_type, matches=len(ranked),
                           options=ranked[:limit])


# Pinterest Trends regions: a country is looked up in the one region that holds it.
_TREND_REGIONS = ("US", "CA", "DE", "FR", "ES", "IT", "DE+AT+CH", "GB+IE", "IT+ES+PT+GR+MT", "PL+RO+HU+SK+CZ",
                  "SE+DK+FI+NO", "NL+BE+LU", "AR", "BR", "CO", "MX", "MX+AR+CO+CL", "AU+NZ")


async def keyword_ideas(rt: Runtime, query: str | None, limit: int) -> TargetingResult:
    """Trending search terms containing ``query`` (the query itself first), each with its monthly
    search volume in the ad account's country when an ad account is known."""
    if not query or not query.strip():
        raise InputError("query: KEYWORD ideas need a word or phrase to start from, e.g. 'raised bed'")
    text = query.strip()
    # Volumes are Pinterest-wide per country; the request only needs some ad account the token reaches.
    account_id = rt.default_ad_account_id
    if account_id is None:
        usable = sorted(a.id for a in await rt.accounts() if rt.policy.account_allowed(a.id))
        account_id = usable[0] if usable else None
    country = (await rt.account(account_id)).country if account_id else None
    region = next((r for r in _TREND_REGIONS if country and country in r.split("+")), "US")
    trends = await rt.client.trending_keywords(region, "growing", include=[w for w in text.split()[:50]],
                                               limit=min(limit, 50))
    terms = list(dict.fromkeys([text.casefold(), *(str(t["keyword"]) for t in trends if t.get("keyword"))]))[:limit]
    volumes = await rt.client.keyword_metrics(account_id, country or "US", terms) if account_id else {}
    growth = {str(t.get("keyword")): t.get("pct_growth_mom") for t in trends}
    options = []
    for term in terms:
        parts = [f"{volumes[term]} searches a month" if volumes.get(term) else None,
                 f"{growth[term]:+d}% month over month" if isinstance(growth.get(term), int) else None]
        detail = "; ".join(p for p in parts if p)
        options.append(TargetingOption(code=term, name=f"{term} ({detail})" if detail else term))
    return TargetingResult(environment=rt.environment, targeting_type="KEYWORD", matches=len(options),
                           options=options)


def register(server: MCPServer) -> None:
    server.add_tool(search_targeting, annotations=ToolAnnotations(title="Search targeting codes", read_only_hint=True,
                                                                  open_world_hint=True))
