"""List and detail pages load what they show in a fixed number of queries."""

from contextlib import contextmanager

from sqlalchemy import event

from advocacy.conditions.models import Dependency, FrameworkCondition
from advocacy.extensions import db
from advocacy.plan.models import Measure


@contextmanager
def count_queries():
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _populate(plan, staff, start: int, stop: int, hub_measure=None, hub_condition=None):
    """Measures and conditions numbered ``start``..``stop``, all linked to the two hubs."""
    goals, themes = plan.goals, plan.themes
    measures = [Measure(title=f"Tiltak {i:04d}", goal=goals[i % len(goals)],
                        themes=[themes[i % len(themes)]], owner="Kommunen")
                for i in range(start, stop)]
    conditions = [FrameworkCondition(title=f"Rammebetingelse {i:04d}", kind="funding",
                                     owner_body=f"Departement {i % 7}", responsible=staff)
                  for i in range(start, stop)]
    db.session.add_all(measures + conditions)
    db.session.flush()
    hub_measure, hub_condition = hub_measure or measures[0], hub_condition or conditions[0]
    links = [Dependency(measure=m, condition=hub_condition, effect="hinders", strength=2)
             for m in measures if m is not hub_measure]
    links += [Dependency(measure=hub_measure, condition=c, effect="required", strength=3)
              for c in conditions]
    db.session.add_all(links)
    db.session.commit()
    return hub_measure, hub_condition


PAGES = [
    "/",
    "/conditions/",
    "/conditions/?q=rammebetingelse&kind=funding",
    "/conditions/?page=2",
    "/conditions/ranking",
    "/conditions/{condition}",
    "/conditions/{condition}/edit",
    "/measures/",
    "/measures/?goal={goal}",
    "/measures/{measure}",
    "/measures/{measure}/edit",
]




def _count(client, urls) -> dict[str, int]:
    counts = {}
    for template in PAGES:
        url = template.format(**urls)
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[template] = len(statements)
    return counts


def test_page_query_count_is_the_same_with_10_and_1000_rows(app, client, make_user, plan):
    app.config["PER_PAGE"] = 5  # so that page 2 has rows with 10 rows too
    staff = make_user("staff")
    client.login(staff)
    measure, condition = _populate(plan, staff, 0, 10)
    urls = {"measure": measure.id, "condition": condition.id, "goal": plan.goals[0].id}
    with_10 = _count(client, urls)
    _populate(plan, staff, 10, 1000, measure, condition)
    with_1000 = _count(client, urls)
    assert with_1000 == with_10
    assert max(with_10.values()) <= 10, with_10
