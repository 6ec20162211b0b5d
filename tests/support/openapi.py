"""Contract checks against Pinterest's official OpenAPI description (v5).

Every request our client sends and every response our emulator returns must validate against
``openapi.json`` from ``pinterest/api-description``. This module is the one place that knows how:

* :func:`spec_path` / :func:`load_spec` find and parse the spec once per process (it is 2 MB; it is
  never copied into this repository).
* :class:`ContractValidator` matches a URL to the spec's path templates and validates parameters,
  security, bodies and responses, returning human-readable violations (an empty list = valid).
* :class:`ValidatingTransport` wraps any ``httpx2`` async transport and records every exchange and
  every violation without altering the traffic.
* :func:`session_validator` gives the validator tests use: a :class:`ContractValidator` when the spec
  is there, else a :class:`NoSpecValidator` that lets everything through. The contract check is an
  extra layer on top of a test's own assertions, so without the spec the tests still run and assert
  behaviour; only what needs the spec itself (its paths, schemas, enums) is unavailable.

Why not openapi-core? It is fast enough on this spec, but it stops at the first error, does not flag
unknown query parameters or undeclared body properties, parses form bodies and ``explode: false``
arrays loosely, and cannot express "known off-spec route". This validator is path-template matching
plus ``jsonschema`` with the OpenAPI 3.0 dialect from ``openapi-schema-validator`` (``nullable``,
``readOnly``/``writeOnly``), with ``$ref`` resolved through a ``referencing`` registry holding the
whole spec, so one compiled validator per schema location serves the whole session.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import httpx2
from jsonschema import _keywords as js_keywords
from jsonschema.exceptions import ValidationError
from jsonschema.validators import extend
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator
from openapi_schema_validator._format import oas30_format_checker
from referencing import Registry, Resource

__all__ = [
    "DEFAULT_SPEC_PATH",
    "FORM_EXTRA_FIELDS",
    "OFF_SPEC_ROUTES",
    "SPEC_ENV_VAR",
    "ContractValidator",
    "Exchange",
    "NoSpecValidator",
    "OffSpecRoute",
    "RouteMatch",
    "ValidatingTransport",
    "Violations",
    "assert_no_violations",
    "format_report",
    "load_spec",
    "session_validator",
    "spec_path",
]

SPEC_ENV_VAR = "PINTEREST_OPENAPI_SPEC"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SPEC_PATH = REPO_ROOT.parent / "shared" / "pinterest-openapi" / "openapi.json"
SPEC_URI = "urn:pinterest-openapi-v5"

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_MAX_MESSAGE = 400


# --------------------------------------------------------------------------------------------------
# Finding and loading the spec


def spec_path() -> Path | None:
    """The spec file: ``$PINTEREST_OPENAPI_SPEC`` if set, else ``../shared/...`` beside the repo.

    The default is computed from this file's location (not the CWD) so pytest can run from anywhere.
    Returns None when the file does not exist, so callers can skip with a clear reason.
    """
    configured = os.environ.get(SPEC_ENV_VAR)
    path = Path(configured).expanduser() if configured else DEFAULT_SPEC_PATH
    return path if path.is_file() else None


def load_spec() -> dict[str, Any]:
    """The parsed spec, read once per process (cached per resolved path)."""
    path = spec_path()
    if path is None:
        raise FileNotFoundError(SPEC_MISSING)
    return _load_spec_file(str(path.resolve()))


SPEC_MISSING = (
    "Pinterest OpenAPI spec not found: set PINTEREST_OPENAPI_SPEC or place it at "
    "../shared/pinterest-openapi/openapi.json"
)


@lru_cache(maxsize=2)
def _load_spec_file(path: str) -> dict[str, Any]:
    with open(path, "rb") as handle:
        spec: dict[str, Any] = json.load(handle)
    return spec


# --------------------------------------------------------------------------------------------------
# Routes we use on purpose although the spec does not describe them


@dataclass(frozen=True)
class OffSpecRoute:
    """A route we call or serve deliberately although the spec lacks it, and why."""

    method: str
    pattern: str  # regex, full match against the URL path (after the /v5 prefix when ``under_v5``)
    under_v5: bool
    reason: str

    def matches(self, method: str, path: str, under_v5: bool) -> bool:
        return (
            self.under_v5 == under_v5
            and self.method == method.upper()
            and re.fullmatch(self.pattern, path) is not None
        )


# Keep this list short and explained: anything here is exempt from the contract.
OFF_SPEC_ROUTES: tuple[OffSpecRoute, ...] = (
    # Pinterest's labels guide documents applying/removing a label to up to 250 entities
    # (`entity_ids`), which the v5.23.0 spec does not describe (it only has POST/GET/PATCH .../labels).
    # DESIGN.md: support what the guide describes.
    OffSpecRoute(
        "POST",
        r"/ad_accounts/\d+/labels/[^/]+/apply",
        True,
        "labels guide: apply a label to entities (not in the spec)",
    ),
    OffSpecRoute(
        "POST",
        r"/ad_accounts/\d+/labels/[^/]+/remove",
        True,
        "labels guide: remove a label from entities (not in the spec)",
    ),
    # The OAuth authorize page is a browser page on www.pinterest.com, not an API operation; the spec
    # only names it as the oauth2 flow's authorizationUrl.
    OffSpecRoute("GET", r"(?:/.*)?/oauth/?", False, "OAuth authorize page (browser, not under /v5)"),
    # Async reports hand back a download URL for a file on a CDN (the emulator serves it under
    # /_downloads/); it is not an API operation.
    OffSpecRoute("GET", r"/_downloads/.+", False, "report download URL (file, not an API operation)"),
)

# Form fields the spec does not declare but Pinterest requires: apps created before 2025-09-25 must
# send `continuous_refresh=true` to POST /oauth/token to get a continuous (60-day, renewable) refresh
# token; the spec's description says so, but OauthAccessTokenRequest has no such property.
FORM_EXTRA_FIELDS: Mapping[tuple[str, str], frozenset[str]] = {
    ("POST", "/oauth/token"): frozenset({"continuous_refresh"}),
}


# --------------------------------------------------------------------------------------------------
# Results


class Violations(list[str]):
    """Human-readable contract violations (empty = valid).

    ``off_spec`` is the reason when the route is a known, allowed off-spec route (then the list is
    empty); ``operation`` is ``"METHOD /template"`` when the URL matched a spec operation.
    """

    off_spec: str | None = None
    operation: str | None = None


class Param(NamedTuple):
    name: str
    location: str
    required: bool
    pointer: str  # JSON pointer to the parameter's schema in the spec
    schema: Mapping[str, Any]  # the schema with top-level $ref resolved
    style: str
    explode: bool


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    template: str
    pointer: str  # JSON pointer to the operation object
    op: Mapping[str, Any]
    params: Mapping[tuple[str, str], Param]  # (location, name) -> Param

    @property
    def label(self) -> str:
        return f"{self.method} {self.template}"


@dataclass(frozen=True)
class RouteMatch:
    """What a (method, URL) is: a spec operation with its path params, an off-spec route, or an error."""

    operation: Operation | None = None
    path_params: Mapping[str, str] = field(default_factory=dict)
    off_spec: str | None = None
    error: str | None = None
    path: str = ""


class _Template(NamedTuple):
    template: str
    regex: re.Pattern[str]
    literal_segments: int
    names: tuple[str, ...]


# --------------------------------------------------------------------------------------------------
# JSON Schema dialect: OpenAPI 3.0 with nullable on any keyword, and discriminators that pick the
# mapped schema (falling back to plain oneOf/anyOf when the value is not in the mapping).

_local = threading.local()


def _nullable_aware(fn: Callable[..., Iterator[ValidationError]]) -> Callable[..., Iterator[ValidationError]]:
    """``nullable: true`` makes ``null`` valid for the whole schema object, whatever else it says.

    That is how Pinterest uses it (e.g. next to ``allOf: [$ref]`` or ``enum``), and how clients read it.
    """

    def keyword(validator: Any, value: Any, instance: Any, schema: Mapping[str, Any]) -> Iterator[ValidationError]:
        if instance is None and schema.get("nullable") is True:
            return
        yield from fn(validator, value, instance, schema)

    return keyword


def _mapped_ref(schema: Mapping[str, Any], instance: Any) -> str | None:
    discriminator = schema.get("discriminator")
    if not isinstance(discriminator, Mapping) or not isinstance(instance, Mapping):
        return None
    value = instance.get(discriminator.get("propertyName", ""))
    if not isinstance(value, str):
        return None
    ref = discriminator.get("mapping", {}).get(value)
    return ref if isinstance(ref, str) else None


def _combinator(plain: Callable[..., Iterator[ValidationError]]) -> Callable[..., Iterator[ValidationError]]:
    def keyword(validator: Any, value: Any, instance: Any, schema: Mapping[str, Any]) -> Iterator[ValidationError]:
        ref = _mapped_ref(schema, instance)
        if ref is None:
            yield from plain(validator, value, instance, schema)
        else:
            yield from validator.descend(instance, {"$ref": ref})

    return keyword


def _discriminator(validator: Any, value: Any, instance: Any, schema: Mapping[str, Any]) -> Iterator[ValidationError]:
    """A discriminator on a base schema (no oneOf/anyOf): also validate the mapped sub-schema."""
    if "oneOf" in schema or "anyOf" in schema:
        return  # handled by the combinator
    ref = _mapped_ref(schema, instance)
    if ref is None:
        return
    active: set[tuple[int, str]] = getattr(_local, "active", set())
    _local.active = active
    key = (id(instance), ref)
    if key in active:  # a mapped schema that allOf's its base would loop
        return
    active.add(key)
    try:
        yield from validator.descend(instance, {"$ref": ref})
    finally:
        active.discard(key)


def _dialect(base: Any, resolve: Callable[[str], Any]) -> Any:
    """``base`` with nullable-aware keywords, discriminator handling and a memoised local ``$ref``.

    Every ``$ref`` in the spec is local (``#/components/...``) and no schema sets an ``id``, so the
    base URI never changes: resolving from a dict beats a ``referencing`` pointer walk per use (a
    25-item campaign page does ~4,000 lookups). Anything non-local falls back to jsonschema's own.
    """

    def ref(validator: Any, value: Any, instance: Any, schema: Mapping[str, Any]) -> Iterator[ValidationError]:
        if isinstance(value, str) and value.startswith("#/"):
            yield from validator.descend(instance, resolve(value))
        else:
            yield from js_keywords.ref(validator, value, instance, schema)

    keywords = {name: _nullable_aware(fn) for name, fn in base.VALIDATORS.items()}
    keywords["$ref"] = _nullable_aware(ref)
    keywords["oneOf"] = _nullable_aware(_combinator(js_keywords.oneOf))
    keywords["anyOf"] = _nullable_aware(_combinator(js_keywords.anyOf))
    keywords["allOf"] = _nullable_aware(js_keywords.allOf)
    keywords["discriminator"] = _nullable_aware(_discriminator)
    return extend(base, keywords)


def _pointer(*segments: str) -> str:
    return "".join("/" + s.replace("~", "~0").replace("/", "~1") for s in segments)


def _ref_pointer(ref: str) -> str:
    """The JSON pointer of a local ``#/...`` reference (already escaped, as the spec writes it)."""
    return ref[1:]


def _short(text: str, limit: int = _MAX_MESSAGE) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _json_path(path: Iterable[Any]) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _brief(instance: Any) -> str:
    if isinstance(instance, list):
        return f"array of {len(instance)} item(s)"
    if isinstance(instance, dict):
        return _short(f"object with keys {', '.join(map(str, instance))}", 120)
    return _short(repr(instance), 120)


def _describe(error: ValidationError) -> str:
    where = _json_path(error.absolute_path)
    message = error.message
    shown = repr(error.instance)
    if len(shown) > 60 and message.startswith(shown):  # "<huge repr> is too long": keep the verdict
        message = _brief(error.instance) + message[len(shown) :]
    if error.context:
        # oneOf/anyOf: name the branch error that got furthest, not just "not valid under any".
        deepest = max(error.context, key=lambda e: (len(e.absolute_path), -len(e.message)))
        message = f"{_brief(error.instance)} matches no alternative; closest: " + (
            f"{_json_path(deepest.absolute_path)}: {deepest.message}"
        )
    return _short(f"{where}: {message}")


# --------------------------------------------------------------------------------------------------
# The validator


class ContractValidator:
    """Validates requests and responses against the spec. Build once per session and share it."""

    def __init__(self, spec: Mapping[str, Any], *, undeclared_properties: bool = True) -> None:
        """``undeclared_properties``: also flag JSON/form properties no schema in scope declares.

        JSON Schema allows them (Pinterest's schemas rarely say ``additionalProperties: false``), but a
        property the spec does not know is a typo on our side or an invention of the emulator.
        """
        self.spec = spec
        self.undeclared_properties = undeclared_properties
        self._registry: Registry[Any] = Registry().with_resource(SPEC_URI, Resource.opaque(spec))
        self._refs: dict[str, Any] = {}
        self._request_cls = _dialect(OAS30WriteValidator, self._cached_ref)  # readOnly must not be sent
        self._response_cls = _dialect(OAS30ReadValidator, self._cached_ref)  # writeOnly must not come back
        self._validators: dict[tuple[str, bool], Any] = {}
        self._templates: dict[int, list[_Template]] = {}
        self._operations: dict[tuple[str, str], Operation] = {}
        self._build()

    # ---- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        for template, item in self.spec.get("paths", {}).items():
            names = tuple(re.findall(r"{([^}/]+)}", template))
            regex = re.compile("^" + re.sub(r"\\{[^}/]+\\}", "([^/]+)", re.escape(template)) + "$")
            segments = template.strip("/").split("/")
            literal = sum(1 for s in segments if "{" not in s)
            self._templates.setdefault(len(segments), []).append(_Template(template, regex, literal, names))
            shared = item.get("parameters", [])
            for method in _METHODS:
                op = item.get(method)
                if op is None:
                    continue
                op_pointer = _pointer("paths", template, method)
                params: dict[tuple[str, str], Param] = {}
                for index, raw in enumerate(shared):
                    param = self._param(raw, _pointer("paths", template, "parameters", str(index)))
                    params[(param.location, param.name)] = param
                for index, raw in enumerate(op.get("parameters", [])):
                    param = self._param(raw, op_pointer + _pointer("parameters", str(index)))
                    params[(param.location, param.name)] = param
                self._operations[(method.upper(), template)] = Operation(
                    method.upper(), template, op_pointer, op, params
                )
        for group in self._templates.values():
            group.sort(key=lambda t: -t.literal_segments)  # concrete paths win over templated ones

    def _param(self, raw: Mapping[str, Any], pointer: str) -> Param:
        if "$ref" in raw:
            pointer = _ref_pointer(raw["$ref"])
            raw = self.resolve(raw["$ref"])
        location = raw["in"]
        style = raw.get("style", "form" if location in ("query", "cookie") else "simple")
        return Param(
            name=raw["name"],
            location=location,
            required=bool(raw.get("required", location == "path")),
            pointer=pointer + "/schema",
            schema=self.resolve_schema(raw.get("schema", {})),
            style=style,
            explode=bool(raw.get("explode", style == "form")),
        )

    def resolve(self, ref: str) -> Any:
        """The object a local ``#/...`` reference points to."""
        node: Any = self.spec
        for segment in ref.lstrip("#").split("/")[1:]:
            node = node[segment.replace("~1", "/").replace("~0", "~")]
        return node

    def _cached_ref(self, ref: str) -> Any:
        try:
            return self._refs[ref]
        except KeyError:
            target = self._refs[ref] = self.resolve(ref)
            return target

    def resolve_schema(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        while isinstance(schema, Mapping) and "$ref" in schema:
            schema = self.resolve(schema["$ref"])
        return schema

    def _schema_validator(self, pointer: str, *, request: bool) -> Any:
        key = (pointer, request)
        validator = self._validators.get(key)
        if validator is None:
            cls = self._request_cls if request else self._response_cls
            ref = SPEC_URI + "#" + quote(pointer, safe="/~")  # the spec is the base for any $ref
            validator = cls({"$ref": ref}, registry=self._registry, format_checker=oas30_format_checker)
            self._validators[key] = validator
        return validator

    def _check_schema(self, pointer: str, instance: Any, *, request: bool, where: str) -> list[str]:
        validator = self._schema_validator(pointer, request=request)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
        # allOf chains report the same failure once per branch; say it once.
        return list(dict.fromkeys(f"{where}: {_describe(e)}" for e in errors))

    # ---- routing -------------------------------------------------------------------------------

    def match(self, method: str, url: str) -> RouteMatch:
        """Map a URL on any host to a spec operation; ``/v5`` anywhere in the path is the API base."""
        method = method.upper()
        raw_path = urlsplit(url).path or "/"
        base = re.search(r"/v5(?=/|$)", raw_path)
        if base is None:
            for route in OFF_SPEC_ROUTES:
                if route.matches(method, raw_path, under_v5=False):
                    return RouteMatch(off_spec=route.reason, path=raw_path)
            return RouteMatch(error=f"URL path {raw_path!r} is not under the /v5 API base", path=raw_path)
        path = raw_path[base.end() :] or "/"
        candidates = [
            (t, m) for t in self._templates.get(len(path.strip("/").split("/")), []) if (m := t.regex.match(path))
        ]
        for template, found in candidates:
            operation = self._operations.get((method, template.template))
            if operation is not None:
                params = {n: unquote(v) for n, v in zip(template.names, found.groups(), strict=True)}
                return RouteMatch(operation=operation, path_params=params, path=path)
        for route in OFF_SPEC_ROUTES:
            if route.matches(method, path, under_v5=True):
                return RouteMatch(off_spec=route.reason, path=path)
        if candidates:
            allowed = sorted(m for (m, t) in self._operations if t == candidates[0][0].template)
            return RouteMatch(
                error=f"{method} is not an operation of {candidates[0][0].template} (spec has {', '.join(allowed)})",
                path=path,
            )
        return RouteMatch(error=f"no path in the spec matches {path!r}", path=path)

    # ---- requests ------------------------------------------------------------------------------

    def validate_request(
        self,
        method: str,
        url: str,
        *,
        query: Sequence[tuple[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        content_type: str | None = None,
    ) -> Violations:
        """Violations of one request. ``query`` defaults to the URL's query string (repeated keys kept)."""
        result = Violations()
        route = self.match(method, url)
        if route.off_spec is not None:
            result.off_spec = route.off_spec
            return result
        if route.operation is None:
            result.append(f"route: {route.error}")
            return result
        operation = route.operation
        result.operation = operation.label
        if query is None:
            query = parse_qsl(urlsplit(url).query, keep_blank_values=True)
        headers = _lower_keys(headers or {})
        if content_type is None:
            content_type = headers.get("content-type")
        result += self._check_path_params(operation, route.path_params)
        result += self._check_query(operation, query)
        result += self._check_header_params(operation, headers)
        result += self._check_security(operation, headers)
        result += self._check_request_body(operation, body, content_type)
        return result

    def _check_path_params(self, operation: Operation, values: Mapping[str, str]) -> list[str]:
        out: list[str] = []
        for name, value in values.items():
            param = operation.params.get(("path", name))
            if param is None:
                out.append(f"path parameter {name!r} is not declared")
                continue
            out += self._check_value(param, [value], f"path parameter {name!r}")
        return out

    def _check_query(self, operation: Operation, query: Sequence[tuple[str, str]]) -> list[str]:
        out: list[str] = []
        given: dict[str, list[str]] = {}
        deep: dict[str, dict[str, str]] = {}
        for key, value in query:
            bracket = re.fullmatch(r"([^\[\]]+)\[([^\[\]]*)\]", key)
            if bracket and ("query", bracket.group(1)) in operation.params:
                deep.setdefault(bracket.group(1), {})[bracket.group(2)] = value
            else:
                given.setdefault(key, []).append(value)
        declared = {name for (location, name) in operation.params if location == "query"}
        for name in sorted(set(given) - declared):
            out.append(
                f"query parameter {name!r} is not declared (declared: {', '.join(sorted(declared)) or 'none'})"
            )
        for (location, name), param in operation.params.items():
            if location != "query":
                continue
            if name in deep:
                if param.style != "deepObject":
                    out.append(f"query parameter {name!r}: bracket syntax used but style is {param.style}")
                out += self._check_schema(param.pointer, deep[name], request=True, where=f"query {name!r}")
            elif name in given:
                out += self._check_value(param, given[name], f"query parameter {name!r}")
            elif param.required:
                out.append(f"required query parameter {name!r} is missing")
        return out

    def _check_header_params(self, operation: Operation, headers: Mapping[str, str]) -> list[str]:
        out: list[str] = []
        for (location, name), param in operation.params.items():
            if location != "header":
                continue
            value = headers.get(name.lower())
            if value is None:
                if param.required:
                    out.append(f"required header {name!r} is missing")
                continue
            out += self._check_value(param, [value], f"header {name!r}")
        return out

    def _check_value(self, param: Param, raw: list[str], where: str) -> list[str]:
        """Deserialise string(s) per the parameter's style and type, then validate the schema."""
        schema = param.schema
        value: Any
        if schema.get("type") == "array":
            if param.location == "query" and param.explode:
                items = raw  # ?a=1&a=2
            else:
                if len(raw) > 1:
                    return [f"{where}: given {len(raw)} times; this array is comma-separated (explode: false)"]
                items = raw[0].split(",") if raw[0] != "" else []
            item_schema = self.resolve_schema(schema.get("items", {}))
            value, problems = [], []
            for index, item in enumerate(items):
                converted, problem = _coerce(item, item_schema)
                value.append(converted)
                if problem:
                    problems.append(f"{where}[{index}]: {problem}")
            if problems:
                return problems
        else:
            if len(raw) > 1:
                return [f"{where}: given {len(raw)} times but is not an array"]
            value, problem = _coerce(raw[0], schema)
            if problem:
                return [f"{where}: {problem}"]
        return self._check_schema(param.pointer, value, request=True, where=where)

    def _check_security(self, operation: Operation, headers: Mapping[str, str]) -> list[str]:
        requirements = operation.op.get("security", self.spec.get("security"))
        if not requirements or any(not alternative for alternative in requirements):
            return []
        schemes = self.spec.get("components", {}).get("securitySchemes", {})
        wanted: list[str] = []
        for alternative in requirements:
            names = list(alternative)
            if all(_satisfies(schemes.get(n, {}), headers.get("authorization")) for n in names):
                return []
            wanted.append(" + ".join(f"{n} ({_scheme_word(schemes.get(n, {}))})" for n in names))
        given = headers.get("authorization")
        shown = "missing" if given is None else f"{given.split(' ', 1)[0]!r} scheme"
        return [f"security: Authorization header {shown}; expected one of: {'; '.join(wanted)}"]

    def _check_request_body(self, operation: Operation, body: bytes | None, content_type: str | None) -> list[str]:
        spec_body = operation.op.get("requestBody")
        base = operation.pointer + _pointer("requestBody")
        if spec_body is not None and "$ref" in spec_body:
            base = _ref_pointer(spec_body["$ref"])
            spec_body = self.resolve(spec_body["$ref"])
        if not body:
            if spec_body and spec_body.get("required"):
                return ["body: required request body is missing"]
            return []
        if spec_body is None:
            return [f"body: {operation.label} takes no request body, got {len(body)} bytes"]
        media = _media_type(content_type)
        content = spec_body.get("content", {})
        if media not in content:
            return [f"body: content type {media or 'missing'!r} not allowed; expected {', '.join(content)}"]
        pointer = base + _pointer("content", media, "schema")
        if media == "application/json" or media.endswith("+json"):
            try:
                instance = json.loads(body)
            except ValueError as exc:
                return [f"body: not valid JSON ({exc})"]
            out = self._check_schema(pointer, instance, request=True, where="body")
            if self.undeclared_properties:
                out += [f"body: {p}" for p in self._undeclared(content[media].get("schema", {}), instance)]
            return out
        if media == "application/x-www-form-urlencoded":
            return self._check_form(operation, pointer, content[media].get("schema", {}), body)
        return []  # other media types (multipart, binary) are not used by our client

    def _check_form(self, operation: Operation, pointer: str, schema: Mapping[str, Any], body: bytes) -> list[str]:
        out: list[str] = []
        try:
            pairs = parse_qsl(body.decode("ascii"), keep_blank_values=True, strict_parsing=True)
        except (UnicodeDecodeError, ValueError) as exc:
            return [f"body: not a valid form-urlencoded body ({exc})"]
        fields: dict[str, Any] = {}
        declared = self._declared_properties([schema], {k: v for k, v in pairs})
        extras = FORM_EXTRA_FIELDS.get((operation.method, operation.template), frozenset())
        for key, value in pairs:
            if key in fields:
                out.append(f"body: form field {key!r} given more than once")
            prop = self.resolve_schema(declared[key][0]) if declared.get(key) else {}
            fields[key], problem = _coerce(value, prop)
            if problem:
                out.append(f"body: form field {key!r}: {problem}")
        # Extra, explained fields are removed before schema validation so no schema sees them.
        checked = {k: v for k, v in fields.items() if k not in extras}
        out += self._check_schema(pointer, checked, request=True, where="body")
        if self.undeclared_properties:
            out += [f"body: {p}" for p in self._undeclared(schema, checked)]
        return out

    # ---- responses -----------------------------------------------------------------------------

    def validate_response(
        self,
        method: str,
        url: str,
        status: int,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
        content_type: str | None = None,
    ) -> Violations:
        """Violations of one response to ``method url`` (status, content type, body schema)."""
        result = Violations()
        route = self.match(method, url)
        if route.off_spec is not None:
            result.off_spec = route.off_spec
            return result
        if route.operation is None:
            result.append(f"route: {route.error}")
            return result
        operation = route.operation
        result.operation = operation.label
        responses = operation.op.get("responses", {})
        key = next((k for k in (str(status), f"{str(status)[0]}XX", "default") if k in responses), None)
        if key is None:
            result.append(f"status {status} is not documented (documented: {', '.join(responses)})")
            return result
        response = responses[key]
        base = operation.pointer + _pointer("responses", key)
        if "$ref" in response:  # a shared response under components: its schema is validated there
            base = _ref_pointer(response["$ref"])
            response = self.resolve(response["$ref"])
        content = response.get("content") or {}
        if content_type is None:
            content_type = _lower_keys(headers or {}).get("content-type")
        if not content:
            if body:
                result.append(f"status {status}: spec documents no body, got {len(body)} bytes")
            return result
        media = _media_type(content_type)
        if media not in content:
            result.append(f"status {status}: content type {media or 'missing'!r} not documented; expected {', '.join(content)}")
            return result
        if not body:
            result.append(f"status {status}: empty body, spec documents {media}")
            return result
        try:
            instance = json.loads(body)
        except ValueError as exc:
            result.append(f"status {status}: body is not valid JSON ({exc})")
            return result
        pointer = base + _pointer("content", media, "schema")
        where = f"response {status}" + ("" if key == str(status) else f" (as {key!r})")
        result += self._check_schema(pointer, instance, request=False, where=where)
        if self.undeclared_properties:
            result += [f"{where}: {p}" for p in self._undeclared(content[media].get("schema", {}), instance)]
        return result

    # ---- undeclared properties -----------------------------------------------------------------

    def _flatten(self, schemas: Iterable[Mapping[str, Any]], instance: Any) -> list[Mapping[str, Any]]:
        """Every schema object that applies at this level: $ref, allOf, oneOf/anyOf (discriminated)."""
        out: list[Mapping[str, Any]] = []
        seen: set[int] = set()
        stack = list(schemas)
        while stack:
            schema = self.resolve_schema(stack.pop())
            if not isinstance(schema, Mapping) or id(schema) in seen:
                continue
            seen.add(id(schema))
            out.append(schema)
            stack.extend(schema.get("allOf", []))
            ref = _mapped_ref(schema, instance)
            if ref is not None:
                stack.append({"$ref": ref})
            else:
                stack.extend(schema.get("oneOf", []))
                stack.extend(schema.get("anyOf", []))
        return out

    def _declared_properties(
        self, schemas: Iterable[Mapping[str, Any]], instance: Any
    ) -> dict[str, list[Mapping[str, Any]]] | None:
        """Property name -> schemas declaring it; None when the object is open (free-form or a map)."""
        flat = self._flatten(schemas, instance)
        declared: dict[str, list[Mapping[str, Any]]] = {}
        closed = False
        for schema in flat:
            if schema.get("additionalProperties", False) not in (False, None):
                return None
            if "properties" in schema:
                closed = True
                for name, prop in schema["properties"].items():
                    declared.setdefault(name, []).append(prop)
        return declared if closed else None

    def _undeclared(self, schema: Mapping[str, Any], instance: Any, path: str = "$") -> list[str]:
        return self._undeclared_in([schema], instance, path)

    def _undeclared_in(self, schemas: list[Mapping[str, Any]], instance: Any, path: str) -> list[str]:
        out: list[str] = []
        if isinstance(instance, dict):
            declared = self._declared_properties(schemas, instance)
            if declared is None:
                return out
            for key, value in instance.items():
                if key not in declared:
                    names = ", ".join(sorted(declared))
                    out.append(_short(f"{path}: undeclared property {key!r} (schema declares: {names})", 300))
                else:
                    out += self._undeclared_in(declared[key], value, f"{path}.{key}")
        elif isinstance(instance, list):
            items = [s["items"] for s in self._flatten(schemas, instance) if "items" in s]
            if items:
                for index, value in enumerate(instance):
                    out += self._undeclared_in(items, value, f"{path}[{index}]")
        return out


# --------------------------------------------------------------------------------------------------
# Small helpers


def _lower_keys(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


_INT = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def _coerce(raw: str, schema: Mapping[str, Any]) -> tuple[Any, str | None]:
    """A query/path/form string as the JSON value its schema type wants (or the problem)."""
    kind = schema.get("type")
    if kind == "integer":
        return (int(raw), None) if _INT.fullmatch(raw) else (raw, f"{raw!r} is not an integer")
    if kind == "number":
        return (float(raw), None) if _NUMBER.fullmatch(raw) else (raw, f"{raw!r} is not a number")
    if kind == "boolean":
        if raw in ("true", "false"):
            return raw == "true", None
        return raw, f"{raw!r} is not a boolean (true|false)"
    return raw, None


def _satisfies(scheme: Mapping[str, Any], authorization: str | None) -> bool:
    if not authorization:
        return False
    word, _, credentials = authorization.partition(" ")
    credentials = credentials.strip()
    if scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "basic":
        if word.lower() != "basic" or not credentials:
            return False
        try:
            return ":" in base64.b64decode(credentials, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
    # oauth2 flows and http bearer both travel as a bearer token
    return word.lower() == "bearer" and bool(credentials)


def _scheme_word(scheme: Mapping[str, Any]) -> str:
    if scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "basic":
        return "Basic client_id:client_secret"
    return "Bearer token"


# --------------------------------------------------------------------------------------------------
# Without the spec


class NoSpecValidator:
    """Stands in for :class:`ContractValidator` when the spec is absent: every exchange passes.

    ``validate_request``/``validate_response`` answer "no violation" (the traffic is still carried, so
    the test's own assertions still run). Anything that needs the spec itself (``spec``, ``match``,
    ``resolve``, ...) calls ``unavailable(name)``, which the test suite makes a skip naming the reason.
    """

    def __init__(self, unavailable: Callable[[str], Any]) -> None:
        self._unavailable = unavailable

    def validate_request(self, method: str, url: str, **_: Any) -> Violations:
        return Violations()

    def validate_response(self, method: str, url: str, status: int, **_: Any) -> Violations:
        return Violations()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._unavailable(name)


def _raise_missing(name: str) -> Any:
    raise FileNotFoundError(f"{SPEC_MISSING} (needed for {name!r})")


def session_validator(unavailable: Callable[[str], Any] = _raise_missing) -> ContractValidator | NoSpecValidator:
    """The validator for a test run: the real one when the spec is there, else a no-op stand-in."""
    path = spec_path()
    if path is None:
        return NoSpecValidator(unavailable)
    return _validator_for(str(path.resolve()))


@lru_cache(maxsize=2)
def _validator_for(path: str) -> ContractValidator:
    """One validator per spec file per process: its compiled schemas serve every test that uses it."""
    return ContractValidator(_load_spec_file(path))


# --------------------------------------------------------------------------------------------------
# httpx2 transport


@dataclass(frozen=True)
class Exchange:
    """One request/response pair seen by a :class:`ValidatingTransport`."""

    method: str
    path: str
    status: int
    off_spec: str | None = None
    operation: str | None = None


class ValidatingTransport(httpx2.AsyncBaseTransport):
    """Wraps a transport; validates every request and response against the spec; changes nothing.

    Use ``httpx2.AsyncClient(transport=ValidatingTransport(inner, validator))`` with e.g.
    ``httpx2.ASGITransport(app=emulator)`` or ``httpx2.AsyncHTTPTransport()``; then check
    ``.violations`` (or :func:`assert_no_violations`). Response bodies are read fully here, so the
    caller gets a fresh byte stream with the original (still encoded) bytes: ``aread``, ``aiter_*``
    and ``client.stream(...)`` keep working. One consequence: an error while the inner transport
    streams the body (e.g. an injected dropped connection) surfaces from the send, not the read.
    """

    def __init__(self, inner: httpx2.AsyncBaseTransport, validator: ContractValidator | NoSpecValidator) -> None:
        self.inner = inner
        self.validator = validator
        self.exchanges: list[Exchange] = []
        self.violations: list[str] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        body = await request.aread()  # keeps request.stream replayable for the inner transport
        method, url = request.method, str(request.url)
        label = f"{method} {request.url.path}"
        checked = self.validator.validate_request(
            method,
            url,
            query=request.url.params.multi_items(),
            headers=request.headers,
            body=body,
            content_type=request.headers.get("content-type"),
        )
        self.violations += [f"{label} (request): {v}" for v in checked]

        response = await self.inner.handle_async_request(request)
        try:
            raw = b"".join([chunk async for chunk in response.stream])  # type: ignore[union-attr]
        finally:
            await response.aclose()
        decoded = httpx2.Response(response.status_code, headers=response.headers, stream=httpx2.ByteStream(raw))
        decoded.read()  # undo any content-encoding for validation only
        answered = self.validator.validate_response(
            method,
            url,
            response.status_code,
            headers=response.headers,
            body=decoded.content,
            content_type=response.headers.get("content-type"),
        )
        self.violations += [f"{label} -> {response.status_code}: {v}" for v in answered]
        self.exchanges.append(
            Exchange(method, request.url.path, response.status_code, checked.off_spec, checked.operation)
        )
        return httpx2.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx2.ByteStream(raw),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


def format_report(transport: ValidatingTransport) -> str:
    """A readable summary: violations first, then every exchange (off-spec ones marked)."""
    lines = [f"{len(transport.violations)} OpenAPI contract violation(s):"]
    lines += [f"  - {v}" for v in transport.violations]
    lines.append(f"{len(transport.exchanges)} exchange(s):")
    for e in transport.exchanges:
        note = f"  [off-spec: {e.off_spec}]" if e.off_spec else ""
        lines.append(f"  {e.method} {e.path} -> {e.status}{note}")
    return "\n".join(lines)


def assert_no_violations(*transports: ValidatingTransport) -> None:
    """Fail with a readable report when any transport saw a contract violation."""
    for transport in transports:
        if transport.violations:
            raise AssertionError(format_report(transport))
