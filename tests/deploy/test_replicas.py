"""A team deployment on loopback: three replicas behind nginx sharing one PostgreSQL, driven by MCP
clients over streamable HTTP (stateless). The emulator, served over HTTP, is the truth.

Needs PostgreSQL and nginx: ``bash scripts/services.sh start`` (CI sources it). Without them the tests
skip, naming why; with ``PINTEREST_ADS_TEST_DATABASE_URL`` set they fail instead.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import anyio
import pytest

from pinterest_ads_mcp.emulator import seed
from pinterest_ads_mcp.emulator.config import EmulatorConfig
from tests.support.cluster import PINTEREST_TOKEN, Cluster, mcp_client
from tests.support.cluster import running as run_cluster
from tests.support.postgres import fresh_schema

pytestmark = pytest.mark.slow

ACCOUNT = seed.DEMO_ACCOUNT_ID
READ_LIMIT = 12  # ads_read requests per minute, for the emulator and the replicas' shared budget


@contextmanager
def running(workdir: Path, **kw: Any) -> Iterator[Cluster]:
    with fresh_schema() as url, run_cluster(workdir, url, replicas=3, **kw) as made:
        yield made


@pytest.fixture(scope="module")
def shared_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with running(tmp_path_factory.mktemp("cluster")) as made:
        yield made


@pytest.fixture
def cluster(shared_cluster: Cluster) -> Cluster:
    """The module's cluster with every replica up, the two paused campaigns paused, the log empty."""
    for i, proc in enumerate(shared_cluster.procs):
        if proc is None or proc.poll() is not None:
            shared_cluster.start_replica(i)
    for campaign_id in seed.PAUSED_CAMPAIGN_IDS:
        shared_cluster.emulator.store.campaigns[campaign_id]["status"] = "PAUSED"
    shared_cluster.emulator.set_latency(0)
    shared_cluster.emulator.reset_log()
    return shared_cluster


def _activate(campaign_id: str = seed.VIDEO_CAMPAIGN_ID) -> dict[str, Any]:
    return {"ad_account_id": ACCOUNT, "level": "campaign", "ids": [campaign_id], "status": "ACTIVE"}


async def _plan(url: str, args: dict[str, Any] | None = None) -> str:
    async with mcp_client(url) as client:
        result = await client.call_tool("update_status", args or _activate())
    out = result.structured_content
    assert out["status"] == "confirmation_required", out
    return out["confirmation_id"]


async def _confirm(url: str, token: str) -> Any:
    async with mcp_client(url) as client:
        return await client.call_tool("confirm_action", {"confirmation_id": token})


def _status_writes(cluster: Cluster, campaign_id: str) -> list[Any]:
    return [r for r in cluster.emulator.writes()
            if r.method == "PATCH" and any(str(i.get("id")) == campaign_id for i in r.body or [])]


async def test_a_plan_made_on_one_replica_is_confirmed_on_another(cluster: Cluster) -> None:
    """Stateless: even a client that can elicit gets a confirmation id, usable on any replica."""
    token = await _plan(cluster.replica_url(0))
    assert cluster.emulator.writes() == []
    done = await _confirm(cluster.replica_url(1), token)
    assert done.structured_content["status"] == "done", done
    assert cluster.emulator.store.campaigns[seed.VIDEO_CAMPAIGN_ID]["status"] == "ACTIVE"
    again = await _confirm(cluster.replica_url(2), token)
    assert again.structured_content["repeated"] is True
    assert len(_status_writes(cluster, seed.VIDEO_CAMPAIGN_ID)) == 1
    # Through nginx, too: any replica answers reads.
    async with mcp_client(cluster.url) as client:
        accounts = await client.call_tool("list_ad_accounts", {})
    assert not accounts.is_error and ACCOUNT in str(accounts.structured_content)


async def test_twenty_concurrent_confirms_across_replicas_write_once(cluster: Cluster) -> None:
    token = await _plan(cluster.url)
    results: list[Any] = []

    async def confirm(i: int) -> None:
        url = cluster.url if i % 2 else cluster.replica_url(i % 3)
        results.append(await _confirm(url, token))

    async with anyio.create_task_group() as tg:
        for i in range(20):
            tg.start_soon(confirm, i)
    done = [r for r in results if not r.is_error and not r.structured_content.get("repeated")]
    assert len(done) == 1, [r.content for r in results]
    refused = [r for r in results if r.is_error]
    assert all("already being carried out" in r.content[0].text for r in refused)
    assert len(_status_writes(cluster, seed.VIDEO_CAMPAIGN_ID)) == 1


async def test_a_replica_killed_mid_run_loses_nothing_and_runs_nothing_twice(cluster: Cluster) -> None:
    first = await _plan(cluster.url)
    second = await _plan(cluster.url, _activate(seed.TRAFFIC_CAMPAIGN_ID))
    cluster.emulator.set_latency(3000)  # the write is in flight when the replica dies

    async def doomed() -> None:
        try:
            await _confirm(cluster.replica_url(0), first)
        except Exception:  # noqa: BLE001 - the connection dies with the replica
            pass

    async with anyio.create_task_group() as tg:
        tg.start_soon(doomed)
        deadline = time.monotonic() + 20
        while not _status_writes(cluster, seed.VIDEO_CAMPAIGN_ID) and time.monotonic() < deadline:
            await anyio.sleep(0.05)
        cluster.kill(0)
    cluster.emulator.set_latency(0)
    # The plan the dead replica was running is never run again, by any replica; the refusal says what
    # the audit log holds of it (here nothing: the replica died before Pinterest's answer came back).
    refused = await _confirm(cluster.url, first)
    assert refused.is_error and "already being carried out" in refused.content[0].text
    assert "The audit log records no write for it yet" in refused.content[0].text
    assert len(_status_writes(cluster, seed.VIDEO_CAMPAIGN_ID)) == 1
    # The other pending plan survived the death (it lives in PostgreSQL): nginx routes around the
    # dead replica and it runs once.
    done = await _confirm(cluster.url, second)
    assert done.structured_content["status"] == "done", done
    assert len(_status_writes(cluster, seed.TRAFFIC_CAMPAIGN_ID)) == 1


async def test_three_replicas_stay_within_one_rate_budget(tmp_path: Path) -> None:
    """Each replica alone would send READ_LIMIT reads a minute; together they send READ_LIMIT."""
    with running(tmp_path, emulator=EmulatorConfig(token=PINTEREST_TOKEN,
                                                   rate_limits={"ads_read": (READ_LIMIT, 60.0)}),
                 env={"PINTEREST_ADS_RATE_LIMITS": f"ads_read={READ_LIMIT}"}) as cluster:
        await _read_flood(cluster)


async def _read_flood(cluster: Cluster) -> None:

    async def read(i: int) -> None:
        async with mcp_client(cluster.replica_url(i % 3)) as client:
            await client.call_tool("list_campaigns", {"ad_account_id": ACCOUNT})

    def reads() -> list[Any]:
        return [r for r in cluster.emulator.log if r.category == "ads_read"]

    async with anyio.create_task_group() as tg:
        for i in range(2 * READ_LIMIT):
            tg.start_soon(read, i)
        # Wait for a budget's worth (a loaded machine may take a while to start 24 clients), then
        # a little longer: nothing more may arrive within the minute; the other calls wait.
        deadline = time.monotonic() + 45
        while len(reads()) < READ_LIMIT and time.monotonic() < deadline:
            await anyio.sleep(0.1)
        await anyio.sleep(3)
        tg.cancel_scope.cancel()
    assert len(reads()) == READ_LIMIT, f"{len(reads())} reads reached the emulator"
    assert all(r.status != 429 for r in cluster.emulator.log)
