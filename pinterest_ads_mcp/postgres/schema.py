"""Connecting to PostgreSQL and keeping its schema current.

The server creates and migrates its own tables: ``schema_version`` holds the newest migration
applied; each start applies the missing ones in one transaction under an advisory lock, so replicas
starting together migrate once. Migrations are append-only: never edit one that has shipped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, LiteralString, TypeVar

try:
    import psycopg
except ImportError as exc:  # pragma: no cover - depends on the install
    raise RuntimeError(
        "PINTEREST_ADS_DATABASE_URL needs the PostgreSQL driver: pip install 'pinterest-ads-mcp[team]'"
    ) from exc

log = logging.getLogger(__name__)

T = TypeVar("T")

# An arbitrary, fixed advisory-lock key: "one migrator at a time" across replicas.
MIGRATION_LOCK = 0x70696E5F616473

# LiteralString: psycopg runs only SQL written here, never text built from values.
MIGRATIONS: list[list[LiteralString]] = [
    # 1: the guard's state (the same tables as the SQLite store) and the shared rate windows.
    [
        """CREATE TABLE actions (
            key TEXT PRIMARY KEY,
            ref TEXT NOT NULL,
            tool TEXT NOT NULL,
            ad_account_id TEXT NOT NULL,
            plan TEXT NOT NULL,
            plan_hash TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION,
            decided_at DOUBLE PRECISION,
            result TEXT
        )""",
        "CREATE INDEX actions_ref ON actions (ref)",
        """CREATE TABLE audit (
            seq BIGSERIAL PRIMARY KEY,
            at DOUBLE PRECISION NOT NULL,
            ref TEXT,
            tool TEXT,
            event TEXT NOT NULL,
            detail TEXT
        )""",
        "CREATE INDEX audit_ref ON audit (ref, seq)",
        # One row per request sent, per window key (a rate-limit category of one budget scope, or
        # its all-categories per-second window); rows older than their window are deleted as we go.
        """CREATE TABLE rate_events (
            id BIGSERIAL PRIMARY KEY,
            window_key TEXT NOT NULL,
            at DOUBLE PRECISION NOT NULL
        )""",
        "CREATE INDEX rate_events_window ON rate_events (window_key, at)",
        # take(): the SharedWindows contract of pinterest/ratelimit.py in one atomic round trip.
        # Windows are locked in key order (no deadlock between replicas); time is the database's
        # clock, so replicas with skewed clocks still agree.
        """CREATE FUNCTION rate_take(keys TEXT[], limits INTEGER[], windows DOUBLE PRECISION[])
        RETURNS DOUBLE PRECISION LANGUAGE plpgsql AS $$
        DECLARE
            now_s DOUBLE PRECISION := extract(epoch FROM clock_timestamp());
            wait_s DOUBLE PRECISION := 0;
            k TEXT;
            i INTEGER;
            n INTEGER;
            oldest DOUBLE PRECISION;
        BEGIN
            FOR k IN SELECT DISTINCT u FROM unnest(keys) u ORDER BY u LOOP
                PERFORM pg_advisory_xact_lock(hashtextextended('rate:' || k, 0));
            END LOOP;
            FOR i IN 1 .. array_length(keys, 1) LOOP
                DELETE FROM rate_events WHERE window_key = keys[i] AND at <= now_s - windows[i];
                SELECT count(*) INTO n FROM rate_events WHERE window_key = keys[i];
                IF n >= limits[i] THEN
                    SELECT at INTO oldest FROM rate_events WHERE window_key = keys[i]
                        ORDER BY at OFFSET n - limits[i] LIMIT 1;
                    wait_s := greatest(wait_s, oldest + windows[i] - now_s, 0.001);
                END IF;
            END LOOP;
            IF wait_s <= 0 THEN
                INSERT INTO rate_events (window_key, at) SELECT u, now_s FROM unnest(keys) u;
            END IF;
            RETURN wait_s;
        END $$""",
    ],
    # 2: per-person sign-in. The server's own OAuth clients (registered dynamically), sign-ins waiting
    # for Pinterest, authorization codes and tokens (stored as SHA-256 hashes, never as issued), and
    # each person's Pinterest tokens (encrypted with PINTEREST_ADS_TOKEN_KEY).
    [
        """CREATE TABLE oauth_clients (
            client_id TEXT PRIMARY KEY,
            info TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL
        )""",
        """CREATE TABLE oauth_requests (
            state_hash TEXT PRIMARY KEY,
            client_id TEXT NOT NULL,
            params TEXT NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL
        )""",
        """CREATE TABLE oauth_codes (
            code_hash TEXT PRIMARY KEY,
            client_id TEXT NOT NULL,
            data TEXT NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL
        )""",
        """CREATE TABLE oauth_tokens (
            token_hash TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            client_id TEXT NOT NULL,
            subject TEXT NOT NULL,
            username TEXT NOT NULL,
            scopes TEXT NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            family TEXT NOT NULL
        )""",
        "CREATE INDEX oauth_tokens_family ON oauth_tokens (family)",
        """CREATE TABLE people (
            subject TEXT PRIMARY KEY,
            username TEXT NOT NULL,
            tokens BYTEA NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL
        )""",
    ],
    # 3: analytics exports (pinterest-ads://exports/{id}.csv), kept for a day, readable from any replica.
    [
        """CREATE TABLE exports (
            id TEXT PRIMARY KEY,
            media_type TEXT NOT NULL,
            content TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL
        )""",
        "CREATE INDEX exports_expiry ON exports (expires_at)",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection[Any]:
    return psycopg.connect(url, autocommit=autocommit, connect_timeout=10)


def migrate(conn: psycopg.Connection[Any]) -> int:
    """Apply the migrations this database lacks; returns the schema version now in place."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
        current = int(row[0]) if row and row[0] is not None else 0
        if current > SCHEMA_VERSION:
            raise RuntimeError(
                f"the database schema is version {current}, newer than this server knows ({SCHEMA_VERSION}): "
                "upgrade pinterest-ads-mcp"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version - 1]:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))
            log.info("database schema migrated to version %s", version)
    return SCHEMA_VERSION


class Database:
    """One connection per process, used under a lock (like the SQLite store), reconnected once
    when the server went away (a PostgreSQL restart or failover)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.Lock()
        self._conn = connect(url)
        migrate(self._conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def run(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        with self._lock:
            if self._conn.closed:
                self._conn = connect(self.url)
            try:
                return work(self._conn)
            except psycopg.OperationalError:
                if not self._conn.broken:
                    raise
                # The connection died, not the statement. Running it again once is safe for the
                # store's statements even if the lost one had committed: a repeated claim finds the
                # id "executing" and refuses (never runs a plan twice), a repeated record hits the key.
                log.warning("database connection lost; reconnecting")
                self._conn = connect(self.url)
                return work(self._conn)

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[Any]]:
        """For callers that hold the lock themselves (tests)."""
        with self._lock, self._conn.transaction():
            yield self._conn

    def ping(self) -> bool:
        """The database answers (for readiness)."""
        try:
            return self.run(lambda c: c.execute("SELECT 1").fetchone()) == (1,)
        except psycopg.Error:
            return False
