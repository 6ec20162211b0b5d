"""Access tokens: who we are to Pinterest, and how a token renews itself.

With a refresh token plus the app id and secret, an expired access token (a 401) is renewed at
``POST /oauth/token`` once, under a lock so that ten concurrent calls that all hit the 401
cause exactly one refresh. Pinterest may rotate the refresh token on each refresh; the new one is
kept in the state directory (mode 0600) so the next start does not use a dead one.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import anyio

from .errors import AuthenticationFailed
from .hosts import is_pinterest_api, origin
from .private_files import private_dir, private_file, read_private, write_private
from .redact import REDACTOR

if TYPE_CHECKING:
    import httpx2

log = logging.getLogger(__name__)

TOKEN_FILE_NAME = "tokens.json"
# ``origin`` of a token file written by ``pinterest-ads-mcp auth`` (not descended from a configured
# refresh token): used whenever no access token is configured in the environment.
AUTH_ORIGIN = "auth"
# The API origin that issued stored tokens: they are sent nowhere else.
ISSUER_KEY = "api_url"


@dataclass
class Credentials:
    """Secrets. Never logged, never put in a result: ``repr`` hides them."""

    access_token: str | None = None
    refresh_token: str | None = None
    app_id: str | None = None
    app_secret: str | None = None

    def __repr__(self) -> str:  # pragma: no cover - trivial
        return (
            f"Credentials(access_token={'***' if self.access_token else None}, "
            f"refresh_token={'***' if self.refresh_token else None}, app_id={self.app_id!r}, "
            f"app_secret={'***' if self.app_secret else None})"
        )

    @property
    def can_refresh(self) -> bool:
        return bool(self.refresh_token and self.app_id and self.app_secret)

    def secrets(self) -> list[str]:
        """Every secret value, for redaction filters."""
        return [s for s in (self.access_token, self.refresh_token, self.app_secret) if s]


def issued_for(saved: dict[str, str]) -> str | None:
    """The API origin stored tokens were issued by (files written before it was recorded were
    made by ``auth`` against Pinterest itself)."""
    return saved.get(ISSUER_KEY) or None


def may_send_to(saved: dict[str, str], api_url: str | None) -> bool:
    """Stored tokens go only to the API they were issued for."""
    if not api_url:
        return False
    issuer = issued_for(saved)
    if issuer is None:
        return is_pinterest_api(api_url)
    return origin(issuer) == origin(api_url)


class TokenFile:
    """The state-dir file holding tokens that renewed themselves (mode 0600, folder 0700)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / TOKEN_FILE_NAME

    def load(self) -> dict[str, str]:
        try:
            saved = json.loads(read_private(self.path))
        except (OSError, ValueError):
            return {}
        if not isinstance(saved, dict):
            return {}
        REDACTOR.add(*(str(saved.get(k) or "") for k in ("access_token", "refresh_token")))
        return saved

    def from_auth(self, api_url: str | None = None) -> dict[str, str] | None:
        """The tokens ``pinterest-ads-mcp auth`` stored, if this file holds them (and, when
        ``api_url`` is given, only if they were issued for that API)."""
        saved = self.load()
        made_by_auth = saved.get("origin") == AUTH_ORIGIN and saved.get("access_token")
        return saved if made_by_auth and (api_url is None or may_send_to(saved, api_url)) else None

    def tighten(self) -> None:
        """Restrict an existing folder and token file to their owner (older versions left them open)."""
        if self.path.parent.exists():
            private_dir(self.path.parent)
            private_file(self.path)

    def save(self, tokens: dict[str, str]) -> None:
        write_private(self.path, json.dumps(tokens).encode())


class TokenManager:
    """Holds the current access token and renews it on demand."""

    def __init__(self, credentials: Credentials, token_file: TokenFile | None = None, *,
                 api_url: str | None = None) -> None:
        self.credentials = credentials
        REDACTOR.add(credentials.access_token, credentials.refresh_token)
        self.token_file = token_file
        self._lock = anyio.Lock()
        self._generation = 0
        # Saved tokens are only newer than the configured ones if they descend from the same
        # configured refresh token; a fingerprint of it (never the token) ties them together.
        self._origin = _fingerprint(credentials.refresh_token)
        # Non-secret facts an auth-made file carries (granted scope, app id), kept across renewals.
        self._extra: dict[str, str] = {}
        if token_file is not None:
            token_file.tighten()
            saved = token_file.load()
            made_by = saved.get("origin")
            from_auth = made_by == AUTH_ORIGIN and not credentials.access_token
            if from_auth and not may_send_to(saved, api_url):
                log.warning("The tokens stored by `pinterest-ads-mcp auth` were issued for %s; they are not "
                            "sent to %s. Run `pinterest-ads-mcp auth` for that API, or unset "
                            "PINTEREST_API_BASE_URL.", issued_for(saved) or "Pinterest", api_url or "this API")
                from_auth = False
            if saved.get("access_token") and (made_by == self._origin or from_auth):
                credentials.access_token = saved["access_token"]
                credentials.refresh_token = saved.get("refresh_token") or credentials.refresh_token
                credentials.app_id = credentials.app_id or saved.get("app_id") or None
                if from_auth:
                    # Keep writing the renewed tokens as auth-made, so the next start finds them.
                    self._origin = AUTH_ORIGIN
                    self._extra = {k: saved[k] for k in ("scope", "app_id", ISSUER_KEY) if saved.get(k)}
        REDACTOR.add_app(credentials.app_id, credentials.app_secret)

    @property
    def generation(self) -> int:
        """Bumped on every refresh, so a caller can tell whether someone else already refreshed."""
        return self._generation

    def authorization(self) -> str | None:
        token = self.credentials.access_token
        return f"Bearer {token}" if token else None

    async def refresh(self, http: httpx2.AsyncClient, token_url: str, seen_generation: int) -> bool:
        """Renew the access token unless another task already did since ``seen_generation``.

        Returns True when a usable new token is in place.
        """
        async with self._lock:
            if self._generation != seen_generation:
                return True
            creds = self.credentials
            if not creds.can_refresh:
                return False
            response = await http.post(
                token_url,
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": creds.refresh_token,
                    # Apps made before 2025-09-25 only get a continuous refresh token when they ask.
                    "continuous_refresh": "true",
                },
                auth=(creds.app_id or "", creds.app_secret or ""),
                headers={"Accept": "application/json"},
            )
            if response.status_code != 200:
                log.warning(
                    "token refresh failed: HTTP %s (request id %s)",
                    response.status_code,
                    response.headers.get("x-pinterest-rid", "-"),
                )
                raise AuthenticationFailed(
                    "Pinterest refused to renew the access token with the refresh token",
                    status=response.status_code,
                    request_id=response.headers.get("x-pinterest-rid"),
                )
            body = response.json()
            # Known to the redactor before first use, so an echo of the new tokens is hidden too.
            REDACTOR.add(body.get("access_token"), body.get("refresh_token"))
            creds.access_token = body["access_token"]
            if body.get("refresh_token"):
                creds.refresh_token = body["refresh_token"]
            self._generation += 1
            if self.token_file is not None:
                self.token_file.save(
                    {
                        **self._extra,
                        "origin": self._origin,
                        "access_token": creds.access_token or "",
                        "refresh_token": creds.refresh_token or "",
                    }
                )
            log.info("access token renewed")
            return True


@dataclass(frozen=True)
class TokenGrant:
    """What ``POST /oauth/token`` answered to an authorization code (``repr`` hides the tokens)."""

    access_token: str
    refresh_token: str | None
    scope: str
    expires_in: int | None
    refresh_token_expires_in: int | None

    def __repr__(self) -> str:  # pragma: no cover - trivial
        return f"TokenGrant(scope={self.scope!r}, expires_in={self.expires_in})"

    @property
    def scopes(self) -> set[str]:
        """Pinterest answers scopes space-separated; commas are accepted too."""
        return scopes_of(self.scope)


def scopes_of(text: str | None) -> set[str]:
    return {part for part in (text or "").replace(",", " ").split() if part}


async def exchange_code(
    http: httpx2.AsyncClient,
    token_url: str,
    *,
    code: str,
    redirect_uri: str,
    app_id: str,
    app_secret: str,
) -> TokenGrant:
    """Trade an authorization code for tokens (``grant_type=authorization_code``).

    Form-encoded with HTTP Basic app credentials, as the spec's ``basic`` scheme says; the
    ``redirect_uri`` must be byte-identical to the one in the authorize URL.
    """
    REDACTOR.add_app(app_id, app_secret)
    REDACTOR.add(code)
    response = await http.post(
        token_url,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            # Apps made before 2025-09-25 only get a continuous refresh token when they ask.
            "continuous_refresh": "true",
        },
        auth=(app_id, app_secret),
        headers={"Accept": "application/json"},
    )
    request_id = response.headers.get("x-pinterest-rid")
    if response.status_code != 200:
        try:
            body = response.json()
            detail = str(body.get("message") or body) if isinstance(body, dict) else response.text
        except ValueError:
            detail = response.text or response.reason_phrase
        detail = REDACTOR.text(detail)[:200]  # redacted before cutting: no half secret survives
        raise AuthenticationFailed(
            f"Pinterest refused the authorization code: {detail}",
            status=response.status_code,
            request_id=request_id,
        )
    body = response.json()
    if isinstance(body, dict):
        REDACTOR.add(str(body.get("access_token") or ""), str(body.get("refresh_token") or ""))
    if not isinstance(body, dict) or not body.get("access_token"):
        raise AuthenticationFailed("Pinterest's token answer has no access_token", request_id=request_id)

    def _int(key: str) -> int | None:
        value = body.get(key)
        text = str(value) if isinstance(value, int | str) else ""
        return int(text) if text.isascii() and text.isdigit() else None

    return TokenGrant(
        access_token=str(body["access_token"]),
        refresh_token=str(body["refresh_token"]) if body.get("refresh_token") else None,
        scope=str(body.get("scope") or ""),
        expires_in=_int("expires_in"),
        refresh_token_expires_in=_int("refresh_token_expires_in"),
    )


def _fingerprint(secret: str | None) -> str:
    return hashlib.sha256((secret or "").encode()).hexdigest()[:16]
