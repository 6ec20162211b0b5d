"""Fixtures of the write-tool tests: a seeded emulator bench whose exchanges must all match the spec."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.guards.harness import Bench


@pytest.fixture
def bench(tmp_path, contract) -> Iterator[Bench]:
    b = Bench(tmp_path / "state", contract)
    yield b
    assert b.violations() == [], "\n".join(b.violations())
