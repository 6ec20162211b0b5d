"""The HTTP transports (streamable HTTP and SSE) with DNS-rebinding protection and an optional
bearer token, served by uvicorn, with the operator endpoints of :mod:`.ops` in front."""

from __future__ import annotations

import hmac
import math
from typing import Literal

import uvicorn
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.types import ASGIApp, Receive, Scope, Send

from ..pinterest.redact import REDACTOR
from .ops import Ops, Readiness

# Off loopback the token is all that stands between the network and the Pinterest account.
MIN_TOKEN_CHARS = 32
MIN_TOKEN_BITS = 128
TOKEN_ADVICE = "make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"


def token_weakness(token: str) -> str | None:
    """Why ``token`` is too weak to guard a server reachable from the network (None when strong).

    Strength is estimated from length and the variety of characters: 32 random URL-safe characters
    carry about 190 bits; ``aaaa...`` or a word repeated carry next to none.
    """
    if len(token) < MIN_TOKEN_CHARS:
        return (f"the HTTP token has {len(token)} characters; off loopback it needs at least {MIN_TOKEN_CHARS} "
                f"random ones ({TOKEN_ADVICE})")
    # Bits per character: the alphabet its character classes span, but never more than twice the
    # characters actually used (so "aaaa...ab" does not pass as 40 random letters).
    classes = [(str.islower, 26), (str.isupper, 26), (str.isdigit, 10)]
    alphabet = sum(size for test, size in classes if any(c.isascii() and test(c) for c in token))
    alphabet += 32 if any(not (c.isascii() and c.isalnum()) for c in token) else 0
    distinct = len(set(token))
    bits = len(token) * math.log2(max(1, min(alphabet, 2 * distinct))) if distinct > 1 else 0.0
    # A repeated pattern is only as strong as one repetition.
    for size in range(1, len(token) // 2 + 1):
        if len(token) % size == 0 and token[:size] * (len(token) // size) == token:
            bits = min(bits, size * math.log2(max(2, alphabet)))
            break
    if bits < MIN_TOKEN_BITS:
        return (f"the HTTP token looks guessable (about {int(bits)} bits; at least {MIN_TOKEN_BITS} are needed "
                f"off loopback): use random characters ({TOKEN_ADVICE})")
    return None


class BearerGate:
    """Refuse HTTP requests that lack ``Authorization: Bearer <token>`` (constant-time compare)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        REDACTOR.add(token)
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            sent = dict(scope.get("headers") or []).get(b"authorization", b"")
            if not hmac.compare_digest(sent, self.expected):
                await send({"type": "http.response.start", "status": 401,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"www-authenticate", b'Bearer realm="pinterest-ads-mcp"')]})
                await send({"type": "http.response.body",
                            "body": b'{"error":"missing or wrong bearer token"}'})
                return
        await self.app(scope, receive, send)


def security_settings(host: str, port: int, extra_hosts: list[str]) -> TransportSecuritySettings:
    """Accept only Host/Origin headers naming this server, so a web page cannot rebind a DNS name
    to our loopback port and drive the tools."""
    hosts = {f"{host}:{port}", f"{host}:*", "127.0.0.1:*", "localhost:*", "[::1]:*", *extra_hosts}
    origins = {f"http://{h}" for h in hosts} | {f"https://{h}" for h in hosts}
    return TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=sorted(hosts),
                                     allowed_origins=sorted(origins))


def http_app(server: MCPServer, *, transport: Literal["sse", "streamable-http"], host: str, port: int,
             token: str | None, allowed_hosts: list[str] | None = None, stateless: bool = False,
             readiness: Readiness | None = None) -> ASGIApp:
    """The ASGI app. ``stateless``: streamable HTTP without sessions (any replica can answer any
    request; the server cannot call back the client, so confirmations use ids)."""
    security = security_settings(host, port, allowed_hosts or [])
    if transport == "sse":
        app: ASGIApp = server.sse_app(transport_security=security, host=host)
    else:
        app = server.streamable_http_app(transport_security=security, host=host, stateless_http=stateless)
    return Ops(BearerGate(app, token) if token else app, readiness)


async def run_http(server: MCPServer, *, transport: Literal["sse", "streamable-http"], host: str, port: int,
                   token: str | None, allowed_hosts: list[str] | None = None, stateless: bool = False,
                   readiness: Readiness | None = None) -> None:
    app = http_app(server, transport=transport, host=host, port=port, token=token, allowed_hosts=allowed_hosts,
                   stateless=stateless, readiness=readiness)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", log_config=None)
    await uvicorn.Server(config).serve()
