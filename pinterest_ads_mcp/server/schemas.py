"""Trim the tool schemas every client downloads on ``tools/list``.

The listing is paid for in tokens in every conversation, so it carries only what helps a model
call a tool right. Pydantic adds a ``title`` to every property and model ("Ad Account Id" beside
``ad_account_id``) and a ``default: null`` to every optional field; both go. Nullable fields stay
``anyOf: [{type: X}, {type: null}]``: the shorter ``type: [X, "null"]`` is legal but some clients
(those mapping schemas onto a single-``type`` dialect) reject it. Docstrings lose the indentation
Python keeps in them. Input schemas keep every description, enum and bound, and an optional
property loses its ``null`` branch (leaving it out says the same). Output schemas keep types, enums
and required fields but no descriptions: they are for clients checking results, not for the model.
"""

from __future__ import annotations

import inspect
import json
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


def optional_not_null(schema: Any) -> Any:
    """Input schemas: a property that may be left out does not also need a ``null`` branch.

    ``{"anyOf": [X, {"type": "null"}]}`` becomes ``X`` for every property not in ``required`` (its
    description and other keys kept): leaving it out means the same, and the server still accepts
    an explicit null. Required properties keep their null branch.
    """
    if isinstance(schema, list):
        return [optional_not_null(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: optional_not_null(v) for k, v in schema.items()}
    props = out.get("properties")
    if isinstance(props, dict) and "properties" in schema:
        required = set(out.get("required") or [])
        for name, prop in props.items():
            branches = prop.get("anyOf") if isinstance(prop, dict) else None
            if name in required or not isinstance(branches, list) or _NULL not in branches:
                continue
            rest = [b for b in branches if b != _NULL]
            others = {k: v for k, v in prop.items() if k != "anyOf"}
            props[name] = {**rest[0], **others} if len(rest) == 1 else {"anyOf": rest, **others}
    return out


_NULL = {"type": "null"}


def slim_tool_schemas(server: MCPServer) -> None:
    """Replace every registered tool's input and output schema with its slim form, in place.

    Output schemas are for clients that check structured results, not for the model: they keep the
    top level's types, enums and required fields, no descriptions, and nested models are plain
    objects (the write tools share one ~3 KB result model, which was a third of every tools/list
    answer)."""
    for tool in server._tool_manager.list_tools():  # the SDK offers no public hook for this
        tool.description = inspect.cleandoc(tool.description or "")
        tool.parameters = optional_not_null(slim(tool.parameters))
        metadata = tool.fn_metadata
        if metadata.output_schema is not None:
            metadata.output_schema = _shallow(_no_descriptions(slim(metadata.output_schema, descriptions=False)))


def _shallow(schema: dict[str, Any]) -> dict[str, Any]:
    """Keep a result's top level typed and let nested models (a write's summary and steps, a listing's
    rows) be plain objects: the write tools share one result model, and nested shapes were most of
    every tools/list answer while no model reads them."""
    def flat(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return {"type": "object"}
            return {k: ({n: flat(v) for n, v in val.items()} if k in _SCHEMA_MAPS and isinstance(val, dict)
                        else flat(val)) for k, val in node.items()}
        if isinstance(node, list):
            return [flat(v) for v in node]
        return node

    return {k: flat(v) for k, v in schema.items() if k != "$defs"}


def _no_descriptions(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_no_descriptions(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    return {k: _no_descriptions(v) for k, v in schema.items()
            if not (k == "description" and isinstance(v, str))}


MODEL_VISIBLE = ("name", "description", "inputSchema")


def listing_bytes(listing: dict[str, Any]) -> tuple[int, int]:
    """(whole ``tools/list`` result, model-visible part: each tool's name, description and input
    schema) in bytes of compact JSON, for the context-budget benchmark and its test."""
    def size(obj: Any) -> int:
        return len(json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode())

    visible = sum(size({k: t[k] for k in MODEL_VISIBLE if k in t}) for t in listing["tools"])
    return size(listing), visible
