"""``pinterest-ads-mcp auth`` end to end: a real emulator on a loopback port, a stand-in browser
that follows the authorize redirect to the command's listener, and the token file it leaves."""

from __future__ import annotations

import io
import json
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx2
import pytest
import uvicorn

from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.config import EmulatorConfig
from pinterest_ads_mcp.pinterest.auth import Credentials, TokenFile, TokenManager
from pinterest_ads_mcp.server.app import build_client
from pinterest_ads_mcp.server.auth_cmd import AuthOptions, build_authorize_url, endpoints, run_auth
from pinterest_ads_mcp.server.settings import Settings

APP_ID, APP_SECRET = "app-1234", "app-secret-5678"


@dataclass
class LiveEmulator:
    base_url: str  # http://127.0.0.1:PORT/v5
    app: Any


@pytest.fixture(scope="module")
def live_emulator() -> Iterator[LiveEmulator]:
    """The emulator served by uvicorn in a thread on a free loopback port."""
    app = create_app(EmulatorConfig(token="static-token-not-used", app_id=APP_ID, app_secret=APP_SECRET))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started, "emulator did not start"
    try:
        yield LiveEmulator(f"http://127.0.0.1:{port}/v5", app)
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()


@pytest.fixture
def settings(tmp_path, monkeypatch, live_emulator) -> Settings:
    for key in (
        "PINTEREST_ACCESS_TOKEN",
        "PINTEREST_REFRESH_TOKEN",
        "PINTEREST_ENV",
        "PINTEREST_APP_ID",
        "PINTEREST_APP_SECRET",
        "PINTEREST_API_BASE_URL",
    ):
        monkeypatch.delenv(key, raising=False)
    return Settings(
        _env_file=None,
        ads_state_dir=tmp_path / "state",
        api_base_url=live_emulator.base_url,
        app_id=APP_ID,
        app_secret=APP_SECRET,
    )


def browser(
    tamper: Callable[[str], str] = lambda url: url, seen: list[str] | None = None
) -> Callable[[str], None]:
    """A stand-in for the person's browser: open the authorize URL, follow its 302 to the listener."""

    def open_url(url: str) -> None:
        if seen is not None:
            seen.append(url)
        with httpx2.Client(timeout=5) as http:
            answer = http.get(url)
            assert answer.status_code == 302, answer.text
            http.get(tamper(answer.headers["location"]))

    return open_url


def options(**kw: Any) -> AuthOptions:
    return AuthOptions(port=0, timeout=10, **kw)


async def test_code_exchanged_and_tokens_stored_0600(settings, live_emulator):
    out, err, seen = io.StringIO(), io.StringIO(), []
    code = await run_auth(settings, options(), opener=browser(seen=seen), out=out, err=err)
    assert code == 0, err.getvalue()

    # The authorize URL carries the app, the loopback redirect, the scopes and a random state.
    query = parse_qs(urlsplit(seen[0]).query)
    assert seen[0].startswith(live_emulator.base_url.removesuffix("/v5") + "/oauth/?")
    assert query["client_id"] == [APP_ID] and query["response_type"] == ["code"]
    assert query["redirect_uri"][0].startswith("http://localhost:") and query["redirect_uri"][0].endswith(
        "/callback"
    )
    # Pin search needs pins:read_secret and boards:read_secret (spec security of GET /search/pins); add_ads
    # makes pins (pins:write, boards:write).
    assert query["scope"] == [
        "ads:read,ads:write,pins:read,boards:read,user_accounts:read,pins:write,boards:write,pins:read_secret,"
        "boards:read_secret"
    ]
    assert len(query["state"][0]) >= 32

    path = settings.state_dir / "tokens.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())
    assert saved["origin"] == "auth" and saved["app_id"] == APP_ID
    assert saved["access_token"].startswith("pina_") and saved["refresh_token"].startswith("pinr_")
    assert set(saved["scope"].split()) >= {"ads:read", "ads:write", "user_accounts:read"}
    # The issued token is one the emulator accepts; no token on stdout, none on stderr.
    assert live_emulator.app.state.emulator.scopes_of(saved["access_token"])
    assert out.getvalue() == ""
    assert saved["access_token"] not in err.getvalue() and saved["refresh_token"] not in err.getvalue()
    assert "Connected" in err.getvalue() and str(path) in err.getvalue()


async def test_print_puts_env_lines_on_stdout_and_writes_no_file(settings):
    out, err = io.StringIO(), io.StringIO()
    assert await run_auth(settings, options(print_env=True), opener=browser(), out=out, err=err) == 0
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    assert lines["PINTEREST_ACCESS_TOKEN"].startswith("pina_")
    assert lines["PINTEREST_REFRESH_TOKEN"].startswith("pinr_")
    assert lines["PINTEREST_APP_ID"] == APP_ID
    assert not (settings.state_dir / "tokens.json").exists()
    assert lines["PINTEREST_ACCESS_TOKEN"] not in err.getvalue()


async def test_print_without_a_standard_output_is_refused_before_anything_is_traded(settings, monkeypatch):
    # pythonw, or a service started without a console: sys.stdout is None. The tokens must not be
    # issued and then lost (it used to trade the code, print nowhere and crash on flush).
    monkeypatch.setattr("sys.stdout", None)
    err, seen = io.StringIO(), []
    assert await run_auth(settings, options(print_env=True), opener=browser(seen=seen), err=err) == 2
    assert "--print writes the tokens to standard output" in err.getvalue()
    assert seen == []
    assert not (settings.state_dir / "tokens.json").exists()


def _with_state(value: str) -> Callable[[str], str]:
    def tamper(location: str) -> str:
        parts = urlsplit(location)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        query["state"] = value
        return urlunsplit(parts._replace(query=urlencode(query)))

    return tamper


async def test_state_mismatch_refused_and_code_not_exchanged(settings, live_emulator):
    emulator = live_emulator.app.state.emulator
    before = len(emulator.store.access_tokens)
    emulator.reset_log()
    err = io.StringIO()
    code = await run_auth(
        settings, options(), opener=browser(tamper=_with_state("forged")), out=io.StringIO(), err=err
    )
    assert code == 1
    assert "state did not match" in err.getvalue()
    assert not (settings.state_dir / "tokens.json").exists()
    assert len(emulator.store.access_tokens) == before
    assert not [r for r in emulator.log if r.path.startswith("/v5/oauth/token")]


async def test_denied_consent_is_reported(settings):
    def deny(location: str) -> str:
        parts = urlsplit(location)
        state = parse_qs(parts.query)["state"][0]
        return urlunsplit(parts._replace(query=urlencode({"error": "access_denied", "state": state})))

    err = io.StringIO()
    assert await run_auth(settings, options(), opener=browser(tamper=deny), out=io.StringIO(), err=err) == 1
    assert "did not grant access: access_denied" in err.getvalue()


async def test_wrong_app_secret_names_the_fix(settings):
    settings = settings.model_copy(update={"app_secret": None})
    err = io.StringIO()
    code = await run_auth(
        settings, options(app_secret="wrong-secret"), opener=browser(), out=io.StringIO(), err=err
    )
    assert code == 1
    assert "refused the authorization code" in err.getvalue() and "app id and secret" in err.getvalue()
    assert "wrong-secret" not in err.getvalue()


async def test_missing_app_credentials_named(settings):
    settings = settings.model_copy(update={"app_id": None, "app_secret": None})
    err = io.StringIO()
    assert await run_auth(settings, options(), opener=browser(), out=io.StringIO(), err=err) == 2
    assert "PINTEREST_APP_ID" in err.getvalue() and "PINTEREST_APP_SECRET" in err.getvalue()


async def test_busy_port_names_the_fix(settings):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        err = io.StringIO()
        opts = AuthOptions(port=busy.getsockname()[1], timeout=1)
        assert await run_auth(settings, opts, opener=browser(), out=io.StringIO(), err=err) == 1
    assert "--port" in err.getvalue()


async def test_no_redirect_times_out_with_advice(settings):
    err = io.StringIO()
    opts = AuthOptions(port=0, timeout=0.3, open_browser=False)
    assert await run_auth(settings, opts, out=io.StringIO(), err=err) == 1
    assert "No redirect arrived" in err.getvalue() and "redirect URI" in err.getvalue()


async def test_server_picks_up_stored_tokens(settings, live_emulator):
    """What auth stored is what the server uses at start, with no token in the environment."""
    assert await run_auth(settings, options(), opener=browser(), out=io.StringIO(), err=io.StringIO()) == 0
    fresh = Settings(
        _env_file=None,
        ads_state_dir=settings.state_dir,
        api_base_url=live_emulator.base_url,
        app_secret=APP_SECRET,
    )
    assert fresh.environment == "production"
    saved = TokenFile(settings.state_dir).load()
    assert saved["access_token"] in fresh.secrets()
    client, _ = build_client(fresh)
    async with client:
        me = await client.get_user_account()
        assert me.get("username")
        # An expired token renews itself with the stored refresh token and the app id from the file.
        live_emulator.app.state.emulator.expire_access_token(saved["access_token"])
        await client.get_user_account()
    renewed = json.loads((settings.state_dir / "tokens.json").read_text())
    assert renewed["origin"] == "auth" and renewed["access_token"] != saved["access_token"]
    assert renewed["scope"] == saved["scope"]
    assert stat.S_IMODE((settings.state_dir / "tokens.json").stat().st_mode) == 0o600


def test_environment_token_wins_over_stored_file(tmp_path):
    TokenFile(tmp_path).save({"origin": "auth", "access_token": "stored-access", "refresh_token": "stored-r"})
    explicit = Credentials(access_token="env-access")
    TokenManager(explicit, TokenFile(tmp_path))
    assert explicit.access_token == "env-access"
    implicit = Credentials()
    TokenManager(implicit, TokenFile(tmp_path), api_url="https://api.pinterest.com/v5")
    assert implicit.access_token == "stored-access" and implicit.refresh_token == "stored-r"


def test_authorize_endpoints_follow_settings(monkeypatch):
    for key in ("PINTEREST_API_BASE_URL", "PINTEREST_ENV"):
        monkeypatch.delenv(key, raising=False)
    prod = endpoints(Settings(_env_file=None, access_token="x"))
    assert prod.authorize_url == "https://www.pinterest.com/oauth/"
    assert prod.token_url == "https://api.pinterest.com/v5/oauth/token"
    emu = endpoints(Settings(_env_file=None, api_base_url="http://127.0.0.1:8811/v5"))
    assert emu.authorize_url == "http://127.0.0.1:8811/oauth/"
    assert emu.token_url == "http://127.0.0.1:8811/v5/oauth/token"
    assert (
        endpoints(Settings(_env_file=None), "https://example.test/auth").authorize_url
        == "https://example.test/auth"
    )
    url = build_authorize_url(
        "https://www.pinterest.com/oauth/", app_id="1", redirect_uri="http://localhost:1/callback", state="s"
    )
    assert "scope=ads%3Aread%2Cads%3Awrite%2Cpins%3Aread%2Cboards%3Aread%2Cuser_accounts%3Aread" in url
