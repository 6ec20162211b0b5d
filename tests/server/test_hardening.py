"""Regression tests for the hardening of the server's edges: ids, the allow-list, the HTTP token,
writes without an audit record, a foreign base URL, and confirmation ids in logs."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from pydantic import ValidationError

from pinterest_ads_mcp.emulator import seed
from pinterest_ads_mcp.guards.store import DB_NAME, StateStore
from pinterest_ads_mcp.pinterest.redact import REDACTOR
from pinterest_ads_mcp.server import cli, logs
from pinterest_ads_mcp.server.doctor import check_mode
from pinterest_ads_mcp.server.http import token_weakness
from pinterest_ads_mcp.server.settings import Settings
from tests.support.logging_state import kept_logging

ACCOUNT = seed.DEMO_ACCOUNT_ID
ARABIC_DIGITS = "١٢٣"  # Arabic-Indic 1, 2, 3: str.isdigit() and a Unicode \d accept them


def _text(result: Any) -> str:
    return " ".join(getattr(c, "text", "") for c in result.content)


# -- ids: ASCII digits only ----------------------------------------------------------------------
def _schema_patterns(schema: Any) -> list[str]:
    found: list[str] = []
    if isinstance(schema, dict):
        if isinstance(schema.get("pattern"), str):
            found.append(schema["pattern"])
        for value in schema.values():
            found += _schema_patterns(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _schema_patterns(value)
    return found


async def test_no_tool_schema_accepts_non_ascii_digits(mcp_server):
    async with Client(mcp_server) as client:
        tools = (await client.list_tools()).tools
    patterns = [(t.name, p) for t in tools for p in _schema_patterns(t.input_schema)]
    assert patterns, "no id patterns found: the check would be vacuous"
    for name, pattern in patterns:
        assert "\\d" not in pattern, f"{name}: pattern {pattern!r} uses \\d, which matches non-ASCII digits"


@pytest.mark.parametrize(("tool", "args", "field"), [
    ("list_campaigns", {"ad_account_id": ARABIC_DIGITS}, "ad_account_id"),
    ("list_campaigns", {"ad_account_id": ACCOUNT, "campaign_ids": [ARABIC_DIGITS]}, "campaign_ids"),
    ("list_pins", {"board_id": ARABIC_DIGITS}, "board_id"),
    ("update_status", {"ad_account_id": ACCOUNT, "level": "campaign", "ids": [ARABIC_DIGITS], "status": "PAUSED"},
     "ids"),
    ("update_budget", {"ad_account_id": ACCOUNT, "level": "campaign", "id": ARABIC_DIGITS,
                       "budget": {"amount": "1.00"}}, "id"),
    ("apply_label", {"ad_account_id": ACCOUNT, "label": "x", "campaign_ids": [ARABIC_DIGITS]}, "campaign_ids"),
    ("boost_pin", {"ad_account_id": ACCOUNT, "pin_id": ARABIC_DIGITS, "goal": "traffic",
                   "budget": {"amount": "5.00", "period": "daily"}}, "pin_id"),
])
async def test_non_ascii_digit_ids_never_reach_pinterest(mcp_server, emulator_app, tool, args, field):
    async with Client(mcp_server) as client:
        result = await client.call_tool(tool, args)
    assert result.is_error and field in _text(result), _text(result)
    sent = [r for r in emulator_app.state.emulator.log
            if not (r.path + json.dumps(r.query) + json.dumps(r.body, default=str)).isascii()
            or ARABIC_DIGITS in r.path]
    assert not sent, sent


def test_configured_ad_account_id_must_be_ascii_digits(monkeypatch):
    monkeypatch.setenv("PINTEREST_AD_ACCOUNT_ID", ARABIC_DIGITS)
    with pytest.raises(ValidationError, match="ASCII digits"):
        Settings(_env_file=None)


# -- the allow-list ------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["", " ", ",", " , ,"])
def test_empty_allow_list_refuses_to_start(monkeypatch, capsys, value):
    monkeypatch.setenv("PINTEREST_ADS_ALLOWED_ACCOUNTS", value)
    with pytest.raises(ValidationError, match="names no ad account"):
        Settings(_env_file=None)
    assert cli.main(["doctor"]) == 2
    assert "PINTEREST_ADS_ALLOWED_ACCOUNTS" in capsys.readouterr().err


def test_allow_list_takes_ascii_ids_only(monkeypatch):
    monkeypatch.setenv("PINTEREST_ADS_ALLOWED_ACCOUNTS", f"{ACCOUNT},{ARABIC_DIGITS}")
    with pytest.raises(ValidationError, match="ASCII digits"):
        Settings(_env_file=None)
    monkeypatch.setenv("PINTEREST_ADS_ALLOWED_ACCOUNTS", f" {ACCOUNT} ,")
    assert Settings(_env_file=None).ads_allowed_accounts == [ACCOUNT]


# -- the HTTP token off loopback -----------------------------------------------------------------
@pytest.fixture
def _keep_logging():
    with kept_logging():
        yield


@pytest.mark.parametrize("token", ["x", "short-token", "a" * 40, "abcd" * 10, "0123456789abcdef0123456789abcde",
                                   "ab" * 8 + "a" * 24])
def test_weak_http_token_is_refused_off_loopback(monkeypatch, capsys, _keep_logging, token, tmp_path):
    monkeypatch.setenv("PINTEREST_ADS_STATE_DIR", str(tmp_path))
    monkeypatch.delenv("PINTEREST_MCP_HTTP_TOKEN", raising=False)
    assert token_weakness(token)
    code = cli.main(["--transport", "streamable-http", "--host", "0.0.0.0", "--http-token", token])
    assert code == 2
    text = capsys.readouterr().err
    assert "Refusing to serve on 0.0.0.0" in text and ("characters" in text or "bits" in text), text
    assert "visible to other local users" in text and "PINTEREST_MCP_HTTP_TOKEN" in text


def test_strong_random_tokens_pass():
    import secrets

    assert token_weakness(secrets.token_urlsafe(32)) is None
    assert token_weakness(secrets.token_hex(16)) is None


# -- no write without its audit record -----------------------------------------------------------
@pytest.mark.parametrize(("tool", "args"), [
    ("apply_label", {"ad_account_id": ACCOUNT, "label": "spring", "campaign_ids": [seed.AWARENESS_CAMPAIGN_ID]}),
    ("remove_label", {"ad_account_id": ACCOUNT, "label": "Spring 2025", "campaign_ids": [seed.AWARENESS_CAMPAIGN_ID]}),
    ("update_status", {"ad_account_id": ACCOUNT, "level": "campaign", "ids": [seed.AWARENESS_CAMPAIGN_ID],
                       "status": "PAUSED"}),
    ("update_budget", {"ad_account_id": ACCOUNT, "level": "campaign", "id": seed.AWARENESS_CAMPAIGN_ID,
                       "budget": {"amount": "1.00"}}),
], ids=["apply_label", "remove_label", "pause", "lower_budget"])
async def test_writes_fail_closed_when_the_audit_store_is_unwritable(mcp_server, emulator_app, settings, tool, args):
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    (settings.state_dir / DB_NAME).write_bytes(b"this is not a database" * 100)
    async with Client(mcp_server) as client:
        result = await client.call_tool(tool, args)
    assert result.is_error and "cannot be written" in _text(result), _text(result)
    writes = [r for r in emulator_app.state.emulator.log if r.method in ("POST", "PATCH", "DELETE")]
    assert not writes, [(r.method, r.path) for r in writes]


async def test_label_write_is_audited_before_it_is_sent(mcp_server, emulator_app, settings):
    async with Client(mcp_server) as client:
        result = await client.call_tool("apply_label", {"ad_account_id": ACCOUNT, "label": "autumn",
                                                        "campaign_ids": [seed.AWARENESS_CAMPAIGN_ID]})
        assert not result.is_error, _text(result)
        log = (await client.call_tool("get_action_log", {"limit": 10})).structured_content
    events = [e["event"] for e in reversed(log["entries"])] if "entries" in log else json.dumps(log)
    assert "label_write_planned" in str(events) and "label_write" in str(events)


# -- permissions ---------------------------------------------------------------------------------
def test_state_store_files_are_private_and_existing_ones_tightened(tmp_path):
    state = tmp_path / "state"
    state.mkdir(mode=0o755)
    state.chmod(0o755)
    db = state / DB_NAME
    db.touch()
    db.chmod(0o644)
    store = StateStore(db)
    store.audit("probe", detail={"x": 1})
    assert state.stat().st_mode & 0o777 == 0o700
    for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
        path = state / name
        if path.exists():
            assert path.stat().st_mode & 0o777 == 0o600, name
    store.close()
    fresh = tmp_path / "fresh" / "deeper"
    StateStore(fresh / DB_NAME).close()
    assert fresh.stat().st_mode & 0o777 == 0o700
    assert (fresh / DB_NAME).stat().st_mode & 0o777 == 0o600


def test_audit_entries_and_results_are_redacted(tmp_path):
    secret = "audit-secret-value-7731"
    REDACTOR.add(secret)
    store = StateStore(tmp_path / DB_NAME)
    store.audit("write_failed", detail={"error": f"Pinterest said Bearer {secret}", "nested": [secret]})
    assert secret not in json.dumps(store.audit_log(5))
    store.close()
    assert secret.encode() not in (tmp_path / DB_NAME).read_bytes()


# -- a base URL that is not Pinterest ------------------------------------------------------------
def test_doctor_and_stderr_say_a_foreign_base_url_loudly(tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("PINTEREST_API_BASE_URL=https://collector.example/v5\n")
    monkeypatch.delenv("PINTEREST_API_BASE_URL", raising=False)
    settings = Settings(ads_state_dir=tmp_path / "state", access_token="tok-123456")
    check = check_mode(settings)
    assert check.status == "warn" and "collector.example" in check.detail and "NOT Pinterest" in check.detail
    assert ".env" in (check.fix or "")
    with caplog.at_level(logging.WARNING):
        cli._banner(settings)
    assert "collector.example" in caplog.text and "not Pinterest's API" in caplog.text
    pinterest = Settings(_env_file=None, ads_state_dir=tmp_path / "state", access_token="tok-123456",
                         api_base_url="https://api.pinterest.com/v5")
    assert check_mode(pinterest).status == "ok"


# -- confirmation ids in logs --------------------------------------------------------------------
def test_log_filter_hides_issued_and_confirmation_shaped_ids():
    issued = "Zk3_issued-confirmation-id-for-this-test-0001"
    REDACTOR.add_log_only(issued)
    shaped = "A" * 20 + "b-c_d" + "9" * 18  # 43 URL-safe characters, like secrets.token_urlsafe(32)
    record = logging.LogRecord("sse_starlette.sse", logging.DEBUG, __file__, 1, "chunk: %s",
                               (f'data: {{"confirmation_id":"{shaped}","other":"{issued}x"}}'.encode(),), None)
    logs.RedactSecrets().filter(record)
    text = record.getMessage()
    assert shaped not in text and issued not in text and "[redacted]" in text


@pytest.mark.slow
async def test_no_confirmation_id_in_debug_logs_over_streamable_http(tmp_path):
    import os
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINTEREST_")}
    env |= {"PINTEREST_ADS_STATE_DIR": str(tmp_path / "state"), "PINTEREST_ADS_CONFIRMATION": "token",
            "PYTHONUNBUFFERED": "1"}
    repo = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-m", "pinterest_ads_mcp.server.cli", "--log-level", "DEBUG",
               "--transport", "streamable-http", "--port", str(port)]
    # A server process for the length of the test.
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,  # noqa: ASYNC220
                            stderr=subprocess.PIPE, cwd=repo)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                await anyio.sleep(0.05)
        async with Client(f"http://127.0.0.1:{port}/mcp") as client:
            result = await client.call_tool("boost_pin", {
                "ad_account_id": ACCOUNT, "pin_id": seed.HERB_SPIRAL_PIN_ID, "goal": "traffic",
                "budget": {"amount": "5.00", "period": "daily"}})
            confirmation = (result.structured_content or {}).get("confirmation_id") or ""
            confirmed = await client.call_tool("confirm_action", {"confirmation_id": confirmation})
            assert not confirmed.is_error, _text(confirmed)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
    stderr = err.decode(errors="replace")
    assert len(confirmation) >= 20, f"no confirmation id was issued: {_text(result)}"
    assert " DEBUG " in stderr, "the server did not log at DEBUG: the check would be vacuous"
    assert confirmation not in stderr


async def test_a_plan_write_is_not_sent_when_its_audit_record_cannot_be_written(mcp_server, emulator_app):
    from pinterest_ads_mcp.guards.store import StoreUnavailable

    async with Client(mcp_server) as client:
        original = StateStore.audit

        def failing(self: StateStore, event: str, **kw: Any) -> None:
            if event == "write_sending":
                raise StoreUnavailable("the state store cannot be written (disk full)")
            original(self, event, **kw)

        StateStore.audit = failing  # type: ignore[method-assign]
        try:
            result = await client.call_tool("update_status", {"ad_account_id": ACCOUNT, "level": "campaign",
                                                              "ids": [seed.AWARENESS_CAMPAIGN_ID], "status": "PAUSED"})
        finally:
            StateStore.audit = original  # type: ignore[method-assign]
    assert result.is_error and "cannot be written" in _text(result), _text(result)
    assert not [r for r in emulator_app.state.emulator.log if r.method == "PATCH"]


def test_a_dotenv_base_url_gets_no_token_from_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("PINTEREST_API_BASE_URL=https://collector.example/v5\n")
    for key in ("PINTEREST_API_BASE_URL", "PINTEREST_REFRESH_TOKEN", "PINTEREST_APP_SECRET"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PINTEREST_ACCESS_TOKEN", "env-access-token-1")
    monkeypatch.setenv("PINTEREST_ADS_STATE_DIR", str(tmp_path / "state"))
    with pytest.raises(ValidationError, match="comes from a .env file"):
        Settings()
    assert cli.main(["doctor"]) == 2
    err = capsys.readouterr().err
    assert "comes from a .env file" in err and "PINTEREST_ACCESS_TOKEN" in err
    # Named in the environment itself, or together with the token in the .env file, it is the operator's choice.
    monkeypatch.setenv("PINTEREST_API_BASE_URL", "https://collector.example/v5")
    assert Settings().base_url == "https://collector.example/v5"
    monkeypatch.delenv("PINTEREST_API_BASE_URL")
    monkeypatch.delenv("PINTEREST_ACCESS_TOKEN")
    (tmp_path / ".env").write_text("PINTEREST_API_BASE_URL=https://collector.example/v5\n"
                                   "PINTEREST_ACCESS_TOKEN=dotenv-token-2\n")
    assert Settings().base_url == "https://collector.example/v5"
