"""List and detail pages load what they show in a fixed number of queries."""

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from advocacy import clock
from advocacy.auth.models import Organisation, User
from advocacy.conditions.models import Dependency, FrameworkCondition
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import ConditionSuggestion, Hearing, Milestone
from advocacy.plan.models import Goal, Measure, Plan
from tests.conftest import RENDER_AFRESH


@contextmanager
def count_queries():
    """The statements sent inside the block. Requests made inside are rendered afresh, as a
    hard reload asks (``Cache-Control: no-cache``): the count is what the page costs, not
    what a page kept in the page cache costs (tests/test_pagecache.py counts that)."""
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    RENDER_AFRESH["on"] = True
    try:
        yield statements
    finally:
        RENDER_AFRESH["on"] = False
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
    return hub_measure, hub_condition, measures, conditions


def _populate_hearings(staff, start: int, stop: int, measures, conditions, hub=None):
    """Hearings numbered ``start``..``stop`` with milestones and conditions; most are done.

    Every tenth hearing is open, spread over the list's buckets, so the open lists grow
    too; the hub hearing gathers the new conditions, measures and suggestions.
    """
    # Load the committed (so expired) rows in two queries, not one query each.
    for model in (Measure, FrameworkCondition):
        db.session.scalars(db.select(model)).all()
    now = clock.now()
    hearings = []
    for i in range(start, stop):
        is_open = i % 10 == 0
        # The first is due in ten days, so that "my deadlines" on the overview has rows
        # (and loads their milestones) with 10 rows too.
        days = 10 if i == start else (i % 60) - 5 if is_open else -(i % 300) - 1
        deadline = hearing_services.deadline_at((now + timedelta(days=days)).date())
        hearing = Hearing(title=f"Høring {i:04d}", issuer=f"Departement {i % 7}",
                          reference=f"26/{i}", deadline_at=deadline,
                          published_on=(deadline - timedelta(days=30 + i % 60)).date(),
                          status="new" if is_open else "submitted", responsible=staff,
                          conditions=[conditions[(i - start) % len(conditions)]])
        hearing_services.add_default_milestones(hearing)
        hearing.milestones.append(Milestone(kind="other", title=f"Møte {i:04d}",
                                            fixed_at=deadline - timedelta(days=3)))
        hearings.append(hearing)
    db.session.add_all(hearings)
    hub = hub or hearings[0]
    hub.conditions = sorted(set(hub.conditions) | set(conditions), key=lambda c: c.title)
    hub.measures = sorted(set(hub.measures) | set(measures), key=lambda m: m.title)
    hub.milestones.extend(Milestone(kind="other", title=f"Ekstra {i:04d}", offset_days=i % 30)
                          for i in range(start, start + 20))
    db.session.flush()
    known = {s.condition_id for s in hub.suggestions}
    db.session.add_all(ConditionSuggestion(hearing=hub, condition=c, reason="Felles ord")
                       for c in conditions if c.id not in known)
    db.session.commit()
    return hub


def _populate_people(start: int, stop: int, hub_hearing):
    """Organisations and users numbered ``start``..``stop``; the users follow the hub."""
    organisations = [Organisation(name=f"Organisasjon {i:04d}", kind="organisation")
                     for i in range(start, stop)]
    users = [User(email=f"bruker{i:04d}@example.no", name=f"Bruker {i:04d}",
                  role=("partner", "viewer", "staff")[i % 3], organisation=organisations[
                      (i - start) % len(organisations)], is_active_account=i % 5 != 0)
             for i in range(start, stop)]
    db.session.add_all(organisations + users)
    hub_hearing.followers.extend(users)
    db.session.commit()


PAGES = [
    "/",
    "/conditions/",
    "/conditions/?q=rammebetingelse&kind=funding",
    "/conditions/?page=2",
    "/conditions/?sort=-ansvarlig&mine=y",
    "/conditions/ranking",
    "/conditions/{condition}",
    "/conditions/{condition}/edit",
    "/measures/",
    "/measures/?goal={goal}",
    "/measures/?sort=-status&page=2",
    "/measures/{measure}",
    "/measures/{measure}/edit",
    "/hearings/",
    "/hearings/?status=submitted&page=2",
    "/hearings/?condition={condition}",
    "/hearings/?sort=ansvarlig&q=h%C3%B8ring&mine=y",
    "/hearings/?ferdig_sort=tittel&ferdig=2",
    "/hearings/{hearing}",
    "/hearings/new",
    "/hearings/{hearing}/edit",
    "/papers/new",
    "/papers/?sort=frist&waiting=y&q=uttalelse",
    "/audit/",
    "/audit/?type=hearing&page=2",
]

#: Pages for administrators only.
ADMIN_PAGES = [
    "/admin/users/",
    "/admin/users/?page=2",
    "/admin/users/?organisation={organisation}",
    "/admin/users/{user}/edit",
    "/admin/organisations/",
    "/admin/organisations/{organisation}/edit",
]


#: Pages allowed more than 10 queries: none since the forms search for conditions and
#: measures instead of listing them all (the hearing form needed 12).
BUDGET: dict[str, int] = {
    # Mitt arbeid's follow-ups after contacts with the state, and the summaries of the
    # papers out for signing when there are some (none here).
    "/": 12,
    # Its panels: the papers, the dialogue history, the notes and files: a query each.
    "/hearings/{hearing}": 11,
}


def _count(client, pages, urls) -> dict[str, int]:
    counts = {}
    for template in pages:
        url = template.format(**urls)
        # Each request starts with an empty session, as in production; rows left in the
        # test's session by earlier requests would otherwise save or add lazy loads.
        db.session.expunge_all()
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[template] = len(statements)
    return counts


def test_page_query_count_is_the_same_with_10_and_1000_rows(app, client, make_user, plan):
    app.config["PER_PAGE"] = 5  # so that page 2 has rows with 10 rows too
    staff = make_user("staff")
    client.login(staff)
    admin = type(client)(app.test_client())
    admin.login(make_user("admin"))
    measure, condition, measures, conditions = _populate(plan, staff, 0, 10)
    hearing = _populate_hearings(staff, 0, 10, measures, conditions)
    _populate_people(0, 10, hearing)
    first_user = db.session.scalar(db.select(User).filter_by(email="bruker0000@example.no"))
    urls = {"measure": measure.id, "condition": condition.id, "goal": plan.goals[0].id,
            "hearing": hearing.id, "user": first_user.id,
            "organisation": first_user.organisation_id}
    plan_id, staff_id = plan.id, staff.id
    with_10 = _count(client, PAGES, urls) | _count(admin, ADMIN_PAGES, urls)

    # _count left the session empty: load the hubs again.
    plan, staff = db.session.get(Plan, plan_id), db.session.get(User, staff_id)
    measure, condition = db.session.get(Measure, urls["measure"]), db.session.get(
        FrameworkCondition, urls["condition"])
    hearing = db.session.get(Hearing, urls["hearing"])
    *_, measures, conditions = _populate(plan, staff, 10, 1000, measure, condition)
    _populate_hearings(staff, 10, 1000, measures, conditions, hearing)
    _populate_people(10, 1000, hearing)
    with_1000 = _count(client, PAGES, urls) | _count(admin, ADMIN_PAGES, urls)
    assert with_1000 == with_10
    over_budget = {page: n for page, n in with_10.items() if n > BUDGET.get(page, 10)}
    assert not over_budget, with_10


def test_word_export_costs_the_same_with_one_or_many_measures_goals_and_signatories(
        app, client, make_user, make_measure, make_condition, plan):
    """The letter names each measure's goal, the hearing's issuer and every signatory:
    none of them is read one by one."""
    from advocacy import clock
    from advocacy.auth.models import Organisation
    from advocacy.bodies.models import StateBody
    from advocacy.papers import services as paper_services
    from advocacy.papers.models import Invitation

    staff = make_user("staff")
    client.login(staff)
    issuer = StateBody(name="Kommunal- og distriktsdepartementet",
                       postal_address="Postboks 8112 Dep\n0032 Oslo")
    hearing = Hearing(title="Høring om regional planlegging", issuer=issuer.name,
                      issuer_body=issuer, deadline_at=clock.now(), status="assessing")
    paper = paper_services.create_paper(title="Uttalelse", author=staff)
    paper.hearing = hearing
    db.session.add(hearing)

    db.session.commit()
    paper_id, goal_ids = paper.id, [goal.id for goal in plan.goals]

    def grow(n: int) -> int:
        goals = [db.session.get(Goal, goal_id) for goal_id in goal_ids]
        measures = [make_measure(goal=goals[i % len(goals)]) for i in range(n)]
        conditions = [make_condition() for __ in range(n)]
        paper = paper_services.get_paper(paper_id)
        paper.measures.extend(measures)
        paper.conditions.extend(conditions)
        for __ in range(n):
            organisation = Organisation(name=f"Kommune {len(paper.invitations):03d}",
                                        kind="municipality")
            paper.invitations.append(Invitation(organisation=organisation,
                                                sign_by=clock.today()))
        db.session.commit()
        db.session.expunge_all()
        with count_queries() as statements:
            response = client.get(f"/papers/{paper_id}.docx")
        assert response.status_code == 200
        return len(statements)

    one = grow(1)
    assert grow(len(goal_ids) * 5) == one
    assert one <= 10


def test_a_paper_saved_many_times_reads_only_the_texts_a_page_shows(app, client, make_user):
    """The paper page and its letter read the current text, and the diff its two, not
    every old one (a paper saved a few hundred times holds megabytes of them); the
    history, which shows what each save changed, reads them all."""
    from sqlalchemy import inspect

    from advocacy.papers import services as paper_services
    from advocacy.papers.models import PaperRevision

    staff = make_user("staff")
    client.login(staff)
    paper_id = paper_services.create_paper(title="Uttalelse", author=staff).id  # version 1
    db.session.commit()
    staff_id = staff.id

    def save(times: int) -> None:
        for _ in range(times):
            paper = paper_services.get_paper(paper_id)
            number = paper.current.number
            body = f"Merknad i versjon {number + 1}. " + "Fylket mener noe. " * 200
            paper_services.save_revision(
                paper, title="Uttalelse", sections=[{"heading": "Merknader", "body": body}],
                author=db.session.get(User, staff_id), base_number=number)
            db.session.commit()

    texts: list[int] = []  # the versions whose sections a request read

    def loaded(target, context) -> None:
        if "sections" not in inspect(target).unloaded:
            texts.append(target.number)

    def refreshed(target, context, attrs) -> None:
        if attrs and "sections" in attrs:
            texts.append(target.number)

    def visit(path: str) -> tuple[int, list[int], bytes]:
        db.session.expunge_all()
        texts.clear()
        with count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200, path
        return len(statements), sorted(texts), response.data

    pages = {"page": f"/papers/{paper_id}", "letter": f"/papers/{paper_id}.docx",
             "diff": f"/papers/{paper_id}/diff", "history": f"/papers/{paper_id}/history"}
    event.listen(PaperRevision, "load", loaded)
    event.listen(PaperRevision, "refresh", refreshed)
    try:
        save(2)
        few = {name: visit(path) for name, path in pages.items()}
        save(28)
        many = {name: visit(path) for name, path in pages.items()}
    finally:
        event.remove(PaperRevision, "load", loaded)
        event.remove(PaperRevision, "refresh", refreshed)
    assert b"Merknad i versjon 3." in few["page"][2]
    assert b"Merknad i versjon 31." in many["page"][2]
    for name in pages:
        assert many[name][0] == few[name][0], name  # the same queries
    assert many["page"][1] == many["letter"][1] == [31]
    assert many["diff"][1] == [30, 31]
    assert many["history"][1] == list(range(1, 32))
