"""Hearings: registration, deadlines, milestones, warnings, lists and access."""

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from advocacy import clock
from advocacy.extensions import db
from advocacy.hearings import services
from advocacy.hearings.models import Hearing, Milestone
from advocacy.hearings.warnings import hearing_warnings
from tests.conftest import FIXED_NOW
from tests.helpers import body_id

OSLO = clock.OSLO


def _form(**changes):
    data = {"title": "Høring – ny kulturmiljølov",
            "issuer_body_id": body_id("Klima- og miljødepartementet", "KLD"),
            "reference": "25/1428", "url": "", "published_on": "01.10.2026",
            "deadline_date": "15.01.2027", "deadline_time": "", "status": "new",
            "not_responding_reason": "", "responsible_id": 0, "summary": "",
            "add_default_milestones": "y"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def make_hearing(app):
    def make(title="Høring", deadline=None, published_on=None, status="new", **fields):
        hearing = Hearing(title=title, issuer=fields.pop("issuer", "Kommunal- og distriktsdepartementet"),
                          deadline_at=deadline or services.deadline_at(date(2027, 1, 15)),
                          published_on=published_on, status=status, **fields)
        db.session.add(hearing)
        db.session.commit()
        return hearing
    return make


def test_a_date_alone_means_2359_oslo_time_in_winter_and_summer():
    winter = services.deadline_at(date(2027, 1, 15))
    summer = services.deadline_at(date(2026, 6, 12))
    assert winter.utcoffset() == timedelta(hours=1) and (winter.hour, winter.minute) == (23, 59)
    assert summer.utcoffset() == timedelta(hours=2) and (summer.hour, summer.minute) == (23, 59)


def test_staff_register_a_hearing_with_default_milestones(client, login_as):
    staff = login_as("staff")
    response = client.submit("/hearings/new", _form(responsible_id=staff.id))
    assert response.status_code == 302
    hearing = db.session.scalar(select(Hearing))
    assert hearing.deadline_at == datetime(2027, 1, 15, 23, 59, tzinfo=OSLO)
    assert hearing.responsible_id == staff.id
    assert sorted(m.offset_days for m in hearing.milestones) == [7, 14, 21]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "15.01.2027 kl. 23:59" in page
    # 14 days before is 01.01.2027 (første nyttårsdag): the app uses the working day before.
    assert "Behandling i fylkesutvalget" in page and "31.12.2026" in page


def test_a_deadline_before_the_published_date_is_refused(client, login_as):
    login_as("staff")
    response = client.submit("/hearings/new", _form(published_on="20.01.2027"))
    assert response.status_code == 422
    assert "kan ikke være før publiseringsdatoen" in response.get_data(as_text=True)
    assert db.session.scalar(select(Hearing)) is None


def test_an_open_hearing_with_a_past_deadline_is_refused(client, login_as):
    login_as("staff")
    response = client.submit("/hearings/new", _form(published_on="", deadline_date="01.11.2026"))
    assert response.status_code == 422
    assert "allerede gått ut" in response.get_data(as_text=True)
    response = client.submit("/hearings/new", _form(published_on="", deadline_date="01.11.2026",
                                                    status="submitted"))
    assert response.status_code == 302


def test_not_responding_needs_a_reason(client, login_as):
    login_as("staff")
    response = client.submit("/hearings/new", _form(status="not_responding"))
    assert response.status_code == 422
    assert "hvorfor vi ikke svarer" in response.get_data(as_text=True).lower()
    assert db.session.scalar(select(Hearing)) is None


def test_bad_dates_get_a_norwegian_message(client, login_as):
    login_as("staff")
    response = client.submit("/hearings/new", _form(deadline_date="31.02.2027", deadline_time="25:00"))
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "«31.02.2027» finnes ikke: februar 2027 har 28 dager." in text
    assert "ikke et gyldig klokkeslett" in text


def test_moving_the_deadline_moves_offset_milestones_only(client, login_as, make_hearing):
    login_as("staff")
    hearing = make_hearing(deadline=services.deadline_at(date(2027, 1, 22)))
    services.add_default_milestones(hearing)
    hearing.milestones.append(Milestone(kind="other", title="Fast møte",
                                        fixed_at=datetime(2027, 1, 5, 10, 0, tzinfo=OSLO)))
    db.session.commit()
    before = {m.title: m.due_at for m in hearing.milestones}
    response = client.submit(f"/hearings/{hearing.id}/edit", _form(
        title=hearing.title, deadline_date="29.01.2027", published_on=""))
    assert response.status_code == 302
    db.session.refresh(hearing)
    after = {m.title: m.due_at for m in hearing.milestones}
    assert after["Fast møte"] == before["Fast møte"]
    assert after["Behandling i fylkesutvalget"] - before["Behandling i fylkesutvalget"] == \
        timedelta(days=7)
    assert hearing.deadline_sequence == 1


def test_an_offset_milestone_keeps_oslo_wall_time_across_dst(make_hearing):
    hearing = make_hearing(deadline=services.deadline_at(date(2027, 3, 31)))
    milestone = Milestone(kind="draft_ready", title="Utkast", offset_days=7)
    hearing.milestones.append(milestone)
    db.session.commit()
    due = milestone.due_at.astimezone(OSLO)
    assert (due.date(), due.hour, due.minute) == (date(2027, 3, 24), 23, 59)
    assert due.utcoffset() == timedelta(hours=1)  # before the switch on 28.03.2027


def test_milestone_form_needs_days_or_a_date(client, login_as, make_hearing):
    login_as("staff")
    hearing = make_hearing()
    response = client.submit(f"/hearings/{hearing.id}/milestones/new",
                             {"kind": "other", "title": "Møte", "mode": "offset", "offset_days": ""})
    assert response.status_code == 422
    response = client.submit(f"/hearings/{hearing.id}/milestones/new",
                             {"kind": "other", "title": "Møte", "mode": "fixed",
                              "fixed_date": "08.01.2027", "fixed_time": "10:00"})
    assert response.status_code == 302
    [milestone] = hearing.milestones
    assert milestone.due_at == datetime(2027, 1, 8, 10, 0, tzinfo=OSLO)


def test_warnings_short_period_weekend_holiday_and_late_milestone(make_hearing):
    # Published 10.11.2026, deadline Saturday 12.12.2026: 32 days.
    hearing = make_hearing(published_on=date(2026, 11, 10),
                           deadline=services.deadline_at(date(2026, 12, 12)))
    hearing.milestones.append(Milestone(kind="other", title="Julaften-møte",
                                        fixed_at=services.deadline_at(date(2026, 12, 25))))
    db.session.commit()
    codes = [w.code for w in hearing_warnings(hearing)]
    messages = " ".join(w.message for w in hearing_warnings(hearing))
    assert "short_period" in codes and "Kort høringsfrist" in messages
    assert "lørdag" in messages
    assert "Første juledag" in messages
    assert "milestone_after_deadline" in codes


def test_six_weeks_is_not_short(make_hearing):
    hearing = make_hearing(published_on=date(2026, 12, 1),
                           deadline=services.deadline_at(date(2027, 1, 12)))
    assert [w.code for w in hearing_warnings(hearing)] == []


def _lists(response) -> str:
    page = response.get_data(as_text=True)
    return page[page.index('id="open-heading"'):]


def test_list_groups_deadlines(client, login_as, make_hearing):
    login_as("viewer")
    now = clock.now()
    make_hearing("Forfalt", deadline=now - timedelta(days=1))
    make_hearing("Neste uke", deadline=now + timedelta(days=5))
    make_hearing("Neste måned", deadline=now + timedelta(days=20))
    make_hearing("Senere", deadline=now + timedelta(days=90))
    make_hearing("Besvart", deadline=now + timedelta(days=3), status="submitted")
    assert services.bucket_counts(services.HearingFilters()) == {
        "overdue": 1, "week": 1, "month": 1, "later": 1}
    page = _lists(client.get("/hearings/"))
    rows = [page.index(f">{title}</a>") for title in
            ("Forfalt", "Neste uke", "Neste måned", "Senere")]
    assert rows == sorted(rows)
    for heading, row in zip(("bucket-overdue", "bucket-week", "bucket-month", "bucket-later"),
                            rows):
        assert page.index(heading) < row
    assert "Besvart" in page.split("Ferdigbehandlet")[1]


def test_bucket_counts_follow_oslo_calendar_days_like_the_rows(make_hearing):
    """The counts (in SQL) and the rows' headings (in Python) put every deadline in the
    same bucket, on both sides of each boundary and across the switch to winter time."""
    now = clock.now()
    today = now.astimezone(OSLO).date()
    deadlines = [now - timedelta(minutes=1), now + timedelta(minutes=1)]
    for days in (7, 8, 30, 31):
        day = today + timedelta(days=days)
        deadlines += [datetime.combine(day, time(0, 0), OSLO),
                      datetime.combine(day, time(23, 59), OSLO)]
    for i, deadline in enumerate(deadlines):
        make_hearing(f"Frist {i}", deadline=deadline)
    expected = {key: 0 for key, _ in services.BUCKETS}
    for deadline in deadlines:
        expected[services.bucket_of(deadline, now)] += 1
    assert services.bucket_counts(services.HearingFilters()) == expected
    assert expected == {"overdue": 1, "week": 3, "month": 4, "later": 2}


def test_open_and_finished_hearings_page_on_their_own(app, client, login_as, make_hearing):
    app.config["PER_PAGE"] = 2
    login_as("viewer")
    now = clock.now()
    for i in range(5):
        make_hearing(f"Åpen {i}", deadline=now + timedelta(days=i + 1))
    for i in range(3):
        make_hearing(f"Besvart {i}", deadline=now - timedelta(days=i + 1), status="submitted")
    # The lists, below the deadline chart (which shows every open hearing's deadline).
    first = _lists(client.get("/hearings/"))
    assert "Åpen 0" in first and "Åpen 1" in first and "Åpen 2" not in first
    assert "Besvart 0" in first and "Besvart 2" not in first
    later = _lists(client.get("/hearings/?page=3&ferdig=2"))
    assert "Åpen 4" in later and "Åpen 0" not in later
    assert "Besvart 2" in later and "Besvart 0" not in later
    assert "Åpne høringer <span class=\"count\">(5)</span>" in later


def test_list_filters(client, login_as, make_hearing, make_condition):
    login_as("staff")
    condition = make_condition("Mineralloven")
    a = make_hearing("Mineralhøring", issuer="Nærings- og fiskeridepartementet")
    a.conditions.append(condition)
    make_hearing("Annen høring", status="assessing")
    db.session.commit()
    by_condition = client.get(f"/hearings/?condition={condition.id}").get_data(as_text=True)
    assert "Mineralhøring" in by_condition and "Annen høring" not in by_condition
    by_status = client.get("/hearings/?status=assessing").get_data(as_text=True)
    assert "Annen høring" in by_status and "Mineralhøring" not in by_status
    by_issuer = client.get("/hearings/?issuer=N%C3%A6rings-+og+fiskeridepartementet").get_data(as_text=True)
    assert "Mineralhøring" in by_issuer and "Annen høring" not in by_issuer


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_partners_and_viewers_read_hearings_but_cannot_change_them(client, login_as, make_hearing,
                                                                  role):
    hearing = make_hearing("Lesbar høring")
    services.add_default_milestones(hearing)
    db.session.commit()
    login_as(role)
    assert client.get("/hearings/").status_code == 200
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert "Lesbar høring" in page and "Rediger" not in page
    milestone = hearing.milestones[0]
    for url in (f"/hearings/new", f"/hearings/{hearing.id}/edit", f"/hearings/{hearing.id}/delete",
                f"/hearings/{hearing.id}/milestones/new", f"/milestones/{milestone.id}/edit",
                f"/milestones/{milestone.id}/delete"):
        assert client.get(url).status_code == 403, url
        assert client.submit(url, {"title": "Endret"}, form_url="/logout").status_code == 403, url
    db.session.refresh(hearing)
    assert hearing.title == "Lesbar høring" and len(hearing.milestones) == 3


def test_unknown_ids_are_404(client, login_as):
    login_as("staff")
    for url in ("/hearings/999", "/hearings/999/edit", "/hearings/999.ics",
                "/milestones/999/edit"):
        assert client.get(url).status_code == 404, url


def test_follow_and_unfollow(client, login_as, make_hearing):
    user = login_as("viewer")
    hearing = make_hearing()
    client.submit(f"/hearings/{hearing.id}/follow", {"follow": "1"},
                  form_url=f"/hearings/{hearing.id}")
    assert user in hearing.followers
    client.submit(f"/hearings/{hearing.id}/follow", {"follow": "0"},
                  form_url=f"/hearings/{hearing.id}")
    db.session.refresh(hearing)
    assert user not in hearing.followers


def test_deleting_a_hearing_keeps_conditions(client, login_as, make_hearing, make_condition):
    login_as("staff")
    condition = make_condition()
    hearing = make_hearing()
    hearing.conditions.append(condition)
    services.add_default_milestones(hearing)
    db.session.commit()
    assert client.submit(f"/hearings/{hearing.id}/delete", {}).status_code == 302
    assert db.session.scalar(select(Hearing)) is None
    assert db.session.scalar(select(Milestone)) is None
    assert db.session.get(type(condition), condition.id) is not None


def test_suggestions_are_confirmed_or_dismissed(client, login_as, make_hearing, make_condition):
    from advocacy.hearings.models import ConditionSuggestion

    login_as("staff")
    law = make_condition("Kulturminneloven")
    other = make_condition("Mineralloven")
    hearing = make_hearing("Høring om ny kulturminnelov")
    for condition in (law, other):
        hearing.suggestions.append(ConditionSuggestion(condition=condition, reason="test"))
    db.session.commit()
    yes, no = hearing.suggestions
    client.submit(f"/suggestions/{yes.id}/confirm", {}, form_url=f"/hearings/{hearing.id}")
    client.submit(f"/suggestions/{no.id}/dismiss", {}, form_url=f"/hearings/{hearing.id}")
    db.session.expire_all()
    hearing = db.session.get(Hearing, hearing.id)
    assert [c.title for c in hearing.conditions] == ["Kulturminneloven"]
    assert [(s.condition.title, s.is_dismissed) for s in hearing.suggestions] == [("Mineralloven", True)]


def test_standard_milestones_never_fall_on_a_weekend_or_holiday(make_hearing):
    """Every deadline over two years: the milestones the app counts back from it land on
    working days, and only the state's own deadline may get the non-working-day warning."""
    from advocacy.hearings.holidays import non_working_reason
    from advocacy.hearings.warnings import hearing_warnings

    hearing = make_hearing(deadline=services.deadline_at(date(2027, 1, 1)))
    services.add_default_milestones(hearing)
    db.session.commit()
    day = date(2027, 1, 1)
    while day < date(2029, 1, 1):
        hearing.deadline_at = services.deadline_at(day)
        for milestone in hearing.milestones:
            assert non_working_reason(milestone.due_at.astimezone(OSLO).date()) is None, \
                (day, milestone.title)
            assert milestone.due_at < hearing.deadline_at
        assert not any("Internfristen" in w.message for w in hearing_warnings(hearing)), day
        day += timedelta(days=1)


def test_a_milestone_someone_fixed_on_a_holiday_stays_and_is_warned_about(make_hearing):
    from advocacy.hearings.warnings import hearing_warnings

    hearing = make_hearing(deadline=services.deadline_at(date(2027, 1, 15)))
    hearing.milestones.append(Milestone(kind="other", title="Møte",
                                        fixed_at=datetime(2026, 12, 26, 12, 0, tzinfo=OSLO)))
    db.session.commit()
    assert hearing.milestones[0].due_at.astimezone(OSLO).date() == date(2026, 12, 26)
    assert any("Internfristen «Møte» 26.12.2026 faller på en helligdag" in w.message
               for w in hearing_warnings(hearing))


def test_the_source_link_says_where_it_leads(client, login_as, make_hearing):
    login_as("viewer")
    hearing = make_hearing(url="https://www.regjeringen.no/no/dokumenter/horing/id3085000/",
                           source="regjeringen")
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert "<dt>Kilde</dt><dd>Hentet fra regjeringen.no</dd>" in page
    assert ('<a href="https://www.regjeringen.no/no/dokumenter/horing/'
            'id3085000/">Les høringen hos regjeringen.no</a>') in page


def test_a_manual_hearing_says_so_in_plain_text(client, login_as, make_hearing):
    login_as("viewer")
    with_url = make_hearing(url="https://www.example.no/horing", source="manual")
    page = client.get(f"/hearings/{with_url.id}").get_data(as_text=True)
    assert "<dt>Kilde</dt><dd>Registrert manuelt</dd>" in page
    assert ('<a href="https://www.example.no/horing">Les høringen hos '
            "Kommunal- og distriktsdepartementet</a>") in page
    without = make_hearing(url=None, source="manual")
    page = client.get(f"/hearings/{without.id}").get_data(as_text=True)
    assert "<dt>Kilde</dt><dd>Registrert manuelt</dd>" in page
    assert "Les høringen hos" not in page and "<dt>Lenke</dt>" not in page
