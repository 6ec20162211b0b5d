"""A stateful emulator of the Pinterest Ads REST API v5 (Starlette ASGI app).

``create_app()`` builds a seeded app; ``app.state.emulator`` is the control surface (state, faults,
request log, latency). The emulator shares no code with the client package on purpose: it is the
independent other side of the contract.
"""

from __future__ import annotations

from .app import Emulator, RequestRecord, create_app, serve
from .config import EmulatorConfig
from .faults import Faults

__all__ = ["Emulator", "EmulatorConfig", "Faults", "RequestRecord", "create_app", "serve"]
