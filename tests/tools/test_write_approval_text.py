"""The person approves what is sent: every user-visible field of every request is in the approval
text (the elicitation prompt and the summary a confirmation id comes with)."""

from __future__ import annotations

from typing import Any

import mcp_types
from mcp import Client

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT, launch_args

PHISH = "https://evil.example/phish"



def leaves(value: Any) -> list[str]:
    """Every string leaf of a request body (ids and the account aside)."""
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in ("id", "ad_account_id", "campaign_id", "ad_group_id",
                                                         "parent_id") for s in leaves(v)]
    if isinstance(value, list):
        return [s for v in value for s in leaves(v)]
    return [value] if isinstance(value, str) else []


async def approve_and_capture(server: Any, tool: str, args: dict[str, Any]) -> tuple[Any, list[str]]:
    prompts: list[str] = []

    async def cb(ctx: Any, params: Any) -> mcp_types.ElicitResult:
        prompts.append(params.message)
        return mcp_types.ElicitResult(action="accept", content={"approve": True})

    async with Client(server, mode="legacy", elicitation_callback=cb) as c:
        return await c.call_tool(tool, args), prompts


async def test_approval_text_shows_every_field_sent(bench):
    args = launch_args(2, ad_group={"name": "Gardeners in the US", "targeting": {"locations": ["US"],
                                                                                 "keywords": ["raised beds"]}})
    args["ads"][0].update(destination_url=PHISH, name="Innocent-looking ad")
    result, prompts = await approve_and_capture(bench.server(), "create_campaign", args)
    assert result.structured_content["status"] == "done"
    text = prompts[-1]
    sent = [w.body for w in bench.writes() if w.method in ("POST", "PATCH")]
    assert sent
    for body in sent:
        for value in leaves(body):
            assert value in text, f"{value!r} was sent but not shown for approval"
    assert PHISH in text and "Innocent-looking ad" in text and "Gardeners in the US" in text
    assert "raised beds" in text
    # the same lines come with a confirmation id (the summary the model shows the person)
    async with Client(bench.server(ads_confirmation="token"), mode="legacy") as c:
        issued = await c.call_tool("create_campaign", args)
    sent_lines = " ".join(issued.structured_content["summary"]["sent"])
    assert PHISH in sent_lines and "Innocent-looking ad" in sent_lines


async def test_boost_destination_url_is_in_the_approval_text(bench):
    result, prompts = await approve_and_capture(bench.server(), "boost_pin", {
        "ad_account_id": ACCOUNT, "pin_id": seed.RAISED_BED_PIN_ID, "goal": "traffic",
        "budget": {"amount": "5", "period": "daily"}, "destination_url": PHISH})
    assert result.structured_content["status"] == "done"
    assert PHISH in prompts[-1]
