"""guards.enabled without a server: what each kind of change lets spend, as upper bounds."""

from __future__ import annotations

from pinterest_ads_mcp.guards.enabled import DAY_S, FLEXIBLE_WEEK_DAYS, enabled_spend
from pinterest_ads_mcp.guards.plan import Plan, Snapshot, Summary, Write, ref

M = 1_000_000
NOW = 1_800_000_000.0


def plan(*writes: Write, before: list[Snapshot] | None = None) -> Plan:
    return Plan(tool="t", ad_account_id="1", currency="USD", writes=list(writes), before=before or [],
                summary=Summary(action="t"))


def activate(entity: str, *ids: str) -> Write:
    return Write(key="a", op="update", entity=entity, items=[{"id": i, "status": "ACTIVE"} for i in ids])


CBO = Snapshot(entity="campaign", id="1", status="ACTIVE", is_campaign_budget_optimization=True,
               daily_spend_cap=50 * M)
GROUP = Snapshot(entity="ad_group", id="2", status="PAUSED", campaign_id="1", budget_type="CBO_ADGROUP")


def test_a_child_of_a_cbo_campaign_enables_the_campaigns_budget():
    spend = enabled_spend(plan(activate("ad_group", "2"), before=[GROUP, CBO]), now=NOW)
    assert spend.daily == 50 * M and spend.grants[0].daily == 50 * M and spend.added_daily == 50 * M


def test_a_non_cbo_campaign_enables_its_active_ad_groups_only():
    campaign = Snapshot(entity="campaign", id="1", status="PAUSED", is_campaign_budget_optimization=False,
                        ad_groups_listed=True)
    groups = [Snapshot(entity="ad_group", id=str(i), status=s, campaign_id="1", budget_type="DAILY",
                       budget_in_micro_currency=b * M) for i, s, b in ((2, "ACTIVE", 15), (3, "ACTIVE", 8),
                                                                         (4, "PAUSED", 90))]
    assert enabled_spend(plan(activate("campaign", "1"), before=[campaign, *groups]), now=NOW).daily == 23 * M
    alone = campaign.model_copy(update={"ad_groups_listed": None})
    assert enabled_spend(plan(activate("campaign", "1"), before=[alone]), now=NOW).daily is None  # not known


def test_a_lifetime_budget_may_all_go_in_one_day_and_a_flexible_day_takes_a_week():
    life = CBO.model_copy(update={"daily_spend_cap": None, "lifetime_spend_cap": 300 * M,
                                  "end_time": int(NOW + 3 * DAY_S)})
    spend = enabled_spend(plan(activate("ad_group", "2"), before=[GROUP, life]), now=NOW)
    assert spend.daily == 300 * M and spend.total == 300 * M
    flex = CBO.model_copy(update={"is_flexible_daily_budgets": True, "daily_spend_cap": 10 * M,
                                  "end_time": int(NOW + 20 * DAY_S)})
    spend = enabled_spend(plan(activate("ad_group", "2"), before=[GROUP, flex]), now=NOW)
    assert spend.daily == FLEXIBLE_WEEK_DAYS * 10 * M
    assert spend.total == 10 * M * FLEXIBLE_WEEK_DAYS * 3  # 21 calendar days at most: three weeks' worth


def test_a_paused_create_adds_nothing_to_the_envelope_and_a_raise_adds_the_rise():
    create = Write(key="c", op="create", entity="campaign", names=["campaign"],
                   items=[{"name": "x", "status": "PAUSED", "daily_spend_cap": 20 * M,
                           "is_campaign_budget_optimization": True}])
    spend = enabled_spend(plan(create), now=NOW)
    assert spend.daily == 20 * M and spend.added_daily == 0
    turn_on = Write(key="a", op="update", entity="campaign", items=[{"id": ref("campaign"), "status": "ACTIVE"}])
    assert enabled_spend(plan(create, turn_on), now=NOW).added_daily == 20 * M
    rise = Write(key="b", op="update", entity="campaign", items=[{"id": "1", "daily_spend_cap": 70 * M}])
    spend = enabled_spend(plan(rise, before=[CBO]), now=NOW)
    assert spend.added_daily == 20 * M and [(r.old, r.new) for r in spend.raises] == [(50 * M, 70 * M)]


def test_keywords_widening_a_delivering_ad_group_enable_its_budget_once_narrowing_ones_nothing():
    campaign = Snapshot(entity="campaign", id="1", status="ACTIVE", is_campaign_budget_optimization=False,
                        ad_groups_listed=True)
    group = Snapshot(entity="ad_group", id="2", status="ACTIVE", campaign_id="1", budget_type="DAILY",
                     budget_in_micro_currency=15 * M)
    add = Write(key="k", op="create", entity="keyword", names=["keyword:0", "keyword:1", "keyword:2"],
                items=[{"parent_id": "2", "value": v, "match_type": t}
                       for v, t in (("bed", "BROAD"), ("cedar bed", "EXACT"), ("free", "EXACT_NEGATIVE"))])
    spend = enabled_spend(plan(add, before=[campaign, group]), now=NOW)
    assert [(g.target, g.daily, g.activates) for g in spend.grants] == [("ad group 2", 15 * M, False)]
    assert spend.daily == 15 * M and spend.added_daily == 0  # its budget was already spending: a widening
    under_cbo = group.model_copy(update={"budget_type": "CBO_ADGROUP", "budget_in_micro_currency": None})
    assert enabled_spend(plan(add, before=[CBO, under_cbo]), now=NOW).daily == 50 * M
    paused = group.model_copy(update={"status": "PAUSED"})
    assert enabled_spend(plan(add, before=[campaign, paused]), now=NOW).grants == []
    exclusions = add.model_copy(update={"items": add.items[2:], "names": add.names[2:]})
    assert enabled_spend(plan(exclusions, before=[campaign, group]), now=NOW).grants == []
