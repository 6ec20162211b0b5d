"""One MCP session to a server on a seeded emulator, driven from synchronous hypothesis tests through an
anyio blocking portal, and the checks every fuzz result must pass."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import anyio.from_thread
import httpx2
from mcp import Client

from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.pinterest.transport import RetryPolicy
from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings

FAST_RETRY = RetryPolicy(attempts=2, base_delay=0.001, max_delay=0.002, max_retry_after=0.01)
BARE_GENERIC = re.compile(r"^\s*Error executing tool [\w-]+\s*:?\s*$")
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+")
INTERNALS = re.compile(r"pinterest_ads_mcp\.|\bmcp\.(?:server|shared|client)\.|object at 0x[0-9a-fA-F]+|errors\.pydantic\.dev")


class Session:
    """A live in-memory MCP client session (no elicitation callback) and the emulator behind it."""

    def __init__(self, portal: anyio.from_thread.BlockingPortal, client: Client, app: Any) -> None:
        self.portal = portal
        self.client = client
        self.emulator = app.state.emulator
        self.calls = 0

    def call(self, tool: str, args: dict[str, Any]) -> Any:
        self.calls += 1
        return self.portal.call(self.client.call_tool, tool, args)

    def tools(self) -> list[Any]:
        return self.portal.call(self.client.list_tools).tools

    # -- emulator truth ------------------------------------------------------------------------------
    def spend_state(self) -> dict[str, tuple[Any, ...]]:
        """Per entity: its status and every spend-limiting number, from the emulator's own store."""
        store = self.emulator.store
        return {entity_id: (e.get("status"), *(e.get(k) for k in SPEND_FIELDS))
                for table in (store.campaigns, store.ad_groups, store.ads) for entity_id, e in table.items()}


SPEND_FIELDS = ("daily_spend_cap", "lifetime_spend_cap", "budget_in_micro_currency", "bid_in_micro_currency",
                "end_time")


def raised(old: Any, new: Any) -> bool:
    """A limit rose: a larger number, or a limit removed (None means unlimited / no end)."""
    if old is None:
        return False
    return new is None or float(new) > float(old)


@contextmanager
def open_session(state_dir: Path, **settings: Any) -> Iterator[Session]:
    app = create_app()
    server = build_server(Settings(_env_file=None, ads_state_dir=state_dir, ads_confirmation="token", **settings),
                          transport=httpx2.ASGITransport(app=app), emulator_app=app, retry=FAST_RETRY)
    with anyio.from_thread.start_blocking_portal() as portal:
        with portal.wrap_async_context_manager(Client(server)) as client:
            yield Session(portal, client, app)


def text_of(result: Any) -> str:
    return " ".join(getattr(c, "text", "") for c in result.content)


def keys_in(value: Any) -> set[str]:
    """Every object key in an argument tree (the field names an error may name)."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_in(v)}
    return set()


def values_in(value: Any) -> set[str]:
    """Every scalar in an argument tree, as text."""
    if isinstance(value, dict):
        return {v for item in value.values() for v in values_in(item)}
    if isinstance(value, list):
        return {v for item in value for v in values_in(item)}
    return set() if value is None else {str(value)}


def check_result(session: Session, tool: str, args: dict[str, Any], result: Any,
                 writes_before: int, state_before: dict[str, tuple[Any, ...]], params: set[str]) -> None:
    """Success, or an error naming a field; never a traceback or a bare generic error; no spend without
    confirmation (checked at the emulator: no entity became ACTIVE, no budget/bid/end date rose)."""
    text = text_of(result)
    assert not TRACEBACK.search(text), f"{tool} leaked a traceback for {args!r}:\n{text[:2000]}"
    leak = INTERNALS.search(text) or re.search(rf"\b{re.escape(tool)}Arguments\b", text)
    assert not leak, f"{tool} named an internal module or object ({leak.group(0)}) for {args!r}: {text[:600]}"
    if result.is_error:
        assert text.strip(), f"{tool}: empty error for {args!r}"
        assert not BARE_GENERIC.match(text), f"{tool}: bare generic error {text!r} for {args!r}"
        named = {k for k in (keys_in(args) | params) if re.search(rf"\b{re.escape(k)}\b", text)}
        # An upstream "not found" may name the offending id instead ("GET /pins/42: Pin not found").
        quoted = {v for v in values_in(args) if v.strip() and re.search(rf"(?<!\w){re.escape(v)}(?!\w)", text)}
        assert named or quoted, f"{tool}: error names no field ({sorted(params)}): {text[:600]!r} for {args!r}"
    else:
        data = result.structured_content
        assert isinstance(data, dict), f"{tool}: success without structured content"
    after = session.emulator.writes()
    if len(after) > writes_before:
        assert not result.is_error or "unknown" in text.lower() or "rolled back" in text.lower(), (
            f"{tool} wrote upstream and then failed: {text[:600]}")
        state_after = session.spend_state()
        for entity_id, (status, *limits) in state_after.items():
            old = state_before.get(entity_id)
            if old is None:
                assert status != "ACTIVE", f"{tool} created ACTIVE {entity_id} without confirmation"
                continue
            assert not (status == "ACTIVE" and old[0] != "ACTIVE"), f"{tool} activated {entity_id} unconfirmed"
            for field, before, now in zip(SPEND_FIELDS, old[1:], limits):
                assert not raised(before, now), f"{tool} raised {field} of {entity_id} without confirmation"
