"""Trim the tool schemas every client downloads on ``tools/list``.

The listing is paid for in tokens in every conversation, so it carries only what helps a model
call a tool right. Pydantic adds a ``title`` to every property and model ("Ad Account Id" beside
``ad_account_id``) and a ``default: null`` to every optional field; both go. Nullable fields stay
``anyOf: [{type: X}, {type: null}]``: the shorter ``type: [X, "null"]`` is legal but some clients
(those mapping schemas onto a single-``type`` dialect) reject it. Docstrings lose the indentation
Python keeps in them. Input schemas keep every description, enum
and bound; output schemas keep their field descriptions (units, meanings) but drop the model-level
ones, which are class docstrings written for this code's readers, not for a model.
"""

from __future__ import annotations

import inspect
from typing import Any

from mcp.server.mcpserver import MCPServer

# Keys whose value is a map of names -> schemas (their keys are names, not keywords).
_SCHEMA_MAPS = ("properties", "$defs", "definitions", "patternProperties")
# Keys whose value is a schema or a list of schemas.
_SCHEMA_KEYS = ("items", "additionalProperties", "not", "anyOf", "oneOf", "allOf", "prefixItems")


def slim(schema: Any, *, descriptions: bool = True) -> Any:
    """A smaller equivalent of a JSON schema (property names such as "title" are never touched).

    ``descriptions=False`` drops descriptions of object schemas (model docstrings) only.
    """
    if isinstance(schema, list):
        return [slim(s, descriptions=descriptions) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "title" and isinstance(value, str):
            continue
        if key == "description" and isinstance(value, str) and not descriptions and "properties" in schema:
            continue
        if key == "default" and value is None:
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: slim(sub, descriptions=descriptions) for name, sub in value.items()}
        elif key in _SCHEMA_KEYS:
            out[key] = slim(value, descriptions=descriptions)
        else:
            out[key] = value
    return out


def slim_tool_schemas(server: MCPServer) -> None:
    """Replace every registered tool's input and output schema with its slim form, in place."""
    for tool in server._tool_manager.list_tools():  # the SDK offers no public hook for this
        tool.description = inspect.cleandoc(tool.description or "")
        tool.parameters = slim(tool.parameters)
        metadata = tool.fn_metadata
        if metadata.output_schema is not None:
            metadata.output_schema = slim(metadata.output_schema, descriptions=False)
