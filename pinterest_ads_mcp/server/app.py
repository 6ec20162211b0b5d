"""Assembles the MCP server: settings -> API client -> Runtime -> tools, prompts, resources.

Nothing here knows how a tool works; it only wires the pieces together.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import httpx2
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from pydantic import ValidationError

from .. import __version__
from .settings import Settings

# The API client, the guards and the tools are imported where they are first needed: with
# ``deferred``/``runtime_on_first_use`` that is the first request using them, not the start.
if TYPE_CHECKING:
    from mcp_types import Tool as MCPTool

    from ..guards.policy import SpendPolicy
    from ..pinterest.client import PinterestClient
    from ..pinterest.ratelimit import RateBudgets
    from ..pinterest.transport import RetryPolicy
    from ..tools.support.runtime import Runtime

log = logging.getLogger(__name__)

EMULATOR_BASE_URL = "http://emulator.local/v5"
EMULATOR_TOKEN = "emulator-demo-token"


class EmbeddedEmulator(httpx2.AsyncBaseTransport):
    """The in-process emulator, imported and seeded on the first request, so that start-up (and the
    ``tools/list`` answer) does not wait for it."""

    def __init__(self) -> None:
        self._inner: httpx2.ASGITransport | None = None

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if self._inner is None:
            from ..emulator.app import create_app

            self._inner = httpx2.ASGITransport(app=create_app())
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        if self._inner is not None:
            await self._inner.aclose()

INSTRUCTIONS = """\
Run Pinterest ad campaigns. Start with list_ad_accounts. Reads (list_*, get_analytics, check_delivery, audience_sizing,
search_targeting) are free to call. Anything that can spend money (create_campaign, boost_pin, activating,
raising a budget) is checked against the operator's policy and needs a person's confirmation: either the
client asks them directly, or the tool returns status "confirmation_required" with a summary and a
confirmation_id. Show that summary to the person and call confirm_action only after they say yes.
Money is always in the ad account's currency units, dates in ISO 8601."""


class AdsServer(MCPServer):
    """The SDK's server, with arguments that fail the input schema reported as the tools report
    bad input (``field: what is wrong``), instead of pydantic's text naming the SDK's internal
    argument model and linking its documentation.

    With ``defer_registration`` it answers ``tools/list`` from the listing built once
    (``listing.py``) and registers its tools, prompts and resources on the first request that
    needs them, so a client's first answer does not wait for every tool's schema to be built."""

    _pending: Callable[[], None] | None = None  # registers the tools, prompts and resources
    _listed: list[MCPTool] | None = None  # served by tools/list until then

    def defer_registration(self, register: Callable[[], None], listed: list[MCPTool]) -> None:
        self._pending, self._listed = register, listed

    def _register_now(self) -> None:
        register, self._pending = self._pending, None
        if register is None:
            return
        register()
        listed, self._listed = self._listed, None
        real = {t.name: t for t in self._tool_manager.list_tools()}
        if listed is not None and (
            [t.name for t in listed] != list(real)
            or any((t.description, t.input_schema, t.output_schema, t.annotations, t.title)
                   != (r.description, r.parameters, r.output_schema, r.annotations, r.title)
                   for t in listed for r in [real[t.name]])
        ):
            log.warning("The cached tools/list (pinterest_ads_mcp/server/tools_list.json) differs from the "
                        "registered tools; serving the registered ones. Regenerate it: "
                        "python -m pinterest_ads_mcp.server.listing")

    async def list_tools(self) -> list[MCPTool]:
        if self._pending is not None and self._listed is not None:
            return list(self._listed)
        self._register_now()
        return await super().list_tools()

    def _tool_input_schema(self, name: str) -> dict[str, Any] | None:
        self._register_now()
        return super()._tool_input_schema(name)

    async def list_prompts(self) -> Any:
        self._register_now()
        return await super().list_prompts()

    async def get_prompt(self, name: str, arguments: Any = None, context: Any = None) -> Any:
        self._register_now()
        return await super().get_prompt(name, arguments, context)

    async def list_resources(self) -> Any:
        self._register_now()
        return await super().list_resources()

    async def list_resource_templates(self) -> Any:
        self._register_now()
        return await super().list_resource_templates()

    async def read_resource(self, uri: Any, context: Any = None) -> Any:
        self._register_now()
        return await super().read_resource(uri, context)

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        self._register_now()
        if context is not None:
            await _connect_if_needed(context)
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(cause, ValidationError) and not isinstance(exc, UnexpectedToolError):
                from ..tools.support.common import describe_validation

                raise ToolError(f"Error executing tool {name}: {describe_validation(cause)}") from cause
            raise


async def _connect_if_needed(ctx: Any) -> None:
    """No Pinterest token yet: connect from inside the chat (``connect.py``), or say how to."""
    try:
        runtime = ctx.request_context.lifespan_context
    except (AttributeError, LookupError, ValueError):
        return
    settings = getattr(runtime, "extras", {}).get("settings")
    if settings is None:
        return
    from .connect import connect, needs_connecting

    if needs_connecting(runtime, settings):
        await connect(ctx, runtime, settings, port=settings.auth_port)


class RuntimeOnFirstUse:
    """What the lifespan hands requests instead of the Runtime when it is built on first use: the
    first attribute read builds it (``make`` returns it and its closer), later ones go straight to
    it. Tools see a Runtime either way (``tools.support.runtime.runtime``)."""

    __slots__ = ("_make", "_runtime", "_close")
    _make: Callable[[], tuple[Runtime, Callable[[], Awaitable[None]]]]
    _runtime: Runtime | None
    _close: Callable[[], Awaitable[None]] | None

    def __init__(self, make: Callable[[], tuple[Runtime, Callable[[], Awaitable[None]]]]) -> None:
        object.__setattr__(self, "_make", make)
        object.__setattr__(self, "_runtime", None)
        object.__setattr__(self, "_close", None)

    def built(self) -> Runtime:
        runtime = self._runtime
        if runtime is None:
            runtime, close = self._make()
            object.__setattr__(self, "_runtime", runtime)
            object.__setattr__(self, "_close", close)
        return runtime

    def __getattr__(self, name: str) -> Any:
        return getattr(self.built(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.built(), name, value)

    async def aclose(self) -> None:
        if self._close is not None:
            await self._close()


def build_policy(settings: Settings) -> SpendPolicy:
    from ..guards.policy import SpendPolicy

    return SpendPolicy(
        read_only=settings.ads_read_only,
        allowed_accounts=frozenset(settings.ads_allowed_accounts),
        max_daily_budget=settings.ads_max_daily_budget,
        max_lifetime_budget=settings.ads_max_lifetime_budget,
        max_new_daily_spend=settings.ads_max_new_daily_spend,
        max_increase_pct=settings.ads_max_increase_pct,
    )


def build_client(
    settings: Settings,
    *,
    transport: httpx2.AsyncBaseTransport | None = None,
    retry: RetryPolicy | None = None,
    emulator_app: Any = None,
    budgets: RateBudgets | None = None,
    tokens: Any = None,
) -> tuple[PinterestClient, Any]:
    """The API client for the configured environment, and the emulator app when it is embedded
    (None while the embedded emulator has not been started by a first request). ``tokens``: where
    access tokens come from instead of the configured ones (each person's own, with per-person sign-in)."""
    from ..pinterest.auth import Credentials, TokenFile, TokenManager
    from ..pinterest.client import PinterestClient

    if settings.environment == "emulator" and settings.base_url is None:
        if transport is None:
            transport = httpx2.ASGITransport(app=emulator_app) if emulator_app is not None else EmbeddedEmulator()
        credentials = Credentials(access_token=EMULATOR_TOKEN)
        client = PinterestClient(
            EMULATOR_BASE_URL,
            credentials,
            transport=transport,
            retry=retry,
            budgets=budgets,
        )
        return client, emulator_app
    credentials = Credentials(
        access_token=settings.access_token.get_secret_value() if settings.access_token else None,
        refresh_token=settings.refresh_token.get_secret_value() if settings.refresh_token else None,
        app_id=settings.app_id,
        app_secret=settings.app_secret.get_secret_value() if settings.app_secret else None,
    )
    tokens = tokens or TokenManager(credentials, TokenFile(settings.state_dir), api_url=settings.base_url)
    client = PinterestClient(settings.base_url or "", credentials, transport=transport, retry=retry, tokens=tokens,
                             budgets=budgets)
    return client, None


def open_database(settings: Settings) -> tuple[Any, Any]:
    """With ``PINTEREST_ADS_DATABASE_URL``: the PostgreSQL database (schema migrated) that holds the
    state, and the rate windows every replica shares; (None, None) for the embedded SQLite default."""
    url = settings.database_url
    if not url:
        return None, None
    from ..postgres.budget import PostgresWindows
    from ..postgres.schema import Database

    return Database(url), PostgresWindows(url)


def build_server(
    settings: Settings | None = None,
    *,
    transport: httpx2.AsyncBaseTransport | None = None,
    retry: RetryPolicy | None = None,
    emulator_app: Any = None,
    on_runtime: Callable[[Runtime], None] | None = None,
    budgets: RateBudgets | None = None,
    deferred: bool = False,
    runtime_on_first_use: bool = False,
) -> MCPServer:
    """The MCP server. ``transport``/``emulator_app`` let tests and benchmarks aim it at an
    emulator they control, ``budgets`` replaces Pinterest's published rate limits (a benchmark of
    our own overhead must not be paced by them); ``on_runtime`` hands them the Runtime once the
    lifespan built it. ``deferred``: answer ``tools/list`` from the listing built once and register
    the tools on first need (what the command serves; see ``listing.py``). ``runtime_on_first_use``:
    build the Runtime (API client, policy) when a request first reads it instead of when the
    server starts, unless a database or sign-in must be opened (they fail at start, loudly)."""
    settings = settings or Settings()
    signin = None
    if settings.mcp_auth == "pinterest":
        from .signin import PinterestSignIn, check_settings

        signin = PinterestSignIn(settings, check_settings(settings))

    def make_runtime() -> tuple[Runtime, Callable[[], Awaitable[None]]]:
        """The Runtime, and what closes it."""
        from ..pinterest.ratelimit import RateBudgets
        from ..tools.support.runtime import Runtime

        database, windows = open_database(settings)
        extras: dict[str, Any] = {}
        people_tokens = None
        scope: Any = "default"
        if signin is not None:
            from ..guards.store import set_actor_source
            from .signin import People, PeopleTokens, actor, current_person

            signin.database = database
            people_tokens = PeopleTokens(People(database, signin.cipher), settings.app_id or "",
                                         settings.app_secret.get_secret_value() if settings.app_secret else "")
            extras["identity"] = lambda: (person := current_person()) and person.subject
            scope = lambda: f"user:{extras['identity']()}"  # noqa: E731 - Pinterest counts per user
            set_actor_source(actor)
        shared = budgets
        if shared is None and (windows is not None or settings.ads_rate_limits):
            shared = RateBudgets(settings.ads_rate_limits, shared=windows, scope=scope)
        client, emulator = build_client(settings, transport=transport, retry=retry, emulator_app=emulator_app,
                                        budgets=shared, tokens=people_tokens)
        runtime = Runtime(
            client=client,
            environment=settings.environment,
            policy=build_policy(settings),
            confirmation=settings.ads_confirmation,
            state_dir=settings.state_dir,
            default_ad_account_id=settings.ad_account_id,
            extras={"settings": settings, "emulator_app": emulator, "database": database, **extras},
        )
        if on_runtime is not None:
            on_runtime(runtime)

        async def close() -> None:
            await client.aclose()
            if windows is not None:
                await windows.aclose()
            if database is not None:
                database.close()

        return runtime, close

    on_first_use = runtime_on_first_use and signin is None and settings.database_url is None

    @asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[Any]:
        if on_first_use:
            held = RuntimeOnFirstUse(make_runtime)
            try:
                yield held
            finally:
                await held.aclose()
            return
        runtime, close = make_runtime()
        try:
            yield runtime
        finally:
            await close()

    sign_in_options: dict[str, Any] = (
        {} if signin is None else {"auth": signin.auth_settings(), "auth_server_provider": signin}
    )
    server = AdsServer(
        "pinterest-ads",
        title="Pinterest Ads",
        instructions=INSTRUCTIONS,
        version=__version__,
        website_url="https://github.com/pinterest-ads-mcp/pinterest-ads-mcp",
        lifespan=lifespan,
        log_level="WARNING",
        **sign_in_options,
    )
    if signin is not None:
        from .signin import CALLBACK_PATH

        server.custom_route(CALLBACK_PATH, methods=["GET"])(signin.callback)

    def register() -> None:
        from .registry import register_all

        register_all(server, settings, build_policy(settings))

    listed = None
    if deferred:
        from .listing import cached_tools

        listed = cached_tools(settings)
    if listed is None:
        register()
    else:
        server.defer_registration(register, listed)
    return server
