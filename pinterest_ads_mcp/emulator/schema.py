"""A tiny field checker for request bodies, written from the spec's request schemas.

The emulator cannot load the OpenAPI file at run time (it ships without it), so each route lists the
fields it accepts with their JSON type, nullability, enum and pattern. A body that breaks these is
malformed and the whole request gets a 400 that names the field, as Pinterest does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .http import invalid

ID = r"^\d+$"
ENTITY_STATUS = ("ACTIVE", "PAUSED", "ARCHIVED", "DRAFT", "DELETED_DRAFT")
OBJECTIVES = ("AWARENESS", "CONSIDERATION", "WEB_CONVERSION", "CATALOG_SALES", "VIDEO_COMPLETION")
ACTION_TYPES = ("CLICKTHROUGH", "IMPRESSION", "VIDEO_V_50_MRC")
BUDGET_TYPES = ("DAILY", "LIFETIME", "CBO_ADGROUP")
CREATIVE_TYPES = (
    "REGULAR",
    "VIDEO",
    "SHOPPING",
    "CAROUSEL",
    "MAX_VIDEO",
    "SHOP_THE_PIN",
    "COLLECTION",
    "IDEA",
    "SHOWCASE",
    "QUIZ",
    "COLLAGE",
    "MAX_WIDTH_REGULAR_COLLECTION",
    "MAX_WIDTH_VIDEO_COLLECTION",
)

_PY_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "num": (int, float),
    "bool": (bool,),
    "obj": (dict,),
    "list": (list,),
}


@dataclass(frozen=True)
class F:
    """One field: JSON kind (str|int|num|bool|obj|list|any) and the constraints the spec declares."""

    kind: str
    nullable: bool = False
    enum: tuple[Any, ...] | None = None
    pattern: str | None = None
    max_len: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    items: F | None = None
    min_items: int | None = None
    max_items: int | None = None
    props: dict[str, F] | None = None  # for objects: the declared properties whose values are checked


def check_value(value: Any, spec: F, name: str) -> None:
    """Raise a 400 naming ``name`` when ``value`` does not fit ``spec``."""
    if value is None:
        if spec.nullable or spec.kind == "any":
            return
        raise invalid(f"Invalid value for {name}: null is not allowed.")
    if spec.kind != "any":
        # A JSON true/false is a Python int too: only a bool field takes it.
        if not isinstance(value, _PY_TYPES[spec.kind]) or (spec.kind != "bool" and isinstance(value, bool)):
            raise invalid(
                f"Invalid value for {name}: expected {_KIND_NAMES[spec.kind]}, got {_json_type(value)}."
            )
    if spec.enum is not None and value not in spec.enum:
        allowed = ", ".join(str(item) for item in spec.enum if item is not None)
        raise invalid(f"Invalid value for {name}: {value!r} is not one of {allowed}.")
    if spec.pattern is not None and not re.search(spec.pattern, value):
        raise invalid(f"Invalid value for {name}: {value!r} does not match {spec.pattern}.")
    if spec.max_len is not None and len(value) > spec.max_len:
        raise invalid(f"Invalid value for {name}: longer than {spec.max_len} characters.")
    if spec.minimum is not None and value < spec.minimum:
        raise invalid(f"Invalid value for {name}: must be at least {spec.minimum}.")
    if spec.maximum is not None and value > spec.maximum:
        raise invalid(f"Invalid value for {name}: must be at most {spec.maximum}.")
    if spec.kind == "obj" and spec.props:
        for key, prop in spec.props.items():
            if key in value:
                check_value(value[key], prop, f"{name}.{key}")
    if spec.kind == "list":
        if spec.min_items is not None and len(value) < spec.min_items:
            raise invalid(f"Invalid value for {name}: needs at least {spec.min_items} items.")
        if spec.max_items is not None and len(value) > spec.max_items:
            raise invalid(f"Invalid value for {name}: allows at most {spec.max_items} items.")
        if spec.items is not None:
            for index, item in enumerate(value):
                check_value(item, spec.items, f"{name}[{index}]")


def check_object(body: Any, fields: dict[str, F], required: tuple[str, ...], where: str) -> dict[str, Any]:
    """Check one JSON object against ``fields``; unknown keys are ignored as Pinterest does."""
    if not isinstance(body, dict):
        raise invalid(f"Invalid value for {where}: expected an object, got {_json_type(body)}.")
    for name in required:
        if name not in body:
            raise invalid(f"Missing required field {where}.{name}.")
    for name, value in body.items():
        spec = fields.get(name)
        if spec is not None:
            check_value(value, spec, f"{where}.{name}")
    return body


def check_array(body: Any, what: str, max_items: int = 30) -> list[Any]:
    """A batch body: a JSON array of 1..max_items entries."""
    if not isinstance(body, list):
        raise invalid(f"Request body must be an array of {what} (got {_json_type(body)}).")
    if not 1 <= len(body) <= max_items:
        raise invalid(f"Request body must hold between 1 and {max_items} {what} (got {len(body)}).")
    return body


_KIND_NAMES = {
    "str": "a string",
    "int": "an integer",
    "num": "a number",
    "bool": "a boolean",
    "obj": "an object",
    "list": "an array",
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
