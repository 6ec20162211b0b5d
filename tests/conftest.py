"""Fixtures every test folder can use: the OpenAPI contract validator and its assertions.

Keep this file generic; folder-specific fixtures belong in ``tests/<folder>/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.support.openapi import (
    ContractValidator,
    ValidatingTransport,
    assert_no_violations,
    load_spec,
    spec_path,
)

SPEC_MISSING = (
    "Pinterest OpenAPI spec not found: set PINTEREST_OPENAPI_SPEC or place it at "
    "../shared/pinterest-openapi/openapi.json"
)


@pytest.fixture(scope="session")
def contract() -> ContractValidator:
    """The session's one validator (the 2 MB spec is parsed and compiled once)."""
    if spec_path() is None:
        pytest.skip(SPEC_MISSING)
    return ContractValidator(load_spec())


@pytest.fixture
def assert_contract() -> Callable[..., None]:
    """``assert_contract(transport, ...)``: fail with a readable report if any saw a violation."""
    return assert_no_violations


@pytest.fixture
def validating_transport(
    contract: ContractValidator,
) -> Iterator[Callable[[httpx.AsyncBaseTransport], ValidatingTransport]]:
    """Factory: wrap a transport in a ValidatingTransport that is checked when the test ends.

    ``client = httpx.AsyncClient(transport=validating_transport(httpx.ASGITransport(app)), ...)``;
    any violation fails the test at teardown, with every violation and exchange listed.
    """
    made: list[ValidatingTransport] = []

    def make(inner: httpx.AsyncBaseTransport) -> ValidatingTransport:
        transport = ValidatingTransport(inner, contract)
        made.append(transport)
        return transport

    yield make
    assert_no_violations(*made)


@pytest.fixture
def emulator_app() -> Any:
    """A fresh, seeded emulator ASGI app (skips while ``pinterest_ads_mcp.emulator.app`` is not there yet)."""
    try:
        from pinterest_ads_mcp.emulator.app import create_app
    except ImportError as exc:  # the emulator is built concurrently; do not break collection
        pytest.skip(f"emulator not available: {exc}")
    return create_app()
