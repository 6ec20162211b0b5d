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
from typing import Any

from ..guards.plan import Plan
from ..guards.store import DEFAULT_TTL_S, ActionState, Claim, audit_row, key_of, plan_of
from .schema import Database


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

    # -- actions -------------------------------------------------------------------------------
    def record(self, token: str, plan: Plan, state: ActionState, *, expires: bool = False) -> str:
        now = self.clock()
        key = key_of(token)
        ref = key[:12]
        self.db.run(lambda c: c.execute(
            "INSERT INTO actions (key, ref, tool, ad_account_id, plan, plan_hash, state, created_at, expires_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (key, ref, plan.tool, plan.ad_account_id, plan.model_dump_json(), plan.digest(), state, now,
             now + self.ttl_s if expires else None)))
        return ref

    def claim(self, token: str) -> Claim:
        """Atomically take a pending plan for execution (single use, across replicas), or say why not."""
        key = key_of(token)
        now = self.clock()
        taken = self.db.run(lambda c: c.execute(
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
        row = self.db.run(lambda c: c.execute(
            "SELECT ref, state, result FROM actions WHERE key = %s", (key,)).fetchone())
        if row is None:
            return Claim("unknown")
        ref, state, result = row
        if state == "pending":
            # Not taken above, so it is past its expiry: mark it (a racing marker changes nothing).
            self.db.run(lambda c: c.execute(
                "UPDATE actions SET state = 'expired', decided_at = %s WHERE key = %s AND state = 'pending'",
                (now, key)))
            return Claim("expired", ref=ref)
        return Claim(state, ref=ref, result=json.loads(result) if result else None)

    def _set_state(self, key: str, state: ActionState) -> None:
        self.db.run(lambda c: c.execute("UPDATE actions SET state = %s, decided_at = %s WHERE key = %s",
                                        (state, self.clock(), key)))

    def finish(self, token: str, state: ActionState, result: dict[str, Any] | None) -> None:
        self.db.run(lambda c: c.execute(
            "UPDATE actions SET state = %s, result = %s, decided_at = COALESCE(decided_at, %s) WHERE key = %s",
            (state, json.dumps(result) if result is not None else None, self.clock(), key_of(token))))

    # -- audit ---------------------------------------------------------------------------------
    def audit(self, event: str, *, ref: str | None = None, tool: str | None = None,
              detail: dict[str, Any] | None = None) -> None:
        self.db.run(lambda c: c.execute(
            "INSERT INTO audit (at, ref, tool, event, detail) VALUES (%s, %s, %s, %s, %s)",
            (self.clock(), ref, tool, event, json.dumps(detail, default=str) if detail else None)))

    def audit_log(self, limit: int = 50, *, ref: str | None = None) -> list[dict[str, Any]]:
        query = "SELECT seq, at, ref, tool, event, detail FROM audit"
        args: tuple[Any, ...] = (limit,)
        if ref is not None:
            query += " WHERE ref = %s"
            args = (ref, limit)
        rows = self.db.run(lambda c: c.execute(query + " ORDER BY seq DESC LIMIT %s", args).fetchall())
        return [audit_row(*row) for row in rows]
