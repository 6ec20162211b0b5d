"""Structured logs: every upstream call with method, path, status, duration and request id, on
stderr, and never a secret: not in messages, not in exception text, not in JSON extras."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import httpx2
import pytest

from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.config import EmulatorConfig
from pinterest_ads_mcp.pinterest.auth import Credentials
from pinterest_ads_mcp.pinterest.client import PinterestClient
from pinterest_ads_mcp.pinterest.errors import AuthenticationFailed
from pinterest_ads_mcp.pinterest.transport import RetryPolicy
from pinterest_ads_mcp.server import logs

FAKE_TOKEN = "pina_FAKE-SECRET-TOKEN-7f3a9c"
FAKE_REFRESH = "pinr_FAKE-REFRESH-0b1d2e"
FAKE_APP_SECRET = "FAKE-APP-SECRET-55aa"
SECRETS = (FAKE_TOKEN, FAKE_REFRESH, FAKE_APP_SECRET)


class Captured:
    """What the configured handler wrote to stderr (pytest's capsys holds sys.stderr in a test)."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.err = ""

    def getvalue(self) -> str:
        self.err += self.capsys.readouterr().err
        return self.err


@pytest.fixture
def stderr(capsys) -> Iterator[Captured]:
    """Capture what the configured logging writes (it writes to sys.stderr), then restore logging."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    yield Captured(capsys)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved_handlers:
        root.addHandler(handler)
    root.setLevel(saved_level)


def client_for(token: str, app) -> PinterestClient:
    credentials = Credentials(
        access_token=token, refresh_token=FAKE_REFRESH, app_id="demo-app", app_secret=FAKE_APP_SECRET
    )
    return PinterestClient(
        "http://emulator.test/v5",
        credentials,
        transport=httpx2.ASGITransport(app=app),
        retry=RetryPolicy(attempts=1),
    )


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
        assert secret[5:] not in text


async def test_json_lines_carry_each_upstream_call(stderr):
    logs.configure("INFO", json_lines=True, secrets=SECRETS)
    app = create_app(EmulatorConfig(token=FAKE_TOKEN))
    async with client_for(FAKE_TOKEN, app) as client:
        await client.list_ad_accounts()
        await client.list_pins(limit=3)
    lines = [json.loads(line) for line in stderr.getvalue().splitlines()]
    upstream = [line["upstream"] for line in lines if "upstream" in line]
    assert [(u["method"], u["path"], u["status"]) for u in upstream] == [
        ("GET", "/ad_accounts", 200),
        ("GET", "/pins", 200),
    ]
    for u, line in zip(upstream, [x for x in lines if "upstream" in x]):
        assert isinstance(u["duration_ms"], float) and u["duration_ms"] >= 0
        assert len(u["request_id"]) >= 8 and u["request_id"] in line["message"]
        assert line["level"] == "info" and line["logger"] == "pinterest_ads_mcp.pinterest"
    assert_no_secret(stderr.getvalue())


async def test_text_mode_line_is_readable(stderr):
    logs.configure("INFO", secrets=SECRETS)
    app = create_app(EmulatorConfig(token=FAKE_TOKEN))
    async with client_for(FAKE_TOKEN, app) as client:
        await client.get_user_account()
    line = stderr.getvalue().strip().splitlines()[-1]
    assert "GET /user_account -> 200 in" in line and "ms (rid " in line
    assert_no_secret(stderr.getvalue())


@pytest.mark.parametrize("json_lines", [False, True])
async def test_secrets_never_logged_even_in_exceptions(stderr, json_lines):
    logs.configure("DEBUG", json_lines=json_lines, secrets=SECRETS)
    log = logging.getLogger("pinterest_ads_mcp.test")
    # A refused token, then a refused refresh: both end in an error a tool would log.
    app = create_app(EmulatorConfig(token="some-other-token"))
    async with client_for(FAKE_TOKEN, app) as client:
        with pytest.raises(AuthenticationFailed) as failure:
            await client.get_user_account()
    log.warning("call failed: %s", failure.value)
    # Secrets that slip into a message, an argument, an exception text or an extra field.
    log.info("configured with %s and %s", FAKE_TOKEN, FAKE_APP_SECRET)
    log.info("header was Authorization: Bearer %s", "unlisted-token-value-123456")
    try:
        raise RuntimeError(f"upstream said token {FAKE_TOKEN} / refresh {FAKE_REFRESH} is bad")
    except RuntimeError:
        log.exception("unexpected failure")
    log.info("with extras", extra={"detail": {"token": FAKE_TOKEN}, "note": f"secret {FAKE_APP_SECRET}"})
    output = stderr.getvalue()
    assert_no_secret(output)
    assert "unlisted-token-value-123456" not in output
    assert "[redacted]" in output and "RuntimeError" in output and "unexpected failure" in output
    if json_lines:
        for line in output.splitlines():
            json.loads(line)  # still valid JSON after redaction


def test_cli_logs_go_to_stderr_only(tmp_path, monkeypatch, capsys):
    """`call` prints its result on stdout; everything else (banner, upstream lines) is on stderr."""
    from pinterest_ads_mcp.server import cli

    for key in ("PINTEREST_ACCESS_TOKEN", "PINTEREST_API_BASE_URL", "PINTEREST_ENV"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PINTEREST_ADS_STATE_DIR", str(tmp_path))
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    try:
        assert cli.main(["--log-json", "call", "list_ad_accounts"]) == 0
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    captured = capsys.readouterr()
    assert json.loads(captured.out)["environment"] == "emulator"
    assert "GET /ad_accounts" in captured.err and "GET /ad_accounts" not in captured.out
