"""The MCP Inspector CLI (an MCP client nobody here wrote) drives the server over stdio and over
streamable HTTP: tools/list --strict, every read tool, the token-confirmation flow of a spend-affecting
tool, a prompt and resources. Assertions are on the Inspector's JSON output and on the emulator's own
request log and store (the server is a subprocess aimed at a loopback emulator served from this process).
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest

from pinterest_ads_mcp.emulator import seed
from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.config import EmulatorConfig

from .inspector import INSPECTOR_VERSION, Inspector, missing_reason
from .support import http_server, read_calls, serve_app, server_command, server_env

# CI sets MCP_NODE_TOOLS_REQUIRED=1 so a broken install fails instead of skipping.
_MISSING = missing_reason()
if _MISSING and os.environ.get("MCP_NODE_TOOLS_REQUIRED"):
    raise RuntimeError(_MISSING)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(_MISSING is not None, reason=str(_MISSING))]

ACCOUNT = seed.DEMO_ACCOUNT_ID
TOKEN = "e2e-inspector-token"

READ_CALLS = read_calls()


def launch(name: str) -> dict[str, Any]:
    return {"ad_account_id": ACCOUNT, "name": name, "objective": "awareness",
            "budget": {"amount": "15.00", "period": "daily"}, "ad_group": {"targeting": {"locations": ["US"]}},
            "ads": [{"pin_id": seed.RAISED_BED_PIN_ID}], "activate": True}


@pytest.fixture
def emulator():
    app = create_app(EmulatorConfig(token=TOKEN))
    with serve_app(app) as port:
        yield app.state.emulator, f"http://127.0.0.1:{port}/v5"


@pytest.fixture(params=["stdio", "streamable-http"])
def inspector(request, emulator, tmp_path: Path):
    emu, base_url = emulator
    env = server_env(tmp_path / "state", base_url=base_url, token=TOKEN)
    home = tmp_path / "home"
    home.mkdir()
    if request.param == "stdio":
        # Every Inspector run starts its own server process; they share the state dir and the emulator.
        server_vars = {k: v for k, v in env.items() if k.startswith(("PINTEREST_", "PYTHON"))}
        yield Inspector(server_command(), home, env=env, server_env=server_vars), emu
    else:
        with http_server(env) as port:
            yield Inspector([f"http://127.0.0.1:{port}/mcp"], home, extra=["--transport", "http"]), emu


def structured(result: dict[str, Any]) -> dict[str, Any]:
    assert not result.get("isError"), json.dumps(result)[:2000]
    data = result["structuredContent"]
    # The text block carries the same JSON (clients without structured output see it too).
    assert json.loads(result["content"][0]["text"]) == data
    return data


async def test_tools_list_strict_has_no_portability_errors(inspector):
    insp, _ = inspector
    run = await insp.run("tools/list", "--strict")
    assert run.returncode == 0, f"--strict found error-severity schema problems:\n{run.stderr[-4000:]}"
    tools = run.result["tools"]
    names = {t["name"] for t in tools}
    assert set(READ_CALLS) <= names
    assert {"create_campaign", "confirm_action"} <= names
    errors = [f for tool in run.json.get("schemaFindings", []) for f in tool["findings"]
              if f["severity"] == "error"]
    assert errors == []
    for tool in tools:
        assert tool["inputSchema"]["type"] == "object" and tool.get("outputSchema"), tool["name"]
        assert tool["description"].strip(), tool["name"]
    read_only = {t["name"] for t in tools if t.get("annotations", {}).get("readOnlyHint")}
    assert read_only == set(READ_CALLS), "every read-only tool needs valid arguments in READ_CALLS"


async def test_every_read_tool_answers(inspector):
    insp, emu = inspector
    emu.reset_log()
    results = await asyncio.gather(*(insp.call(name, args) for name, args in READ_CALLS.items()))
    out = {name: structured(r) for name, r in zip(READ_CALLS, results)}
    for name, data in out.items():
        assert data["environment"] == "emulator", name
    assert {a["id"] for a in out["list_ad_accounts"]["accounts"]} >= {ACCOUNT, seed.EUR_ACCOUNT_ID}
    assert [c["id"] for c in out["list_campaigns"]["campaigns"]][:1] == [seed.AWARENESS_CAMPAIGN_ID]
    assert len(out["list_campaigns"]["campaigns"]) == 3
    assert out["list_ad_groups"]["ad_groups"] and all(
        g["campaign_id"] == seed.AWARENESS_CAMPAIGN_ID for g in out["list_ad_groups"]["ad_groups"])
    assert out["list_pins"]["pins"] and len(out["list_pins"]["pins"]) <= 5
    assert out["search_targeting"]["results"] if "results" in out["search_targeting"] else out["search_targeting"]
    assert "garden" in json.dumps(out["search_targeting"]).lower()
    assert seed.AWARENESS_CAMPAIGN_ID in json.dumps(out["get_analytics"])
    assert "USD" in json.dumps(out["get_analytics"])
    assert emu.writes() == [], "read tools sent a write upstream"
    assert {r.status for r in emu.log} <= {200}, "every upstream read succeeded"


async def test_spend_needs_confirmation_then_confirm_action_carries_it_out(inspector, request):
    insp, emu = inspector
    name = f"E2E launch {request.node.callspec.id}"
    emu.reset_log()
    planned = structured(await insp.call("create_campaign", launch(name)))
    assert planned["status"] == "confirmation_required"
    assert planned["summary"]["max_daily_spend"] == {"amount": "15.00", "currency": "USD"}
    assert emu.writes() == [], "nothing may be sent before confirmation"
    assert not [c for c in emu.store.campaigns.values() if c["name"] == name]

    done = structured(await insp.call("confirm_action", {"confirmation_id": planned["confirmation_id"]}))
    assert done["status"] not in ("confirmation_required", "failed", "refused"), done
    created = [c for c in emu.store.campaigns.values() if c["name"] == name]
    assert len(created) == 1 and created[0]["status"] == "ACTIVE"
    writes = len(emu.writes())
    assert writes >= 3  # campaign, ad group, ads (+ activation)

    again = structured(await insp.call("confirm_action", {"confirmation_id": planned["confirmation_id"]}))
    assert again.get("repeated") is True
    assert len(emu.writes()) == writes, "a repeated confirmation sent writes"
    assert len([c for c in emu.store.campaigns.values() if c["name"] == name]) == 1


async def test_a_prompt_and_resources(inspector):
    insp, _ = inspector
    prompts, resources = await asyncio.gather(insp.run("prompts/list"), insp.run("resources/list"))
    prompt_names = {p["name"] for p in prompts.result["prompts"]}
    assert {"launch_campaign", "weekly_report", "boost_best_pin"} <= prompt_names
    uris = {r["uri"] for r in resources.result["resources"]}
    assert "pinterest-ads://guide" in uris

    prompt, guide, policy = await asyncio.gather(
        insp.run("prompts/get", "--prompt-name", "launch_campaign", "--prompt-args", "goal=sell raised beds",
                 "budget=30 USD a day"),
        insp.run("resources/read", "--uri", "pinterest-ads://guide"),
        insp.run("resources/read", "--uri", "pinterest-ads://policy"),
    )
    messages = prompt.result["messages"]
    text = " ".join(m["content"].get("text", "") for m in messages)
    assert "sell raised beds" in text and "create_campaign" in text and "confirm" in text
    guide_text = guide.result["contents"][0]["text"]
    assert "list_campaigns" in guide_text and "confirm_action" in guide_text
    policy_text = policy.result["contents"][0]["text"]
    assert "confirmation" in policy_text.lower()


async def test_inspector_is_the_pinned_version(tmp_path):
    run = await Inspector([], tmp_path).run_version()
    assert run == INSPECTOR_VERSION


async def test_modern_protocol_era_over_http(emulator, tmp_path):
    """The 2026 per-request protocol, negotiated by the Inspector itself over streamable HTTP."""
    emu, base_url = emulator
    env = server_env(tmp_path / "state", base_url=base_url, token=TOKEN)
    with http_server(env) as port:
        insp = Inspector([f"http://127.0.0.1:{port}/mcp"], tmp_path,
                         extra=["--transport", "http", "--protocol-era", "modern"])
        listed, called = await asyncio.gather(
            insp.run("tools/list"), insp.call("list_campaigns", READ_CALLS["list_campaigns"]))
    assert set(READ_CALLS) <= {t["name"] for t in listed.result["tools"]}
    assert structured(called)["campaigns"][0]["id"] == seed.AWARENESS_CAMPAIGN_ID
