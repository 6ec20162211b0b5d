"""Two Pinterest logins: OAuth tokens belong to the login that approved, and reach only its ad accounts."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx2

from pinterest_ads_mcp.emulator import seed
from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.config import EmulatorConfig


async def _sign_in(http: httpx2.AsyncClient, login: str | None) -> dict:
    cookies = {"Cookie": f"emulator_user={login}"} if login else {}
    page = await http.get("/oauth/", params={"client_id": "demo-app", "redirect_uri": "http://localhost/cb",
                                             "response_type": "code", "scope": "ads:read,user_accounts:read"},
                          headers=cookies)
    code = parse_qs(urlsplit(page.headers["location"]).query)["code"][0]
    answer = await http.post("/v5/oauth/token", auth=("demo-app", "demo-secret"),
                             data={"grant_type": "authorization_code", "code": code,
                                   "redirect_uri": "http://localhost/cb"})
    return answer.json()


async def test_each_login_reaches_only_its_ad_accounts(validating_transport) -> None:
    app = create_app(EmulatorConfig(token="demo-token"))
    transport = validating_transport(httpx2.ASGITransport(app=app))
    async with httpx2.AsyncClient(transport=transport, base_url="http://emulator.test") as http:
        boutique = await _sign_in(http, seed.PARTNER_USERNAME)
        business = await _sign_in(http, None)

        async def get(token: str, path: str) -> httpx2.Response:
            return await http.get(f"/v5{path}", headers={"Authorization": f"Bearer {token}"})

        ids = lambda r: {a["id"] for a in r.json()["items"]}  # noqa: E731
        assert ids(await get(boutique["access_token"], "/ad_accounts")) == {seed.EUR_ACCOUNT_ID}
        everything = set(app.state.emulator.store.ad_accounts)
        assert {seed.DEMO_ACCOUNT_ID, seed.EUR_ACCOUNT_ID} <= everything
        assert ids(await get(business["access_token"], "/ad_accounts")) == everything
        assert ids(await get("demo-token", "/ad_accounts")) == everything
        refused = await get(boutique["access_token"], f"/ad_accounts/{seed.DEMO_ACCOUNT_ID}/campaigns")
        assert (refused.status_code, refused.json()["code"]) == (403, 29)
        assert (await get(boutique["access_token"], f"/ad_accounts/{seed.EUR_ACCOUNT_ID}")).status_code == 200
        me = await get(boutique["access_token"], "/user_account")
        assert (me.json()["username"], me.json()["id"]) == (seed.PARTNER_USERNAME, seed.PARTNER_USER_ID)
        # A refresh keeps the login.
        renewed = await http.post("/v5/oauth/token", auth=("demo-app", "demo-secret"),
                                  data={"grant_type": "refresh_token", "refresh_token": boutique["refresh_token"]})
        again = await get(renewed.json()["access_token"], "/ad_accounts")
        assert ids(again) == {seed.EUR_ACCOUNT_ID}
        unknown = await http.get("/oauth/", params={"client_id": "demo-app", "redirect_uri": "http://x/cb",
                                                    "response_type": "code"}, headers={"Cookie": "emulator_user=nobody"})
        assert unknown.status_code == 400
