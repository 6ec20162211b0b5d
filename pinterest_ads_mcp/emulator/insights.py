"""Targeting resources, analytics (sync and async reports) and audience sizing routes."""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes() -> list[BaseRoute]:
    """The routes this module serves, mounted by the emulator app under /v5."""
    return []
