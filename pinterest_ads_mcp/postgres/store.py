"""The state store in PostgreSQL: the same tables, rules and public methods as the SQLite
:class:`~pinterest_ads_mcp.guards.store.StateStore`, shared by every replica.

The claim of a confirmation id is one ``UPDATE ... WHERE state = 'pending' ... RETURNING``: of any
number of replicas confirming the same id at once, exactly one gets the row back and runs the plan;
the state it leaves (``executing``) is committed before anything is sent, so a replica killed
mid-plan leaves an id that no other replica will run again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, TypeVar

import psycopg

from ..guards.plan import Plan
from ..guards.store import (
    DEFAULT_TTL_S,
    EXPORT_TTL_S,
    ActionState,
    Claim,
    StoreUnavailable,
    action_of,
    audit_row,
    audit_text,
    key_of,
    plan_of,
    result_text,
    spend_total,
)
from ..pinterest.redact import REDACTOR
from .schema import Database

T = TypeVar("T")


class PostgresStore:
    def __init__(self, database: Database | str, *, clock: Callable[[], float] = time.time,
                 ttl_s: float = DEFAULT_TTL_S) -> None:
        self.db = Database(database) if isinstance(database, str) else database
        self.clock = clock
        self.ttl_s = ttl_s

    def close(self) -> None:
        """The database connection belongs to the server (shared with readiness); nothing to do."""

    def ping(self) -> bool:
        return self.db.ping()

    def _run(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        """Run on the database; any database failure is a :class:`StoreUnavailable` (writes fail closed)."""
        try:
            return self.db.run(work)
        except psycopg.Error as exc:
            raise StoreUnavailable(f"the PostgreSQL state store cannot be used ({type(exc).__name__}: "
                                   f"{str(exc).splitlines()[0] if str(exc) else 'no detail'}). Check "
                                   "PINTEREST_ADS_DATABASE_URL and the database, and try again") from None

    # -- actions -------------------------------------------------------------------------------
    def record(self, token: str, plan: Plan, state: ActionState, *, expires: bool = False) -> str:
        now = self.clock()
        key = key_of(token)
        ref = key[:12]
        REDACTOR.add_log_only(token)  # a tool returns the id; no log line may show it
        self._run(lambda c: c.execute(
            "INSERT INTO actions (key, ref, tool, ad_account_id, plan, plan_hash, state, created_at, expires_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (key, ref, plan.tool, plan.ad_account_id, plan.model_dump_json(), plan.digest(), state, now,
             now + self.ttl_s if expires else None)))
        return ref

    def claim(self, token: str) -> Claim:
        """Atomically take a pending plan for execution (single use, across replicas), or say why not."""
        key = key_of(token)
        now = self.clock()
        taken = self._run(lambda c: c.execute(
            "UPDATE actions SET state = 'executing', decided_at = %s"
            " WHERE key = %s AND state = 'pending' AND (expires_at IS NULL OR expires_at > %s)"
            " RETURNING ref, plan, plan_hash", (now, key, now)).fetchone())
        if taken is not None:
            ref, plan_json, plan_hash = taken
            plan = plan_of(plan_json, plan_hash)
            if plan is None:
                self._set_state(key, "declined")
                return Claim("tampered", ref=ref)
            return Claim("claimed", ref=ref, plan=plan)
        row = self._run(lambda c: c.execute(
            "SELECT ref, state, result FROM actions WHERE key = %s", (key,)).fetchone())
        if row is None:
            return Claim("unknown")
        ref, state, result = row
        if state == "pending":
            # Not taken above, so it is past its expiry: mark it (a racing marker changes nothing).
            self._run(lambda c: c.execute(
                "UPDATE actions SET state = 'expired', decided_at = %s WHERE key = %s AND state = 'pending'",
                (now, key)))
            return Claim("expired", ref=ref)
        return Claim(state, ref=ref, result=json.loads(result) if result else None)

    def _set_state(self, key: str, state: ActionState) -> None:
        self._run(lambda c: c.execute("UPDATE actions SET state = %s, decided_at = %s WHERE key = %s",
                                        (state, self.clock(), key)))

    def finish(self, token: str, state: ActionState, result: dict[str, Any] | None) -> None:
        self._run(lambda c: c.execute(
            "UPDATE actions SET state = %s, result = %s, decided_at = COALESCE(decided_at, %s) WHERE key = %s",
            (state, result_text(result), self.clock(), key_of(token))))

    def action(self, ref: str) -> tuple[Plan, str, dict[str, Any] | None] | None:
        """(plan, state, result) of the action with public reference ``ref`` (for undo), or None."""
        return action_of(self._run(lambda c: c.execute(
            "SELECT plan, plan_hash, state, result FROM actions WHERE ref = %s ORDER BY created_at DESC LIMIT 1",
            (ref,)).fetchone()))

    # -- audit ---------------------------------------------------------------------------------
    def audit(self, event: str, *, ref: str | None = None, tool: str | None = None,
              detail: dict[str, Any] | None = None) -> None:
        self._run(lambda c: c.execute(
            "INSERT INTO audit (at, ref, tool, event, detail) VALUES (%s, %s, %s, %s, %s)",
            (self.clock(), ref, tool, event, audit_text(detail))))

    def audit_log(self, limit: int = 50, *, ref: str | None = None) -> list[dict[str, Any]]:
        query = "SELECT seq, at, ref, tool, event, detail FROM audit"
        args: tuple[Any, ...] = (limit,)
        if ref is not None:
            query += " WHERE ref = %s"
            args = (ref, limit)
        rows = self._run(lambda c: c.execute(query + " ORDER BY seq DESC LIMIT %s", args).fetchall())
        return [audit_row(*row) for row in rows]

    # -- the operator's envelope (new daily spend in any rolling 24 hours) -----------------------
    def spend_added(self, currency: str, since: float) -> int:
        rows = self._run(lambda c: c.execute(
            "SELECT detail FROM audit WHERE event = 'spend_added' AND at >= %s", (since,)).fetchall())
        return spend_total(rows, currency)

    def reserve_spend(self, *, ref: str | None, tool: str, currency: str, daily_micro: int, limit_micro: int,
                      window_s: float) -> int | None:
        """As the SQLite store's, atomic across replicas: one transaction under an advisory lock per
        currency, so two replicas cannot both fit into the same room."""
        def work(c: psycopg.Connection[Any]) -> int | None:
            with c.transaction():
                c.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"envelope:{currency}",))
                rows = c.execute("SELECT detail FROM audit WHERE event = 'spend_added' AND at >= %s",
                                 (self.clock() - window_s,)).fetchall()
                used = spend_total(rows, currency)
                if used + daily_micro > limit_micro:
                    return used
                c.execute("INSERT INTO audit (at, ref, tool, event, detail) VALUES (%s, %s, %s, 'spend_added', %s)",
                          (self.clock(), ref, tool, json.dumps({"currency": currency, "daily_micro": daily_micro})))
                return None

        return self._run(work)

    # -- exports (any replica can serve a link another made) -------------------------------------
    def save_export(self, export_id: str, content: str, *, media_type: str = "text/csv",
                    ttl_s: float = EXPORT_TTL_S) -> float:
        """As the SQLite store's: keep an export for ``ttl_s`` seconds, dropping expired ones."""
        now = self.clock()

        def work(c: psycopg.Connection[Any]) -> None:
            with c.transaction():
                c.execute("DELETE FROM exports WHERE expires_at <= %s", (now,))
                c.execute("INSERT INTO exports (id, media_type, content, created_at, expires_at) "
                          "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET media_type = "
                          "EXCLUDED.media_type, content = EXCLUDED.content, created_at = EXCLUDED.created_at, "
                          "expires_at = EXCLUDED.expires_at",
                          (export_id, media_type, content, now, now + ttl_s))

        self._run(work)
        return now + ttl_s

    def load_export(self, export_id: str) -> tuple[str, str] | None:
        """(media type, content) of an unexpired export, else None."""
        row = self._run(lambda c: c.execute(
            "SELECT media_type, content FROM exports WHERE id = %s AND expires_at > %s",
            (export_id, self.clock())).fetchone())
        return (row[0], row[1]) if row else None
