"""Prompt templates for the three everyday jobs: launch a campaign, the weekly report, boost the best pin.

They guide the model through the tools; the guards still decide what may be spent. A prompt only
names tools the server offers right now (read-only mode hides the write tools, and the prompt then
says so instead of naming them). Tool names are written in backticks so tests can check them.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from functools import partial
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from ..pinterest.models import Pin
from ..pinterest.times import today
from ..tools.pins import promotable_goals
from ..tools.support.runtime import runtime

TOOL_REF = re.compile(r"`([a-z][a-z_]+)`")
CANDIDATE_PINS = 25
SHOWN_PINS = 5


async def _tools(ctx: Context) -> set[str]:
    return {t.name for t in await ctx.mcp_server.list_tools()}


def _missing(needed: set[str], available: set[str]) -> str:
    gone = sorted(needed - available)
    if not gone:
        return ""
    return (
        "\nNote: this server is read-only right now (" + ", ".join(gone) + " unavailable), so stop after the "
        "plan and sizing and tell the person what would be created.\n"
    )


def only_available(text: str, available: set[str]) -> str:
    """Drop lines naming a tool the server does not offer (read-only mode hides the writes)."""
    keep = [line for line in text.splitlines() if set(TOOL_REF.findall(line)) <= available]
    return "\n".join(keep)


async def launch_campaign(
    ctx: Context,
    goal: Annotated[
        str | None, Field(description="What the campaign should achieve, e.g. 'sell more raised beds'")
    ] = None,
    budget: Annotated[
        str | None, Field(description="Budget in words, e.g. '30 USD a day' or '500 EUR total'")
    ] = None,
    ad_account_id: Annotated[str | None, Field(description="Ad account id, if known")] = None,
) -> str:
    """Plan and launch a Pinterest campaign step by step: goal, budget, schedule, audience, size, create, confirm."""
    available = await _tools(ctx)
    account = (
        f"ad account {ad_account_id}" if ad_account_id else "the ad account (call `list_ad_accounts` first)"
    )
    text = f"""You are helping launch a Pinterest ad campaign in {account}.
Known so far: goal = {goal or "not given yet"}; budget = {budget or "not given yet"}.

1. Gather what is missing, one short question at a time: the goal (awareness, traffic/consideration,
   conversions, video views), the budget (daily or lifetime, in the account currency from `list_ad_accounts`),
   the schedule (start, and an end date for a lifetime budget), the audience (locations are required; ages,
   genders, interests, languages, devices, keywords), and which pins to promote (`list_pins`).
2. Turn names into codes only when needed with `search_targeting` (interests, locations).
3. Size the audience with `audience_sizing` using the same targeting. If the reach is tiny (under ~100k) or
   huge, say so and suggest a change before going on.
4. Create it with `create_campaign` and activate=false, so everything starts PAUSED.
5. Show the person the plan the tool returns: daily and total maximum spend, schedule, targeting, audience
   estimate. Money is in the account currency.
6. Only after the person clearly says yes, call `confirm_action` with the confirmation_id (if the tool asked
   the person directly, their answer already decided). Never confirm on your own.
7. To start delivery later, use `update_status` with status ACTIVE (that also needs confirmation).
{_missing({"create_campaign", "confirm_action"}, available)}"""
    return only_available(text, available)


async def weekly_report(
    ctx: Context,
    ad_account_id: Annotated[str | None, Field(description="Ad account id, if known")] = None,
) -> str:
    """Last 7 days versus the 7 days before, per campaign, with who it reached and what needs fixing."""
    available = await _tools(ctx)
    end = today() - timedelta(days=1)
    this_start = end - timedelta(days=6)
    prev_end = this_start - timedelta(days=1)
    prev_start = prev_end - timedelta(days=6)
    account = f'"ad_account_id": "{ad_account_id}", ' if ad_account_id else ""
    metrics = (
        '["spend", "impressions", "clicks", "ctr", "cpc", "saves", "outbound_clicks", "conversions", "roas"]'
    )
    short = '["spend", "impressions", "clicks", "ctr", "cpc", "conversions", "roas"]'
    health = f' with {{"ad_account_id": "{ad_account_id}"}}' if ad_account_id else ""
    text = f"""Write the weekly Pinterest ads report.

1. Call `get_analytics` twice at level campaign with the same metrics, then once per breakdown for this week:
   this week: {{{account}"level": "campaign", "start_date": "{this_start}", "end_date": "{end}", "metrics": {metrics}}}
   last week: {{{account}"level": "campaign", "start_date": "{prev_start}", "end_date": "{prev_end}", "metrics": {metrics}}}
   who it reached: the same dates as this week at level account with "breakdown": "age", then "gender",
   "country" and "device", and "metrics": {short}.
2. Match rows by campaign id. For each campaign give spend, clicks, CTR, CPC and ROAS for both weeks and the
   change (absolute for money, percentage points for CTR). Use the "totals" rows for the account summary;
   never average per-campaign ratios.
3. Audience: for each breakdown name the two segments with the most spend and any segment whose CPC or ROAS is
   far from the total. If "coverage" is below 100, say plainly that Pinterest withholds small segments, so the
   breakdown holds only that share of the unbroken totals.
4. Health: call `check_delivery`{health} and list every flag with its campaign and the suggested fix (its "fix").
5. Lead with the three biggest changes (by spend impact), then a compact table, then the health flags, then one
   or two concrete suggestions (e.g. pause a campaign whose CPC doubled, move budget to the best ROAS or to the
   best segment). Suggestions are advice only: do not change anything unless the person asks (the fix_delivery prompt
   is for that).
6. Money is in the account currency (the "currency" field); say it once.
"""
    return only_available(text, available)


async def _ranked_pins(ctx: Context) -> list[tuple[float, Pin, list[str]]]:
    """Organic pins ranked by 90-day engagement rate ((saves + pin clicks + outbound clicks) / impressions)."""
    rt = runtime(ctx)
    pins = await rt.client.list_pins(limit=CANDIDATE_PINS)
    detailed = await rt.client.gather([partial(rt.client.get_pin, p.id, metrics=True) for p in pins])
    ranked: list[tuple[float, Pin, list[str]]] = []
    for pin in detailed:
        recent = (pin.pin_metrics or {}).get("90d") or {}
        impressions = recent.get("impression") or 0
        engaged = sum(recent.get(k) or 0 for k in ("save", "pin_click", "outbound_click"))
        goals, _ = promotable_goals(pin)
        rate = engaged / impressions if impressions else 0.0
        ranked.append((rate, pin, list(goals)))
    ranked.sort(key=lambda t: -t[0])
    return ranked


async def boost_best_pin(
    ctx: Context,
    budget: Annotated[
        str | None, Field(description="Budget in words, e.g. '20 USD a day for a week'")
    ] = None,
    ad_account_id: Annotated[str | None, Field(description="Ad account id, if known")] = None,
) -> str:
    """Find the organic pin with the best recent engagement and prepare a boost of it."""
    available = await _tools(ctx)
    ranked = await _ranked_pins(ctx)
    lines = [
        f'- pin {p.id} "{p.title or "(untitled)"}": engagement {rate * 100:.2f}% over 90 days; '
        f"goals {', '.join(goals) or 'none (not promotable)'}"
        for rate, p, goals in ranked[:SHOWN_PINS]
    ]
    best = next(((rate, p, goals) for rate, p, goals in ranked if goals), None)
    pick = (
        f'The best promotable pin is {best[1].id} ("{best[1].title or "(untitled)"}").'
        if best
        else "No pin can be promoted right now; explain why using `list_pins`."
    )
    account = f"ad account {ad_account_id}" if ad_account_id else "the ad account (see `list_ad_accounts`)"
    text = f"""Boost the organic pin with the best recent engagement in {account}.

Pins ranked by 90-day engagement rate (saves + clicks + outbound clicks per impression):
{chr(10).join(lines) or "- no pins found"}
{pick}

1. Confirm the pin with the person (show its title and why it is the best); `list_pins` has details.
2. Agree the budget ({budget or "ask for it: daily or lifetime, in the account currency"}), the goal the pin supports
   (traffic needs a link, video_views a video) and, if they want, a schedule and targeting (`audience_sizing`
   gives the reach of a targeting).
3. Call `boost_pin` with activate=false first if they are unsure; it returns a plan with the maximum spend.
4. Show the plan. Only after an explicit yes, call `confirm_action` with its confirmation_id.
{_missing({"boost_pin", "confirm_action"}, available)}"""
    return only_available(text, available)


async def fix_delivery(
    ctx: Context,
    ad_account_id: Annotated[str | None, Field(description="Ad account id, if known")] = None,
    campaign_ids: Annotated[
        str | None, Field(description="Comma-separated campaign ids to check; default every ACTIVE campaign")
    ] = None,
) -> str:
    """Walk through check_delivery's flags one by one and prepare the changes that fix them (each still confirmed)."""
    available = await _tools(ctx)
    args: dict[str, object] = {}
    if ad_account_id:
        args["ad_account_id"] = ad_account_id
    ids = [i.strip() for i in (campaign_ids or "").split(",") if i.strip()]
    if ids:
        args["campaign_ids"] = ids
    text = f"""Fix what keeps the Pinterest campaigns from delivering as planned.

1. Call `check_delivery` with {json.dumps(args)}. Each campaign has its budget, spend, "pace_percent",
   "projected_spend" and "flags"; each flag has a "fix": the tool and arguments that address it.
2. Take the flags in order of severity (critical, then warning, then info), one campaign at a time. For each,
   tell the person in one or two sentences what is wrong, what the numbers show, and what the fix would do.
3. Prepare a fix only when the person wants it, with the flag's "fix.tool" and "fix.arguments", completing what
   its note asks for (the new bid, budget or targeting). Typical fixes:
   - no_impressions: re-activate paused ads or ad groups with `update_status`.
   - bid_below_floor: raise the bid with `update_ad_group` to at least the floor named in the message.
   - under_delivery: size the audience with `audience_sizing`;
     then widen the targeting or raise the bid with `update_ad_group`.
   - overspend_risk (a lifetime budget runs out before the end date): raise it with `update_budget`;
     or end the campaign earlier with `update_campaign`.
   - ads_rejected: replace the creative with `add_ads`; the reasons are in the message.
   - conversion_tag_silent: the tag must be fixed on the website; pausing with `update_status` meanwhile stops
     spend that cannot be measured.
   - ended_with_budget_left: move the end date later with `update_campaign`, or leave it ended.
   A flag whose "fix" is null, or names a tool this server does not offer, is changed in Ads Manager: say what.
4. Changes that can raise spend come back as a plan with `status: "confirmation_required"` (or the person is
   asked directly). Show its summary; call `confirm_action` only after the person clearly says yes.
5. When done, call `check_delivery` again and report what is fixed and what is left.
{_missing({"update_status", "update_budget", "confirm_action"}, available)}"""
    return only_available(text, available)


def register(server: MCPServer) -> None:
    server.prompt(name="launch_campaign", title="Launch a campaign")(launch_campaign)
    server.prompt(name="weekly_report", title="Weekly report")(weekly_report)
    server.prompt(name="boost_best_pin", title="Boost the best pin")(boost_best_pin)
    server.prompt(name="fix_delivery", title="Fix delivery problems")(fix_delivery)
