"""Small response helpers every emulator handler uses, so errors look alike everywhere.

Pinterest answers errors with ``{"code": int, "message": str}``; the handlers raise
:class:`ApiError` and the app turns it into that body with the right status.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse


class ApiError(Exception):
    """An error Pinterest would return: HTTP status, Pinterest code and a message."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_response(status: int, code: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status, headers=headers)


def invalid(message: str) -> ApiError:
    """A 400 for a body or parameter that breaks a documented rule (Pinterest uses code 1 for these)."""
    return ApiError(400, 1, message)


def not_found(what: str) -> ApiError:
    return ApiError(404, 2, f"{what} not found.")


async def json_body(request: Request) -> Any:
    """The parsed JSON body, or a 400 naming the problem."""
    raw = await request.body()
    if not raw:
        raise invalid("Request body is required.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise invalid(f"Request body is not valid UTF-8 (byte {exc.start}).") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise invalid(f"Request body is not valid JSON: {getattr(exc, 'msg', exc)}.") from None


def emulator_of(request: Request) -> Any:
    """The running :class:`~pinterest_ads_mcp.emulator.app.Emulator` (state, faults, log)."""
    return request.app.state.emulator
