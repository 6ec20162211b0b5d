"""Configuration from the environment (and a ``.env`` file), read once at start-up.

Every secret is a ``SecretStr``: printing the settings, logging them or putting them in an error
shows ``**********``.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from ..pinterest.auth import TokenFile
from ..pinterest.hosts import PRODUCTION_URL, SANDBOX_URL, is_pinterest_api
from ..pinterest.redact import REDACTOR

Environment = Literal["emulator", "sandbox", "production"]


def is_ascii_id(value: str) -> bool:
    """Pinterest ids are ASCII digits (``str.isdigit`` also takes Arabic-Indic and other digits)."""
    return value.isascii() and value.isdigit()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PINTEREST_", env_file=".env", extra="ignore")

    access_token: SecretStr | None = None
    refresh_token: SecretStr | None = None
    app_id: str | None = None
    app_secret: SecretStr | None = None
    env: Environment | None = None
    api_base_url: str | None = None
    ad_account_id: str | None = None
    ads_read_only: bool = False
    ads_allowed_accounts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    ads_max_daily_budget: Decimal | None = None
    ads_max_lifetime_budget: Decimal | None = None
    # The operator's envelope: new daily spend all actions may add in any 24 hours; largest raise in %.
    ads_max_new_daily_spend: Decimal | None = Field(default=None, ge=0)
    ads_max_increase_pct: Decimal | None = Field(default=None, ge=0)
    ads_confirmation: Literal["auto", "elicit", "token"] = "auto"
    ads_state_dir: Path | None = None
    # Tool families to offer (read, launch, edit, insights, labels); empty = all of them.
    ads_toolsets: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Also flags (--http-token, --log-level); a flag wins over the variable or .env line.
    mcp_http_token: SecretStr | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] | None = None
    # Streamable HTTP without sessions, for replicas behind a load balancer (also --stateless).
    mcp_stateless: bool = False
    # "pinterest": each person signs in with their own Pinterest login (MCP authorization spec);
    # "token": everyone who has PINTEREST_MCP_HTTP_TOKEN acts with the one configured Pinterest token.
    mcp_auth: Literal["token", "pinterest"] = "token"
    # The address clients reach the server at (issuer and resource of per-person sign-in).
    mcp_public_url: str | None = None
    # Fernet key encrypting each person's Pinterest tokens at rest (per-person sign-in).
    ads_token_key: SecretStr | None = None
    # Loopback port of the redirect URI http://localhost:PORT/callback when a person connects
    # Pinterest from inside the chat (the one `pinterest-ads-mcp auth` uses by default).
    auth_port: int = 8085
    # PostgreSQL (postgresql://...) for state shared by several replicas; SQLite in the state dir when unset.
    ads_database_url: SecretStr | None = None
    # Requests per minute per rate-limit category when the app's access tier has other limits than
    # Standard's, e.g. "ads_read=100,ads_analytics=60".
    ads_rate_limits: Annotated[dict[str, int], NoDecode] = Field(default_factory=dict)

    @field_validator("ads_allowed_accounts", mode="before")
    @classmethod
    def _split_accounts(cls, value: object) -> object:
        # Set but empty ("", " ", ",") must not mean "every account": refuse, as an empty cap is refused.
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
            if not value:
                raise ValueError("is set but names no ad account; list the allowed ad account ids "
                                 "(comma-separated digits), or unset it to allow every account")
        if isinstance(value, list | tuple):
            bad = [str(v) for v in value if not is_ascii_id(str(v).strip())]
            if bad:
                raise ValueError(f"{', '.join(repr(b) for b in bad[:5])} is not an ad account id (ASCII digits only)")
            return [str(v).strip() for v in value]
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.strip().upper() or None if isinstance(value, str) else value

    @field_validator("ads_rate_limits", mode="before")
    @classmethod
    def _split_limits(cls, value: object) -> object:
        if isinstance(value, str):
            pairs = [part.split("=", 1) for part in value.split(",") if part.strip()]
            if any(len(pair) != 2 for pair in pairs):
                raise ValueError("expected category=requests_per_minute pairs, comma-separated")
            return {name.strip(): int(count) for name, count in pairs}
        return value

    @field_validator("ads_toolsets", mode="before")
    @classmethod
    def _known_toolsets(cls, value: object) -> object:
        from .toolsets import TOOLSETS

        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list | tuple):
            return value
        cleaned = [str(v).strip().lower() for v in value if str(v).strip()]
        unknown = [v for v in cleaned if v not in TOOLSETS]
        if unknown:
            raise ValueError(f"PINTEREST_ADS_TOOLSETS: unknown {', '.join(unknown)}; use {', '.join(TOOLSETS)}")
        return cleaned

    @field_validator("access_token", "refresh_token", "app_secret", "app_id", "api_base_url", "ad_account_id",
                     "mcp_http_token", "ads_database_url", "mcp_public_url", "ads_token_key", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("ad_account_id")
    @classmethod
    def _account_is_id(cls, value: str | None) -> str | None:
        if value is not None and not is_ascii_id(value.strip()):
            raise ValueError(f"{value!r} is not an ad account id (ASCII digits only)")
        return value.strip() if value is not None else None

    @model_validator(mode="after")
    def _env_tokens_stay_with_env_base_url(self) -> Settings:
        """A credential from the process environment is not sent to a non-Pinterest base URL that
        only a ``.env`` file (say, in a cloned repository the server was started in) names."""
        base = (self.api_base_url or "").rstrip("/")
        if not base or is_pinterest_api(base):
            return self
        from_env = (os.environ.get("PINTEREST_API_BASE_URL") or "").strip().rstrip("/")
        credentials = ("PINTEREST_ACCESS_TOKEN", "PINTEREST_REFRESH_TOKEN", "PINTEREST_APP_SECRET")
        secrets_in_env = [name for name in credentials if (os.environ.get(name) or "").strip()]
        if from_env != base and secrets_in_env:
            raise ValueError(
                f"PINTEREST_API_BASE_URL={base} comes from a .env file, but {secrets_in_env[0]} comes from the "
                "environment: the server will not send your credentials to a host that is not Pinterest's on a "
                ".env file's word. Set PINTEREST_API_BASE_URL in the environment too, or remove it from the .env file")
        return self

    @property
    def environment(self) -> Environment:
        """Which Pinterest we talk to: the explicit choice, else production once a token is set
        (in the environment, or stored by ``pinterest-ads-mcp auth``), else the embedded emulator
        (so a first try needs no account)."""
        if self.env is not None:
            return self.env
        if self.access_token is not None or self.api_base_url or self.stored_tokens() is not None:
            return "production"
        return "emulator"

    def stored_tokens(self) -> dict[str, str] | None:
        """Tokens ``pinterest-ads-mcp auth`` saved in the state dir (used when no token is configured,
        and only with the API they were issued for)."""
        if self.access_token is not None:
            return None
        api_url = self.api_base_url.rstrip("/") if self.api_base_url else (
            SANDBOX_URL if self.env == "sandbox" else PRODUCTION_URL)
        return TokenFile(self.state_dir).from_auth(api_url)

    def stored_tokens_elsewhere(self) -> dict[str, str] | None:
        """Tokens ``auth`` stored for another API than the configured one (kept away from it)."""
        if self.access_token is not None or self.stored_tokens() is not None:
            return None
        return TokenFile(self.state_dir).from_auth()

    @property
    def foreign_base_url(self) -> str | None:
        """The configured base URL when it is not Pinterest's own API (said loudly at start)."""
        base = self.base_url
        return base if base and not is_pinterest_api(base) else None

    @property
    def base_url(self) -> str | None:
        """The API root for real HTTP; None for the in-process emulator."""
        if self.api_base_url:
            return self.api_base_url.rstrip("/")
        return {"sandbox": SANDBOX_URL, "production": PRODUCTION_URL}.get(self.environment)

    @property
    def state_dir(self) -> Path:
        return self.ads_state_dir or Path(platformdirs.user_data_dir("pinterest-ads-mcp", appauthor=False))

    @property
    def database_url(self) -> str | None:
        return self.ads_database_url.get_secret_value() if self.ads_database_url else None

    def secrets(self) -> list[str]:
        """Every configured or stored secret value (the redactor also learns them here)."""
        configured = [
            s.get_secret_value()
            for s in (self.access_token, self.refresh_token, self.app_secret, self.mcp_http_token,
                      self.ads_database_url, self.ads_token_key)
            if s
        ]
        stored = TokenFile(self.state_dir).load() if self.access_token is None else {}
        found = configured + [str(stored[k]) for k in ("access_token", "refresh_token") if stored.get(k)]
        REDACTOR.add(*found)
        if self.app_secret:
            REDACTOR.add_app(self.app_id or stored.get("app_id"), self.app_secret.get_secret_value())
        return found
