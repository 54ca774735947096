"""The demo: realistic, complete, and idempotent."""

from sqlalchemy import func, select

from advocacy.auth.models import User
from advocacy.conditions import services
from advocacy.conditions.models import Dependency, FrameworkCondition, is_valid_lovdata_id
from advocacy.demo import DEMO_USERS, seed_demo
from advocacy.extensions import db
from advocacy.plan.models import Goal, Measure, Plan, Theme


def _counts():
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Plan, Goal, Theme, Measure, FrameworkCondition, Dependency)}


def test_seed_demo_loads_buskerudplanen(app):
    seed_demo()
    counts = _counts()
    assert counts["Plan"] == 1
    goals = db.session.scalars(select(Goal).order_by(Goal.position)).all()
    assert [g.title for g in goals] == [
        "Mer innenforskap", "Økt verdiskaping og omstilling",
        "Bevaring av natur- og kulturverdier i et generasjonsperspektiv"]
    assert {t.title for t in db.session.scalars(select(Theme))} == {
        "Attraktive byer og steder", "Kulturarv som fortrinn og ressurs",
        "Regional utvikling av større næringsområder", "Fritidsboliger",
        "Mineralressurser for fremtiden", "Omlegging av tungtransport"}
    assert counts["Measure"] >= 20
    assert counts["FrameworkCondition"] >= 15
    assert counts["Dependency"] >= 40
    assert {u.role for u in db.session.scalars(select(User))} == \
        {"admin", "staff", "partner", "viewer"}
    for condition in db.session.scalars(select(FrameworkCondition)):
        assert condition.lovdata_id is None or is_valid_lovdata_id(condition.lovdata_id)
    owners = {c.owner_body for c in db.session.scalars(select(FrameworkCondition))}
    assert {"Kommunal- og distriktsdepartementet (KDD)", "Samferdselsdepartementet (SD)",
            "Klima- og miljødepartementet (KLD)", "Nærings- og fiskeridepartementet (NFD)"} <= owners
    # Every demo condition and hearing points at a confirmed body of the register.
    from advocacy.hearings.models import Hearing

    for row in [*db.session.scalars(select(FrameworkCondition)),
                *db.session.scalars(select(Hearing))]:
        body = getattr(row, "owner", None) or getattr(row, "issuer_body", None)
        assert body is not None and body.is_confirmed, row.title


def test_seed_demo_twice_changes_nothing(app):
    first = seed_demo()
    assert first.changed
    # `make run` prints what was added: every kind has its Norwegian noun.
    assert "1 plan" in first.summary() and "støtteerklæringer" in first.summary()
    before = _counts()
    second = seed_demo()
    assert not second.changed
    assert _counts() == before


def test_seed_demo_completes_a_partly_loaded_demo(app):
    seed_demo()
    measure = db.session.scalars(select(Measure).order_by(Measure.id)).first()
    db.session.delete(measure)
    db.session.commit()
    report = seed_demo()
    assert report.added["measure"] == 1
    assert report.added["dependency"] >= 1


def test_demo_users_can_log_in_with_the_printed_passwords(app, client):
    seed_demo()
    for _role, email, _name, password in DEMO_USERS:
        response = client.submit("/login", {"email": email, "password": password})
        assert response.status_code == 302, email
        client.submit("/logout", {})


def test_demo_ranking_has_a_clear_top_five(app):
    seed_demo()
    top = services.leverage_ranking(limit=6)
    assert len(top) == 6
    assert top[4].score.total > top[5].score.total
    assert any("Inntektssystemet" in r.condition.title for r in top[:5])


def test_seed_demo_adds_real_past_and_open_upcoming_hearings(app):
    from datetime import timedelta

    from advocacy import clock
    from advocacy.hearings.models import Hearing

    seed_demo()
    hearings = db.session.scalars(select(Hearing)).all()
    by_reference = {h.reference: h for h in hearings if h.reference}
    assert by_reference["25/1428"].deadline_at.astimezone(clock.OSLO).strftime("%d.%m.%Y") == \
        "15.08.2025"
    assert by_reference["24/1198"].status == "submitted"
    upcoming = [h for h in hearings
                if clock.now() < h.deadline_at < clock.now() + timedelta(days=45)]
    assert len(upcoming) >= 3
    for hearing in upcoming:
        assert hearing.responsible is not None and hearing.conditions
    assert any(h.milestones for h in upcoming)


def test_seed_demo_adds_a_paper_with_three_invited_municipalities_one_signed(app):
    from advocacy.papers.models import PositionPaper

    seed_demo()
    [paper] = db.session.scalars(select(PositionPaper).filter_by(status="signing")).all()
    assert paper.hearing is not None and not paper.hearing.is_done
    assert sorted(i.organisation.kind for i in paper.invitations) == ["municipality"] * 3
    assert [i.organisation.name for i in paper.invitations if i.is_current] == ["Drammen kommune"]
    assert len(paper.current.sections) == 3


def test_seed_demo_has_submitted_papers_with_outcomes(app, client):
    from advocacy.papers.models import PositionPaper

    seed_demo()
    submitted = db.session.scalars(select(PositionPaper).filter_by(status="submitted")).all()
    assert len(submitted) == 2 and all(p.outcomes and p.archive_reference for p in submitted)
    client.submit("/login", {"email": "leser@buskerud.example", "password": "demo-leser-passord"})
    assert "Gjennomslag i " in client.get("/").get_data(as_text=True)
