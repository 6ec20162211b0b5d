"""OAuth: the authorize redirect, code exchange, refresh rotation, client credentials, Basic auth."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest

from tests.emulator.core_helpers import FROZEN, assert_error, make_app, make_client

REDIRECT = "http://localhost:8085/callback"


def basic(app_id: str = "demo-app", secret: str = "demo-secret") -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{app_id}:{secret}".encode()).decode()}


@pytest.fixture
def clock() -> dict[str, int]:
    return {"now": FROZEN}


@pytest.fixture
def app(clock: dict[str, int]) -> Any:
    return make_app(token="static-token", clock=lambda: clock["now"])


@pytest.fixture
async def token_client(app: Any, validating_transport: Any):
    """No bearer: the token endpoint uses HTTP Basic. Exchanges are checked against the spec."""
    transport = validating_transport(httpx2.ASGITransport(app=app))
    async with make_client(app, token=None, transport=transport) as client:
        yield client


async def authorize(app: Any, **params: str) -> httpx2.Response:
    query = {
        "client_id": "demo-app",
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": "ads:read,pins:read",
        "state": "xyz",
    }
    query.update(params)
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=app), base_url="http://emulator"
    ) as client:
        return await client.get("/oauth/", params=query)


async def code_for(app: Any) -> str:
    response = await authorize(app)
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == ["xyz"]
    return query["code"][0]


async def exchange(client: httpx2.AsyncClient, code: str, redirect_uri: str = REDIRECT) -> httpx2.Response:
    return await client.post(
        "/oauth/token",
        headers=basic(),
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri},
    )


async def test_authorization_code_flow_issues_working_tokens(app, token_client):
    response = await exchange(token_client, await code_for(app))
    body = response.json()
    assert body["token_type"] == "bearer" and body["response_type"] == "authorization_code"
    assert body["scope"] == "ads:read pins:read"
    assert body["refresh_token_expires_at"] == FROZEN + body["refresh_token_expires_in"]
    async with make_client(app, token=body["access_token"]) as client:
        assert (await client.get("/ad_accounts")).status_code == 200
        assert (await client.get("/user_account")).json()["code"] == 3  # scope not granted
    async with make_client(app, token="someone-elses-token") as client:
        assert_error(await client.get("/ad_accounts"), 401)


async def test_codes_are_single_use_and_bound_to_the_redirect(app, token_client):
    code = await code_for(app)
    assert_error(await exchange(token_client, code, "http://evil.example/cb"), 400, "redirect_uri")
    code = await code_for(app)
    assert (await exchange(token_client, code)).status_code == 200
    assert_error(await exchange(token_client, code), 400, "authorization code")


async def test_refresh_rotates_with_a_grace_period(app, token_client, clock):
    first = app.state.emulator.issue_tokens()
    form = {
        "grant_type": "refresh_token",
        "refresh_token": first["refresh_token"],
        "continuous_refresh": "true",
    }
    refreshed = (await token_client.post("/oauth/token", headers=basic(), data=form)).json()
    assert refreshed["response_type"] == "refresh_token"
    assert refreshed["refresh_token"] != first["refresh_token"]
    assert refreshed["access_token"] != first["access_token"]
    clock["now"] += 30
    assert (await token_client.post("/oauth/token", headers=basic(), data=form)).status_code == 200
    clock["now"] += 31
    assert_error(await token_client.post("/oauth/token", headers=basic(), data=form), 400, "refresh token")
    newest = {"grant_type": "refresh_token", "refresh_token": refreshed["refresh_token"]}
    assert (await token_client.post("/oauth/token", headers=basic(), data=newest)).status_code == 200


async def test_access_tokens_expire_and_can_be_expired_on_demand(app, clock):
    tokens = app.state.emulator.issue_tokens()
    async with make_client(app, token=tokens["access_token"]) as client:
        assert (await client.get("/ad_accounts")).status_code == 200
        app.state.emulator.expire_access_token(tokens["access_token"])
        assert_error(await client.get("/ad_accounts"), 401)
    other = app.state.emulator.issue_tokens()
    clock["now"] += other["expires_in"]
    async with make_client(app, token=other["access_token"]) as client:
        assert_error(await client.get("/ad_accounts"), 401)


async def test_client_credentials(app, token_client):
    body = (
        await token_client.post(
            "/oauth/token", headers=basic(), data={"grant_type": "client_credentials", "scope": "ads:read"}
        )
    ).json()
    assert body["response_type"] == "client_credentials" and "refresh_token" not in body
    async with make_client(app, token=body["access_token"]) as client:
        assert (await client.get("/ad_accounts")).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        basic(secret="wrong"),
        basic(app_id="other"),
        {},
        {"Authorization": "Basic !!"},
        {"Authorization": "Bearer static-token"},
    ],
)
async def test_wrong_client_credentials_are_401(app, headers):
    async with make_client(app, token=None) as client:
        response = await client.post(
            "/oauth/token", headers=headers, data={"grant_type": "client_credentials", "scope": "ads:read"}
        )
    assert_error(response, 401, "authentication failed")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"grant_type": "password"}, ["grant_type"]),
        ({"grant_type": "refresh_token", "refresh_token": "pinr_nope"}, ["refresh token"]),
        ({"grant_type": "refresh_token"}, ["refresh_token"]),
        ({"grant_type": "client_credentials"}, ["scope"]),
        ({"grant_type": "client_credentials", "scope": "ads:fly"}, ["scope"]),
        (
            {"grant_type": "authorization_code", "code": "nope", "redirect_uri": REDIRECT},
            ["authorization code"],
        ),
    ],
)
async def test_bad_grants_are_400(app, data, words):
    async with make_client(app, token=None) as client:
        assert_error(await client.post("/oauth/token", headers=basic(), data=data), 400, *words)


async def test_token_endpoint_needs_a_form_body(app):
    async with make_client(app, token=None) as client:
        response = await client.post(
            "/oauth/token", headers=basic(), json={"grant_type": "client_credentials"}
        )
    assert_error(response, 400, "x-www-form-urlencoded")


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"client_id": "intruder"}, "client_id"),
        ({"redirect_uri": "not a url"}, "redirect_uri"),
        ({"response_type": "token"}, "response_type"),
    ],
)
async def test_authorize_refuses_bad_requests(app, params, words):
    response = await authorize(app, **params)
    assert_error(response, 400, words)


async def test_authorize_keeps_the_redirect_query(app):
    response = await authorize(app, redirect_uri=REDIRECT + "?tenant=7", state="s")
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["tenant"] == ["7"] and query["state"] == ["s"] and query["code"]
