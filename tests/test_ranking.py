"""The leverage score, as a plain function and over the database."""

from advocacy.conditions import services
from advocacy.conditions.ranking import GOAL_WEIGHT, Link, rank, score_links


def test_score_counts_strength_measures_and_goals_of_holding_back_links():
    links = [
        Link(condition_id=1, measure_id=10, goal_id=100, effect="hinders", strength=3),
        Link(condition_id=1, measure_id=11, goal_id=100, effect="required", strength=2),
        Link(condition_id=1, measure_id=12, goal_id=200, effect="hinders", strength=1),
        Link(condition_id=1, measure_id=13, goal_id=300, effect="enables", strength=3),
    ]
    score = score_links(links)[1]
    assert score.strength_points == 6
    assert score.measures == 3
    assert score.goals == 2  # the enabling link's goal does not count
    assert score.enabling_links == 1
    assert score.total == 6 + 3 + GOAL_WEIGHT * 2


def test_enabling_links_alone_score_nothing():
    score = score_links([Link(1, 10, 100, "enables", 3), Link(1, 11, 200, "enables", 3)])[1]
    assert score.total == 0


def test_a_condition_touching_more_goals_outranks_one_with_the_same_strength_in_one_goal():
    spread = [Link(1, 10, 100, "hinders", 2), Link(1, 11, 200, "hinders", 2)]
    narrow = [Link(2, 12, 100, "hinders", 2), Link(2, 13, 100, "hinders", 2)]
    ranked = rank(score_links(spread + narrow), {1: "low", 2: "low"}, {1: "B", 2: "A"})
    assert [s.condition_id for s in ranked] == [1, 2]


def test_ties_go_to_higher_priority_then_title():
    links = [Link(cid, cid * 10, 100, "hinders", 2) for cid in (1, 2, 3)]
    ranked = rank(score_links(links), {1: "low", 2: "high", 3: "low"},
                  {1: "Beta", 2: "Omega", 3: "alfa"})
    assert [s.condition_id for s in ranked] == [2, 3, 1]


def test_conditions_without_links_are_ranked_last_with_zero():
    ranked = rank(score_links([Link(1, 10, 100, "hinders", 1)]), {1: "low", 2: "high"},
                  {1: "A", 2: "B"})
    assert [(s.condition_id, s.total) for s in ranked] == [(1, 1 + 1 + GOAL_WEIGHT), (2, 0)]


def test_leverage_ranking_over_the_database(plan, make_measure, make_condition, make_link):
    inclusion, growth = plan.goals
    a, b, c = (make_measure(goal=inclusion), make_measure(goal=inclusion),
               make_measure(goal=growth))
    income = make_condition("Inntektssystemet", priority="high")
    npt = make_condition("Nasjonal transportplan")
    helper = make_condition("Tilskudd som hjelper")
    for measure in (a, b, c):
        make_link(measure, income, "hinders", 3)
    make_link(a, npt, "required", 2)
    make_link(c, helper, "enables", 3)

    ranking = services.leverage_ranking()
    assert [r.condition.title for r in ranking] == ["Inntektssystemet", "Nasjonal transportplan"]
    top = ranking[0]
    assert (top.place, top.score.strength_points, top.score.measures, top.score.goals) == \
        (1, 9, 3, 2)
    assert services.leverage_ranking(limit=1)[0].condition.id == income.id
    assert helper.score.total == 0 and helper.score.enabling_links == 1


def test_deleting_a_measure_changes_the_ranking(plan, make_measure, make_condition, make_link):
    from advocacy.extensions import db

    measure = make_measure()
    condition = make_condition()
    make_link(measure, condition, "hinders", 3)
    assert services.leverage_ranking()[0].score.total > 0
    db.session.delete(measure)
    db.session.commit()
    assert services.leverage_ranking() == []


def _reference_scores():
    """Every condition's score by the plain formula, from the links as they are now."""
    from sqlalchemy import select

    from advocacy.conditions.models import Dependency
    from advocacy.conditions.ranking import Link
    from advocacy.extensions import db
    from advocacy.plan.models import Measure

    rows = db.session.execute(
        select(Dependency.condition_id, Dependency.measure_id, Measure.goal_id,
               Dependency.effect, Dependency.strength).join(Measure))
    return {cid: (s.strength_points, s.measures, s.goals, s.enabling_links, s.total)
            for cid, s in score_links(Link(*row) for row in rows).items()}


def _stored_scores():
    from sqlalchemy import select

    from advocacy.conditions.models import FrameworkCondition as C
    from advocacy.extensions import db

    rows = db.session.execute(select(C.id, C.score_strength, C.score_measures, C.score_goals,
                                     C.score_enabling, C.score_total))
    return {cid: tuple(parts) for cid, *parts in rows if parts[-1] or parts[-2]}


def test_stored_scores_follow_every_kind_of_change(plan, make_measure, make_condition,
                                                   make_link):
    """Links added, changed and removed, a measure moved to another goal or removed: the
    stored scores always equal the formula over the links as they are."""
    import random

    from advocacy.conditions.models import Dependency
    from advocacy.extensions import db

    rng = random.Random(7)
    goals = plan.goals
    measures = [make_measure(goal=rng.choice(goals)) for _ in range(8)]
    conditions = [make_condition() for _ in range(5)]
    for measure in measures:
        for condition in rng.sample(conditions, 3):
            make_link(measure, condition, rng.choice(["hinders", "enables", "required"]),
                      rng.randint(1, 3))
    assert _stored_scores() == _reference_scores()

    links = db.session.scalars(db.select(Dependency).order_by(Dependency.id)).all()
    links[0].strength = 1 if links[0].strength != 1 else 3
    links[1].effect = "enables" if links[1].effect != "enables" else "hinders"
    db.session.delete(links[2])
    db.session.commit()
    assert _stored_scores() == _reference_scores()

    measures[0].goal = goals[1] if measures[0].goal == goals[0] else goals[0]
    db.session.commit()
    assert _stored_scores() == _reference_scores()

    db.session.delete(measures[1])
    db.session.commit()
    assert _stored_scores() == _reference_scores()

    db.session.delete(conditions[0])
    db.session.commit()
    assert _stored_scores() == _reference_scores()


def test_a_rolled_back_change_leaves_the_stored_score(plan, make_measure, make_condition,
                                                      make_link):
    from advocacy.extensions import db

    condition = make_condition()
    make_link(make_measure(), condition, "hinders", 3)
    before = condition.score.total
    make_link_uncommitted = make_measure()
    from advocacy.conditions.models import Dependency

    db.session.add(Dependency(measure=make_link_uncommitted, condition=condition,
                              effect="hinders", strength=3))
    db.session.flush()
    assert condition.score.total > before  # seen inside the transaction
    db.session.rollback()
    assert db.session.get(type(condition), condition.id).score.total == before


def test_the_ranking_page_is_paginated(client, login_as, app, plan, make_measure,
                                       make_condition, make_link):
    app.config["PER_PAGE"] = 2
    login_as("viewer")
    measure = make_measure()
    for strength, title in ((3, "Sterkest"), (2, "Middels sterk"), (1, "Svakest")):
        make_link(measure, make_condition(title), "hinders", strength)
    # The table pages; the chart above it on the first page shows the top 15 (test_charts).
    first, second = (client.get(url).get_data(as_text=True).split('<table class="ranking"')[1]
                     for url in ("/conditions/ranking", "/conditions/ranking?page=2"))
    assert "Sterkest" in first and "Middels sterk" in first and "Svakest" not in first
    assert "Svakest" in second and "Sterkest" not in second
    assert "<td>3</td>" in second  # the third place keeps its number


def test_registry_totals_count_measures_held_back_once(plan, make_measure, make_condition,
                                                       make_link):
    held, helped, alone = make_measure(), make_measure(), make_measure()
    a = make_condition(status="active", priority="high")
    b = make_condition()
    make_link(held, a, "hinders")
    make_link(held, b, "required")
    make_link(helped, a, "enables")
    totals = services.registry_totals()
    assert (totals.conditions, totals.active, totals.high_priority) == (2, 1, 1)
    assert (totals.measures, totals.measures_held_back) == (3, 1)
