"""Tests of the contract harness itself: it must accept what the spec allows and catch what it forbids.

A validator that passes everything is worse than none, so most tests here are known-bad traffic that
MUST produce a violation; the known-good traffic comes from the spec's own examples where it has them.

Each test of the validator's behaviour runs against the small hand-written description in
``mini_openapi.py`` (always there) and, when Pinterest's spec is found, against that too: the same
traffic must get the same verdict from both. Only the tests that check facts of Pinterest's spec
itself (its examples) need the real file and skip without it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.support.mini_openapi import mini_spec, mini_validator
from tests.support.openapi import (
    FORM_EXTRA_FIELDS,
    OFF_SPEC_ROUTES,
    SPEC_ENV_VAR,
    SPEC_MISSING,
    ContractValidator,
    NoSpecValidator,
    ValidatingTransport,
    assert_no_violations,
    format_report,
    load_spec,
    session_validator,
    spec_path,
)

# The mini description always; Pinterest's spec too when it is there (no skipped copies without it).
SPECS = ["mini", *(["pinterest"] if spec_path() is not None else [])]
needs_pinterest = pytest.mark.skipif(spec_path() is None, reason=f"checks Pinterest's spec itself: {SPEC_MISSING}")

ACCOUNT = "549755885175"
BEARER = {"Authorization": "Bearer test-token"}
BASIC = {"Authorization": "Basic Y2xpZW50OnNlY3JldA=="}  # client:secret
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
API = "https://api.pinterest.com/v5"

_MISSING: Any = object()


def _url(path: str) -> str:
    return f"{API}{path}"


def _body(value: Any) -> bytes:
    return json.dumps(value).encode()


def _has(violations: list[str], *needles: str) -> bool:
    return any(all(n in v for n in needles) for v in violations)


@pytest.fixture(scope="module", params=SPECS)
def contract(request: pytest.FixtureRequest) -> ContractValidator:
    """The validator under test (overrides the suite's fixture here, so the transport fixture uses it too)."""
    if request.param == "mini":
        return mini_validator()
    validator = session_validator()
    assert isinstance(validator, ContractValidator)
    return validator


@pytest.fixture
def pinterest() -> ContractValidator:
    validator = session_validator()
    assert isinstance(validator, ContractValidator)
    return validator


# --------------------------------------------------------------------------------------------------
# Loading and speed


def test_spec_file_is_found_and_parsed_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(mini_spec()))
    monkeypatch.setenv(SPEC_ENV_VAR, str(path))
    assert spec_path() == path
    assert load_spec() is load_spec()
    assert load_spec() == mini_spec()
    validator = session_validator()
    assert isinstance(validator, ContractValidator)
    assert session_validator() is validator  # compiled once per file, shared by every test
    assert _has(validator.validate_request("GET", _url(f"/ad_accounts/{ACCOUNT}/campaigns")), "security")


def test_without_the_spec_traffic_is_carried_unchecked(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setenv(SPEC_ENV_VAR, str(tmp_path / "absent.json"))
    assert spec_path() is None
    with pytest.raises(FileNotFoundError, match=SPEC_ENV_VAR):
        load_spec()
    asked: list[str] = []

    def refuse(name: str) -> Any:
        asked.append(name)
        raise LookupError(name)

    stand_in = session_validator(refuse)
    assert isinstance(stand_in, NoSpecValidator)
    # Anything goes through, even what no spec allows: the check is off, not failing.
    assert stand_in.validate_request("DELETE", "http://emulator/nowhere", body=b"{") == []
    assert stand_in.validate_response("GET", "http://emulator/nowhere", 599, body=b"<html>") == []
    with pytest.raises(LookupError):
        stand_in.resolve("#/components/schemas/Campaign")
    assert asked == ["resolve"]  # what needs the spec itself is refused, by name
    with pytest.raises(FileNotFoundError, match="'spec'"):
        _ = session_validator().spec


def test_validator_is_reusable_and_stateless(contract: ContractValidator) -> None:
    """Validating the same exchange many times gives the same answer (caches change no result)."""
    url = _url(f"/ad_accounts/{ACCOUNT}/campaigns?page_size=25&campaign_ids=1&campaign_ids=2")
    body = _body({"items": [_campaign()], "bookmark": None})
    for _ in range(3):
        assert contract.validate_request("GET", url, headers=BEARER) == []
        assert contract.validate_response("GET", url, 200, body=body, content_type=JSON) == []
    assert ContractValidator(contract.spec).validate_response("GET", url, 200, body=body, content_type=JSON) == []


# --------------------------------------------------------------------------------------------------
# Routing


@pytest.mark.parametrize(
    "base",
    [
        "https://api.pinterest.com/v5",
        "https://api-sandbox.pinterest.com/v5",
        "http://emulator/v5",
        "http://127.0.0.1:8811/v5",
    ],
)
def test_any_host_with_v5_prefix_matches(contract: ContractValidator, base: str) -> None:
    result = contract.validate_request("GET", f"{base}/ad_accounts/{ACCOUNT}/campaigns", headers=BEARER)
    assert result == []
    assert result.operation == "GET /ad_accounts/{ad_account_id}/campaigns"


def test_concrete_path_wins_over_template(contract: ContractValidator) -> None:
    route = contract.match("GET", _url(f"/ad_accounts/{ACCOUNT}/campaigns/analytics"))
    assert route.operation is not None
    assert route.operation.template == "/ad_accounts/{ad_account_id}/campaigns/analytics"


def test_unknown_path_method_and_base_are_violations(contract: ContractValidator) -> None:
    assert _has(contract.validate_request("GET", _url("/campaigns"), headers=BEARER), "no path in the spec")
    assert _has(
        contract.validate_request("DELETE", _url(f"/ad_accounts/{ACCOUNT}/campaigns"), headers=BEARER),
        "DELETE is not an operation",
    )
    assert _has(contract.validate_request("GET", "http://emulator/ad_accounts", headers=BEARER), "/v5")


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("POST", f"http://emulator/v5/ad_accounts/{ACCOUNT}/labels/123/apply"),
        ("POST", f"http://emulator/v5/ad_accounts/{ACCOUNT}/labels/123/remove"),
        ("GET", "https://www.pinterest.com/oauth/?client_id=1&redirect_uri=x&response_type=code"),
        ("GET", "http://emulator/_downloads/report-1.csv"),
    ],
)
def test_known_off_spec_routes_are_flagged_not_violations(contract: ContractValidator, method: str, url: str) -> None:
    request = contract.validate_request(method, url, headers=BEARER, body=b"{}", content_type=JSON)
    response = contract.validate_response(method, url, 200, body=b"anything", content_type="text/csv")
    assert request == [] and response == []
    assert request.off_spec and response.off_spec
    assert all(route.reason for route in OFF_SPEC_ROUTES)


# --------------------------------------------------------------------------------------------------
# Parameters


def test_valid_list_query_passes(contract: ContractValidator) -> None:
    url = _url(
        f"/ad_accounts/{ACCOUNT}/campaigns?campaign_ids=1&campaign_ids=2&entity_statuses=ACTIVE"
        "&page_size=250&order=DESCENDING&bookmark=abc"
    )
    assert contract.validate_request("GET", url, headers=BEARER) == []


def test_query_can_be_given_separately(contract: ContractValidator) -> None:
    url = _url(f"/ad_accounts/{ACCOUNT}/campaigns")
    assert contract.validate_request("GET", url, query=[("page_size", "10")], headers=BEARER) == []
    assert _has(contract.validate_request("GET", url, query=[("page_size", "x")], headers=BEARER), "page_size")


@pytest.mark.parametrize(
    ("path_and_query", "needle"),
    [
        ("/ad_accounts/12ab/campaigns", "'ad_account_id'"),  # id with letters
        (f"/ad_accounts/{ACCOUNT}/campaigns?entity_statuses=RUNNING", "entity_statuses"),  # wrong enum
        (f"/ad_accounts/{ACCOUNT}/campaigns?page_size=ten", "page_size"),  # string where int expected
        (f"/ad_accounts/{ACCOUNT}/campaigns?page_size=251", "page_size"),  # above maximum
        (f"/ad_accounts/{ACCOUNT}/campaigns?page_size=1&page_size=2", "given 2 times"),  # scalar repeated
        (f"/ad_accounts/{ACCOUNT}/campaigns?status=ACTIVE", "'status' is not declared"),  # unknown param
        (f"/ad_accounts/{ACCOUNT}/campaigns?campaign_ids=1,2", "campaign_ids"),  # explode=true array joined
        (f"/ad_accounts/{ACCOUNT}/campaigns?order=UP", "order"),
        (f"/ad_accounts/{ACCOUNT}/analytics?end_date=2025-01-31&columns=SPEND_IN_DOLLAR&granularity=DAY", "start_date"),
    ],
)
def test_bad_parameters_are_violations(contract: ContractValidator, path_and_query: str, needle: str) -> None:
    violations = contract.validate_request("GET", _url(path_and_query), headers=BEARER)
    assert _has(violations, needle), violations


def _analytics(columns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("start_date", "2025-01-01"), ("end_date", "2025-01-31"), ("granularity", "DAY"), *columns]


def test_explode_false_arrays_are_comma_joined(contract: ContractValidator) -> None:
    url = _url(f"/ad_accounts/{ACCOUNT}/campaigns/analytics")
    good = _analytics([("campaign_ids", "1"), ("campaign_ids", "2"), ("columns", "SPEND_IN_DOLLAR,TOTAL_IMPRESSION")])
    assert contract.validate_request("GET", url, query=good, headers=BEARER) == []
    repeated = _analytics([("campaign_ids", "1"), ("columns", "SPEND_IN_DOLLAR"), ("columns", "TOTAL_IMPRESSION")])
    assert _has(contract.validate_request("GET", url, query=repeated, headers=BEARER), "comma-separated")
    wrong = _analytics([("campaign_ids", "1"), ("columns", "SPEND_IN_DOLLAR,NOT_A_COLUMN")])
    assert _has(contract.validate_request("GET", url, query=wrong, headers=BEARER), "NOT_A_COLUMN")
    bad_date = _analytics([("campaign_ids", "1"), ("columns", "SPEND_IN_DOLLAR")])
    bad_date[0] = ("start_date", "2025-13-01")
    assert _has(contract.validate_request("GET", url, query=bad_date, headers=BEARER), "start_date")


# --------------------------------------------------------------------------------------------------
# Security


def test_bearer_required_for_ads_operations(contract: ContractValidator) -> None:
    url = _url(f"/ad_accounts/{ACCOUNT}/campaigns")
    assert _has(contract.validate_request("GET", url, headers={}), "security", "missing")
    assert _has(contract.validate_request("GET", url, headers=BASIC), "security")
    assert _has(contract.validate_request("GET", url, headers={"Authorization": "Bearer "}), "security")
    assert contract.validate_request("GET", url, headers={"authorization": "bearer t"}) == []


def test_basic_required_for_oauth_token(contract: ContractValidator) -> None:
    body = b"grant_type=refresh_token&refresh_token=abc"
    url = _url("/oauth/token")
    assert contract.validate_request("POST", url, headers=BASIC, body=body, content_type=FORM) == []
    assert _has(contract.validate_request("POST", url, headers=BEARER, body=body, content_type=FORM), "security")
    not_pair = {"Authorization": "Basic bm9jb2xvbg=="}  # "nocolon"
    assert _has(contract.validate_request("POST", url, headers=not_pair, body=body, content_type=FORM), "security")


# --------------------------------------------------------------------------------------------------
# Request bodies


def _campaign_create(**overrides: Any) -> dict[str, Any]:
    return {
        "ad_account_id": ACCOUNT,
        "name": "Spring sale",
        "objective_type": "AWARENESS",
        "status": "PAUSED",
        "daily_spend_cap": 30_000_000,
        "start_time": 1_735_689_600,
        **overrides,
    }


def test_valid_campaign_create_passes(contract: ContractValidator) -> None:
    url = _url(f"/ad_accounts/{ACCOUNT}/campaigns")
    body = _body([_campaign_create()])
    assert contract.validate_request("POST", url, headers=BEARER, body=body, content_type=JSON) == []
    charset = "application/json; charset=utf-8"
    assert contract.validate_request("POST", url, headers=BEARER, body=body, content_type=charset) == []


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ([_campaign_create(objective_type="SALES")], "objective_type"),  # wrong enum
        ([{k: v for k, v in _campaign_create().items() if k != "name"}], "'name' is a required"),
        ([_campaign_create(ad_account_id="abc")], "ad_account_id"),  # id with letters
        ([_campaign_create(daily_spend_cap="30")], "daily_spend_cap"),  # string where int expected
        ([_campaign_create(daily_budget=30)], "undeclared property 'daily_budget'"),  # typo
        (_campaign_create(), "is not of type 'array'"),  # object where the batch array is expected
        ([], "[]"),  # minItems 1
        ([_campaign_create()] * 31, "too long"),  # maxItems 30
    ],
)
def test_bad_campaign_bodies_are_violations(contract: ContractValidator, body: Any, needle: str) -> None:
    url = _url(f"/ad_accounts/{ACCOUNT}/campaigns")
    violations = contract.validate_request("POST", url, headers=BEARER, body=_body(body), content_type=JSON)
    assert _has(violations, needle), violations


def test_body_media_type_and_presence(contract: ContractValidator) -> None:
    url = _url(f"/ad_accounts/{ACCOUNT}/campaigns")
    body = _body([_campaign_create()])
    assert _has(contract.validate_request("POST", url, headers=BEARER, body=body, content_type=FORM), "content type")
    assert _has(contract.validate_request("POST", url, headers=BEARER, body=body, content_type=None), "content type")
    assert _has(contract.validate_request("POST", url, headers=BEARER, body=None), "required request body")
    assert _has(contract.validate_request("POST", url, headers=BEARER, body=b"[{", content_type=JSON), "not valid JSON")
    assert _has(contract.validate_request("GET", url, headers=BEARER, body=body, content_type=JSON), "no request body")


def test_oauth_token_form_body(contract: ContractValidator) -> None:
    url = _url("/oauth/token")

    def check(body: bytes, content_type: str = FORM) -> list[str]:
        return contract.validate_request("POST", url, headers=BASIC, body=body, content_type=content_type)

    assert check(b"grant_type=authorization_code&code=c0de&redirect_uri=https%3A%2F%2Fexample.com%2Fcb") == []
    assert check(b"grant_type=client_credentials&scope=ads%3Aread") == []
    # continuous_refresh: undeclared in the spec but required by Pinterest for pre-2025-09-25 apps.
    assert ("POST", "/oauth/token") in FORM_EXTRA_FIELDS
    assert check(b"grant_type=refresh_token&refresh_token=r&continuous_refresh=true") == []
    assert _has(check(b"grant_type=refresh_token"), "'refresh_token' is a required")  # via the discriminator
    assert _has(check(b"grant_type=authorization_code&code=c"), "redirect_uri")
    assert _has(check(b"grant_type=password&username=u"), "grant_type")
    assert _has(check(b"grant_type=refresh_token&refresh_token=r&refresh_on=true"), "undeclared property 'refresh_on'")
    assert _has(check(_body({"grant_type": "refresh_token", "refresh_token": "r"}), JSON), "content type")


# --------------------------------------------------------------------------------------------------
# Responses


def _campaign(**overrides: Any) -> dict[str, Any]:
    return {
        "id": "626736533506",
        "ad_account_id": ACCOUNT,
        "name": "Spring sale",
        "status": "ACTIVE",
        "objective_type": "AWARENESS",
        "daily_spend_cap": 30_000_000,
        "lifetime_spend_cap": None,
        "tracking_urls": None,
        "start_time": 1_735_689_600,
        "end_time": None,
        "created_time": 1_735_689_600,
        "updated_time": 1_735_689_600,
        "type": "campaign",
        "summary_status": "RUNNING",
        **overrides,
    }


def _ad(**overrides: Any) -> dict[str, Any]:
    return {
        "id": "687195905986",
        "ad_group_id": "2680059592705",
        "ad_account_id": ACCOUNT,
        "campaign_id": "626736533506",
        "pin_id": "394205773611545468",
        "creative_type": "REGULAR",
        "status": "ACTIVE",
        "name": "Spring ad",
        "type": "pinpromotion",
        "summary_status": "APPROVED",
        "created_time": 1_735_689_600,
        "updated_time": 1_735_689_600,
        **overrides,
    }


def test_valid_responses_pass(contract: ContractValidator) -> None:
    campaigns = _url(f"/ad_accounts/{ACCOUNT}/campaigns")
    page = {"items": [_campaign()], "bookmark": None}
    assert contract.validate_response("GET", campaigns, 200, body=_body(page), content_type=JSON) == []
    created = {"items": [{"data": _campaign(), "exceptions": []}]}
    assert contract.validate_response("POST", campaigns, 200, body=_body(created), content_type=JSON) == []
    ads = {"items": [{"data": _ad(), "exceptions": {"code": 2, "message": "Advertiser not found."}}]}
    ads_url = _url(f"/ad_accounts/{ACCOUNT}/ads")
    assert contract.validate_response("POST", ads_url, 200, body=_body(ads), content_type=JSON) == []
    error = _body({"code": 2, "message": "AdAccount not found."})
    for status in (400, 401, 403, 404, 429, 500):
        assert contract.validate_response("GET", campaigns, status, body=error, content_type=JSON) == []


@pytest.mark.parametrize(
    ("method", "path", "body", "needle"),
    [
        ("GET", "/campaigns", {"items": [_campaign(status="RUNNING")]}, "status"),  # wrong enum
        ("GET", "/campaigns", {"bookmark": None}, "'items' is a required"),  # missing required
        ("GET", "/campaigns", {"items": [_campaign(id="abc")]}, "$.items[0].id"),  # id with letters
        ("GET", "/campaigns", {"items": [_campaign(start_time="2025-01-01")]}, "start_time"),  # str for int
        ("GET", "/campaigns", {"items": [_campaign(name=None)]}, "$.items[0].name"),  # null, not nullable
        ("GET", "/campaigns", {"items": [_campaign(spend=1)]}, "undeclared property 'spend'"),
        ("POST", "/campaigns", {"items": [{"data": _campaign(), "exceptions": {"code": 1, "message": "m"}}]}, "array"),
        ("POST", "/ads", {"items": [{"data": _ad(), "exceptions": [{"code": 1, "message": "m"}]}]}, "object"),
    ],
)
def test_bad_responses_are_violations(
    contract: ContractValidator, method: str, path: str, body: Any, needle: str
) -> None:
    url = _url(f"/ad_accounts/{ACCOUNT}{path}")
    violations = contract.validate_response(method, url, 200, body=_body(body), content_type=JSON)
    assert _has(violations, needle), violations


def test_response_status_media_type_and_error_shape(contract: ContractValidator) -> None:
    url = _url(f"/ad_accounts/{ACCOUNT}/campaigns")
    page = _body({"items": []})
    assert _has(contract.validate_response("GET", url, 200, body=page, content_type="text/html"), "content type")
    assert _has(contract.validate_response("GET", url, 200, body=b"", content_type=JSON), "empty body")
    assert _has(contract.validate_response("GET", url, 200, body=b"<html>", content_type=JSON), "not valid JSON")
    bad_error = _body({"error": "not found"})
    for status in (400, 404):  # a status of its own and one answered by "default"
        violations = contract.validate_response("GET", url, status, body=bad_error, content_type=JSON)
        assert _has(violations, "'code' is a required"), violations
    assert _has(contract.validate_response("GET", url, 404, body=_body({"code": "2", "message": "x"}), content_type=JSON), "code")


def test_oauth_token_response_follows_discriminator(contract: ContractValidator) -> None:
    url = _url("/oauth/token")
    refreshed = {
        "access_token": "pina_x",
        "token_type": "bearer",
        "expires_in": 2_592_000,
        "scope": "ads:read",
        "response_type": "refresh_token",
        "refresh_token": "pinr_y",
        "refresh_token_expires_in": 5_184_000,
        "refresh_token_expires_at": 1_740_000_000,
    }
    assert contract.validate_response("POST", url, 200, body=_body(refreshed), content_type=JSON) == []
    incomplete = {k: v for k, v in refreshed.items() if k != "refresh_token_expires_at"}
    violations = contract.validate_response("POST", url, 200, body=_body(incomplete), content_type=JSON)
    assert _has(violations, "refresh_token_expires_at"), violations


@needs_pinterest
def test_every_response_example_in_the_spec_validates(pinterest: ContractValidator) -> None:
    """The spec's own media-type examples (mostly errors) are known-good responses."""
    contract = pinterest
    # One spec example contradicts its own schema (extra 'status'/'data' beside code/message).
    known_bad = {("GET", "/catalogs/items/batch/{batch_id}", "405")}
    checked = 0
    for template, item in contract.spec["paths"].items():
        url = _url(re.sub(r"{[^}]+}", "123", template))
        for method, operation in item.items():
            if method == "parameters":
                continue
            for status, response in operation["responses"].items():
                if (method.upper(), template, status) in known_bad:
                    continue
                for media, content in response.get("content", {}).items():
                    examples = [content["example"]] if "example" in content else []
                    examples += [e["value"] for e in content.get("examples", {}).values() if "value" in e]
                    for example in examples:
                        code = 500 if status == "default" else int(status)
                        result = contract.validate_response(method, url, code, body=_body(example), content_type=media)
                        assert result == [], (method, template, status, list(result))
                        checked += 1
    assert checked > 200


def _from_examples(contract: ContractValidator, schema: Any, depth: int = 0) -> Any:
    """An instance built from the spec's own property examples (first enum value where none)."""
    schema = contract.resolve_schema(schema)
    if depth > 12:
        return _MISSING
    merged: dict[str, Any] = {}
    for part in schema.get("allOf", []) + (schema.get("oneOf") or schema.get("anyOf") or [])[:1]:
        value = _from_examples(contract, part, depth + 1)
        if isinstance(value, dict):
            merged.update(value)
        elif value is not _MISSING:
            return value
    if "properties" in schema or merged:
        for name, prop in schema.get("properties", {}).items():
            value = _from_examples(contract, prop, depth + 1)
            if value is not _MISSING:
                merged[name] = value
        return merged
    if "example" in schema and schema.get("type") != "array":
        return schema["example"]
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("type") == "array":
        item = _from_examples(contract, schema.get("items", {}), depth + 1)
        return _MISSING if item is _MISSING else [item]
    if schema.get("type") == "integer":
        return schema.get("minimum", 1)
    if schema.get("type") == "boolean":
        return True
    return _MISSING


@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("post", "/ad_accounts/{ad_account_id}/campaigns"),
        ("patch", "/ad_accounts/{ad_account_id}/campaigns"),
        ("post", "/ad_accounts/{ad_account_id}/ad_groups"),
        ("patch", "/ad_accounts/{ad_account_id}/ad_groups"),
        ("post", "/ad_accounts/{ad_account_id}/ads"),
        ("patch", "/ad_accounts/{ad_account_id}/ads"),
        ("get", "/ad_accounts/{ad_account_id}/campaigns/analytics"),
        ("get", "/ad_accounts/{ad_account_id}/reports"),
        ("get", "/boards"),
    ],
)
@needs_pinterest
def test_bodies_built_from_spec_examples_validate(pinterest: ContractValidator, method: str, template: str) -> None:
    contract = pinterest
    operation = contract.spec["paths"][template][method]
    url = _url(template.replace("{ad_account_id}", ACCOUNT))
    if "requestBody" in operation:
        instance = _from_examples(contract, operation["requestBody"]["content"][JSON]["schema"])
        request = contract.validate_request(method, url, headers=BEARER, body=_body(instance), content_type=JSON)
        assert request == [], list(request)
    instance = _from_examples(contract, operation["responses"]["200"]["content"][JSON]["schema"])
    response = contract.validate_response(method, url, 200, body=_body(instance), content_type=JSON)
    assert response == [], list(response)


def test_undeclared_properties_can_be_allowed(contract: ContractValidator) -> None:
    lenient = ContractValidator(contract.spec, undeclared_properties=False)
    url = _url(f"/ad_accounts/{ACCOUNT}/campaigns")
    body = _body({"items": [_campaign(spend=1)]})
    assert lenient.validate_response("GET", url, 200, body=body, content_type=JSON) == []


# --------------------------------------------------------------------------------------------------
# The transport


async def _campaigns(request: Request) -> Response:
    if request.query_params.get("broken"):
        return JSONResponse({"items": [_campaign(status="RUNNING")]})
    return JSONResponse({"items": [_campaign()], "bookmark": None})


async def _streamed(request: Request) -> Response:
    async def chunks() -> Any:
        yield b'{"items": ['
        yield json.dumps(_ad()).encode()
        yield b'], "bookmark": null}'

    return StreamingResponse(chunks(), media_type=JSON)


async def _download(request: Request) -> Response:
    return Response(b"a,b\n1,2\n", media_type="text/csv")


_APP = Starlette(
    routes=[
        Route("/v5/ad_accounts/{ad_account_id}/campaigns", _campaigns, methods=["GET"]),
        Route("/v5/ad_accounts/{ad_account_id}/ads", _streamed, methods=["GET"]),
        Route("/_downloads/{name}", _download, methods=["GET"]),
    ]
)


async def test_transport_records_and_passes_traffic_through(contract: ContractValidator) -> None:
    transport = ValidatingTransport(httpx2.ASGITransport(app=_APP), contract)
    async with httpx2.AsyncClient(transport=transport, base_url="http://emulator/v5", headers=BEARER) as client:
        ok = await client.get(f"/ad_accounts/{ACCOUNT}/campaigns", params={"page_size": 5})
        assert ok.json()["items"][0]["id"] == "626736533506"
        async with client.stream("GET", f"/ad_accounts/{ACCOUNT}/ads") as streamed:
            raw = b"".join([chunk async for chunk in streamed.aiter_bytes()])
        assert json.loads(raw)["bookmark"] is None
        csv = await client.get("http://emulator/_downloads/r.csv")
        assert csv.text == "a,b\n1,2\n"
    assert [(e.method, e.path, e.status) for e in transport.exchanges] == [
        ("GET", f"/v5/ad_accounts/{ACCOUNT}/campaigns", 200),
        ("GET", f"/v5/ad_accounts/{ACCOUNT}/ads", 200),
        ("GET", "/_downloads/r.csv", 200),
    ]
    assert transport.exchanges[2].off_spec
    assert transport.violations == []
    assert_no_violations(transport)


async def test_transport_reports_request_and_response_violations(contract: ContractValidator) -> None:
    transport = ValidatingTransport(httpx2.ASGITransport(app=_APP), contract)
    async with httpx2.AsyncClient(transport=transport, base_url="http://emulator/v5") as client:
        response = await client.get(f"/ad_accounts/{ACCOUNT}/campaigns", params={"broken": "1"})
    assert response.status_code == 200  # traffic is never altered
    assert _has(transport.violations, "GET /v5/ad_accounts", "(request)", "'broken' is not declared")
    assert _has(transport.violations, "(request)", "security")
    assert _has(transport.violations, "-> 200", "RUNNING")
    with pytest.raises(AssertionError) as failure:
        assert_no_violations(transport)
    assert "contract violation" in str(failure.value)
    assert format_report(transport) == str(failure.value)


async def test_validating_transport_fixture_collects(validating_transport: Any) -> None:
    transport = validating_transport(httpx2.ASGITransport(app=_APP))
    async with httpx2.AsyncClient(transport=transport, base_url="http://emulator/v5", headers=BEARER) as client:
        assert (await client.get(f"/ad_accounts/{ACCOUNT}/campaigns")).status_code == 200
