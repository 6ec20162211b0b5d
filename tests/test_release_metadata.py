"""The release metadata agrees with the code: the MCP registry's ``server.json``, the MCPB bundle's
``manifest.json`` (Claude Desktop) and the ``mcp-name:`` marker in the README.

Checked here against the fields the registry and the bundle format document; CI also runs the
bundle tool (``mcpb validate manifest.json``). Every variable they name must be a real setting, every
secret setting they name must be marked secret, and their versions must be the package's.
"""

from __future__ import annotations

import json
import re
import tomllib
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from pinterest_ads_mcp.server.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
SERVER = json.loads((ROOT / "server.json").read_text())
MANIFEST = json.loads((ROOT / "manifest.json").read_text())
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")


def _settings() -> dict[str, bool]:
    """Every setting's variable name -> whether it holds a secret."""
    prefix = Settings.model_config.get("env_prefix", "")
    out = {}
    for name, field in Settings.model_fields.items():
        secret = SecretStr in typing.get_args(field.annotation) or field.annotation is SecretStr
        out[f"{prefix}{name}".upper()] = secret
    return out


SETTINGS = _settings()


def test_every_secret_setting_is_known() -> None:
    assert {"PINTEREST_ACCESS_TOKEN", "PINTEREST_APP_SECRET", "PINTEREST_MCP_HTTP_TOKEN"} <= {
        name for name, secret in SETTINGS.items() if secret
    }


def test_server_json_has_the_documented_shape() -> None:
    assert SERVER["$schema"].startswith("https://static.modelcontextprotocol.io/schemas/")
    assert re.fullmatch(r"[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+", SERVER["name"]) and 3 <= len(SERVER["name"]) <= 200
    assert 1 <= len(SERVER["description"]) <= 100
    assert SERVER["version"] == PROJECT["version"] and SEMVER.match(SERVER["version"])
    assert SERVER["repository"]["url"] == PROJECT["urls"]["Homepage"] and SERVER["repository"]["source"] == "github"
    assert set(SERVER) <= {"$schema", "name", "description", "repository", "version", "websiteUrl", "packages",
                           "remotes", "_meta"}
    transports = set()
    for package in SERVER["packages"]:
        assert set(package) <= {"registryType", "registryBaseUrl", "identifier", "version", "fileSha256",
                                "runtimeHint", "transport", "runtimeArguments", "packageArguments",
                                "environmentVariables"}
        assert package["registryType"] == "pypi" and package["registryBaseUrl"] == "https://pypi.org"
        assert package["identifier"] == PROJECT["name"] and package["version"] == PROJECT["version"]
        transport = package["transport"]
        transports.add(transport["type"])
        assert transport["type"] in {"stdio", "streamable-http", "sse"}
        if transport["type"] != "stdio":
            assert transport["url"]
            hints = {a.get("valueHint") for a in package.get("packageArguments", [])}
            assert set(re.findall(r"{(\w+)}", transport["url"])) <= hints, "URL variables must be argument valueHints"
        for argument in package.get("packageArguments", []):
            assert argument["type"] in {"named", "positional"}
            assert argument.get("valueHint") or argument.get("value")
        _check_variables(package["environmentVariables"])
    assert transports == {"stdio", "streamable-http"}


def _check_variables(variables: list[dict[str, Any]]) -> None:
    names = [v["name"] for v in variables]
    assert len(names) == len(set(names)), "a variable is listed twice"
    unknown = set(names) - set(SETTINGS)
    assert not unknown, f"server.json names variables that are not settings: {unknown}"
    for variable in variables:
        assert variable["description"], variable["name"]
        assert variable.get("isSecret", False) == SETTINGS[variable["name"]], f"isSecret of {variable['name']}"
        assert variable.get("format", "string") in {"string", "number", "boolean", "filepath"}
        if "choices" in variable and "default" in variable:
            assert variable["default"] in variable["choices"]
    missing = {name for name, secret in SETTINGS.items() if secret} - set(names)
    assert not missing, f"secret settings missing from server.json (mark them isSecret): {missing}"


def test_readme_carries_the_registry_name() -> None:
    """The registry proves PyPI ownership by this marker in the package's README."""
    assert f"mcp-name: {SERVER['name']}" in (ROOT / "README.md").read_text()


def test_bundle_manifest_matches_the_package() -> None:
    assert MANIFEST["manifest_version"] == "0.4"
    assert MANIFEST["name"] == PROJECT["name"] and MANIFEST["version"] == PROJECT["version"]
    assert MANIFEST["server"]["type"] == "uv"
    assert (ROOT / MANIFEST["server"]["entry_point"]).is_file()
    assert MANIFEST["compatibility"]["runtimes"]["python"] == PROJECT["requires-python"]


def test_bundle_user_config_marks_secrets_sensitive() -> None:
    env = MANIFEST["server"]["mcp_config"]["env"]
    config = MANIFEST["user_config"]
    unknown = set(env) - set(SETTINGS)
    assert not unknown, f"manifest.json sets variables that are not settings: {unknown}"
    for variable, value in env.items():
        key = re.fullmatch(r"\$\{user_config\.(\w+)\}", value)
        assert key and key.group(1) in config, f"{variable} must come from a user_config entry"
        entry = config[key.group(1)]
        assert entry.get("sensitive", False) == SETTINGS[variable], f"sensitive of {key.group(1)} ({variable})"
        assert entry["title"] and entry["description"]
    assert all(entry["type"] in {"string", "number", "boolean", "directory", "file"} for entry in config.values())


@pytest.mark.parametrize("document", ["server.json", "manifest.json"])
def test_no_secret_value_is_shipped(document: str) -> None:
    text = (ROOT / document).read_text()
    assert not re.search(r"pina_[A-Za-z0-9]{20,}|Bearer [A-Za-z0-9]{16,}", text)
