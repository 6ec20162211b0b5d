"""search_targeting(KEYWORD): keyword ideas with monthly search volume, through MCP at the emulator."""

from __future__ import annotations

from tests.guards.harness import client


async def test_keyword_ideas_start_from_the_query_and_carry_volumes(bench):
    async with client(bench.server(ad_account_id=None)) as c:
        out = await c.call_tool("search_targeting", {"targeting_type": "KEYWORD", "query": "Raised bed", "limit": 5})
    result = out.structured_content
    codes = [o["code"] for o in result["options"]]
    assert codes[0] == "raised bed" and 1 < len(codes) <= 5
    assert all("raised" in c or "bed" in c for c in codes)
    assert all("searches a month" in o["name"] for o in result["options"])
    paths = [r.path for r in bench.emulator.log]
    assert any(p.endswith("/trends/keywords/US/top/growing") for p in paths)
    assert any(p.endswith("/keywords/metrics") for p in paths)


async def test_keyword_ideas_need_a_query(bench):
    async with client(bench.server()) as c:
        out = await c.call_tool("search_targeting", {"targeting_type": "KEYWORD"})
    assert out.is_error and "query" in out.content[0].text
