"""The metric catalog agrees with the spec's column enums; unknown names are refused with the valid list."""

from __future__ import annotations

import pytest

from pinterest_ads_mcp.tools.support.analytics_fetch import ASYNC_ID_COLUMN
from pinterest_ads_mcp.tools.support.metrics_catalog import (
    BASE,
    DERIVED,
    SYNC_COLUMNS,
    RawMetric,
    columns_for,
    resolve_metrics,
)


def enum_of(contract, schema) -> set[str]:
    schema = contract.resolve_schema(schema)
    if "items" in schema:
        return enum_of(contract, schema["items"])
    return set(schema["enum"])


def test_sync_columns_are_the_specs(contract):
    param = contract.resolve("#/components/parameters/query_columns")
    assert enum_of(contract, param["schema"]) == SYNC_COLUMNS


def test_friendly_columns_exist_sync_and_async(contract):
    async_columns = set(contract.resolve("#/components/schemas/ReportingColumnAsync")["enum"])
    for metric in BASE.values():
        assert metric.column in SYNC_COLUMNS and metric.column in async_columns, metric.name
    assert set(ASYNC_ID_COLUMN.values()) <= async_columns
    for derived in DERIVED.values():
        assert set(derived.needs) <= set(BASE), derived.name


def test_resolution_aliases_raw_columns_and_errors():
    metrics = resolve_metrics(["Spend", "video views", "CTR", "total_engagement", "ctr"])
    assert [m.name for m in metrics] == ["spend", "video_views", "ctr", "TOTAL_ENGAGEMENT"]
    assert isinstance(metrics[-1], RawMetric) and metrics[-1].additive
    assert columns_for(resolve_metrics(["cpc"])) == ["SPEND_IN_MICRO_DOLLAR", "CLICKTHROUGH_1"]
    assert not RawMetric("CPC_IN_MICRO_DOLLAR").additive and RawMetric("SPEND_IN_MICRO_DOLLAR").money
    with pytest.raises(ValueError, match=r"metrics: unknown metric 'vibes'.*roas"):
        resolve_metrics(["vibes"])
