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
    assert services.condition_score(helper.id).total == 0


def test_deleting_a_measure_changes_the_ranking(plan, make_measure, make_condition, make_link):
    from advocacy.extensions import db

    measure = make_measure()
    condition = make_condition()
    make_link(measure, condition, "hinders", 3)
    assert services.leverage_ranking()[0].score.total > 0
    db.session.delete(measure)
    db.session.commit()
    assert services.leverage_ranking() == []
