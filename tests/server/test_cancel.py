"""A client that gives up on a call (its request timeout, or an explicit cancel) gets nothing written.

Real MCP clients drive the server: the SDK's in-process client on both protocol generations, and the
streamable HTTP client against the server on a loopback port. Writes are counted at the emulator; the
audit log is read from the state store.

- 2025 protocol ("legacy"): the server asks with ``elicitation/create`` and waits inside the call. A
  timeout makes the client send ``notifications/cancelled``: nothing is written, the call gets no answer,
  and the audit log records the cancellation. While it waits, a client that asked for progress hears a
  keep-alive, so clients that reset their timeout on progress keep waiting for the person.
- 2026 protocol ("auto"): the question goes back to the client (input required) and nothing waits on the
  server; a client that gives up simply never sends the answer round, so nothing is written either.
- A cancel that arrives while the plan is carried out stops it after the write on its way, which is
  finished and recorded: nothing after it is sent, and every write Pinterest saw is in the audit log.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
from pathlib import Path
from typing import Any

import anyio
import httpx2
import mcp_types
import pytest
import uvicorn
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from pinterest_ads_mcp.guards.store import StateStore
from pinterest_ads_mcp.tools.support import progress
from tests.e2e.support import free_port, wait_port
from tests.guards.harness import Bench, launch_args

PERSON_ANSWERS_AFTER = 1.5  # seconds: the person is slower than the client's patience
CLIENT_TIMEOUT = 0.4


@pytest.fixture
def bench(tmp_path, contract) -> Bench:
    b = Bench(tmp_path / "state", contract)
    yield b
    assert b.violations() == [], "\n".join(b.violations())


def audit(state_dir: Path) -> list[dict[str, Any]]:
    store = StateStore.in_dir(state_dir)
    try:
        rows = list(reversed(store.audit_log(500)))
    finally:
        store.close()
    for row in rows:
        if isinstance(row.get("detail"), str):
            row["detail"] = json.loads(row["detail"])
    return rows


def slow_person(answered: list[str]) -> Any:
    """An elicitation callback whose person approves, but only after the client has given up."""

    async def cb(ctx: Any, params: Any) -> mcp_types.ElicitResult:
        await anyio.sleep(PERSON_ANSWERS_AFTER)
        answered.append("accept")
        return mcp_types.ElicitResult(action="accept", content={"approve": True})

    return cb


class LoopbackServer:
    """The MCP server (streamable HTTP) served by uvicorn on a loopback port in a thread."""

    def __init__(self, server: Any) -> None:
        self.port = free_port()
        app = server.streamable_http_app()
        self._uvicorn = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self._thread = threading.Thread(target=self._uvicorn.run, daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        wait_port(self.port)
        return f"http://127.0.0.1:{self.port}/mcp"

    def __exit__(self, *exc: object) -> None:
        self._uvicorn.should_exit = True
        self._thread.join(timeout=10)


async def give_up_while_asked(client: Client, how: str) -> None:
    if how == "timeout":
        with pytest.raises(MCPError, match="timed out"):
            await client.call_tool("create_campaign", launch_args(1), read_timeout_seconds=CLIENT_TIMEOUT)
    else:
        with anyio.move_on_after(CLIENT_TIMEOUT) as scope:
            await client.call_tool("create_campaign", launch_args(1))
        assert scope.cancelled_caught
    await anyio.sleep(PERSON_ANSWERS_AFTER + 0.5)  # the person's late answer would have arrived by now


# On the 2026 protocol the client's request timeout does not run while its person is asked (each round
# is timed, the wait between rounds is not), so there only an explicit cancel gives up.
@pytest.mark.parametrize("mode,how", [("legacy", "timeout"), ("legacy", "cancel"), ("auto", "cancel")])
async def test_cancelled_while_the_person_is_asked_nothing_is_written(bench, mode, how, caplog):
    caplog.set_level(logging.DEBUG, logger="mcp.shared.jsonrpc_dispatcher")
    answered: list[str] = []
    async with Client(bench.server(), mode=mode, elicitation_callback=slow_person(answered)) as client:
        await give_up_while_asked(client, how)
    assert bench.writes() == []
    assert "dropping response" not in caplog.text  # the cancelled call got no answer
    events = [(row["event"], (row["detail"] or {}).get("while")) for row in audit(bench.state_dir)]
    assert ("write", None) not in events and not any(e == "plan" for e, _ in events)
    if mode == "legacy":  # the server was waiting: it saw the cancel and says so
        assert ("cancelled", "waiting for the person's answer") in events
        assert answered == []  # the question was withdrawn with the call
    else:  # 2026: the client holds the question; giving up means the answer round is never sent
        assert events == []


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_cancelled_over_streamable_http_while_asked_nothing_is_written(bench, mode):
    answered: list[str] = []
    with LoopbackServer(bench.server()) as url:
        async with Client(streamable_http_client(url), mode=mode, elicitation_callback=slow_person(answered)) as c:
            await give_up_while_asked(c, "timeout" if mode == "legacy" else "cancel")
    assert bench.writes() == []
    events = [(row["event"], (row["detail"] or {}).get("while")) for row in audit(bench.state_dir)]
    assert not any(e in ("plan", "write") for e, _ in events)
    if mode == "legacy":
        assert ("cancelled", "waiting for the person's answer") in events


async def test_a_waiting_call_is_kept_alive_with_increasing_progress(bench, monkeypatch):
    monkeypatch.setattr(progress, "KEEP_ALIVE_INTERVAL", 0.05)
    updates: list[tuple[float, float | None, str | None]] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        updates.append((done, total, message))

    async def person(ctx: Any, params: Any) -> mcp_types.ElicitResult:
        await anyio.sleep(0.4)
        return mcp_types.ElicitResult(action="accept", content={"approve": True})

    async with Client(bench.server(), mode="legacy", elicitation_callback=person) as client:
        result = await client.call_tool("create_campaign", launch_args(1), progress_callback=on_progress)
    assert result.structured_content["status"] == "done"
    waiting = [u for u in updates if u[2] and u[2].startswith("Waiting for the person")]
    assert len(waiting) >= 3 and all(u[1] is None for u in waiting)
    values = [u[0] for u in updates]
    assert all(b > a for a, b in itertools.pairwise(values)), values
    steps = updates[len(waiting):]
    assert len(steps) == 4 and steps[-1][0] == steps[-1][1]  # complete only with the last step
    assert all(u[1] is None or u[0] < u[1] for u in updates[:-1])


class CancelDuring(httpx2.AsyncBaseTransport):
    """Passes requests to the emulator; when the write ``path_end`` has been applied, signals the test
    (which cancels the call) and holds the answer back a moment, so the cancel arrives mid-write."""

    def __init__(self, inner: httpx2.AsyncBaseTransport, method: str, path_end: str) -> None:
        self.inner = inner
        self.method, self.path_end = method, path_end
        self.reached = anyio.Event()

    @property
    def violations(self) -> list[str]:
        return self.inner.violations

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == self.method and request.url.path.endswith(self.path_end) and not self.reached.is_set():
            await response.aread()
            self.reached.set()
            await anyio.sleep(0.3)
        return response


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_cancelled_between_executor_steps_no_further_write_and_each_write_is_recorded(bench, mode):
    gate = CancelDuring(bench.transport, "POST", "/ad_groups")
    bench.transport = gate  # the server below talks to the emulator through the gate

    async def person(ctx: Any, params: Any) -> mcp_types.ElicitResult:
        return mcp_types.ElicitResult(action="accept", content={"approve": True})

    async with Client(bench.server(), mode=mode, elicitation_callback=person) as client:
        async with anyio.create_task_group() as tg:
            tg.start_soon(client.call_tool, "create_campaign", launch_args(2))
            await gate.reached.wait()
            tg.cancel_scope.cancel()
        await anyio.sleep(0.5)
    sent = [(w.method, w.path.rsplit("/", 1)[-1]) for w in bench.writes()]
    assert sent == [("POST", "campaigns"), ("POST", "ad_groups")]  # no ads, no activation after the cancel
    launched = [c for c in bench.emulator.store.campaigns.values() if c["name"] == "Spring launch"]
    assert len(launched) == 1 and launched[0]["status"] == "PAUSED"
    rows = audit(bench.state_dir)
    recorded = [r["detail"]["step"] for r in rows if r["event"] == "write"]
    assert recorded == ["create_campaign", "create_ad_group"]  # the write on its way when the cancel came is in the log
    assert any(r["event"] == "cancelled" and r["detail"]["while"] == "carrying out the plan" for r in rows)


class CancelDuringThreaded(CancelDuring):
    """The same gate for a server on another thread's event loop: a thread-safe signal."""

    def __init__(self, inner: httpx2.AsyncBaseTransport, method: str, path_end: str) -> None:
        super().__init__(inner, method, path_end)
        self.flag = threading.Event()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == self.method and request.url.path.endswith(self.path_end) and not self.flag.is_set():
            await response.aread()
            self.flag.set()
            await anyio.sleep(0.5)
        return response


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_cancelled_over_streamable_http_between_steps_no_further_write(bench, mode):
    gate = CancelDuringThreaded(bench.transport, "POST", "/ad_groups")
    bench.transport = gate

    async def person(ctx: Any, params: Any) -> mcp_types.ElicitResult:
        return mcp_types.ElicitResult(action="accept", content={"approve": True})

    with LoopbackServer(bench.server()) as url:
        async with Client(streamable_http_client(url), mode=mode, elicitation_callback=person) as client:
            async with anyio.create_task_group() as tg:
                tg.start_soon(client.call_tool, "create_campaign", launch_args(2))
                with anyio.fail_after(10):
                    while not gate.flag.is_set():
                        await anyio.sleep(0.01)
                tg.cancel_scope.cancel()
            await anyio.sleep(1.0)
    sent = [(w.method, w.path.rsplit("/", 1)[-1]) for w in bench.writes()]
    assert sent == [("POST", "campaigns"), ("POST", "ad_groups")]
    rows = audit(bench.state_dir)
    assert [r["detail"]["step"] for r in rows if r["event"] == "write"] == ["create_campaign", "create_ad_group"]
    assert any(r["event"] == "cancelled" for r in rows)
