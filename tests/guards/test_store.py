"""The state store's rules, on both backends: SQLite (embedded) and PostgreSQL (shared by replicas).

Every test runs twice through the ``backend`` fixture; "another process" is a second store object on
the same database (its own connection), which is what a second replica is to the store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from pinterest_ads_mcp.guards.plan import Plan, Snapshot, Summary, Write
from pinterest_ads_mcp.guards.store import StateStore, Store, key_of
from pinterest_ads_mcp.pinterest.ratelimit import RateBudgets
from tests.support.postgres import fresh_schema

Opener = Callable[..., Store]


def plan(status: str = "ACTIVE") -> Plan:
    return Plan(tool="update_status", ad_account_id="1", currency="USD",
                writes=[Write(key="w", op="update", entity="campaign", items=[{"id": "7", "status": status}])],
                before=[Snapshot(entity="campaign", id="7", status="PAUSED")], summary=Summary(action="test"))


class Backend:
    def __init__(self, name: str, tmp_path: Path, url: str | None) -> None:
        self.name, self.tmp_path, self.url = name, tmp_path, url
        self.opened: list[Store] = []

    def open(self, **kw: Any) -> Store:
        if self.url is None:
            store: Store = StateStore.in_dir(self.tmp_path, **kw)
        else:
            from pinterest_ads_mcp.postgres.store import PostgresStore

            store = PostgresStore(self.url, **kw)
        self.opened.append(store)
        return store

    def raw(self, sql: str) -> list[tuple[Any, ...]]:
        """Run SQL straight on the database (what someone with access to it could do)."""
        if self.url is None:
            import sqlite3

            with sqlite3.connect(str(self.tmp_path / "pinterest-ads-state.sqlite3")) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            cur = conn.execute(sql)
            return cur.fetchall() if cur.description else []

    def close(self) -> None:
        for store in self.opened:
            store.close()
            db = getattr(store, "db", None)
            if db is not None:
                db.close()


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        made = Backend("sqlite", tmp_path, None)
        yield made
        made.close()
        return
    with fresh_schema() as url:
        made = Backend("postgres", tmp_path, url)
        yield made
        made.close()


def test_single_use_first_result_and_expiry(backend: Backend) -> None:
    now = [1000.0]
    store = backend.open(clock=lambda: now[0], ttl_s=60)
    ref = store.record("secret-token", plan(), "pending", expires=True)
    assert ref == key_of("secret-token")[:12]
    first = store.claim("secret-token")
    assert (first.outcome, first.ref, first.plan) == ("claimed", ref, plan())
    assert store.claim("secret-token").outcome == "executing"
    store.finish("secret-token", "done", {"status": "done"})
    again = store.claim("secret-token")
    assert (again.outcome, again.result) == ("done", {"status": "done"})
    store.record("other", plan(), "pending", expires=True)
    now[0] += 61
    assert store.claim("other").outcome == "expired"
    assert store.claim("other").outcome == "expired"
    assert store.claim("never-issued").outcome == "unknown"
    store.record("refused", plan(), "declined")
    assert store.claim("refused").outcome == "declined"


def test_no_confirmation_id_is_stored(backend: Backend) -> None:
    store = backend.open()
    store.record("plain-secret-id", plan(), "pending", expires=True)
    store.audit("plan", ref="r", detail={"x": 1})
    dump = repr(backend.raw("SELECT * FROM actions")) + repr(backend.raw("SELECT * FROM audit"))
    assert key_of("plain-secret-id") in dump and "plain-secret-id" not in dump


def test_a_tampered_plan_is_refused_and_spent(backend: Backend) -> None:
    store = backend.open()
    store.record("t", plan("PAUSED"), "pending", expires=True)
    backend.raw("UPDATE actions SET plan = replace(plan, '\"PAUSED\"', '\"ACTIVE\"')")
    assert store.claim("t").outcome == "tampered"
    assert store.claim("t").outcome == "declined"


def label_plan() -> Plan:
    """What undo_action reads back for a label change: the exact (label, campaign) pairs it changed."""
    pairs = [{"id": "9", "campaign_id": c, "status": "ARCHIVED", "value": "Spring", "label_type": "CUSTOM"}
             for c in ("7", "8")]
    return Plan(tool="remove_label", ad_account_id="1", currency="USD", summary=Summary(action="labels off"),
                writes=[Write(key="remove_label", op="update", entity="label", items=pairs)])


def test_action_by_ref_for_undo(backend: Backend) -> None:
    """``action(ref)``, what undo_action reads: the same answers on both backends and from another
    process, the newest row for a ref, and nothing for an unknown ref or a plan changed behind its back."""
    now = [100.0]
    store = backend.open(clock=lambda: now[0])
    assert store.action("000000000000") is None
    ref = store.record("undo-me", label_plan(), "executing")
    assert store.action(ref) == (label_plan(), "executing", None)
    store.finish("undo-me", "done", {"status": "done", "steps": [{"step": "remove_label", "status": "ok"}]})
    other = backend.open()
    for reader in (store, other):
        assert reader.action(ref) == (label_plan(), "done",
                                      {"status": "done", "steps": [{"step": "remove_label", "status": "ok"}]})
    waiting = store.record("later", plan(), "pending", expires=True)
    assert store.action(waiting) == (plan(), "pending", None)
    now[0] = 200.0
    newer = store.record("newest", plan("PAUSED"), "declined")
    backend.raw(f"UPDATE actions SET ref = '{waiting}' WHERE ref = '{newer}'")
    assert other.action(waiting) == (plan("PAUSED"), "declined", None)  # the newest row with that ref
    backend.raw(f"UPDATE actions SET plan = replace(plan, '\"Spring\"', '\"Autumn\"') WHERE ref = '{ref}'")
    assert store.action(ref) is None and other.action(ref) is None  # no longer matches its hash


def test_audit_log_newest_first_and_per_action(backend: Backend) -> None:
    store = backend.open(clock=lambda: 5.0)
    for i in range(5):
        store.audit("write", ref="a" if i % 2 else "b", tool="update_status", detail={"i": i})
    store.audit("note")
    rows = store.audit_log(3)
    assert [r["event"] for r in rows] == ["note", "write", "write"]
    assert [r["detail"]["i"] for r in rows[1:]] == [4, 3]
    assert [r["detail"]["i"] for r in store.audit_log(10, ref="a")] == [3, 1]
    assert rows[0] == {"seq": rows[0]["seq"], "at": 5.0, "ref": None, "tool": None, "event": "note", "detail": None}


def test_concurrent_claims_from_many_processes_run_once(backend: Backend) -> None:
    """20 confirms of one id at once, each through its own store (own connection): one claim."""
    backend.open().record("shared-id", plan(), "pending", expires=True)
    stores = [backend.open() for _ in range(20)]
    outcomes: list[str] = []
    start = threading.Barrier(len(stores))

    def confirm(store: Store) -> None:
        start.wait()
        outcomes.append(store.claim("shared-id").outcome)

    threads = [threading.Thread(target=confirm, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["claimed"] + ["executing"] * 19


def test_a_store_gone_mid_plan_leaves_nothing_runnable(backend: Backend) -> None:
    """A replica claims and dies before finishing: every other replica refuses the id."""
    first = backend.open()
    first.record("mid", plan(), "pending", expires=True)
    assert first.claim("mid").outcome == "claimed"
    first.audit("write", ref=key_of("mid")[:12], detail={"step": "campaign", "ids": ["9"]})
    first.close()
    other = backend.open()
    assert other.claim("mid").outcome == "executing"
    assert other.audit_log(5, ref=key_of("mid")[:12])[0]["detail"] == {"step": "campaign", "ids": ["9"]}


def test_audit_entries_and_results_are_stored_redacted(backend: Backend) -> None:
    from pinterest_ads_mcp.pinterest.redact import REDACTOR

    REDACTOR.add("pina_store-test-secret-token-42")
    store = backend.open()
    store.audit("write", detail={"echo": "Bearer pina_store-test-secret-token-42"})
    store.record("r-id", plan(), "executing")
    store.finish("r-id", "done", {"message": "pina_store-test-secret-token-42 leaked?"})
    dump = repr(backend.raw("SELECT * FROM actions")) + repr(backend.raw("SELECT * FROM audit"))
    assert "pina_store-test-secret-token-42" not in dump and "[redacted]" in dump


def test_the_spend_envelope_is_atomic_across_processes(backend: Backend) -> None:
    """20 reservations of 10 against a room of 55, each through its own store: exactly 5 fit."""
    stores = [backend.open(clock=lambda: 10_000.0) for _ in range(20)]
    answers: list[int | None] = []
    start = threading.Barrier(len(stores))

    def reserve(store: Store) -> None:
        start.wait()
        answers.append(store.reserve_spend(ref=None, tool="boost_pin", currency="USD", daily_micro=10,
                                           limit_micro=55, window_s=86_400))

    threads = [threading.Thread(target=reserve, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers.count(None) == 5 and all(a == 50 for a in answers if a is not None)
    assert stores[0].spend_added("USD", 0) == 50 and stores[0].spend_added("EUR", 0) == 0
    assert stores[0].spend_added("USD", 10_001) == 0  # outside the window


def test_an_export_made_by_one_process_is_read_by_another_until_it_expires(backend: Backend) -> None:
    """A CSV link made on one replica must open on any other, for a day and no longer."""
    now = [50_000.0]
    maker, reader = backend.open(clock=lambda: now[0]), backend.open(clock=lambda: now[0])
    expires = maker.save_export("exp-1", "a,b\n1,2\n", ttl_s=100)
    assert expires == 50_100.0
    assert reader.load_export("exp-1") == ("text/csv", "a,b\n1,2\n")
    assert reader.load_export("exp-unknown") is None
    now[0] = 50_100.0
    assert reader.load_export("exp-1") is None
    maker.save_export("exp-2", "c\n", ttl_s=100)  # saving drops what has expired
    assert [row[0] for row in backend.raw("SELECT id FROM exports")] == ["exp-2"]


# -- PostgreSQL only: schema versions and the shared rate windows ---------------------------------

@pytest.fixture
def pg_url() -> Iterator[str]:
    with fresh_schema() as url:
        yield url


def test_schema_is_created_versioned_and_migrated_once(pg_url: str) -> None:
    import psycopg

    from pinterest_ads_mcp.postgres.schema import SCHEMA_VERSION, Database

    dbs = [Database(pg_url) for _ in range(3)]  # three replicas starting together
    try:
        with psycopg.connect(pg_url) as conn:
            assert conn.execute("SELECT version FROM schema_version").fetchall() == [
                (v,) for v in range(1, SCHEMA_VERSION + 1)]
            conn.execute("INSERT INTO schema_version VALUES (%s)", (SCHEMA_VERSION + 1,))
            conn.commit()
        with pytest.raises(RuntimeError, match="newer than this server knows"):
            Database(pg_url)
        assert dbs[0].ping()
    finally:
        for db in dbs:
            db.close()


async def test_shared_windows_hold_several_processes_to_one_budget(pg_url: str) -> None:
    from pinterest_ads_mcp.postgres.budget import PostgresWindows
    from pinterest_ads_mcp.postgres.schema import Database

    Database(pg_url).close()  # migrate
    replicas = [PostgresWindows(pg_url) for _ in range(3)]
    try:
        taken = [await w.take([("app:ads_read", 7, 60.0), ("app:*", 100, 1.0)]) for w in replicas * 3]
        assert taken[:7] == [0.0] * 7 and all(0 < wait <= 60 for wait in taken[7:])
        # Another scope (another person's quota) is not charged.
        assert await replicas[0].take([("other:ads_read", 7, 60.0)]) == 0.0

        # Through RateBudgets: 3 processes x 4 requests against a per-second limit of 5 take > 1 s.
        budgets = [RateBudgets({"ads_write": 1000}, per_second=5, shared=w, scope="s") for w in replicas]
        started = anyio.current_time()
        async with anyio.create_task_group() as tg:
            for b in budgets:
                for _ in range(4):
                    tg.start_soon(b.acquire, "ads_write")
        assert anyio.current_time() - started >= 1.0
    finally:
        for w in replicas:
            await w.aclose()
