"""``pinterest-ads-mcp doctor``: check a set-up line by line and say how to fix what is wrong.

Each check answers one question a person has before their first campaign (which Pinterest am I
talking to and why? is my token good? does it carry the scopes writes need? which ad accounts can
I use, in which currency and with which role? what will the server refuse? can it keep its state?
which MCP versions can my client speak?). A check that makes the server unusable is a failure:
the command then exits 1, and every failure carries its fix in words.

It uses the same client the server uses (same token file, same refresh), so what it reports is
what the server will see. Output goes to stderr, like every message outside ``call``/``--print``.
"""

from __future__ import annotations

import stat
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Literal, TextIO

import httpx2
from mcp_types import version as protocol

from .. import __version__
from ..pinterest.auth import TokenFile, scopes_of
from ..pinterest.client import PinterestClient
from ..pinterest.errors import (
    AuthenticationFailed,
    MissingScope,
    PermissionDenied,
    PinterestError,
    when_in_words,
)
from ..pinterest.models import AdAccount
from ..pinterest.private_files import private_dir
from ..pinterest.transport import RetryPolicy
from .app import build_client, build_policy
from .settings import Settings

Status = Literal["ok", "info", "warn", "fail"]

READ_SCOPES = ("user_accounts:read", "ads:read", "pins:read", "boards:read")
WRITE_SCOPES = ("ads:write",)
SEARCH_SCOPES = ("pins:read_secret", "boards:read_secret")
WRITE_ROLES = frozenset({"OWNER", "ADMIN", "CAMPAIGN_MANAGER"})
REAUTH = (
    "run `pinterest-ads-mcp auth` again and approve every scope (or set PINTEREST_ACCESS_TOKEN to a token "
    "that has them)"
)
# Doctor answers quickly: one retry, short waits.
DOCTOR_RETRY = RetryPolicy(attempts=2, base_delay=0.2, max_delay=1.0, max_retry_after=2.0)


@dataclass
class Check:
    name: str
    status: Status
    detail: str
    fix: str | None = None


def _missing_scope(exc: PinterestError) -> bool:
    """Pinterest answers a token without the needed scope with code 3 ("sufficient permissions")."""
    text = str(exc).lower()
    return exc.code == 3 or "scope" in text or "sufficient permissions" in text


def check_mode(settings: Settings) -> Check:
    env, base = settings.environment, settings.base_url
    if env == "emulator" and base is None:
        why = "PINTEREST_ENV=emulator" if settings.env == "emulator" else "no Pinterest token is configured"
        return Check(
            "mode",
            "info",
            f"emulator: {why}, so the server runs the built-in Pinterest emulator with demo "
            "data; nothing reaches Pinterest and no money can be spent.",
            fix="to use a real account, run `pinterest-ads-mcp auth` (or set PINTEREST_ACCESS_TOKEN)",
        )
    if settings.env is not None:
        why = f"PINTEREST_ENV={settings.env}"
    elif settings.access_token is not None:
        why = "PINTEREST_ACCESS_TOKEN is set"
    elif settings.stored_tokens() is not None:
        why = f"`pinterest-ads-mcp auth` stored tokens in {settings.state_dir}"
    else:
        why = "PINTEREST_API_BASE_URL is set"
    elsewhere = settings.stored_tokens_elsewhere()
    kept = (f" The tokens `pinterest-ads-mcp auth` stored were issued for {elsewhere.get('api_url') or 'Pinterest'} "
            "and are not sent there." if elsewhere else "")
    if settings.foreign_base_url:
        return Check(
            "mode",
            "warn",
            f"{env}: {why}; PINTEREST_API_BASE_URL sends every request, with its token, to {base}, which is NOT "
            f"Pinterest's API.{kept}",
            fix="unset PINTEREST_API_BASE_URL (check the environment and any .env file in the folder the server "
                "starts in) unless this is an emulator or your own proxy",
        )
    if settings.api_base_url:
        return Check("mode", "ok", f"{env}: {why}; PINTEREST_API_BASE_URL sends requests to {base}.{kept}")
    return Check("mode", "ok", f"{env}: {why} ({base}).{kept}")


def check_state_dir(settings: Settings) -> Check:
    directory = settings.state_dir
    fix = (
        "set PINTEREST_ADS_STATE_DIR to a folder you can write (it keeps renewed tokens, pending confirmations "
        "and the audit log)"
    )
    try:
        private_dir(directory)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".doctor-", delete=True) as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError as exc:
        return Check(
            "state dir", "fail", f"{directory} is not writable ({exc.strerror or type(exc).__name__}).", fix
        )
    token_path = TokenFile(directory).path
    if token_path.exists():
        mode = stat.S_IMODE(token_path.stat().st_mode)
        if mode & 0o077:
            return Check(
                "state dir",
                "warn",
                f"{directory} is writable, but {token_path.name} is readable by others (mode {mode:o}).",
                fix=f"chmod 600 {token_path}",
            )
    return Check("state dir", "ok", f"{directory} is writable.")


def check_policy(settings: Settings) -> Check:
    policy = build_policy(settings)
    parts = ["read-only (no changes are sent)" if policy.read_only else "writes allowed after confirmation"]
    parts.append(
        f"ad accounts allowed: {', '.join(sorted(policy.allowed_accounts))}"
        if policy.allowed_accounts
        else "every ad account the token reaches is allowed"
    )
    caps = [
        f"max daily budget {policy.max_daily_budget}" if policy.max_daily_budget is not None else None,
        f"max lifetime budget {policy.max_lifetime_budget}"
        if policy.max_lifetime_budget is not None
        else None,
    ]
    caps_text = ", ".join(c for c in caps if c)
    parts.append(
        f"{caps_text} (per campaign/ad group, in the account's currency)"
        if caps_text
        else "no budget caps (any budget a person confirms can be set)"
    )
    envelope = [
        f"new daily spend at most {policy.max_new_daily_spend} in any 24 hours (all actions together)"
        if policy.max_new_daily_spend is not None else None,
        f"largest single budget raise {policy.max_increase_pct}%" if policy.max_increase_pct is not None else None,
    ]
    parts.append("envelope: " + ", ".join(e for e in envelope if e) if any(envelope)
                 else "no envelope (PINTEREST_ADS_MAX_NEW_DAILY_SPEND, PINTEREST_ADS_MAX_INCREASE_PCT unset)")
    parts.append(f"confirmation mode {settings.ads_confirmation}")
    no_caps = not caps_text and not policy.read_only and settings.environment == "production"
    return Check(
        "spend policy",
        "info",
        "; ".join(parts) + ".",
        fix=(
            "consider PINTEREST_ADS_MAX_DAILY_BUDGET and PINTEREST_ADS_MAX_LIFETIME_BUDGET as a safety net"
            if no_caps
            else None
        ),
    )


def check_protocol() -> Check:
    try:
        sdk = version("mcp")
    except PackageNotFoundError:  # pragma: no cover - mcp is a dependency
        sdk = "unknown"
    handshake = ", ".join(protocol.HANDSHAKE_PROTOCOL_VERSIONS)
    modern = ", ".join(protocol.MODERN_PROTOCOL_VERSIONS)
    return Check(
        "mcp",
        "ok",
        f"MCP SDK {sdk}: clients can connect with protocol versions {handshake} (initialize "
        f"handshake) and {modern} (per-request); newest {protocol.LATEST_PROTOCOL_VERSION}.",
    )


def _renewal(settings: Settings, client: PinterestClient) -> Check | None:
    creds = client.tokens.credentials
    if settings.environment == "emulator" and settings.base_url is None:
        return None
    if creds.can_refresh:
        return Check(
            "renewal", "ok", "the access token renews itself (refresh token, app id and secret are set)."
        )
    if creds.refresh_token:
        missing = [
            n
            for n, v in (("PINTEREST_APP_ID", creds.app_id), ("PINTEREST_APP_SECRET", creds.app_secret))
            if not v
        ]
        return Check(
            "renewal",
            "warn",
            "there is a refresh token, but the access token cannot renew itself "
            f"without {' and '.join(missing)}.",
            fix=f"set {' and '.join(missing)} (your app's credentials)",
        )
    return Check(
        "renewal",
        "warn",
        "no refresh token: when the access token expires (30 days), tools answer 401.",
        fix="run `pinterest-ads-mcp auth` to get a refresh token, or set PINTEREST_REFRESH_TOKEN, "
        "PINTEREST_APP_ID and PINTEREST_APP_SECRET",
    )


async def _probe(call: Callable[[], Awaitable[Any]]) -> PinterestError | None:
    try:
        await call()
    except PinterestError as exc:
        return exc
    return None


async def check_api(
    settings: Settings, *, transport: httpx2.AsyncBaseTransport | None = None, emulator_app: Any = None
) -> list[Check]:
    """Token, scopes and ad accounts: everything that needs Pinterest (or the emulator) to answer."""
    client, _ = build_client(settings, transport=transport, retry=DOCTOR_RETRY, emulator_app=emulator_app)
    async with client:
        creds = client.tokens.credentials
        if not creds.access_token:
            return [
                Check(
                    "token",
                    "fail",
                    f"{settings.environment} mode but no access token is configured.",
                    fix="run `pinterest-ads-mcp auth`, or set PINTEREST_ACCESS_TOKEN",
                )
            ]
        checks: list[Check] = []
        granted: set[str] | None = None
        stored = settings.stored_tokens()
        if stored is not None and stored.get("access_token") == creds.access_token and stored.get("scope"):
            granted = scopes_of(stored["scope"])

        try:
            me = await client.get_user_account()
        except (AuthenticationFailed, MissingScope) as exc:
            if _missing_scope(exc):
                checks.append(
                    Check(
                        "token",
                        "warn",
                        "Pinterest accepts the token, but it lacks user_accounts:read "
                        f"so the user cannot be shown ({exc.message}).",
                        fix=REAUTH,
                    )
                )
            else:
                fix = (
                    "run `pinterest-ads-mcp auth` to get a new token (or set a valid "
                    "PINTEREST_ACCESS_TOKEN); with PINTEREST_REFRESH_TOKEN, PINTEREST_APP_ID and "
                    "PINTEREST_APP_SECRET it renews itself"
                )
                if settings.environment == "sandbox":
                    fix = (
                        "the sandbox takes only sandbox tokens: generate one on your app's page "
                        "(https://developers.pinterest.com/apps/ -> your app) and set PINTEREST_ACCESS_TOKEN to it; "
                        "a production token is refused there"
                    )
                return [Check("token", "fail", f"Pinterest refused the access token: {exc}", fix=fix)]
        except PinterestError as exc:
            return [
                Check(
                    "token",
                    "fail",
                    f"could not check the token: {exc}",
                    fix=f"check that {settings.base_url or 'Pinterest'} is reachable, then run doctor again",
                )
            ]
        except httpx2.HTTPError as exc:
            return [
                Check(
                    "token",
                    "fail",
                    f"could not reach {settings.base_url}: {type(exc).__name__}.",
                    fix="check the network and PINTEREST_API_BASE_URL, then run doctor again",
                )
            ]
        else:
            who = me.get("username") or "unknown user"
            kind = me.get("account_type")
            label = (
                "demo token" if settings.environment == "emulator" and settings.base_url is None else "valid"
            )
            checks.append(
                Check("token", "ok", f"{label}: user {who}" + (f" ({kind} account)" if kind else "") + ".")
            )
        renewal = _renewal(settings, client)
        if renewal is not None:
            checks.append(renewal)
        tier = check_tier(client)
        if tier is not None:
            checks.append(tier)

        accounts: list[AdAccount] | None = None
        out: list[AdAccount] = []
        accounts_error = await _probe(lambda: _accounts(client, out))
        if accounts_error is None:
            accounts = out
        checks.append(await _check_scopes(settings, client, granted, accounts_error))
        checks.extend(_check_accounts(settings, accounts, accounts_error))
        return checks


def check_tier(client: PinterestClient) -> Check | None:
    """A Trial-tier app shows in its rate-limit headers: a daily quota per category."""
    daily = {category: info for category, info in client.rate_limits.items() if info.daily}
    if not daily:
        return None
    category, info = next(iter(daily.items()))
    left = f"{info.remaining} left today in {category}" if info.remaining is not None else f"in {category}"
    resets = ""
    if info.reset:
        resets = f"; the quota returns {when_in_words(info.reset, time.time() + info.reset)}"
    return Check(
        "access tier",
        "warn",
        f"Trial access: Pinterest allows {f'{info.limit:,}' if info.limit else 'a fixed number of'} calls a day per rate-limit category "
        f"({left}{resets}); bulk analytics and big launches can run out of it.",
        fix="upgrade the app to Standard access on https://developers.pinterest.com/apps/ (your app -> Upgrade); "
        "until then keep reports small",
    )


SANDBOX_GAPS = (
    "the sandbox answers with sandbox entities only and has no asynchronous reports (get_analytics stays within "
    "the last 89 days, 90 days a request), no pin search (list_pins(query=...) filters your pins instead), no "
    "video pins and no Business Access (a shared account's pins)"
)


def check_sandbox(settings: Settings) -> Check | None:
    if settings.environment != "sandbox":
        return None
    return Check(
        "sandbox",
        "info",
        SANDBOX_GAPS + "; tools that need those say so.",
        fix="for the missing features use production: unset PINTEREST_ENV and run `pinterest-ads-mcp auth`",
    )


async def _accounts(client: PinterestClient, out: list[AdAccount]) -> None:
    out.extend(await client.list_ad_accounts(limit=250))


async def _check_scopes(
    settings: Settings,
    client: PinterestClient,
    granted: set[str] | None,
    accounts_error: PinterestError | None,
) -> Check:
    check = await _check_core_scopes(settings, client, granted, accounts_error)
    if settings.environment == "sandbox":  # the sandbox has no pin search
        return check
    if granted is not None:
        missing = [s for s in SEARCH_SCOPES if s not in granted]
    else:
        search = await _probe(lambda: client.search_pins("garden", limit=1))
        missing = list(SEARCH_SCOPES) if isinstance(search, MissingScope) else []
    if not missing:
        return check
    lack = (f"the token lacks {' and '.join(missing)}, which Pinterest's pin search needs: list_pins(query=...) "
            "filters your own pins by the words instead")
    if check.status == "ok":
        return Check("scopes", "warn", f"{check.detail.rstrip('.')}; but {lack}.", fix=REAUTH)
    return Check("scopes", check.status, f"{check.detail.rstrip('.')}; also {lack}.", fix=check.fix or REAUTH)


async def _check_core_scopes(
    settings: Settings,
    client: PinterestClient,
    granted: set[str] | None,
    accounts_error: PinterestError | None,
) -> Check:
    read_only = settings.ads_read_only
    if granted is not None:
        source = "granted when you ran `pinterest-ads-mcp auth`"
        missing_read = [s for s in READ_SCOPES if s not in granted]
        missing_write = [s for s in WRITE_SCOPES if s not in granted]
    else:
        source = "probed with reads"
        missing_read = []
        probes: dict[str, Callable[[], Awaitable[Any]]] = {
            "pins:read": lambda: client.paginate("/pins", category="org_read", limit=1),
            "boards:read": lambda: client.paginate("/boards", category="org_read", limit=1),
        }
        if accounts_error is not None and _missing_scope(accounts_error):
            missing_read.append("ads:read")
        for scope, probe in probes.items():
            exc = await _probe(probe)
            if (
                exc is not None
                and isinstance(exc, AuthenticationFailed | PermissionDenied | MissingScope)
                and _missing_scope(exc)
            ):
                missing_read.append(scope)
        missing_write = []
    if missing_read:
        needs = {
            "ads:read": "every ads tool",
            "pins:read": "list_pins and boost_pin",
            "boards:read": "list_pins by board",
            "user_accounts:read": "identifying the user",
        }
        what = "; ".join(f"{s} ({needs[s]})" for s in missing_read)
        status: Status = "fail" if "ads:read" in missing_read else "warn"
        return Check("scopes", status, f"the token lacks {what} ({source}).", fix=REAUTH)
    if missing_write:
        if read_only:
            return Check(
                "scopes",
                "ok",
                f"reads are covered; ads:write is missing but PINTEREST_ADS_READ_ONLY is set ({source}).",
            )
        return Check(
            "scopes",
            "warn",
            f"reads are covered, but without ads:write no campaign can be created, "
            f"paused or changed ({source}).",
            fix=REAUTH + ", or set PINTEREST_ADS_READ_ONLY=true",
        )
    if granted is not None:
        listed = READ_SCOPES + WRITE_SCOPES + (SEARCH_SCOPES if settings.environment != "sandbox" else ())
        return Check("scopes", "ok", f"{' '.join(s for s in listed if s in granted)} ({source}).")
    write_note = (
        ""
        if read_only
        else "; ads:write cannot be checked without making a change: if a write answers "
        "'sufficient permissions', run `pinterest-ads-mcp auth` again"
    )
    return Check("scopes", "ok", f"{', '.join(READ_SCOPES)} work ({source}){write_note}.")


def _check_accounts(
    settings: Settings, accounts: list[AdAccount] | None, error: PinterestError | None
) -> list[Check]:
    if accounts is None:
        return [
            Check(
                "ad accounts",
                "fail",
                f"could not list ad accounts: {error}",
                fix=REAUTH
                if error is not None and _missing_scope(error)
                else "check the token and the network, then run doctor again",
            )
        ]
    if not accounts:
        return [
            Check(
                "ad accounts",
                "fail",
                "the token reaches no ad account.",
                fix="create an ad account in Pinterest Ads Manager, or ask its owner to give your user a role "
                "on theirs (Business Access), then run doctor again",
            )
        ]
    checks: list[Check] = []
    policy = build_policy(settings)
    lines = []
    for a in accounts:
        roles = ", ".join(a.permissions) or "role not reported"
        blocked = "" if policy.account_allowed(a.id) else ", not in the allow-list"
        lines.append(f"{a.id} {a.name or ''} ({a.currency}; {roles}{blocked})".replace("  ", " "))
    checks.append(Check("ad accounts", "ok", f"{len(accounts)} reachable: " + "; ".join(lines) + "."))
    reachable = {a.id: a for a in accounts}
    unknown = sorted(policy.allowed_accounts - reachable.keys())
    if unknown:
        checks.append(
            Check(
                "allow-list",
                "fail",
                f"PINTEREST_ADS_ALLOWED_ACCOUNTS names {', '.join(unknown)}, which this token cannot reach.",
                fix="correct the ids (the reachable ones are listed above) or get your user a role on "
                "those accounts",
            )
        )
    default = settings.ad_account_id
    if default:
        if default not in reachable:
            checks.append(
                Check(
                    "default account",
                    "fail",
                    f"PINTEREST_AD_ACCOUNT_ID={default} is not reachable with this token.",
                    fix="set it to one of the ids listed above, or unset it",
                )
            )
        elif not policy.account_allowed(default):
            checks.append(
                Check(
                    "default account",
                    "fail",
                    f"PINTEREST_AD_ACCOUNT_ID={default} is not in PINTEREST_ADS_ALLOWED_ACCOUNTS.",
                    fix="add it to the allow-list or pick another",
                )
            )
    if not settings.ads_read_only:
        usable = [a for a in accounts if policy.account_allowed(a.id)]
        view_only = [a.id for a in usable if a.permissions and not WRITE_ROLES & set(a.permissions)]
        if usable and len(view_only) == len(usable):
            checks.append(
                Check(
                    "roles",
                    "warn",
                    f"your roles on {', '.join(view_only)} do not allow changing campaigns.",
                    fix="ask the account owner for the Admin or Campaign manager role, "
                    "or set PINTEREST_ADS_READ_ONLY=true",
                )
            )
    return checks


async def diagnose(
    settings: Settings, *, transport: httpx2.AsyncBaseTransport | None = None, emulator_app: Any = None
) -> list[Check]:
    """Every check, in the order a person reads them."""
    checks = [check_mode(settings)]
    sandbox = check_sandbox(settings)
    if sandbox is not None:
        checks.append(sandbox)
    checks.extend(await check_api(settings, transport=transport, emulator_app=emulator_app))
    checks.append(check_policy(settings))
    checks.append(check_state_dir(settings))
    checks.append(check_protocol())
    return checks


_MARK = {"ok": "ok  ", "info": "info", "warn": "warn", "fail": "FAIL"}


def render(checks: list[Check]) -> str:
    width = max(len(c.name) for c in checks)
    lines = [f"pinterest-ads-mcp {__version__} doctor"]
    for c in checks:
        lines.append(f"  {_MARK[c.status]}  {c.name:<{width}}  {c.detail}")
        if c.fix:
            word = "fix" if c.status in ("warn", "fail") else "tip"
            lines.append(f"        {'':<{width}}  {word}: {c.fix}")
    failures = [c for c in checks if c.status == "fail"]
    lines.append(
        f"{len(failures)} blocking problem{'s' if len(failures) != 1 else ''}: fix "
        f"{'it' if len(failures) == 1 else 'them'} and run doctor again."
        if failures
        else "No blocking problem."
    )
    return "\n".join(lines)


async def run_doctor(
    settings: Settings,
    *,
    transport: httpx2.AsyncBaseTransport | None = None,
    emulator_app: Any = None,
    err: TextIO | None = None,
) -> int:
    """Print the report; exit code 1 when any check failed."""
    checks = await diagnose(settings, transport=transport, emulator_app=emulator_app)
    print(render(checks), file=err or sys.stderr, flush=True)
    return 1 if any(c.status == "fail" for c in checks) else 0
