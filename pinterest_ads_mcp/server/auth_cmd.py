"""``pinterest-ads-mcp auth``: connect a person's own Pinterest app with the OAuth code flow.

Pinterest only hands tokens to a registered redirect URI, so the command listens once on a
loopback port (``http://localhost:PORT/callback``, which the person registers in their app),
prints the authorize URL (and opens it unless ``--no-browser``), checks the ``state`` it gets
back (a mismatch means the redirect was not started here: refused, nothing exchanged), trades
the code at ``POST /oauth/token`` and then either stores the tokens in the state dir (mode 0600,
the file the server reads at start) or prints ``PINTEREST_*=`` lines with ``--print``.

Everything a person reads goes to stderr; stdout carries only the ``--print`` lines.
"""

from __future__ import annotations

import hmac
import secrets
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, Self, TextIO
from urllib.parse import parse_qs, urlencode, urlsplit

import anyio
import httpx2

from ..pinterest.auth import AUTH_ORIGIN, ISSUER_KEY, TokenFile, TokenGrant, exchange_code
from ..pinterest.errors import PinterestError
from ..pinterest.hosts import PRODUCTION_URL, SANDBOX_URL
from ..pinterest.scopes import REQUESTED_SCOPES
from .settings import Settings

# Every read and write the tools make: pin search also needs pins:read_secret and boards:read_secret, and
# add_ads pins:write and boards:write (it makes a pin from an image URL before promoting it).
SCOPES: tuple[str, ...] = REQUESTED_SCOPES
PRODUCTION_AUTHORIZE_URL = "https://www.pinterest.com/oauth/"
DEFAULT_PORT = 8085
CALLBACK_PATH = "/callback"


class AuthError(Exception):
    """The flow cannot go on; the message says what to do."""


@dataclass
class AuthOptions:
    app_id: str | None = None
    app_secret: str | None = None
    port: int = DEFAULT_PORT
    authorize_url: str | None = None
    open_browser: bool = True
    print_env: bool = False
    timeout: float = 300.0


@dataclass(frozen=True)
class Endpoints:
    authorize_url: str
    token_url: str
    api_url: str


def endpoints(settings: Settings, authorize_override: str | None = None) -> Endpoints:
    """Where to send the person and where to trade the code.

    Real Pinterest authorizes at www.pinterest.com. The code is traded at the same API host the
    server later refreshes at: api.pinterest.com, or api-sandbox.pinterest.com in sandbox mode (the
    sandbox is its own environment with its own tokens, so a production token would not work there).
    A custom ``PINTEREST_API_BASE_URL`` (an emulator, a proxy) is asked for both:
    ``<origin>/oauth/`` and ``<base>/oauth/token``.
    """
    base = (settings.api_base_url or "").rstrip("/")
    if base and base not in (PRODUCTION_URL, SANDBOX_URL):
        parts = urlsplit(base)
        authorize = f"{parts.scheme}://{parts.netloc}/oauth/"
        token_url, api_url = f"{base}/oauth/token", base
    else:
        api_url = SANDBOX_URL if settings.env == "sandbox" and not base else (base or PRODUCTION_URL)
        authorize, token_url = PRODUCTION_AUTHORIZE_URL, f"{api_url}/oauth/token"
    return Endpoints(authorize_override or authorize, token_url, api_url)


def build_authorize_url(
    base: str, *, app_id: str, redirect_uri: str, state: str, scopes: tuple[str, ...] = SCOPES
) -> str:
    """The URL the person opens. Pinterest takes the scopes comma-separated."""
    query = urlencode(
        {
            "client_id": app_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": ",".join(scopes),
            "state": state,
        }
    )
    return f"{base}{'&' if '?' in base else '?'}{query}"


_DONE_PAGE = (
    "<!doctype html><meta charset=utf-8><title>pinterest-ads-mcp</title>"
    "<body style='font-family:sans-serif'><h1>{title}</h1><p>{text}</p></body>"
)


class CallbackListener:
    """A one-shot loopback HTTP server that waits for Pinterest's redirect to ``/callback``.

    Runs in its own thread so the browser (or a test standing in for it) can talk to it while the
    command waits. Only the first request to the callback path counts, whatever it says: a wrong
    ``state`` ends the flow rather than waiting for a better one.
    """

    def __init__(self, expected_state: str, port: int = DEFAULT_PORT, host: str = "127.0.0.1") -> None:
        self.expected_state = expected_state
        self._done = threading.Event()
        self.code: str | None = None
        self.error: str | None = None
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # http.server's naming
                parts = urlsplit(self.path)
                if parts.path != CALLBACK_PATH or listener._done.is_set():
                    self._page(404, "Not here", "This is pinterest-ads-mcp's sign-in listener.")
                    return
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                ok, title, text = listener._accept(query)
                self._page(200 if ok else 400, title, text)

            def _page(self, status: int, title: str, text: str) -> None:
                body = _DONE_PAGE.format(title=title, text=text).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return  # the query holds the code: never echo it

        try:
            self._server = HTTPServer((host, port), Handler)
        except OSError as exc:
            raise AuthError(
                f"Cannot listen on {host}:{port} ({exc.strerror or exc}). Pass --port N with a free port "
                f"and register http://localhost:N{CALLBACK_PATH} as a redirect URI in your Pinterest app."
            ) from None
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._serve, name="oauth-callback", daemon=True)

    @property
    def redirect_uri(self) -> str:
        return f"http://localhost:{self.port}{CALLBACK_PATH}"

    @property
    def answered(self) -> bool:
        """The redirect came (or the listener was closed): no later one will be read."""
        return self._done.is_set()

    def _serve(self) -> None:
        self._server.timeout = 0.2
        while not self._done.is_set():
            self._server.handle_request()

    def _accept(self, query: dict[str, str]) -> tuple[bool, str, str]:
        try:
            if not hmac.compare_digest(query.get("state", ""), self.expected_state):
                self.error = (
                    "The redirect's state did not match the one this command sent: it was not "
                    "started here (or is stale), so its code was not used. Run the command again."
                )
                return False, "Refused", "The state did not match. Nothing was connected."
            if query.get("error"):
                reason = query.get("error_description") or query["error"]
                self.error = f"Pinterest did not grant access: {reason}."
                return False, "Not connected", f"Pinterest said: {reason}"
            if not query.get("code"):
                self.error = "The redirect carried no authorization code. Run the command again."
                return False, "Not connected", "No code arrived."
            self.code = query["code"]
            return True, "Connected", "You can close this tab and go back to the terminal."
        finally:
            self._done.set()

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join(timeout=2)
        self._server.server_close()

    def wait(self, timeout: float) -> str:
        """The authorization code, once the redirect came (raises AuthError otherwise)."""
        if not self._done.wait(timeout):
            raise AuthError(
                f"No redirect arrived within {int(timeout)} s. Check that {self.redirect_uri} is registered "
                "as a redirect URI in your Pinterest app, then run the command again."
            )
        if self.error or not self.code:
            raise AuthError(self.error or "No authorization code arrived.")
        return self.code


def token_file_payload(grant: TokenGrant, app_id: str, now: float | None = None, *,
                       api_url: str | None = None) -> dict[str, str]:
    """What goes in the state dir: the format ``TokenManager`` reads at start (plus non-secret facts,
    among them the API the tokens were issued for: they are sent nowhere else)."""
    now = time.time() if now is None else now
    payload = {
        "origin": AUTH_ORIGIN,
        ISSUER_KEY: api_url or PRODUCTION_URL,
        "access_token": grant.access_token,
        "refresh_token": grant.refresh_token or "",
        "scope": grant.scope,
        "app_id": app_id,
    }
    if grant.expires_in is not None:
        payload["expires_at"] = str(int(now) + grant.expires_in)
    if grant.refresh_token_expires_in is not None:
        payload["refresh_token_expires_at"] = str(int(now) + grant.refresh_token_expires_in)
    return payload


async def run_auth(
    settings: Settings,
    options: AuthOptions,
    *,
    opener: Callable[[str], Any] = webbrowser.open,
    transport: httpx2.AsyncBaseTransport | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """The whole flow; returns the process exit code. ``opener`` is the browser (tests pass their own)."""
    # sys.stdout is None when the process has no standard output (pythonw, a service without a console).
    stdout: TextIO | None = out or sys.stdout
    err = err or sys.stderr

    def say(text: str) -> None:
        print(text, file=err, flush=True)

    if options.print_env and stdout is None:
        # Checked before anything is traded: the tokens would be issued and then lost.
        say("error: --print writes the tokens to standard output, and this process has none. "
            "Run it from a terminal, or leave out --print to store the tokens in the state directory.")
        return 2
    app_id = options.app_id or settings.app_id
    app_secret = options.app_secret or (
        settings.app_secret.get_secret_value() if settings.app_secret else None
    )
    if not app_id or not app_secret:
        say(
            "error: the app id and secret of your Pinterest app are needed. Set PINTEREST_APP_ID and "
            "PINTEREST_APP_SECRET (or pass --app-id/--app-secret). Create an app at "
            "https://developers.pinterest.com/apps/ if you have none."
        )
        return 2
    ends = endpoints(settings, options.authorize_url)
    if settings.env == "sandbox":
        say(
            "Sandbox mode: the code is traded and later renewed at "
            f"{ends.token_url}. Pinterest also issues a sandbox token on your app's page "
            "(https://developers.pinterest.com/apps/ -> your app): if this sign-in is refused, generate "
            "that token and set PINTEREST_ACCESS_TOKEN to it instead."
        )
    state = secrets.token_urlsafe(24)
    try:
        with CallbackListener(state, options.port) as listener:
            url = build_authorize_url(
                ends.authorize_url, app_id=app_id, redirect_uri=listener.redirect_uri, state=state
            )
            say(f"Redirect URI (register it in your Pinterest app): {listener.redirect_uri}")
            say(
                f"Open this URL to let pinterest-ads-mcp use your account "
                f"(scopes {', '.join(SCOPES)}):\n\n  {url}\n"
            )
            if options.open_browser:
                say("Opening your browser (skip with --no-browser)...")
                try:
                    await anyio.to_thread.run_sync(opener, url)
                except Exception as exc:  # noqa: BLE001 - a missing browser is not fatal: the URL is on screen
                    say(f"Could not open a browser ({type(exc).__name__}); open the URL yourself.")
            say(f"Waiting for Pinterest to redirect to {listener.redirect_uri} ...")
            code = await anyio.to_thread.run_sync(listener.wait, options.timeout)
            redirect_uri = listener.redirect_uri
        async with httpx2.AsyncClient(transport=transport, timeout=30) as http:
            grant = await exchange_code(
                http,
                ends.token_url,
                code=code,
                redirect_uri=redirect_uri,
                app_id=app_id,
                app_secret=app_secret,
            )
            who = await _whoami(http, ends.api_url, grant.access_token)
    except AuthError as exc:
        say(f"error: {exc}")
        return 1
    except PinterestError as exc:
        say(f"error: {exc} Check the app id and secret, and that the redirect URI is registered exactly.")
        return 1
    except httpx2.HTTPError as exc:
        say(
            f"error: could not reach {ends.token_url} ({type(exc).__name__}). Check the network and try again."
        )
        return 1

    say(f"Connected{f' as {who}' if who else ''}. Granted scopes: {grant.scope or '(none reported)'}")
    missing = [s for s in SCOPES if s not in grant.scopes]
    if missing:
        say(
            f"warning: Pinterest did not grant {', '.join(missing)}; tools that need them will fail. "
            "Make sure your app has access to them and approve every scope on the consent page."
        )
    if options.print_env and stdout is not None:
        print(f"PINTEREST_ACCESS_TOKEN={grant.access_token}", file=stdout)
        if grant.refresh_token:
            print(f"PINTEREST_REFRESH_TOKEN={grant.refresh_token}", file=stdout)
        print(f"PINTEREST_APP_ID={app_id}", file=stdout)
        stdout.flush()
        say(
            "Put these lines in your MCP client's env (or a .env file) along with PINTEREST_APP_SECRET, "
            "so the token can renew itself."
        )
        return 0
    token_file = TokenFile(settings.state_dir)
    try:
        token_file.save(token_file_payload(grant, app_id, api_url=ends.api_url))
    except OSError as exc:
        say(
            f"error: could not write {token_file.path} ({exc.strerror or exc}). Set PINTEREST_ADS_STATE_DIR "
            "to a writable folder, or run with --print to get the environment lines instead."
        )
        return 1
    say(
        f"Saved the tokens to {token_file.path} (readable by you only). The server uses them whenever "
        "PINTEREST_ACCESS_TOKEN is not set."
    )
    if not settings.app_secret:
        say(
            "To let the access token renew itself, also give the server PINTEREST_APP_SECRET "
            "(your app's secret). Check everything with `pinterest-ads-mcp doctor`."
        )
    else:
        say("Check everything with `pinterest-ads-mcp doctor`.")
    return 0


async def _whoami(http: httpx2.AsyncClient, api_url: str, access_token: str) -> str | None:
    """The username the new token belongs to, for a reassuring line; None if it cannot be read."""
    try:
        response = await http.get(
            f"{api_url}/user_account",
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
        )
        if response.status_code == 200:
            body = response.json()
            return str(body.get("username")) if isinstance(body, dict) and body.get("username") else None
    except (httpx2.HTTPError, ValueError):
        pass
    return None
