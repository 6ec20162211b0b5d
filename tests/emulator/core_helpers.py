"""Helpers for the emulator core tests: clients on an in-process emulator and response checks."""

from __future__ import annotations

from typing import Any

import httpx2

from pinterest_ads_mcp.emulator import EmulatorConfig, create_app

BASE_URL = "http://emulator/v5"
FROZEN = 1_760_000_000  # 2025-10-09T08:53:20Z: every test sees the same "now"
TOKEN = "test-token"


def make_app(**config: Any) -> Any:
    """A seeded emulator app with a frozen clock unless the test sets its own."""
    config.setdefault("clock", lambda: FROZEN)
    return create_app(EmulatorConfig(**config))


def make_client(
    app: Any, token: str | None = TOKEN, transport: httpx2.AsyncBaseTransport | None = None
) -> httpx2.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return httpx2.AsyncClient(
        transport=transport or httpx2.ASGITransport(app=app), base_url=BASE_URL, headers=headers
    )


def assert_valid(contract: Any, response: httpx2.Response) -> None:
    """The response (whatever its status) must match what the spec documents for that operation."""
    violations = contract.validate_response(
        response.request.method,
        str(response.request.url),
        response.status_code,
        headers=dict(response.headers),
        body=response.content,
    )
    assert not violations, "\n".join(violations)


def assert_error(response: httpx2.Response, status: int, *words: str) -> dict[str, Any]:
    """A Pinterest error: the status, a ``{code, message}`` body, and the message naming ``words``."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "message"} and isinstance(body["code"], int), body
    for word in words:
        assert word.lower() in body["message"].lower(), body["message"]
    return body
