"""The change log speaks the user's language, and ``audit`` imports no domain.

Each domain registers its labels with ``advocacy.audit.labels``; the log page shows
Norwegian field names, names instead of ids (resolved in one query per page), the
version number of a paper's text instead of a revision id, and never a hash.
"""

from __future__ import annotations

import ast
import html
import re
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from advocacy.audit import access, labels
from advocacy.audit.models import AuditEvent, Audited
from advocacy.auth.models import Organisation
from advocacy.clock import OSLO
from advocacy.extensions import db
from advocacy.hearings.models import Hearing
from advocacy.papers.models import Invitation, PositionPaper
from tests.conftest import Client
from tests.test_query_counts import count_queries

AUDIT = Path(__file__).resolve().parent.parent / "advocacy" / "audit"
DOMAINS = {"auth", "bodies", "plan", "conditions", "hearings", "papers", "dialogue", "platform"}
#: What audit may import: itself and the packages every domain shares.
GENERIC = {"audit", "extensions", "clock", "types", "formatting", "forms", "inputs", "exports",
           "pagecache", "search"}
OSLO_NOON = datetime(2026, 12, 15, 12, 0, tzinfo=OSLO)


# --- audit imports no domain -------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    """Modules imported at run time, also inside functions (not for type checkers only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            node.body = []
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _advocacy_imports() -> list[tuple[str, str]]:
    """(file, second part of the module) for every ``advocacy.*`` import in audit."""
    return [(path.name, module.split(".")[1])
            for path in sorted(AUDIT.rglob("*.py")) for module in _imports(path)
            if module.split(".")[0] == "advocacy" and len(module.split(".")) > 1]


def test_audit_imports_no_domain():
    assert [f"{name} imports advocacy.{part}" for name, part in _advocacy_imports()
            if part in DOMAINS] == []


def test_audit_imports_only_generic_modules():
    """A domain added later (state bodies, dialog …) is caught too."""
    assert [f"{name} imports advocacy.{part}" for name, part in _advocacy_imports()
            if part not in GENERIC] == []


def test_the_domains_register_every_logged_field(app):
    """Every field a model logs has a Norwegian label for its type, and every reference a
    registered way of being named."""
    missing = []
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        if not issubclass(model, Audited):
            continue
        registered = labels._types.get(model.__audit_type__)
        assert registered is not None, model.__audit_type__
        names = [c.key for c in mapper.column_attrs
                 if c.key != "id" and c.key not in model.__audit_skip__]
        for name in [*names, *model.__audit_collections__]:
            spec = registered.fields.get(name)
            if spec is None or not (spec.label or spec.is_hidden):
                missing.append(f"{model.__audit_type__}.{name}")
            elif spec.ref is not None and spec.ref not in labels._names:
                missing.append(f"{model.__audit_type__}.{name} -> {spec.ref}")
    assert missing == []


# --- who may read it ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "partner"])
def test_other_roles_are_refused(client, login_as, role):
    login_as(role)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/?type=paper&date_from=26.11.2026").status_code == 403


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_admins_read_the_log(client, login_as, role):
    login_as(role)
    assert client.get("/audit/").status_code == 200


def test_without_a_registered_rule_nobody_reads_the_log(client, login_as, monkeypatch):
    login_as("admin")
    monkeypatch.setattr(access, "_rule", None)
    assert client.get("/audit/").status_code == 403


def test_logged_out_visitors_are_sent_to_log_in(client):
    response = client.get("/audit/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- readable entries --------------------------------------------------------------------


def _page(client: Client, url: str = "/audit/") -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def _changes(page: str) -> str:
    """The text of the page's lists of changes."""
    return "\n".join(re.findall(r'<ul class="changes">(.*?)</ul>', page, re.S))


def _assert_nothing_raw(page: str) -> None:
    changes = _changes(page)
    raw_names = {name for t in labels._types.values() for name in t.fields}
    shown = re.findall(r"<strong>([^<]*):</strong>", changes)
    assert shown and not set(shown) & raw_names, shown
    assert labels.UNKNOWN_FIELD not in shown
    assert not re.search(r"\b[0-9a-f]{64}\b", page), "a hash reached the page"
    assert "(id)" not in page and "(skjult)" not in page


@pytest.fixture
def world(app, make_user, make_condition):
    """Staff, a municipality with a partner, a hearing and a condition."""
    staff = make_user("staff", name="Åse Ærlig")
    drammen = Organisation(name="Drammen kommune", kind="municipality",
                           municipality_number="3301")
    db.session.add(drammen)
    partner = make_user("partner", name="Ordfører i Drammen")
    partner.organisation = drammen
    hearing = Hearing(title="Høring om næringsarealer",
                      issuer="Kommunal- og distriktsdepartementet", deadline_at=OSLO_NOON)
    db.session.add(hearing)
    db.session.commit()
    return staff, drammen, partner, hearing


def _client(app, user) -> Client:
    client = Client(app.test_client())
    client.login(user)
    return client


def _paper_text(title: str, body: str, base: int) -> dict:
    return {"title": title, "base_number": base, "action": "save",
            "sections-0-heading": "Bakgrunn", "sections-0-body": body}


def test_paper_signature_hearing_and_condition_changes_read_in_norwegian(app, world,
                                                                        make_condition):
    staff, drammen, partner, hearing = world
    as_staff, as_partner = _client(app, staff), _client(app, partner)

    # A paper for the hearing, its text in two versions, Drammen invited and signing.
    response = as_staff.submit("/papers/new", {
        "title": "Felles uttalelse om næringsarealer", "hearing_id": hearing.id,
        "recipient": "Kommunal- og distriktsdepartementet", "our_reference": "26/100",
        "exemption_basis": "", "responsible_id": staff.id})
    assert response.status_code == 302
    paper = db.session.scalar(select(PositionPaper).order_by(PositionPaper.id.desc()))
    assert as_staff.submit(f"/papers/{paper.id}/text",
                           _paper_text(paper.title, "Første utkast.", 1)).status_code == 302
    assert as_staff.submit(f"/papers/{paper.id}/text",
                           _paper_text(paper.title, "Andre utkast.", 2)).status_code == 302
    assert as_staff.submit(f"/papers/{paper.id}/invitations", {
        "organisation_ids": [drammen.id], "sign_by": "20.12.2026"}).status_code == 302
    assert as_partner.submit(f"/papers/{paper.id}/sign", {
        "name": "Ordfører i Drammen", "title": "ordfører", "mandate": "Kommunestyret, sak 12/26",
        "organisation_id": str(drammen.id)}).status_code == 302
    invitation = db.session.scalar(select(Invitation).filter_by(paper_id=paper.id))
    assert invitation.signed_hash  # the hash is logged, but must not be shown

    # The hearing: someone takes responsibility and its status changes.
    hearing = db.session.get(Hearing, hearing.id)
    hearing.responsible_id, hearing.status = staff.id, "responding"
    db.session.commit()

    # A condition, then edited (models directly: the condition pages are not what is tested).
    condition = make_condition("Statlige planretningslinjer for næringsareal", priority="high",
                               responsible_id=staff.id)
    condition_id = condition.id
    condition.kind, condition.priority, condition.responsible_id = "funding", "low", None
    db.session.commit()

    _assert_nothing_raw(_page(as_staff))

    signature = _page(as_staff, f"/audit/?type=signature&id={invitation.id}")
    _assert_nothing_raw(signature)
    changes = _changes(signature)
    assert "<strong>Uttalelse:</strong> – → Felles uttalelse om næringsarealer" in changes
    assert "<strong>Organisasjon:</strong> – → Drammen kommune" in changes
    assert "<strong>Svar:</strong> Ikke svart → Signert" in changes
    # Each save of the text is a new version; the first save makes version 2.
    assert "<strong>Versjon av teksten:</strong> – → versjon 3" in changes
    assert "<strong>Svart av:</strong> – → Ordfører i Drammen" in changes
    assert "<strong>Svarfrist:</strong> – → 20.12.2026" in changes
    assert "Teksten svaret gjelder" not in changes  # the version says which text

    paper_log = _changes(_page(as_staff, f"/audit/?type=paper&id={paper.id}"))
    assert "<strong>Høring:</strong> – → Høring om næringsarealer" in paper_log
    assert "<strong>Ansvarlig:</strong> – → Åse Ærlig" in paper_log
    assert "<strong>Status:</strong> Utkast → Til medsignering" in paper_log

    hearing_log = _changes(_page(as_staff, f"/audit/?type=hearing&id={hearing.id}"))
    assert "<strong>Ansvarlig:</strong> – → Åse Ærlig" in hearing_log
    assert "<strong>Status:</strong> Ny → Vi svarer" in hearing_log
    assert "<strong>Høringsfrist:</strong> – → 15.12.2026 kl. 12:00" in hearing_log

    condition_log = _changes(_page(as_staff, f"/audit/?type=condition&id={condition_id}"))
    assert "<strong>Ansvarlig:</strong> Åse Ærlig → –" in condition_log
    assert "<strong>Type:</strong> Regelverk → Økonomisk ordning" in condition_log
    assert "<strong>Prioritet:</strong> – → Høy" in condition_log
    assert "<strong>Prioritet:</strong> Høy → Lav" in condition_log


def test_a_new_signature_on_a_later_version_shows_both_versions(app, world):
    staff, drammen, partner, hearing = world
    as_staff, as_partner = _client(app, staff), _client(app, partner)
    as_staff.submit("/papers/new", {"title": "Uttalelse", "hearing_id": 0, "recipient": "KDD",
                                    "exemption_basis": "", "responsible_id": 0})
    paper = db.session.scalar(select(PositionPaper))
    as_staff.submit(f"/papers/{paper.id}/text", _paper_text("Uttalelse", "Én.", 1))
    as_staff.submit(f"/papers/{paper.id}/invitations",
                    {"organisation_ids": [drammen.id], "sign_by": "20.12.2026"})
    sign = {"name": "Ordfører i Drammen", "title": "ordfører", "mandate": "Vedtak",
            "organisation_id": str(drammen.id)}
    assert as_partner.submit(f"/papers/{paper.id}/sign", sign).status_code == 302
    as_staff.submit(f"/papers/{paper.id}/text", _paper_text("Uttalelse", "To.", 2))
    assert as_partner.submit(f"/papers/{paper.id}/sign", sign).status_code == 302
    changes = _changes(_page(as_staff, "/audit/?type=signature"))
    assert "<strong>Versjon av teksten:</strong> versjon 2 → versjon 3" in changes
    assert "<strong>Teksten svaret gjelder:</strong> endret" in changes


def test_references_to_deleted_objects_say_so(app, client, login_as, plan, make_measure,
                                              make_condition, make_link):
    login_as("staff")
    measure, condition = make_measure("Fagbrev for unge"), make_condition("Opplæringslova")
    make_link(measure, condition)
    for link in condition.dependencies:
        db.session.delete(link)
    db.session.delete(condition)
    # A reference the log never saw deleted (an entry older than the log of deletes).
    db.session.add(AuditEvent(action="update", object_type="condition", object_id=123456,
                              object_label="Gammel sak",
                              changes={"responsible_id": [999999, None]}))
    db.session.commit()
    changes = _changes(_page(client, "/audit/?type=dependency"))
    assert "<strong>Tiltak:</strong> – → Fagbrev for unge" in changes
    assert "<strong>Rammebetingelse:</strong> – → Opplæringslova (slettet)" in changes
    assert "<strong>Rammebetingelse:</strong> Opplæringslova (slettet) → –" in changes
    old = _changes(_page(client, "/audit/?type=condition&id=123456"))
    assert "<strong>Ansvarlig:</strong> slettet → –" in old


def test_secrets_show_only_that_they_changed(app, client, login_as, make_user):
    admin = login_as("admin")
    user = make_user("staff", name="Kari")
    db.session.add(AuditEvent(action="update", object_type="user", object_id=user.id,
                              object_label="Kari", actor_id=admin.id, changes={
                                  "password_hash": ["(skjult)", "(skjult)"],
                                  "session_token": [None, "(skjult)"],
                                  "calendar_token": ["(skjult)", None]}))
    db.session.commit()
    changes = _changes(_page(client, f"/audit/?type=user&id={user.id}"))
    assert "<strong>Passord:</strong> satt" in changes  # when the user was made
    assert "<strong>Passord:</strong> endret" in changes
    assert "<strong>Innlogginger:</strong> avsluttet" in changes
    assert "<strong>Kalenderlenke:</strong> slått av" in changes
    assert "<strong>Rolle:</strong> – → Rådgiver (fylkeskommunen)" in changes
    assert changes.count("Innlogginger") == 1  # a new user's first token says nothing


def test_unknown_types_and_fields_are_never_shown_raw(app, client, login_as):
    login_as("staff")
    db.session.add(AuditEvent(action="update", object_type="retired_thing", object_id=1,
                              object_label="Noe gammelt", changes={"old_field": [1, 2]}))
    db.session.commit()
    page = _page(client)
    assert "Endret objekt" in page and "retired_thing" not in page
    assert "<strong>Annet felt:</strong> 1 → 2" in _changes(page)
    assert "old_field" not in page


def test_names_are_resolved_in_one_query_whatever_the_page_holds(app, client, login_as,
                                                                 make_condition, make_user):
    app.config["PER_PAGE"] = 50
    login_as("staff")

    def count_page() -> int:
        db.session.expunge_all()
        with count_queries() as statements:
            assert client.get("/audit/").status_code == 200
        return len(statements)

    make_condition("Første", responsible_id=make_user("staff").id)
    few = count_page()
    drammen = Organisation(name="Drammen kommune", kind="municipality")
    db.session.add(drammen)
    for i in range(15):
        user = make_user("partner")
        user.organisation = drammen
        make_condition(f"Sak {i}", responsible_id=user.id)
        db.session.add(Hearing(title=f"Høring {i}", issuer="KDD", deadline_at=OSLO_NOON,
                               responsible_id=user.id))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) > 40
    assert count_page() == few


# --- one date input style ----------------------------------------------------------------


def test_the_date_filter_takes_typed_dates(app, client, login_as, make_condition):
    login_as("staff")
    make_condition("Ny sak")
    page = _page(client, "/audit/?date_from=26.11.2026&date_to=26.11.2026")
    assert "Ny sak" in page
    assert 'value="26.11.2026"' in page and 'type="date"' not in page
    assert "Fra og med dato (dd.mm.åååå)" in page
    assert "Ny sak" not in _page(client, "/audit/?date_to=25.11.2026")
    assert "Ny sak" not in _page(client, "/audit/?date_from=27.11.2026")
    # The empty fields every filtering sends are no error.
    assert "field-error" not in _page(client, "/audit/?type=&actor=&date_from=&date_to=")


@pytest.mark.parametrize(("typed", "message"), [
    ("31.02.2026", "«31.02.2026» finnes ikke: februar 2026 har 28 dager."),
    ("12.13.2026", "«12.13.2026» finnes ikke: et år har tolv måneder."),
    ("i går", "«i går» er ikke en gyldig dato. Skriv den som dd.mm.åååå."),
    ("01.01.0001", "«01.01.0001» er utenfor det vi kan regne med."),
])
def test_a_bad_date_gets_the_norwegian_message_and_no_500(app, client, login_as,
                                                          make_condition, typed, message):
    login_as("staff")
    make_condition("Ny sak")
    response = client.get("/audit/", query_string={"date_from": typed})
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert message in page and 'role="alert"' in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="date_from-error"' in page
    assert "Ny sak" in page  # the bad date filters nothing out


def test_a_period_that_ends_before_it_starts_is_explained(app, client, login_as):
    login_as("staff")
    page = _page(client, "/audit/?date_from=26.11.2026&date_to=01.11.2026")
    assert "«Til og med dato» (01.11.2026) er før «Fra og med dato» (26.11.2026)." in page

