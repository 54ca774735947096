"""Submission, outcomes, the win rate, and the county's own Word template."""

import io
from datetime import date, time

import docx
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.papers import outcomes, services
from advocacy.papers.models import Invitation, Outcome, PositionPaper, WordTemplate
from advocacy.papers.outcomes import OutcomeError, win_rate
from tests.test_query_counts import count_queries

TODAY = date(2026, 11, 26)  # conftest's FIXED_NOW, in Oslo


def _paper(author, *, status="final", conditions=(), title="Felles uttalelse om inntektssystemet"):
    paper = services.create_paper(title=title, author=author,
                                  recipient="Kommunal- og distriktsdepartementet")
    paper.conditions = list(conditions)
    paper.status = status
    db.session.commit()
    return paper


def _submission(on=TODAY, reference="2026/1428-3", **changes) -> outcomes.Submission:
    """A submission as the form sends it: the archive number's parts as typed text."""
    year, rest = reference.split("/")
    sequence, document = rest.split("-")
    values = {"submitted_on": on, "submitted_time": time(9, 30), "archive_year": year,
              "archive_sequence": sequence, "archive_document": document,
              "recipient": "Kommunal- og distriktsdepartementet"}
    return outcomes.Submission(**{**values, **changes})


def _form(**changes) -> dict:
    return {"submitted_on": "20.11.2026", "submitted_time": "14:05", "archive_year": "2026",
            "archive_sequence": "1428", "archive_document": "3",
            "recipient": "Kommunal- og distriktsdepartementet", **changes}


def _submitted(author, conditions, title="Innsendt uttalelse", on=date(2026, 10, 1),
               reference="2026/1428-3"):
    paper = _paper(author, conditions=conditions, title=title)
    outcomes.submit(paper, _submission(on, reference))
    db.session.commit()
    return paper


def _reload(paper) -> PositionPaper:
    db.session.expire_all()
    return db.session.get(PositionPaper, paper.id)


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


# --- The win rate: a pure function -------------------------------------------------------

def test_win_rate_counts_partly_as_half_and_leaves_pending_out():
    rate = win_rate(["adopted", "adopted", "partly", "not_adopted", "pending", "pending"])
    assert (rate.adopted, rate.partly, rate.not_adopted, rate.pending) == (2, 1, 1, 2)
    assert rate.decided == 4 and rate.total == 6
    assert rate.rate == pytest.approx(2.5 / 4)
    assert rate.rate == 0.625 and rate.percent == 63  # 62.5 % rounds up


def test_win_rate_is_none_while_nothing_is_decided():
    assert win_rate([]).rate is None and win_rate([]).percent is None
    only_pending = win_rate(["pending", None])
    assert only_pending.rate is None and only_pending.pending == 2 and only_pending.decided == 0


@pytest.mark.parametrize(("results", "expected"), [
    (["adopted"], 1.0),
    (["not_adopted"], 0.0),
    (["partly"], 0.5),
    (["partly", "partly", "not_adopted", "adopted"], 0.5),
])
def test_win_rate_cases(results, expected):
    assert win_rate(results).rate == pytest.approx(expected)


def test_win_rate_takes_outcomes_too():
    rate = win_rate([Outcome(result="adopted"), Outcome(result="not_adopted")])
    assert rate.rate == 0.5 and rate.percent == 50


# --- Submission: the rules ---------------------------------------------------------------

@pytest.mark.parametrize("status", ["draft", "signing", "submitted"])
def test_only_a_final_paper_can_be_submitted(app, make_user, status):
    paper = _paper(make_user("staff"), status=status)
    with pytest.raises(OutcomeError, match="Endelig|allerede"):
        outcomes.submit(paper, _submission())
    paper = _reload(paper)
    assert paper.status == status and paper.submitted_on is None and paper.archive_reference == ""


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"archive_year": "26"}, "archive_year", "fire sifre"),
    ({"archive_year": "20266"}, "archive_year", "fire sifre"),
    ({"archive_year": "2027"}, "archive_year", "kan ikke være senere enn året"),
    ({"archive_year": "to tusen"}, "archive_year", "ikke et gyldig saksår"),
    ({"archive_sequence": ""}, "archive_sequence", "Skriv sekvensnummeret"),
    ({"archive_sequence": "0"}, "archive_sequence", "helt tall større enn null"),
    ({"archive_sequence": "-4"}, "archive_sequence", "helt tall større enn null"),
    ({"archive_document": "1,5"}, "archive_document", "ikke et gyldig dokumentnummer"),
    ({"archive_document": "99999999999"}, "archive_document", "helt tall større enn null"),
    ({"submitted_time": None}, "submitted_time", "Skriv klokkeslettet"),
    ({"submitted_time": time(10, 30)}, "submitted_time", "fram i tid"),
    ({"recipient": " \n "}, "recipient", "Skriv hvem"),
    ({"is_exempt": True, "exemption_basis": " "}, "exemption_basis", "«Offl. § 14»"),
])
def test_bad_submission_is_refused_with_the_field_and_the_reason(app, make_user, changes, field,
                                                                  message):
    paper = _paper(make_user("staff"))
    with pytest.raises(OutcomeError, match=message) as refused:
        outcomes.submit(paper, _submission(**changes))
    assert refused.value.field == field
    db.session.rollback()
    paper = _reload(paper)
    assert paper.status == "final" and paper.archive_reference == "" and not paper.is_exempt


def test_submission_date_is_not_in_the_future(app, make_user):
    paper = _paper(make_user("staff"))
    with pytest.raises(OutcomeError, match="fram i tid"):
        outcomes.submit(paper, _submission(on=date(2026, 11, 27)))
    db.session.rollback()
    assert _reload(paper).status == "final"


def test_a_final_paper_is_submitted_with_moment_archive_number_recipient_and_access(
        app, make_user):
    paper = _paper(make_user("staff"))
    outcomes.submit(paper, _submission(
        archive_year=" 2025 ", archive_sequence="1428", archive_document=3,
        recipient="  Klima- og miljødepartementet \n\nPostboks 8013 Dep\n0030  Oslo",
        is_exempt=True, exemption_basis=" Offl.  § 15 "))
    db.session.commit()
    paper = _reload(paper)
    assert (paper.status, paper.submitted_on, paper.archive_reference) == \
        ("submitted", TODAY, "2025/1428-3")
    assert paper.sent_at.isoformat() == "2026-11-26T09:30:00+01:00"
    assert paper.recipient == "Klima- og miljødepartementet\nPostboks 8013 Dep\n0030 Oslo"
    assert paper.is_exempt and paper.exemption_basis == "Offl. § 15"


def test_a_public_paper_keeps_no_exemption_basis(app, make_user):
    paper = _paper(make_user("staff"))
    outcomes.submit(paper, _submission(is_exempt=False, exemption_basis="Offl. § 14"))
    db.session.commit()
    paper = _reload(paper)
    assert not paper.is_exempt and paper.exemption_basis == ""


# --- Submission: the page ----------------------------------------------------------------

def test_staff_mark_a_final_paper_as_submitted(client, login_as):
    staff = login_as("staff")
    paper = _paper(staff)
    assert "Marker som sendt inn" in _page(client, f"/papers/{paper.id}")
    url = f"/papers/{paper.id}/submit"
    form = _page(client, url)
    assert 'value="26.11.2026"' in form and 'value="10:00"' in form  # now is filled in
    assert 'value="2026"' in form and "Kommunal- og distriktsdepartementet</textarea>" in form
    response = client.submit(url, _form(is_exempt="y", exemption_basis="Offl. § 14"))
    assert response.status_code == 302
    page = _page(client, f"/papers/{paper.id}")
    assert "20.11.2026 kl. 14:05" in page and "Arkivert som 2026/1428-3" in page
    assert "Unntatt offentlighet, Offl. § 14" in page and "Sendt inn" in page
    assert "Marker som sendt inn" not in page


@pytest.mark.parametrize(("data", "message"), [
    (_form(archive_year="26"), "Saksåret skrives med fire sifre"),
    (_form(archive_sequence="x"), "«x» er ikke et gyldig sekvensnummer"),
    (_form(archive_document="0"), "helt tall større enn null"),
    (_form(submitted_time="25:00"), "«25:00» er ikke et gyldig klokkeslett"),
    (_form(is_exempt="y", exemption_basis=""), "Skriv hjemmelen for unntak"),
    (_form(submitted_on="01.12.2026"), "fram i tid"),
    (_form(submitted_on="31.02.2026"), "februar 2026 har 28 dager"),
    (_form(submitted_on=""), "Skriv datoen"),
])
def test_bad_submission_is_refused_with_the_reason_and_nothing_changes(client, login_as, data,
                                                                        message):
    paper = _paper(login_as("staff"))
    response = client.submit(f"/papers/{paper.id}/submit", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "ingenting er lagret" in page
    paper = _reload(paper)
    assert paper.status == "final" and paper.submitted_on is None and paper.archive_reference == ""
    assert not paper.is_exempt and paper.exemption_basis == ""


def test_a_draft_cannot_be_marked_as_submitted(client, login_as):
    paper = _paper(login_as("staff"), status="draft")
    assert "Marker som sendt inn" not in _page(client, f"/papers/{paper.id}")
    response = client.get(f"/papers/{paper.id}/submit", follow_redirects=True)
    assert "Sett den til «Endelig»" in response.get_data(as_text=True)
    response = client.submit(f"/papers/{paper.id}/submit", _form(), form_url="/logout")
    assert response.status_code == 302
    assert _reload(paper).status == "draft"


# --- Outcomes: the rules -----------------------------------------------------------------

def test_outcomes_are_recorded_only_for_linked_conditions_of_a_submitted_paper(
        app, make_user, make_condition):
    staff = make_user("staff")
    linked, other = make_condition("Inntektssystemet"), make_condition("Jordloven")
    final = _paper(staff, conditions=[linked])
    with pytest.raises(OutcomeError, match="sendt inn"):
        outcomes.record_outcome(final, linked, "adopted")
    paper = _submitted(staff, [linked])
    with pytest.raises(OutcomeError, match="gjelder ikke rammebetingelsen «Jordloven»"):
        outcomes.record_outcome(paper, other, "adopted")
    with pytest.raises(OutcomeError, match="ingen vedtaksdato"):
        outcomes.record_outcome(paper, linked, "pending", decided_on=date(2026, 11, 1))
    with pytest.raises(OutcomeError, match="før uttalelsen ble sendt inn"):
        outcomes.record_outcome(paper, linked, "adopted", decided_on=date(2026, 9, 1))
    with pytest.raises(OutcomeError, match="fram i tid"):
        outcomes.record_outcome(paper, linked, "adopted", decided_on=date(2026, 12, 1))
    with pytest.raises(OutcomeError, match="Velg"):
        outcomes.record_outcome(paper, linked, "won")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Outcome)) == 0

    outcomes.record_outcome(paper, linked, "partly", "Delvis i statsbudsjettet.",
                            date(2026, 11, 2))
    db.session.commit()
    outcomes.record_outcome(_reload(paper), linked, "adopted", " Vedtatt. ", date(2026, 11, 3))
    db.session.commit()
    (outcome,) = db.session.scalars(select(Outcome)).all()
    assert (outcome.result, outcome.note, outcome.decided_on) == \
        ("adopted", "Vedtatt.", date(2026, 11, 3))


# --- Outcomes: the pages -----------------------------------------------------------------

def _rows(*rows):
    data = {}
    for i, (condition_id, result, note, decided) in enumerate(rows):
        data |= {f"rows-{i}-condition_id": condition_id, f"rows-{i}-result": result,
                 f"rows-{i}-note": note, f"rows-{i}-decided_on": decided}
    return data


def test_staff_record_the_outcome_per_condition(client, login_as, make_condition):
    staff = login_as("staff")
    tax, roads = make_condition("Inntektssystemet"), make_condition("Nasjonal transportplan")
    paper = _submitted(staff, [tax, roads])
    assert "Registrer gjennomslag" in _page(client, f"/papers/{paper.id}")
    url = f"/papers/{paper.id}/outcomes"
    form = _page(client, url)
    assert "Inntektssystemet" in form and "Nasjonal transportplan" in form
    response = client.submit(url, _rows((tax.id, "adopted", "Tatt inn i revidert budsjett.",
                                         "15.11.2026"),
                                        (roads.id, "pending", "", "")))
    assert response.status_code == 302
    page = _page(client, f"/papers/{paper.id}")
    assert "Fikk gjennomslag" in page and "Tatt inn i revidert budsjett." in page
    assert "15.11.2026" in page and "Ikke avgjort" in page


def test_an_outcome_for_a_condition_the_paper_does_not_argue_for_is_refused(
        client, login_as, make_condition):
    staff = login_as("staff")
    tax, other = make_condition("Inntektssystemet"), make_condition("Jordloven")
    paper = _submitted(staff, [tax])
    response = client.submit(f"/papers/{paper.id}/outcomes",
                             _rows((tax.id, "adopted", "", ""),
                                   (other.id, "adopted", "", "")))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "gjelder ikke rammebetingelsen «Jordloven»" in page
    assert db.session.scalar(select(func.count()).select_from(Outcome)) == 0


def test_a_bad_outcome_row_shows_the_reason_on_its_field(client, login_as, make_condition):
    staff = login_as("staff")
    tax = make_condition("Inntektssystemet")
    paper = _submitted(staff, [tax])
    response = client.submit(f"/papers/{paper.id}/outcomes",
                             _rows((tax.id, "adopted", "Notat", "01.01.2027")))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Inntektssystemet: Vedtaksdatoen kan ikke være fram i tid." in page
    assert 'value="01.01.2027"' in page and "Notat</textarea>" in page
    assert db.session.scalar(select(func.count()).select_from(Outcome)) == 0


def test_outcomes_wait_for_submission(client, login_as, make_condition):
    paper = _paper(login_as("staff"), conditions=[make_condition()])
    response = client.get(f"/papers/{paper.id}/outcomes", follow_redirects=True)
    assert "Gjennomslag kan registreres når uttalelsen er sendt inn" in \
        response.get_data(as_text=True)


def test_condition_page_and_overview_show_outcomes_and_the_win_rate(
        client, login_as, make_condition, make_user):
    staff = login_as("staff")
    tax, roads = make_condition("Inntektssystemet"), make_condition("Nasjonal transportplan")
    first = _submitted(staff, [tax, roads], title="Uttalelse om kommuneøkonomi",
                       reference="2026/100-1")
    second = _submitted(staff, [tax], title="Innspill til statsbudsjettet",
                        on=date(2026, 11, 2), reference="2026/200-4")
    outcomes.record_outcome(first, tax, "adopted", "Fikk det vi ba om.", date(2026, 11, 20))
    outcomes.record_outcome(first, roads, "partly", "", date(2026, 11, 20))
    outcomes.record_outcome(second, tax, "not_adopted", "", None)
    _paper(staff, conditions=[tax], title="Ikke sendt ennå")  # not submitted: no position
    db.session.commit()

    page = _page(client, f"/conditions/{tax.id}")
    assert "Gjennomslag" in page
    assert "Uttalelse om kommuneøkonomi" in page and "Innspill til statsbudsjettet" in page
    # The paper not yet sent is among the condition's papers, but has no position.
    outcomes_section = page[page.index('id="gjennomslag"'):]
    assert "Ikke sendt ennå" in page and "Ikke sendt ennå" not in outcomes_section
    assert "Fikk gjennomslag" in page and "Ikke gjennomslag" in page
    assert "Fikk det vi ba om." in page and "26/100-1" in page
    assert "Gjennomslag i 50 % av de 2 avgjorte standpunktene" in page

    overview = _page(client, "/")
    assert "Gjennomslag i 50 % av de 3 avgjorte standpunktene" in overview
    assert "1 fikk gjennomslag" in overview and "1 delvis gjennomslag" in overview
    assert "1 ikke gjennomslag" in overview and "0 ikke avgjort" in overview
    assert "<title>Oversikt – Fellesstemme</title>" in overview


def test_pending_positions_show_before_anything_is_decided(client, login_as, make_condition):
    staff = login_as("staff")
    tax = make_condition("Inntektssystemet")
    assert "ingen innsendte standpunkter ennå" in _page(client, "/")
    _submitted(staff, [tax])
    assert "ingen standpunkter er avgjort ennå (1 venter på avgjørelse)" in _page(client, "/")
    page = _page(client, f"/conditions/{tax.id}")
    assert "Innsendt uttalelse" in page and "Ikke avgjort" in page


def test_partners_see_outcomes_only_of_papers_their_organisation_is_invited_to(
        client, make_user, make_condition):
    staff = make_user("staff")
    tax = make_condition("Inntektssystemet")
    drammen = Organisation(name="Drammen kommune", kind="municipality", municipality_number="3301")
    lier = Organisation(name="Lier kommune", kind="municipality", municipality_number="3312")
    db.session.add_all([drammen, lier])
    paper = _submitted(staff, [tax], title="Bare for Drammen")
    db.session.add(Invitation(paper=paper, organisation=drammen, sign_by=date(2026, 10, 1)))
    db.session.commit()
    lier_user, drammen_user = make_user("partner"), make_user("partner")
    lier_user.organisation, drammen_user.organisation = lier, drammen
    db.session.commit()
    client.login(lier_user)
    assert "Bare for Drammen" not in _page(client, f"/conditions/{tax.id}")
    client.submit("/logout", {})
    client.login(drammen_user)
    assert "Bare for Drammen" in _page(client, f"/conditions/{tax.id}")


def test_outcome_pages_load_in_a_fixed_number_of_queries(client, login_as, make_condition):
    staff = login_as("staff")
    conditions = [make_condition(f"Rammebetingelse {i:02d}") for i in range(12)]
    hub = conditions[0]

    def add_papers(start, stop):
        for i in range(start, stop):
            paper = _submitted(staff, [hub, conditions[i % 11 + 1]], title=f"Notat {i:02d}")
            outcomes.record_outcome(paper, hub, ("adopted", "partly", "not_adopted")[i % 3],
                                    f"Merknad {i}", date(2026, 11, 20))
        db.session.commit()

    def counts(paper_id):
        result = {}
        for url in ("/", f"/conditions/{hub.id}", f"/papers/{paper_id}",
                    f"/papers/{paper_id}/outcomes"):
            with count_queries() as statements:
                assert client.get(url).status_code == 200, url
            result[url] = len(statements)
        return result

    add_papers(0, 2)
    paper_id = db.session.scalar(select(PositionPaper.id).order_by(PositionPaper.id))
    with_2 = counts(paper_id)
    add_papers(2, 30)
    assert counts(paper_id) == with_2
    assert "Notat 29" in _page(client, f"/conditions/{hub.id}")


# --- Access ------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["staff", "viewer", "partner"])
def test_only_admins_manage_the_template(client, login_as, role):
    login_as(role)
    assert client.get("/admin/template").status_code == 403
    assert client.get("/admin/template/download").status_code == 403
    response = client.submit("/admin/template", {"file": (io.BytesIO(_docx()), "mal.docx")},
                             form_url="/logout", content_type="multipart/form-data")
    assert response.status_code == 403
    assert client.submit("/admin/template/default", {}, form_url="/logout").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(WordTemplate)) == 0


@pytest.mark.parametrize("role", ["viewer", "partner"])
def test_viewers_and_partners_cannot_submit_or_record_outcomes(client, make_user, make_condition,
                                                                role):
    staff = make_user("staff")
    tax = make_condition()
    final, submitted = _paper(staff, conditions=[tax]), _submitted(staff, [tax])
    user = make_user(role)
    if role == "partner":  # invited, so the papers are visible but not theirs to change
        organisation = Organisation(name="Drammen kommune", kind="municipality",
                                    municipality_number="3301")
        db.session.add_all([organisation, *(Invitation(paper=p, organisation=organisation,
                                                       sign_by=date(2026, 10, 1))
                                            for p in (final, submitted))])
        user.organisation = organisation
        db.session.commit()
    client.login(user)
    page = _page(client, f"/papers/{submitted.id}")
    assert "2026/1428-3" in page and "Registrer gjennomslag" not in page
    assert "Marker som sendt inn" not in _page(client, f"/papers/{final.id}")
    assert client.get(f"/papers/{final.id}/submit").status_code == 403
    assert client.submit(f"/papers/{final.id}/submit", _form(),
                         form_url="/logout").status_code == 403
    assert client.get(f"/papers/{submitted.id}/outcomes").status_code == 403
    assert client.submit(f"/papers/{submitted.id}/outcomes", _rows((tax.id, "adopted", "", "")),
                         form_url="/logout").status_code == 403
    assert _reload(final).status == "final"
    assert db.session.scalar(select(func.count()).select_from(Outcome)) == 0


def test_partners_not_invited_get_not_found(client, make_user, make_condition):
    paper = _paper(make_user("staff"), conditions=[make_condition()])
    client.login(make_user("partner"))
    assert client.get(f"/papers/{paper.id}/submit").status_code == 404
    assert client.get(f"/papers/{paper.id}/outcomes").status_code == 404


# --- The Word template -------------------------------------------------------------------

HEADER = "Testfylket fylkeskommune – egen brevmal"


def _docx(*, drop_styles=(), header=HEADER) -> bytes:
    """A letter template made with python-docx, with a header and some styles removed."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = header
    for name in drop_styles:
        element = document.styles[name].element
        element.getparent().remove(element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(client, data: bytes, filename: str = "fylkesmal.docx"):
    # The body is encoded here, in memory: the test client would spool a large one to a
    # temporary file that it never closes (a ResourceWarning, an error in this suite).
    boundary, body = encode_multipart({"csrf_token": client.token("/admin/template"),
                                       "file": FileStorage(io.BytesIO(data), filename)})
    return client.raw.post("/admin/template", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")


def _exported(client, paper) -> docx.document.Document:
    response = client.get(f"/papers/{paper.id}.docx")
    assert response.status_code == 200
    return docx.Document(io.BytesIO(response.data))


def _header(document) -> str:
    return "\n".join(p.text for p in document.sections[0].header.paragraphs)


def test_admin_uploads_a_template_that_lacks_a_style_and_the_export_uses_it(client, login_as):
    admin = login_as("admin")
    paper = _paper(admin)
    assert HEADER not in _header(_exported(client, paper))
    assert "Standardmalen som følger med" in _page(client, "/admin/template")

    response = _upload(client, _docx(drop_styles=["List Number"]))
    assert response.status_code == 302
    page = _page(client, response.headers["Location"])
    assert "Malen «fylkesmal.docx» er tatt i bruk." in page
    assert "Malen mangler 1 stil(er)" in page
    assert "List Number → Normal med egen nummerering" in page
    assert "fylkesmal.docx" in page and admin.name in page
    assert HEADER in _header(_exported(client, paper))

    download = client.get("/admin/template/download")
    assert download.status_code == 200 and "filename=fylkesmal.docx" in \
        download.headers["Content-Disposition"]
    assert HEADER in _header(docx.Document(io.BytesIO(download.data)))


def test_a_complete_template_is_accepted_without_a_warning(client, login_as):
    login_as("admin")
    response = _upload(client, _docx(), "brevmal-buskerud.docx")
    assert response.status_code == 302
    page = _page(client, "/admin/template")
    assert "brevmal-buskerud.docx" in page and "Malen mangler" not in page


@pytest.mark.parametrize(("data", "filename", "reason"), [
    (b"Dette er bare tekst, ikke Word.\n", "notat.docx",
     "Filen er ikke et gyldig Word-dokument (.docx)."),
    (_docx()[:2000], "avkuttet.docx", "Filen er ikke et gyldig Word-dokument (.docx)."),
    (b"PK\x03\x04" + b"\x00" * 200, "odelagt.docx", "Filen er ikke et gyldig Word-dokument"),
    (b"x" * (5 * 1024 * 1024 + 1), "stor.docx", "Filen er større enn 5 MB."),
    (_docx(), "mal.txt", "Bare Word-dokumenter (.docx) kan brukes som mal."),
    (b"", "tom.docx", "Filen er tom."),
    (b"", "", "Velg en .docx-fil å laste opp."),
])
def test_an_unusable_template_is_refused_with_the_reason_and_the_old_one_kept(
        client, login_as, data, filename, reason):
    admin = login_as("admin")
    paper = _paper(admin)
    assert _upload(client, _docx()).status_code == 302
    response = _upload(client, data, filename)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert reason in page and "ingenting er lagret" in page
    assert "fylkesmal.docx" in page  # still the one in use
    assert db.session.scalars(select(WordTemplate.filename)).all() == ["fylkesmal.docx"]
    assert HEADER in _header(_exported(client, paper))


def test_admin_goes_back_to_the_default_template(client, login_as):
    admin = login_as("admin")
    paper = _paper(admin)
    _upload(client, _docx())
    response = client.submit("/admin/template/default", {}, form_url="/admin/template",
                             follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Standardmalen brukes igjen." in page and "Standardmalen som følger med" in page
    assert HEADER not in _header(_exported(client, paper))
    assert db.session.scalar(select(func.count()).select_from(WordTemplate)) == 0
    download = client.get("/admin/template/download")
    assert "filename=brevmal.docx" in download.headers["Content-Disposition"]


def test_a_new_upload_replaces_the_previous_template(client, login_as):
    paper = _paper(login_as("admin"))
    _upload(client, _docx(header="Første mal"), "forste.docx")
    _upload(client, _docx(header="Andre mal"), "andre.docx")
    assert db.session.scalars(select(WordTemplate.filename)).all() == ["andre.docx"]
    assert "Andre mal" in _header(_exported(client, paper))
