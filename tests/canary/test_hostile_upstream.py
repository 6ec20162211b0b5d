"""Tools driven through MCP against a hostile upstream (tests/support/hostile.py).

The upstream echoes every credential it sees (bearer token, Basic app credentials, the posted
refresh form, and the tokens a refresh rotated in) in results, errors, per-item exceptions, report
answers and ``x-pinterest-rid``. None of it may reach a tool result or error, the audit log,
``get_action_log``, the state files or stderr. It also points reports at loopback, foreign hosts,
redirects and huge bodies, and serves bookmarks that repeat or never end: each is refused, says why,
and nothing is fetched from where it should not be.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import httpx2
import pytest
from mcp import Client

from pinterest_ads_mcp.pinterest.transport import RetryPolicy
from pinterest_ads_mcp.server import logs
from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings
from tests.support.hostile import ACCOUNT, CAMPAIGN, REPORT_HOST, Hostile, create_hostile_app
from tests.support.logging_state import kept_logging

# Characters a form encodes differently (/ + =), so the urlencoded echo is a distinct needle.
ACCESS = "HOSTILEaccess.9f3e/b2d+41c8=a6e0~f5d7b3a9"
REFRESH = "HOSTILErefresh.2b8d/4f6a+0c3e=5b7d9f1a2c"
SECRET = "HOSTILEsecret.9e1c/3a5b+7d9f=0e2c4a6b8d0"
NEW_ACCESS = "HOSTILErotated.a1b2/c3d4+e5f6=a7b8c9d0e1"
NEW_REFRESH = "HOSTILErotrefresh.f1e2/d3c4+b5a6=978685"
APP_ID = "1484262"
FAST = RetryPolicy(attempts=2, base_delay=0.001, max_delay=0.002, max_retry_after=0.01)


def needles() -> dict[str, str]:
    out: dict[str, str] = {}
    for label, value in (("access", ACCESS), ("refresh", REFRESH), ("secret", SECRET),
                         ("rotated access", NEW_ACCESS), ("rotated refresh", NEW_REFRESH)):
        out[label] = value
        out[f"{label} (form)"] = quote_plus(value)
    out["basic"] = base64.b64encode(f"{APP_ID}:{SECRET}".encode()).decode().rstrip("=")
    return out


def assert_clean(where: str, blob: str | bytes) -> None:
    text = blob.decode(errors="replace") if isinstance(blob, bytes) else blob
    found = [label for label, needle in needles().items() if needle in text]
    assert not found, f"secret(s) {found} leaked in {where}: {text[:300]}"


@pytest.fixture(autouse=True)
def _restore_logging():
    with kept_logging():
        yield


@pytest.fixture
def hostile() -> Hostile:
    return Hostile(expired_tokens={ACCESS}, rotate_to=(NEW_ACCESS, NEW_REFRESH))


@pytest.fixture
def server(tmp_path: Path, hostile: Hostile, monkeypatch):
    for key in ("PINTEREST_API_BASE_URL", "PINTEREST_ENV", "PINTEREST_AD_ACCOUNT_ID", "PINTEREST_ACCESS_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    settings = Settings(_env_file=None, access_token=ACCESS, refresh_token=REFRESH, app_id=APP_ID,
                        app_secret=SECRET, env="production", ads_state_dir=tmp_path / "state",
                        ads_confirmation="token")
    logs.configure("DEBUG", secrets=settings.secrets())

    def shrink(rt: Any) -> None:  # small caps keep the refusals fast; the mechanism is the same
        rt.client.max_pages = 20
        rt.client.max_report_bytes = 1_000_000

    app = create_hostile_app(hostile)
    return build_server(settings, transport=httpx2.ASGITransport(app=app), retry=FAST, on_runtime=shrink)


def _dump(result: Any) -> str:
    return result.model_dump_json()


def _text(result: Any) -> str:
    return " ".join(getattr(c, "text", "") for c in result.content)


def _analytics_args() -> dict[str, Any]:
    today = dt.date.today()
    return {"ad_account_id": ACCOUNT, "level": "account",
            "start_date": (today - dt.timedelta(days=200)).isoformat(),
            "end_date": (today - dt.timedelta(days=1)).isoformat()}


async def test_echoed_secrets_reach_no_result_error_audit_or_log(server, hostile, tmp_path, capsys):
    seen: list[str] = []
    async with Client(server) as client:
        accounts = await client.call_tool("list_ad_accounts", {})
        seen.append(_dump(accounts))
        assert not accounts.is_error
        # The double really echoed the rotated token: the redactor learnt it at the refresh.
        assert any(NEW_ACCESS in e for e in hostile.echoes) and any(REFRESH in e for e in hostile.echoes)
        assert "[redacted]" in _dump(accounts)
        seen.append(_dump(await client.call_tool("list_campaigns", {"ad_account_id": ACCOUNT})))
        hostile.campaigns = "error"
        refused = await client.call_tool("list_campaigns", {"ad_account_id": ACCOUNT})
        assert refused.is_error and "Invalid parameters" in _text(refused)
        seen.append(_dump(refused))
        hostile.campaigns = "echo"
        paused = await client.call_tool("update_status", {"ad_account_id": ACCOUNT, "level": "campaign",
                                                          "ids": [CAMPAIGN], "status": "PAUSED"})
        seen.append(_dump(paused))
        assert "cannot update" in _dump(paused)  # the per-item exception did come back, redacted
        label = await client.call_tool("apply_label", {"ad_account_id": ACCOUNT, "label": "spring",
                                                       "campaign_ids": [CAMPAIGN]})
        assert "label refused" in _dump(label)  # the outcome message came back, redacted
        seen.append(_dump(label))
        report = await client.call_tool("get_analytics", _analytics_args())
        assert not report.is_error, _text(report)
        seen.append(_dump(report))
        log = await client.call_tool("get_action_log", {"limit": 100})
        seen.append(_dump(log))
        assert "cannot update" in _dump(log) or "label" in _dump(log)
    for i, blob in enumerate(seen):
        assert_clean(f"MCP answer #{i}", blob)
    assert_clean("stderr", capsys.readouterr().err)
    # The token file holds the renewed tokens by design (mode 0600); everything else must be clean.
    tokens = tmp_path / "state" / "tokens.json"
    assert tokens.stat().st_mode & 0o077 == 0
    files = [p for p in (tmp_path / "state").rglob("*") if p.is_file() and p != tokens]
    assert any(p.name.endswith(".sqlite3") for p in files)
    for path in files:
        assert_clean(f"state file {path.name}", path.read_bytes())


@pytest.mark.parametrize(("url", "why"), [
    ("http://127.0.0.1:8811/reports/echo.json", "local or private address"),
    ("https://169.254.169.254/latest/meta-data", "local or private address"),
    ("https://evil.example/reports/echo.json", "not one of Pinterest's report hosts"),
    (f"http://{REPORT_HOST}/reports/echo.json", "not https"),
    (f"https://{REPORT_HOST}/reports/redirect.json", "redirect"),
    (f"https://user:pw@{REPORT_HOST}/reports/echo.json", "carries credentials"),
], ids=["loopback", "metadata", "foreign-host", "plain-http", "redirect", "userinfo"])
async def test_report_download_refuses_hosts_that_are_not_pinterest(server, hostile, url, why):
    hostile.report_url = url
    async with Client(server) as client:
        result = await client.call_tool("get_analytics", _analytics_args())
    assert result.is_error and why in _text(result), _text(result)
    fetched = {(s.host, s.path) for s in hostile.log}
    assert not any(host in ("127.0.0.1", "169.254.169.254", "evil.example") for host, _ in fetched), fetched
    assert ("127.0.0.1", "/steal") not in fetched


@pytest.mark.parametrize(("declared", "body"), [(10**9, 4096), (None, 4_000_000)],
                         ids=["declared-too-big", "streamed-past-cap"])
async def test_huge_report_is_refused_at_the_size_cap(server, hostile, declared, body):
    hostile.report_url = f"https://{REPORT_HOST}/reports/huge.json"
    hostile.declared_length, hostile.huge_bytes = declared, body
    async with Client(server) as client:
        result = await client.call_tool("get_analytics", _analytics_args())
    assert result.is_error and "cap" in _text(result), _text(result)


@pytest.mark.parametrize(("mode", "pages", "why"), [("repeat", 2, "already given"), ("endless", 20, "20 pages")])
async def test_bookmarks_that_repeat_or_never_end_are_stopped(server, hostile, mode, pages, why):
    hostile.campaigns = mode
    async with Client(server) as client:
        result = await client.call_tool("list_campaigns", {"ad_account_id": ACCOUNT, "limit": 1000})
    assert result.is_error and why in _text(result), _text(result)
    listed = [s for s in hostile.log if s.path.endswith("/campaigns") and s.method == "GET"]
    assert len(listed) == pages


async def test_an_api_redirect_to_another_host_is_not_followed(server, hostile):
    hostile.campaigns = "redirect"
    async with Client(server) as client:
        result = await client.call_tool("list_campaigns", {"ad_account_id": ACCOUNT})
    assert result.is_error and "redirect" in _text(result) and "127.0.0.1" in _text(result), _text(result)
    assert all(s.host != "127.0.0.1" for s in hostile.log)
