"""Knobs for one emulator instance.

Everything that makes a run differ (auth strictness, time, latency, rate limits, fault randomness)
is set here, so a test or benchmark can build an emulator that behaves exactly as it needs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

DEFAULT_SCOPES = (
    "ads:read ads:write pins:read pins:write boards:read boards:write user_accounts:read pins:read_secret "
    "boards:read_secret"
)


@dataclass
class EmulatorConfig:
    """How an :class:`~pinterest_ads_mcp.emulator.app.Emulator` behaves.

    ``token``: None accepts any non-empty bearer token (the embedded demo mode); a value accepts only
    that token or tokens this emulator issued through ``/v5/oauth/token``.
    ``rate_limits``: category -> (max requests, window seconds); a category not listed is unlimited.
    ``report_polls_until_ready``: how many report polls answer IN_PROGRESS before FINISHED.
    """

    token: str | None = None
    app_id: str = "demo-app"
    app_secret: str = "demo-secret"
    seed: bool = True
    clock: Callable[[], float] = time.time
    latency_ms: float = 0
    rate_limits: dict[str, tuple[int, float]] = field(default_factory=dict)
    fault_seed: int = 0
    report_polls_until_ready: int = 1
    scopes: str = DEFAULT_SCOPES
    # "trial": a Trial-tier app, with a daily quota of 1,000 calls per rate-limit category.
    tier: Literal["standard", "trial"] = "standard"
    # The sandbox (api-sandbox.pinterest.com): no async reports, no pin search, no video pins and no
    # Business Access; its own tokens.
    sandbox: bool = False
    # Ad accounts outside the labels closed beta (their label routes answer 403): the seeded shared account.
    labels_closed_accounts: tuple[str, ...] = ("549755885178",)
