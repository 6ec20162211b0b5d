"""Progress notifications: a client that asks for them sees a long listing move, throttled."""

from __future__ import annotations

import copy
import itertools
from typing import Any

import httpx2
import pytest
from mcp import Client

from pinterest_ads_mcp.emulator.app import create_app
from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID
from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.settings import Settings
from pinterest_ads_mcp.tools.support import progress
from pinterest_ads_mcp.tools.support.progress import reporter

EXTRA_CAMPAIGNS = 1200  # with page_size 250: five pages for a 1000-row listing


@pytest.fixture
def crowded_emulator() -> Any:
    """The demo emulator plus 1,200 more PAUSED campaigns in the USD account."""
    app = create_app()
    store = app.state.emulator.store
    template = next(c for c in store.campaigns.values() if c.get("ad_account_id") == DEMO_ACCOUNT_ID)
    for n in range(EXTRA_CAMPAIGNS):
        campaign = copy.deepcopy(template)
        campaign.update(id=store.new_id(), name=f"Bulk campaign {n}", status="PAUSED")
        store.campaigns[campaign["id"]] = campaign
        store.record_status(campaign["id"], "PAUSED")
    return app


@pytest.fixture
def server(tmp_path, monkeypatch, crowded_emulator):
    for key in (
        "PINTEREST_ACCESS_TOKEN",
        "PINTEREST_API_BASE_URL",
        "PINTEREST_ENV",
        "PINTEREST_AD_ACCOUNT_ID",
    ):
        monkeypatch.delenv(key, raising=False)
    settings = Settings(_env_file=None, ads_state_dir=tmp_path / "state")
    return build_server(
        settings, transport=httpx2.ASGITransport(app=crowded_emulator), emulator_app=crowded_emulator
    )


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_long_listing_sends_progress(server, crowded_emulator, monkeypatch, mode):
    monkeypatch.setattr(progress, "DEFAULT_INTERVAL", 0.0)  # every page, so the count is exact
    updates: list[tuple[float, float | None, str | None]] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        updates.append((done, total, message))

    crowded_emulator.state.emulator.reset_log()
    async with Client(server, mode=mode) as client:
        result = await client.call_tool(
            "list_campaigns", {"ad_account_id": DEMO_ACCOUNT_ID, "limit": 1000}, progress_callback=on_progress
        )
    assert not result.is_error
    assert result.structured_content["count"] == 1000 and result.structured_content["truncated"] is True
    pages = [r for r in crowded_emulator.state.emulator.log if r.path.endswith("/campaigns")]
    assert len(pages) >= 5  # the fifth page only tells whether there is more: no count moves forward
    counts = [u[0] for u in updates]
    assert counts == [250, 500, 750, 1000]  # one per page that moved the count, never one repeated
    assert all(u[1] == 1000 for u in updates)
    assert updates[0][2] == "250 of 1000 campaigns"


async def test_throttled_by_default_but_last_count_arrives(server, crowded_emulator):
    crowded_emulator.state.emulator.set_latency(0)
    updates: list[float] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        updates.append(done)

    async with Client(server) as client:
        await client.call_tool(
            "list_campaigns",
            {"ad_account_id": DEMO_ACCOUNT_ID, "limit": 1000, "statuses": ["PAUSED"]},
            progress_callback=on_progress,
        )
    # In-process pages take milliseconds: the first page and the last count, not one per page.
    assert updates[0] == 250 and updates[-1] == 1000
    assert len(updates) <= 3


async def test_no_callback_no_failure(server):
    async with Client(server) as client:
        result = await client.call_tool("list_pins", {"limit": 5})
    assert not result.is_error


class FakeContext:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[float, float | None, str | None]] = []
        self.fail = fail

    async def report_progress(
        self, progress: float, total: float | None = None, message: str | None = None
    ) -> None:
        if self.fail:
            raise RuntimeError("client went away")
        self.sent.append((progress, total, message))


async def test_reporter_throttles_and_finishes():
    ctx = FakeContext()
    report = reporter(ctx, "pins", interval=60)
    for n in (10, 20, 30):
        await report(n, None)
    assert ctx.sent == [(10, None, "10 pins")]
    await report.finish()
    assert ctx.sent[-1] == (30, 30, "30 of 30 pins")  # the held-back count, marked complete


async def test_reporter_steps_always_sent_and_total_wins():
    ctx = FakeContext()
    report = reporter(ctx, "steps", total=3, interval=60)
    await report(1, message="campaign created")
    await report(2, message="ad group created")
    await report(3, 99, message="ads created")
    assert [s[2] for s in ctx.sent] == ["campaign created", "ad group created", "ads created"]
    assert ctx.sent[-1][:2] == (3, 3)
    await report.finish()  # nothing held back: nothing more sent
    assert len(ctx.sent) == 3


async def test_reporter_never_fails_the_call():
    report = reporter(FakeContext(fail=True), "rows")
    await report(1, 2)
    await report.finish("done")
    await reporter(None)(5, 10)  # no context: a no-op


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_a_multi_step_launch_reports_each_step(server, mode):
    from mcp_types import ElicitResult

    from tests.guards.harness import launch_args

    updates: list[tuple[float, float | None, str | None]] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        updates.append((done, total, message))

    async def accept(ctx: Any, params: Any) -> ElicitResult:
        return ElicitResult(action="accept", content={"approve": True})

    async with Client(server, mode=mode, elicitation_callback=accept) as client:
        result = await client.call_tool("create_campaign", launch_args(2), progress_callback=on_progress)
    assert result.structured_content["status"] == "done", result.content
    steps = [u for u in updates if u[1] == 4]  # campaign, ad group, ads, activation
    assert [u[0] for u in steps] == [1, 2, 3, 4]
    assert all(u[2] and u[2].endswith(": ok") for u in steps)
    assert "activate the campaign" in steps[-1][2]


async def test_reporter_values_only_increase_and_complete_only_at_the_end():
    ctx = FakeContext()
    report = reporter(ctx, "rows", total=10, interval=0)
    for done in (0, 0, 3, 2, 3, 10, 10, 7):
        await report(done, message=f"at {done}")
    assert [s[0] for s in ctx.sent] == [0, 3, 10]
    later = reporter(ctx, "steps", total=2, interval=0)  # a second reporter on the same request
    await later(1)
    assert len(ctx.sent) == 3  # the request already said "complete": nothing after it


async def test_a_second_reporter_counts_on_from_what_the_request_sent():
    ctx = FakeContext()
    await reporter(ctx, "waits", interval=0)(2)  # e.g. keep-alives while the person was asked
    steps = reporter(ctx, "steps", total=4, interval=0)
    for n in (1, 2, 3, 4):
        await steps(n)
    assert [s[:2] for s in ctx.sent] == [(2, None), (3, 6), (4, 6), (5, 6), (6, 6)]
    assert [s[2] for s in ctx.sent][1:] == ["1 of 4 steps", "2 of 4 steps", "3 of 4 steps", "4 of 4 steps"]


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_long_analytics_progress_strictly_increases_and_is_complete_only_at_the_end(contract, tmp_path, mode):
    import datetime as dt

    from pinterest_ads_mcp.pinterest.times import today
    from tests.tools.insight_support import Rig

    rig = Rig(contract, tmp_path, report_polls_until_ready=4)
    updates: list[tuple[float, float | None, str | None]] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        updates.append((done, total, message))

    start = (today() - dt.timedelta(days=500)).isoformat()
    async with Client(rig.server, mode=mode) as client:
        result = await client.call_tool("get_analytics", {
            "ad_account_id": DEMO_ACCOUNT_ID, "level": "campaign", "start_date": start,
            "end_date": today().isoformat(), "metrics": ["spend"]}, progress_callback=on_progress)
    assert not result.is_error, result.content
    reports = len([r for r in rig.requests(method="POST", path_part="/reports")])
    assert reports == 3  # 501 days: three async reports, polled concurrently
    values = [u[0] for u in updates]
    assert len(values) >= reports + 1
    assert all(b > a for a, b in itertools.pairwise(values)), values
    assert all(u[1] == reports for u in updates)
    complete = [u for u in updates if u[0] >= u[1]]
    assert complete == [updates[-1]] and updates[-1][2].endswith("downloaded")
    assert sum(1 for u in updates if u[2].endswith("downloaded")) == reports  # every report's end was heard
    rig.assert_contract()
