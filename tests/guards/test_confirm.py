"""How a person's yes is asked and read, driven by real MCP clients on both protocol generations.

- Only form-mode elicitation can show the approval form: a client that declared only URL mode gets a
  confirmation id (auto mode), not a protocol error; the 2025 protocol's bare ``elicitation: {}`` means form.
- Only a JSON ``true`` approves: ``"true"``, ``1``, ``"yes"``, ``null`` or no answer are a no, nothing is sent.
- What the person and the model read is English and names no internal module or object.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from typing import Any

import mcp_types
import pytest
from mcp import Client
from mcp.client.session import ClientSession

from pinterest_ads_mcp.guards.confirm import Confirm, client_can_elicit
from pinterest_ads_mcp.guards.store import StateStore
from tests.guards.harness import ACCOUNT, Bench, launch_args

INTERNALS = re.compile(
    r"pinterest_ads_mcp\.|\bmcp\.(server|shared|client)\.|object at 0x|\w+Arguments\b|errors\.pydantic\.dev"
    r"|Resolver '|Traceback")


@pytest.fixture
def bench(tmp_path, contract) -> Bench:
    b = Bench(tmp_path / "state", contract)
    yield b
    assert b.violations() == [], "\n".join(b.violations())


@pytest.fixture(params=["legacy", "auto"])
def mode(request) -> str:
    return request.param


def text(result: Any) -> str:
    return " ".join(getattr(c, "text", "") for c in result.content)


def declare_elicitation(monkeypatch, capability: mcp_types.ElicitationCapability) -> None:
    """Make the SDK client declare exactly ``capability`` for elicitation (on both protocol generations)."""
    original = ClientSession._build_capabilities

    def build(self: ClientSession, version: str) -> mcp_types.ClientCapabilities:
        caps = original(self, version)
        return caps.model_copy(update={"elicitation": capability})

    monkeypatch.setattr(ClientSession, "_build_capabilities", build)


def answering(content: Any, asked: list[Any] | None = None) -> Any:
    async def cb(ctx: Any, params: Any) -> mcp_types.ElicitResult:
        if asked is not None:
            asked.append(params)
        return mcp_types.ElicitResult(action="accept", content=content)

    return cb


def decisions(bench: Bench) -> list[str]:
    store = StateStore.in_dir(bench.state_dir)
    try:
        rows = store.audit_log(100)
    finally:
        store.close()
    out = []
    for row in rows:
        detail = json.loads(row["detail"]) if isinstance(row["detail"], str) else row["detail"] or {}
        if row["event"] == "decision":
            out.append(detail["decision"])
    return out


# -- 16: form mode is what the approval needs -----------------------------------------------------------
URL_ONLY = mcp_types.ElicitationCapability(url=mcp_types.UrlElicitationCapability())
BARE = mcp_types.ElicitationCapability()
FORM = mcp_types.ElicitationCapability(form=mcp_types.FormElicitationCapability())


@pytest.mark.parametrize("capability,can", [(URL_ONLY, False), (BARE, True), (FORM, True), (None, False)])
def test_client_can_elicit_means_form_mode(capability, can):
    ctx = SimpleNamespace(client_capabilities=mcp_types.ClientCapabilities(elicitation=capability))
    assert client_can_elicit(ctx) is can


async def test_url_only_elicitation_gets_a_confirmation_id_not_an_error(bench, mode, monkeypatch):
    declare_elicitation(monkeypatch, URL_ONLY)
    asked: list[Any] = []
    async with Client(bench.server(), mode=mode, elicitation_callback=answering({"approve": True}, asked)) as c:
        result = await c.call_tool("create_campaign", launch_args(1))
    assert not result.is_error, text(result)
    assert result.structured_content["status"] == "confirmation_required"
    assert asked == [] and bench.writes() == []


async def test_url_only_elicitation_in_elicit_mode_is_refused_in_words(bench, mode, monkeypatch):
    declare_elicitation(monkeypatch, URL_ONLY)
    async with Client(bench.server(ads_confirmation="elicit"), mode=mode,
                      elicitation_callback=answering({"approve": True})) as c:
        result = await c.call_tool("create_campaign", launch_args(1))
    assert result.is_error and "Nothing was sent" in text(result)
    assert not INTERNALS.search(text(result)), text(result)
    assert bench.writes() == []


async def test_bare_elicitation_capability_means_form(bench, mode, monkeypatch):
    declare_elicitation(monkeypatch, BARE)
    asked: list[Any] = []
    async with Client(bench.server(), mode=mode, elicitation_callback=answering({"approve": True}, asked)) as c:
        result = await c.call_tool("create_campaign", launch_args(1))
    assert result.structured_content["status"] == "done", text(result)
    assert len(asked) == 1 and asked[0].requested_schema["properties"]["approve"]["type"] == "boolean"


# -- 18: only a JSON true approves ---------------------------------------------------------------------
@pytest.mark.parametrize("content", [{"approve": "true"}, {"approve": 1}, {"approve": "yes"}, {"approve": None},
                                     {}, {"approve": "True"}, {"approve": 1.0}])
async def test_only_json_true_approves(bench, mode, content):
    async with Client(bench.server(), mode=mode, elicitation_callback=answering(content)) as c:
        result = await c.call_tool("create_campaign", launch_args(1))
    assert not result.is_error, text(result)
    out = result.structured_content
    assert out["status"] == "declined"
    assert "only true approves" in out["message"] and "Nothing was sent" in out["message"]
    assert bench.writes() == []
    assert any("not approved" in d for d in decisions(bench))


def test_confirm_model_is_strict():
    assert Confirm.model_validate({"approve": True}).approve is True
    for lax in ("true", 1, "yes", "on", "1"):
        read = Confirm.model_validate({"approve": lax})
        assert read.approve is False and read.not_boolean is not None


# -- 19: English, and no internals ---------------------------------------------------------------------
async def test_a_person_saying_no_reads_as_english(bench, mode):
    async with Client(bench.server(), mode=mode, elicitation_callback=answering({"approve": False})) as c:
        result = await c.call_tool("create_campaign", launch_args(1))
    out = result.structured_content
    assert out["status"] == "declined"
    assert out["message"] == "The person did not approve this plan. Nothing was sent to Pinterest."


async def test_known_bad_calls_name_no_internal_module_or_object(bench, mode, monkeypatch):
    """Error texts of calls that go wrong in the ways clients and models actually make them."""
    bad_calls = [
        ("create_campaign", {"name": 5}),
        ("create_campaign", dict(launch_args(1), budget={"amount": "x"})),
        ("list_campaigns", {"ad_account_id": ACCOUNT, "limit": "many"}),
        ("list_campaigns", {"ad_account_id": "abc"}),
        ("confirm_action", {"confirmation_id": "nope"}),
        ("update_budget", {"ad_account_id": ACCOUNT, "level": "campaign", "id": "123", "budget": {"amount": "5"}}),
        ("update_status", {"ad_account_id": ACCOUNT, "level": "campaign", "ids": ["1"], "status": "ACTIVE"}),
    ]
    texts = []
    async with Client(bench.server(), mode=mode) as c:
        for name, args in bad_calls:
            result = await c.call_tool(name, args)
            assert result.is_error, (name, args)
            texts.append(text(result))
    declare_elicitation(monkeypatch, URL_ONLY)  # a client the approval form cannot reach, in elicit mode
    async with Client(bench.server(ads_confirmation="elicit"), mode=mode,
                      elicitation_callback=answering({"approve": True})) as c:
        texts.append(text(await c.call_tool("create_campaign", launch_args(1))))
    leaks = [t for t in texts if INTERNALS.search(t)]
    assert leaks == []
    assert bench.writes() == []
