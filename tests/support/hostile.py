"""A hostile upstream: a Pinterest look-alike (Starlette ASGI app) that attacks the client.

It echoes every credential it sees (the Authorization header, the Basic app credentials and the
posted refresh form) back in results, error messages, per-item exceptions, report answers and the
``x-pinterest-rid`` header; it rotates tokens on refresh (so the echo carries tokens the server
only learnt mid-run); it points finished reports at loopback, at foreign hosts, at redirects and
at huge bodies; and it serves bookmarks that repeat or never end. Served in-process (httpx2
``ASGITransport``) under Pinterest's own base URL, so the client's host rules see real hostnames.

Every request it received is in ``log`` (method, host, path), for asserting what was (not) fetched.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

ACCOUNT = "549755885175"
CAMPAIGN = "626736533506"
REPORT_HOST = "advertising-delivery-metric-reports.s3.amazonaws.com"


@dataclass
class Seen:
    method: str
    host: str
    path: str


@dataclass
class Hostile:
    """What the double does; tests flip these between calls."""

    expired_tokens: set[str] = field(default_factory=set)  # access tokens answered with 401 (then refresh)
    rotate_to: tuple[str, str] | None = None  # (access, refresh) handed out by /oauth/token
    report_url: str = f"https://{REPORT_HOST}/reports/echo.json"
    huge_bytes: int = 0  # size of /reports/huge.json (streamed); 0 = endless
    declared_length: int | None = None  # Content-Length claimed by /reports/huge.json
    campaigns: str = "echo"  # echo | repeat | endless | error | redirect
    log: list[Seen] = field(default_factory=list)
    echoes: list[str] = field(default_factory=list)  # every credential string seen so far

    # -- what it echoes ---------------------------------------------------------------------
    def remember(self, request: Request, form: str | None = None) -> None:
        self.log.append(Seen(request.method, request.url.hostname or "", request.url.path))
        auth = request.headers.get("authorization")
        if auth and auth not in self.echoes:
            self.echoes.append(auth)
        if form:  # the posted form as sent (urlencoded) and decoded
            decoded = "&".join(f"{k}={v}" for k, vs in parse_qs(form).items() for v in vs)
            self.echoes += [f"form: {form}", f"decoded form: {decoded}"]

    def echo(self) -> str:
        return " | ".join(self.echoes)

    def headers(self) -> dict[str, str]:
        return {"x-pinterest-rid": f"rid {self.echo()}"[:4000]}

    def error(self, status: int, what: str) -> JSONResponse:
        return JSONResponse({"code": 1, "message": f"{what}; you sent {self.echo()}"}, status_code=status,
                            headers=self.headers())

    def ok(self, body: Any) -> JSONResponse:
        return JSONResponse(body, headers=self.headers())


def create_hostile_app(state: Hostile | None = None) -> Starlette:
    hostile = state or Hostile()
    bookmarks = itertools.count(1)

    async def gate(request: Request) -> Response | None:
        hostile.remember(request)
        auth = request.headers.get("authorization", "")
        if auth.removeprefix("Bearer ") in hostile.expired_tokens:
            return hostile.error(401, "Authentication failed")
        return None

    async def token(request: Request) -> Response:
        hostile.remember(request, (await request.body()).decode())
        if hostile.rotate_to is None:
            return hostile.error(400, "refresh refused")
        access, refresh = hostile.rotate_to
        return JSONResponse({"access_token": access, "refresh_token": refresh, "token_type": "bearer",
                             "expires_in": 2592000, "scope": "ads:read,ads:write"}, headers=hostile.headers())

    def account() -> dict[str, Any]:
        return {"id": ACCOUNT, "name": f"Shop {hostile.echo()}", "currency": "USD", "country": "US",
                "owner": {"username": "shop"}, "permissions": ["OWNER"]}

    async def ad_accounts(request: Request) -> Response:
        return await gate(request) or hostile.ok({"items": [account()], "bookmark": None})

    async def ad_account(request: Request) -> Response:
        return await gate(request) or hostile.ok(account())

    def campaign() -> dict[str, Any]:
        return {"id": CAMPAIGN, "ad_account_id": ACCOUNT, "name": f"Spring {hostile.echo()}", "status": "ACTIVE",
                "objective_type": "AWARENESS", "daily_spend_cap": 5_000_000, "created_time": 1_700_000_000,
                "updated_time": 1_700_000_000, "type": "campaign"}

    async def campaigns(request: Request) -> Response:
        refused = await gate(request)
        if refused:
            return refused
        if request.method == "PATCH":
            items = await request.json()
            return hostile.ok({"items": [{"data": None, "exceptions": [
                {"code": 2, "message": f"cannot update {item.get('id')}: {hostile.echo()}"}]} for item in items]})
        mode = hostile.campaigns
        if mode == "redirect":  # to a host that would get the bearer token if the client followed
            return Response(status_code=307, headers={"location": "http://127.0.0.1:9/v5/ad_accounts"})
        if mode == "error":
            return hostile.error(400, "Invalid parameters")
        if mode == "repeat":
            return hostile.ok({"items": [campaign()], "bookmark": "same-bookmark"})
        if mode == "endless":
            return hostile.ok({"items": [campaign()], "bookmark": f"page-{next(bookmarks)}"})
        return hostile.ok({"items": [campaign()], "bookmark": None})

    async def labels(request: Request) -> Response:
        refused = await gate(request)
        if refused:
            return refused
        if request.method == "GET":
            return hostile.ok({"items": [], "bookmark": None})
        body = await request.json()
        return hostile.ok({"labels": [], "errors": [
            {"data": {"parent_id": body.get("parent_id")}, "error_messages": [f"label refused: {hostile.echo()}"]}]})

    async def reports(request: Request) -> Response:
        refused = await gate(request)
        if refused:
            return refused
        if request.method == "POST":
            return hostile.ok({"token": "report-1", "report_status": "IN_PROGRESS"})
        return hostile.ok({"report_status": "FINISHED", "url": hostile.report_url, "size": 10})

    async def download(request: Request) -> Response:
        hostile.remember(request)
        name = request.path_params["name"]
        if name == "redirect.json":
            return Response(status_code=302, headers={"location": "http://127.0.0.1:9/steal"})
        if name == "huge.json":
            chunk = b"[" + b" " * 65_535

            async def body():
                sent = 0
                while not hostile.huge_bytes or sent < hostile.huge_bytes:
                    yield chunk
                    sent += len(chunk)

            headers = {"content-length": str(hostile.declared_length)} if hostile.declared_length else {}
            return StreamingResponse(body(), media_type="application/json", headers=headers)
        rows = {ACCOUNT: [{"DATE": "2026-01-01", "AD_ACCOUNT_ID": ACCOUNT, "SPEND_IN_DOLLAR": 1.0,
                           "IMPRESSION_1": 10, "NOTE": f"report {hostile.echo()}"}]}
        return hostile.ok(rows)

    async def anything(request: Request) -> Response:
        return await gate(request) or hostile.error(404, f"no route {request.url.path}")

    routes = [
        Route("/v5/oauth/token", token, methods=["POST"]),
        Route("/v5/ad_accounts", ad_accounts),
        Route("/v5/ad_accounts/{account}", ad_account),
        Route("/v5/ad_accounts/{account}/campaigns", campaigns, methods=["GET", "PATCH", "POST"]),
        Route("/v5/ad_accounts/{account}/labels", labels, methods=["GET", "POST"]),
        Route("/v5/ad_accounts/{account}/reports", reports, methods=["GET", "POST"]),
        Route("/reports/{name}", download),
        Route("/{rest:path}", anything, methods=["GET", "POST", "PATCH", "DELETE"]),
    ]
    app = Starlette(routes=routes)
    app.state.hostile = hostile
    return app
