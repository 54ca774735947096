"""No input makes a 500: every route, hostile values in path, query and form fields.

For every rule in ``app.url_map`` (grouped by blueprint, so a failure names its domain),
as an administrator and as an anonymous visitor:

- each path variable gets each hostile value (and, for the other cases, a real id);
- each page gets the hostile values in ``page`` and in all known filter arguments;
- each form found on the pages is posted back with a valid CSRF token, first with every
  field set to a hostile value, then with one field at a time set to one while the rest
  keep the values the page showed.

Every answer must be below 500, and a POST that was refused (4xx) must change no row.
Failures are collected per blueprint and reported together.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, time
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
import sqlalchemy as sa

from advocacy.extensions import db
from tests.conftest import Client

HUGE = ["9223372036854775808", "18446744073709551616", "1" + "0" * 30]
HOSTILE = [*HUGE, "²", "-1", "0", "a\x00b", "x" * 100_000, "31.02.2027", "99.99.9999",
           "Tittel\r\nBEGIN:VEVENT", "0001-01-01", "01.01.0001"]
#: What goes into a path variable (already URL-quoted), including invalid UTF-8.
PATH_HOSTILE = [*HUGE, quote("²"), "-1", "0", "%00", "%ff%fe", "x" * 10_000, "1%0d%0a"]
#: Raw query strings with invalid UTF-8.
RAW_QUERIES = ["page=%ff%fe", "q=%ff%fe&status=%c3&goal=%ff&id=%fe&hearing=%ff", "%ff=%fe"]
#: Query arguments the list pages and others read.
QUERY_ARGS = ["q", "kind", "owner", "priority", "status", "goal", "theme", "issuer",
              "condition", "type", "id", "actor", "date_from", "date_to", "state", "hearing",
              "from", "organisation", "role", "old", "new", "next", "per_page"]
#: Field values tried one field at a time (every HOSTILE value goes in all fields at once).
ONE_FIELD = [HUGE[0], "²", "x" * 100_000, "31.02.2027\r\nBEGIN:VEVENT"]

BLUEPRINTS = ["main", "auth", "account", "admin", "audit", "conditions", "plan", "hearings",
              "bodies", "reminders", "papers", "outcomes", "signing", "archive", "dialogue",
              "attachments", "platform", "proposals", "support", "static"]
#: The JSON API: fuzzed from its OpenAPI document by tests/test_api_schemathesis.py, with a
#: token instead of a session; its description and the page listing it take no input.
FUZZED_ELSEWHERE = {"api_me", "api_plan", "api_conditions", "api_hearings", "api_papers",
                    "api_dialogue", "api_docs", "api-docs"}
PUBLIC_FORMS = {"auth.login", "account.forgot_password", "account.accept_invitation",
                "account.reset_password"}
#: Tables a refused POST changes by design: a failed login is counted against the address
#: (a write, so the data generation the page cache keys on moves with it).
CHANGED_ON_REFUSAL = {"/login": {"login_throttles", "data_generation"}}
#: Deliberate 5xx answers: the health check says 503 when the schema is not migrated (as
#: here, where the tests create the tables directly).
DELIBERATE_5XX = {("/healthz", 503)}


# --- the world the routes see -------------------------------------------------------------

@dataclass
class World:
    admin: object
    ids: dict[str, str]


@pytest.fixture
def world(app, make_user, make_condition, make_measure, make_link, plan) -> World:
    from advocacy.auth.models import Organisation, OrganisationContact
    from advocacy.hearings import services as hearing_services
    from advocacy.hearings.models import ConditionSuggestion, Hearing
    from advocacy.papers import outcomes, services as paper_services, signing
    from advocacy.papers.models import Invitation

    admin = make_user("admin", email="admin@example.no", name="Ada Admin")
    staff = make_user("staff", email="staff@example.no", name="Siri Staff")
    partner = make_user("partner", email="partner@example.no", name="Per Partner")
    org = Organisation(name="Drammen kommune", kind="municipality", municipality_number="3301")
    other = Organisation(name="Lier kommune", kind="municipality", municipality_number="3312")
    db.session.add_all([org, other])
    partner.organisation = org
    contact = OrganisationContact(role="postmottak", name="", email="postmottak@lier.kommune.no")
    other.contacts.append(contact)
    admin.calendar_token = "kalender-hemmelighet-123"
    conditions = [make_condition(), make_condition(kind="funding")]
    measures = [make_measure(), make_measure(goal=plan.goals[1], themes=[plan.themes[0]])]
    link = make_link(measures[0], conditions[0])
    from advocacy.plan.consultation import ConsultationQuestion, ConsultationRound

    consultation = ConsultationRound(plan=plan, title="Høring av planen", is_open=True,
                                     deadline_at=hearing_services.deadline_at(date(2026, 12, 15)),
                                     questions=[ConsultationQuestion(text="Hva mener dere?")])
    db.session.add(consultation)
    from advocacy.bodies.models import StateBody

    body = StateBody(name="Klima- og miljødepartementet", short_name="KLD", kind="departement",
                     is_confirmed=False, aliases=[])
    db.session.add(body)
    hearing = Hearing(title="Høring om kulturmiljøloven", issuer="Klima- og miljødepartementet",
                      reference="25/1428", source="manual", responsible=staff,
                      deadline_at=hearing_services.deadline_at(date(2027, 1, 15)))
    hearing_services.add_default_milestones(hearing)
    hearing.conditions = [conditions[0]]
    db.session.add(hearing)
    db.session.flush()
    suggestion = ConditionSuggestion(hearing=hearing, condition=conditions[1], reason="nevnt")
    db.session.add(suggestion)

    paper = paper_services.create_paper(title="Felles uttalelse", author=staff,
                                        recipient="Kommunal- og distriktsdepartementet")
    paper.conditions = [conditions[0]]
    paper.measures = [measures[0]]
    db.session.flush()
    signing.invite(paper, [org], date(2026, 12, 20), invited_by=staff)
    from advocacy.papers.models import PaperComment

    comment = PaperComment(paper=paper, organisation=org, author=partner, revision_number=1,
                           section_index=0, section_heading="Innledning", body="Kommentar")
    db.session.add(comment)
    submitted = paper_services.create_paper(title="Innsendt uttalelse", author=staff,
                                            recipient="Finansdepartementet")
    submitted.conditions = [conditions[1]]
    submitted.status = "final"
    db.session.flush()
    outcomes.submit(submitted, outcomes.Submission(
        submitted_on=date(2026, 10, 1), submitted_time=time(14, 5), archive_year=2026,
        archive_sequence=1428, archive_document=3, recipient="Finansdepartementet"))
    from advocacy.bodies.models import BodyPerson
    from advocacy.dialogue.models import Contact, FollowUp

    person = BodyPerson(body=body, name="Sara Statssekretær", role="statssekretaer")
    # A contact with the state and a follow-up of it. (Its routes' contact_id is the
    # organisation contact's id above: a dialogue contact may or may not have it.)
    meeting = Contact(kind="meeting", title="Møte med KLD",
                      occurred_on=date(2026, 11, 2), status="held", conditions=[conditions[0]],
                      their_people=[person], shared_with=[org])
    meeting.follow_ups = [FollowUp(title="Send notat", responsible=staff,
                                   due_on=date(2026, 12, 3))]
    db.session.add(meeting)
    db.session.commit()
    from advocacy.attachments.models import Attachment, Note

    # A note and a file on the condition; the file's bytes are missing (a 404 to download).
    note = Note(owner_type="condition", owner_id=conditions[0].id, body="Notat", author=staff)
    attachment = Attachment(owner_type="condition", owner_id=conditions[0].id,
                            filename="referat.pdf", stored_name="00/ingen-fil",
                            content_type="application/pdf", size_bytes=10, uploaded_by=staff)
    db.session.add_all([note, attachment])
    db.session.commit()
    from advocacy.conditions.proposals import ConditionProposal

    proposal = ConditionProposal(title="Forslag fra kommunen", organisation=org,
                                 owner_body="KDD", what_should_change="x", local_consequence="y")
    db.session.add(proposal)
    db.session.commit()
    from advocacy.platform import services as platform_services

    platform = platform_services.create_draft(2027, "plattform")  # holds conditions[0]
    from advocacy.auth import api_tokens

    api_token, _secret = api_tokens.create(admin, "Fuzzing", 30)
    db.session.commit()
    invitation = db.session.scalar(sa.select(Invitation).filter_by(paper_id=paper.id))
    ids = {
        "condition_id": conditions[0].id, "measure_id": measures[0].id, "link_id": link.id,
        "hearing_id": hearing.id, "milestone_id": hearing.milestones[0].id,
        "suggestion_id": suggestion.id, "paper_id": paper.id, "invitation_id": invitation.id,
        "organisation_id": org.id, "contact_id": contact.id, "user_id": staff.id, "decision": "dismiss",
        "body_id": body.id, "follow_up_id": meeting.follow_ups[0].id,
        "person_id": person.id, "question_id": consultation.questions[0].id,
        "secret": admin.calendar_token, "token": "ukjent-token", "filename": "app.css",
        "fmt": "xlsx", "owner_type": "condition", "owner_id": conditions[0].id,
        "note_id": note.id, "attachment_id": attachment.id, "proposal_id": proposal.id,
        "year": platform.year, "platform_id": platform.id, "item_id": platform.items[0].id,
        "direction": "ned", "token_id": api_token.id,
        "comment_id": comment.id, "which": "paper", "number": 1,
    }
    return World(admin, {k: str(v) for k, v in ids.items()})


# --- database fingerprint -----------------------------------------------------------------

def fingerprint() -> tuple:
    """Row counts and a digest of every table's committed rows."""
    db.session.rollback()
    result = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            rows = conn.execute(sa.select(table)).all()
            digest = hashlib.sha1(repr(sorted(map(repr, rows))).encode()).hexdigest()
            result.append((table.name, len(rows), digest))
    return tuple(result)


def changed_tables(before: tuple, after: tuple) -> list[str]:
    return [b[0] for b, a in zip(before, after, strict=True) if b != a]


# --- forms on pages -----------------------------------------------------------------------

@dataclass
class FormSpec:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)


class _FormParser(HTMLParser):
    """Collect the POST forms of a page with the values a browser would send."""

    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[FormSpec] = []
        self._form: FormSpec | None = None
        self._select: tuple[str, list[str], list[str]] | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urlsplit(a.get("action") or self.page_path).path or self.page_path
                self._form = FormSpec(action)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.setdefault(name, []).append(a.get("value", "on"))
                else:
                    form.fields.setdefault(name, [])
            elif kind not in ("submit", "button", "file", "image", "reset"):
                form.fields.setdefault(name, []).append(a.get("value", ""))
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            form.fields.setdefault(name, [a.get("value", "")])
        elif tag == "select" and name:
            self._select = (name, [], [])
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select[1].append(value)
            if "selected" in a:
                self._select[2].append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, values, selected = self._select
            self._form.fields[name] = selected or values[:1]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields[self._textarea] = ["".join(self._text).removeprefix("\n")]
            self._textarea = None


def forms_on(path: str, html: str) -> list[FormSpec]:
    parser = _FormParser(path)
    parser.feed(html)
    return parser.forms


# --- the run ------------------------------------------------------------------------------

@dataclass
class Run:
    client: Client
    world: World
    as_admin: bool
    failures: list[str] = field(default_factory=list)
    token: str = ""

    def label(self, method: str, url: str, note: str = "") -> str:
        who = "admin" if self.as_admin else "anonymous"
        short = url if len(url) < 120 else url[:100] + f"…({len(url)} chars)"
        return f"{who} {method} {short!r} {note}".rstrip()

    def check(self, response, method: str, url: str, note: str = "") -> None:
        if response.status_code >= 500 and (
                (urlsplit(url).path, response.status_code) not in DELIBERATE_5XX):
            self.failures.append(f"{self.label(method, url, note)} -> {response.status_code}")

    def request(self, method: str, url: str, note: str = "", **kwargs):
        try:
            response = self.client.raw.open(url, method=method, **kwargs)
        except Exception as error:  # noqa: BLE001 - TESTING propagates the view's exception
            db.session.rollback()
            self.failures.append(f"{self.label(method, url, note)} -> "
                                 f"{type(error).__name__}: {str(error)[:200]}")
            return None
        response.get_data()
        response.close()  # a file response (static, exports) holds its file open otherwise
        self.check(response, method, url, note)
        if self.as_admin and response.status_code == 302 and "/login" in response.headers.get(
                "Location", ""):
            self.ensure_login()  # logged out (or the session ended): log in again
        return response

    def ensure_login(self) -> None:
        if not self.as_admin:
            return
        response = self.client.raw.get("/")
        if response.status_code == 302 and "/login" in response.headers.get("Location", ""):
            self.client.login(self.world.admin)
            self.token = ""

    def csrf(self) -> str:
        if not self.token:
            self.token = self.client.token("/profile" if self.as_admin else "/login")
        return self.token


def _urls(rule, values: dict[str, str]) -> str:
    """The rule's path with its variables replaced by raw (already quoted) text."""
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(r"<(?:[^:<>]+:)?" + re.escape(name) + r">", values[name], path)
    return path


def _real(rule, world: World) -> dict[str, str]:
    return {name: world.ids[name] for name in rule.arguments}


def _methods(rule) -> list[str]:
    return [m for m in ("GET", "POST") if m in rule.methods]


def _rules(app, blueprint: str):
    rules = [r for r in app.url_map.iter_rules()
             if (r.endpoint.split(".")[0] if "." in r.endpoint else r.endpoint) == blueprint]
    # Deleting and logging out change what later requests can reach: do them last.
    return sorted(rules, key=lambda r: (("delete" in r.endpoint or "logout" in r.endpoint
                                         or "withdraw" in r.endpoint), r.rule))


def fuzz_paths(run: Run, rule) -> None:
    for name in rule.arguments:
        for value in PATH_HOSTILE:
            values = _real(rule, run.world) | {name: value}
            url = _urls(rule, values)
            for method in _methods(rule):
                data = {"csrf_token": run.csrf()} if method == "POST" else None
                run.request(method, url, f"[{name}]", data=data)


def fuzz_query(run: Run, rule) -> None:
    if "GET" not in rule.methods:
        return
    url = _urls(rule, _real(rule, run.world))
    for value in HOSTILE:
        run.request("GET", url, "[page]", query_string={"page": value})
        # The full 100,000 characters go in page=; in every filter at once 2,000 will do.
        run.request("GET", url, "[filters]", query_string={a: value[:2000] for a in QUERY_ARGS})
    for raw in RAW_QUERIES:
        run.request("GET", f"{url}?{raw}", "[raw query]")


def _post(run: Run, url: str, data: dict, note: str, before: tuple) -> tuple:
    """POST ``data``; on a 4xx the rows must be as ``before``. Returns the new fingerprint."""
    response = run.request("POST", url, note, data=data)
    if response is None:
        return fingerprint()
    if response.status_code >= 400:
        after = fingerprint()
        changed = set(changed_tables(before, after)) - CHANGED_ON_REFUSAL.get(url, set())
        if changed:
            run.failures.append(f"{run.label('POST', url, note)} -> {response.status_code} "
                                f"but changed {sorted(changed)}")
        return after
    return fingerprint()


def fuzz_forms(run: Run, rule, forms: dict[str, list[FormSpec]]) -> None:
    if "POST" not in rule.methods:
        return
    if not run.as_admin and rule.endpoint not in PUBLIC_FORMS:
        return
    url = _urls(rule, _real(rule, run.world))
    specs = forms.get(url) or [FormSpec(url, {"csrf_token": [""]})]
    before = fingerprint()
    for spec in specs:
        names = [n for n in spec.fields if n != "csrf_token"] or ["id"]
        for value in HOSTILE:
            data = {n: value for n in names} | {"csrf_token": run.csrf()}
            before = _post(run, url, data, f"[all fields={value[:20]!r}]", before)
        for name in names:
            for value in ONE_FIELD:
                data = {n: v for n, v in spec.fields.items()} | {name: value,
                                                                  "csrf_token": run.csrf()}
                before = _post(run, url, data, f"[{name}={value[:20]!r}]", before)


def collect_forms(run: Run, app) -> dict[str, list[FormSpec]]:
    """Every POST form on every page reachable with real ids, by the path it posts to."""
    found: dict[str, list[FormSpec]] = {}
    for rule in app.url_map.iter_rules():
        if not run.as_admin and rule.endpoint not in PUBLIC_FORMS:
            continue
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.rule.endswith(
                (".ics", ".docx", "download")):
            continue
        url = _urls(rule, _real(rule, run.world))
        response = run.client.raw.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        for spec in forms_on(url, response.get_data(as_text=True)):
            known = found.setdefault(spec.action, [])
            if all(set(k.fields) != set(spec.fields) for k in known):
                known.append(spec)
    return found


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_no_input_makes_a_500(app, client, world, blueprint):
    runs = [Run(client, world, as_admin=True), Run(Client(app.test_client()), world, False)]
    runs[0].client.login(world.admin)
    rules = _rules(app, blueprint)
    for run in runs:
        forms = collect_forms(run, app) if any("POST" in r.methods for r in rules) else {}
        for rule in rules:
            run.ensure_login()
            fuzz_query(run, rule)
            fuzz_forms(run, rule, forms)
            fuzz_paths(run, rule)
    failures = [f for run in runs for f in run.failures]
    assert not failures, f"{len(failures)} failing cases:\n" + "\n".join(failures)


def test_every_rule_belongs_to_a_fuzzed_blueprint(app):
    names = {r.endpoint.split(".")[0] if "." in r.endpoint else r.endpoint
             for r in app.url_map.iter_rules()}
    assert names <= set(BLUEPRINTS) | FUZZED_ELSEWHERE, names - set(BLUEPRINTS)


def test_the_fingerprint_sees_a_changed_row(app, world):
    from advocacy.hearings.models import Hearing

    before = fingerprint()
    hearing = db.session.scalar(sa.select(Hearing))
    hearing.title = "Endret"
    db.session.commit()
    assert "hearings" in changed_tables(before, fingerprint())
