"""A lost answer on a create never makes someone else's entity ours.

An entity counts as created by a plan only when it did not exist just before the write was sent
and equals everything the write sent; otherwise the step is ``unknown``, nothing is activated and
nothing the plan did not provably create is archived. Asserted at the emulator.
"""

from __future__ import annotations

import pytest

from tests.guards.harness import ACCOUNT, Bench, call, launch_args, text

CREATES = {0: "create_campaign", 1: "create_ad_group", 2: "create_ads_1"}





async def paused_draft(bench: Bench, amount: str = "50") -> dict[str, str]:
    """A PAUSED draft launch named like the next one (drafts need no confirmation)."""
    made = await call(bench.server(), "create_campaign", launch_args(1, amount=amount, activate=False))
    assert made.structured_content["status"] == "done", text(made)
    return made.structured_content["created"]


def entities(bench: Bench) -> dict[str, dict]:
    store = bench.emulator.store
    return {i: dict(e) for table in (store.campaigns, store.ad_groups, store.ads) for i, e in table.items()}


@pytest.mark.parametrize("kind", ["drop", "status", "timeout"])
@pytest.mark.parametrize("at", [0, 1, 2])
async def test_lost_answer_never_adopts_a_same_named_draft(bench, kind, at):
    draft = await paused_draft(bench)
    before = entities(bench)
    bench.meddler.arm(at, kind)
    result = await call(bench.server(), "create_campaign", launch_args(1, amount="5"), elicit="accept")
    out = result.structured_content
    assert out["status"] == "failed", text(result)
    step = next(s for s in out["steps"] if s["step"] == CREATES[at])
    assert step["status"] == "unknown" and not step["ids"]
    assert not set(out["created"].values()) & set(before)  # nothing that existed before is "ours"
    after = entities(bench)
    for entity_id, old in before.items():  # the draft is untouched: not activated, not archived, same budget
        assert after[entity_id] == old
    assert after[draft["campaign"]]["status"] == "PAUSED"
    assert not [i for i, e in after.items() if i not in before and e["status"] == "ACTIVE"]
    assert not any(w.method == "PATCH" and "ACTIVE" in str(w.body) for w in bench.writes())


@pytest.mark.parametrize("kind", ["drop_after", "status_after", "timeout_after"])
@pytest.mark.parametrize("at", [0, 1, 2])
async def test_lost_answer_adopts_only_what_the_write_provably_created(bench, kind, at):
    draft = await paused_draft(bench, amount="5")  # identical budget: only "new since the write" tells them apart
    bench.meddler.arm(at, kind)
    result = await call(bench.server(), "create_campaign", launch_args(1, amount="5"), elicit="accept")
    out = result.structured_content
    assert out["status"] == "done", text(result)
    assert not set(out["created"].values()) & set(draft.values())
    assert bench.entity("campaigns", draft["campaign"])["status"] == "PAUSED"
    assert bench.entity("campaigns", out["created"]["campaign"])["status"] == "ACTIVE"
    assert len([w for w in bench.writes() if w.method == "POST" and w.path.endswith("/campaigns")]) == 2


@pytest.mark.parametrize("at", [0, 1, 2])
async def test_identical_entity_made_by_someone_else_during_the_write_is_not_adopted(bench, at):
    before = entities(bench)
    bench.meddler.arm(at, "drop_after", twin_at=at)  # someone else sends the very same create just before ours
    result = await call(bench.server(), "create_campaign", launch_args(1, amount="5"), elicit="accept")
    out = result.structured_content
    assert out["status"] == "failed", text(result)
    assert next(s for s in out["steps"] if s["step"] == CREATES[at])["status"] == "unknown"
    after = entities(bench)
    new = {i: e for i, e in after.items() if i not in before}
    # nothing can deliver: no campaign became ACTIVE (children are created ACTIVE under a PAUSED campaign)
    assert not [i for i in bench.emulator.store.campaigns if i in new and new[i]["status"] == "ACTIVE"]
    if at:
        assert bench.entity("campaigns", out["created"]["campaign"])["status"] == "ARCHIVED"
    # both identical entities of the unknown step are left alone (neither is provably ours)
    unknown_kind = ("campaigns", "ad_groups", "ads")[at]
    twins = [i for i in getattr(bench.emulator.store, unknown_kind) if i in new]
    assert len(twins) == 2 and all(after[i]["status"] != "ARCHIVED" for i in twins)


async def test_rollback_archives_only_what_the_plan_provably_created(bench):
    draft = await paused_draft(bench)
    bench.meddler.arm(2, "drop")  # the ads create is lost: stop, archive the new campaign and ad group only
    result = await call(bench.server(), "create_campaign", launch_args(1, amount="5"), elicit="accept")
    out = result.structured_content
    assert out["status"] == "failed" and set(out["rolled_back"]) == {out["created"]["campaign"],
                                                                     out["created"]["ad_group"]}
    for entity_id in draft.values():
        kind = "campaigns" if entity_id == draft["campaign"] else ("ad_groups" if entity_id == draft["ad_group"]
                                                                    else "ads")
        assert bench.entity(kind, entity_id)["status"] == "PAUSED"
    assert all(bench.emulator.store.account_of(bench.entity("campaigns", i)) == ACCOUNT for i in out["rolled_back"][:1])


async def test_an_ad_group_someone_else_adds_under_the_new_campaign_stops_its_activation(bench):
    # Without a campaign budget (video views), another ACTIVE ad group under the new campaign would
    # spend its own budget once the campaign is switched on: the launch stops instead.
    bench.meddler.arm(None, None, twin_at=1)  # someone else creates the same ad group under our new campaign
    result = await call(bench.server(), "create_campaign", launch_args(0, objective="video views", amount="5"),
                        elicit="accept")
    out = result.structured_content
    assert out["status"] == "failed", text(result)
    step = next(s for s in out["steps"] if s["step"] == "activate_campaign")
    assert step["status"] == "failed" and "did not create" in step["errors"][0]
    assert bench.entity("campaigns", out["created"]["campaign"])["status"] == "ARCHIVED"
    assert not any(w.method == "PATCH" and "ACTIVE" in str(w.body) for w in bench.writes())
