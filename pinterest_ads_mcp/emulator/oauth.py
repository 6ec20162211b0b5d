"""OAuth: the token endpoint (``POST /v5/oauth/token``) and the authorize page (``GET /oauth/``).

Tokens issued here are valid bearer tokens for the same emulator, so a client can run the whole
authorization-code and refresh flows offline. A refresh rotates the refresh token: the new one is
returned and the old one keeps working for a 60-second grace period (so two concurrent refreshes do
not lock a client out), then stops.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from .http import emulator_of as _emulator_of
from .http import error_response, invalid
from .seed import DEMO_USERNAME

USER_COOKIE = "emulator_user"
ACCESS_TTL = 30 * 86_400
REFRESH_TTL = 60 * 86_400
ROTATION_GRACE = 60
KNOWN_SCOPES = frozenset(
    {
        "ads:read",
        "ads:write",
        "billing:read",
        "billing:write",
        "biz_access:read",
        "biz_access:write",
        "boards:read",
        "boards:read_secret",
        "boards:write",
        "boards:write_secret",
        "catalogs:read",
        "catalogs:write",
        "msot:write",
        "pins:read",
        "pins:read_secret",
        "pins:write",
        "pins:write_secret",
        "user_accounts:read",
        "user_accounts:write",
    }
)


def normalise_scopes(raw: str | None, default: str) -> str:
    """Scopes as Pinterest answers them: space-separated; the request may use commas or spaces."""
    if raw is None or not raw.strip():
        return default
    scopes = [part for part in raw.replace(",", " ").split() if part]
    unknown = [scope for scope in scopes if scope not in KNOWN_SCOPES]
    if unknown:
        raise invalid(f"Invalid scope: {', '.join(unknown)}.")
    return " ".join(dict.fromkeys(scopes))


def issue(emulator: Any, scopes: str, *, refresh: bool, response_type: str, user: str | None = None) -> dict[str, Any]:
    """Mint an access token (and a refresh token) that this emulator accepts as bearer tokens;
    ``user``: the login they belong to (they reach only its ad accounts)."""
    store = emulator.store
    now = store.now()
    access = "pina_" + secrets.token_hex(24)
    store.access_tokens[access] = scopes
    if user:
        store.token_users[access] = user
    emulator.token_expires_at[access] = now + ACCESS_TTL
    answer: dict[str, Any] = {
        "access_token": access,
        "token_type": "bearer",
        "expires_in": ACCESS_TTL,
        "scope": scopes,
        "response_type": response_type,
    }
    if refresh:
        token = "pinr_" + secrets.token_hex(24)
        store.refresh_tokens[token] = scopes
        if user:
            store.token_users[token] = user
        emulator.refresh_expires_at[token] = now + REFRESH_TTL
        answer.update(
            {
                "refresh_token": token,
                "refresh_token_expires_in": REFRESH_TTL,
                "refresh_token_expires_at": now + REFRESH_TTL,
            }
        )
    return answer


def _form(raw: bytes) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(raw.decode("utf-8", "replace")).items()}


def _bad_grant(message: str) -> Response:
    return error_response(400, 1, message)


async def token(request: Request) -> Response:
    emulator = _emulator_of(request)
    if not emulator.check_basic(request.headers.get("authorization")):
        return error_response(401, 2, "Authentication failed: invalid client id or secret (HTTP Basic).")
    content_type = request.headers.get("content-type", "")
    if "application/x-www-form-urlencoded" not in content_type:
        raise invalid("The token request must be application/x-www-form-urlencoded.")
    form = _form(await request.body())
    grant = form.get("grant_type")
    store = emulator.store
    now = store.now()
    if grant == "authorization_code":
        code, redirect_uri = form.get("code"), form.get("redirect_uri")
        if not code or not redirect_uri:
            raise invalid("authorization_code grants need code and redirect_uri.")
        grant_info = store.auth_codes.pop(code, None)
        if grant_info is None:
            return _bad_grant("Invalid authorization code: unknown, expired or already used.")
        if grant_info["redirect_uri"] != redirect_uri:
            return _bad_grant("redirect_uri does not match the one used to authorize.")
        return JSONResponse(
            issue(emulator, grant_info["scope"], refresh=True, response_type="authorization_code",
                  user=grant_info.get("user"))
        )
    if grant == "refresh_token":
        old = form.get("refresh_token")
        if not old:
            raise invalid("refresh_token grants need refresh_token.")
        scopes = store.refresh_tokens.get(old)
        if scopes is None or now >= emulator.refresh_expires_at.get(old, now + 1):
            return _bad_grant("Invalid refresh token: unknown, revoked or expired.")
        granted = normalise_scopes(form.get("scope"), scopes)
        if not set(granted.split()) <= set(scopes.split()):
            return _bad_grant("A refresh cannot add scopes that were not granted.")
        answer = issue(emulator, granted, refresh=True, response_type="refresh_token",
                       user=store.token_users.get(old))
        emulator.refresh_expires_at[old] = min(
            emulator.refresh_expires_at.get(old, now), now + ROTATION_GRACE
        )
        return JSONResponse(answer)
    if grant == "client_credentials":
        if not form.get("scope"):
            raise invalid("client_credentials grants need scope.")
        scopes = normalise_scopes(form["scope"], emulator.config.scopes)
        return JSONResponse(issue(emulator, scopes, refresh=False, response_type="client_credentials"))
    raise invalid(
        f"Unsupported grant_type {grant!r}: use authorization_code, refresh_token or client_credentials."
    )


async def authorize(request: Request) -> Response:
    """The consent page, auto-approved: redirects to ``redirect_uri`` with a one-time code.

    Who approves is whoever is signed in to Pinterest in this browser: the ``emulator_user`` cookie
    names the login (the demo business when absent)."""
    emulator = _emulator_of(request)
    params = request.query_params
    user = request.cookies.get(USER_COOKIE) or DEMO_USERNAME
    if user not in emulator.store.users:
        return error_response(400, 1, f"No Pinterest login named {user!r} in this emulator.")
    if params.get("client_id") != emulator.config.app_id:
        return error_response(400, 1, "Unknown client_id.")
    redirect_uri = params.get("redirect_uri")
    if not redirect_uri or not urlsplit(redirect_uri).scheme:
        return error_response(400, 1, "A valid redirect_uri is required.")
    if params.get("response_type") != "code":
        return error_response(400, 1, "response_type must be code.")
    scope = normalise_scopes(params.get("scope"), emulator.config.scopes)
    code = secrets.token_urlsafe(24)
    emulator.store.auth_codes[code] = {
        "redirect_uri": redirect_uri,
        "scope": scope,
        "client_id": params["client_id"],
        "user": user,
    }
    query: dict[str, str] = {"code": code}
    if params.get("state") is not None:
        query["state"] = params["state"]
    parts = urlsplit(redirect_uri)
    joined = "&".join(filter(None, [parts.query, urlencode(query)]))
    return RedirectResponse(urlunsplit(parts._replace(query=joined)), status_code=302)


def routes() -> list[BaseRoute]:
    """The token route, relative to /v5."""
    return [Route("/oauth/token", token, methods=["POST"])]


def page_routes() -> list[BaseRoute]:
    """The authorize page, outside /v5 (the real one lives on www.pinterest.com/oauth/)."""
    return [Route("/oauth/", authorize, methods=["GET"]), Route("/oauth", authorize, methods=["GET"])]
