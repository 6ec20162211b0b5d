"""Registers apply_label and remove_label (write tools: hidden in read-only mode)."""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer
from mcp_types import ToolAnnotations

from .labels import apply_label, remove_label


def register(server: MCPServer) -> None:
    server.add_tool(
        apply_label,
        annotations=ToolAnnotations(
            title="Apply label",
            read_only_hint=False,
            destructive_hint=False,
            idempotent_hint=True,
            open_world_hint=True,
        ),
    )
    server.add_tool(
        remove_label,
        annotations=ToolAnnotations(
            title="Remove label",
            read_only_hint=False,
            destructive_hint=True,
            idempotent_hint=True,
            open_world_hint=True,
        ),
    )
