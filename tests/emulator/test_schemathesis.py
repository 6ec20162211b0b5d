"""A property-based run of schemathesis against the standalone emulator (a real loopback server).

Every operation the emulator serves is generated from the official spec: valid requests (schema
examples and fuzzing) must never get a 5xx, and requests the spec forbids must be refused (4xx), as
Pinterest refuses them. Bounded (a few examples per operation) and seeded so the run is the same
every time. Non-UTF-8 bodies are checked on every write route separately, without schemathesis.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest
from starlette.routing import Match, Route

from pinterest_ads_mcp.emulator.app import api_routes
from pinterest_ads_mcp.emulator.seed import BRAND_LABEL_ID, DEMO_ACCOUNT_ID
from tests.emulator.core_helpers import assert_valid, make_app, make_client
from tests.support.openapi import spec_path

SEED = 20261130
EXAMPLES = 5
WRITE_ROUTES = [
    ("POST", f"/ad_accounts/{DEMO_ACCOUNT_ID}/{kind}") for kind in ("campaigns", "ad_groups", "ads", "keywords", "labels")
] + [
    ("PATCH", f"/ad_accounts/{DEMO_ACCOUNT_ID}/{kind}") for kind in ("campaigns", "ad_groups", "ads", "keywords", "labels")
] + [
    ("POST", f"/ad_accounts/{DEMO_ACCOUNT_ID}/reports"),
    ("POST", f"/ad_accounts/{DEMO_ACCOUNT_ID}/ad_groups/audience_sizing"),
    ("POST", f"/ad_accounts/{DEMO_ACCOUNT_ID}/labels/{BRAND_LABEL_ID}/apply"),
    ("POST", f"/ad_accounts/{DEMO_ACCOUNT_ID}/labels/{BRAND_LABEL_ID}/remove"),
]
NOT_UTF8 = b'\xff\xfe[{"name": "caf\xe9"}]'


@pytest.mark.parametrize(("method", "path"), WRITE_ROUTES)
async def test_a_body_that_is_not_utf8_is_a_400_in_pinterests_shape(method, path, contract):
    async with make_client(make_app()) as client:
        response = await client.request(method, path, content=NOT_UTF8, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) == {"code", "message"} and "UTF-8" in body["message"]
    if "/labels/" not in path:  # apply/remove are the labels guide's routes, not in the spec
        assert_valid(contract, response)


def served_operation_ids(spec: dict) -> list[str]:
    """The spec's operations the emulator has a route for."""
    routes = [r for r in api_routes() if isinstance(r, Route)]
    found = []
    for path, item in spec["paths"].items():
        sample = re.sub(r"\{[^}]+\}", "1234567", path)
        for method, op in item.items():
            if method not in ("get", "post", "patch", "put", "delete"):
                continue
            scope = {"type": "http", "path": sample, "method": method.upper(), "root_path": ""}
            if any(route.matches(scope)[0] == Match.FULL for route in routes):
                found.append(op["operationId"])
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def standalone_emulator():
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pinterest_ads_mcp", "emulator", "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/v5"
    try:
        for _ in range(200):
            try:
                if httpx2.get(f"{base}/user_account", headers={"Authorization": "Bearer x"}).status_code == 200:
                    break
            except httpx2.HTTPError:
                time.sleep(0.05)
        else:
            pytest.fail("the standalone emulator did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_accepted_invalid_request(standalone_emulator, tmp_path):
    pytest.importorskip("schemathesis")
    spec = spec_path()
    if spec is None:
        pytest.skip("the Pinterest spec is not available")
    cli = Path(sys.executable).with_name("schemathesis")
    command = [str(cli)] if cli.exists() else [shutil.which("schemathesis") or "schemathesis"]
    operations = served_operation_ids(json.loads(Path(spec).read_text()))
    assert len(operations) >= 30
    started = time.perf_counter()
    run = subprocess.run(
        [*command, "run", str(spec), "--url", standalone_emulator, "-H", "Authorization: Bearer schemathesis",
         "--include-operation-id-regex", "^(" + "|".join(map(re.escape, operations)) + ")$",
         "--phases", "examples,fuzzing", "-n", str(EXAMPLES), "--seed", str(SEED), "--no-shrink",
         "--checks", "not_a_server_error,negative_data_rejection", "--continue-on-failure",
         "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"},
    )
    elapsed = time.perf_counter() - started
    summary = re.search(r"(\d+) generated, (.*)", run.stdout)
    print(f"schemathesis: {len(operations)} operations, seed {SEED}, {EXAMPLES} examples each: "
          f"{summary.group(0) if summary else '?'} in {elapsed:.1f} s")
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert summary is not None and "failure" not in summary.group(2), summary.group(0)
