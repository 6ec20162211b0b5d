"""Resources a model can read: ``pinterest-ads://accounts`` and ``pinterest-ads://guide``.

The accounts resource needs the server's Runtime, and the SDK only hands a Context to template
resources, so it is declared with an optional query variable (``{?refresh}``): reading the plain
``pinterest-ads://accounts`` URI matches it. The guide is static text.
"""

from __future__ import annotations

import json

from mcp.server.mcpserver import Context, MCPServer

from .support.runtime import runtime

ACCOUNTS_URI = "pinterest-ads://accounts"
GUIDE_URI = "pinterest-ads://guide"

GUIDE = """# Pinterest Ads tools: which one when

Money is always in the ad account's currency units ("30.00" USD), never micro-units; dates are ISO 8601 (UTC).
Reads are free to call. Anything that can spend (create_campaign, boost_pin, activating, raising a budget) is
checked against the operator's policy and needs a person's yes.

## Find things
- list_ad_accounts: start here; ids, names, currencies. ad_account_id can be left out when only one is usable.
- list_campaigns (statuses, campaign_ids, label), list_ad_groups, list_ads: the hierarchy, budgets, schedules.
- list_pins: organic pins that can be boosted, with the goals each supports.
- search_targeting: codes for interests, locations, regions, languages, ages, genders, devices; KEYWORD gives
  keyword ideas with monthly search volume (for manage_keywords).
- list_labels: the campaign labels (BRAND / CUSTOM) and where they are applied.
- list_audiences / create_audience (ACTALIKE, ENGAGEMENT, VISITOR): audiences to include or exclude with
  update_ad_group's targeting_changes (audiences / excluded_audiences).

## Measure
- get_analytics(level, start_date, end_date, ids?, granularity?, metrics?): spend, impressions, clicks, ctr, cpc,
  cpm, saves, outbound_clicks, engagement_rate, conversions, conversion_value, roas ... at account, campaign,
  ad_group or ad level. One table + totals; rates are computed from totals. Last 90 days: about one request per
  250 entities. Older or longer ranges (up to 914 days back) use Pinterest's async reports automatically: slower.
  Compare periods by calling it twice (e.g. last 7 days and the 7 before).
  breakdown= age | gender | country | region | device | placement | keyword | interest | targeting_type splits rows
  (account, campaign, ad_group; last 90 days); unbroken_totals and coverage show what Pinterest withheld.
  format="csv" puts every row in a pinterest-ads://exports/{id}.csv resource (24 hours) and keeps totals inline.
- check_delivery(campaign_ids?): pacing against budget and schedule, and flags (under-delivery, overspend risk, no
  impressions, rejected ads, bids under the floor, silent conversion tags, ended with budget left), each with the
  tool call that fixes it. About 7 requests for up to 250 campaigns.
- audience_sizing(targeting): monthly reach of a targeting before spending anything; shows the exact
  targeting_spec Pinterest gets. Same targeting shape as create_campaign and boost_pin.

## Change (spend-affecting: plan -> policy -> confirmation)
- create_campaign: campaign + ad group + ads in one go; created PAUSED unless activate=true.
- boost_pin: promote one organic pin quickly.
- update_status (ACTIVE/PAUSED/ARCHIVED), update_budget. Pausing, archiving and lowering budgets run at once.
- update_ad_group(ad_group_ids, targeting_changes?, bid?, schedule?, frequency_cap?, name?): targeting changes are
  merged (add/remove per dimension), never replace; the summary shows each field before -> after. A higher bid,
  a wider audience on a delivering ad group or a later end needs a yes; narrowing and lowering run at once.
- update_campaign(campaign_id, name?, schedule?): rename, move start or end (a later end needs a yes).
- manage_keywords(ad_group_id, add?, archive?): an ad group's search keywords; with neither it lists them.
- add_ads(ad_group_id, ads, activate?): ads from pin ids or image URLs (made into pins on a named board first);
  PAUSED unless activate. Swap a creative: add_ads, then update_status PAUSED on the old ad.
- duplicate_campaign(campaign_id, name?, changes?, activate?): copy with ad groups, ads and keywords, e.g.
  changes={"locations": ["DE"]}; PAUSED unless activate.
- confirm_action(confirmation_id): only after the person said yes to the shown summary.
- get_action_log: what was planned, confirmed and sent; results marked undoable can be reversed with
  undo_action(action_ref) (refused, showing the conflict, when the entity changed since).

## Organise (not spend-affecting, runs at once)
- apply_label(label, campaign_ids, label_type?): creates the label if needed; one BRAND and up to 30 CUSTOM
  labels per campaign (checked before sending); any number of campaigns (250 per request).
- remove_label(label, campaign_ids).

## Prompts
- launch_campaign, weekly_report, boost_best_pin, fix_delivery walk through the common jobs with these tools.
"""


def guide() -> str:
    """When to use which tool, what each costs, and the money/time conventions."""
    return GUIDE


async def accounts(ctx: Context, refresh: str | None = None) -> str:
    """The ad accounts this connection reaches: id, name, currency, country and whether policy allows it."""
    del refresh  # any value: the list is cached for the life of the server
    rt = runtime(ctx)
    listed = await rt.accounts()
    payload = {
        "environment": rt.environment,
        "default_ad_account_id": rt.default_ad_account_id,
        "accounts": [
            {
                "id": a.id,
                "name": a.name,
                "currency": a.currency,
                "country": a.country,
                "allowed": rt.policy.account_allowed(a.id),
            }
            for a in listed
        ],
    }
    return json.dumps(payload, separators=(",", ":"))


def register(server: MCPServer) -> None:
    server.resource(
        GUIDE_URI,
        name="guide",
        title="Tool guide",
        mime_type="text/markdown",
        description="When to use which Pinterest Ads tool, costs and conventions",
    )(guide)
    server.resource(
        ACCOUNTS_URI + "{?refresh}",
        name="accounts",
        title="Ad accounts",
        mime_type="application/json",
        description="Ad accounts this server can use, with currencies (read pinterest-ads://accounts)",
    )(accounts)
