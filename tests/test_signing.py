"""Co-signing through the pages, with a real SMTP server: invite, sign, decline, withdraw,
signatures going stale when the text changes, refusals that change nothing, reminders."""

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy import select

from advocacy import clock
from advocacy.auth.models import Organisation, User
from advocacy.extensions import db
from advocacy.notify.reminders import run_reminders
from advocacy.papers import services
from advocacy.papers.models import Invitation, PositionPaper
from tests.conftest import Client, link_in

OSLO = clock.OSLO
TITLE = "Felles høringsuttalelse om næringsområder"
MUNICIPALITIES = {"drammen": ("Drammen kommune", "3301"), "lier": ("Lier kommune", "3312"),
                  "kongsberg": ("Kongsberg kommune", "3303"), "modum": ("Modum kommune", "3316")}


@dataclass
class World:
    staff: User
    orgs: dict[str, Organisation]
    partners: dict[str, User]


@pytest.fixture
def world(app, make_user) -> World:
    """Four municipalities with one partner each, and the staff member who drafts."""
    orgs = {key: Organisation(name=name, kind="municipality", municipality_number=number)
            for key, (name, number) in MUNICIPALITIES.items()}
    db.session.add_all(orgs.values())
    staff = make_user("staff", email="radgiver@buskerud.example", name="Åse Ærlig")
    partners = {}
    for key, org in orgs.items():
        partners[key] = make_user("partner", email=f"ordforer@{key}.example",
                                  name=f"Ordfører i {org.name.split()[0]}")
        partners[key].organisation = org
    db.session.commit()
    return World(staff, orgs, partners)


@pytest.fixture
def client_for(app):
    """A logged-in client of its own for ``user``."""

    def make(user: User) -> Client:
        client = Client(app.test_client())
        client.login(user)
        return client

    return make


def _text_data(title: str, sections: list[tuple[str, str]], base: int) -> dict:
    data = {"title": title, "base_number": base, "action": "save"}
    for i, (heading, body) in enumerate(sections):
        data[f"sections-{i}-heading"] = heading
        data[f"sections-{i}-body"] = body
    return data


def _draft_through_pages(staff: Client, responsible: User, title: str = TITLE) -> PositionPaper:
    response = staff.submit("/papers/new", {"title": title, "hearing_id": 0,
                                            "recipient": "Kommunal- og distriktsdepartementet",
                                            "our_reference": "26/100", "exemption_basis": "",
                                            "responsible_id": responsible.id})
    assert response.status_code == 302
    paper = db.session.scalar(select(PositionPaper).order_by(PositionPaper.id.desc()))
    response = staff.submit(f"/papers/{paper.id}/text", _text_data(title, [
        ("Bakgrunn", "Buskerud trenger **større næringsområder** & bedre vei."),
        ("Forslag", "- Endre statlige planretningslinjer\n- Styrke tilskuddet")], 1))
    assert response.status_code == 302
    return paper


def _invite(staff: Client, paper: PositionPaper, *orgs: Organisation,
            sign_by: str = "20.12.2026"):
    response = staff.submit(f"/papers/{paper.id}/invitations", {
        "organisation_ids": [o.id for o in orgs], "sign_by": sign_by})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


@pytest.fixture
def paper(world, client_for) -> PositionPaper:
    """A paper (version 2) with Drammen, Lier and Kongsberg invited to sign by 20.12.2026."""
    staff = client_for(world.staff)
    p = _draft_through_pages(staff, world.staff)
    _invite(staff, p, *(world.orgs[k] for k in ("drammen", "lier", "kongsberg")))
    return p


def _sign_data(user: User, **changes) -> dict:
    return {"name": user.name, "title": "ordfører", "mandate": "Kommunestyret, sak 12/26",
            "organisation_id": str(user.organisation_id)} | changes


def _state(paper_id: int):
    """Everything an answer could have changed, to show that a refusal changed nothing."""
    db.session.expire_all()
    paper = db.session.get(PositionPaper, paper_id)
    return (paper.status, paper.all_answered_mailed_at, sorted(
        (i.organisation.name, i.answer, i.revision_id, i.signed_hash, i.signer_id,
         i.signer_name, i.signer_title, i.mandate, i.comment, i.is_comment_shared,
         i.answered_at, i.sign_by) for i in paper.invitations))


def _invitation(paper, org) -> Invitation:
    db.session.expire_all()
    return db.session.scalar(select(Invitation).filter_by(paper_id=paper.id,
                                                          organisation_id=org.id))


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _all_answered_mails(mail_server, email="radgiver@buskerud.example"):
    return [m for m in mail_server.to(email) if m["Subject"].startswith("Alle har svart")]


# --- the whole round --------------------------------------------------------------------

def test_three_invited_two_sign_one_declines_and_an_edit_asks_for_confirmation(
        world, client_for, mail_server):
    staff = client_for(world.staff)
    paper = _draft_through_pages(staff, world.staff)
    detail = f"/papers/{paper.id}"
    drammen, lier, kongsberg = (world.orgs[k] for k in ("drammen", "lier", "kongsberg"))

    response = staff.submit(f"/papers/{paper.id}/invitations", {
        "organisation_ids": [drammen.id, lier.id, kongsberg.id], "sign_by": "20.12.2026"})
    assert response.status_code == 302
    page = _page(staff, detail)
    assert "Invitert til å signere: Drammen kommune, Kongsberg kommune, Lier kommune." in page
    assert "0 av 3 har signert" in page
    assert "Ikke svart: Drammen kommune, Kongsberg kommune, Lier kommune." in page
    assert "Til medsignering" in page
    assert mail_server.to("ordforer@modum.example") == []

    [invitation] = mail_server.to("ordforer@drammen.example")
    assert invitation["Subject"] == f"Invitasjon til å medsignere: {TITLE}"
    body = invitation.get_body(preferencelist=("plain",)).get_content()
    assert "Åse Ærlig inviterer Drammen kommune" in body
    assert "Fristen for å svare er 20.12.2026 kl. 23:59." in body
    sign_url = link_in(invitation, "/papers/")
    assert sign_url == f"/papers/{paper.id}/sign"

    # Drammen reads the text read-only and signs, the name filled in from the account.
    as_drammen = client_for(world.partners["drammen"])
    page = _page(as_drammen, sign_url)
    assert "<strong>større næringsområder</strong> &amp; bedre vei" in page
    assert 'value="Ordfører i Drammen"' in page
    response = as_drammen.submit(sign_url, _sign_data(world.partners["drammen"]))
    assert response.status_code == 302
    page = _page(as_drammen, detail)
    assert "Uttalelsen er signert for Drammen kommune." in page
    assert "1 av 3 har signert" in page and "Kommunestyret, sak 12/26" in page

    as_lier = client_for(world.partners["lier"])
    assert as_lier.submit(sign_url, _sign_data(world.partners["lier"],
                                               title="kommunedirektør")).status_code == 302
    assert _all_answered_mails(mail_server) == []

    as_kongsberg = client_for(world.partners["kongsberg"])
    response = as_kongsberg.submit(f"/papers/{paper.id}/decline", {
        "comment": "Vi støtter ikke punktet om tilskudd.",
        "organisation_id": str(kongsberg.id)}, form_url=sign_url)
    assert response.status_code == 302
    page = _page(staff, detail)
    assert "2 av 3 har signert" in page and "Ikke svart:" not in page
    assert "Takket nei" in page and "Vi støtter ikke punktet om tilskudd." in page

    [done] = _all_answered_mails(mail_server)
    assert done["Subject"] == f"Alle har svart på «{TITLE}»"
    body = done.get_body(preferencelist=("plain",)).get_content()
    assert "2 har signert og 1 har takket nei" in body
    assert "- Lier kommune: Ordfører i Lier, kommunedirektør" in body
    assert "- Kongsberg kommune: «Vi støtter ikke punktet om tilskudd.»" in body

    # Staff edit the text: both signatures go stale and both organisations are asked again.
    before = len(mail_server.messages)
    response = staff.submit(f"/papers/{paper.id}/text", _text_data(TITLE, [
        ("Bakgrunn", "Buskerud trenger **større næringsområder** & bedre vei."),
        ("Forslag", "- Endre statlige planretningslinjer\n- Øke tilskuddet med 20 %")], 2))
    assert response.status_code == 302
    page = _page(staff, detail)
    assert "0 av 3 har signert" in page
    assert page.count("signerte en tidligere versjon") == 2
    assert f'href="/papers/{paper.id}/diff?old=2&amp;new=3"' in page
    new_mails = mail_server.messages[before:]
    assert sorted(str(m["To"]) for m in new_mails) == [
        "Ordfører i Drammen <ordforer@drammen.example>", "Ordfører i Lier <ordforer@lier.example>"]
    [again] = mail_server.to("ordforer@drammen.example")[1:]
    assert again["Subject"] == f"Teksten er endret – bekreft signaturen på nytt: {TITLE}"
    diff_url = link_in(again, f"/papers/{paper.id}/diff")
    assert diff_url == f"/papers/{paper.id}/diff?old=2&new=3"
    diff = _page(as_drammen, diff_url)
    assert ('<li><del><span class="visually-hidden">[Fjernet:] </span>Styrke<span '
            'class="visually-hidden"> [slutt]</span></del><ins><span class="visually-hidden">'
            '[Satt inn:] </span>Øke<span class="visually-hidden"> [slutt]</span></ins> '
            'tilskuddet<ins><span class="visually-hidden">[Satt inn:] </span> med 20 %<span '
            'class="visually-hidden"> [slutt]</span></ins></li>') in diff

    page = _page(as_drammen, sign_url)
    assert "Endret siden dere signerte" in page
    assert '<del><span class="visually-hidden">[Fjernet:] </span>Styrke<span' in page
    assert 'value="ordfører"' in page
    assert as_drammen.submit(sign_url, _sign_data(world.partners["drammen"])).status_code == 302
    assert as_lier.submit(sign_url, _sign_data(world.partners["lier"])).status_code == 302

    page = _page(staff, detail)
    assert "2 av 3 har signert" in page and "signerte en tidligere versjon" not in page
    current = db.session.get(PositionPaper, paper.id).current
    assert current.number == 3
    assert {i.organisation.name: i.revision_id for i in current.paper.invitations
            if i.answer == "signed"} == {"Drammen kommune": current.id, "Lier kommune": current.id}
    # Staff were told once, when everyone first had answered.
    assert len(_all_answered_mails(mail_server)) == 1


# --- access ------------------------------------------------------------------------------

def test_a_partner_of_lier_cannot_see_a_paper_only_drammen_is_invited_to(world, client_for):
    staff = client_for(world.staff)
    paper = _draft_through_pages(staff, world.staff, title="Bare for Drammen")
    _invite(staff, paper, world.orgs["drammen"])
    before = _state(paper.id)

    as_lier = client_for(world.partners["lier"])
    assert "Bare for Drammen" not in _page(as_lier, "/papers/")
    for url in (f"/papers/{paper.id}", f"/papers/{paper.id}/sign",
                f"/papers/{paper.id}/invitations"):
        assert as_lier.get(url).status_code == 404, url
    data = _sign_data(world.partners["lier"], comment="Nei")
    for url in (f"/papers/{paper.id}/sign", f"/papers/{paper.id}/decline",
                f"/papers/{paper.id}/withdraw",
                f"/invitations/{paper.invitations[0].id}/share"):
        assert as_lier.submit(url, data, form_url="/logout").status_code == 404, url
    assert _state(paper.id) == before

    as_drammen = client_for(world.partners["drammen"])
    assert "Bare for Drammen" in _page(as_drammen, f"/papers/{paper.id}")


def test_only_partners_of_invited_organisations_answer_and_only_staff_invite(
        world, paper, client_for, make_user):
    before = _state(paper.id)
    for user in (world.staff, make_user("viewer")):
        client = client_for(user)
        assert client.get(f"/papers/{paper.id}/sign").status_code == 403
        assert client.submit(f"/papers/{paper.id}/sign", _sign_data(user),
                             form_url="/logout").status_code == 403
        assert client.submit(f"/papers/{paper.id}/decline", {"comment": "x"},
                             form_url="/logout").status_code == 403
    as_drammen = client_for(world.partners["drammen"])
    assert as_drammen.get(f"/papers/{paper.id}/invitations").status_code == 403
    assert as_drammen.submit(f"/papers/{paper.id}/invitations", {
        "organisation_ids": [world.orgs["modum"].id], "sign_by": "20.12.2026"},
        form_url="/logout").status_code == 403
    assert as_drammen.submit(f"/invitations/{paper.invitations[0].id}/share", {"shared": "1"},
                             form_url="/logout").status_code == 403
    assert _state(paper.id) == before


# --- refusals, each changing nothing -----------------------------------------------------

def test_signing_for_another_organisation_is_refused(world, paper, client_for):
    as_drammen = client_for(world.partners["drammen"])
    sign_url = f"/papers/{paper.id}/sign"
    before = _state(paper.id)
    response = as_drammen.submit(sign_url, _sign_data(world.partners["drammen"],
                                                      organisation_id=str(world.orgs["lier"].id)))
    assert response.status_code == 422
    assert ("Du kan bare svare for din egen organisasjon (Drammen kommune), ikke for "
            "Lier kommune.") in response.get_data(as_text=True)
    response = as_drammen.submit(f"/papers/{paper.id}/decline", {
        "comment": "Nei takk", "organisation_id": str(world.orgs["lier"].id)},
        form_url=sign_url)
    assert response.status_code == 422
    assert _state(paper.id) == before

    as_drammen.submit(sign_url, _sign_data(world.partners["drammen"]))
    before = _state(paper.id)
    response = as_drammen.submit(f"/papers/{paper.id}/withdraw",
                                 {"organisation_id": str(world.orgs["lier"].id)},
                                 form_url=sign_url, follow_redirects=True)
    assert "ikke for Lier kommune" in response.get_data(as_text=True)
    assert _state(paper.id) == before


def test_answering_twice_the_same_way_on_the_same_text_is_refused(world, paper, client_for):
    sign_url = f"/papers/{paper.id}/sign"
    as_drammen = client_for(world.partners["drammen"])
    assert as_drammen.submit(sign_url, _sign_data(world.partners["drammen"])).status_code == 302
    before = _state(paper.id)
    response = as_drammen.submit(sign_url, _sign_data(world.partners["drammen"],
                                                      title="varaordfører"))
    assert response.status_code == 422
    assert ("Drammen kommune har allerede signert denne versjonen av uttalelsen (versjon 2)."
            in response.get_data(as_text=True))
    assert _state(paper.id) == before

    as_lier = client_for(world.partners["lier"])
    decline = {"comment": "Vi venter på kommunestyret.",
               "organisation_id": str(world.orgs["lier"].id)}
    assert as_lier.submit(f"/papers/{paper.id}/decline", decline,
                          form_url=sign_url).status_code == 302
    before = _state(paper.id)
    response = as_lier.submit(f"/papers/{paper.id}/decline", decline | {"comment": "Igjen"},
                              form_url=f"/papers/{paper.id}")
    assert response.status_code == 422
    assert "Lier kommune har allerede takket nei til denne versjonen" in \
        response.get_data(as_text=True)
    assert _state(paper.id) == before


def test_declining_needs_a_comment(world, paper, client_for):
    before = _state(paper.id)
    as_lier = client_for(world.partners["lier"])
    response = as_lier.submit(f"/papers/{paper.id}/decline", {
        "comment": "  ", "organisation_id": str(world.orgs["lier"].id)},
        form_url=f"/papers/{paper.id}/sign")
    assert response.status_code == 422
    assert "Skriv hvorfor organisasjonen takker nei." in response.get_data(as_text=True)
    assert _state(paper.id) == before


def test_a_final_paper_can_no_longer_be_answered_withdrawn_or_invited_to(
        world, paper, client_for):
    as_drammen = client_for(world.partners["drammen"])
    as_drammen.submit(f"/papers/{paper.id}/sign", _sign_data(world.partners["drammen"]))
    services.set_status(db.session.get(PositionPaper, paper.id), "final")
    db.session.commit()
    before = _state(paper.id)

    as_lier = client_for(world.partners["lier"])
    page = _page(as_lier, f"/papers/{paper.id}/sign")
    assert "Uttalelsen er endelig; det er for sent å svare på den." in page
    assert 'name="mandate"' not in page
    response = as_lier.submit(f"/papers/{paper.id}/sign", _sign_data(world.partners["lier"]),
                              form_url="/logout")
    assert response.status_code == 422
    assert "Uttalelsen er endelig; det er for sent å signere den." in \
        response.get_data(as_text=True)
    response = as_drammen.submit(f"/papers/{paper.id}/withdraw", {}, form_url="/logout",
                                 follow_redirects=True)
    assert "Uttalelsen er endelig; det er for sent å trekke tilbake svaret på den." in \
        response.get_data(as_text=True)
    staff = client_for(world.staff)
    response = staff.submit(f"/papers/{paper.id}/invitations", {
        "organisation_ids": [world.orgs["modum"].id], "sign_by": "20.12.2026"},
        form_url="/logout")
    assert response.status_code == 422
    assert _state(paper.id) == before


def test_after_the_sign_by_date_answers_are_refused(world, paper, client_for):
    as_drammen = client_for(world.partners["drammen"])
    clock.freeze(datetime(2026, 12, 21, 0, 1, tzinfo=OSLO))
    before = _state(paper.id)
    page = _page(as_drammen, f"/papers/{paper.id}/sign")
    assert "Fristen for å svare gikk ut 20.12.2026." in page
    response = as_drammen.submit(f"/papers/{paper.id}/sign",
                                 _sign_data(world.partners["drammen"]), form_url="/logout")
    assert response.status_code == 422
    assert "Fristen for å svare gikk ut 20.12.2026." in response.get_data(as_text=True)
    assert _state(paper.id) == before

    # Until 23:59 on the day itself, answering works.
    clock.freeze(datetime(2026, 12, 20, 23, 58, tzinfo=OSLO))
    assert as_drammen.submit(f"/papers/{paper.id}/sign",
                             _sign_data(world.partners["drammen"])).status_code == 302


def test_with_warn_a_late_answer_is_taken_with_a_warning(app, world, paper, client_for):
    app.config["SIGN_AFTER_DEADLINE"] = "warn"
    clock.freeze(datetime(2026, 12, 22, 9, 0, tzinfo=OSLO))
    as_drammen = client_for(world.partners["drammen"])
    assert "Dere kan fortsatt svare" in _page(as_drammen, f"/papers/{paper.id}/sign")
    response = as_drammen.submit(f"/papers/{paper.id}/sign",
                                 _sign_data(world.partners["drammen"]), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Uttalelsen er signert for Drammen kommune." in page
    assert "Fristen for å svare var 20.12.2026. Svaret er likevel registrert." in page
    assert _invitation(paper, world.orgs["drammen"]).is_current


# --- inviting ----------------------------------------------------------------------------

def test_invitations_refuse_bad_input_and_change_nothing(world, client_for, mail_server):
    staff = client_for(world.staff)
    paper = _draft_through_pages(staff, world.staff)
    url = f"/papers/{paper.id}/invitations"
    drammen = world.orgs["drammen"].id
    cases = [
        ({"sign_by": "20.12.2026"}, "Velg minst én organisasjon."),
        ({"organisation_ids": [drammen], "sign_by": "25.11.2026"},
         "Fristen for å signere kan ikke være tilbake i tid."),
        ({"organisation_ids": [drammen], "sign_by": "31.02.2026"},
         "«31.02.2026» finnes ikke: februar 2026 har 28 dager."),
        ({"organisation_ids": [drammen], "sign_by": ""}, "Skriv fristen for å signere."),
        ({"organisation_ids": [99999], "sign_by": "20.12.2026"},
         "Ukjent organisasjon (99999)."),
    ]
    for data, message in cases:
        response = staff.submit(url, data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    db.session.expire_all()
    paper = db.session.get(PositionPaper, paper.id)
    assert paper.invitations == [] and paper.status == "draft"
    assert mail_server.messages == []


def test_inviting_again_moves_the_sign_by_date_and_keeps_the_answer(
        world, paper, client_for, mail_server):
    as_drammen = client_for(world.partners["drammen"])
    as_drammen.submit(f"/papers/{paper.id}/sign", _sign_data(world.partners["drammen"]))
    staff = client_for(world.staff)
    page = _page(staff, f"/papers/{paper.id}/invitations")
    assert "Drammen kommune (invitert, frist 20.12.2026)" in page
    response = staff.submit(f"/papers/{paper.id}/invitations", {
        "organisation_ids": [world.orgs["drammen"].id, world.orgs["modum"].id],
        "sign_by": "23.12.2026"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Invitert til å signere: Modum kommune." in page
    assert "Ny frist for: Drammen kommune." in page
    invitation = _invitation(paper, world.orgs["drammen"])
    assert invitation.sign_by == date(2026, 12, 23) and invitation.is_current
    assert len(invitation.paper.invitations) == 4
    assert [str(m["To"]) for m in mail_server.messages] == [
        "Ordfører i Modum <ordforer@modum.example>"]
    # The same organisations with the same date: nothing to do, and it says so.
    response = staff.submit(f"/papers/{paper.id}/invitations", {
        "organisation_ids": [world.orgs["drammen"].id], "sign_by": "23.12.2026"})
    assert response.status_code == 422
    assert "allerede invitert med denne fristen" in response.get_data(as_text=True)


def test_invitations_are_saved_when_the_mail_server_is_down(world, client_for, mail_server):
    staff = client_for(world.staff)
    paper = _draft_through_pages(staff, world.staff)
    mail_server.stop()
    response = staff.submit(f"/papers/{paper.id}/invitations", {
        "organisation_ids": [world.orgs["drammen"].id, world.orgs["lier"].id],
        "sign_by": "20.12.2026"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Invitert til å signere: Drammen kommune, Lier kommune." in page
    assert "Endringen er lagret, men 2 e-post(er) kunne ikke sendes." in page
    assert "0 av 2 har signert" in page


# --- comments, withdrawing ---------------------------------------------------------------

def test_declining_comments_are_for_staff_until_shared(world, paper, client_for):
    comment = "Kommunestyret har ikke behandlet saken – vi kan ikke signere nå."
    as_lier = client_for(world.partners["lier"])
    as_lier.submit(f"/papers/{paper.id}/decline", {
        "comment": comment, "organisation_id": str(world.orgs["lier"].id)},
        form_url=f"/papers/{paper.id}/sign")
    as_drammen = client_for(world.partners["drammen"])
    staff = client_for(world.staff)
    detail = f"/papers/{paper.id}"

    assert comment in _page(as_lier, detail)  # their own
    page = _page(as_drammen, detail)
    assert "Takket nei" in page and comment not in page
    page = _page(staff, detail)
    assert comment in page and "ikke delt med partnerne" in page

    invitation = _invitation(paper, world.orgs["lier"])
    share_url = f"/invitations/{invitation.id}/share"
    response = staff.submit(share_url, {"shared": "1"}, form_url=detail, follow_redirects=True)
    assert "Kommentaren fra Lier kommune er delt med partnerne." in \
        response.get_data(as_text=True)
    assert comment in _page(as_drammen, detail)
    staff.submit(share_url, {"shared": "0"}, form_url=detail)
    assert comment not in _page(as_drammen, detail)

    # A signature has no comment to share.
    as_drammen.submit(f"/papers/{paper.id}/sign", _sign_data(world.partners["drammen"]))
    drammen_invitation = _invitation(paper, world.orgs["drammen"])
    response = staff.submit(f"/invitations/{drammen_invitation.id}/share", {"shared": "1"},
                            form_url=detail, follow_redirects=True)
    assert "Drammen kommune har ingen kommentar å dele." in response.get_data(as_text=True)
    assert not _invitation(paper, world.orgs["drammen"]).is_comment_shared


def test_withdrawing_makes_the_answer_pending_and_staff_are_told_again(
        world, paper, client_for, mail_server):
    answers = {}
    for key in ("drammen", "lier", "kongsberg"):
        answers[key] = client_for(world.partners[key])
        answers[key].submit(f"/papers/{paper.id}/sign", _sign_data(world.partners[key]))
    assert len(_all_answered_mails(mail_server)) == 1

    response = answers["drammen"].submit(f"/papers/{paper.id}/withdraw", {
        "organisation_id": str(world.orgs["drammen"].id)}, form_url=f"/papers/{paper.id}",
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Svaret fra Drammen kommune er trukket tilbake." in page
    assert "2 av 3 har signert" in page and "Ikke svart: Drammen kommune." in page
    invitation = _invitation(paper, world.orgs["drammen"])
    assert invitation.answer == "pending" and invitation.signer_name == ""
    before = _state(paper.id)
    response = answers["drammen"].submit(f"/papers/{paper.id}/withdraw", {},
                                         form_url=f"/papers/{paper.id}", follow_redirects=True)
    assert "Drammen kommune har ikke svart, så det er ikke noe svar å trekke tilbake." in \
        response.get_data(as_text=True)
    assert _state(paper.id) == before

    answers["drammen"].submit(f"/papers/{paper.id}/sign", _sign_data(world.partners["drammen"]))
    assert len(_all_answered_mails(mail_server)) == 2


# --- reminders ---------------------------------------------------------------------------

def test_reminders_go_to_organisations_that_have_not_answered_on_the_current_text(
        world, paper, client_for, make_user, mail_server):
    staff = client_for(world.staff)
    _invite(staff, paper, world.orgs["modum"])
    for key in ("drammen", "modum"):
        client_for(world.partners[key]).submit(f"/papers/{paper.id}/sign",
                                               _sign_data(world.partners[key]))
    client_for(world.partners["lier"]).submit(f"/papers/{paper.id}/decline", {
        "comment": "Nei.", "organisation_id": str(world.orgs["lier"].id)},
        form_url=f"/papers/{paper.id}/sign")
    # The text changes; Modum confirms, Drammen does not; Kongsberg never answered.
    staff.submit(f"/papers/{paper.id}/text", _text_data(TITLE, [("Bakgrunn", "Ny tekst")], 2))
    client_for(world.partners["modum"]).submit(f"/papers/{paper.id}/sign",
                                               _sign_data(world.partners["modum"]))
    gone = make_user("partner", email="sluttet@kongsberg.example")
    gone.organisation, gone.is_active_account = world.orgs["kongsberg"], False
    # A final paper's pending invitation is not reminded.
    other = _draft_through_pages(staff, world.staff, title="Endelig notat")
    _invite(staff, other, world.orgs["kongsberg"])
    db.session.expire_all()
    services.set_status(db.session.get(PositionPaper, other.id), "final")
    db.session.commit()
    mail_server.messages.clear()

    report = run_reminders(datetime(2026, 12, 17, 7, 0, tzinfo=OSLO))
    assert sorted(report.sent) == ["ordforer@drammen.example", "ordforer@kongsberg.example"]
    assert report.skipped == []
    [kongsberg] = mail_server.to("ordforer@kongsberg.example")
    body = kongsberg.get_body(preferencelist=("plain",)).get_content()
    assert f"{TITLE} – svar for Kongsberg kommune" in body
    assert "Medsignering: 20.12.2026 kl. 23:59 (om 3 dager)" in body
    assert "Status: Ikke svart" in body
    assert "Gjenstår: 1 av 4 partnere har signert" in body
    assert f"/papers/{paper.id}" in body and "Endelig notat" not in body
    [drammen] = mail_server.to("ordforer@drammen.example")
    assert "Signerte en tidligere versjon – bekreft på nytt" in \
        drammen.get_body(preferencelist=("plain",)).get_content()
    # Four days before, no lead time (3, 1, 0) is reached yet.
    assert run_reminders(datetime(2026, 12, 16, 7, 0, tzinfo=OSLO)).sent == {}
