"""Connect Pinterest from inside the chat.

When the server talks to real Pinterest but holds no access token (nothing configured, nothing
stored by ``pinterest-ads-mcp auth``), a tool call does not just fail: if the client supports
URL-mode elicitation, the server offers the person Pinterest's sign-in page for your app, waits for
Pinterest's redirect on the same loopback callback ``auth`` uses, stores the tokens in the state dir
exactly as ``auth`` does, and the call goes on. Without that support (or the app id and secret it
needs) the call is refused with the command to run.
"""

from __future__ import annotations

import logging
import secrets
import threading
from typing import Any

import anyio
import httpx2
from mcp.server.mcpserver.exceptions import ToolError
from mcp.shared.exceptions import NoBackChannelError, UrlElicitationRequiredError
from mcp_types import ElicitRequestURLParams

from ..pinterest.auth import TokenFile, exchange_code
from ..pinterest.errors import PinterestError
from ..pinterest.redact import REDACTOR
from .auth_cmd import (
    DEFAULT_PORT,
    AuthError,
    CallbackListener,
    build_authorize_url,
    endpoints,
    token_file_payload,
)
from .settings import Settings

log = logging.getLogger(__name__)

WAIT_S = 300.0
HOW_TO = ("No Pinterest account is connected. Run `pinterest-ads-mcp auth` in a terminal (it opens Pinterest's "
          "sign-in page and stores the tokens), or set PINTEREST_ACCESS_TOKEN, then call the tool again.")


def needs_connecting(runtime: Any, settings: Settings) -> bool:
    """Real Pinterest, one shared login, and no access token to send."""
    return (settings.mcp_auth == "token" and runtime.environment != "emulator"
            and runtime.client.tokens.authorization() is None)


def can_ask_url(ctx: Any) -> bool:
    caps = getattr(ctx, "client_capabilities", None)
    elicitation = getattr(caps, "elicitation", None) if caps is not None else None
    return elicitation is not None and getattr(elicitation, "url", None) is not None


class _SignIn:
    """One sign-in in flight: the loopback listener waits for Pinterest's redirect in a thread, trades
    the code and stores the tokens there, so the flow also completes when the call that offered the
    URL has already ended (a client without a back-channel retries the call once it is done)."""

    def __init__(self, runtime: Any, settings: Settings, port: int, transport: httpx2.AsyncBaseTransport | None,
                 app_id: str, app_secret: str) -> None:
        self.runtime, self.settings = runtime, settings
        self.app_id, self.app_secret, self.transport = app_id, app_secret, transport
        self.ends = endpoints(settings)
        self.state = secrets.token_urlsafe(24)
        self.elicitation_id = secrets.token_urlsafe(12)
        self.listener = CallbackListener(self.state, port).__enter__()
        self.url = build_authorize_url(self.ends.authorize_url, app_id=app_id,
                                       redirect_uri=self.listener.redirect_uri, state=self.state)
        self.done = threading.Event()
        self.error: str | None = None
        threading.Thread(target=self._finish, daemon=True).start()

    def _finish(self) -> None:
        try:
            code = self.listener.wait(WAIT_S)
            redirect_uri = self.listener.redirect_uri
            self.listener.__exit__(None, None, None)
            grant = anyio.run(self._exchange, code, redirect_uri)
            REDACTOR.add(grant.access_token, grant.refresh_token)
            # The running server uses the tokens before the file says they exist: whoever sees the file
            # (a retried call, another process) finds them in use.
            credentials = self.runtime.client.tokens.credentials
            credentials.refresh_token = grant.refresh_token or credentials.refresh_token
            credentials.app_id, credentials.app_secret = self.app_id, self.app_secret
            credentials.access_token = grant.access_token
            TokenFile(self.settings.state_dir).save(token_file_payload(grant, self.app_id, api_url=self.ends.api_url))
            log.info("Pinterest account connected from the chat; tokens stored in %s", self.settings.state_dir)
        except (AuthError, PinterestError, httpx2.HTTPError, OSError) as exc:
            self.error = REDACTOR.text(str(exc))
            self.listener.__exit__(None, None, None)
        finally:
            self.done.set()
            _PENDING.pop(id(self.runtime), None)

    async def _exchange(self, code: str, redirect_uri: str) -> Any:
        async with httpx2.AsyncClient(transport=self.transport, timeout=30) as http:
            return await exchange_code(http, self.ends.token_url, code=code, redirect_uri=redirect_uri,
                                       app_id=self.app_id, app_secret=self.app_secret)

    def cancel(self) -> None:
        _PENDING.pop(id(self.runtime), None)
        self.listener.__exit__(None, None, None)


_PENDING: dict[int, _SignIn] = {}
MESSAGE = ("Connect your Pinterest account: sign in on Pinterest and approve the app. The tool call goes on "
           "once Pinterest sends you back.")


async def connect(ctx: Any, runtime: Any, settings: Settings, *, port: int = DEFAULT_PORT,
                  transport: httpx2.AsyncBaseTransport | None = None) -> None:
    """Offer the sign-in URL; when the person is back, the tokens are stored and used; or refuse."""
    app_id = settings.app_id
    app_secret = settings.app_secret.get_secret_value() if settings.app_secret else None
    if not can_ask_url(ctx) or not app_id or not app_secret:
        raise ToolError(HOW_TO)
    signin = _PENDING.get(id(runtime))
    if signin is None:
        try:
            signin = _SignIn(runtime, settings, port, transport, app_id, app_secret)
        except AuthError as exc:  # the loopback port is taken
            raise ToolError(f"{exc} (PINTEREST_AUTH_PORT). " + HOW_TO) from None
        _PENDING[id(runtime)] = signin
    elif signin.listener.answered:
        # The person is back from Pinterest and the code is being traded: a call retried in that
        # moment waits for the tokens rather than being sent to sign in again.
        await _finished(signin, runtime)
        return
    try:
        answer = await ctx.elicit_url(MESSAGE, signin.url, signin.elicitation_id)
    except NoBackChannelError:
        # This transport cannot ask the client mid-call: the URL travels in the error (-32042); the
        # client opens it and calls again, by which time the listener has stored the tokens.
        raise UrlElicitationRequiredError([ElicitRequestURLParams(
            mode="url", message=MESSAGE, url=signin.url, elicitation_id=signin.elicitation_id)]) from None
    if getattr(answer, "action", None) != "accept":
        signin.cancel()
        raise ToolError("Not connected: the Pinterest sign-in was declined. " + HOW_TO)
    await _finished(signin, runtime)
    try:
        await ctx.request_context.session.send_elicit_complete(signin.elicitation_id)
    except Exception:  # noqa: BLE001 - the notification is a courtesy; the call goes on regardless
        log.debug("could not send elicitation/complete", exc_info=True)


async def _finished(signin: _SignIn, runtime: Any) -> None:
    """Wait for the sign-in to store its tokens; refuse with the reason when it did not."""
    await anyio.to_thread.run_sync(signin.done.wait, WAIT_S)
    if signin.error or runtime.client.tokens.authorization() is None:
        raise ToolError(f"Pinterest sign-in did not complete ({signin.error or 'no answer'}). " + HOW_TO)
