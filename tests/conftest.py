"""Fixtures every test folder can use: the OpenAPI contract validator and its assertions.

Keep this file generic; folder-specific fixtures belong in ``tests/<folder>/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import pytest

from tests.support.openapi import (
    SPEC_MISSING,
    ContractValidator,
    NoSpecValidator,
    ValidatingTransport,
    assert_no_violations,
    session_validator,
    spec_path,
)

CONTRACT_OFF = f"contract validation: OFF ({SPEC_MISSING}); tests run without checking traffic against the spec"


def pytest_report_header(config: pytest.Config) -> str:
    path = spec_path()
    return f"contract validation: on ({path})" if path else CONTRACT_OFF


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Under ``-q`` the header is not shown: say it once at the end instead."""
    if spec_path() is None and config.get_verbosity() < 0:
        terminalreporter.write_line(CONTRACT_OFF)


def _needs_spec(name: str) -> Any:
    pytest.skip(f"{SPEC_MISSING} (this test reads the spec itself: {name})")


@pytest.fixture(scope="session")
def contract() -> ContractValidator | NoSpecValidator:
    """The session's one validator (the 2 MB spec is parsed and compiled once).

    Without the spec it is a no-op stand-in: traffic is not checked, and a test that reads the spec
    itself (``contract.spec``, ``contract.resolve`` ...) skips at that point.
    """
    return session_validator(_needs_spec)


@pytest.fixture
def assert_contract() -> Callable[..., None]:
    """``assert_contract(transport, ...)``: fail with a readable report if any saw a violation."""
    return assert_no_violations


@pytest.fixture
def validating_transport(
    contract: ContractValidator | NoSpecValidator,
) -> Iterator[Callable[[httpx2.AsyncBaseTransport], ValidatingTransport]]:
    """Factory: wrap a transport in a ValidatingTransport that is checked when the test ends.

    ``client = httpx2.AsyncClient(transport=validating_transport(httpx2.ASGITransport(app)), ...)``;
    any violation fails the test at teardown, with every violation and exchange listed. Without the
    spec the transport only carries the traffic.
    """
    made: list[ValidatingTransport] = []

    def make(inner: httpx2.AsyncBaseTransport) -> ValidatingTransport:
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
