"""The plan's own consultation («Planhøring»): partners answer the plan's questions for their
organisation until the deadline; staff see who answered what and export the answers."""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import date, datetime, timedelta

import docx
import pytest
from sqlalchemy import func, select

from advocacy import clock
from advocacy.audit.models import AuditEvent
from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.plan.consultation import (MAX_ANSWER, ConsultationAnswer, ConsultationQuestion,
                                        ConsultationRound, deadline_moment)
from tests.conftest import Client
from tests.test_query_counts import count_queries

QUESTIONS = [
    "Hvordan kan dere bidra til å jobbe mer målrettet med rammebetingelsene?",
    "Hvilke nasjonale rammebetingelser hindrer dere mest?",
    "Hvordan kan Buskerud stå mer samlet i dialogen med staten?",
    "Hvilke arenaer bør brukes?",
    "Har dere andre innspill?",
]
DEADLINE = deadline_moment(date(2026, 12, 15))


@pytest.fixture
def consultation(plan):
    round_ = ConsultationRound(plan=plan, title="Høring av Testplanen", deadline_at=DEADLINE,
                               is_open=True, introduction="Svar innen fristen.")
    round_.questions = [ConsultationQuestion(text=t, position=i)
                        for i, t in enumerate(QUESTIONS, start=1)]
    db.session.add(round_)
    db.session.commit()
    return round_


@pytest.fixture
def orgs(app):
    found = {name: Organisation(name=name, kind=kind) for name, kind in [
        ("Drammen kommune", "municipality"), ("Lier kommune", "municipality"),
        ("Buskerud fylkeskommune", "county")]}
    db.session.add_all(found.values())
    db.session.commit()
    return found


@pytest.fixture
def partner_of(make_user, orgs):
    def make(name: str = "Drammen kommune"):
        user = make_user("partner")
        user.organisation = orgs[name]
        db.session.commit()
        return user
    return make


def _url(org: Organisation) -> str:
    return f"/planhoring/svar/{org.id}"


def _form(round_: ConsultationRound, texts: dict[int, str], bases: dict[int, int] | None = None):
    """Form data: ``texts`` by question number (1-based); the rest empty."""
    data = {}
    for number, question in enumerate(round_.questions, start=1):
        data[f"answer_{question.id}"] = texts.get(number, "")
        data[f"base_{question.id}"] = str((bases or {}).get(number, 0))
    return data


def _answers(org: Organisation) -> dict[str, str]:
    db.session.expire_all()
    rows = db.session.scalars(select(ConsultationAnswer).filter_by(organisation_id=org.id))
    return {a.question.text: a.text for a in rows}


def test_a_partner_answers_for_their_organisation_and_the_change_is_logged(
        client, consultation, orgs, partner_of):
    user = partner_of()
    client.login(user)
    response = client.get("/planhoring/")
    assert response.status_code == 302 and response.location.endswith(_url(orgs["Drammen kommune"]))
    page = client.get(_url(orgs["Drammen kommune"])).get_data(as_text=True)
    for text in QUESTIONS:
        assert text in page
    assert "15.12.2026 kl. 23:59" in page
    response = client.submit(_url(orgs["Drammen kommune"]), _form(consultation, {
        1: "Vi deler erfaringer fra arealplanleggingen.", 3: "Felles innspill i Buskerudtinget."}))
    assert response.status_code == 302
    assert _answers(orgs["Drammen kommune"]) == {
        QUESTIONS[0]: "Vi deler erfaringer fra arealplanleggingen.",
        QUESTIONS[2]: "Felles innspill i Buskerudtinget."}
    answer = db.session.scalar(select(ConsultationAnswer).filter_by(
        question_id=consultation.questions[0].id))
    assert answer.author_id == user.id and answer.version == 1
    page = client.get(_url(orgs["Drammen kommune"])).get_data(as_text=True)
    assert f"Sist lagret av {user.name}" in page
    events = db.session.scalars(select(AuditEvent).filter_by(
        object_type="consultation_answer")).all()
    assert len(events) == 2 and {e.actor_id for e in events} == {user.id}
    # Emptying an answer removes it, and the log says so.
    response = client.submit(_url(orgs["Drammen kommune"]), _form(
        consultation, {1: "Vi deler erfaringer fra arealplanleggingen."}, {1: 1, 3: 1}))
    assert response.status_code == 302
    assert list(_answers(orgs["Drammen kommune"])) == [QUESTIONS[0]]
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).filter_by(
        object_type="consultation_answer", action="delete")) == 1


def test_a_partner_cannot_see_or_answer_for_another_organisation(
        client, consultation, orgs, partner_of):
    lier = partner_of("Lier kommune")
    client.login(partner_of())
    assert client.get(_url(lier.organisation)).status_code == 404
    token = client.token(_url(orgs["Drammen kommune"]))
    response = client.post(_url(lier.organisation),
                           data={**_form(consultation, {1: "Fra Drammen"}), "csrf_token": token})
    assert response.status_code == 404
    assert _answers(lier.organisation) == {}
    # Nor the county's overview, a question's answers from everyone, or the exports.
    for url in (f"/planhoring/sporsmal/{consultation.questions[0].id}",
                f"/planhoring/sporsmal/{consultation.questions[0].id}.docx",
                "/planhoring/svar.zip", "/planhoring/innstillinger"):
        assert client.get(url).status_code == 403, url


def test_a_viewer_reads_but_cannot_answer(client, consultation, orgs, partner_of, login_as):
    drammen = orgs["Drammen kommune"]
    db.session.add(ConsultationAnswer(question=consultation.questions[1], organisation=drammen,
                                      text="Inntektssystemet.", author=partner_of()))
    db.session.commit()
    login_as("viewer")
    page = client.get(_url(drammen)).get_data(as_text=True)
    assert "Inntektssystemet." in page and "Lagre svarene" not in page
    token = client.token("/profile")
    response = client.post(_url(drammen), data={**_form(consultation, {2: "Endret"}, {2: 1}),
                                                "csrf_token": token})
    assert response.status_code == 403
    assert _answers(drammen) == {QUESTIONS[1]: "Inntektssystemet."}
    assert client.get("/planhoring/innstillinger").status_code == 403


def test_staff_answer_on_behalf_of_an_organisation(client, consultation, orgs, login_as):
    staff = login_as("staff")
    lier = orgs["Lier kommune"]
    page = client.get(_url(lier)).get_data(as_text=True)
    assert "Du skriver svar på vegne av Lier kommune" in page
    assert client.submit(_url(lier), _form(consultation, {5: "Mottatt per brev."})).status_code \
        == 302
    answer = db.session.scalar(select(ConsultationAnswer).filter_by(organisation_id=lier.id))
    assert answer.author_id == staff.id and answer.is_on_behalf
    assert "fylkeskommunen, på vegne av Lier kommune" in client.get(_url(lier)).get_data(
        as_text=True)
    # The county itself is not asked.
    assert client.get(_url(orgs["Buskerud fylkeskommune"])).status_code == 404


def test_a_too_long_answer_saves_nothing_and_keeps_what_was_typed(
        client, consultation, orgs, partner_of):
    client.login(partner_of())
    long_text = "x" * (MAX_ANSWER + 1)
    response = client.submit(_url(orgs["Drammen kommune"]), _form(
        consultation, {1: "Et godt svar som ikke skal gå tapt.", 2: long_text}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Svaret på spørsmål 2 er for langt" in page
    assert "Et godt svar som ikke skal gå tapt." in page and long_text in page
    # No maxlength: a browser would cut a pasted answer at the limit without a word.
    assert "maxlength" not in page.split('id="answer_')[1].split(">")[0]
    assert _answers(orgs["Drammen kommune"]) == {}


def test_after_the_deadline_answers_are_read_only_and_saves_are_refused(
        client, consultation, orgs, partner_of, login_as):
    drammen = orgs["Drammen kommune"]
    client.login(partner_of())
    token = client.token(_url(drammen))
    clock.freeze(DEADLINE + timedelta(minutes=1))
    page = client.get(_url(drammen)).get_data(as_text=True)
    assert "Svarfristen gikk ut 15.12.2026 kl. 23:59" in page
    assert "Lagre svarene" not in page
    response = client.post(_url(drammen), data={
        **_form(consultation, {1: "For sent, men ikke tapt"}), "csrf_token": token})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Svarfristen gikk ut" in page and "For sent, men ikke tapt" in page
    assert _answers(drammen) == {}
    # The deadline binds staff too; a minute before it, the save goes through.
    client.post("/logout", data={"csrf_token": token})
    login_as("staff")
    assert client.submit(_url(drammen), _form(consultation, {1: "For sent"}),
                         form_url="/profile").status_code == 409
    clock.freeze(DEADLINE - timedelta(minutes=1))
    assert client.submit(_url(drammen), _form(consultation, {1: "I tide"})).status_code == 302
    assert _answers(drammen) == {QUESTIONS[0]: "I tide"}


def test_a_closed_round_is_hidden_from_partners(client, consultation, orgs, partner_of):
    consultation.is_open = False
    db.session.commit()
    client.login(partner_of())
    assert client.get(_url(orgs["Drammen kommune"])).status_code == 404
    assert "ingen åpen høring" in client.get("/planhoring/").get_data(as_text=True)


def test_a_save_on_an_answer_changed_meanwhile_gives_both_texts_and_saves_nothing(
        app, consultation, orgs, partner_of):
    drammen = orgs["Drammen kommune"]
    first, second = Client(app.test_client()), Client(app.test_client())
    first.login(partner_of())
    second.login(partner_of())
    token_first, token_second = first.token(_url(drammen)), second.token(_url(drammen))
    assert first.post(_url(drammen), data={**_form(consultation, {2: "Kari sitt svar"}),
                                           "csrf_token": token_first}).status_code == 302
    response = second.post(_url(drammen), data={
        **_form(consultation, {2: "Ola sitt svar", 4: "Ola om arenaer"}),
        "csrf_token": token_second})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Noen andre lagret svar mens du skrev" in page
    assert "Kari sitt svar" in page and "Ola sitt svar" in page and "Ola om arenaer" in page
    assert _answers(drammen) == {QUESTIONS[1]: "Kari sitt svar"}
    # The page now carries the stored version: saving again is a deliberate overwrite.
    question = consultation.questions[1]
    assert f'id="base_{question.id}" name="base_{question.id}" type="hidden" value="1"' in page
    response = second.post(_url(drammen), data={
        **_form(consultation, {2: "Ola sitt svar", 4: "Ola om arenaer"}, {2: 1}),
        "csrf_token": token_second})
    assert response.status_code == 302
    assert _answers(drammen) == {QUESTIONS[1]: "Ola sitt svar", QUESTIONS[3]: "Ola om arenaer"}


#: Partner users of one organisation saving at once.
SAVERS = 5


@pytest.mark.parametrize("existing", [False, True], ids=["new", "update"])
def test_simultaneous_saves_of_one_organisation_never_lose_an_answer_silently(
        app, consultation, orgs, partner_of, db_name, existing):
    """Real threads, each with its own client, session and connection, save the same
    answer at once: one wins, every other gets its own text back with a message."""
    drammen = orgs["Drammen kommune"]
    question = consultation.questions[0]
    base = 0
    if existing:
        db.session.add(ConsultationAnswer(question=question, organisation=drammen,
                                          text="Det første svaret", author=partner_of()))
        db.session.commit()
        base = 1
    clients, tokens = [], []
    for _ in range(SAVERS):
        client = Client(app.test_client())
        client.login(partner_of())
        clients.append(client)
        tokens.append(client.token(_url(drammen)))
    db.session.commit()
    forms = [{**_form(consultation, {1: f"Svar fra bruker {i}"}, {1: base}),
              "csrf_token": tokens[i]} for i in range(SAVERS)]
    url = _url(drammen)
    barrier = threading.Barrier(SAVERS, timeout=120)
    results: list = [None] * SAVERS

    def save(i: int) -> None:
        try:
            data = forms[i]
            barrier.wait()
            response = clients[i].raw.post(url, data=data)
            results[i] = (response.status_code, response.get_data(as_text=True))
        except BaseException as error:  # noqa: BLE001 - reported below, not lost
            results[i] = ("raised", repr(error))

    threads = [threading.Thread(target=save, args=(i,)) for i in range(SAVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(t.is_alive() for t in threads)
    allowed = {302, 409} | ({503} if db_name == "sqlite" else set())
    assert all(r[0] in allowed for r in results), [r[0] if r[0] != "raised" else r
                                                   for r in results]
    winners = [i for i, r in enumerate(results) if r[0] == 302]
    assert len(winners) == 1, [r[0] for r in results]
    assert _answers(drammen) == {QUESTIONS[0]: f"Svar fra bruker {winners[0]}"}
    for i, (status, page) in enumerate(results):
        if i in winners:
            continue
        assert f"Svar fra bruker {i}" in page  # what this user typed is on the page
        if status == 409:
            assert "Noen andre lagret svar mens du skrev" in page
            assert f"Svar fra bruker {winners[0]}" in page
        else:
            assert "databasen var opptatt" in page


def test_the_overview_counts_answers_per_question_and_lists_who_is_missing(
        client, consultation, orgs, partner_of, login_as):
    drammen, lier = orgs["Drammen kommune"], orgs["Lier kommune"]
    author = partner_of()
    for question in consultation.questions:
        db.session.add(ConsultationAnswer(question=question, organisation=drammen, text="Ja",
                                          author=author))
    db.session.add(ConsultationAnswer(question=consultation.questions[0], organisation=lier,
                                      text="Kanskje", author=author))
    db.session.commit()
    login_as("viewer")
    page = client.get("/planhoring/").get_data(as_text=True)
    assert "2 svar<span class=\"visually-hidden\"> på spørsmål 1</span>" in page
    assert "1 svar<span class=\"visually-hidden\"> på spørsmål 2</span>" in page
    assert "5 av 5" in page and "1 av 5" in page
    missing = client.get("/planhoring/?mangler=1").get_data(as_text=True)
    assert "Lier kommune" in missing and "Drammen kommune" not in missing
    page = client.get(f"/planhoring/sporsmal/{consultation.questions[1].id}").get_data(
        as_text=True)
    assert "Har ikke svart (1)" in page and "Lier kommune." in page


def test_the_overview_costs_the_same_with_many_organisations(
        client, consultation, orgs, login_as, partner_of):
    login_as("staff")

    def queries() -> int:
        with count_queries() as statements:
            assert client.get("/planhoring/").status_code == 200
        return len(statements)

    few = queries()
    author = partner_of()
    for n in range(20):
        org = Organisation(name=f"Organisasjon {n:02d}", kind="business")
        db.session.add(org)
        db.session.add(ConsultationAnswer(question=consultation.questions[n % 5],
                                          organisation=org, text="Svar", author=author))
    db.session.commit()
    assert queries() == few


def test_each_question_exports_as_word_and_all_as_a_zip(client, consultation, orgs, partner_of,
                                                        login_as):
    drammen, lier = orgs["Drammen kommune"], orgs["Lier kommune"]
    author = partner_of()
    db.session.add(ConsultationAnswer(question=consultation.questions[0], organisation=drammen,
                                      text="Første avsnitt.\n\nAndre avsnitt.", author=author))
    db.session.commit()
    login_as("staff")
    response = client.get(f"/planhoring/sporsmal/{consultation.questions[0].id}.docx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.data))
    texts = [p.text for p in document.paragraphs]
    assert "Høring av Testplanen" in texts and "Spørsmål 1 av 5" in texts
    assert QUESTIONS[0] in texts and "Drammen kommune" in texts
    assert "Første avsnitt." in texts and "Andre avsnitt." in texts
    assert texts[texts.index("Drammen kommune")] and any(
        t.startswith(f"Lagret av {author.name} ") for t in texts)
    assert "Har ikke svart" in texts and "Lier kommune." in texts
    assert document.paragraphs[texts.index("Drammen kommune")].style.name == "Heading 2"
    response = client.get("/planhoring/svar.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert len(names) == 5 and all(n.endswith(".docx") for n in names)
        assert names[1].startswith("Planhøring - spørsmål 2 - Hvilke nasjonale")
        second = docx.Document(io.BytesIO(archive.read(names[1])))
        assert "Ingen organisasjoner har svart på dette spørsmålet ennå." in [
            p.text for p in second.paragraphs]
    assert lier  # asked, not answered: listed above


def test_staff_set_up_the_round_and_its_questions(client, plan, login_as, orgs):
    login_as("staff")
    assert "Opprett planhøringen" in client.get("/planhoring/").get_data(as_text=True)
    bad = client.submit("/planhoring/innstillinger", {
        "title": "Høring av Testplanen", "deadline_on": "31.02.2027"})
    assert bad.status_code == 422 and "finnes ikke" in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ConsultationRound)) == 0
    response = client.submit("/planhoring/innstillinger", {
        "title": "Høring av Testplanen", "deadline_on": "15.01.2027", "deadline_time": "12:00",
        "is_open": "y", "introduction": "Vi vil høre fra dere."})
    assert response.status_code == 302
    round_ = db.session.scalar(select(ConsultationRound))
    assert round_.deadline_at == datetime(2027, 1, 15, 12, 0, tzinfo=clock.OSLO)
    assert round_.is_open
    assert client.submit("/planhoring/sporsmal/ny", {"text": "Hva er viktigst?",
                                                     "position": "1"}).status_code == 302
    assert client.submit("/planhoring/sporsmal/ny", {"text": "", "position": "2"}).status_code \
        == 422
    question = db.session.scalar(select(ConsultationQuestion))
    assert client.submit(f"/planhoring/sporsmal/{question.id}/rediger", {
        "text": "Hva er aller viktigst?", "position": "1"}).status_code == 302
    db.session.expire_all()
    assert question.text == "Hva er aller viktigst?"
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).filter_by(
        object_type="consultation_question")) == 2


def test_partners_cannot_change_the_questions(client, consultation, partner_of):
    client.login(partner_of())
    question = consultation.questions[0]
    for url in ("/planhoring/sporsmal/ny", f"/planhoring/sporsmal/{question.id}/rediger"):
        assert client.get(url).status_code == 403, url


def test_seed_demo_adds_the_five_questions_and_two_answers(app):
    from advocacy.demo import seed_demo

    seed_demo()
    round_ = db.session.scalar(select(ConsultationRound))
    assert len(round_.questions) == 5 and round_.accepts_answers()
    answers = db.session.scalars(select(ConsultationAnswer)).all()
    assert len(answers) == 2
    assert seed_demo().added.get("consultation_answer") is None
    assert db.session.scalar(select(func.count()).select_from(ConsultationAnswer)) == 2


def test_staff_delete_a_question_only_while_nobody_has_answered_it(
        client, consultation, orgs, partner_of, login_as):
    answered, unanswered = consultation.questions[0], consultation.questions[4]
    db.session.add(ConsultationAnswer(question=answered, organisation=orgs["Drammen kommune"],
                                      text="Et svar", author=partner_of()))
    db.session.commit()
    answered_id, unanswered_id = answered.id, unanswered.id
    login_as("viewer")
    token = client.token("/profile")
    assert client.post(f"/planhoring/sporsmal/{unanswered_id}/slett",
                       data={"csrf_token": token}).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    login_as("staff")
    response = client.submit(f"/planhoring/sporsmal/{answered_id}/slett",
                             form_url=f"/planhoring/sporsmal/{answered_id}/rediger")
    assert response.status_code == 409
    assert "Spørsmålet er besvart og kan ikke slettes" in response.get_data(as_text=True)
    assert client.submit(f"/planhoring/sporsmal/{unanswered_id}/slett",
                         form_url=f"/planhoring/sporsmal/{unanswered_id}/rediger"
                         ).status_code == 302
    db.session.expire_all()
    assert [q.id for q in db.session.scalars(select(ConsultationQuestion))].count(
        unanswered_id) == 0
    assert db.session.get(ConsultationQuestion, answered_id) is not None
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).filter_by(
        object_type="consultation_question", action="delete")) == 1
