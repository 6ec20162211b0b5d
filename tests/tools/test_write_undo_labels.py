"""undo_action on apply_label / remove_label, through MCP against the emulator: the exact label set
comes back (only the pairs the action changed are touched), a conflict is refused with nothing sent,
and the action log marks label changes undoable. The apply-and-undo round also runs on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pinterest_ads_mcp.emulator import seed
from tests.guards.harness import ACCOUNT, Bench
from tests.support.postgres import fresh_schema
from tests.tools.write_support import call

AWARENESS, VIDEO, TRAFFIC = seed.AWARENESS_CAMPAIGN_ID, seed.VIDEO_CAMPAIGN_ID, seed.TRAFFIC_CAMPAIGN_ID


def label_set(bench: Bench) -> set[tuple[str, str, str]]:
    """(label id, value, campaign) of every label ACTIVE on a campaign, as the emulator holds them."""
    return {(lid, lab["value"], cid) for lid, lab in bench.emulator.store.labels.items() if lab["status"] == "ACTIVE"
            for cid, status in lab["applied"].items() if status == "ACTIVE"}


@pytest.fixture(params=["sqlite", "postgres"])
def any_bench(request: pytest.FixtureRequest, tmp_path, contract) -> Iterator[Bench]:
    if request.param == "sqlite":
        b = Bench(tmp_path / "state", contract)
        yield b
    else:
        with fresh_schema() as url:
            b = Bench(tmp_path / "state", contract, database_url=url)
            yield b
    assert b.violations() == [], "\n".join(b.violations())


async def test_apply_then_undo_restores_the_exact_label_set(any_bench):
    bench = any_bench
    server = bench.server()
    before = label_set(bench)
    # AWARENESS already carries "Spring 2025": the apply leaves it, so the undo must leave it too.
    applied = (await call(server, "apply_label", {"ad_account_id": ACCOUNT, "label": "Spring 2025",
                                                  "campaign_ids": [AWARENESS, VIDEO, TRAFFIC]})).structured_content
    assert applied["succeeded"] == 3 and label_set(bench) == before | {
        (seed.CUSTOM_LABEL_ID, "Spring 2025", VIDEO), (seed.CUSTOM_LABEL_ID, "Spring 2025", TRAFFIC)}
    fresh = (await call(server, "apply_label", {"ad_account_id": ACCOUNT, "label": "Summer push",
                                                "campaign_ids": [VIDEO]})).structured_content
    assert fresh["created"] is True
    log = (await call(server, "get_action_log", {"limit": 50})).structured_content["entries"]
    result = [e for e in log if e["action_ref"] == applied["action_ref"] and e["event"] == "result"]
    assert len(result) == 1 and result[0]["tool"] == "apply_label" and result[0]["undoable"] is True
    assert result[0]["detail"]["put_on"] == {seed.CUSTOM_LABEL_ID: [VIDEO, TRAFFIC]}  # not AWARENESS
    writes = len(bench.writes())
    undone = (await call(server, "undo_action", {"action_ref": applied["action_ref"]})).structured_content
    assert undone["status"] == "done" and undone["spend_affecting"] is False, undone
    assert len(bench.writes()) == writes + 1  # one remove request for both campaigns
    undone = (await call(server, "undo_action", {"action_ref": fresh["action_ref"]})).structured_content
    assert undone["status"] == "done", undone
    assert label_set(bench) == before


async def test_remove_then_undo_puts_the_same_labels_back(bench):
    server = bench.server()
    before = label_set(bench)
    # TRAFFIC does not carry the brand label: nothing is taken off it, so nothing is put back on it.
    removed = (await call(server, "remove_label", {"ad_account_id": ACCOUNT, "label": "demo home & garden",
                                                   "campaign_ids": [AWARENESS, VIDEO, TRAFFIC]})).structured_content
    assert removed["succeeded"] == 2 and (seed.BRAND_LABEL_ID, "Demo Home & Garden", VIDEO) not in label_set(bench)
    undone = (await call(server, "undo_action", {"action_ref": removed["action_ref"]})).structured_content
    assert undone["status"] == "done" and undone["spend_affecting"] is False, undone
    assert "campaign 626735565840: put label 'Demo Home & Garden' back on" in undone["summary"]["will_exist"]
    assert label_set(bench) == before
    # The undo is an action too: undoing it takes the labels off again.
    again = (await call(server, "undo_action", {"action_ref": undone["action_ref"]})).structured_content
    assert again["status"] == "done", again
    assert label_set(bench) == before - {(seed.BRAND_LABEL_ID, "Demo Home & Garden", AWARENESS),
                                         (seed.BRAND_LABEL_ID, "Demo Home & Garden", VIDEO)}


@pytest.mark.parametrize("meanwhile", ["taken_off", "other_brand", "campaign_gone"])
async def test_a_label_changed_since_is_a_conflict_and_nothing_is_sent(bench, meanwhile):
    server = bench.server()
    args: dict[str, Any] = {"ad_account_id": ACCOUNT}
    if meanwhile == "taken_off":
        ref = (await call(server, "apply_label", {**args, "label": "Trial", "campaign_ids": [VIDEO, TRAFFIC]})
               ).structured_content["action_ref"]
        await call(server, "remove_label", {**args, "label": "Trial", "campaign_ids": [TRAFFIC]})
        said = f"label 'Trial' is no longer on campaign {TRAFFIC}"
    elif meanwhile == "other_brand":
        ref = (await call(server, "remove_label", {**args, "label": "Demo Home & Garden", "campaign_ids": [VIDEO]})
               ).structured_content["action_ref"]
        await call(server, "apply_label", {**args, "label": "Other brand", "label_type": "BRAND",
                                           "campaign_ids": [VIDEO]})
        said = f"campaign {VIDEO} now carries BRAND label(s) 'Other brand'"
    else:
        ref = (await call(server, "apply_label", {**args, "label": "Trial", "campaign_ids": [TRAFFIC]})
               ).structured_content["action_ref"]
        del bench.emulator.store.campaigns[TRAFFIC]
        said = f"campaign {TRAFFIC} no longer exists"
    labels, writes = label_set(bench), len(bench.writes())
    out = await call(server, "undo_action", {"action_ref": ref})
    assert out.is_error and said in out.content[0].text, out.content[0].text
    assert "Nothing was sent" in out.content[0].text
    assert len(bench.writes()) == writes and label_set(bench) == labels
