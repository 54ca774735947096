"""The exported letter, end to end: a stored paper downloaded as .docx and reopened with
python-docx, part by part (issue 13); the letterhead admin; Norwegian template styles."""

from __future__ import annotations

import base64
import io
import struct
import zipfile
from datetime import date, datetime, timezone

import docx
import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from advocacy.audit.models import AuditEvent
from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.hearings.models import Hearing
from advocacy.papers import export, services
from advocacy.papers.docx_render import E_SIGNATURE_LINE, default_template
from advocacy.papers.letterhead import Letterhead, current, simple_mark_png
from advocacy.papers.models import Answer, Invitation, PositionPaper, WordTemplate

KDD = "Kommunal- og distriktsdepartementet"
HEARING = "Høring om endringer i inntektssystemet for fylkeskommunene"
LONG_TITLE = ("Felles høringsuttalelse fra Buskerud om inntektssystemet og "
              "kostnadsnøkkelen for fylkesveiene i distriktene")


def _letterhead(**changes) -> Letterhead:
    letterhead = Letterhead(name="Buskerud fylkeskommune",
                            postal_address="Postboks 3563\n3007 Drammen",
                            org_number="821 564 412", switchboard="32 80 86 00",
                            email="postmottak@bfk.no", logo=simple_mark_png())
    for name, value in changes.items():
        setattr(letterhead, name, value)
    db.session.add(letterhead)
    db.session.commit()
    return letterhead


def _organisation(name: str) -> Organisation:
    organisation = Organisation(name=name, kind="municipality")
    db.session.add(organisation)
    return organisation


@pytest.fixture
def letter(app, make_user, make_body):
    """A hearing answer with every part: letterhead, addressed body, caseworker, county
    signatory, a co-signer with mandate, one pending, one signed on an old text, one no."""
    _letterhead()
    body = make_body(KDD, "KDD")
    body.postal_address = "Postboks 8112 Dep\n0032 Oslo"
    hearing = Hearing(title=HEARING, issuer="", deadline_at=datetime(2026, 12, 15, 11,
                                                                       tzinfo=timezone.utc))
    hearing.set_issuer(body)
    db.session.add(hearing)
    adviser = make_user("staff", email="kari.hansen@bfk.no", name="Kari Hansen")
    paper = services.create_paper(title=LONG_TITLE, author=adviser, hearing=hearing,
                                  our_reference="25/1428-3", their_reference="25/3321",
                                  signatory_name="Tore Opdal Hansen",
                                  signatory_title="fylkesordfører",
                                  caseworker_phone="32 80 86 12")
    paper.status = "signing"
    db.session.flush()
    current = paper.current
    drammen, lier, kongsberg, ringerike = (_organisation(n) for n in (
        "Drammen kommune", "Lier kommune", "Kongsberg kommune", "Ringerike kommune"))
    sign_by = date(2026, 12, 5)
    db.session.add_all([
        Invitation(paper=paper, organisation=drammen, sign_by=sign_by, answer=Answer.SIGNED,
                   signed_hash=current.content_hash, revision=current,
                   signer_name="Monica Myrvold Berg", signer_title="ordfører",
                   mandate="Formannskapets vedtak 19.11.2026, sak 112/26"),
        Invitation(paper=paper, organisation=lier, sign_by=sign_by),
        Invitation(paper=paper, organisation=kongsberg, sign_by=sign_by, answer=Answer.SIGNED,
                   signed_hash="0" * 64, signer_name="Kari Anne Sand", signer_title="ordfører"),
        Invitation(paper=paper, organisation=ringerike, sign_by=sign_by,
                   answer=Answer.DECLINED),
    ])
    db.session.commit()
    return paper


def _download(client, paper, suffix="docx"):
    response = client.get(f"/papers/{paper.id}.{suffix}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_the_draft_letter_has_every_part(client, login_as, letter):
    login_as("staff")
    response = _download(client, letter)
    document = docx.Document(io.BytesIO(response.data))
    texts = _texts(document)

    # Letterhead: logo, sender, address and numbers.
    assert len(document.inline_shapes) == 1
    assert any(p.content_type == "image/png" for p in document.part.package.parts)
    assert texts[1] == "Buskerud fylkeskommune"
    assert "Postboks 3563, 3007 Drammen" in texts
    assert ("Sentralbord: 32 80 86 00  ·  E-post: postmottak@bfk.no  ·  Org.nr. 821 564 412"
            in texts)
    # A draft while signing is open: marked, and the invited organisations listed.
    assert "UTKAST" in texts
    # Recipient with the postal address from the register of state bodies.
    start = texts.index(KDD)
    assert texts[start:start + 3] == [KDD, "Postboks 8112 Dep", "0032 Oslo"]
    assert texts[start + 3:start + 7] == [
        "Vår ref.: 25/1428-3", "Deres ref.: 25/3321", "Dato: 26.11.2026",
        "Saksbehandler: Kari Hansen, tlf. 32 80 86 12, e-post kari.hansen@bfk.no"]
    subject = f"Høringssvar – {HEARING}"
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [subject]
    # Closing: the county's signatory and the electronic approval line.
    closing = texts.index("Med hilsen")
    assert texts[closing + 1:closing + 5] == [
        "Tore Opdal Hansen", "fylkesordfører", "Buskerud fylkeskommune", E_SIGNATURE_LINE]
    # Co-signers with mandate; pending organisations on the draft.
    supporters = texts.index("Uttalelsen støttes av")
    assert texts[supporters + 1] == ("Drammen kommune\nMonica Myrvold Berg, ordfører\n"
                                     "Fullmakt: Formannskapets vedtak 19.11.2026, sak 112/26")
    assert "Kongsberg kommune – invitert, har ikke signert ennå" in texts
    assert "Lier kommune – invitert, har ikke signert ennå" in texts
    assert not any("Ringerike" in t for t in texts)

    properties = document.core_properties
    assert properties.title == LONG_TITLE
    assert properties.subject == subject
    assert properties.author == "Buskerud fylkeskommune"
    assert properties.language == "nb-NO"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        for name in archive.namelist():
            assert b"python-docx" not in archive.read(name).lower(), name


def test_the_final_letter_lists_only_signatures_on_the_current_text(client, login_as, letter):
    letter.status = "final"
    db.session.commit()
    login_as("staff")
    texts = _texts(docx.Document(io.BytesIO(_download(client, letter).data)))
    assert "UTKAST" not in texts
    supporters = texts.index("Uttalelsen støttes av")
    assert texts[supporters + 1].startswith("Drammen kommune\n")
    assert not any(t.startswith(("Kongsberg", "Lier", "Ringerike")) for t in texts)
    assert not any("har ikke signert" in t for t in texts)


def test_download_name_is_cut_at_a_word_and_has_an_ascii_fallback(client, login_as, letter):
    login_as("staff")
    response = _download(client, letter)
    name = ("Høringssvar - Felles høringsuttalelse fra Buskerud om inntektssystemet og"
            " - 26.11.2026.docx")
    assert export.docx_filename(letter) == name
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(
        'attachment; filename="Horingssvar - Felles horingsuttalelse fra Buskerud om '
        'inntektssystemet og - 26.11.2026.docx"; ')
    assert "filename*=UTF-8''H%C3%B8ringssvar%20-%20Felles%20h%C3%B8ringsuttalelse" in disposition
    disposition.encode("latin-1")  # a header value: no character outside Latin-1


@pytest.mark.parametrize(("title", "short"), [
    ("Kort tittel", "Kort tittel"),
    ("a/b: «c»?", "a b «c»"),
    ("x" * 80, "x" * 60),
    ("ord " * 30, ("ord " * 15).strip()),
])
def test_short_title(title, short):
    assert export.short_title(title) == short


def test_a_paper_without_hearing_uses_its_own_title_and_typed_recipient(client, login_as):
    staff = login_as("staff")
    paper = services.create_paper(title="Samferdsel i Buskerud", author=staff,
                                  recipient="Stortingets transport- og kommunikasjonskomité")
    db.session.commit()
    texts = _texts(docx.Document(io.BytesIO(_download(client, paper).data)))
    assert "Samferdsel i Buskerud" in texts
    assert "Stortingets transport- og kommunikasjonskomité" in texts
    assert not any(t.startswith("Høringssvar") for t in texts)
    # No letterhead stored: the county's name alone heads the letter, and there is no logo.
    assert texts[0] == "Buskerud fylkeskommune"
    assert export.docx_filename(paper) == "Uttalelse - Samferdsel i Buskerud - 26.11.2026.docx"


def test_a_partner_not_invited_gets_not_found(client, make_user, letter):
    client.login(make_user("partner"))
    assert client.get(f"/papers/{letter.id}.docx").status_code == 404
    assert client.get(f"/papers/{letter.id}.pdf").status_code == 404


# --- The letterhead on /admin/template -----------------------------------------------------

def _post_letterhead(client, data: dict, logo: bytes | None = None, filename="logo.png"):
    fields = {"csrf_token": client.token("/admin/template"), **data}
    if logo is not None:
        fields["logo"] = FileStorage(io.BytesIO(logo), filename)
    boundary, body = encode_multipart(fields)
    return client.raw.post("/admin/template/letterhead", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")


LETTERHEAD = {"name": "Buskerud fylkeskommune", "postal_address": "Postboks 3563\n3007 Drammen",
              "org_number": "821564412", "switchboard": "32 80 86 00",
              "email": "postmottak@bfk.no"}


def test_admin_sets_the_letterhead_with_a_png_logo(client, login_as):
    login_as("admin")
    page = client.get("/admin/template").get_data(as_text=True)
    assert "Brevhode" in page and "Overskrift 1" in page and "Overskrift1" in page
    response = _post_letterhead(client, LETTERHEAD, simple_mark_png())
    assert response.status_code == 302
    stored = current()
    assert stored.address_lines == ["Postboks 3563", "3007 Drammen"]
    assert stored.logo == simple_mark_png()
    assert client.get("/admin/template/logo.png").data == simple_mark_png()
    # Saving again without a file keeps the logo; ticking "Fjern logoen" removes it.
    assert _post_letterhead(client, LETTERHEAD).status_code == 302
    assert current().logo is not None
    assert _post_letterhead(client, {**LETTERHEAD, "remove_logo": "y"}).status_code == 302
    db.session.expire_all()
    assert current().logo is None


LOGO_SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<svg xmlns="http://www.w3.org/2000/svg" width="60mm" height="20mm" '
            b'viewBox="0 0 300 100"><rect width="300" height="100" fill="#1f3a5f"/>'
            b'<rect x="20" y="20" width="80" height="60" fill="#f2b705"/></svg>')


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def test_an_svg_logo_is_drawn_into_the_letter_as_a_png(client, login_as):
    admin = login_as("admin")
    assert _post_letterhead(client, LETTERHEAD, LOGO_SVG, "logo.svg").status_code == 302
    stored = current().logo
    # Stored as a PNG 400 pixels high with the SVG's 3:1 proportions, and shown as such.
    assert stored.startswith(b"\x89PNG") and _png_size(stored) == (1200, 400)
    served = client.get("/admin/template/logo.png")
    assert served.mimetype == "image/png" and served.data == stored
    # The letter carries that picture, 1.6 cm high, above the sender.
    paper = services.create_paper(title="Uttalelse med SVG-logo", author=admin)
    db.session.commit()
    document = docx.Document(io.BytesIO(client.get(f"/papers/{paper.id}.docx").data))
    (shape,) = document.inline_shapes
    assert round(shape.height.cm, 1) == 1.6 and round(shape.width.cm, 1) == 4.8
    assert shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert any(part.blob == stored for part in document.part.package.parts
               if part.partname.endswith(".png"))


ENTITY_SVG = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY secret SYSTEM '
              b'"file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" '
              b'viewBox="0 0 100 40"><text y="20">&secret;</text></svg>')
WIDE_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2000 10">'
            b'<rect width="2000" height="10"/></svg>')


@pytest.mark.parametrize(("logo", "filename", "message"), [
    (ENTITY_SVG, "logo.svg", "SVG-filen kan ikke leses"),
    (WIDE_SVG, "logo.svg", "høyst 10 ganger så bred som den er høy"),
    (b'<?xml version="1.0"?><html><body>hei</body></html>', "logo.svg",
     "Filen er ikke et SVG-bilde"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "logo.svg", "SVG-filen kan ikke leses"),
    (b"GIF89a" + b"\0" * 40, "logo.png", "Filen er verken et PNG- eller et SVG-bilde"),
    (simple_mark_png()[:33] + b"\0\0\0\x10XXXX" + simple_mark_png()[-12:], "logo.png",
     "PNG-filen er ufullstendig"),
    (b"", "logo.png", "Filen er tom."),
])
def test_a_bad_logo_is_refused_and_nothing_changes(client, login_as, logo, filename, message):
    login_as("admin")
    _letterhead(logo=None)
    response = _post_letterhead(client, {**LETTERHEAD, "name": "Endret navn"}, logo, filename)
    db.session.expire_all()
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert current().name == "Buskerud fylkeskommune" and current().logo is None


def _image_svg(href: str) -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'viewBox="0 0 240 96"><image width="240" height="96" xlink:href="{href}"/></svg>'
            ).encode()


def test_an_svg_logo_reads_no_file_outside_itself(client, login_as, tmp_path):
    login_as("admin")
    outside = tmp_path / "mark.png"
    outside.write_bytes(simple_mark_png())
    response = _post_letterhead(client, LETTERHEAD, _image_svg(outside.as_uri()), "logo.svg")
    assert response.status_code == 200
    assert "SVG-filen tegner ikke noe synlig" in response.get_data(as_text=True)
    assert current() is None
    # The same picture inside the file (a data: address) is drawn.
    inline = "data:image/png;base64," + base64.b64encode(simple_mark_png()).decode()
    assert _post_letterhead(client, LETTERHEAD, _image_svg(inline), "logo.svg").status_code == 302
    assert _png_size(current().logo) == (1000, 400)


def test_letterhead_changes_are_in_the_change_log(client, login_as):
    admin = login_as("admin")
    assert _post_letterhead(client, LETTERHEAD, LOGO_SVG, "logo.svg").status_code == 302
    changed = {**LETTERHEAD, "switchboard": "32 80 86 01"}
    assert _post_letterhead(client, changed, simple_mark_png()).status_code == 302
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "letterhead").order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id) for e in events] == [("create", admin.id),
                                                          ("update", admin.id)]
    assert events[1].changes["switchboard"] == ["32 80 86 00", "32 80 86 01"]
    # The log keeps no picture bytes, only that the logo changed.
    assert "PNG" not in str(events[1].changes["logo"])
    log = client.get("/audit/?type=letterhead").get_data(as_text=True)
    assert "Brevhode" in log and "Sentralbord" in log and "ny logo" in log


def test_a_bad_org_number_is_a_form_error(client, login_as):
    login_as("admin")
    response = _post_letterhead(client, {**LETTERHEAD, "org_number": "12345"})
    assert response.status_code == 200
    assert "Organisasjonsnummeret har ni siffer" in response.get_data(as_text=True)
    assert current() is None


@pytest.mark.parametrize("role", ["staff", "viewer", "partner"])
def test_only_admins_set_the_letterhead(client, login_as, role):
    login_as(role)
    fields = {"csrf_token": client.token("/papers/"), **LETTERHEAD}
    assert client.raw.post("/admin/template/letterhead", data=fields).status_code == 403
    assert client.get("/admin/template/logo.png").status_code == 403
    assert current() is None


# --- A template made in Norwegian Word ----------------------------------------------------

NORWEGIAN = {"Title": ("Tittel", "Tittel"), "Heading 1": ("Overskrift 1", "Overskrift1"),
             "Heading 2": ("Overskrift 2", "Overskrift2"), "List Bullet": ("Punktliste", "Punktliste"),
             "List Number": ("Nummerert liste", "Nummerertliste"),
             "Table Grid": ("Tabellrutenett", "Tabellrutenett")}


def norwegian_template() -> bytes:
    """The shipped template with its styles named (and id'd) as Norwegian Word saves them."""
    document = docx.Document(io.BytesIO(default_template()))
    styles = document.styles.element
    renamed = {}
    for english, (name, style_id) in NORWEGIAN.items():
        style = document.styles[english]
        renamed[style.style_id] = style_id
        style.element.name_val = name
        style.element.styleId = style_id
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for reference in styles.iter(f"{w}basedOn", f"{w}next", f"{w}link"):
        value = reference.get(f"{w}val")
        if value in renamed:
            reference.set(f"{w}val", renamed[value])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_template_with_norwegian_style_names_is_used_as_is(client, login_as, letter, make_condition):
    template = norwegian_template()
    names = {s.name for s in docx.Document(io.BytesIO(template)).styles}
    assert {"Overskrift 1", "Tittel", "Punktliste"} <= names and "Heading 1" not in names
    db.session.add(WordTemplate(filename="norsk.docx", data=template, fallbacks={}))
    paper = db.session.get(PositionPaper, letter.id)
    paper.current.sections = [{"heading": "Bakgrunn", "body": "- en\n- to\n\n1. tre"}]
    paper.conditions = [make_condition()]
    db.session.commit()
    login_as("staff")
    document = docx.Document(io.BytesIO(_download(client, paper).data))
    style_ids = {p.text: p._p.pPr.style if p._p.pPr is not None else None
                 for p in document.paragraphs}
    assert style_ids[f"Høringssvar – {HEARING}"] == "Tittel"
    assert style_ids["Bakgrunn"] == "Overskrift1"
    assert style_ids["Uttalelsen støttes av"] == "Overskrift2"
    assert style_ids["en"] == "Punktliste" and style_ids["tre"] == "Nummerertliste"
    assert document.tables[0]._tbl.tblPr.style == "Tabellrutenett"
    from advocacy.papers.docx_render import check_template
    assert check_template(template).fallbacks == {}


def test_the_register_keeps_a_body_s_postal_address(client, login_as, make_body):
    login_as("staff")
    body = make_body("Samferdselsdepartementet", "SD")
    response = client.submit(f"/etater/{body.id}/rediger", {
        "name": body.name, "short_name": "SD", "kind": "departement", "is_confirmed": "y",
        "aliases": "", "postal_address": "Postboks 8010 Dep\n0030 Oslo"})
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    db.session.expire_all()
    assert body.postal_address == "Postboks 8010 Dep\n0030 Oslo"
    assert "Postboks 8010 Dep" in client.get(f"/etater/{body.id}/rediger").get_data(as_text=True)


def test_the_demo_paper_reads_as_a_buskerud_letter(app, client):
    from sqlalchemy import select

    from advocacy.demo import seed_demo
    from advocacy.demo_data import PAPER

    seed_demo()
    paper = db.session.scalar(select(PositionPaper).filter_by(title=PAPER["title"]))
    texts = _texts(docx.Document(io.BytesIO(export.paper_docx(paper))))
    assert texts[1] == "Buskerud fylkeskommune"
    assert "Postboks 3563, 3007 Drammen" in texts
    assert any("Org.nr. 821 564 412" in t for t in texts)
    start = texts.index("Kommunal- og distriktsdepartementet")
    assert texts[start + 1:start + 3] == ["Postboks 8112 Dep", "0032 Oslo"]
    assert any(t.startswith("Høringssvar – ") for t in texts)
    assert "Anne Eksempel" in texts and "UTKAST" in texts
    assert any(t.startswith("Drammen kommune\n") and "Fullmakt: " in t for t in texts)
    seed_demo()  # idempotent: the letterhead is not added twice
    assert db.session.scalar(select(db.func.count()).select_from(Letterhead)) == 1


def test_an_address_typed_on_the_paper_is_the_recipient_block(client, login_as):
    staff = login_as("staff")
    paper = services.create_paper(title="Samferdsel i Buskerud", author=staff)
    db.session.commit()
    response = client.submit(f"/papers/{paper.id}/edit", {
        "title": paper.title, "hearing_id": 0, "status": "draft", "responsible_id": staff.id,
        "recipient": "Stortingets transport- og kommunikasjonskomité\r\n  Stortinget \r\n\r\n"
                     "0026 Oslo", "our_reference": "", "their_reference": "",
        "exemption_basis": "", "caseworker_phone": "32 80 86 12",
        "signatory_name": "Anne Eksempel", "signatory_title": "fylkesordfører"})
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    db.session.expire_all()
    paper = db.session.get(PositionPaper, paper.id)
    assert paper.recipient == "Stortingets transport- og kommunikasjonskomité\nStortinget\n0026 Oslo"
    assert (paper.signatory_name, paper.signatory_title, paper.caseworker_phone) == (
        "Anne Eksempel", "fylkesordfører", "32 80 86 12")
    texts = _texts(docx.Document(io.BytesIO(_download(client, paper).data)))
    start = texts.index("Stortingets transport- og kommunikasjonskomité")
    assert texts[start + 1:start + 3] == ["Stortinget", "0026 Oslo"]
    assert "Anne Eksempel" in texts
    too_long = client.submit(f"/papers/{paper.id}/edit", {
        "title": paper.title, "hearing_id": 0, "status": "draft", "responsible_id": staff.id,
        "recipient": "\n".join("abcdefg"), "exemption_basis": ""})
    assert too_long.status_code == 422
    assert "høyst 6 linjer" in too_long.get_data(as_text=True)


@pytest.mark.parametrize(("hearing_title", "subject"), [
    ("Høring – NOU 2025: 3 Ny kulturmiljølov", "Høringssvar – NOU 2025: 3 Ny kulturmiljølov"),
    ("Høring: statlige planretningslinjer", "Høringssvar – statlige planretningslinjer"),
    ("Høring om endringer i inntektssystemet", "Høringssvar – Høring om endringer i inntektssystemet"),
])
def test_the_subject_line_does_not_say_høring_twice(hearing_title, subject):
    from advocacy.hearings.models import Hearing
    from advocacy.papers.export import subject_line
    from advocacy.papers.models import PositionPaper

    paper = PositionPaper(title="Vårt svar", hearing=Hearing(title=hearing_title))
    assert subject_line(paper) == subject
