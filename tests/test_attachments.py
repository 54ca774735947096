"""Notes and attachments on conditions, hearings and papers (issue 15, item 4)."""

from __future__ import annotations

import ast
import base64
import io
import os
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
import xlsxwriter
from sqlalchemy import select

from advocacy.attachments import filetypes, registry, services, storage
from advocacy.attachments.models import Attachment, Note
from advocacy.auth.models import Organisation
from advocacy.extensions import db
from advocacy.papers import services as paper_services
from advocacy.papers.letterhead import simple_mark_png
from advocacy.papers.models import Invitation
from tests.helpers import count, text
from tests.test_query_counts import count_queries

#: A 1×1 JPEG as a camera writes it (JFIF, baseline).
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERX"
    "RTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAABAAEDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAEC"
    "AwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkK"
    "FhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKj"
    "pKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEB"
    "AQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMz"
    "UvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImK"
    "kpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMB"
    "AAIRAxEAPwDmqKKK6znP/9k=")

PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def docx_bytes(text_: str = "Referat fra møtet") -> bytes:
    document = docx.Document()
    document.add_paragraph(text_)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    with xlsxwriter.Workbook(out, {"in_memory": True}) as book:
        book.add_worksheet("Tall").write_row(0, 0, ["Kommune", "Beløp"])
    return out.getvalue()


@pytest.fixture(autouse=True)
def files_dir(app, tmp_path) -> Path:
    """Attachments go to a folder of this test's own."""
    folder = tmp_path / "vedlegg"
    app.config["ATTACHMENTS_DIR"] = str(folder)
    return folder


def stored_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def get_file(client, attachment_id: int):
    """Download an attachment; the response is closed, so its file is too."""
    response = client.get(f"/attachments/files/{attachment_id}")
    response.get_data()
    response.close()
    return response


def upload(client, owner_type, owner_id, filename, data, *, page):
    return client.submit(f"/attachments/{owner_type}/{owner_id}/files",
                         {"attachment_file": (io.BytesIO(data), filename)}, form_url=page)


def add_note(client, owner_type, owner_id, body, *, page):
    return client.submit(f"/attachments/{owner_type}/{owner_id}/notes", {"note_body": body},
                         form_url=page)


def make_org(name: str) -> Organisation:
    org = Organisation(name=name, kind="municipality")
    db.session.add(org)
    db.session.commit()
    return org


def make_partner(make_user, org: Organisation):
    user = make_user("partner")
    user.organisation = org
    db.session.commit()
    return user


def make_paper(author, *invited: Organisation):
    paper = paper_services.create_paper(title="Felles uttalelse om ferjene", author=author)
    for org in invited:
        db.session.add(Invitation(paper=paper, organisation=org, sign_by=date(2026, 12, 20)))
    db.session.commit()
    return paper


@pytest.mark.parametrize("filename, data, mimetype", [
    ("Referat fra møtet.pdf", PDF, "application/pdf"),
    ("Referat.docx", docx_bytes(), filetypes.DOCX.mimetype),
    ("Tall.xlsx", xlsx_bytes(), filetypes.XLSX.mimetype),
    ("Logo.png", simple_mark_png(), "image/png"),
    ("Bilde.JPG", JPEG, "image/jpeg"),
])
def test_staff_attach_each_accepted_type_and_download_it(client, login_as, make_condition,
                                                          files_dir, filename, data, mimetype):
    login_as("staff")
    condition = make_condition("Inntektssystemet")
    page = f"/conditions/{condition.id}"
    response = upload(client, "condition", condition.id, filename, data, page=page)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{page}#notater-og-vedlegg")

    attachment = db.session.scalar(select(Attachment))
    assert (attachment.filename, attachment.content_type, attachment.size_bytes) == (
        filename, mimetype, len(data))
    [on_disk] = stored_files(files_dir)
    assert on_disk.read_bytes() == data
    assert filename not in str(on_disk)  # a random name, not the user's
    assert filename in text(client.get(page))

    download = get_file(client, attachment.id)
    assert download.status_code == 200
    assert download.data == data
    assert download.mimetype == mimetype
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment;")


def test_download_names_the_file_as_uploaded(client, login_as, make_condition):
    login_as("staff")
    condition = make_condition()
    upload(client, "condition", condition.id, "Møtereferat – KDD.pdf", PDF,
           page=f"/conditions/{condition.id}")
    attachment = db.session.scalar(select(Attachment))
    disposition = get_file(client, attachment.id).headers["Content-Disposition"]
    assert disposition == ('attachment; filename="Motereferat - KDD.pdf"; '
                           "filename*=UTF-8''M%C3%B8tereferat%20%E2%80%93%20KDD.pdf")


@pytest.mark.parametrize("filename, data, reason", [
    ("Referat.pdf", simple_mark_png(),
     "Filen heter .pdf, men innholdet er et PNG-bilde"),
    ("Regneark.xlsx", docx_bytes(), "Filen heter .xlsx, men innholdet er et Word-dokument"),
    ("Referat", PDF, "Filnavnet har ingen endelse, men innholdet er en PDF-fil"),
    ("Tom.pdf", b"", "Filen «Tom.pdf» er tom"),
    ("Stor.pdf", PDF + b"0" * 60_000,
     "Filen «Stor.pdf» er på 59 kB; vedlegg kan være på høyst 49 kB"),
    ("Skript.pdf", b"#!/bin/sh\nrm -rf /\n", "er ikke PDF, Word (.docx), Excel (.xlsx), PNG"),
    ("Arkiv.docx", b"PK\x03\x04 not really a zip", "er ikke PDF, Word"),
])
def test_refused_files_say_why_and_leave_nothing(app, client, login_as, make_condition,
                                                 files_dir, filename, data, reason):
    app.config["ATTACHMENT_MAX_BYTES"] = 50_000
    login_as("staff")
    condition = make_condition()
    response = upload(client, "condition", condition.id, filename, data,
                      page=f"/conditions/{condition.id}")
    assert response.status_code == 422
    assert reason in text(response)
    assert "ingenting er lagret" in text(response)
    assert count(Attachment) == 0
    assert stored_files(files_dir) == []


def test_a_request_far_over_the_limit_is_refused_with_the_limit(app, client, login_as,
                                                                 make_condition, files_dir):
    app.config["ATTACHMENT_MAX_BYTES"] = 1024
    login_as("staff")
    condition = make_condition()
    response = upload(client, "condition", condition.id, "Stor.pdf", PDF + b"0" * 200_000,
                      page=f"/conditions/{condition.id}")
    assert response.status_code == 413
    assert "Filen er større enn 1 kB" in text(response)
    assert count(Attachment) == 0 and stored_files(files_dir) == []


def test_a_zip_that_would_unpack_too_large_is_refused_unpacked(app, client, login_as,
                                                               make_condition, monkeypatch):
    monkeypatch.setattr(filetypes, "ZIP_MAX_UNPACKED", 100_000)
    out = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/zeros.bin", b"\0" * 1_000_000)  # deflates to ~1 kB
    login_as("staff")
    condition = make_condition()
    response = upload(client, "condition", condition.id, "Bombe.docx", out.getvalue(),
                      page=f"/conditions/{condition.id}")
    assert response.status_code == 422
    assert "pakker seg ut til mer enn" in text(response)
    assert count(Attachment) == 0


def test_notes_show_author_and_time_and_refuse_empty_or_long(client, login_as, make_condition):
    staff = login_as("staff")
    condition = make_condition()
    page = f"/conditions/{condition.id}"
    assert add_note(client, "condition", condition.id, "Ring KDD om saken\nneste uke",
                    page=page).status_code == 302
    shown = text(client.get(page))
    assert "Ring KDD om saken\nneste uke" in shown
    assert f"{staff.name}, 26.11.2026 kl. 10:00" in shown

    assert "Skriv notatet." in text(add_note(client, "condition", condition.id, "  ", page=page))
    response = add_note(client, "condition", condition.id, "x" * 2001, page=page)
    assert response.status_code == 422 and "høyst 2000 tegn" in text(response)
    assert count(Note) == 1


@pytest.mark.parametrize("role", ["viewer", "partner"])
def test_viewers_and_partners_cannot_add_to_a_condition(client, login_as, make_user,
                                                        make_condition, role):
    condition = make_condition()
    staff = make_user("staff")
    db.session.add(Note(owner_type="condition", owner_id=condition.id, body="Internt notat",
                        author=staff))
    db.session.commit()
    login_as(role)
    page = f"/conditions/{condition.id}"
    shown = text(client.get(page))
    assert "Notater og vedlegg" in shown and "Lagre notatet" not in shown
    assert ("Internt notat" in shown) is (role == "viewer")  # partners see their own only
    assert add_note(client, "condition", condition.id, "Nei", page=page).status_code == 403
    assert upload(client, "condition", condition.id, "a.pdf", PDF, page=page).status_code == 403
    assert count(Note) == 1 and count(Attachment) == 0


def test_partner_sees_a_papers_files_only_when_invited(client, make_user, files_dir):
    staff = make_user("staff")
    drammen, lier = make_org("Drammen kommune"), make_org("Lier kommune")
    paper = make_paper(staff, drammen)
    client.login(staff)
    upload(client, "paper", paper.id, "Referat.pdf", PDF, page=f"/papers/{paper.id}")
    attachment = db.session.scalar(select(Attachment))
    client.submit("/logout", {})

    client.login(make_partner(make_user, lier))
    assert get_file(client, attachment.id).status_code == 404
    assert add_note(client, "paper", paper.id, "Hei", page="/logout").status_code == 404
    assert upload(client, "paper", paper.id, "b.pdf", PDF, page="/logout").status_code == 404
    assert client.submit(f"/attachments/files/{attachment.id}/delete",
                         form_url="/logout").status_code == 404
    client.submit("/logout", {})

    client.login(make_partner(make_user, drammen))
    assert "Referat.pdf" in text(client.get(f"/papers/{paper.id}"))
    assert get_file(client, attachment.id).data == PDF
    # Invited partners may add to the paper, but not remove the county's file.
    assert add_note(client, "paper", paper.id, "Vi støtter dette",
                    page=f"/papers/{paper.id}").status_code == 302
    assert upload(client, "paper", paper.id, "Vårt innspill.docx", docx_bytes(),
                  page=f"/papers/{paper.id}").status_code == 302
    assert client.submit(f"/attachments/files/{attachment.id}/delete",
                         form_url="/logout").status_code == 403
    assert count(Attachment) == 2 and len(stored_files(files_dir)) == 2


def test_a_partner_never_sees_another_organisations_notes(client, make_user):
    staff = make_user("staff")
    drammen, lier = make_org("Drammen kommune"), make_org("Lier kommune")
    paper = make_paper(staff, drammen, lier)
    page = f"/papers/{paper.id}"
    for user, body in ((staff, "Fylkets interne vurdering"),
                       (make_partner(make_user, drammen), "Drammens innspill"),
                       (make_partner(make_user, lier), "Liers innspill")):
        client.login(user)
        assert add_note(client, "paper", paper.id, body, page=page).status_code == 302
        client.submit("/logout", {})

    lier_user = db.session.scalar(select(Note).filter_by(body="Liers innspill")).author
    client.login(lier_user)
    shown = text(client.get(page))
    assert "Liers innspill" in shown
    assert "Drammens innspill" not in shown and "Fylkets interne vurdering" not in shown
    drammen_note = db.session.scalar(select(Note).filter_by(body="Drammens innspill"))
    assert client.submit(f"/attachments/notes/{drammen_note.id}/delete",
                         form_url="/logout").status_code == 404
    client.submit("/logout", {})

    client.login(staff)
    shown = text(client.get(page))
    assert all(body in shown for body in ("Liers innspill", "Drammens innspill",
                                          "Fylkets interne vurdering"))


def test_a_note_is_deleted_by_its_author_or_an_admin_only(client, make_user, make_condition):
    author, colleague, admin = make_user("staff"), make_user("staff"), make_user("admin")
    condition = make_condition()
    page = f"/conditions/{condition.id}"
    client.login(author)
    add_note(client, "condition", condition.id, "Første", page=page)
    add_note(client, "condition", condition.id, "Andre", page=page)
    first, second = db.session.scalars(select(Note).order_by(Note.id)).all()
    client.submit("/logout", {})

    client.login(colleague)
    assert client.submit(f"/attachments/notes/{first.id}/delete",
                         form_url=page).status_code == 403
    client.submit("/logout", {})
    client.login(admin)
    assert client.submit(f"/attachments/notes/{first.id}/delete",
                         form_url=page).status_code == 302
    client.submit("/logout", {})
    client.login(author)
    assert client.submit(f"/attachments/notes/{second.id}/delete",
                         form_url=page).status_code == 302
    assert count(Note) == 0


def test_deleting_a_file_removes_it_from_disk(client, login_as, make_condition, files_dir):
    login_as("staff")
    condition = make_condition()
    page = f"/conditions/{condition.id}"
    upload(client, "condition", condition.id, "a.pdf", PDF, page=page)
    upload(client, "condition", condition.id, "b.png", simple_mark_png(), page=page)
    first, second = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
    assert len(stored_files(files_dir)) == 2
    response = client.submit(f"/attachments/files/{first.id}/delete", form_url=page)
    assert response.status_code == 302
    assert stored_files(files_dir) == [storage.path_of(second.stored_name)]
    assert count(Attachment) == 1
    assert get_file(client, first.id).status_code == 404


def test_the_disk_follows_the_transaction(make_user, make_condition, files_dir):
    staff = make_user("staff")
    condition = make_condition()
    owner = registry.owner_type("condition")
    services.add_attachment(staff, owner, condition, "a.pdf", PDF)
    db.session.flush()
    assert len(stored_files(files_dir)) == 1
    db.session.rollback()  # the upload's row is gone, and so is its file
    assert stored_files(files_dir) == [] and count(Attachment) == 0

    kept = services.add_attachment(staff, owner, condition, "b.pdf", PDF)
    db.session.commit()
    db.session.delete(kept)
    db.session.flush()
    db.session.rollback()  # a delete that did not commit keeps the file
    assert stored_files(files_dir) == [storage.path_of(kept.stored_name)]
    assert storage.check(db.session) == ([], [])


def test_deleting_a_condition_removes_its_notes_files_and_files_on_disk(
        client, login_as, make_condition, files_dir):
    login_as("staff")
    doomed, other = make_condition("Går ut"), make_condition("Blir")
    for condition in (doomed, other):
        page = f"/conditions/{condition.id}"
        add_note(client, "condition", condition.id, f"Notat om {condition.title}", page=page)
        upload(client, "condition", condition.id, "referat.pdf", PDF, page=page)
    assert len(stored_files(files_dir)) == 2
    doomed_id = doomed.id

    response = client.submit(f"/conditions/{doomed_id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert [n.body for n in db.session.scalars(select(Note))] == ["Notat om Blir"]
    [left] = db.session.scalars(select(Attachment)).all()
    assert left.owner_id == other.id
    assert stored_files(files_dir) == [storage.path_of(left.stored_name)]
    assert storage.check(db.session) == ([], [])


def test_deleting_a_hearing_or_paper_removes_its_files(app, make_user, files_dir):
    staff = make_user("staff")
    paper = make_paper(staff)
    services.add_attachment(staff, registry.owner_type("paper"), paper, "a.pdf", PDF)
    services.add_note(staff, registry.owner_type("paper"), paper, "Notat")
    db.session.commit()
    db.session.delete(paper)
    db.session.commit()
    assert count(Attachment) == 0 and count(Note) == 0 and stored_files(files_dir) == []


def test_the_panel_costs_the_same_with_1_and_20_notes_and_files(client, login_as,
                                                                make_user, make_condition):
    login_as("staff")
    condition = make_condition()
    page = f"/conditions/{condition.id}"
    authors = [make_user("staff") for _ in range(20)]
    owner = registry.owner_type("condition")

    def add(n: int):
        for author in authors[:n]:
            services.add_note(author, owner, condition, f"Notat fra {author.name}")
            services.add_attachment(author, owner, condition, f"{author.name}.pdf", PDF)
        db.session.commit()

    def queries() -> int:
        with count_queries() as statements:
            assert client.get(page).status_code == 200
        return len(statements)

    add(1)
    one = queries()
    add(19)
    assert queries() == one


def test_attachments_import_no_domain():
    domains = {"plan", "conditions", "hearings", "papers", "dialogue", "bodies", "notify"}
    folder = Path(storage.__file__).parent
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                assert not (parts[0] == "advocacy" and len(parts) > 1
                            and parts[1] in domains), f"{path.name} imports {node.module}"


def test_flask_attachments_check_reports_orphans_and_missing_files(app, make_user,
                                                                    make_condition, files_dir):
    staff = make_user("staff")
    condition = make_condition()
    owner = registry.owner_type("condition")
    kept = services.add_attachment(staff, owner, condition, "a.pdf", PDF)
    lost = services.add_attachment(staff, owner, condition, "b.pdf", PDF)
    db.session.commit()
    storage.path_of(lost.stored_name).unlink()
    stray = files_dir / "ab" / "abcdef"  # as if a crash came between writing and committing
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(PDF)

    result = app.test_cli_runner().invoke(args=["attachments", "check"])
    assert result.exit_code == 1
    assert f"Fil uten vedlegg i databasen: {stray}" in result.output
    assert f"Vedlegg i databasen uten fil: {storage.path_of(lost.stored_name)}" in result.output
    assert storage.path_of(kept.stored_name).name not in result.output

    db.session.delete(lost)
    db.session.commit()
    os.utime(stray, (0, 0))  # old enough to be no upload in progress
    result = app.test_cli_runner().invoke(args=["attachments", "check", "--remove"])
    assert result.exit_code == 0 and not stray.exists()
    result = app.test_cli_runner().invoke(args=["attachments", "check"])
    assert result.exit_code == 0 and "stemmer med databasen" in result.output


def test_a_meetings_minutes_reach_only_partners_it_is_shared_with(client, make_user, files_dir):
    from advocacy.dialogue.models import Contact

    drammen, lier = make_org("Drammen kommune"), make_org("Lier kommune")
    meeting = Contact(kind="meeting", title="Møte med statssekretæren i KDD",
                      occurred_on=date(2026, 11, 20), status="held", shared_with=[drammen])
    exempt = Contact(kind="meeting", title="Fortrolig møte", occurred_on=date(2026, 11, 21),
                     status="held", shared_with=[drammen], is_exempt=True,
                     exemption_basis="offentleglova § 14")
    db.session.add_all([meeting, exempt])
    db.session.commit()
    client.login(make_user("staff"))
    for contact in (meeting, exempt):
        page = f"/dialog/{contact.id}"
        assert upload(client, "contact", contact.id, "Referat.pdf", PDF,
                      page=page).status_code == 302
        assert "Referat.pdf" in text(client.get(page))
    minutes, exempt_minutes = db.session.scalars(select(Attachment).order_by(Attachment.id))
    client.submit("/logout", {})

    client.login(make_partner(make_user, lier))
    assert get_file(client, minutes.id).status_code == 404
    client.submit("/logout", {})
    client.login(make_partner(make_user, drammen))
    assert get_file(client, minutes.id).data == PDF
    assert get_file(client, exempt_minutes.id).status_code == 404
    # Partners read a shared meeting's files but add nothing to it.
    assert add_note(client, "contact", meeting.id, "Takk", page="/logout").status_code == 403


def test_notes_and_files_are_in_the_change_log(client, login_as, make_condition, files_dir):
    from advocacy.audit.models import AuditEvent

    staff = login_as("staff")
    condition = make_condition("Inntektssystemet")
    page = f"/conditions/{condition.id}"
    assert add_note(client, "condition", condition.id, "Ring KDD neste uke.",
                    page=page).status_code == 302
    assert upload(client, "condition", condition.id, "Referat.pdf", PDF,
                  page=page).status_code == 302
    attachment = db.session.scalar(select(Attachment))
    assert client.submit(f"/attachments/files/{attachment.id}/delete", {},
                         form_url=page).status_code == 302
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type.in_(["note", "attachment"])).order_by(AuditEvent.id)).all()
    assert [(e.object_type, e.action, e.actor_id, e.object_label) for e in events] == [
        ("note", "create", staff.id, "Ring KDD neste uke."),
        ("attachment", "create", staff.id, "Referat.pdf"),
        ("attachment", "delete", staff.id, "Referat.pdf"),
    ]
    # Where the bytes lay on disk is not logged.
    assert "stored_name" not in events[1].changes
    log = text(client.get("/audit/?type=attachment"))
    assert "Vedlegg" in log and "Filnavn" in log and "Rammebetingelse" in log
