"""A hostile upstream's cost: peak memory of downloading a 200 MB report, and the requests an endless
bookmark gets, against the real client over loopback HTTP.

Each case runs in a fresh interpreter (peak RSS is per process): a tiny asyncio HTTP server on a
loopback port streams the report (chunked, no Content-Length) or answers every page with a new
bookmark, and ``PinterestClient`` is pointed at it as its base URL.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from .common import REPO, Row

REPORT_MB = 200

_CHILD = r"""
import asyncio, json, resource, sys, time
sys.path.insert(0, {repo!r})
from pinterest_ads_mcp.pinterest.auth import Credentials
from pinterest_ads_mcp.pinterest.client import PinterestClient
from pinterest_ads_mcp.pinterest.errors import PinterestError
from pinterest_ads_mcp.pinterest.ratelimit import RateBudgets

CASE, MB = sys.argv[1], {mb}
pages = 0

async def handle(reader, writer):
    global pages
    head = await reader.readuntil(b"\r\n\r\n")
    if b"/report" in head.split(b"\r\n")[0]:
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
        chunk = b"[" + b" " * (1024 * 1024 - 1)
        try:
            for _ in range(MB):
                writer.write(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                await writer.drain()
            writer.write(b"1\r\n]\r\n0\r\n\r\n")
            await writer.drain()
        except (ConnectionError, OSError):
            pass
    else:
        pages += 1
        body = json.dumps({{"items": [{{"id": str(pages)}}], "bookmark": f"b{{pages}}"}}).encode()
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(body)
                     + body)
        await writer.drain()
    writer.close()

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{{port}}/v5"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    budgets = RateBudgets(per_minute={{"ads_read": 10**6}}, per_second=10**6)
    outcome = "ok"
    async with PinterestClient(base, Credentials(access_token="bench-token"), budgets=budgets) as client:
        try:
            if CASE == "report":
                await client.download(f"http://127.0.0.1:{{port}}/report.json")
            else:
                await client.paginate("/ad_accounts", category="ads_read")
        except PinterestError as exc:
            outcome = "refused: " + str(exc)[:70]
    print(json.dumps({{"before_mb": before / 1024, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                       "seconds": time.perf_counter() - started, "pages": pages, "outcome": outcome}}))
    server.close()

asyncio.run(main())
"""


def _case(case: str) -> dict:
    code = _CHILD.format(repo=str(REPO), mb=REPORT_MB)
    out = subprocess.run([sys.executable, "-c", code, case], capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _redaction_ms(echo: bool, rounds: int = 200) -> float:
    """Time to redact one parsed 250-campaign answer (clean, or with one echoed token)."""
    from pinterest_ads_mcp.pinterest.redact import REDACTOR

    token = "bench-echoed-access-token-3f9a1c"
    REDACTOR.add(token)
    items = [{"id": str(626736533506 + i), "ad_account_id": "549755885175", "name": f"Campaign {i}",
              "status": "ACTIVE", "objective_type": "AWARENESS", "daily_spend_cap": 5_000_000,
              "targeting_spec": {"GEO": ["US"], "AGE_BUCKET": ["25-34"]}} for i in range(250)]
    page = {"items": items, "bookmark": f"echo {token}" if echo else "next"}
    raw = json.dumps(page)
    started = time.perf_counter()
    for _ in range(rounds):
        REDACTOR.scrub_answer(raw, json.loads(raw))
    parse = time.perf_counter()
    for _ in range(rounds):
        json.loads(raw)
    return ((parse - started) - (time.perf_counter() - parse)) / rounds * 1000


async def run() -> list[Row]:
    report = _case("report")
    pages = _case("pages")
    return [
        Row("hostile upstream", "redaction, 250-row page", f"{_redaction_ms(False):.2f} ms",
            f"clean answer; {_redaction_ms(True):.1f} ms when one string echoes a token (beyond json.loads)"),
        Row("hostile upstream", f"{REPORT_MB} MB report: peak RSS", f"{report['peak_mb']:.0f} MB",
            f"from {report['before_mb']:.0f} MB; {report['outcome']}"),
        Row("hostile upstream", "endless bookmark: requests", str(pages["pages"]),
            f"{pages['seconds']:.1f} s; {pages['outcome']}"),
    ]
