"""Labels as a real account answers them: `entities_labels` (spec 5.28), and the closed beta."""

from __future__ import annotations

from pinterest_ads_mcp.emulator.seed import DEMO_ACCOUNT_ID, TRAFFIC_CAMPAIGN_ID, VIDEO_CAMPAIGN_ID
from pinterest_ads_mcp.tools.labels import _outcomes

from .support import Rig, ok


async def test_apply_label_reads_entities_labels_as_pinterest_answers(contract, tmp_path):
    rig = Rig(contract, tmp_path)
    data = ok(await rig.call("apply_label", {"ad_account_id": DEMO_ACCOUNT_ID, "label": "Demo Home & Garden",
                                             "campaign_ids": [TRAFFIC_CAMPAIGN_ID]}))
    assert data["succeeded"] == 1 and data["failed"] == 0, data
    assert [o["status"] for o in data["outcomes"]] == ["ACTIVE"]
    removed = ok(await rig.call("remove_label", {"ad_account_id": DEMO_ACCOUNT_ID, "label": "Demo Home & Garden",
                                                 "campaign_ids": [TRAFFIC_CAMPAIGN_ID, VIDEO_CAMPAIGN_ID]}))
    assert removed["succeeded"] == 2, removed
    rig.check_contract()


def test_the_guides_results_form_is_still_read():
    answer = {"results": [{"entity_id": "1", "entity_type": "CAMPAIGN", "label_id": "9", "status": "ACTIVE"}],
              "errors": []}
    assert _outcomes(answer)["1"].status == "ACTIVE"
    both = {"entities_labels": [{"entity_id": "2", "status": "ACTIVE"}], "errors": []}
    assert set(_outcomes(both)) == {"2"}


async def test_an_account_outside_the_labels_beta_is_told_so_not_to_check_scopes(contract, tmp_path):
    from pinterest_ads_mcp.emulator.seed import SHARED_ACCOUNT_ID

    from .support import error_text

    rig = Rig(contract, tmp_path)
    for tool, args in (("list_labels", {}), ("apply_label", {"label": "Q3", "campaign_ids": ["626735565842"]}),
                       ("list_campaigns", {"label": "Q3"})):
        result = await rig.call(tool, {"ad_account_id": SHARED_ACCOUNT_ID, **args})
        text = error_text(result)
        assert result.is_error and "closed beta" in text and "The token needs the" not in text, text
    assert not rig.emulator.writes()
    rig.check_contract()
