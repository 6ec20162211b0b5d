"""Per-person sign-in's settings: what is missing or malformed is named before the server starts."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from pinterest_ads_mcp.server.settings import Settings
from pinterest_ads_mcp.server.signin import SignInConfigError, auth_settings, check_settings


def signin_settings(public_url: str) -> Settings:
    return Settings(
        _env_file=None,
        mcp_auth="pinterest",
        mcp_public_url=public_url,
        ads_database_url="postgresql://ads@127.0.0.1/ads",
        app_id="1234",
        app_secret="app-secret",
        ads_token_key=Fernet.generate_key().decode(),
    )


@pytest.mark.parametrize("public_url", ["ads-mcp.example.com", "ftp://ads-mcp.example.com", "https://"])
def test_a_public_url_clients_cannot_reach_is_refused_naming_the_setting(public_url):
    # It used to pass this check and fail later inside the SDK's AuthSettings with a pydantic
    # validation error about "issuer_url", a name the operator never set.
    with pytest.raises(SignInConfigError, match="PINTEREST_MCP_PUBLIC_URL must be the http\\(s\\) address") as err:
        check_settings(signin_settings(public_url))
    assert repr(public_url) in str(err.value)


def test_issuer_and_resource_are_the_public_url_and_its_mcp_endpoint():
    settings = signin_settings("https://ads-mcp.example.com/")
    check_settings(settings)
    made = auth_settings(settings)
    # The issuer is compared as an exact string (RFC 8414): no trailing slash is added.
    assert str(made.issuer_url) == "https://ads-mcp.example.com"
    assert str(made.resource_server_url) == "https://ads-mcp.example.com/mcp"
