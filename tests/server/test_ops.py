"""The operator endpoints: health, readiness (database included) and Prometheus metrics."""

from __future__ import annotations

from types import SimpleNamespace

import httpx2
import pytest

from pinterest_ads_mcp.server.app import build_server
from pinterest_ads_mcp.server.http import http_app
from pinterest_ads_mcp.server.ops import Readiness
from tests.support.postgres import fresh_schema


class FakeDatabase:
    def __init__(self, answers: bool) -> None:
        self.answers = answers

    def ping(self) -> bool:
        return self.answers


def app_with(readiness: Readiness, settings) -> httpx2.AsyncClient:
    app = http_app(build_server(settings), transport="streamable-http", host="127.0.0.1", port=8000,
                   token="t0ken", readiness=readiness)
    return httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://127.0.0.1:8000")


async def test_health_needs_no_token_and_readiness_follows_the_database(settings) -> None:
    readiness = Readiness()
    async with app_with(readiness, settings) as http:
        assert (await http.get("/healthz")).json() == {"status": "ok"}
        starting = await http.get("/readyz")
        assert (starting.status_code, starting.json()["server"]) == (503, "starting")
        readiness.attach(SimpleNamespace(extras={"database": None}))
        assert (await http.get("/readyz")).json() == {"ready": True, "server": "ok", "database": "sqlite"}
        readiness.attach(SimpleNamespace(extras={"database": FakeDatabase(False)}))
        down = await http.get("/readyz")
        assert (down.status_code, down.json()["database"]) == (503, "unreachable")


async def test_readiness_pings_a_real_postgresql(settings) -> None:
    from pinterest_ads_mcp.postgres.schema import Database

    with fresh_schema() as url:
        database = Database(url)
        try:
            readiness = Readiness()
            readiness.attach(SimpleNamespace(extras={"database": database}))
            assert await readiness.check() == (True, {"server": "ok", "database": "ok"})
        finally:
            database.close()


async def test_metrics_count_requests_by_route_and_status(settings) -> None:
    async with app_with(Readiness(), settings) as http:
        for _ in range(3):
            assert (await http.post("/mcp", json={})).status_code == 401  # no token
        await http.get("/some/client/chosen/path")
        text = (await http.get("/metrics")).text
    assert 'pinterest_ads_mcp_http_requests_total{method="POST",route="/mcp",status="401"} 3' in text
    assert 'pinterest_ads_mcp_http_requests_total{method="GET",route="other",status="401"} 1' in text
    assert 'pinterest_ads_mcp_http_request_duration_seconds_count{route="/mcp"} 3' in text
    assert 'pinterest_ads_mcp_http_request_duration_seconds_bucket{route="/mcp",le="+Inf"} 3' in text
    assert "/some/client" not in text


@pytest.mark.parametrize("value", ["ads_read=5,ads_write", "ads_read=x"])
def test_rate_limits_setting_names_what_it_expects(value, monkeypatch) -> None:
    from pydantic import ValidationError

    from pinterest_ads_mcp.server.settings import Settings

    monkeypatch.setenv("PINTEREST_ADS_RATE_LIMITS", value)
    with pytest.raises(ValidationError, match="ads_rate_limits"):
        Settings(_env_file=None)
