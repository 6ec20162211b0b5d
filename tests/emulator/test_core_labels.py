"""Labels: the spec's create/list/update and the guide's apply/remove with per-campaign status."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from pinterest_ads_mcp.emulator.seed import (
    AWARENESS_CAMPAIGN_ID,
    BRAND_LABEL_ID,
    CONSIDERATION_CBO_CAMPAIGN_ID,
    CUSTOM_LABEL_ID,
    DEMO_ACCOUNT_ID,
    EUR_CAMPAIGN_ID,
    TRAFFIC_CAMPAIGN_ID,
    VIDEO_CAMPAIGN_ID,
)
from tests.emulator.core_helpers import assert_error, assert_valid, make_app, make_client

LABELS = f"/ad_accounts/{DEMO_ACCOUNT_ID}/labels"


@pytest.fixture
def app() -> Any:
    return make_app()


@pytest.fixture
async def api(app: Any, validating_transport: Any):
    async with make_client(app, transport=validating_transport(httpx2.ASGITransport(app=app))) as client:
        yield client


def pairs(body: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (label["id"], label["parent_id"], label["status"])
        for item in body["items"]
        for label in item["labels"]
    }


async def test_list_in_the_spec_shape_with_filters(api):
    body = (await api.get(LABELS)).json()
    assert body["bookmark"] is None and all(set(item) == {"labels", "errors"} for item in body["items"])
    assert (BRAND_LABEL_ID, VIDEO_CAMPAIGN_ID, "ACTIVE") in pairs(body)
    assert (CUSTOM_LABEL_ID, CONSIDERATION_CBO_CAMPAIGN_ID, "ACTIVE") in pairs(body)
    brand = (await api.get(LABELS, params={"label_types": "BRAND"})).json()
    assert {label_id for label_id, _, _ in pairs(brand)} == {BRAND_LABEL_ID}
    one = (await api.get(LABELS, params={"campaign_ids": CONSIDERATION_CBO_CAMPAIGN_ID})).json()
    assert pairs(one) == {(CUSTOM_LABEL_ID, CONSIDERATION_CBO_CAMPAIGN_ID, "ACTIVE")}
    paged = (await api.get(LABELS, params={"page_size": 1})).json()
    assert len(paged["items"]) == 1 and paged["bookmark"]


async def test_create_applies_to_the_parent_and_reuses_labels(api):
    body = (
        await api.post(
            LABELS,
            json={
                "parent_id": TRAFFIC_CAMPAIGN_ID,
                "labels": [
                    {"label_type": "CUSTOM", "value": "Evergreen"},
                    {"label_type": "CUSTOM", "value": "Spring 2025"},
                ],
            },
        )
    ).json()
    assert body["errors"] == []
    evergreen, spring = body["labels"]
    assert evergreen["parent_id"] == TRAFFIC_CAMPAIGN_ID and evergreen["status"] == "ACTIVE"
    assert spring["id"] == CUSTOM_LABEL_ID  # same value and type: the existing label is applied
    again = (
        await api.post(
            LABELS,
            json={
                "parent_id": f"C{VIDEO_CAMPAIGN_ID}",
                "labels": [{"label_type": "CUSTOM", "value": "Evergreen"}],
            },
        )
    ).json()
    assert (
        again["labels"][0]["id"] == evergreen["id"] and again["labels"][0]["parent_id"] == VIDEO_CAMPAIGN_ID
    )


async def test_one_brand_label_per_campaign(api):
    body = (
        await api.post(
            LABELS,
            json={
                "parent_id": AWARENESS_CAMPAIGN_ID,
                "labels": [{"label_type": "BRAND", "value": "Other brand"}],
            },
        )
    ).json()
    assert body["labels"] == [] and "one BRAND label" in body["errors"][0]["error_messages"][0]
    unknown = (
        await api.post(
            LABELS, json={"parent_id": "12345", "labels": [{"label_type": "CUSTOM", "value": "x"}]}
        )
    ).json()
    assert "does not exist" in unknown["errors"][0]["error_messages"][0]


async def test_thirty_custom_labels_per_campaign(api):
    labels = [{"label_type": "CUSTOM", "value": f"tag {i}"} for i in range(31)]
    body = (await api.post(LABELS, json={"parent_id": TRAFFIC_CAMPAIGN_ID, "labels": labels})).json()
    assert len(body["labels"]) == 30 and len(body["errors"]) == 1
    assert body["errors"][0]["data"]["value"] == "tag 30"


async def test_apply_and_remove_follow_the_guide(app):
    async with make_client(app) as client:
        applied = (
            await client.post(
                f"{LABELS}/{CUSTOM_LABEL_ID}/apply",
                json={"entity_ids": [TRAFFIC_CAMPAIGN_ID, AWARENESS_CAMPAIGN_ID, "999", EUR_CAMPAIGN_ID]},
            )
        ).json()
        assert [r["status"] for r in applied["entities_labels"]] == ["ACTIVE", "ACTIVE", "NULL", "NULL"]
        assert applied["entities_labels"][0] == {
            "entity_id": TRAFFIC_CAMPAIGN_ID,
            "entity_type": "CAMPAIGN",
            "label_id": CUSTOM_LABEL_ID,
            "status": "ACTIVE",
        }
        assert [e["data"]["entity_id"] for e in applied["errors"]] == ["999", EUR_CAMPAIGN_ID]
        assert applied["errors"][0]["error_messages"] == [
            "The provided campaign ID does not exist or is not accessible."
        ]

        removed = (
            await client.post(
                f"{LABELS}/{CUSTOM_LABEL_ID}/remove",
                json={"entity_ids": [TRAFFIC_CAMPAIGN_ID, VIDEO_CAMPAIGN_ID]},
            )
        ).json()
        assert [r["status"] for r in removed["entities_labels"]] == ["ARCHIVED", "NULL"]
        assert "not applied" in removed["errors"][0]["error_messages"][0]

        again = (
            await client.post(f"{LABELS}/{CUSTOM_LABEL_ID}/apply", json={"entity_ids": [TRAFFIC_CAMPAIGN_ID]})
        ).json()
        assert again == {
            "entities_labels": [
                {
                    "entity_id": TRAFFIC_CAMPAIGN_ID,
                    "entity_type": "CAMPAIGN",
                    "label_id": CUSTOM_LABEL_ID,
                    "status": "ARCHIVED",
                }
            ],
            "errors": [],
        }
        archived = (await client.get(LABELS, params={"entity_statuses": "ARCHIVED"})).json()
        assert pairs(archived) == {(CUSTOM_LABEL_ID, TRAFFIC_CAMPAIGN_ID, "ARCHIVED")}

        brand = (
            await client.post(f"{LABELS}/{BRAND_LABEL_ID}/apply", json={"entity_ids": [TRAFFIC_CAMPAIGN_ID]})
        ).json()
        assert brand["entities_labels"][0]["status"] == "ACTIVE"
    assert app.state.emulator.writes()


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"entity_ids": [str(i) for i in range(251)]}, ["250"]),
        ({"entity_ids": []}, ["between 1 and 250"]),
        ({"ids": ["1"]}, ["entity_ids"]),
        ({"entity_ids": [1]}, ["entity_ids[0]"]),
    ],
)
async def test_apply_body_limits(app, body, words):
    async with make_client(app) as client:
        for action in ("apply", "remove"):
            assert_error(await client.post(f"{LABELS}/{CUSTOM_LABEL_ID}/{action}", json=body), 400, *words)


async def test_unknown_label_is_404(app):
    async with make_client(app) as client:
        assert_error(await client.post(f"{LABELS}/42/apply", json={"entity_ids": ["1"]}), 404, "Label")


async def test_update_renames_and_archives(api):
    body = (
        await api.patch(
            LABELS,
            json={
                "labels": [
                    {"id": CUSTOM_LABEL_ID, "value": "Spring 2026"},
                    {"id": "31337", "status": "ARCHIVED"},
                ]
            },
        )
    ).json()
    assert (
        body["labels"][0]["value"] == "Spring 2026" and "not found" in body["errors"][0]["error_messages"][0]
    )
    await api.patch(LABELS, json={"labels": [{"id": BRAND_LABEL_ID, "status": "ARCHIVED"}]})
    active = (await api.get(LABELS)).json()
    assert {label_id for label_id, _, _ in pairs(active)} == {CUSTOM_LABEL_ID}


async def test_malformed_create_is_400(app, contract):
    async with make_client(app) as client:
        response = await client.post(LABELS, json={"parent_id": "x1", "labels": []})
        assert_error(response, 400, "parent_id")
        assert_valid(contract, response)
        assert_error(
            await client.post(
                LABELS, json={"parent_id": "1", "labels": [{"label_type": "TEAM", "value": "x"}]}
            ),
            400,
            "label_type",
        )
