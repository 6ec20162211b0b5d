"""Launches with search keywords: create_campaign and boost_pin create them under the new ad group.

Keywords are Pinterest entities of their own (parent = the ad group), so a launch with keywords
gets one more write, after the ads and before the activation. Every count and every keyword is read
from the emulator; every exchange is validated against the official spec (the bench's transport).
"""

from __future__ import annotations

import pytest

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT, Bench, client, launch_args

KEYWORDS = ["raised garden bed", {"value": "compost bin", "match_type": "EXACT"},
            {"value": "cheap", "match_type": "PHRASE_NEGATIVE"}]
EXPECTED = {("raised garden bed", "BROAD"), ("compost bin", "EXACT"), ("cheap", "PHRASE_NEGATIVE")}


@pytest.fixture
def bench(tmp_path, contract) -> Bench:
    b = Bench(tmp_path / "state", contract)
    yield b
    assert b.violations() == [], "\n".join(b.violations())


def text(result) -> str:
    return " ".join(getattr(c, "text", "") for c in result.content)


async def call(server, name, args, *, mode="legacy", elicit=None, approve=True):
    async with client(server, mode, elicit, approve) as c:
        return await c.call_tool(name, args)


def with_keywords(keywords=None, **extra):
    args = launch_args(1, **extra)
    args["ad_group"] = {"targeting": {"locations": ["US"], "keywords": KEYWORDS if keywords is None else keywords}}
    return args


def keywords_of(bench: Bench, ad_group_id: str, *, archived: bool | None = False) -> list[dict]:
    return [k for k in bench.emulator.store.keywords.values()
            if k["parent_id"] == ad_group_id and (archived is None or k["archived"] is archived)]


def shape(requests: list) -> list[tuple[str, str]]:
    return [(w.method, w.path.rsplit("/", 1)[-1]) for w in requests]


async def test_launch_with_keywords_creates_them_under_the_new_ad_group(bench):
    result = await call(bench.server(), "create_campaign", with_keywords(), elicit="accept")
    out = result.structured_content
    assert out["status"] == "done", text(result)
    group_id = out["created"]["ad_group"]
    found = keywords_of(bench, group_id)
    assert {(k["value"], k["match_type"]) for k in found} == EXPECTED
    assert all(k["parent_type"] == "ad_group" for k in found)
    assert {out["created"][f"keyword:{i}"] for i in range(3)} == {k["id"] for k in found}
    # campaign, ad group, one ads batch, keywords, then the activation (still last)
    assert shape(bench.writes()) == [("POST", "campaigns"), ("POST", "ad_groups"), ("POST", "ads"),
                                     ("POST", "keywords"), ("PATCH", "campaigns")]
    assert bench.entity("campaigns", out["created"]["campaign"])["status"] == "ACTIVE"
    summary = out["summary"]
    assert "'compost bin' EXACT" in summary["targeting"] and "'cheap' PHRASE_NEGATIVE" in summary["targeting"]
    assert "3 search keyword(s) on the ad group" in summary["will_exist"]


async def test_declined_launch_with_keywords_sends_nothing(bench):
    result = await call(bench.server(), "create_campaign", with_keywords(), elicit="decline")
    assert result.structured_content["status"] == "declined", text(result)
    assert bench.writes() == [] and bench.emulator.store.keywords == {}


async def test_confirmation_summary_lists_the_keywords_before_anything_is_sent(bench):
    result = await call(bench.server(), "create_campaign", with_keywords())
    out = result.structured_content
    assert out["status"] == "confirmation_required"
    assert "'raised garden bed' BROAD" in out["summary"]["targeting"]
    assert bench.writes() == []


async def test_paused_launch_with_keywords_runs_at_once(bench):
    # Keywords alone do not make a plan spend-affecting: a PAUSED launch still needs no confirmation.
    result = await call(bench.server(), "create_campaign", with_keywords(activate=False))
    out = result.structured_content
    assert out["status"] == "done" and out["spend_affecting"] is False, text(result)
    assert len(keywords_of(bench, out["created"]["ad_group"])) == 3
    assert bench.entity("campaigns", out["created"]["campaign"])["status"] == "PAUSED"


async def test_failed_keywords_post_rolls_back_and_is_not_resent(bench):
    bench.emulator.faults.add("status", status=500, method="POST", path=r"/keywords$")
    result = await call(bench.server(), "create_campaign", with_keywords(), elicit="accept")
    out = result.structured_content
    assert out["status"] == "failed", text(result)
    steps = {s["step"]: s["status"] for s in out["steps"]}
    assert steps["create_campaign"] == steps["create_ad_group"] == steps["create_ads_1"] == "ok"
    assert steps["create_keywords"] in ("failed", "unknown")
    assert steps["activate_campaign"] == "not_sent"
    assert steps["rollback_campaigns"] == steps["rollback_ad_groups"] == steps["rollback_ads"] == "ok"
    assert bench.entity("campaigns", out["created"]["campaign"])["status"] == "ARCHIVED"
    assert bench.entity("ad_groups", out["created"]["ad_group"])["status"] == "ARCHIVED"
    posts = [w for w in bench.writes() if w.method == "POST" and w.path.endswith("/keywords")]
    assert len(posts) == 1  # never sent twice
    assert bench.emulator.store.keywords == {}
    assert not any(w.method == "PATCH" and w.path.endswith("/campaigns") and w.body[0].get("status") == "ACTIVE"
                   for w in bench.writes())


async def test_refused_keyword_rolls_back_created_keywords(bench, monkeypatch):
    from pinterest_ads_mcp.tools.planning import targeting_model

    group_ids_before = set(bench.emulator.store.ad_groups)
    # The planner drops case-insensitive duplicates itself; let this pair through so the emulator
    # refuses one keyword of the request (Pinterest matches keywords case-insensitively), the other
    # is created, then archived.
    monkeypatch.setattr(targeting_model, "keyword_items",
                        lambda values: [{"match_type": "BROAD", "value": v} for v in values] if values else None)
    result = await call(bench.server(), "create_campaign", with_keywords(["Compost", "compost"]), elicit="accept")
    out = result.structured_content
    assert out["status"] == "failed", text(result)
    step = next(s for s in out["steps"] if s["step"] == "create_keywords")
    assert step["status"] == "failed" and "already exists" in step["errors"][0]
    rollback = next(s for s in out["steps"] if s["step"] == "rollback_keywords")
    assert rollback["status"] == "ok" and rollback["ids"] == step["ids"]
    (group_id,) = set(bench.emulator.store.ad_groups) - group_ids_before
    assert keywords_of(bench, group_id) == [] and len(keywords_of(bench, group_id, archived=True)) == 1
    assert bench.entity("campaigns", out["created"]["campaign"])["status"] == "ARCHIVED"


async def test_lost_answer_on_keywords_is_looked_up_not_resent(bench):
    bench.emulator.faults.add("drop_after", method="POST", path=r"/keywords$", times=1)
    result = await call(bench.server(), "create_campaign", with_keywords(), elicit="accept")
    out = result.structured_content
    assert out["status"] == "done", text(result)
    step = next(s for s in out["steps"] if s["step"] == "create_keywords")
    assert "looked it up" in step["note"] and "not sent again" in step["note"] and len(step["ids"]) == 3
    assert len([w for w in bench.writes() if w.path.endswith("/keywords") and w.method == "POST"]) == 1
    reads = [r for r in bench.emulator.log if r.method == "GET" and r.path.endswith("/keywords")]
    assert reads and reads[0].query["ad_group_id"] == [out["created"]["ad_group"]]
    assert len(keywords_of(bench, out["created"]["ad_group"])) == 3
    assert bench.entity("campaigns", out["created"]["campaign"])["status"] == "ACTIVE"


async def test_boost_pin_with_keywords(bench):
    args = {"ad_account_id": ACCOUNT, "pin_id": seed.RAISED_BED_PIN_ID, "goal": "traffic",
            "budget": {"amount": "10", "period": "daily"},
            "targeting": {"locations": ["US"], "keywords": ["raised bed", {"value": "diy", "match_type": "PHRASE"}]}}
    result = await call(bench.server(), "boost_pin", args, elicit="accept")
    out = result.structured_content
    assert out["status"] == "done", text(result)
    found = keywords_of(bench, out["created"]["ad_group"])
    assert {(k["value"], k["match_type"]) for k in found} == {("raised bed", "BROAD"), ("diy", "PHRASE")}
    assert shape(bench.writes())[-2:] == [("POST", "keywords"), ("PATCH", "campaigns")]


async def test_too_many_keywords_is_refused_naming_the_field(bench):
    result = await call(bench.server(), "create_campaign", with_keywords([f"term {i}" for i in range(201)]),
                        elicit="accept")
    assert result.is_error and "ad_group.targeting.keywords" in text(result) and "200" in text(result)
    assert bench.writes() == []


def test_keywords_differing_only_in_case_are_sent_once():
    from pinterest_ads_mcp.tools.planning.targeting_model import Keyword, keyword_items

    sent = keyword_items(["Compost", "compost ", Keyword(value="COMPOST", match_type="EXACT")])
    assert sent == [{"match_type": "BROAD", "value": "Compost"}, {"match_type": "EXACT", "value": "COMPOST"}]
