"""Milestone.falls_at: when each milestone falls, kept in its row for SQL (the deadline
timeline, Mitt arbeid), equal to ``due_at`` after every change that moves it."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import insert, select

from advocacy.clock import OSLO
from advocacy.extensions import db
from advocacy.hearings import services
from advocacy.hearings.falls import recompute_all
from advocacy.hearings.models import Hearing, Milestone
from advocacy.types import UTCDateTime
from tests.test_hearings import _form, make_hearing  # noqa: F401  (a fixture)


def _in_step(hearing: Hearing) -> None:
    db.session.expire_all()
    rows = db.session.execute(select(Milestone.title, Milestone.falls_at)
                              .where(Milestone.hearing_id == hearing.id)).all()
    assert rows and {title: at for title, at in rows} == {
        m.title: m.due_at for m in db.session.get(Hearing, hearing.id).milestones}


def test_each_way_of_moving_a_milestone_keeps_its_stored_moment(client, login_as,
                                                                  make_hearing):
    login_as("staff")
    hearing = make_hearing(deadline=services.deadline_at(date(2027, 1, 22)))
    services.add_default_milestones(hearing)  # 21, 14 and 7 days before
    db.session.commit()
    _in_step(hearing)
    # Behandling i fylkesutvalget falls on Friday 08.01.2027.
    assert db.session.scalar(select(Milestone.falls_at).where(
        Milestone.title == "Behandling i fylkesutvalget")) == datetime(2027, 1, 8, 23, 59,
                                                                       tzinfo=OSLO)

    # The deadline moves (the hearing's edit form): the offset milestones move with it.
    response = client.submit(f"/hearings/{hearing.id}/edit", _form(
        title=hearing.title, deadline_date="29.01.2027", deadline_time="12:00",
        published_on=""))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    _in_step(hearing)

    # A milestone changes from counted back to a fixed day, and another the other way.
    milestone = db.session.scalar(select(Milestone).where(Milestone.title == "Partnere signerer innen"))
    response = client.submit(f"/milestones/{milestone.id}/edit", {
        "kind": "partners_sign_by", "title": milestone.title, "mode": "fixed",
        "fixed_date": "20.01.2027", "fixed_time": "09:00"})
    assert response.status_code == 302
    _in_step(hearing)
    response = client.submit(f"/milestones/{milestone.id}/edit", {
        "kind": "partners_sign_by", "title": milestone.title, "mode": "offset",
        "offset_days": "10"})
    assert response.status_code == 302
    _in_step(hearing)
    # Ten days before Friday 29.01.2027 is Tuesday 19.01.2027, at the deadline's time.
    assert db.session.get(Milestone, milestone.id).falls_at == datetime(2027, 1, 19, 12, 0,
                                                                         tzinfo=OSLO)
    # A new one, through its form.
    response = client.submit(f"/hearings/{hearing.id}/milestones/new", {
        "kind": "other", "title": "Møte med KDD", "mode": "offset", "offset_days": "3"})
    assert response.status_code == 302
    _in_step(hearing)


def test_the_stored_moment_takes_the_working_day_before_a_holiday(make_hearing):
    # One day before Tuesday 30.03.2027 is Easter Monday; before it come Easter Sunday,
    # a Saturday, Good Friday and Maundy Thursday: the milestone falls on Wednesday
    # 24.03.2027, in winter time, at the deadline's 23:59.
    hearing = make_hearing(deadline=services.deadline_at(date(2027, 3, 30)))
    hearing.milestones.append(Milestone(kind="other", title="Dagen før", offset_days=1))
    db.session.commit()
    assert hearing.milestones[0].falls_at == datetime(2027, 3, 24, 23, 59, tzinfo=OSLO)
    _in_step(hearing)


def test_rows_written_without_the_orm_are_set_by_recompute_all(make_hearing):
    hearing = make_hearing(deadline=services.deadline_at(date(2027, 2, 15)))
    db.session.commit()
    db.session.execute(insert(Milestone), [
        {"hearing_id": hearing.id, "kind": "other", "title": "Ti dager før", "offset_days": 10},
        {"hearing_id": hearing.id, "kind": "other", "title": "Fast",
         "fixed_at": datetime(2027, 1, 4, 10, tzinfo=OSLO)}])
    db.session.commit()
    assert db.session.scalars(select(Milestone.falls_at)).all() == [None, None]
    assert recompute_all(db.session) == 2
    db.session.commit()
    _in_step(hearing)


def test_the_migration_sets_the_moment_of_existing_milestones(empty_database_url):
    from flask_migrate import upgrade

    from advocacy import create_app
    from tests.conftest import TEST_CONFIG

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        try:
            upgrade(revision="d4e5f6a7b8c9")
            hearings = sa.table(
                "hearings", *(sa.column(name) for name in (
                    "id", "title", "issuer", "source", "summary", "deadline_sequence",
                    "status", "not_responding_reason", "search_text")),
                *(sa.column(name, UTCDateTime) for name in (
                    "deadline_at", "created_at", "updated_at")))
            milestones = sa.table("milestones", *(sa.column(name) for name in (
                "hearing_id", "kind", "title", "offset_days", "sequence")),
                sa.column("fixed_at", UTCDateTime))
            created = datetime(2026, 11, 1, tzinfo=OSLO)
            with db.engine.begin() as conn:
                conn.execute(insert(hearings).values(
                    id=1, title="Høring", issuer="KDD", source="manual", summary="",
                    deadline_sequence=0, status="new", not_responding_reason="",
                    search_text="", deadline_at=services.deadline_at(date(2027, 3, 30)),
                    created_at=created, updated_at=created))
                conn.execute(insert(milestones), [
                    {"hearing_id": 1, "kind": "other", "title": "Dagen før", "offset_days": 1,
                     "fixed_at": None, "sequence": 0},
                    {"hearing_id": 1, "kind": "other", "title": "Fast", "offset_days": None,
                     "fixed_at": datetime(2027, 1, 4, 10, tzinfo=OSLO), "sequence": 0}])
            upgrade()
            with app.test_request_context():
                stored = {title: at for title, at in db.session.execute(
                    select(Milestone.title, Milestone.falls_at))}
            assert stored == {"Dagen før": datetime(2027, 3, 24, 23, 59, tzinfo=OSLO),
                              "Fast": datetime(2027, 1, 4, 10, 0, tzinfo=OSLO)}
        finally:
            db.session.remove()
            db.engine.dispose()


def test_the_scheduled_job_and_flask_recompute_set_stale_moments_again(app, make_hearing):
    from advocacy.hearings.falls import run_scheduled
    from advocacy.notify.scheduler import _interval_jobs

    hearing = make_hearing(deadline=services.deadline_at(date(2027, 2, 15)))
    services.add_default_milestones(hearing)
    db.session.commit()
    wrong = datetime(2030, 1, 1, tzinfo=OSLO)
    # As if another transaction had moved the deadline while this one added milestones.
    db.session.execute(sa.update(Milestone).values(falls_at=wrong))
    db.session.commit()
    run_scheduled()
    _in_step(hearing)
    assert _interval_jobs["recompute-milestone-moments"][0] == \
        "advocacy.hearings.falls:run_scheduled"

    db.session.execute(sa.update(Milestone).values(falls_at=wrong))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["recompute"])
    assert result.exit_code == 0, result.output
    assert "tidspunktet til alle internfrister (3 var ikke oppdatert)" in result.output
    _in_step(hearing)
