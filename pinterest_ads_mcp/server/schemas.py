"""Trim the tool schemas every client downloads on ``tools/list``.

Pydantic puts a ``title`` on every property and model ("Ad Account Id" next to ``ad_account_id``);
models gain nothing from them and they cost tokens in every conversation. Descriptions, types,
enums and bounds stay: they are what a model needs to call the tool right.
"""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import MCPServer

# Keys whose value is a map of names -> schemas (their keys are names, not keywords).
_SCHEMA_MAPS = ("properties", "$defs", "definitions", "patternProperties")
# Keys whose value is a schema or a list of schemas.
_SCHEMA_KEYS = ("items", "additionalProperties", "not", "anyOf", "oneOf", "allOf", "prefixItems")


def slim(schema: Any) -> Any:
    """A copy of a JSON schema without ``title`` keywords (property names called "title" survive)."""
    if isinstance(schema, list):
        return [slim(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "title" and isinstance(value, str):
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: slim(sub) for name, sub in value.items()}
        elif key in _SCHEMA_KEYS:
            out[key] = slim(value)
        else:
            out[key] = value
    return out


def slim_tool_schemas(server: MCPServer) -> None:
    """Replace every registered tool's input and output schema with its slim form, in place."""
    for tool in server._tool_manager.list_tools():  # the SDK offers no public hook for this
        tool.parameters = slim(tool.parameters)
        metadata = tool.fn_metadata
        if metadata.output_schema is not None:
            metadata.output_schema = slim(metadata.output_schema)
