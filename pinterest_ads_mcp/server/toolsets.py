"""Tool families (PINTEREST_ADS_TOOLSETS): offer only the tools a deployment needs.

Every tool belongs to exactly one family; a tool that belongs to none is offered always, and the
tests name it so it gets a family. ``confirm_action`` comes with either family that can spend.
"""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer

TOOLSETS: dict[str, frozenset[str]] = {
    "read": frozenset({"list_ad_accounts", "list_campaigns", "list_ad_groups", "list_ads", "list_pins",
                       "search_targeting", "get_action_log", "list_audiences"}),
    "launch": frozenset({"create_campaign", "boost_pin", "add_ads", "duplicate_campaign", "create_audience"}),
    "edit": frozenset({"update_status", "update_budget", "update_ad_group", "update_campaign", "manage_keywords",
                       "undo_action"}),
    "insights": frozenset({"get_analytics", "audience_sizing", "check_delivery"}),
    "labels": frozenset({"list_labels", "apply_label", "remove_label"}),
}
SPENDING = ("launch", "edit")  # families whose plans may need confirm_action


def family_of(tool: str) -> str | None:
    return next((name for name, tools in TOOLSETS.items() if tool in tools), None)


def offered(tool: str, chosen: list[str]) -> bool:
    """Whether the chosen families (all when none are chosen) include the tool."""
    if not chosen:
        return True
    if tool == "confirm_action":
        return any(f in chosen for f in SPENDING)
    family = family_of(tool)
    return family is None or family in chosen


def keep_toolsets(server: MCPServer, chosen: list[str]) -> None:
    """Remove the registered tools outside the chosen families (nothing when none are chosen)."""
    for tool in list(server._tool_manager.list_tools()):  # the SDK lists tools only this way
        if not offered(tool.name, chosen):
            server.remove_tool(tool.name)
