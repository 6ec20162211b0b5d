"""``pinterest-ads-mcp doctor``: each check against the emulator, and each failure names its fix."""

from __future__ import annotations

import io
from typing import Any

import httpx2
import pytest

from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.config import EmulatorConfig
from pinterest_ads_mcp.pinterest.auth import TokenFile
from pinterest_ads_mcp.server import cli
from pinterest_ads_mcp.server.doctor import Check, diagnose, run_doctor
from pinterest_ads_mcp.server.settings import Settings

BASE = "http://emulator.test/v5"
TOKEN = "doctor-good-token-1234"
ENV_KEYS = (
    "PINTEREST_ACCESS_TOKEN",
    "PINTEREST_REFRESH_TOKEN",
    "PINTEREST_ENV",
    "PINTEREST_APP_ID",
    "PINTEREST_APP_SECRET",
    "PINTEREST_API_BASE_URL",
    "PINTEREST_AD_ACCOUNT_ID",
    "PINTEREST_ADS_ALLOWED_ACCOUNTS",
    "PINTEREST_ADS_READ_ONLY",
    "PINTEREST_ADS_STATE_DIR",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)


def make(tmp_path, scopes: str | None = None) -> tuple[Any, httpx2.ASGITransport]:
    config = EmulatorConfig(token=TOKEN, app_id="app", app_secret="secret")
    if scopes is not None:
        config.scopes = scopes
    app = create_app(config)
    return app, httpx2.ASGITransport(app=app)


def settings_for(tmp_path, **kw: Any) -> Settings:
    values: dict[str, Any] = {
        "api_base_url": BASE,
        "access_token": TOKEN,
        "ads_state_dir": tmp_path / "state",
    }
    values.update(kw)
    return Settings(_env_file=None, **{k: v for k, v in values.items() if v is not None})


async def run(settings: Settings, transport: httpx2.ASGITransport) -> tuple[int, str, dict[str, Check]]:
    err = io.StringIO()
    code = await run_doctor(settings, transport=transport, err=err)
    checks = await diagnose(settings, transport=transport)
    by_name = {c.name: c for c in checks}
    return code, err.getvalue(), by_name


def failing(checks: dict[str, Check]) -> dict[str, Check]:
    return {name: c for name, c in checks.items() if c.status == "fail"}


async def test_healthy_setup_explains_every_line(tmp_path):
    _, transport = make(tmp_path)
    code, report, checks = await run(
        settings_for(tmp_path, refresh_token="r-tok", app_id="app", app_secret="secret"), transport
    )
    assert code == 0, report
    assert not failing(checks)
    assert checks["mode"].status == "warn" and "NOT Pinterest" in checks["mode"].detail and "PINTEREST_ACCESS_TOKEN is set" in checks["mode"].detail
    assert BASE in checks["mode"].detail
    assert "valid: user" in checks["token"].detail
    assert checks["renewal"].status == "ok"
    accounts = checks["ad accounts"].detail
    assert "USD" in accounts and "EUR" in accounts and "OWNER" in accounts
    assert "probed with reads" in checks["scopes"].detail
    assert "writes allowed" in checks["spend policy"].detail
    assert checks["state dir"].status == "ok"
    assert "2025-11-25" in checks["mcp"].detail and "2026-07-28" in checks["mcp"].detail
    assert report.rstrip().endswith("No blocking problem.")
    assert TOKEN not in report


async def test_bad_token_fails_with_the_fix(tmp_path):
    _, transport = make(tmp_path)
    code, report, checks = await run(settings_for(tmp_path, access_token="not-the-token"), transport)
    assert code == 1
    token = checks["token"]
    assert token.status == "fail" and "HTTP 401" in token.detail
    assert "pinterest-ads-mcp auth" in token.fix
    assert "fix: run `pinterest-ads-mcp auth`" in report
    assert "not-the-token" not in report


async def test_no_token_in_production_fails(tmp_path):
    _, transport = make(tmp_path)
    code, _, checks = await run(settings_for(tmp_path, access_token=None, env="production"), transport)
    assert code == 1
    assert checks["token"].status == "fail" and "pinterest-ads-mcp auth" in checks["token"].fix


async def test_unwritable_state_dir_fails(tmp_path):
    _, transport = make(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, _, checks = await run(settings_for(tmp_path, ads_state_dir=blocker / "state"), transport)
    assert code == 1
    assert checks["state dir"].status == "fail" and "PINTEREST_ADS_STATE_DIR" in checks["state dir"].fix


async def test_allow_list_naming_unreachable_account_fails(tmp_path):
    _, transport = make(tmp_path)
    code, _, checks = await run(settings_for(tmp_path, ads_allowed_accounts=["999"]), transport)
    assert code == 1
    check = checks["allow-list"]
    assert check.status == "fail" and "999" in check.detail and "correct the ids" in check.fix


async def test_default_account_unreachable_fails(tmp_path):
    _, transport = make(tmp_path)
    code, _, checks = await run(settings_for(tmp_path, ad_account_id="12345"), transport)
    assert code == 1
    assert (
        checks["default account"].status == "fail"
        and "PINTEREST_AD_ACCOUNT_ID" in checks["default account"].detail
    )


async def test_token_without_ads_read_fails_naming_scope(tmp_path):
    app, transport = make(tmp_path)
    app.state.emulator.store.access_tokens["narrow-token"] = "user_accounts:read pins:read boards:read"
    code, _, checks = await run(settings_for(tmp_path, access_token="narrow-token"), transport)
    assert code == 1
    assert checks["scopes"].status == "fail" and "ads:read" in checks["scopes"].detail
    assert "pinterest-ads-mcp auth" in checks["scopes"].fix
    assert checks["ad accounts"].status == "fail"


async def test_stored_grant_without_ads_write_warns(tmp_path):
    app, transport = make(tmp_path)
    scopes = "ads:read pins:read boards:read user_accounts:read pins:read_secret boards:read_secret"
    app.state.emulator.store.access_tokens["stored-token"] = scopes
    TokenFile(tmp_path / "state").save(
        {
            "origin": "auth",
            "api_url": BASE,
            "access_token": "stored-token",
            "refresh_token": "",
            "scope": scopes,
            "app_id": "app",
        }
    )
    settings = settings_for(tmp_path, access_token=None)
    code, _, checks = await run(settings, transport)
    assert code == 0
    assert "stored tokens" in checks["mode"].detail
    assert checks["scopes"].status == "warn" and "ads:write" in checks["scopes"].detail
    assert "granted when you ran" in checks["scopes"].detail
    assert checks["renewal"].status == "warn"
    read_only = settings.model_copy(update={"ads_read_only": True})
    scopes_check = next(c for c in await diagnose(read_only, transport=transport) if c.name == "scopes")
    assert scopes_check.status == "ok" and "PINTEREST_ADS_READ_ONLY" in scopes_check.detail


async def test_refresh_token_without_secret_warns(tmp_path):
    _, transport = make(tmp_path)
    _, _, checks = await run(settings_for(tmp_path, refresh_token="r-tok", app_id="app"), transport)
    assert checks["renewal"].status == "warn" and "PINTEREST_APP_SECRET" in checks["renewal"].fix


async def test_embedded_emulator_passes_and_says_why(tmp_path):
    settings = Settings(_env_file=None, ads_state_dir=tmp_path / "state")
    err = io.StringIO()
    assert await run_doctor(settings, err=err) == 0
    assert "emulator: no Pinterest token is configured" in err.getvalue()
    assert "demo token" in err.getvalue()


def test_cli_exit_code_and_bad_setting(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PINTEREST_ADS_STATE_DIR", str(tmp_path / "state"))
    assert cli.main(["doctor"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "No blocking problem." in captured.err
    monkeypatch.setenv("PINTEREST_ADS_MAX_DAILY_BUDGET", "lots")
    assert cli.main(["doctor"]) == 2
    assert "PINTEREST_ADS_MAX_DAILY_BUDGET" in capsys.readouterr().err


def _every_problem_has_a_fix(checks: dict[str, Check]) -> None:
    for check in checks.values():
        if check.status in ("warn", "fail"):
            assert check.fix, f"{check.name}: {check.detail} has no fix"


async def test_trial_app_names_its_daily_quota_and_the_upgrade(tmp_path):
    app = create_app(EmulatorConfig(token=TOKEN, app_id="app", app_secret="secret", tier="trial"))
    code, report, checks = await run(settings_for(tmp_path), httpx2.ASGITransport(app=app))
    tier = checks["access tier"]
    assert tier.status == "warn" and "Trial access" in tier.detail and "1,000 calls a day" in tier.detail
    assert "quota returns in about" in tier.detail and "UTC" in tier.detail
    assert "Standard access" in tier.fix and "developers.pinterest.com/apps" in tier.fix
    assert "fix: upgrade the app to Standard access" in report
    _every_problem_has_a_fix(checks)
    standard = create_app(EmulatorConfig(token=TOKEN, app_id="app", app_secret="secret",
                                         rate_limits={"ads_read": (100, 60.0)}))
    _, _, plain = await run(settings_for(tmp_path), httpx2.ASGITransport(app=standard))
    assert "access tier" not in plain  # a per-minute limit is not a Trial quota


async def test_sandbox_lists_what_it_lacks_and_needs_its_own_token(tmp_path):
    app = create_app(EmulatorConfig(token=TOKEN, app_id="app", app_secret="secret", sandbox=True))
    transport = httpx2.ASGITransport(app=app)
    code, report, checks = await run(settings_for(tmp_path, env="sandbox"), transport)
    assert code == 0, report
    assert checks["mode"].detail.startswith("sandbox")
    gaps = checks["sandbox"].detail
    for words in ("asynchronous reports", "no pin search", "no video pins", "no Business Access"):
        assert words in gaps, gaps
    assert "production" in checks["sandbox"].fix
    assert checks["scopes"].status == "ok"  # no pin search there, so its scopes are not asked for
    assert not [r for r in app.state.emulator.log if "search" in r.path]
    _, report, refused = await run(settings_for(tmp_path, env="sandbox", access_token="a-production-token"),
                                   transport)
    assert refused["token"].status == "fail" and "sandbox token" in refused["token"].fix
    _every_problem_has_a_fix(refused)


async def test_token_missing_scopes_names_each_and_the_fix(tmp_path):
    _, transport = make(tmp_path, scopes="ads:read ads:write pins:read user_accounts:read")
    code, report, checks = await run(settings_for(tmp_path), transport)
    scopes = checks["scopes"]
    assert scopes.status == "warn"
    for scope in ("boards:read", "pins:read_secret", "boards:read_secret"):
        assert scope in scopes.detail, scopes.detail
    assert "filters your own pins" in scopes.detail
    assert "pinterest-ads-mcp auth" in scopes.fix
    _every_problem_has_a_fix(checks)
