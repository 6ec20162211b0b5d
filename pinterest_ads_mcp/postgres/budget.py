"""Pinterest's rate budgets shared by every replica: the ``SharedWindows`` of
:mod:`pinterest_ads_mcp.pinterest.ratelimit` in PostgreSQL (one ``rate_take`` call per request).

Asynchronous (psycopg's ``AsyncConnection``): it is on the path of every API request, so it must not
hold the event loop while the database answers.
"""

from __future__ import annotations

import logging
from typing import Any

import anyio
import psycopg

log = logging.getLogger(__name__)


class PostgresWindows:
    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: psycopg.AsyncConnection[Any] | None = None
        self._lock = anyio.Lock()

    async def _connection(self) -> psycopg.AsyncConnection[Any]:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = await psycopg.AsyncConnection.connect(self.url, autocommit=True, connect_timeout=10)
        return self._conn

    async def take(self, windows: list[tuple[str, int, float]]) -> float:
        keys = [key for key, _, _ in windows]
        limits = [limit for _, limit, _ in windows]
        seconds = [float(window) for _, _, window in windows]
        async with self._lock:
            for attempt in (1, 2):
                conn = await self._connection()
                try:
                    row = await (await conn.execute("SELECT rate_take(%s, %s, %s)", (keys, limits, seconds))
                                 ).fetchone()
                    return float(row[0]) if row else 0.0
                except psycopg.OperationalError:
                    if attempt == 2 or not conn.broken:
                        raise
                    log.warning("rate budget: database connection lost; reconnecting")
        return 0.0  # pragma: no cover - the loop returns or raises

    async def aclose(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None
