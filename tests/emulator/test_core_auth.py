"""Bearer auth, scopes, request ids, unknown routes and the request log."""

from __future__ import annotations

import pytest

from pinterest_ads_mcp.emulator.app import is_write, required_scopes
from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID
from tests.emulator.core_helpers import assert_error, assert_valid, make_app, make_client

ACCOUNT = f"/ad_accounts/{DEMO_ACCOUNT_ID}"


@pytest.mark.parametrize("token", [None, "", " "])
async def test_missing_bearer_is_401(contract, token):
    async with make_client(make_app(), token=token) as client:
        response = await client.get("/ad_accounts")
    assert response.json() == {"code": 2, "message": "Authentication failed."}
    assert response.status_code == 401
    assert_valid(contract, response)


async def test_any_token_in_demo_mode_only_the_configured_one_otherwise():
    async with make_client(make_app(), token="anything") as client:
        assert (await client.get("/ad_accounts")).status_code == 200
    app = make_app(token="secret-token")
    async with make_client(app, token="anything") as client:
        assert_error(await client.get("/ad_accounts"), 401)
    async with make_client(app, token="secret-token") as client:
        assert (await client.get("/ad_accounts")).status_code == 200


async def test_missing_scope_is_code_3():
    app = make_app(scopes="ads:read")
    async with make_client(app) as client:
        assert (await client.get("/ad_accounts")).status_code == 200
        body = assert_error(await client.post(f"{ACCOUNT}/campaigns", json=[]), 401, "scopes")
        assert body["code"] == 3
        assert_error(await client.get("/pins"), 401, "permissions")


async def test_expired_token_answers_401():
    app = make_app()
    async with make_client(app, token="old") as client:
        assert (await client.get("/user_account")).status_code == 200
        app.state.emulator.expire_access_token("old")
        assert_error(await client.get("/user_account"), 401)


async def test_every_response_has_a_request_id_and_unknown_routes_are_json_404():
    async with make_client(make_app(), token=None) as client:
        unauthorised = await client.get("/ad_accounts")
    async with make_client(make_app()) as client:
        ok = await client.get("/ad_accounts")
        unknown = await client.get("/no/such/route")
        wrong_method = await client.delete(f"{ACCOUNT}/campaigns")
    rids = {r.headers["x-pinterest-rid"] for r in (unauthorised, ok, unknown, wrong_method)}
    assert len(rids) == 4 and all(len(rid) == 16 for rid in rids)
    assert_error(unknown, 404, "unknown endpoint")
    assert_error(wrong_method, 405)


async def test_request_log_and_writes():
    app = make_app()
    emulator = app.state.emulator
    async with make_client(app) as client:
        await client.get(f"{ACCOUNT}/campaigns", params=[("campaign_ids", "1"), ("campaign_ids", "2")])
        await client.post(
            f"{ACCOUNT}/campaigns",
            json=[{"ad_account_id": DEMO_ACCOUNT_ID, "name": "n", "objective_type": "AWARENESS"}],
        )
        await client.post(f"{ACCOUNT}/ad_groups/audience_sizing", json={})
    get, post = emulator.log[0], emulator.log[1]
    assert (get.method, get.path, get.query, get.status, get.category) == (
        "GET",
        f"/v5{ACCOUNT}/campaigns",
        {"campaign_ids": ["1", "2"]},
        200,
        "ads_read",
    )
    assert post.body[0]["name"] == "n" and post.is_write and post.category == "ads_write"
    assert post.duration_s >= 0
    assert emulator.writes() == [post]
    emulator.reset_log()
    assert emulator.log == []


@pytest.mark.parametrize(
    ("method", "path", "write"),
    [
        ("POST", "/v5/ad_accounts/1/campaigns", True),
        ("PATCH", "/v5/ad_accounts/1/ads", True),
        ("POST", "/v5/ad_accounts/1/labels/5/apply", True),
        ("POST", "/v5/ad_accounts/1/labels/5/remove", True),
        ("PATCH", "/v5/ad_accounts/1/labels", True),
        ("POST", "/v5/ad_accounts/1/ad_groups/audience_sizing", False),
        ("POST", "/v5/ad_accounts/1/reports", False),
        ("POST", "/v5/oauth/token", False),
        ("GET", "/v5/ad_accounts/1/campaigns", False),
    ],
)
def test_write_classification(method, path, write):
    assert is_write(method, path) is write


def test_required_scopes():
    assert required_scopes("GET", "/v5/ad_accounts") == ("ads:read",)
    assert required_scopes("PATCH", "/v5/ad_accounts/1/campaigns") == ("ads:write",)
    assert required_scopes("POST", "/v5/ad_accounts/1/ad_groups/audience_sizing") == ("ads:read",)
    assert required_scopes("GET", "/v5/boards/1/pins") == ("boards:read",)
    assert required_scopes("GET", "/v5/user_account") == ("user_accounts:read",)
    assert {"pins:read_secret", "boards:read_secret"} <= set(required_scopes("GET", "/v5/search/pins"))
