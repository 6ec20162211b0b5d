"""The state store: pending plans, executed actions with their results, and the audit log.

SQLite in WAL mode under the state dir, so a confirmation id survives a restart, a second
``confirm_action`` on the same id returns the first result instead of running again, and every
plan, decision and write is on record. Confirmation ids are never stored: rows are keyed by the
SHA-256 of the id, so reading the database (or the action log) does not let anyone confirm.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import ValidationError

from ..pinterest.private_files import private_dir, private_file
from ..pinterest.redact import REDACTOR
from .plan import Plan

DEFAULT_TTL_S = 15 * 60
DB_NAME = "pinterest-ads-state.sqlite3"

ActionState = Literal["pending", "executing", "done", "declined", "expired"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS actions (
    key TEXT PRIMARY KEY,          -- sha256 of the confirmation / action id
    ref TEXT NOT NULL,             -- short public reference shown in the action log
    tool TEXT NOT NULL,
    ad_account_id TEXT NOT NULL,
    plan TEXT NOT NULL,
    plan_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL,
    decided_at REAL,
    result TEXT
);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    ref TEXT,
    tool TEXT,
    event TEXT NOT NULL,
    detail TEXT
);
"""

# Analytics exports (CSV files served as pinterest-ads://exports/{id}.csv), kept for a day.
_EXPORTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS exports (
    id TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
"""
EXPORT_TTL_S = 24 * 3600


class StoreUnavailable(RuntimeError):
    """The state store cannot be read or written (corrupted, locked, disk full). Writes fail closed
    on it: nothing is sent to Pinterest without its audit record."""


def _unavailable(path: Path, exc: BaseException) -> StoreUnavailable:
    return StoreUnavailable(f"the state store {path} cannot be written ({exc}). Fix or move the state folder "
                            "(PINTEREST_ADS_STATE_DIR) and try again")


def key_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Claim:
    """What ``claim`` found for a confirmation id.

    outcome: ``claimed`` (the caller now owns executing ``plan``), ``done`` (already executed:
    ``result`` is the first result), ``executing`` (another call is running it, or the server
    stopped mid-way), ``unknown``, ``expired``, ``declined`` or ``tampered`` (the stored plan no
    longer matches the hash the id was bound to).
    """

    outcome: Literal["claimed", "done", "executing", "unknown", "expired", "declined", "tampered"]
    ref: str | None = None
    plan: Plan | None = None
    result: dict[str, Any] | None = None


class Store(Protocol):
    """What the guard needs from a state store. Two backends implement it: :class:`StateStore`
    (SQLite, embedded, the default) and ``pinterest_ads_mcp.postgres.store.PostgresStore`` (shared by
    several replicas; chosen by ``PINTEREST_ADS_DATABASE_URL``). Calls are synchronous, short,
    single-statement (or single-transaction) and made at a handful of points per write."""

    clock: Callable[[], float]
    ttl_s: float

    def close(self) -> None: ...
    def record(self, token: str, plan: Plan, state: ActionState, *, expires: bool = False) -> str: ...
    def claim(self, token: str) -> Claim: ...
    def finish(self, token: str, state: ActionState, result: dict[str, Any] | None) -> None: ...
    def audit(self, event: str, *, ref: str | None = None, tool: str | None = None,
              detail: dict[str, Any] | None = None) -> None: ...
    def audit_log(self, limit: int = 50, *, ref: str | None = None) -> list[dict[str, Any]]: ...
    def action(self, ref: str) -> tuple[Plan, str, dict[str, Any] | None] | None: ...
    def spend_added(self, currency: str, since: float) -> int: ...
    def reserve_spend(self, *, ref: str | None, tool: str, currency: str, daily_micro: int, limit_micro: int,
                      window_s: float) -> int | None: ...
    def save_export(self, export_id: str, content: str, *, media_type: str = "text/csv",
                    ttl_s: float = EXPORT_TTL_S) -> float: ...
    def load_export(self, export_id: str) -> tuple[str, str] | None: ...


def open_store(state_dir: Path | None, *, database: Any = None, clock: Callable[[], float] = time.time,
               ttl_s: float = DEFAULT_TTL_S) -> Store:
    """The configured store: PostgreSQL on ``database`` (a ``postgres.schema.Database``) when the
    server has one, else SQLite in ``state_dir``."""
    if database is not None:
        from ..postgres.store import PostgresStore

        return PostgresStore(database, clock=clock, ttl_s=ttl_s)
    if state_dir is None:
        raise ValueError("no state directory")
    return StateStore.in_dir(state_dir, clock=clock, ttl_s=ttl_s)


def action_of(row: Any) -> tuple[Plan, str, dict[str, Any] | None] | None:
    """(plan, state, result) from an actions row (plan, plan_hash, state, result); None when there is no
    row or its plan changed since it was recorded (not a record to act on)."""
    if row is None:
        return None
    plan_json, plan_hash, state, result = row
    plan = plan_of(plan_json, plan_hash)
    return None if plan is None else (plan, state, json.loads(result) if result else None)


def plan_of(plan_json: str, plan_hash: str) -> Plan | None:
    """The stored plan, or None when it no longer parses or no longer matches its hash (tampered)."""
    try:
        plan = Plan.model_validate_json(plan_json)
    except (ValidationError, ValueError):
        return None
    return plan if plan.digest() == plan_hash else None


def _nobody() -> str | None:
    return None


_actor: Callable[[], str | None] = _nobody


def set_actor_source(source: Callable[[], str | None]) -> None:
    """Where audit entries learn who is acting (the signed-in person, with per-person sign-in)."""
    global _actor
    _actor = source


def audit_text(detail: dict[str, Any] | None) -> str | None:
    """An audit entry's detail as stored: JSON with every known secret redacted, and ``by`` naming
    the person acting when people sign in one by one."""
    by = _actor()
    if by:
        detail = {**(detail or {}), "by": by}
    return json.dumps(REDACTOR.scrub(json.loads(json.dumps(detail, default=str)))) if detail else None


def result_text(result: dict[str, Any] | None) -> str | None:
    return json.dumps(REDACTOR.scrub(result)) if result is not None else None


def spend_total(details: list[tuple[str | None]], currency: str) -> int:
    """Micro-units of ``currency`` in ``spend_added`` audit details."""
    total = 0
    for (detail,) in details:
        data = json.loads(detail) if detail else {}
        if data.get("currency") == currency:
            total += int(data.get("daily_micro") or 0)
    return total


def audit_row(seq: int, at: float, ref: str | None, tool: str | None, event: str,
              detail: str | None) -> dict[str, Any]:
    return {"seq": seq, "at": at, "ref": ref, "tool": tool, "event": event,
            "detail": json.loads(detail) if detail else None}


class StateStore:
    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time, ttl_s: float = DEFAULT_TTL_S) -> None:
        self.path = path
        self.clock = clock
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        try:
            # Folder 0700, database 0600 before SQLite opens it (its WAL and SHM files copy that mode).
            private_dir(path.parent)
            if not path.exists():
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
            for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                private_file(part)
            self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.executescript(_SCHEMA)
            self._db.executescript(_EXPORTS_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise _unavailable(path, exc) from None

    @classmethod
    def in_dir(cls, state_dir: Path, **kw: Any) -> StateStore:
        return cls(Path(state_dir) / DB_NAME, **kw)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- actions -------------------------------------------------------------------------------
    def record(self, token: str, plan: Plan, state: ActionState, *, expires: bool = False) -> str:
        """Store a plan under a (secret) id; returns the public ref. ``expires`` for pending ids."""
        now = self.clock()
        key = key_of(token)
        ref = key[:12]
        REDACTOR.add_log_only(token)  # a tool returns the id; no log line may show it
        try:
            with self._lock:
                self._db.execute(
                    "INSERT INTO actions (key, ref, tool, ad_account_id, plan, plan_hash, state, created_at,"
                    " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (key, ref, plan.tool, plan.ad_account_id, plan.model_dump_json(), plan.digest(), state, now,
                     now + self.ttl_s if expires else None),
                )
        except sqlite3.Error as exc:
            raise _unavailable(self.path, exc) from None
        return ref

    def claim(self, token: str) -> Claim:
        """Atomically take a pending plan for execution (single use), or say why not."""
        key = key_of(token)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute(
                    "SELECT ref, plan, plan_hash, state, expires_at, result FROM actions WHERE key = ?", (key,)
                ).fetchone()
                if row is None:
                    self._db.execute("COMMIT")
                    return Claim("unknown")
                ref, plan_json, plan_hash, state, expires_at, result = row
                if state == "done":
                    self._db.execute("COMMIT")
                    return Claim("done", ref=ref, result=json.loads(result) if result else None)
                if state in ("executing", "declined", "expired"):
                    self._db.execute("COMMIT")
                    return Claim(state, ref=ref, result=json.loads(result) if result else None)
                if expires_at is not None and self.clock() >= expires_at:
                    self._db.execute("UPDATE actions SET state = 'expired', decided_at = ? WHERE key = ?",
                                     (self.clock(), key))
                    self._db.execute("COMMIT")
                    return Claim("expired", ref=ref)
                plan = plan_of(plan_json, plan_hash)
                if plan is None:
                    self._db.execute("UPDATE actions SET state = 'declined', decided_at = ? WHERE key = ?",
                                     (self.clock(), key))
                    self._db.execute("COMMIT")
                    return Claim("tampered", ref=ref)
                self._db.execute("UPDATE actions SET state = 'executing', decided_at = ? WHERE key = ?",
                                 (self.clock(), key))
                self._db.execute("COMMIT")
                return Claim("claimed", ref=ref, plan=plan)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def finish(self, token: str, state: ActionState, result: dict[str, Any] | None) -> None:
        stored = result_text(result)
        with self._lock:
            self._db.execute("UPDATE actions SET state = ?, result = ?, decided_at = COALESCE(decided_at, ?)"
                             " WHERE key = ?", (state, stored, self.clock(), key_of(token)))

    def action(self, ref: str) -> tuple[Plan, str, dict[str, Any] | None] | None:
        """(plan, state, result) of the action with public reference ``ref`` (for undo), or None."""
        with self._lock:
            row = self._db.execute("SELECT plan, plan_hash, state, result FROM actions WHERE ref = ? "
                                   "ORDER BY created_at DESC LIMIT 1", (ref,)).fetchone()
        return action_of(row)

    # -- audit ---------------------------------------------------------------------------------
    def audit(self, event: str, *, ref: str | None = None, tool: str | None = None,
              detail: dict[str, Any] | None = None) -> None:
        """Append an audit entry (secrets redacted). Raises :class:`StoreUnavailable` when it cannot
        be written, so a caller that audits before sending sends nothing."""
        text = audit_text(detail)
        try:
            with self._lock:
                self._db.execute("INSERT INTO audit (at, ref, tool, event, detail) VALUES (?, ?, ?, ?, ?)",
                                 (self.clock(), ref, tool, event, text))
        except sqlite3.Error as exc:
            raise _unavailable(self.path, exc) from None

    def audit_log(self, limit: int = 50, *, ref: str | None = None) -> list[dict[str, Any]]:
        """The newest ``limit`` audit entries, newest first (only one action's when ``ref`` is given)."""
        query = "SELECT seq, at, ref, tool, event, detail FROM audit"
        args: tuple[Any, ...] = (limit,)
        if ref is not None:
            query += " WHERE ref = ?"
            args = (ref, limit)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY seq DESC LIMIT ?", args).fetchall()
        return [audit_row(*row) for row in rows]

    # -- the operator's envelope (new daily spend in any rolling 24 hours) -----------------------
    def spend_added(self, currency: str, since: float) -> int:
        """Daily spend (micro-units of ``currency``) that executed plans added since ``since``, from
        the audit log's ``spend_added`` entries (so it survives restarts)."""
        with self._lock:
            return self._spend_added(currency, since)

    def _spend_added(self, currency: str, since: float) -> int:
        rows = self._db.execute("SELECT detail FROM audit WHERE event = 'spend_added' AND at >= ?", (since,)).fetchall()
        return spend_total(rows, currency)

    def reserve_spend(self, *, ref: str | None, tool: str, currency: str, daily_micro: int, limit_micro: int,
                      window_s: float) -> int | None:
        """Atomically: if the spend added in the last ``window_s`` plus ``daily_micro`` stays within
        ``limit_micro``, record it (a ``spend_added`` audit entry) and return None; otherwise record
        nothing and return what was already added (so the caller can say how much room is left)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                used = self._spend_added(currency, self.clock() - window_s)
                if used + daily_micro > limit_micro:
                    self._db.execute("COMMIT")
                    return used
                self._db.execute("INSERT INTO audit (at, ref, tool, event, detail) VALUES (?, ?, ?, 'spend_added', ?)",
                                 (self.clock(), ref, tool, json.dumps({"currency": currency,
                                                                       "daily_micro": daily_micro})))
                self._db.execute("COMMIT")
                return None
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    # -- exports -------------------------------------------------------------------------------
    def save_export(self, export_id: str, content: str, *, media_type: str = "text/csv",
                    ttl_s: float = EXPORT_TTL_S) -> float:
        """Keep an export for ``ttl_s`` seconds (expired ones are dropped here); returns its expiry time."""
        now = self.clock()
        with self._lock:
            self._db.execute("DELETE FROM exports WHERE expires_at <= ?", (now,))
            self._db.execute("INSERT OR REPLACE INTO exports (id, media_type, content, created_at, expires_at)"
                             " VALUES (?, ?, ?, ?, ?)", (export_id, media_type, content, now, now + ttl_s))
        return now + ttl_s

    def load_export(self, export_id: str) -> tuple[str, str] | None:
        """(media type, content) of an unexpired export, else None."""
        with self._lock:
            row = self._db.execute("SELECT media_type, content FROM exports WHERE id = ? AND expires_at > ?",
                                   (export_id, self.clock())).fetchone()
        return (row[0], row[1]) if row else None
