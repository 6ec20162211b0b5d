"""Secrets canary: every tool, prompt and resource runs with a recognisable fake access token, refresh token
and app secret (and a forced token refresh, so the refresh token and the app secret are really used); none of
them may appear in any tool result or error, in the log output on stderr (text and JSON modes, at DEBUG), in
a log record our code emits, or in any file under the state dir (read as bytes)."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import time
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client

from pinterest_ads_mcp.emulator import seed
from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.config import EmulatorConfig
from pinterest_ads_mcp.pinterest.transport import RetryPolicy
from pinterest_ads_mcp.server import logs
from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings
from tests.e2e.support import read_calls

ACCESS = "CANARYaccess7f3e9b2d41c8a6e0f5d7b3a9c1e4f6a8"
REFRESH = "CANARYrefresh2b8d4f6a0c3e5b7d9f1a2c4e6b8d0f2a"
SECRET = "CANARYsecret9e1c3a5b7d9f0e2c4a6b8d0f1e3c5a7b"
APP_ID = "1234567"
ACCOUNT = seed.DEMO_ACCOUNT_ID


def needles() -> dict[str, bytes]:
    """Each secret, a 16-character prefix of it (a truncated leak), and the Basic auth header value."""
    out = {}
    for label, value in (("access", ACCESS), ("refresh", REFRESH), ("secret", SECRET)):
        out[label] = value.encode()
        out[f"{label}[:16]"] = value[:16].encode()
    out["basic"] = base64.b64encode(f"{APP_ID}:{SECRET}".encode())
    return out


def assert_clean(where: str, blob: bytes | str) -> None:
    data = blob.encode() if isinstance(blob, str) else blob
    found = [label for label, needle in needles().items() if needle in data]
    assert not found, f"secret(s) {found} leaked in {where}"


def calls() -> list[tuple[str, dict[str, Any]]]:
    today = dt.date.today()
    launch = {"ad_account_id": ACCOUNT, "name": "Canary launch", "objective": "awareness",
              "budget": {"amount": "20.00", "period": "daily"}, "ad_group": {"targeting": {"locations": ["US"]}},
              "ads": [{"pin_id": seed.RAISED_BED_PIN_ID}], "activate": True}
    return [
        *read_calls().items(),
        ("get_analytics", {"ad_account_id": ACCOUNT, "level": "account",
                           "start_date": (today - dt.timedelta(days=200)).isoformat(),
                           "end_date": (today - dt.timedelta(days=1)).isoformat()}),  # async report path
        ("create_campaign", launch),
        ("boost_pin", {"ad_account_id": ACCOUNT, "pin_id": seed.HERB_SPIRAL_PIN_ID, "goal": "traffic",
                       "budget": {"amount": "5.00", "period": "daily"}}),
        ("update_status", {"ad_account_id": ACCOUNT, "level": "campaign", "ids": [seed.AWARENESS_CAMPAIGN_ID],
                           "status": "PAUSED"}),
        ("update_status", {"ad_account_id": ACCOUNT, "level": "campaign", "ids": [seed.AWARENESS_CAMPAIGN_ID],
                           "status": "ACTIVE"}),
        ("update_budget", {"ad_account_id": ACCOUNT, "level": "campaign", "id": seed.AWARENESS_CAMPAIGN_ID,
                           "budget": {"amount": "10.00"}}),
        ("apply_label", {"ad_account_id": ACCOUNT, "label": "canary", "campaign_ids": [seed.AWARENESS_CAMPAIGN_ID]}),
        ("remove_label", {"ad_account_id": ACCOUNT, "label": "canary",
                          "campaign_ids": [seed.AWARENESS_CAMPAIGN_ID]}),
        ("list_campaigns", {"ad_account_id": "999999999999"}),  # an upstream error
        ("confirm_action", {"confirmation_id": "forged" * 7}),  # a refused confirmation
    ]


@pytest.fixture(autouse=True)
def _restore_logging():
    """logs.configure() replaces the root handlers; put pytest's back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    noisy = {name: logging.getLogger(name).level for name in ("httpx2", "httpcore2", "uvicorn.access",
                                                               "mcp.server.lowlevel.server")}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, lvl in noisy.items():
        logging.getLogger(name).setLevel(lvl)


class RawRecords(logging.Handler):
    """Every record as emitted, message and extras, before any filter of another handler runs."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name}: {record.getMessage()} {record.__dict__!r}")


@pytest.mark.parametrize("json_lines", [False, True], ids=["text-logs", "json-logs"])
async def test_no_secret_leaves_the_server(tmp_path: Path, capsys, json_lines):
    state = tmp_path / "state"
    settings = Settings(_env_file=None, access_token=ACCESS, refresh_token=REFRESH, app_id=APP_ID, app_secret=SECRET,
                        api_base_url="http://canary.test/v5", ads_state_dir=state, ads_confirmation="token")
    app = create_app(EmulatorConfig(token=ACCESS, app_id=APP_ID, app_secret=SECRET))
    emulator = app.state.emulator
    emulator.store.refresh_tokens[REFRESH] = emulator.scopes_of(ACCESS)
    emulator.refresh_expires_at[REFRESH] = time.time() + 86_400
    # The first upstream request answers 401: the client must refresh (refresh token + Basic app secret).
    emulator.faults.add("status", status=401, times=1)

    logs.configure("DEBUG", json_lines=json_lines, secrets=settings.secrets())
    # Raw records, captured on our package logger before they propagate to the redacting stderr handler
    # (its filter rewrites records in place, so a root-level capture would only see redacted text).
    raw = RawRecords()
    package_logger = logging.getLogger("pinterest_ads_mcp")
    package_logger.addHandler(raw)
    server = build_server(settings, transport=httpx2.ASGITransport(app=app), emulator_app=app,
                          retry=RetryPolicy(attempts=2, base_delay=0.001, max_delay=0.002, max_retry_after=0.01))
    seen: list[str] = []
    async with Client(server) as client:
        tools = {t.name for t in (await client.list_tools()).tools}
        made = [(n, a) for n, a in calls() if n in tools]
        for name, args in made:
            result = await client.call_tool(name, args)
            seen.append(result.model_dump_json())
            if name in ("create_campaign", "boost_pin") and not result.is_error:
                confirmation = (result.structured_content or {}).get("confirmation_id")
                if confirmation:
                    seen.append((await client.call_tool("confirm_action",
                                                        {"confirmation_id": confirmation})).model_dump_json())
        seen.append((await client.call_tool("get_action_log", {"limit": 100})).model_dump_json())
        for prompt in (await client.list_prompts()).prompts:
            seen.append((await client.get_prompt(prompt.name, {})).model_dump_json())
        for uri in ["pinterest-ads://guide", "pinterest-ads://accounts", "pinterest-ads://policy"]:
            try:
                seen.append((await client.read_resource(uri)).model_dump_json())
            except Exception as exc:  # a resource not offered still must not leak in its error
                seen.append(str(exc))
        seen.append((await client.list_tools()).model_dump_json())

    assert len(made) >= 15, [n for n, _ in made]
    assert [r.path for r in emulator.log if r.path.endswith("/oauth/token")], "the refresh path never ran"
    assert any(r.method == "POST" and "/campaigns" in r.path and r.status == 200 for r in emulator.log)
    for i, blob in enumerate(seen):
        assert_clean(f"MCP answer #{i}", blob)
    err = capsys.readouterr().err
    assert "pinterest_ads_mcp" in err or '"logger"' in err, "no log output was captured"
    assert_clean("stderr log output", err)
    package_logger.removeHandler(raw)
    assert len(raw.lines) >= 10, "our loggers emitted (almost) nothing: the record check would be vacuous"
    for line in raw.lines:
        # Redaction on the stderr handler is the safety net; our code should not hand secrets to logging.
        assert_clean(f"log record {line[:200]}", line)
    files = [p for p in state.rglob("*") if p.is_file()]
    assert files, "the state store wrote nothing"
    for path in files:
        assert_clean(f"state file {path.relative_to(state)}", path.read_bytes())
