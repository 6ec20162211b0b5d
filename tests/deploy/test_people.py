"""Sign-in per person on a team deployment: two replicas behind nginx, PostgreSQL, the emulator's
OAuth pages playing Pinterest. MCP clients sign in with the SDK's own OAuth client (discovery,
dynamic client registration, authorization code + PKCE S256); each person then acts with their own
Pinterest login.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest
from cryptography.fernet import Fernet

from pinterest_ads_mcp.emulator import seed
from pinterest_ads_mcp.emulator.config import EmulatorConfig
from tests.support.cluster import PINTEREST_TOKEN, Cluster, free_port, running
from tests.support.postgres import fresh_schema

pytestmark = pytest.mark.slow

BUSINESS, BOUTIQUE = seed.DEMO_USERNAME, seed.PARTNER_USERNAME


class Memory:
    """The client's token storage (TokenStorage protocol)."""

    def __init__(self) -> None:
        self.tokens: Any = None
        self.client: Any = None

    async def get_tokens(self) -> Any:
        return self.tokens

    async def set_tokens(self, tokens: Any) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> Any:
        return self.client

    async def set_client_info(self, client_info: Any) -> None:
        self.client = client_info


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with fresh_schema() as url:
        port = free_port()
        with running(tmp_path_factory.mktemp("team"), url, replicas=2, nginx_port=port,
                     emulator=EmulatorConfig(token=PINTEREST_TOKEN), env={
                         "PINTEREST_MCP_AUTH": "pinterest",
                         "PINTEREST_MCP_PUBLIC_URL": f"http://127.0.0.1:{port}",
                         "PINTEREST_APP_ID": "demo-app",
                         "PINTEREST_APP_SECRET": "demo-secret",
                         "PINTEREST_ADS_TOKEN_KEY": Fernet.generate_key().decode(),
                         "PINTEREST_ACCESS_TOKEN": "",  # no shared Pinterest token: each person's own
                         "PINTEREST_MCP_HTTP_TOKEN": ""}) as made:
            yield made


@asynccontextmanager
async def signed_in(team: Cluster, login: str, memory: Memory | None = None) -> AsyncIterator[Any]:
    """An MCP client that signs ``login`` in through the whole flow; the "browser" carries the
    emulator cookie saying who is signed in to Pinterest."""
    import httpx2
    from mcp import Client
    from mcp.client.auth import OAuthClientProvider
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata

    landed: dict[str, str] = {}

    async def browser(url: str) -> None:
        async with httpx2.AsyncClient(headers={"Cookie": f"emulator_user={login}"}) as http:
            for _ in range(5):  # our /authorize -> Pinterest's page -> our callback -> the client
                answer = await http.get(url)
                assert answer.status_code in (302, 307), (answer.status_code, answer.text)
                url = answer.headers["location"]
                if url.startswith("http://localhost:3030/"):
                    landed.update({k: v[0] for k, v in parse_qs(urlsplit(url).query).items()})
                    return
        raise AssertionError("the sign-in never came back to the client")

    async def callback() -> AuthorizationCodeResult:
        return AuthorizationCodeResult(code=landed["code"], state=landed.get("state"))

    auth = OAuthClientProvider(
        server_url=team.url,
        client_metadata=OAuthClientMetadata(client_name=f"test client of {login}",
                                            redirect_uris=["http://localhost:3030/callback"],
                                            grant_types=["authorization_code", "refresh_token"],
                                            response_types=["code"], scope="pinterest-ads"),
        storage=memory or Memory(), redirect_handler=browser, callback_handler=callback)
    http = httpx2.AsyncClient(auth=auth, timeout=60)
    async with http, Client(streamable_http_client(team.url, http_client=http)) as client:
        yield client


def _account_ids(result: Any) -> set[str]:
    return {a["id"] for a in result.structured_content["accounts"]}


async def test_each_person_signs_in_and_sees_only_their_own_ad_accounts(team: Cluster) -> None:
    business, boutique = Memory(), Memory()
    async with signed_in(team, BUSINESS, business) as a, signed_in(team, BOUTIQUE, boutique) as b:
        assert _account_ids(await a.call_tool("list_ad_accounts", {})) == set(team.emulator.store.ad_accounts)
        assert _account_ids(await b.call_tool("list_ad_accounts", {})) == {seed.EUR_ACCOUNT_ID}
        refused = await b.call_tool("list_campaigns", {"ad_account_id": seed.DEMO_ACCOUNT_ID})
        assert refused.is_error
        # A plan one person makes is theirs in the audit log.
        plan = await b.call_tool("update_status", {"ad_account_id": seed.EUR_ACCOUNT_ID, "level": "campaign",
                                                   "ids": [seed.EUR_CAMPAIGN_ID], "status": "PAUSED"})
        assert not plan.is_error, plan
        log = await b.call_tool("get_action_log", {})
        assert BOUTIQUE in str(log.structured_content)
    assert business.tokens.access_token != boutique.tokens.access_token
    # The boutique's call went to Pinterest with the boutique's own token, and Pinterest refused it.
    refusals = [r for r in team.emulator.log if r.path.startswith(f"/v5/ad_accounts/{seed.DEMO_ACCOUNT_ID}")]
    assert refusals and all(r.status == 403 for r in refusals)
    assert set(team.emulator.store.token_users.values()) == {BUSINESS, BOUTIQUE}


async def test_no_pinterest_token_reaches_the_database_a_log_or_a_client(team: Cluster) -> None:
    async with signed_in(team, BOUTIQUE) as client:
        result = await client.call_tool("list_ad_accounts", {})
    pinterest_tokens = list(team.emulator.store.access_tokens) + list(team.emulator.store.refresh_tokens)
    assert pinterest_tokens
    import psycopg

    with psycopg.connect(team.database_url) as conn:
        dump = ""
        for (table,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"):
            dump += repr(conn.execute(f"SELECT * FROM {table}").fetchall())  # noqa: S608 - our own tables
        people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
    assert people >= 1
    seen = dump + team.logs() + repr(result)
    assert not [t for t in pinterest_tokens if t in seen]


async def test_unauthenticated_expired_revoked_and_other_tokens_are_refused(team: Cluster) -> None:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    async with httpx2.AsyncClient() as raw:
        bare = await raw.post(team.url, json=body, headers=headers)
        assert bare.status_code == 401
        assert "resource_metadata=" in bare.headers["www-authenticate"]
        meta = (await raw.get(f"http://127.0.0.1:{team.nginx_port}/.well-known/oauth-authorization-server")).json()
        assert meta["code_challenge_methods_supported"] == ["S256"] and meta["registration_endpoint"]
        assert meta["revocation_endpoint"]
        forged = await raw.post(team.url, json=body, headers={**headers, "Authorization": "Bearer forged-token"})
        assert forged.status_code == 401
        # A Pinterest token is not a token of this server.
        pinterest = await raw.post(team.url, json=body, headers={**headers,
                                                                 "Authorization": f"Bearer {PINTEREST_TOKEN}"})
        assert pinterest.status_code == 401

    memory = Memory()
    async with signed_in(team, BOUTIQUE, memory) as client:
        assert not (await client.call_tool("list_ad_accounts", {})).is_error
    token = memory.tokens.access_token
    authed = {**headers, "Authorization": f"Bearer {token}"}
    async with httpx2.AsyncClient() as raw:
        assert (await raw.post(team.url, json=body, headers=authed)).status_code == 200
        # Expired: the database says so (as 15 minutes later).
        import psycopg

        with psycopg.connect(team.database_url, autocommit=True) as conn:
            conn.execute("UPDATE oauth_tokens SET expires_at = 0 WHERE kind = 'access'")
        assert (await raw.post(team.url, json=body, headers=authed)).status_code == 401

    # A refresh gives a new access token; revoking it ends the whole family.
    memory2 = Memory()
    async with signed_in(team, BUSINESS, memory2) as client:
        assert not (await client.call_tool("list_ad_accounts", {})).is_error
    client_info = memory2.client
    secret = {"client_secret": client_info.client_secret} if client_info.client_secret else {}
    token_url = f"http://127.0.0.1:{team.nginx_port}/token"
    async with httpx2.AsyncClient() as raw:
        # Refresh: a new pair; the old refresh token is spent and the old access token ends with it.
        old = memory2.tokens
        renewed = await raw.post(token_url, data={"grant_type": "refresh_token", "refresh_token": old.refresh_token,
                                                  "client_id": client_info.client_id, **secret})
        assert renewed.status_code == 200, renewed.text
        pair = renewed.json()
        assert pair["expires_in"] <= 15 * 60
        replay = await raw.post(token_url, data={"grant_type": "refresh_token", "refresh_token": old.refresh_token,
                                                 "client_id": client_info.client_id, **secret})
        assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
        assert (await raw.post(team.url, json=body, headers={**headers, "Authorization":
                                                             f"Bearer {old.access_token}"})).status_code == 401
        authed = {**headers, "Authorization": f"Bearer {pair['access_token']}"}
        assert (await raw.post(team.url, json=body, headers=authed)).status_code == 200
        # Revocation ends the whole family: the access token and its refresh token.
        revoked = await raw.post(f"http://127.0.0.1:{team.nginx_port}/revoke",
                                 data={"token": pair["access_token"], "client_id": client_info.client_id, **secret})
        assert revoked.status_code == 200, revoked.text
        assert (await raw.post(team.url, json=body, headers=authed)).status_code == 401
        again = await raw.post(token_url, data={"grant_type": "refresh_token", "refresh_token": pair["refresh_token"],
                                                "client_id": client_info.client_id, **secret})
        assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


async def test_a_persons_pinterest_token_is_renewed_for_that_person(team: Cluster) -> None:
    async with signed_in(team, BOUTIQUE) as b:
        args = {"ad_account_id": seed.EUR_ACCOUNT_ID}
        assert not (await b.call_tool("list_campaigns", args)).is_error
        store = team.emulator.store
        theirs = [t for t, user in store.token_users.items() if user == BOUTIQUE and t in store.access_tokens]
        for token in theirs:
            team.emulator.expire_access_token(token)
        team.emulator.reset_log()
        again = await b.call_tool("list_campaigns", args)
        assert not again.is_error, again
    refreshes = [r for r in team.emulator.log if r.path == "/v5/oauth/token"]
    assert len(refreshes) == 1 and refreshes[0].body["grant_type"] == "refresh_token"
    assert store.token_users[refreshes[0].body["refresh_token"]] == BOUTIQUE
    renewed = [t for t, user in store.token_users.items()
               if user == BOUTIQUE and t in store.access_tokens and t not in theirs]
    assert renewed  # the new token is the boutique's, stored (encrypted) for the next call
