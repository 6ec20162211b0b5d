"""A small JSON Schema -> hypothesis strategy converter for the subset pydantic emits for tool inputs:
``type`` (also lists), ``enum``/``const``, ``anyOf``/``oneOf``, local ``$ref`` into ``$defs``, objects
(``properties``, ``required``, ``additionalProperties``), arrays (``items``, ``minItems``/``maxItems``),
strings (``minLength``/``maxLength``/``pattern``/``format: date``), numbers (bounds), booleans, null.

``hints`` maps a property name to an extra strategy mixed in with the schema's own (e.g. real seed ids
for ``ad_account_id``), so random input also reaches past the first "not found".
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

MAX_ITEMS = 4  # keep generated lists small: the tools chunk big lists, fuzzing wants variety not volume
MAX_TEXT = 40


class SchemaStrategies:
    def __init__(self, root: dict[str, Any], hints: dict[str, st.SearchStrategy] | None = None) -> None:
        self.root = root
        self.defs = root.get("$defs", {})
        self.hints = hints or {}

    def for_root(self) -> st.SearchStrategy[dict[str, Any]]:
        return self.of(self.root)

    def of(self, schema: dict[str, Any], name: str | None = None) -> st.SearchStrategy[Any]:
        base = self._of(schema)
        if name in self.hints:
            return st.one_of(self.hints[name], base)
        return base

    def _of(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        if "$ref" in schema:
            ref = schema["$ref"]
            assert ref.startswith("#/$defs/"), ref
            return st.deferred(lambda: self._of(self.defs[ref.removeprefix("#/$defs/")]))
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            values = list(schema["enum"])
            types = schema.get("type")
            if isinstance(types, list) and "null" in types and None not in values:
                values.append(None)
            return st.sampled_from(values)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return st.one_of([self._of(s) for s in schema[key]])
        if "allOf" in schema and len(schema["allOf"]) == 1:
            return self._of(schema["allOf"][0])
        types = schema.get("type")
        if isinstance(types, list):
            return st.one_of([self._of({**schema, "type": t}) for t in types])
        if types is None:
            if "properties" in schema:
                types = "object"
            else:  # any JSON value
                return st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                                    lambda kids: st.lists(kids, max_size=3), max_leaves=5)
        return getattr(self, f"_{types}")(schema)

    def _null(self, schema: dict[str, Any]) -> st.SearchStrategy[None]:
        return st.none()

    def _boolean(self, schema: dict[str, Any]) -> st.SearchStrategy[bool]:
        return st.booleans()

    def _integer(self, schema: dict[str, Any]) -> st.SearchStrategy[int]:
        lo = schema.get("minimum", schema["exclusiveMinimum"] + 1 if "exclusiveMinimum" in schema else None)
        hi = schema.get("maximum", schema["exclusiveMaximum"] - 1 if "exclusiveMaximum" in schema else None)
        return st.integers(min_value=lo, max_value=hi)

    def _number(self, schema: dict[str, Any]) -> st.SearchStrategy[float]:
        return st.floats(min_value=schema.get("minimum", schema.get("exclusiveMinimum")),
                         max_value=schema.get("maximum", schema.get("exclusiveMaximum")),
                         exclude_min="exclusiveMinimum" in schema, exclude_max="exclusiveMaximum" in schema,
                         allow_nan=False, allow_infinity=False)

    def _string(self, schema: dict[str, Any]) -> st.SearchStrategy[str]:
        lo, hi = schema.get("minLength", 0), schema.get("maxLength")
        if "pattern" in schema:
            strategy = st.from_regex(schema["pattern"], fullmatch=True)
            if hi is not None or lo:
                strategy = strategy.filter(lambda s: lo <= len(s) <= (hi if hi is not None else len(s)))
            return strategy
        if schema.get("format") == "date":
            return st.dates().map(lambda d: d.isoformat())
        return st.text(min_size=lo, max_size=min(hi, MAX_TEXT) if hi is not None else MAX_TEXT)

    def _array(self, schema: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
        lo = schema.get("minItems", 0)
        hi = min(schema.get("maxItems", MAX_ITEMS), max(lo, MAX_ITEMS))
        return st.lists(self._of(schema.get("items", {})), min_size=lo, max_size=hi)

    def _object(self, schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        props = schema.get("properties", {})
        required = set(schema.get("required", ()))
        fixed = {k: self.of(v, k) for k, v in props.items() if k in required}
        optional = {k: self.of(v, k) for k, v in props.items() if k not in required}
        return st.fixed_dictionaries(fixed, optional=optional)
