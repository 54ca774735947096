"""The JSON API under /api/v1/: tokens from the profile page, the pages' access rules and
validation, problem answers, paging and ETags, and the OpenAPI document."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from advocacy import clock
from advocacy.audit.models import AuditEvent
from advocacy.auth import api_tokens
from advocacy.auth.api_tokens import ApiToken
from advocacy.extensions import db

_TOKEN = re.compile(r'id="new-api-token"[^>]*value="([^"]+)"')


def token_for(user, name: str = "Test") -> str:
    """A fresh token of ``user``, made as the profile page makes it."""
    _, token = api_tokens.create(user, name, 90)
    db.session.commit()
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def staff_token(make_user):
    user = make_user("staff")
    return user, token_for(user)


# --- tokens on the profile page ------------------------------------------------------------

def test_a_token_made_on_the_profile_lists_conditions(client, login_as, make_condition, app):
    user = login_as("viewer")
    make_condition("Inntektssystemet for kommunene")
    page = client.submit("/profile/api-tokens", {"token_name": "Dashbord", "lifetime": "90"},
                         form_url="/profile")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Kopier den nå: den vises ikke igjen" in html
    token = _TOKEN.search(html).group(1)
    assert token.startswith("fst_")
    row = db.session.scalar(select(ApiToken).filter_by(user_id=user.id))
    # Only the hash is kept; the page after this does not show the token again.
    assert row.token_hash != token and token not in repr(vars(row))
    assert token not in client.get("/profile").get_data(as_text=True)

    fresh = app.test_client()  # no cookie: a script with the token alone
    answer = fresh.get("/api/v1/conditions/", headers=bearer(token))
    assert answer.status_code == 200
    assert [c["title"] for c in answer.get_json()["items"]] == ["Inntektssystemet for kommunene"]


def test_making_and_revoking_a_token_is_logged_without_the_token(client, login_as):
    user = login_as("staff")
    html = client.submit("/profile/api-tokens", {"token_name": "Arkivet", "lifetime": "30"},
                         form_url="/profile").get_data(as_text=True)
    token = _TOKEN.search(html).group(1)
    row = db.session.scalar(select(ApiToken).filter_by(user_id=user.id))
    response = client.submit(f"/profile/api-tokens/{row.id}/revoke", form_url="/profile")
    assert response.status_code == 302
    assert client.raw.get("/api/v1/me", headers=bearer(token)).status_code == 401
    events = db.session.scalars(select(AuditEvent).filter_by(object_type="api_token")
                                .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["create", "update"]
    assert all(token not in str(e.changes) and row.token_hash not in str(e.changes)
               for e in events)
    assert "revoked_at" in events[1].changes


def test_a_token_needs_a_name(client, login_as):
    login_as("staff")
    page = client.submit("/profile/api-tokens", {"token_name": " ", "lifetime": "90"},
                         form_url="/profile")
    assert page.status_code == 422
    assert "Skriv hva nøkkelen skal brukes til" in page.get_data(as_text=True)
    assert db.session.scalar(select(ApiToken)) is None


def test_nobody_revokes_another_users_token(client, login_as, make_user):
    owner = make_user("staff")
    token = token_for(owner)
    row = db.session.scalar(select(ApiToken).filter_by(user_id=owner.id))
    login_as("admin")
    response = client.submit(f"/profile/api-tokens/{row.id}/revoke", form_url="/profile")
    assert response.status_code == 404
    assert client.raw.get("/api/v1/me", headers=bearer(token)).status_code == 200


# --- who gets in ---------------------------------------------------------------------------

def test_a_session_cookie_alone_gets_401(client, login_as):
    login_as("admin")
    response = client.raw.get("/api/v1/conditions/")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["title"] == "Ikke innlogget" and "Authorization: Bearer" in body["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer fst_not-a-token", "Basic dXNlcjpwYXNz", "fst_x", ""])
def test_a_wrong_token_gets_401(app, header):
    response = app.test_client().get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401


def test_an_expired_token_or_a_deactivated_user_gets_401(app, make_user):
    user = make_user("staff")
    token = token_for(user)
    client = app.test_client()
    assert client.get("/api/v1/me", headers=bearer(token)).get_json()["name"] == user.name
    clock.freeze(clock.now() + timedelta(days=91))
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    clock.freeze(clock.now() - timedelta(days=91))
    user.is_active_account = False
    db.session.commit()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_no_csrf_token_is_needed_to_write(app, staff_token, make_body):
    _, token = staff_token
    body = make_body()
    response = app.test_client().post("/api/v1/conditions/", headers=bearer(token), json={
        "title": "Strandsoneforvaltning", "kind": "regulation", "owner_body_id": body.id})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["owner_body"] == body.label


# --- reading with the pages' rules -------------------------------------------------------

def test_a_partner_token_lists_only_the_papers_the_organisation_is_invited_to(
        app, make_user, client):
    from advocacy.auth.models import Organisation
    from advocacy.papers import services as paper_services
    from advocacy.papers.models import Invitation

    author = make_user("staff")
    drammen = Organisation(name="Drammen kommune", kind="municipality")
    kongsberg = Organisation(name="Kongsberg kommune", kind="municipality")
    db.session.add_all([drammen, kongsberg])
    ours = paper_services.create_paper(title="Felles uttalelse om NTP", author=author)
    theirs = paper_services.create_paper(title="Intern uttalelse", author=author)
    ours.invitations.append(Invitation(organisation=drammen, sign_by=clock.today()))
    ours.invitations.append(Invitation(organisation=kongsberg, sign_by=clock.today(),
                                       answer="declined", comment="Vi har et eget svar."))
    db.session.commit()
    partner = make_user("partner")
    partner.organisation = drammen
    db.session.commit()
    token = token_for(partner)
    api = app.test_client()

    listed = api.get("/api/v1/papers/", headers=bearer(token)).get_json()
    assert [p["title"] for p in listed["items"]] == ["Felles uttalelse om NTP"]
    assert listed["total"] == 1
    assert api.get(f"/api/v1/papers/{theirs.id}", headers=bearer(token)).status_code == 404
    # The same user on the page sees the same: the paper they are invited to, not the other.
    client.login(partner)
    assert client.get(f"/papers/{theirs.id}").status_code == 404
    detail = api.get(f"/api/v1/papers/{ours.id}", headers=bearer(token)).get_json()
    assert [s["heading"] for s in detail["sections"]] == ["Innledning", "Våre merknader",
                                                         "Avslutning"]
    # Another organisation's declining comment is not shown to a partner, as on the page.
    kongsberg = next(s for s in detail["signatures"] if s["organisation"] == "Kongsberg kommune")
    assert kongsberg["state"] == "declined" and kongsberg["comment"] == ""
    staff = api.get(f"/api/v1/papers/{ours.id}", headers=bearer(token_for(author))).get_json()
    assert "Vi har et eget svar." in [s["comment"] for s in staff["signatures"]]


def test_a_partner_token_sees_only_public_contacts_shared_with_the_organisation(app, make_user):
    from advocacy.auth.models import Organisation
    from advocacy.dialogue.models import Contact

    drammen = Organisation(name="Drammen kommune", kind="municipality")
    ringerike = Organisation(name="Ringerike kommune", kind="municipality")
    shared = Contact(title="Møte med SD om E134", occurred_on=clock.today(),
                     shared_with=[drammen, ringerike], summary="Vi la fram behovet.")
    exempt = Contact(title="Fortrolig samtale", occurred_on=clock.today(), is_exempt=True,
                     exemption_basis="Offl. § 15", shared_with=[drammen])
    other = Contact(title="Brev til KDD", occurred_on=clock.today(), shared_with=[ringerike])
    db.session.add_all([shared, exempt, other])
    db.session.commit()
    partner = make_user("partner")
    partner.organisation = drammen
    db.session.commit()
    api, token = app.test_client(), token_for(partner)
    listed = api.get("/api/v1/contacts/", headers=bearer(token)).get_json()
    assert [c["title"] for c in listed["items"]] == ["Møte med SD om E134"]
    detail = api.get(f"/api/v1/contacts/{shared.id}", headers=bearer(token)).get_json()
    assert detail["summary"] == "Vi la fram behovet."
    # As on the contact page: a partner is not told whom else it is shared with.
    assert detail["shared_with"] == [] and detail["created_by"] is None
    for hidden in (exempt, other):
        assert api.get(f"/api/v1/contacts/{hidden.id}", headers=bearer(token)).status_code == 404
    staff = api.get(f"/api/v1/contacts/{shared.id}",
                    headers=bearer(token_for(make_user("staff")))).get_json()
    assert {o["name"] for o in staff["shared_with"]} == {"Drammen kommune", "Ringerike kommune"}


def test_conditions_come_with_links_and_score(app, staff_token, make_condition, make_measure,
                                             make_link):
    _, token = staff_token
    condition = make_condition("Jordlova")
    make_link(make_measure("Næringsareal i Kongsberg"), condition, effect="hinders", strength=3)
    make_link(make_measure("Gang- og sykkelveier"), condition, effect="enables")
    api = app.test_client()
    item = api.get("/api/v1/conditions/", headers=bearer(token)).get_json()["items"][0]
    assert item["link_counts"] == {"hinders": 1, "enables": 1, "required": 0}
    assert item["score"]["total"] == condition.score.total > 0
    detail = api.get(f"/api/v1/conditions/{condition.id}", headers=bearer(token)).get_json()
    assert sorted(link["measure_title"] for link in detail["links"]) == [
        "Gang- og sykkelveier", "Næringsareal i Kongsberg"]


def test_lists_filter_as_the_pages_do_and_page_in_a_stable_order(app, staff_token,
                                                                 make_condition):
    _, token = staff_token
    for n in range(5):
        make_condition(f"Høy {n}", priority="high")
    make_condition("Lav", priority="low")
    api = app.test_client()
    first = api.get("/api/v1/conditions/?priority=high&per_page=2", headers=bearer(token))
    body = first.get_json()
    assert (body["total"], body["pages"], len(body["items"])) == (5, 3, 2)
    seen = [c["title"] for page in (1, 2, 3) for c in api.get(
        f"/api/v1/conditions/?priority=high&per_page=2&page={page}",
        headers=bearer(token)).get_json()["items"]]
    assert seen == [f"Høy {n}" for n in range(5)]
    by_title = api.get("/api/v1/conditions/?sort=-tittel&per_page=1", headers=bearer(token))
    assert by_title.get_json()["items"][0]["title"] == "Lav"
    too_many = api.get("/api/v1/conditions/?per_page=1000", headers=bearer(token))
    assert too_many.status_code == 422
    assert too_many.get_json()["errors"]["per_page"] == ["Skriv et tall fra 1 til 100."]


def test_an_unchanged_list_answers_304_to_its_etag(app, staff_token, make_condition):
    _, token = staff_token
    make_condition("Plan- og bygningsloven")
    api = app.test_client()
    first = api.get("/api/v1/conditions/", headers=bearer(token))
    etag = first.headers["ETag"]
    again = api.get("/api/v1/conditions/", headers={**bearer(token), "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    make_condition("Naturmangfoldloven")
    changed = api.get("/api/v1/conditions/", headers={**bearer(token), "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


# --- writing with the pages' rules ---------------------------------------------------------

def test_a_change_based_on_an_old_read_is_refused_with_412(app, staff_token, make_condition,
                                                            make_body):
    _, token = staff_token
    body = make_body()
    condition = make_condition("Vegloven", owner_body_id=body.id, owner_body=body.label)
    api = app.test_client()
    url = f"/api/v1/conditions/{condition.id}"
    etag = api.get(url, headers=bearer(token)).headers["ETag"]
    first = api.patch(url, headers={**bearer(token), "If-Match": etag}, json={"status": "active"})
    assert first.status_code == 200
    second = api.patch(url, headers={**bearer(token), "If-Match": etag},
                       json={"status": "resolved"})
    assert second.status_code == 412
    assert second.get_json()["detail"].startswith("Saken er endret siden du hentet den.")
    db.session.expire_all()
    assert condition.status == "active"
    fresh = api.get(url, headers=bearer(token))
    assert fresh.headers["Cache-Control"] == "private, no-cache"
    assert "Authorization" in fresh.headers["Vary"]


@pytest.mark.parametrize("role", ["viewer", "partner"])
def test_only_staff_write(app, make_user, make_condition, role):
    condition = make_condition("Vegloven")
    token = token_for(make_user(role))
    api = app.test_client()
    response = api.patch(f"/api/v1/conditions/{condition.id}", headers=bearer(token),
                         json={"priority": "high"})
    assert response.status_code == 403
    assert response.get_json()["title"] == "Ingen tilgang"
    assert api.delete(f"/api/v1/conditions/{condition.id}",
                      headers=bearer(token)).status_code == 403
    # Refused before the body is read: not told what would be wrong with it.
    assert api.post("/api/v1/conditions/", headers=bearer(token),
                    json={"title": 7}).status_code == 403
    db.session.expire_all()
    assert condition.priority == "medium"


def test_bad_input_gets_the_pages_messages_and_changes_nothing(app, staff_token, make_condition,
                                                               make_body):
    _, token = staff_token
    make_condition("Jordlova")
    condition = make_condition("Vegloven")
    api = app.test_client()
    response = api.patch(f"/api/v1/conditions/{condition.id}", headers=bearer(token), json={
        "title": "jordlova", "lovdata_id": "LOV-2023-02-30-1", "source_urls": ["ftp://x"]})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    errors = response.get_json()["errors"]
    assert errors["title"] == ["Det finnes allerede en rammebetingelse med denne tittelen."]
    assert errors["lovdata_id"][0].startswith("Lovdata-id må ha formen")
    assert "er ikke en gyldig nettadresse" in errors["source_urls"][0]
    wrong_types = api.post("/api/v1/conditions/", headers=bearer(token),
                           json={"title": 7, "kind": "law", "extra": 1})
    assert wrong_types.get_json()["errors"] == {
        "title": ["Skriv tekst."], "kind": ["Velg en av: regulation, funding, priority."],
        "owner_body_id": ["Feltet må fylles ut."], "extra": ["Ukjent felt."]}
    db.session.expire_all()
    assert condition.title == "Vegloven" and condition.lovdata_id is None
    assert api.post("/api/v1/conditions/", headers={**bearer(token),
                                                    "Content-Type": "application/json"},
                    data="{not json").status_code == 400


def test_changes_through_the_api_are_in_the_change_log(app, staff_token, make_condition,
                                                       make_measure):
    user, token = staff_token
    condition = make_condition("Vegloven")
    measure = make_measure("Trygg skolevei")
    api = app.test_client()
    link = api.post(f"/api/v1/conditions/{condition.id}/links", headers=bearer(token),
                    json={"measure_id": measure.id, "effect": "required", "strength": 3})
    assert link.status_code == 201, link.get_json()
    again = api.post(f"/api/v1/conditions/{condition.id}/links", headers=bearer(token),
                     json={"measure_id": measure.id, "effect": "hinders"})
    assert again.status_code == 422
    assert "er allerede koblet til" in again.get_json()["errors"]["measure_id"][0]
    changed = api.patch(f"/api/v1/links/{link.get_json()['id']}", headers=bearer(token),
                        json={"strength": 1})
    assert changed.get_json()["strength"] == 1 and changed.get_json()["effect"] == "required"
    events = db.session.scalars(select(AuditEvent).filter_by(object_type="dependency")
                                .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id) for e in events] == [("create", user.id), ("update", user.id)]
    assert events[1].changes == {"strength": [3, 1]}


def test_hearings_and_milestones_are_written_as_on_the_pages(app, staff_token, make_body):
    _, token = staff_token
    body = make_body("Samferdselsdepartementet", "SD")
    api = app.test_client()
    past = api.post("/api/v1/hearings/", headers=bearer(token), json={
        "title": "Høring – NTP", "issuer_body_id": body.id, "deadline_date": "2026-01-10"})
    assert past.status_code == 422
    assert past.get_json()["errors"]["deadline_date"][0].startswith(
        "Høringsfristen har allerede gått ut")
    created = api.post("/api/v1/hearings/", headers=bearer(token), json={
        "title": "Høring – NTP", "issuer_body_id": body.id, "deadline_date": "2027-03-01",
        "deadline_time": "12:00"})
    assert created.status_code == 201, created.get_json()
    hearing = created.get_json()
    assert hearing["deadline_at"].startswith("2027-03-01T11:00")  # 12:00 in Oslo is 11:00 UTC
    assert [m["title"] for m in hearing["milestones"]] == [
        "Utkast til høringsuttalelse klart", "Behandling i fylkesutvalget",
        "Partnere signerer innen"]
    moved = api.patch(f"/api/v1/hearings/{hearing['id']}", headers=bearer(token),
                      json={"deadline_date": "2027-03-15"}).get_json()
    assert moved["title"] == "Høring – NTP" and moved["status"] == "new"
    assert moved["milestones"][0]["due_at"] > hearing["milestones"][0]["due_at"]
    bad = api.post(f"/api/v1/hearings/{hearing['id']}/milestones", headers=bearer(token),
                   json={"kind": "other", "title": "Møte", "offset_days": 400})
    assert bad.get_json()["errors"] == {"offset_days": ["Skriv et tall fra 0 til 365."]}
    fixed = api.post(f"/api/v1/hearings/{hearing['id']}/milestones", headers=bearer(token),
                     json={"kind": "other", "title": "Møte med SD", "fixed_date": "2027-02-01"})
    assert fixed.status_code == 201
    assert fixed.get_json()["offset_days"] is None
    gone = api.delete(f"/api/v1/milestones/{fixed.get_json()['id']}", headers=bearer(token))
    assert gone.status_code == 204


# --- errors, the document and its page -----------------------------------------------------

def test_errors_outside_the_views_are_problems_too(app, staff_token):
    _, token = staff_token
    api = app.test_client()
    for response, status in ((api.get("/api/v1/nothing-here", headers=bearer(token)), 404),
                             (api.put("/api/v1/conditions/", headers=bearer(token)), 405),
                             (api.get("/api/v1/conditions/?q=a%00b", headers=bearer(token)), 400),
                             (api.get("/api/v1/conditions/99", headers=bearer(token)), 404)):
        assert response.status_code == status
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["status"] == status


def test_the_openapi_document_is_valid_31_and_its_page_lists_the_operations(client):
    response = client.get("/api/v1/openapi.json")
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    validate(spec)
    assert {"/api/v1/conditions/", "/api/v1/papers/{paper_id}", "/api/v1/outcomes/",
            "/api/v1/milestones/{milestone_id}"} <= set(spec["paths"])
    body = spec["paths"]["/api/v1/conditions/"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ConditionIn"}
    page = client.get("/api/v1/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<code>GET /api/v1/conditions/</code>" in html
    # Nothing is loaded from another server: the page works without a network.
    assert not re.search(r'(src|href)="(https?:)?//', html)


# --- what a list costs ---------------------------------------------------------------------

def _add_rows(n: int, start: int, staff, plan, body) -> None:
    """``n`` more of each: measures, conditions with links, hearings with milestones,
    papers with invitations and outcomes."""
    from advocacy.auth.models import Organisation
    from advocacy.conditions.models import Dependency, FrameworkCondition
    from advocacy.hearings import services as hearing_services
    from advocacy.hearings.models import Hearing
    from advocacy.papers import services as paper_services
    from advocacy.papers.models import Invitation, Outcome, PositionPaper
    from advocacy.plan.models import Measure

    hubs = ()
    for i in range(start, start + n):
        measure = Measure(title=f"Tiltak {i}", goal_id=plan.goals[i % 2].id)
        condition = FrameworkCondition(title=f"Betingelse {i}", kind="funding",
                                       owner_body=body.label, responsible=staff)
        db.session.add_all([measure, condition])
        measure.themes.append(plan.themes[0])
        db.session.add(Dependency(measure=measure, condition=condition, effect="hinders",
                                  strength=2))
        hearing = Hearing(title=f"Høring {i}", issuer=body.label, responsible=staff,
                          deadline_at=hearing_services.deadline_at(
                              clock.today() + timedelta(days=40 + i)))
        hearing_services.add_default_milestones(hearing)
        db.session.add(hearing)
        paper = paper_services.create_paper(title=f"Uttalelse {i}", author=staff)
        paper.responsible, paper.status = staff, "submitted"
        organisation = Organisation(name=f"Kommune {i}", kind="municipality")
        paper.invitations.append(Invitation(organisation=organisation, sign_by=clock.today()))
        paper.conditions.append(condition)
        paper.outcomes.append(Outcome(condition=condition, result="adopted"))
        if i == 0:
            hubs = (condition, hearing, paper)
        else:  # the first of each gathers links, conditions, measures and invitations
            hubs = hubs if i != start else (
                db.session.scalar(select(FrameworkCondition).filter_by(title="Betingelse 0")),
                db.session.scalar(select(Hearing).filter_by(title="Høring 0")),
                db.session.scalar(select(PositionPaper).filter_by(title="Uttalelse 0")))
            db.session.add(Dependency(measure=measure, condition=hubs[0], effect="required",
                                      strength=1))
            hubs[1].conditions.append(condition)
            hubs[1].measures.append(measure)
            hubs[2].invitations.append(Invitation(organisation=organisation,
                                                  sign_by=clock.today()))
    db.session.commit()


def test_a_list_costs_the_same_with_3_and_30_rows(app, staff_token, plan, make_body):
    from advocacy.conditions.models import FrameworkCondition
    from advocacy.hearings.models import Hearing
    from advocacy.papers.models import PositionPaper
    from tests.test_query_counts import count_queries

    user, token = staff_token
    body = make_body()
    api = app.test_client()
    urls = ["/api/v1/conditions/", "/api/v1/conditions/ranking", "/api/v1/measures/",
            "/api/v1/hearings/", "/api/v1/papers/", "/api/v1/outcomes/"]

    def costs() -> dict[str, int]:
        result = {}
        for url in urls:
            with count_queries() as statements:
                response = api.get(url + ("" if url in details else "?per_page=100"),
                                   headers=bearer(token))
            assert response.status_code == 200
            result[url] = len(statements)
        return result

    api.get("/api/v1/me", headers=bearer(token))  # the token's first use is noted
    _add_rows(3, 0, user, plan, body)
    # One of each gathers more with every row added: its page must not cost more for it.
    ids = {name: db.session.scalar(select(model.id).filter_by(title=title)) for name, model,
           title in (("conditions", FrameworkCondition, "Betingelse 0"),
                     ("hearings", Hearing, "Høring 0"), ("papers", PositionPaper, "Uttalelse 0"))}
    details = [f"/api/v1/{name}/{ids[name]}" for name in ids]
    urls += details
    few = costs()
    _add_rows(27, 3, user, plan, body)
    assert costs() == few
    outcomes = api.get("/api/v1/outcomes/?per_page=100", headers=bearer(token)).get_json()
    assert outcomes["total"] == 30 == len(outcomes["items"])
    hub_condition, hub_hearing, hub_paper = (api.get(url, headers=bearer(token)).get_json()
                                             for url in details)
    assert len(hub_condition["links"]) == len(hub_hearing["measures"]) + 1 == 30
    assert len(hub_paper["signatures"]) == 30


def test_the_hearing_list_takes_the_pages_week_filter(app, staff_token):
    from advocacy.hearings.models import Hearing
    from advocacy.hearings.services import deadline_at

    _, token = staff_token
    for title, day in (("I uke 50", date(2026, 12, 9)), ("I uke 51", date(2026, 12, 14))):
        db.session.add(Hearing(title=title, issuer="KDD", status="assessing",
                               deadline_at=deadline_at(day)))
    db.session.commit()
    api = app.test_client()
    week = api.get("/api/v1/hearings/?uke=2026-W50", headers=bearer(token))
    assert week.status_code == 200, week.get_json()
    assert [h["title"] for h in week.get_json()["items"]] == ["I uke 50"]
    bad = api.get("/api/v1/hearings/?uke=2026-W54", headers=bearer(token))
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    assert bad.get_json()["errors"]["uke"] == [
        "«2026-W54» er ikke en uke; skriv den som 2026-W49."]
