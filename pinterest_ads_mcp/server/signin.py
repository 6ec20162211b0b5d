"""Sign-in per person (``PINTEREST_MCP_AUTH=pinterest``), by the MCP authorization spec.

The server is an OAuth 2.1 protected resource with its own authorization server, built on the MCP
SDK's auth support (metadata per RFC 8414 and RFC 9728, dynamic client registration per RFC 7591,
PKCE S256, revocation, ``WWW-Authenticate`` on 401). Its authorize step delegates the person's
sign-in to Pinterest OAuth: the person approves our Pinterest app, Pinterest redirects to
``/pinterest/callback``, the server trades the code for that person's Pinterest tokens, stores them
encrypted (Fernet, ``PINTEREST_ADS_TOKEN_KEY``) and only then hands the MCP client an authorization
code of its own. MCP access tokens live 15 minutes (refresh tokens rotate on use); every tool call
runs with the caller's own Pinterest token, renewed per person.

Everything is kept in PostgreSQL, so any replica can serve any step. Codes and tokens are stored as
SHA-256 hashes; Pinterest tokens only encrypted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

import httpx2
from cryptography.fernet import Fernet, InvalidToken
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import (
    AccessToken,
    AuthorizationCode,
    AuthorizationParams,
    RefreshToken,
    TokenError,
    construct_redirect_uri,
)
from mcp.server.auth.settings import AuthSettings, ClientRegistrationOptions, RevocationOptions
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken
from pydantic import AnyHttpUrl, ConfigDict, TypeAdapter, ValidationError
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..pinterest.auth import Credentials, TokenManager, exchange_code
from ..pinterest.errors import AuthenticationFailed, PinterestError
from ..pinterest.redact import REDACTOR
from .auth_cmd import build_authorize_url, endpoints
from .settings import Settings

log = logging.getLogger(__name__)

SCOPE = "pinterest-ads"
ACCESS_TTL_S = 15 * 60
REFRESH_TTL_S = 30 * 86_400
CODE_TTL_S = 5 * 60
REQUEST_TTL_S = 10 * 60
CALLBACK_PATH = "/pinterest/callback"


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class SignInConfigError(ValueError):
    """Per-person sign-in cannot start: says which setting is missing or wrong."""


def check_settings(settings: Settings) -> Fernet:
    """The token cipher, or a :class:`SignInConfigError` naming what this mode needs."""
    missing = [name for name, value in (
        ("PINTEREST_ADS_DATABASE_URL", settings.database_url),
        ("PINTEREST_MCP_PUBLIC_URL", settings.mcp_public_url),
        ("PINTEREST_APP_ID", settings.app_id),
        ("PINTEREST_APP_SECRET", settings.app_secret),
        ("PINTEREST_ADS_TOKEN_KEY", settings.ads_token_key)) if not value]
    if missing:
        raise SignInConfigError("PINTEREST_MCP_AUTH=pinterest (sign-in per person) needs " + ", ".join(missing))
    _public_url(settings)  # a value the sign-in cannot be served at fails here, naming the setting
    assert settings.ads_token_key is not None
    try:
        return Fernet(settings.ads_token_key.get_secret_value().encode())
    except (ValueError, TypeError):
        raise SignInConfigError(
            "PINTEREST_ADS_TOKEN_KEY must be a Fernet key (32 random bytes, URL-safe base64): make one with "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from None


# The SDK's AuthSettings keeps a path-less URL as given (no trailing slash): the issuer is compared
# as an exact string (RFC 8414), so its URLs are built the same way here.
_URL = TypeAdapter(AnyHttpUrl, config=ConfigDict(url_preserve_empty_path=True))


def _public_url(settings: Settings, path: str = "") -> AnyHttpUrl:
    """PINTEREST_MCP_PUBLIC_URL (plus ``path``) as the URL type the SDK's AuthSettings takes."""
    try:
        return _URL.validate_python((settings.mcp_public_url or "").rstrip("/") + path)
    except ValidationError:
        raise SignInConfigError(
            "PINTEREST_MCP_PUBLIC_URL must be the http(s) address clients reach this server at (for example "
            f"https://ads-mcp.example.com), not {settings.mcp_public_url!r}"
        ) from None


def auth_settings(settings: Settings) -> AuthSettings:
    return AuthSettings(
        issuer_url=_public_url(settings),
        resource_server_url=_public_url(settings, "/mcp"),
        validate_token_resource=True,
        required_scopes=[SCOPE],
        client_registration_options=ClientRegistrationOptions(enabled=True, valid_scopes=[SCOPE],
                                                              default_scopes=[SCOPE]),
        revocation_options=RevocationOptions(enabled=True),
    )


@dataclass
class Person:
    subject: str
    username: str


def current_person() -> Person | None:
    """The signed-in person whose request this is (None outside per-person mode)."""
    token = get_access_token()
    if token is None or not token.subject:
        return None
    return Person(token.subject, str((token.claims or {}).get("username") or token.subject))


def actor() -> str | None:
    """Who is acting, for the audit log."""
    person = current_person()
    return f"{person.username} (Pinterest user {person.subject})" if person else None


class People:
    """Each person's Pinterest tokens, encrypted at rest in PostgreSQL."""

    def __init__(self, database: Any, cipher: Fernet) -> None:
        self.db = database
        self.cipher = cipher

    def save(self, subject: str, username: str, tokens: dict[str, str]) -> None:
        REDACTOR.add(tokens.get("access_token"), tokens.get("refresh_token"))
        sealed = self.cipher.encrypt(json.dumps(tokens).encode())
        self.db.run(lambda c: c.execute(
            "INSERT INTO people (subject, username, tokens, updated_at) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (subject) DO UPDATE SET username = EXCLUDED.username, tokens = EXCLUDED.tokens,"
            " updated_at = EXCLUDED.updated_at", (subject, username, sealed, time.time())))

    def load(self, subject: str) -> dict[str, str] | None:
        row = self.db.run(lambda c: c.execute("SELECT tokens FROM people WHERE subject = %s",
                                              (subject,)).fetchone())
        if row is None:
            return None
        try:
            tokens = json.loads(self.cipher.decrypt(bytes(row[0])))
        except InvalidToken:
            log.error("stored Pinterest tokens of %s cannot be decrypted: was PINTEREST_ADS_TOKEN_KEY changed?",
                      subject)
            return None
        REDACTOR.add(tokens.get("access_token"), tokens.get("refresh_token"))
        return tokens


class _PersonFile:
    """What TokenManager saves renewed tokens to: the person's encrypted row."""

    def __init__(self, people: People, person: Person) -> None:
        self.people, self.person = people, person

    def load(self) -> dict[str, str]:
        return {}

    def tighten(self) -> None:
        """Nothing on disk to tighten."""

    def save(self, tokens: dict[str, str]) -> None:
        self.people.save(self.person.subject, self.person.username,
                         {"access_token": tokens.get("access_token", ""),
                          "refresh_token": tokens.get("refresh_token", "")})


class PeopleTokens:
    """The API client's token source in per-person mode: the calling person's Pinterest token,
    renewed per person. Same interface as :class:`~pinterest_ads_mcp.pinterest.auth.TokenManager`."""

    def __init__(self, people: People, app_id: str, app_secret: str) -> None:
        self.people = people
        self.app_id, self.app_secret = app_id, app_secret
        self._managers: dict[str, TokenManager] = {}

    def _manager(self) -> TokenManager:
        person = current_person()
        if person is None:
            raise AuthenticationFailed("No signed-in person for this request: sign in again")
        manager = self._managers.get(person.subject)
        if manager is None:
            stored = self.people.load(person.subject)
            if not stored:
                raise AuthenticationFailed("No Pinterest tokens are stored for you: sign in again")
            manager = TokenManager(Credentials(access_token=stored.get("access_token"),
                                               refresh_token=stored.get("refresh_token") or None,
                                               app_id=self.app_id, app_secret=self.app_secret),
                                   _PersonFile(self.people, person))  # type: ignore[arg-type]
            self._managers[person.subject] = manager
        return manager

    @property
    def credentials(self) -> Credentials:
        return self._manager().credentials

    @property
    def generation(self) -> int:
        return self._manager().generation

    def authorization(self) -> str | None:
        return self._manager().authorization()

    async def refresh(self, http: httpx2.AsyncClient, token_url: str, seen_generation: int) -> bool:
        """Pinterest refused the person's access token: renew it with the newest refresh token any
        replica stored (another replica, or a new sign-in, may have rotated it since)."""
        manager = self._manager()
        person = current_person()
        assert person is not None
        stored = self.people.load(person.subject) or {}
        if stored.get("refresh_token"):
            manager.credentials.refresh_token = stored["refresh_token"]
        return await manager.refresh(http, token_url, seen_generation)


class PinterestSignIn:
    """The MCP SDK's ``OAuthAuthorizationServerProvider``, delegating sign-in to Pinterest."""

    def __init__(self, settings: Settings, cipher: Fernet) -> None:
        self.settings = settings
        self.cipher = cipher
        self.public = (settings.mcp_public_url or "").rstrip("/")
        self.database: Any = None  # set by the server's lifespan
        self.http: httpx2.AsyncClient | None = None

    def auth_settings(self) -> AuthSettings:
        return auth_settings(self.settings)

    @property
    def redirect_uri(self) -> str:
        return self.public + CALLBACK_PATH

    def _db(self) -> Any:
        if self.database is None:
            raise RuntimeError("the server is still starting")
        return self.database

    # -- clients (RFC 7591) ---------------------------------------------------------------------
    async def get_client(self, client_id: str) -> OAuthClientInformationFull | None:
        row = self._db().run(lambda c: c.execute("SELECT info FROM oauth_clients WHERE client_id = %s",
                                                 (client_id,)).fetchone())
        return OAuthClientInformationFull.model_validate_json(row[0]) if row else None

    async def register_client(self, client_info: OAuthClientInformationFull) -> None:
        self._db().run(lambda c: c.execute(
            "INSERT INTO oauth_clients (client_id, info, created_at) VALUES (%s, %s, %s)",
            (client_info.client_id, client_info.model_dump_json(), time.time())))

    # -- authorize: off to Pinterest, back through the callback -----------------------------------
    async def authorize(self, client: OAuthClientInformationFull, params: AuthorizationParams) -> str:
        state = secrets.token_urlsafe(32)
        self._db().run(lambda c: c.execute(
            "INSERT INTO oauth_requests (state_hash, client_id, params, expires_at) VALUES (%s, %s, %s, %s)",
            (_hash(state), client.client_id, params.model_dump_json(), time.time() + REQUEST_TTL_S)))
        ends = endpoints(self.settings)
        return build_authorize_url(ends.authorize_url, app_id=self.settings.app_id or "",
                                   redirect_uri=self.redirect_uri, state=state)

    async def callback(self, request: Request) -> Response:
        """Pinterest's redirect: trade its code for the person's tokens, then send the person back
        to their MCP client with our own authorization code."""
        state = request.query_params.get("state") or ""
        row = self._db().run(lambda c: c.execute(
            "DELETE FROM oauth_requests WHERE state_hash = %s RETURNING client_id, params, expires_at",
            (_hash(state),)).fetchone())
        if row is None or row[2] < time.time():
            return _page(400, "This sign-in link is unknown or expired", "Start the sign-in again from your client.")
        client_id, params = row[0], AuthorizationParams.model_validate_json(row[1])
        code = request.query_params.get("code")
        if not code:
            return RedirectResponse(construct_redirect_uri(str(params.redirect_uri), error="access_denied",
                                                           error_description="Pinterest sign-in was not approved",
                                                           state=params.state), status_code=302)
        ends = endpoints(self.settings)
        http = self.http or httpx2.AsyncClient(timeout=30)
        try:
            grant = await exchange_code(http, ends.token_url, code=code, redirect_uri=self.redirect_uri,
                                        app_id=self.settings.app_id or "",
                                        app_secret=self.settings.app_secret.get_secret_value()
                                        if self.settings.app_secret else "")
            REDACTOR.add(grant.access_token, grant.refresh_token)
            me = await http.get(f"{ends.api_url}/user_account",
                                headers={"Authorization": f"Bearer {grant.access_token}",
                                         "Accept": "application/json"})
            if me.status_code != 200:
                raise AuthenticationFailed(f"Pinterest did not say who signed in (HTTP {me.status_code})")
            who = me.json()
        except (PinterestError, httpx2.HTTPError, ValueError) as exc:
            log.warning("Pinterest sign-in failed: %s", exc)
            return _page(502, "Pinterest sign-in failed", "Pinterest did not accept the sign-in. Try again.")
        finally:
            if self.http is None:
                await http.aclose()
        subject, username = str(who.get("id") or who.get("username")), str(who.get("username") or who.get("id"))
        People(self._db(), self.cipher).save(subject, username, {"access_token": grant.access_token,
                                                                 "refresh_token": grant.refresh_token or ""})
        ours = secrets.token_urlsafe(32)
        data = AuthorizationCode(code=ours, scopes=params.scopes or [SCOPE], expires_at=time.time() + CODE_TTL_S,
                                 client_id=client_id, code_challenge=params.code_challenge,
                                 redirect_uri=params.redirect_uri,
                                 redirect_uri_provided_explicitly=params.redirect_uri_provided_explicitly,
                                 resource=params.resource, subject=subject)
        stored = {**json.loads(data.model_dump_json(exclude={"code"})), "username": username}
        self._db().run(lambda c: c.execute(
            "INSERT INTO oauth_codes (code_hash, client_id, data, expires_at) VALUES (%s, %s, %s, %s)",
            (_hash(ours), client_id, json.dumps(stored), data.expires_at)))
        log.info("%s signed in with Pinterest", username)
        return RedirectResponse(construct_redirect_uri(str(params.redirect_uri), code=ours, state=params.state),
                                status_code=302)

    # -- codes and tokens -------------------------------------------------------------------------
    async def load_authorization_code(self, client: OAuthClientInformationFull,
                                      authorization_code: str) -> AuthorizationCode | None:
        row = self._db().run(lambda c: c.execute(
            "SELECT data FROM oauth_codes WHERE code_hash = %s AND client_id = %s AND expires_at > %s",
            (_hash(authorization_code), client.client_id, time.time())).fetchone())
        if row is None:
            return None
        data = json.loads(row[0])
        data.pop("username", None)
        return AuthorizationCode(code=authorization_code, **data)

    async def exchange_authorization_code(self, client: OAuthClientInformationFull,
                                          authorization_code: AuthorizationCode) -> OAuthToken:
        row = self._db().run(lambda c: c.execute(
            "DELETE FROM oauth_codes WHERE code_hash = %s AND client_id = %s RETURNING data",
            (_hash(authorization_code.code), client.client_id)).fetchone())
        if row is None:  # used already (a replay) or never ours
            raise TokenError("invalid_grant", "authorization code already used or unknown")
        username = json.loads(row[0]).get("username") or authorization_code.subject or ""
        return self._issue(client.client_id, authorization_code.subject or "", username,
                           authorization_code.scopes, secrets.token_hex(16))

    def _issue(self, client_id: str, subject: str, username: str, scopes: list[str], family: str) -> OAuthToken:
        access, refresh, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), time.time()

        def work(c: Any) -> None:
            with c.transaction():
                for token, kind, ttl in ((access, "access", ACCESS_TTL_S), (refresh, "refresh", REFRESH_TTL_S)):
                    c.execute("INSERT INTO oauth_tokens (token_hash, kind, client_id, subject, username, scopes,"
                              " expires_at, family) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                              (_hash(token), kind, client_id, subject, username, " ".join(scopes), now + ttl, family))

        self._db().run(work)
        return OAuthToken(access_token=access, token_type="Bearer", expires_in=ACCESS_TTL_S, refresh_token=refresh,
                          scope=" ".join(scopes))

    def _token_row(self, token: str, kind: str) -> tuple[Any, ...] | None:
        return self._db().run(lambda c: c.execute(
            "SELECT client_id, subject, username, scopes, expires_at, family FROM oauth_tokens"
            " WHERE token_hash = %s AND kind = %s AND expires_at > %s", (_hash(token), kind, time.time())).fetchone())

    async def load_refresh_token(self, client: OAuthClientInformationFull, refresh_token: str) -> RefreshToken | None:
        row = self._token_row(refresh_token, "refresh")
        if row is None or row[0] != client.client_id:
            return None
        return RefreshToken(token=refresh_token, client_id=row[0], subject=row[1], scopes=row[3].split(),
                            expires_at=int(row[4]))

    async def exchange_refresh_token(self, client: OAuthClientInformationFull, refresh_token: RefreshToken,
                                     scopes: list[str]) -> OAuthToken:
        # Rotation: the refresh token is single use; its family's access tokens go with it.
        row = self._db().run(lambda c: c.execute(
            "DELETE FROM oauth_tokens WHERE token_hash = %s AND kind = 'refresh' RETURNING username, family",
            (_hash(refresh_token.token),)).fetchone())
        if row is None:
            raise TokenError("invalid_grant", "refresh token already used or revoked")
        username, family = row
        self._db().run(lambda c: c.execute("DELETE FROM oauth_tokens WHERE family = %s", (family,)))
        return self._issue(client.client_id, refresh_token.subject or "", username,
                           scopes or refresh_token.scopes, family)

    async def load_access_token(self, token: str) -> AccessToken | None:
        row = self._token_row(token, "access")
        if row is None:
            return None
        return AccessToken(token=token, client_id=row[0], subject=row[1], scopes=row[3].split(),
                           expires_at=int(row[4]), resource=f"{self.public}/mcp", claims={"username": row[2]})

    async def revoke_token(self, token: AccessToken | RefreshToken) -> None:
        """Revokes the whole family: the access token and the refresh token it came with."""
        self._db().run(lambda c: c.execute(
            "DELETE FROM oauth_tokens WHERE family IN (SELECT family FROM oauth_tokens WHERE token_hash = %s)",
            (_hash(token.token),)))

    async def exchange_identity_assertion(self, client: OAuthClientInformationFull, params: Any) -> OAuthToken:
        raise TokenError("unsupported_grant_type", "only authorization_code and refresh_token are supported")


def _page(status: int, title: str, text: str) -> HTMLResponse:
    return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>pinterest-ads-mcp</title>"
                        f"<body style='font-family:sans-serif'><h1>{title}</h1><p>{text}</p></body>",
                        status_code=status)
