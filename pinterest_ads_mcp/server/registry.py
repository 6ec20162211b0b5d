"""Which tools, prompts and resources the server offers.

Read-only mode (PINTEREST_ADS_READ_ONLY) hides every write tool: a model cannot call what it
cannot see, and the guards refuse writes anyway. PINTEREST_ADS_TOOLSETS offers only some families
(server.toolsets).
"""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer

from ..guards.policy import SpendPolicy
from ..prompts import jobs
from ..tools import (
    accounts,
    actions,
    analytics,
    audience,
    audiences,
    boost,
    campaigns,
    changes,
    creatives,
    delivery,
    duplicate,
    edit_entities,
    entities,
    exports,
    guide,
    keyword_edits,
    label_writes,
    labels,
    pins,
    targeting,
    undo,
)
from .schemas import slim_tool_schemas
from .settings import Settings
from .toolsets import keep_toolsets

READ_MODULES = (accounts, entities, pins, targeting, analytics, exports, delivery, audience, labels, actions, guide)
WRITE_MODULES: tuple = (label_writes, campaigns, boost, changes, edit_entities, keyword_edits, creatives,
                        duplicate, undo, audiences, actions.confirmation)


def register_all(server: MCPServer, settings: Settings, policy: SpendPolicy) -> None:
    for module in READ_MODULES:
        module.register(server)
    audiences.register_read(server)
    actions.register_policy(server, policy, environment=settings.environment, confirmation=settings.ads_confirmation)
    if not settings.ads_read_only:
        for module in WRITE_MODULES:
            module.register(server)
    keep_toolsets(server, settings.ads_toolsets)
    jobs.register(server)  # prompts name only the tools registered above
    slim_tool_schemas(server)
