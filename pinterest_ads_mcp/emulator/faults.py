"""Injected failures, so client retry, timeout and "unknown outcome" handling can be tested.

A fault matches on method and a path regex and fires a bounded number of times, or with a
probability drawn from a seeded generator so that a run is reproducible.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

KINDS = ("status", "drop", "drop_after", "latency")


@dataclass
class Fault:
    """One armed fault; ``remaining`` None means it never runs out."""

    kind: str
    status: int = 500
    method: str | None = None
    path: re.Pattern[str] | None = None
    remaining: int | None = 1
    probability: float | None = None
    latency_ms: float = 0
    retry_after: float | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method.upper():
            return False
        return self.path is None or self.path.search(path) is not None


class Faults:
    """The armed faults of one emulator. ``pick`` decides which fire for a request."""

    def __init__(self, seed: int = 0) -> None:
        self._faults: list[Fault] = []
        self._random = random.Random(seed)

    def add(
        self,
        kind: str,
        *,
        status: int = 500,
        method: str | None = None,
        path: str | None = None,
        times: int | None = 1,
        probability: float | None = None,
        latency_ms: float = 0,
        retry_after: float | None = None,
    ) -> None:
        """Arm a fault. ``path`` is a regex searched in the request path (with its /v5 prefix)."""
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {KINDS}")
        if probability is not None and not 0 <= probability <= 1:
            raise ValueError("probability must be between 0 and 1")
        self._faults.append(
            Fault(
                kind=kind,
                status=status,
                method=method.upper() if method else None,
                path=re.compile(path) if path else None,
                remaining=times,
                probability=probability,
                latency_ms=latency_ms,
                retry_after=retry_after,
            )
        )

    def clear(self) -> None:
        self._faults.clear()

    @property
    def armed(self) -> list[Fault]:
        return list(self._faults)

    def pick(self, method: str, path: str) -> list[Fault]:
        """The faults that fire for this request (consuming their counts)."""
        fired: list[Fault] = []
        for fault in list(self._faults):
            if not fault.matches(method, path):
                continue
            if fault.probability is not None and self._random.random() >= fault.probability:
                continue
            fired.append(fault)
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
        return fired
