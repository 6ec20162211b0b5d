"""A real PostgreSQL for the tests: each test gets a fresh schema in the server named by
``PINTEREST_ADS_TEST_DATABASE_URL`` (``scripts/services.sh`` starts one and sets it).

Without the variable the tests look for that script's default address and skip, naming why, when
nothing answers there. With the variable set (CI) an unreachable server fails the test instead: CI
must never pass by skipping the PostgreSQL half.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

DEFAULT_URL = "postgresql://postgres@127.0.0.1:55432/pinterest_ads_test"
ENV = "PINTEREST_ADS_TEST_DATABASE_URL"


def server_url() -> str:
    """The test server's URL, or skip/fail (see the module doc) when it does not answer."""
    try:
        import psycopg
    except ImportError as exc:
        if os.environ.get(ENV):
            pytest.fail(f"{ENV} is set but psycopg is not installed: {exc}")
        pytest.skip("psycopg is not installed (pip install -e '.[test]')")
    url = os.environ.get(ENV) or DEFAULT_URL
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        if os.environ.get(ENV):
            pytest.fail(f"{ENV} is set but PostgreSQL does not answer there: {exc}")
        pytest.skip(f"no PostgreSQL at {DEFAULT_URL} (start one: bash scripts/services.sh start)")
    return url


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A URL whose connections see only a new, empty schema (dropped afterwards)."""
    import psycopg

    url = server_url()
    schema = "t_" + secrets.token_hex(6)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
