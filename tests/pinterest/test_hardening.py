"""The API client's own defences: where stored tokens may go, how the token file is written, how
reports are downloaded and how far pagination follows an upstream."""

from __future__ import annotations

import json
import os
from typing import Any

import httpx2
import pytest

from pinterest_ads_mcp.pinterest.auth import Credentials, TokenFile, TokenManager
from pinterest_ads_mcp.pinterest.client import PinterestClient
from pinterest_ads_mcp.pinterest.errors import AuthenticationFailed, PinterestError, UnsafeUpstream
from pinterest_ads_mcp.pinterest.hosts import PRODUCTION_URL, REPORT_HOSTS, report_refusal
from pinterest_ads_mcp.pinterest.redact import REDACTOR, basic_value
from pinterest_ads_mcp.server.app import build_client
from pinterest_ads_mcp.server.settings import Settings

from .conftest import FAST_RETRY

REPORT_URL = f"https://{min(REPORT_HOSTS)}/r.json"


# -- stored tokens go only to the API that issued them ---------------------------------------------
def _seen_authorization(handler_log: list[httpx2.Request]) -> list[str]:
    return [r.headers.get("authorization", "") for r in handler_log]


async def test_stored_tokens_are_not_sent_to_a_base_url_from_a_dotenv(tmp_path, monkeypatch):
    state = tmp_path / "state"
    TokenFile(state).save({"origin": "auth", "api_url": PRODUCTION_URL, "access_token": "stored-auth-token-1",
                           "refresh_token": "stored-refresh-1", "app_id": "1"})
    work = tmp_path / "cloned-repo"
    work.mkdir()
    (work / ".env").write_text("PINTEREST_API_BASE_URL=https://collector.example/v5\n")
    monkeypatch.chdir(work)
    for key in ("PINTEREST_ACCESS_TOKEN", "PINTEREST_API_BASE_URL", "PINTEREST_ENV"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PINTEREST_ADS_STATE_DIR", str(state))
    settings = Settings()
    assert settings.base_url == "https://collector.example/v5"
    assert settings.stored_tokens() is None and settings.stored_tokens_elsewhere() is not None
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(401, json={"code": 2, "message": "no"})

    client, _ = build_client(settings, transport=httpx2.MockTransport(handler), retry=FAST_RETRY)
    async with client:
        with pytest.raises(AuthenticationFailed):
            await client.get_user_account()
    assert seen and all("stored-auth-token-1" not in a for a in _seen_authorization(seen))


async def test_stored_tokens_still_go_to_the_api_that_issued_them(tmp_path, monkeypatch):
    state = tmp_path / "state"
    for key in ("PINTEREST_ACCESS_TOKEN", "PINTEREST_API_BASE_URL", "PINTEREST_ENV"):
        monkeypatch.delenv(key, raising=False)
    TokenFile(state).save({"origin": "auth", "api_url": "http://127.0.0.1:8811/v5",
                           "access_token": "stored-auth-token-2", "refresh_token": ""})
    settings = Settings(_env_file=None, ads_state_dir=state, api_base_url="http://127.0.0.1:8811/v5")
    assert settings.stored_tokens() is not None
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json={"username": "u"})

    client, _ = build_client(settings, transport=httpx2.MockTransport(handler))
    async with client:
        await client.get_user_account()
    assert _seen_authorization(seen) == ["Bearer stored-auth-token-2"]
    # A file written before the issuer was recorded came from `auth` against Pinterest itself.
    TokenFile(state).save({"origin": "auth", "access_token": "legacy-token-3"})
    legacy = Credentials()
    TokenManager(legacy, TokenFile(state), api_url="http://127.0.0.1:8811/v5")
    assert legacy.access_token is None
    TokenManager(legacy, TokenFile(state), api_url=PRODUCTION_URL)
    assert legacy.access_token == "legacy-token-3"


# -- the token file ------------------------------------------------------------------------------
def test_saving_tokens_does_not_follow_a_planted_tmp_symlink(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (state / "tokens.tmp").symlink_to(victim)
    TokenFile(state).save({"origin": "auth", "access_token": "fresh-token-4"})
    assert victim.read_text() == "precious"
    saved = state / "tokens.json"
    assert not saved.is_symlink() and json.loads(saved.read_text())["access_token"] == "fresh-token-4"
    assert saved.stat().st_mode & 0o777 == 0o600
    assert state.stat().st_mode & 0o777 == 0o700
    assert not [p for p in state.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()]


def test_token_file_and_folder_made_loose_are_tightened_at_start(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    path = state / "tokens.json"
    path.write_text(json.dumps({"origin": "auth", "access_token": "t-5"}))
    os.chmod(state, 0o755)
    os.chmod(path, 0o644)
    TokenManager(Credentials(), TokenFile(state), api_url=PRODUCTION_URL)
    assert state.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600


def test_reading_tokens_does_not_follow_a_link(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    elsewhere = tmp_path / "other.json"
    elsewhere.write_text(json.dumps({"origin": "auth", "access_token": "planted-6"}))
    (state / "tokens.json").symlink_to(elsewhere)
    assert TokenFile(state).load() == {}


# -- one redaction, current after a refresh ------------------------------------------------------
async def test_redactor_knows_tokens_a_refresh_rotated_in():
    rotated, refresh = "rotated-access-7f1e9c", "rotated-refresh-2a8b4d"

    def handler(request: httpx2.Request) -> httpx2.Response:
        if request.url.path.endswith("/oauth/token"):
            return httpx2.Response(200, json={"access_token": rotated, "refresh_token": refresh})
        if request.headers["authorization"] == "Bearer old-access-0c1d2e":
            return httpx2.Response(401, json={"code": 2, "message": "expired"})
        return httpx2.Response(400, json={"code": 1, "message": f"you sent {request.headers['authorization']}"},
                              headers={"x-pinterest-rid": f"rid-{rotated}"})

    creds = Credentials(access_token="old-access-0c1d2e", refresh_token="old-refresh-9f8e7d", app_id="77",
                        app_secret="app-secret-5e6f7a")
    async with PinterestClient("https://api.pinterest.com/v5", creds, transport=httpx2.MockTransport(handler),
                               retry=FAST_RETRY) as client:
        with pytest.raises(PinterestError) as err:
            await client.get_user_account()
    text = str(err.value)
    assert "you sent" in text and rotated not in text and "[redacted]" in text
    for value in ("app-secret-5e6f7a", basic_value("77", "app-secret-5e6f7a"), refresh, "old-refresh-9f8e7d"):
        assert REDACTOR.text(f"x {value} y") == "x [redacted] y"


# -- report downloads ----------------------------------------------------------------------------
@pytest.mark.parametrize(("url", "base", "allowed"), [
    (REPORT_URL, PRODUCTION_URL, True),
    ("http://127.0.0.1:8811/_downloads/r.json", "http://127.0.0.1:8811/v5", True),  # the emulator's own origin
    ("http://127.0.0.1:9999/_downloads/r.json", "http://127.0.0.1:8811/v5", False),  # another loopback port
    ("http://127.0.0.1:8811/_downloads/r.json", PRODUCTION_URL, False),
    ("https://api.pinterest.com/v5/secret", PRODUCTION_URL, False),
    ("http://[::1]/r.json", PRODUCTION_URL, False),
    ("http://10.0.0.8/r.json", PRODUCTION_URL, False),
    ("file:///etc/passwd", PRODUCTION_URL, False),
    ("https://advertising-delivery-metric-reports.s3.amazonaws.com.evil.example/r.json", PRODUCTION_URL, False),
])
def test_report_hosts_are_pinterests_or_the_emulators_own(url, base, allowed):
    assert (report_refusal(url, base) is None) is allowed


class _Endless(httpx2.AsyncByteStream):
    def __init__(self) -> None:
        self.sent = 0

    async def __aiter__(self):
        while True:
            self.sent += 65536
            yield b" " * 65536


async def test_report_download_is_streamed_and_stops_at_the_cap():
    stream = _Endless()

    def handler(request: httpx2.Request) -> httpx2.Response:
        assert "authorization" not in request.headers  # a pre-signed URL gets no token
        return httpx2.Response(200, stream=stream)

    async with PinterestClient(PRODUCTION_URL, Credentials(access_token="tok-8a9b0c"),
                               transport=httpx2.MockTransport(handler)) as client:
        client.max_report_bytes = 2_000_000
        with pytest.raises(UnsafeUpstream, match="cap"):
            await client.download(REPORT_URL)
    assert 2_000_000 < stream.sent < 2_000_000 + 3 * 65536  # read up to the cap, no further


async def test_report_redirect_is_not_followed():
    seen: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(str(request.url))
        return httpx2.Response(302, headers={"location": "http://169.254.169.254/latest"})

    async with PinterestClient(PRODUCTION_URL, Credentials(access_token="tok-8a9b0c"),
                               transport=httpx2.MockTransport(handler)) as client:
        with pytest.raises(UnsafeUpstream, match="redirect"):
            await client.download(REPORT_URL)
    assert seen == [REPORT_URL]


async def test_api_redirect_is_refused_and_not_followed():
    seen: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request.url.host)
        return httpx2.Response(307, headers={"location": "https://collector.example/v5/user_account"})

    async with PinterestClient(PRODUCTION_URL, Credentials(access_token="tok-8a9b0c"),
                               transport=httpx2.MockTransport(handler), retry=FAST_RETRY) as client:
        with pytest.raises(UnsafeUpstream, match="collector.example"):
            await client.get_user_account()
    assert seen == ["api.pinterest.com"]


# -- pagination ----------------------------------------------------------------------------------
def _pager(bookmark_of: Any) -> tuple[httpx2.MockTransport, list[int]]:
    pages: list[int] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        pages.append(1)
        return httpx2.Response(200, json={"items": [{"id": str(len(pages))}], "bookmark": bookmark_of(len(pages))})

    return httpx2.MockTransport(handler), pages


@pytest.mark.parametrize(("bookmark_of", "limit", "expected_pages", "why"), [
    (lambda n: "again", None, 2, "already given"),
    (lambda n: f"b{n}", None, 200, "200 pages"),
    (lambda n: f"b{n}", 1000, 200, "200 pages"),
    (lambda n: "a" if n % 2 else "b", None, 3, "already given"),
], ids=["same-bookmark", "endless", "endless-with-limit", "alternating"])
async def test_pagination_stops_on_a_repeated_bookmark_or_at_the_page_cap(bookmark_of, limit, expected_pages, why):
    transport, pages = _pager(bookmark_of)
    async with PinterestClient(PRODUCTION_URL, Credentials(access_token="tok-8a9b0c"), transport=transport,
                               retry=FAST_RETRY) as client:
        with pytest.raises(UnsafeUpstream, match=why):
            await client.paginate("/ad_accounts", category="ads_read", limit=limit)
    assert len(pages) == expected_pages


async def test_pagination_ends_normally_within_the_caps():
    transport, _ = _pager(lambda n: f"b{n}" if n < 5 else None)
    async with PinterestClient(PRODUCTION_URL, Credentials(access_token="tok-8a9b0c"), transport=transport) as client:
        items = await client.paginate("/ad_accounts", category="ads_read")
    assert [i["id"] for i in items] == ["1", "2", "3", "4", "5"]




async def test_a_secret_spelt_with_json_escapes_is_still_redacted():
    token = "escaped-access-4d5e6f7a"
    spelt = "".join(f"\\u{ord(c):04x}" for c in token)  # every character as a \uXXXX escape

    def handler(request: httpx2.Request) -> httpx2.Response:
        body = '{"username": "u", "about": "' + spelt + '", "plain": "' + token + '"}'
        return httpx2.Response(200, content=body.encode(), headers={"content-type": "application/json"})

    async with PinterestClient(PRODUCTION_URL, Credentials(access_token=token),
                               transport=httpx2.MockTransport(handler)) as client:
        me = await client.get_user_account()
    assert me == {"username": "u", "about": "[redacted]", "plain": "[redacted]"}
