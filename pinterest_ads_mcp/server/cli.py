"""The ``pinterest-ads-mcp`` command.

    pinterest-ads-mcp                       serve MCP over stdio (what desktop clients launch)
    pinterest-ads-mcp --transport streamable-http --port 8000
    pinterest-ads-mcp emulator --port 8811  serve the Pinterest API emulator on loopback
    pinterest-ads-mcp call TOOL '{json}'    run one tool through the real MCP path and print the result
    pinterest-ads-mcp auth                  connect your Pinterest app (OAuth) and store the tokens
    pinterest-ads-mcp doctor                check the set-up, line by line, with fixes
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import __version__

if TYPE_CHECKING:
    from .settings import Settings

# Each command imports what it needs when it runs (``--version`` and ``--help`` import nothing more).

log = logging.getLogger("pinterest_ads_mcp")

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
# Not taken from __doc__: ``python -OO`` strips docstrings.
DESCRIPTION = "An MCP server for the Pinterest Ads API v5 that never spends money without a person saying yes."


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pinterest-ads-mcp", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"pinterest-ads-mcp {__version__}")
    parser.add_argument("--log-level", default=None, choices=["DEBUG", "INFO", "WARNING", "ERROR"], type=str.upper,
                        help="default INFO; env PINTEREST_LOG_LEVEL")
    parser.add_argument("--log-json", action="store_true", help="log JSON lines on stderr")
    sub = parser.add_subparsers(dest="command")

    serve = sub.add_parser("serve", help="serve MCP (the default)")
    for p in (parser, serve):
        p.add_argument("--transport", choices=["stdio", "sse", "streamable-http"], default="stdio")
        p.add_argument("--host", default="127.0.0.1", help="bind address for HTTP transports")
        p.add_argument("--port", type=int, default=8000)
        p.add_argument("--http-token", default=None,
                       help="bearer token HTTP clients must send (required off loopback); "
                            "env PINTEREST_MCP_HTTP_TOKEN")
        p.add_argument("--allowed-host", action="append", default=[],
                       help="extra Host header value to accept (DNS-rebinding protection), e.g. mcp.example.com:443")
        p.add_argument("--stateless", action="store_true", default=None,
                       help="streamable HTTP without sessions, for replicas behind a load balancer without session "
                            "affinity; spend is confirmed with confirmation ids (env PINTEREST_MCP_STATELESS)")

    emu = sub.add_parser("emulator", help="serve the Pinterest API v5 emulator on loopback",
                         description="Serve the Pinterest API v5 emulator (base URL http://HOST:PORT/v5).",
                         epilog=EMULATOR_BEHAVIOURS, formatter_class=argparse.RawDescriptionHelpFormatter)
    emu.add_argument("--host", default="127.0.0.1")
    emu.add_argument("--port", type=int, default=8811)
    emu.add_argument("--token", default=None, help="accept only this bearer token (default: any non-empty one)")
    emu.add_argument("--latency-ms", type=float, default=0.0)
    emu.add_argument("--tier", choices=("standard", "trial"), default="standard",
                     help="trial: a Trial-tier app, 1,000 calls a day per rate-limit category")
    emu.add_argument("--sandbox", action="store_true",
                     help="serve Pinterest's sandbox: no async reports, pin search, video pins or Business Access")

    call = sub.add_parser("call", help="run one tool and print its structured result as JSON")
    call.add_argument("tool")
    call.add_argument("arguments", nargs="?", default="{}", help="JSON object of arguments")

    auth = sub.add_parser("auth", help="connect your own Pinterest app with OAuth and store the tokens")
    auth.add_argument("--app-id", default=None, help="your Pinterest app id (default PINTEREST_APP_ID)")
    auth.add_argument("--app-secret", default=None,
                      help="your app secret (default PINTEREST_APP_SECRET; prefer the variable: flags show in ps)")
    auth.add_argument("--port", type=int, default=8085,
                      help="loopback port of the redirect URI http://localhost:PORT/callback (default 8085)")
    auth.add_argument("--authorize-url", default=None,
                      help="authorize page to send you to (default: derived from the environment)")
    auth.add_argument("--no-browser", action="store_true", help="only print the URL, do not open a browser")
    auth.add_argument("--print", dest="print_env", action="store_true",
                      help="print PINTEREST_*= lines on stdout instead of storing the tokens in the state dir")
    auth.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the redirect")

    sub.add_parser("doctor", help="check mode, token, scopes, ad accounts, policy and state dir; exit 1 on a problem")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    given = list(sys.argv[1:] if argv is None else argv)
    args.http_token_on_command_line = any(a == "--http-token" or a.startswith("--http-token=") for a in given)
    import anyio
    from pydantic import ValidationError

    from . import logs
    from .settings import Settings

    try:
        settings = Settings()
    except ValidationError as exc:
        for error in exc.errors():
            where = "_".join(str(part) for part in error["loc"][:1]).upper()
            message = str(error["msg"]).removeprefix("Value error, ")
            print(f"configuration error: PINTEREST_{where}: {message}" if where else
                  f"configuration error: {message}", file=sys.stderr)
        print("Fix the variable (environment or .env file) and start again.", file=sys.stderr)
        return 2
    # Flags win; else the variable or its .env line (read by Settings like every other setting).
    args.log_level = args.log_level or settings.log_level or "INFO"
    if getattr(args, "http_token", None) is None and settings.mcp_http_token is not None:
        args.http_token = settings.mcp_http_token.get_secret_value()
    if getattr(args, "stateless", None) is None:
        args.stateless = settings.mcp_stateless
    flagged = (getattr(args, "app_secret", None), getattr(args, "http_token", None))
    secrets = settings.secrets() + [value for value in flagged if value]
    logs.configure(args.log_level, json_lines=args.log_json, secrets=secrets)
    if sys.flags.optimize >= 2:
        log.warning("python -OO strips docstrings: the tools are listed without their descriptions.")
    command = args.command or "serve"
    try:
        if command == "emulator":
            return _emulator(args)
        if command == "call":
            _banner(settings)
            return anyio.run(_call, settings, args.tool, args.arguments)
        if command == "auth":
            from .auth_cmd import AuthOptions, run_auth

            options = AuthOptions(app_id=args.app_id, app_secret=args.app_secret, port=args.port,
                                  authorize_url=args.authorize_url, open_browser=not args.no_browser,
                                  print_env=args.print_env, timeout=args.timeout)
            return anyio.run(run_auth, settings, options)
        if command == "doctor":
            from .doctor import run_doctor

            upstream = logging.getLogger("pinterest_ads_mcp.pinterest")
            previous = upstream.level
            if args.log_level == "INFO":  # each probe's request line would drown the report
                upstream.setLevel(logging.WARNING)
            try:
                return anyio.run(run_doctor, settings)
            finally:
                upstream.setLevel(previous)
        return _serve(settings, args)
    except KeyboardInterrupt:
        return 130


def _banner(settings: Settings) -> None:
    if settings.environment == "emulator" and settings.base_url is None:
        log.warning(
            "No PINTEREST_ACCESS_TOKEN set: running against the built-in Pinterest emulator with demo data. "
            "Nothing reaches Pinterest and no money can be spent. Set a token (see `pinterest-ads-mcp auth`) "
            "to use a real account."
        )
    else:
        log.info("Pinterest environment: %s (%s)", settings.environment, settings.base_url)
    if settings.foreign_base_url:
        log.warning("PINTEREST_API_BASE_URL sends every request, with its token, to %s, which is not Pinterest's "
                    "API. Unset it (check a .env file in %s) unless you meant an emulator or your own proxy.",
                    settings.foreign_base_url, os.getcwd())
    elsewhere = settings.stored_tokens_elsewhere()
    if elsewhere:
        log.warning("The tokens stored by `pinterest-ads-mcp auth` were issued for %s and are not sent to %s.",
                    elsewhere.get("api_url") or "Pinterest", settings.base_url)


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from .app import build_server
    from .ops import Readiness

    _banner(settings)
    if args.stateless:
        if args.transport != "streamable-http":
            log.error("--stateless needs --transport streamable-http.")
            return 2
        if settings.ads_confirmation == "elicit":
            log.error("--stateless cannot ask a person through elicitation (it needs a session): set "
                      "PINTEREST_ADS_CONFIRMATION to token or auto, or serve with sessions (sticky load balancing).")
            return 2
        # Without a session the server cannot ask the client anything: spend waits for confirm_action.
        settings = settings.model_copy(update={"ads_confirmation": "token"})
    readiness = Readiness()
    try:
        # Over stdio nothing asks whether the server is ready: the Runtime waits for its first use.
        server = build_server(settings, on_runtime=readiness.attach, deferred=True,
                              runtime_on_first_use=args.transport == "stdio")
    except ValueError as exc:  # SignInConfigError: what per-person sign-in lacks
        log.error("%s.", exc)
        return 2
    if settings.mcp_auth == "pinterest":
        if args.transport != "streamable-http":
            log.error("PINTEREST_MCP_AUTH=pinterest (sign-in per person) needs --transport streamable-http.")
            return 2
        # Each person signs in; a shared bearer token would only get in the way.
        args.http_token = None
    if args.transport == "stdio":
        server.run("stdio")
        return 0
    from .http import run_http, token_weakness

    if not is_loopback(args.host) and not args.http_token and settings.mcp_auth != "pinterest":
        log.error("Refusing to serve on %s without --http-token: anyone on the network could use your "
                  "Pinterest account. Set --http-token (or PINTEREST_MCP_HTTP_TOKEN), or bind 127.0.0.1.", args.host)
        return 2
    if args.http_token:
        if getattr(args, "http_token_on_command_line", False):
            log.warning("--http-token on the command line is visible to other local users (ps, /proc); "
                        "prefer the PINTEREST_MCP_HTTP_TOKEN environment variable.")
        weakness = token_weakness(args.http_token)
        if weakness and not is_loopback(args.host):
            log.error("Refusing to serve on %s: %s.", args.host, weakness)
            return 2
    import anyio

    anyio.run(lambda: run_http(server, transport=args.transport, host=args.host, port=args.port,
                               token=args.http_token, allowed_hosts=args.allowed_host, stateless=args.stateless,
                               readiness=readiness))
    return 0


EMULATOR_BEHAVIOURS = """What it reproduces of the real Pinterest (beyond the spec), each covered by a test:
  - label apply/remove answer `entities_labels` (spec 5.28)
  - analytics throttling: HTTP 400 "Retry after N seconds"; other limits: 429, code 8,
    X-RateLimit-Reset (not Retry-After); --tier trial: 1,000 calls a day per category
  - a token without a scope: 401 code 3 (an expired one: code 2)
  - pin search needs pins:read_secret and boards:read_secret
  - Idea (non-standard) pins: creative type IDEA with a destination_url only
  - repins and pins on secret boards cannot be promoted
  - a shared client account (Business Access): its owner's pins, read with ?ad_account_id=;
    outside the labels closed beta (403)
  - spend caps below the minimum: per-item code 1509 "Invalid 'spend_cap'"
  - flexible daily budgets only for USD accounts; no bid with AUTOMATIC_BID; a conversion target
    cost in cpa_goal_value_in_micro_currency; a lifetime budget needs an end date
  - a sync analytics start exactly 90 days back is refused
  - a request body that is not UTF-8: 400 {code, message}
  --sandbox: no async reports, no pin search, no video pins, no Business Access
"""


def _emulator(args: argparse.Namespace) -> int:
    from ..emulator.app import serve

    if not is_loopback(args.host):
        log.error("The emulator only serves on loopback addresses.")
        return 2
    log.info("Pinterest API emulator on http://%s:%d/v5", args.host, args.port)
    serve(host=args.host, port=args.port, token=args.token, latency_ms=args.latency_ms, tier=args.tier,
          sandbox=args.sandbox)
    return 0


async def _call(settings: Settings, tool: str, raw_arguments: str) -> int:
    from mcp import Client

    from .app import build_server

    try:
        arguments: Any = json.loads(raw_arguments)
    except json.JSONDecodeError as exc:
        print(f"arguments: not valid JSON ({exc.msg})", file=sys.stderr)
        return 2
    if not isinstance(arguments, dict):
        print("arguments: must be a JSON object", file=sys.stderr)
        return 2
    async with Client(build_server(settings)) as client:
        result = await client.call_tool(tool, arguments)
    if result.is_error:
        text = " ".join(getattr(c, "text", "") for c in result.content)
        print(text, file=sys.stderr)
        return 1
    payload = result.structured_content
    if payload is None:
        payload = [getattr(c, "text", None) for c in result.content]
    print(json.dumps(payload, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
