"""Configuration from the environment (and a ``.env`` file), read once at start-up.

Every secret is a ``SecretStr``: printing the settings, logging them or putting them in an error
shows ``**********``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from ..pinterest.auth import TokenFile
from ..pinterest.client import PRODUCTION_URL, SANDBOX_URL

Environment = Literal["emulator", "sandbox", "production"]


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
    ads_confirmation: Literal["auto", "elicit", "token"] = "auto"
    ads_state_dir: Path | None = None
    # Also flags (--http-token, --log-level); a flag wins over the variable or .env line.
    mcp_http_token: SecretStr | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] | None = None

    @field_validator("ads_allowed_accounts", mode="before")
    @classmethod
    def _split_accounts(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.strip().upper() or None if isinstance(value, str) else value

    @field_validator("access_token", "refresh_token", "app_secret", "app_id", "api_base_url", "ad_account_id",
                     "mcp_http_token", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

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
        """Tokens ``pinterest-ads-mcp auth`` saved in the state dir (used when no token is configured)."""
        if self.access_token is not None:
            return None
        return TokenFile(self.state_dir).from_auth()

    @property
    def base_url(self) -> str | None:
        """The API root for real HTTP; None for the in-process emulator."""
        if self.api_base_url:
            return self.api_base_url.rstrip("/")
        return {"sandbox": SANDBOX_URL, "production": PRODUCTION_URL}.get(self.environment)

    @property
    def state_dir(self) -> Path:
        return self.ads_state_dir or Path(platformdirs.user_data_dir("pinterest-ads-mcp", appauthor=False))

    def secrets(self) -> list[str]:
        """Every configured secret value, for the redaction filter on logs."""
        configured = [
            s.get_secret_value()
            for s in (self.access_token, self.refresh_token, self.app_secret, self.mcp_http_token)
            if s
        ]
        stored = self.stored_tokens() or {}
        return configured + [stored[k] for k in ("access_token", "refresh_token") if stored.get(k)]
