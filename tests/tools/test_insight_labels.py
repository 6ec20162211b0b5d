"""Label tools against the emulator: outcomes per campaign, BRAND/CUSTOM limits, chunking at 250."""

from __future__ import annotations

import pytest

from pinterest_ads_mcp.emulator.seed import (
    ARCHIVED_CAMPAIGN_ID,
    AWARENESS_CAMPAIGN_ID,
    BRAND_LABEL_ID,
    DEMO_ACCOUNT_ID,
    TRAFFIC_CAMPAIGN_ID,
    VIDEO_CAMPAIGN_ID,
)
from tests.tools.insight_support import Rig, call, error_text, ok


@pytest.fixture
def rig(contract, tmp_path):
    made = Rig(contract, tmp_path)
    yield made
    made.assert_contract()


def writes(rig):
    return [r for r in rig.emulator.writes()]


async def labels(rig):
    return ok(await call(rig, "list_labels", {"ad_account_id": DEMO_ACCOUNT_ID}))["labels"]


async def test_list_labels_shows_seeded_labels_with_campaigns(rig):
    found = {lab["id"]: lab for lab in await labels(rig)}
    assert BRAND_LABEL_ID in found and found[BRAND_LABEL_ID]["label_type"] == "BRAND"
    assert AWARENESS_CAMPAIGN_ID in found[BRAND_LABEL_ID]["campaign_ids"]


async def test_apply_creates_label_and_reports_each_campaign(rig):
    rig.emulator.reset_log()
    data = ok(
        await call(
            rig,
            "apply_label",
            {
                "ad_account_id": DEMO_ACCOUNT_ID,
                "label": "Summer push",
                "campaign_ids": [AWARENESS_CAMPAIGN_ID, TRAFFIC_CAMPAIGN_ID, "999999999"],
            },
        )
    )
    assert data["created"] is True and data["label_type"] == "CUSTOM"
    by_id = {o["campaign_id"]: o for o in data["outcomes"]}
    assert (
        by_id[AWARENESS_CAMPAIGN_ID]["status"] == "ACTIVE"
        and by_id[TRAFFIC_CAMPAIGN_ID]["status"] == "ACTIVE"
    )
    assert by_id["999999999"]["status"] == "NULL" and "does not exist" in by_id["999999999"]["message"]
    assert data["succeeded"] == 2 and data["failed"] == 1
    assert len(writes(rig)) == data["api_calls"] == 2  # create on the first campaign + one apply
    listed = ok(await call(rig, "list_campaigns", {"ad_account_id": DEMO_ACCOUNT_ID, "label": "summer push"}))
    assert {c["id"] for c in listed["campaigns"]} == {AWARENESS_CAMPAIGN_ID, TRAFFIC_CAMPAIGN_ID}


async def test_251_campaigns_take_two_apply_calls(rig):
    ok(
        await call(
            rig,
            "apply_label",
            {"ad_account_id": DEMO_ACCOUNT_ID, "label": "Bulk", "campaign_ids": [TRAFFIC_CAMPAIGN_ID]},
        )
    )
    ids = rig.add_campaigns(251)
    rig.emulator.reset_log()
    data = ok(
        await call(
            rig, "apply_label", {"ad_account_id": DEMO_ACCOUNT_ID, "label": "Bulk", "campaign_ids": ids}
        )
    )
    applies = [r for r in writes(rig) if r.path.endswith("/apply")]
    assert [len(r.body["entity_ids"]) for r in applies] == [250, 1] and len(writes(rig)) == 2
    assert data["created"] is False and data["succeeded"] == 251 and data["api_calls"] == 2


async def test_new_label_on_251_campaigns_is_one_create_and_two_applies_at_most(rig):
    ids = rig.add_campaigns(251)
    rig.emulator.reset_log()
    data = ok(
        await call(
            rig,
            "apply_label",
            {"ad_account_id": DEMO_ACCOUNT_ID, "label": "Fresh", "campaign_ids": ids, "label_type": "CUSTOM"},
        )
    )
    creates = [r for r in writes(rig) if r.path.endswith("/labels")]
    applies = [r for r in writes(rig) if r.path.endswith("/apply")]
    assert len(creates) == 1 and [len(r.body["entity_ids"]) for r in applies] == [
        250
    ]  # create covers the first
    assert data["created"] is True and data["succeeded"] == 251
    rig.emulator.reset_log()
    again = ok(
        await call(
            rig, "apply_label", {"ad_account_id": DEMO_ACCOUNT_ID, "label": "Fresh", "campaign_ids": ids}
        )
    )
    assert writes(rig) == [] and again["succeeded"] == 251  # already labelled: nothing sent


async def test_second_brand_label_refused_before_sending(rig):
    rig.emulator.reset_log()
    result = await call(
        rig,
        "apply_label",
        {
            "ad_account_id": DEMO_ACCOUNT_ID,
            "label": "Other Brand",
            "label_type": "BRAND",
            "campaign_ids": [AWARENESS_CAMPAIGN_ID],
        },
    )
    text = error_text(result)
    assert (
        result.is_error and "BRAND" in text and AWARENESS_CAMPAIGN_ID in text and "Demo Home & Garden" in text
    )
    assert writes(rig) == []


async def test_thirty_custom_labels_is_the_limit(rig):
    for i in range(30):
        ok(
            await call(
                rig,
                "apply_label",
                {
                    "ad_account_id": DEMO_ACCOUNT_ID,
                    "label": f"tag {i}",
                    "campaign_ids": [TRAFFIC_CAMPAIGN_ID],
                },
            )
        )
    rig.emulator.reset_log()
    result = await call(
        rig,
        "apply_label",
        {"ad_account_id": DEMO_ACCOUNT_ID, "label": "one too many", "campaign_ids": [TRAFFIC_CAMPAIGN_ID]},
    )
    assert result.is_error and "30 CUSTOM" in error_text(result) and TRAFFIC_CAMPAIGN_ID in error_text(result)
    assert writes(rig) == []


async def test_remove_then_reapply(rig):
    ok(
        await call(
            rig,
            "apply_label",
            {
                "ad_account_id": DEMO_ACCOUNT_ID,
                "label": "Trial",
                "campaign_ids": [VIDEO_CAMPAIGN_ID, TRAFFIC_CAMPAIGN_ID],
            },
        )
    )
    removed = ok(
        await call(
            rig,
            "remove_label",
            {
                "ad_account_id": DEMO_ACCOUNT_ID,
                "label": "trial",
                "campaign_ids": [VIDEO_CAMPAIGN_ID, ARCHIVED_CAMPAIGN_ID],
            },
        )
    )
    by_id = {o["campaign_id"]: o for o in removed["outcomes"]}
    assert by_id[VIDEO_CAMPAIGN_ID]["status"] == "ARCHIVED"
    assert (
        by_id[ARCHIVED_CAMPAIGN_ID]["status"] == "NULL"
        and "does not carry" in by_id[ARCHIVED_CAMPAIGN_ID]["message"]
    )
    again = ok(
        await call(
            rig,
            "apply_label",
            {"ad_account_id": DEMO_ACCOUNT_ID, "label": "Trial", "campaign_ids": [VIDEO_CAMPAIGN_ID]},
        )
    )
    assert again["outcomes"][0]["status"] == "ACTIVE"
    listed = {lab["value"]: lab for lab in await labels(rig)}
    assert set(listed["Trial"]["campaign_ids"]) == {VIDEO_CAMPAIGN_ID, TRAFFIC_CAMPAIGN_ID}


async def test_remove_unknown_label_names_it(rig):
    result = await call(
        rig,
        "remove_label",
        {"ad_account_id": DEMO_ACCOUNT_ID, "label": "nope", "campaign_ids": [VIDEO_CAMPAIGN_ID]},
    )
    assert result.is_error and "label" in error_text(result) and "'nope'" in error_text(result)


async def test_label_tool_annotations(rig):
    from mcp import Client

    async with Client(rig.server) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert tools["list_labels"].annotations.read_only_hint is True
    assert tools["apply_label"].annotations.read_only_hint is False
    assert tools["apply_label"].annotations.destructive_hint is False
    assert tools["remove_label"].annotations.destructive_hint is True


async def test_label_writes_are_in_the_action_log(rig):
    ok(await call(rig, "apply_label", {"ad_account_id": DEMO_ACCOUNT_ID, "label": "Audit me",
                                       "campaign_ids": [AWARENESS_CAMPAIGN_ID]}))
    log = ok(await call(rig, "get_action_log", {"limit": 20}))
    assert "Audit me" in str(log) and "apply_label" in str(log)
