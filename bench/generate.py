"""Build the benchmark datasets through the app's own models, seeded and repeatable.

The "large county" (``full``) has 5,000 framework conditions, 2,000 measures, 50,000
measure↔condition links, 2,000 hearings with 8,000 milestones, 500 position papers with
30 invitations each, and 80,000 audit events; ``tenth`` has a tenth of each. Both sizes
also hold one paper for the Word export (40 sections, 50 signatories) and ten staff users
whose calendar feeds follow the same 750 hearings (75 at a tenth).

The schema is made by the migrations (``flask db upgrade``), as in production; rows go in
with the ORM's bulk inserts (``session.execute(insert(Model), rows)``), so mapper events
do not run: the generator fills ``search_text`` itself, and writes no audit events but
the ones it means to. Every random choice comes from ``random.Random(42)``; dates are
relative to the day the data is generated (``BASE``, 09:00 Oslo time).

Usage: ``python -m bench.generate sqlite|postgresql tenth|full`` (``bench.run`` calls
``build`` directly). SQLite files go to ``bench/.data/``; PostgreSQL gets a schema of its
own, ``bench_<size>``, on ``BENCH_POSTGRES_URL`` (default: the local socket's ``test``).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime, time as dtime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
#: Generated files; ``bench.run`` points a snapshot of the code back at the checkout's.
DATA = Path(os.environ.get("BENCH_DATA", ROOT / "bench" / ".data"))
VENV_BIN = Path(sys.executable).parent

#: Rows per size. ``followed`` is the number of hearings the calendar user follows.
SIZES: dict[str, dict[str, int]] = {
    "full": {"conditions": 5000, "measures": 2000, "links": 50000, "hearings": 2000,
             "milestones_per_hearing": 4, "papers": 500, "invitations_per_paper": 30,
             "audit_events": 80000, "followed": 750},
    "tenth": {"conditions": 500, "measures": 200, "links": 5000, "hearings": 200,
              "milestones_per_hearing": 4, "papers": 50, "invitations_per_paper": 30,
              "audit_events": 8000, "followed": 75},
}

#: Fixed at both sizes: organisations, extra staff, and the Word export's paper.
ORGANISATIONS = 120
EXTRA_STAFF = 19
#: Users beside Kari Kalender whose feeds follow the same hearings as hers.
FEED_USERS = 9
WORD_SECTIONS = 40
WORD_SIGNATORIES = 50
#: Hearings in the import fixture (Stortinget's XML format).
IMPORT_ITEMS = 2000

PASSWORD = "bench-passord-2026"
STAFF_EMAIL = "staff@bench.example"
PARTNER_EMAIL = "partner@bench.example"
CALENDAR_EMAIL = "kalender@bench.example"
#: A word in about one in eight conditions and measures, for the search measurements.
SEARCH_WORD = "kollektivtransport"

SECRET_KEY = "bench-secret-key-not-for-production"

BODIES = [
    "Kommunal- og distriktsdepartementet", "Klima- og miljødepartementet",
    "Samferdselsdepartementet", "Nærings- og fiskeridepartementet", "Kunnskapsdepartementet",
    "Arbeids- og inkluderingsdepartementet", "Helse- og omsorgsdepartementet",
    "Finansdepartementet", "Kultur- og likestillingsdepartementet", "Energidepartementet",
    "Landbruks- og matdepartementet", "Statens vegvesen", "Jernbanedirektoratet",
    "Miljødirektoratet", "Riksantikvaren", "Husbanken", "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "Direktoratet for mineralforvaltning", "Kommunal- og forvaltningskomiteen",
    "Transport- og kommunikasjonskomiteen", "Energi- og miljøkomiteen", "Nye Veier",
]
TOPICS = [
    "inntektssystemet", "regionale utviklingsmidler", "kollektivtransport", "belønningsordningen",
    "fylkesveier", "jernbane", "godsterminal", "kulturminnevern", "strandsonen",
    "fritidsboliger", "mineralutvinning", "naturmangfold", "jordvern", "bredbånd",
    "fagskoler", "videregående opplæring", "integrering", "folkehelse", "klimatilpasning",
    "flomvern", "næringsarealer", "reiseliv", "energiforsyning", "vindkraft", "skogbruk",
    "tannhelse", "kompetansemidler", "byvekstavtale", "tungtransport", "sentrumsutvikling",
]
FORMS = ["Forskrift om", "Tilskuddsordning for", "Statlige planretningslinjer for",
         "Nasjonal strategi for", "Lov om", "Rundskriv om", "Stortingsmelding om",
         "Statsbudsjettets post for", "Veileder om", "Midler til"]
VERBS = ["Styrke", "Utvikle", "Kartlegge", "Etablere", "Sikre", "Utrede", "Forenkle",
         "Samordne", "Prioritere", "Videreføre"]
WORDS = ("regional plan tiltak samarbeid kommunene staten fylket utvikling næringsliv "
         "bærekraft natur kultur transport kompetanse bolig tjenester innbyggere areal "
         "verdiskaping omstilling rammebetingelse finansiering ordning endring behov "
         "ansvar effekt oppfølging grunnlag").split()
MUNICIPALITIES = [
    ("Drammen kommune", "3301"), ("Kongsberg kommune", "3303"), ("Ringerike kommune", "3305"),
    ("Hole kommune", "3310"), ("Lier kommune", "3312"), ("Øvre Eiker kommune", "3314"),
    ("Modum kommune", "3316"), ("Krødsherad kommune", "3318"), ("Flå kommune", "3320"),
    ("Nesbyen kommune", "3322"), ("Gol kommune", "3324"), ("Hemsedal kommune", "3326"),
    ("Ål kommune", "3328"), ("Hol kommune", "3330"), ("Sigdal kommune", "3332"),
    ("Flesberg kommune", "3334"), ("Rollag kommune", "3336"),
    ("Nore og Uvdal kommune", "3338"),
]
ORG_KINDS = ["state", "business", "organisation", "volunteer", "academia"]


@dataclass
class Manifest:
    """What ``bench.run`` needs to know about a generated database."""

    db: str
    size: str
    url: str
    counts: dict
    seconds: float
    base: str
    condition_id: int
    measure_id: int
    hearing_id: int
    paper_id: int
    partner_paper_id: int
    word_paper_id: int
    calendar_secret: str
    #: More feeds with the same hearings as ``calendar_secret``'s, each rendered once.
    feed_secrets: list
    search_word: str
    staff_email: str
    partner_email: str
    password: str
    #: The folder the app's code was imported from (a snapshot under ``bench.run``).
    code: str
    #: The app's refreshers of derived data run after the bulk inserts.
    derived: list


# --- databases ------------------------------------------------------------------------------

def postgres_base_url() -> str:
    """The PostgreSQL server to use: ``BENCH_POSTGRES_URL`` or the local socket's ``test``."""
    return os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg:///test")


def postgres_available() -> bool:
    """Whether the PostgreSQL server answers (without importing the app)."""
    import sqlalchemy as sa

    url = postgres_base_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    try:
        engine = sa.create_engine(url,
                                  connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means "no server"
        return False


def database_url(db_kind: str, size: str) -> str:
    """A fresh, empty database of ``db_kind`` for ``size``; any earlier one is removed."""
    import sqlalchemy as sa

    from advocacy import normalise_database_url

    if db_kind == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        path = DATA / f"{size}.sqlite"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    base = normalise_database_url(postgres_base_url())
    schema = f"bench_{size}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f'drop schema if exists "{schema}" cascade'))
        conn.execute(sa.text(f'create schema "{schema}"'))
    engine.dispose()
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


def drop_database(url: str) -> None:
    """Remove a PostgreSQL benchmark schema (SQLite files are kept, git-ignored)."""
    import sqlalchemy as sa

    if not url.startswith("postgresql"):
        return
    base, _, query = url.partition("?")
    schema = query.rsplit("%3D", 1)[-1]
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f'drop schema if exists "{schema}" cascade'))
    engine.dispose()


def app_env(url: str) -> dict[str, str]:
    """Environment for an app process (flask, gunicorn) on ``url``, isolated from instance/."""
    instance = DATA / "instance"
    instance.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVOCACY_")}
    env.update({
        "ADVOCACY_DATABASE_URL": url,
        "ADVOCACY_SECRET_KEY": SECRET_KEY,
        "ADVOCACY_INSTANCE_PATH": str(instance),
        "ADVOCACY_SESSION_COOKIE_SECURE": "false",
        "ADVOCACY_REMEMBER_COOKIE_SECURE": "false",
        "ADVOCACY_MAIL_OUTBOX": str(DATA / "outbox"),
        # The app is imported from ROOT: the checkout, or bench.run's snapshot of it.
        "PYTHONPATH": str(ROOT),
        "BENCH_DATA": str(DATA),
    })
    return env


def migrate(url: str) -> None:
    """Create the schema with the migrations, as production does (``flask db upgrade``)."""
    subprocess.run([str(VENV_BIN / "flask"), "--app", "advocacy", "db", "upgrade"],
                   cwd=ROOT, env=app_env(url), check=True, capture_output=True, text=True)


def make_app(url: str, **config):
    """The app in this process on ``url`` (production settings, instance/ ignored)."""
    os.environ.update(app_env(url))
    from advocacy import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, **config})


# --- text -----------------------------------------------------------------------------------

def sentence(rng: random.Random, n: int = 12) -> str:
    """A sentence of ``n`` plan-flavoured words."""
    text = " ".join(rng.choice(WORDS) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 3) -> str:
    """Some sentences."""
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def section_body(rng: random.Random) -> str:
    """A section in the Markdown subset papers use: paragraphs, a list, some bold."""
    items = "\n".join(f"- **{rng.choice(TOPICS).capitalize()}**: {sentence(rng, 8)}"
                      for _ in range(rng.randint(2, 4)))
    return f"{paragraph(rng)}\n\n{items}\n\n{paragraph(rng, 2)}"


# --- the generator --------------------------------------------------------------------------

class Builder:
    """Generates one dataset into an (empty, migrated) database."""

    def __init__(self, size: str):
        from advocacy import clock

        self.size = size
        self.n = SIZES[size]
        self.rng = random.Random(42)
        now = clock.now()
        self.base = datetime.combine(now.date(), dtime(9, 0), tzinfo=clock.OSLO)
        self.counts: dict[str, int] = {}

    def at(self, days: float) -> datetime:
        """``BASE`` plus ``days``, in UTC."""
        return (self.base + timedelta(days=days)).astimezone(timezone.utc)

    def insert(self, model, rows: list[dict]) -> None:
        """Bulk-insert ``rows`` into ``model`` (a mapped class or a Table) in chunks."""
        from sqlalchemy import insert

        from advocacy.extensions import db

        name = getattr(model, "__tablename__", None) or model.name
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(model), rows[start:start + 5000])
        self.counts[name] = self.counts.get(name, 0) + len(rows)

    def build(self) -> dict:
        """Insert every table's rows; return the ids the benchmark's pages use."""
        from advocacy.extensions import db

        self.organisations()
        self.users()
        self.plan()
        self.conditions()
        self.measures()
        self.links()
        self.hearings()
        self.papers()
        self.word_paper()
        self.audit()
        db.session.commit()
        fix_sequences()
        self.derived = refresh_derived()
        vacuum_analyze()
        return self.picks()

    # organisations and people

    def organisations(self) -> None:
        from advocacy.auth.models import Organisation

        rows = [{"id": 1, "name": "Buskerud fylkeskommune", "kind": "county",
                 "contact_email": "post@bfk.example"}]
        for name, number in MUNICIPALITIES:
            rows.append({"id": len(rows) + 1, "name": name, "kind": "municipality",
                         "municipality_number": number})
        while len(rows) < ORGANISATIONS:
            kind = ORG_KINDS[len(rows) % len(ORG_KINDS)]
            rows.append({"id": len(rows) + 1, "kind": kind,
                         "name": f"{rng_title(self.rng)} {kind} {len(rows) + 1}"})
        self.insert(Organisation, rows)
        self.partner_org = 2  # Drammen kommune

    def users(self) -> None:
        from werkzeug.security import generate_password_hash

        from advocacy.auth.models import User

        hashed = generate_password_hash(PASSWORD)
        rows = []

        def add(email, name, role, org, password=False, **extra):
            rows.append({"id": len(rows) + 1, "email": email, "name": name, "role": role,
                         "organisation_id": org, "password_hash": hashed if password else None,
                         "session_token": f"{self.rng.getrandbits(256):064x}",
                         "reminder_frequency": "daily", "created_at": self.at(-400), **extra})
            return len(rows)

        add("admin@bench.example", "Bench Administrator", "admin", 1, True)
        self.staff = add(STAFF_EMAIL, "Bench Rådgiver", "staff", 1, True)
        add("leser@bench.example", "Bench Leser", "viewer", 1, True)
        self.partner = add(PARTNER_EMAIL, "Bench Partner", "partner", self.partner_org, True)
        self.calendar_secret = f"bench{self.rng.getrandbits(160):040x}"
        self.calendar_user = add(CALENDAR_EMAIL, "Kari Kalender", "staff", 1,
                                 calendar_token=self.calendar_secret)
        self.staff_ids = [self.staff] + [
            add(f"radgiver{i:02}@bench.example", f"Rådgiver {i:02}", "staff", 1)
            for i in range(1, EXTRA_STAFF + 1)]
        for org in range(2, ORGANISATIONS + 1):
            if org != self.partner_org:
                add(f"partner{org:03}@bench.example", f"Partner {org:03}", "partner", org)
        # More users who follow the same hearings as Kari: each one's first request renders
        # a whole feed, so the benchmark can time a feed's rendering more than once.
        self.feed_secrets = [f"{self.calendar_secret}f{i}" for i in range(1, FEED_USERS + 1)]
        self.feed_users = [add(f"kalender{i:02}@bench.example", f"Kalender {i:02}", "staff", 1,
                               calendar_token=secret)
                           for i, secret in enumerate(self.feed_secrets, 1)]
        self.insert(User, rows)

    # the plan and the registry

    def plan(self) -> None:
        from advocacy import demo_data
        from advocacy.plan.models import Goal, Plan, Theme

        self.insert(Plan, [{"id": 1, "name": demo_data.PLAN["name"],
                            "short_name": demo_data.PLAN.get("short_name", "Buskerudplanen"),
                            "owner": demo_data.PLAN.get("owner", "Buskerud fylkeskommune"),
                            "description": demo_data.PLAN.get("description", "")}])
        self.insert(Goal, [{"id": i + 1, "plan_id": 1, "title": g["title"],
                            "description": g["description"], "position": i}
                           for i, g in enumerate(demo_data.GOALS)])
        self.insert(Theme, [{"id": i + 1, "plan_id": 1, "title": t["title"],
                             "description": t["description"], "position": i}
                            for i, t in enumerate(demo_data.THEMES)])
        self.goal_ids = list(range(1, len(demo_data.GOALS) + 1))
        self.theme_ids = list(range(1, len(demo_data.THEMES) + 1))

    def conditions(self) -> None:
        from advocacy.conditions.models import FrameworkCondition
        from advocacy.search import fold

        rng, rows = self.rng, []
        for i in range(1, self.n["conditions"] + 1):
            topic = SEARCH_WORD if i % 8 == 0 else rng.choice(TOPICS)
            title = f"{rng.choice(FORMS)} {topic} ({i})"
            kind = rng.choice(["regulation", "funding", "priority"])
            lovdata = (f"FOR-20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}-"
                       f"{rng.randint(1, 3000)}") if kind == "regulation" else None
            row = {"id": i, "title": title, "kind": kind, "owner_body": rng.choice(BODIES),
                   "current_state": paragraph(rng, 2), "our_position": paragraph(rng, 2),
                   "priority": rng.choice(["high", "medium", "medium", "low"]),
                   "status": rng.choice(["monitoring", "active", "active", "resolved"]),
                   "source_urls": [f"https://www.regjeringen.no/no/id{rng.randint(1, 9999999)}/"],
                   "lovdata_id": lovdata, "responsible_id": rng.choice(self.staff_ids),
                   "created_at": self.at(-rng.uniform(30, 700)),
                   "updated_at": self.at(-rng.uniform(0, 30))}
            row["search_text"] = fold(" ".join(
                v for k in FrameworkCondition.__search_fields__ if (v := row.get(k))))
            rows.append(row)
        self.insert(FrameworkCondition, rows)

    def measures(self) -> None:
        from advocacy.plan.models import Measure, measure_themes
        from advocacy.search import fold

        rng, rows, themes = self.rng, [], []
        for i in range(1, self.n["measures"] + 1):
            topic = SEARCH_WORD if i % 8 == 0 else rng.choice(TOPICS)
            row = {"id": i, "goal_id": rng.choice(self.goal_ids),
                   "title": f"{rng.choice(VERBS)} {topic} i Buskerud ({i})",
                   "description": paragraph(rng, 2),
                   "owner": rng.choice(["Samferdsel", "Næring", "Plan og miljø", "Utdanning",
                                        "Kultur", "Drammen kommune", "Kongsberg kommune"]),
                   "status": rng.choice(["planned", "ongoing", "ongoing", "done", "paused"]),
                   "created_at": self.at(-rng.uniform(30, 700)),
                   "updated_at": self.at(-rng.uniform(0, 30))}
            row["search_text"] = fold(" ".join(
                v for k in Measure.__search_fields__ if (v := row.get(k))))
            rows.append(row)
            for theme in rng.sample(self.theme_ids, rng.randint(0, 2)):
                themes.append({"measure_id": i, "theme_id": theme})
        self.insert(Measure, rows)
        self.insert(measure_themes, themes)

    def links(self) -> None:
        from advocacy.conditions.models import Dependency

        rng, pairs = self.rng, set()
        n_measures, n_conditions = self.n["measures"], self.n["conditions"]
        while len(pairs) < self.n["links"]:
            pairs.add((rng.randint(1, n_measures), rng.randint(1, n_conditions)))
        rows = [{"id": i, "measure_id": m, "condition_id": c,
                 "effect": rng.choice(["hinders", "hinders", "required", "enables"]),
                 "strength": rng.randint(1, 3), "note": sentence(rng, 10)}
                for i, (m, c) in enumerate(sorted(pairs), 1)]
        self.insert(Dependency, rows)
        self.link_pairs = pairs

    # hearings

    def hearings(self) -> None:
        from advocacy.hearings.models import (Hearing, Milestone, hearing_conditions,
                                              hearing_followers, hearing_measures)
        from advocacy.search import fold

        rng, rows, milestones = self.rng, [], []
        conds, meas, follows = [], [], []
        kinds = [("draft_ready", "Utkast klart", 14), ("political_meeting",
                  "Fylkesutvalget", 7), ("partners_sign_by", "Partnere signerer", 3),
                 ("other", "Intern gjennomlesing", None)]
        for i in range(1, self.n["hearings"] + 1):
            days = rng.uniform(-60, 300) if rng.random() < 0.9 else rng.uniform(-400, -60)
            done = days < 0 and rng.random() < 0.85
            status = (rng.choice(["submitted", "not_responding"]) if done
                      else rng.choice(["new", "assessing", "responding"]))
            source = rng.choice(["regjeringen", "regjeringen", "regjeringen", "stortinget",
                                 "manual"])
            row = {"id": i, "title": f"Høring – {rng.choice(FORMS).lower()} "
                                     f"{rng.choice(TOPICS)} ({i})",
                   "issuer": rng.choice(BODIES), "source": source,
                   "source_id": None if source == "manual" else f"bench-{source[0]}-{i}",
                   "url": None if source == "manual"
                   else f"https://www.regjeringen.no/no/dokumenter/hoering/id{1000000 + i}/",
                   "reference": f"{rng.randint(23, 26)}/{rng.randint(100, 9999)}",
                   "summary": paragraph(rng, 2),
                   "published_on": (self.base + timedelta(days=days - 90)).date(),
                   "deadline_at": self.at(days), "deadline_sequence": 0, "status": status,
                   "not_responding_reason": "Ikke relevant for planen"
                   if status == "not_responding" else "",
                   "responsible_id": rng.choice(self.staff_ids[1:]),
                   "created_at": self.at(days - 90), "updated_at": self.at(min(days, 0))}
            row["search_text"] = fold(" ".join(
                v for k in Hearing.__search_fields__ if (v := row.get(k))))
            rows.append(row)
            for kind, title, offset in kinds[:self.n["milestones_per_hearing"]]:
                milestones.append({"id": len(milestones) + 1, "hearing_id": i, "kind": kind,
                                   "title": title, "offset_days": offset,
                                   "fixed_at": None if offset is not None
                                   else self.at(days - rng.uniform(1, 20)), "sequence": 0})
            for c in rng.sample(range(1, self.n["conditions"] + 1), rng.randint(0, 3)):
                conds.append({"hearing_id": i, "condition_id": c})
            for m in rng.sample(range(1, self.n["measures"] + 1), rng.randint(0, 2)):
                meas.append({"hearing_id": i, "measure_id": m})
        followed = rng.sample(range(1, self.n["hearings"] + 1), self.n["followed"])
        for user in (self.calendar_user, *self.feed_users):
            follows += [{"hearing_id": h, "user_id": user} for h in sorted(followed)]
        for user in self.staff_ids[1:]:
            follows += [{"hearing_id": h, "user_id": user}
                        for h in rng.sample(range(1, self.n["hearings"] + 1), 10)]
        self.insert(Hearing, rows)
        self.insert(Milestone, milestones)
        self.insert(hearing_conditions, conds)
        self.insert(hearing_measures, meas)
        self.insert(hearing_followers, follows)
        self.hearing_rows = rows

    # papers

    def papers(self) -> None:
        from advocacy.papers.models import (Invitation, Outcome, PaperRevision,
                                            PositionPaper, content_hash, paper_conditions,
                                            paper_measures)
        from advocacy.search import fold

        rng = self.rng
        papers, revisions, invitations, outcomes, pconds, pmeas = [], [], [], [], [], []
        self.partner_papers = []
        self.hearings_with_papers = set()
        orgs = list(range(2, ORGANISATIONS + 1))
        for i in range(1, self.n["papers"] + 1):
            status = rng.choices(["draft", "signing", "final", "submitted"], [25, 40, 10, 25])[0]
            hearing = rng.choice(self.hearing_rows)
            title = f"Felles høringsuttalelse om {rng.choice(TOPICS)} ({i})"
            self.hearings_with_papers.add(hearing["id"])
            row = {"id": i, "title": title, "hearing_id": hearing["id"],
                   "recipient": hearing["issuer"], "our_reference": f"25/{rng.randint(100, 9999)}",
                   "their_reference": hearing["reference"], "status": status,
                   "responsible_id": rng.choice(self.staff_ids),
                   "submitted_on": (self.base - timedelta(days=rng.randint(1, 300))).date()
                   if status == "submitted" else None,
                   "archive_year": 2025 if status == "submitted" else None,
                   "archive_sequence": rng.randint(100, 9999) if status == "submitted" else None,
                   "archive_document": rng.randint(1, 9) if status == "submitted" else None,
                   "created_at": self.at(-rng.uniform(30, 400)),
                   "updated_at": self.at(-rng.uniform(0, 30))}
            row["search_text"] = fold(" ".join(
                v for k in PositionPaper.__search_fields__ if (v := row.get(k))))
            papers.append(row)
            hashes = []
            for number in range(1, rng.randint(1, 3) + 1):
                sections = [{"heading": f"{rng.choice(TOPICS).capitalize()}",
                             "body": section_body(rng)} for _ in range(rng.randint(3, 6))]
                digest = content_hash(title, sections)
                revisions.append({"id": len(revisions) + 1, "paper_id": i, "number": number,
                                  "title": title, "sections": sections, "content_hash": digest,
                                  "author_id": row["responsible_id"],
                                  "created_at": self.at(-rng.uniform(1, 30))})
                hashes.append((len(revisions), digest))
            invited = rng.sample(orgs, self.n["invitations_per_paper"])
            if self.partner_org in invited:
                self.partner_papers.append(i)
            for org in invited:
                answer = rng.choices(["pending", "signed", "declined"],
                                     [50, 40, 10] if status in ("draft", "signing")
                                     else [5, 85, 10])[0]
                revision_id, digest = rng.choice(hashes) if answer != "pending" else (None, "")
                invitations.append({
                    "id": len(invitations) + 1, "paper_id": i, "organisation_id": org,
                    "sign_by": (self.base + timedelta(days=rng.randint(1, 30) if status ==
                                "signing" else -rng.randint(1, 200))).date(),
                    "invited_at": self.at(-rng.uniform(30, 60)), "answer": answer,
                    "revision_id": revision_id,
                    "signed_hash": digest if answer == "signed" else "",
                    "signer_name": f"Ordfører {org}" if answer == "signed" else "",
                    "signer_title": "Ordfører" if answer == "signed" else "",
                    "comment": sentence(rng) if answer == "declined" else "",
                    "answered_at": self.at(-rng.uniform(1, 29)) if answer != "pending" else None})
            linked = rng.sample(range(1, self.n["conditions"] + 1), rng.randint(1, 3))
            pconds += [{"paper_id": i, "condition_id": c} for c in linked]
            pmeas += [{"paper_id": i, "measure_id": m}
                      for m in rng.sample(range(1, self.n["measures"] + 1), rng.randint(0, 2))]
            if status == "submitted":
                for c in linked:
                    outcomes.append({"id": len(outcomes) + 1, "paper_id": i, "condition_id": c,
                                     "result": rng.choice(["adopted", "partly", "not_adopted",
                                                           "pending"]), "note": sentence(rng)})
        self.insert(PositionPaper, papers)
        self.insert(PaperRevision, revisions)
        self.insert(Invitation, invitations)
        self.insert(Outcome, outcomes)
        self.insert(paper_conditions, pconds)
        self.insert(paper_measures, pmeas)
        self.next_ids = {"paper": len(papers) + 1, "revision": len(revisions) + 1,
                         "invitation": len(invitations) + 1}

    def word_paper(self) -> None:
        """The Word export's paper: 40 sections, 50 signatures on the current text."""
        from advocacy.papers.models import (Invitation, PaperRevision, PositionPaper,
                                            content_hash, paper_conditions, paper_measures)
        from advocacy.search import fold

        rng, paper_id = self.rng, self.next_ids["paper"]
        title = "Felles innspill fra Buskerud til Nasjonal transportplan"
        sections = [{"heading": f"{n}. {rng.choice(TOPICS).capitalize()}",
                     "body": section_body(rng)} for n in range(1, WORD_SECTIONS + 1)]
        digest = content_hash(title, sections)
        self.insert(PositionPaper, [{
            "id": paper_id, "title": title, "hearing_id": 1, "status": "final",
            "recipient": "Samferdselsdepartementet", "our_reference": "25/1428",
            "their_reference": "25/3001", "responsible_id": self.staff,
            "search_text": fold(f"{title} Samferdselsdepartementet 25/1428 25/3001"),
            "created_at": self.at(-20), "updated_at": self.at(-1)}])
        revision_id = self.next_ids["revision"]
        self.insert(PaperRevision, [{"id": revision_id, "paper_id": paper_id, "number": 1,
                                     "title": title, "sections": sections,
                                     "content_hash": digest, "author_id": self.staff,
                                     "created_at": self.at(-2)}])
        self.insert(Invitation, [{
            "id": self.next_ids["invitation"] + n, "paper_id": paper_id, "organisation_id": org,
            "sign_by": (self.base - timedelta(days=1)).date(), "invited_at": self.at(-10),
            "answer": "signed", "revision_id": revision_id, "signed_hash": digest,
            "signer_name": f"Ordfører {org}", "signer_title": "Ordfører",
            "answered_at": self.at(-3)}
            for n, org in enumerate(range(2, 2 + WORD_SIGNATORIES))])
        self.insert(paper_conditions, [{"paper_id": paper_id, "condition_id": c}
                                       for c in range(1, 6)])
        self.insert(paper_measures, [{"paper_id": paper_id, "measure_id": m}
                                     for m in range(1, 6)])
        self.word_paper_id = paper_id

    def audit(self) -> None:
        from advocacy.audit.models import AuditEvent

        rng, rows = self.rng, []
        kinds = [("condition", self.n["conditions"]), ("measure", self.n["measures"]),
                 ("hearing", self.n["hearings"]), ("paper", self.n["papers"]),
                 ("dependency", self.n["links"])]
        for i in range(1, self.n["audit_events"] + 1):
            object_type, top = rng.choice(kinds)
            action = rng.choices(["create", "update", "delete"], [20, 75, 5])[0]
            field = rng.choice(["title", "status", "priority", "our_position", "owner_body"])
            rows.append({"id": i, "created_at": self.at(-rng.uniform(0, 730)),
                         "actor_id": rng.choice(self.staff_ids), "action": action,
                         "object_type": object_type, "object_id": rng.randint(1, top),
                         "object_label": f"{rng.choice(FORMS)} {rng.choice(TOPICS)}",
                         "changes": {field: [None if action == "create" else sentence(rng, 4),
                                             None if action == "delete" else sentence(rng, 4)]}})
        self.insert(AuditEvent, rows)

    def picks(self) -> dict:
        """Typical rows for the detail pages: as many links as the average, not outliers."""
        from collections import Counter

        per_condition = Counter(c for _, c in self.link_pairs)
        per_measure = Counter(m for m, _ in self.link_pairs)
        mean_c = self.n["links"] / self.n["conditions"]
        mean_m = self.n["links"] / self.n["measures"]
        condition_id = min(per_condition, key=lambda c: (abs(per_condition[c] - mean_c), c))
        measure_id = min(per_measure, key=lambda m: (abs(per_measure[m] - mean_m), m))
        # An open hearing with a paper at both sizes, so its page shows the same parts.
        open_hearing = next(r["id"] for r in self.hearing_rows
                            if r["status"] == "responding" and r["deadline_at"] > self.at(0)
                            and r["id"] in self.hearings_with_papers)
        return {"condition_id": condition_id, "measure_id": measure_id,
                "hearing_id": open_hearing, "paper_id": 1,
                "partner_paper_id": self.partner_papers[0],
                "word_paper_id": self.word_paper_id, "calendar_secret": self.calendar_secret,
                "feed_secrets": self.feed_secrets, "base": self.base.isoformat()}


def rng_title(rng: random.Random) -> str:
    """A made-up organisation name's first word."""
    return rng.choice(["Vestre", "Østre", "Nordre", "Søndre", "Midtre", "Øvre", "Nedre",
                       "Indre", "Ytre", "Store"]) + rng.choice(["dal", "vik", "berg", "haug",
                                                               "li", "mo", "nes", "ås"])


def refresh_derived() -> list[str]:
    """Recompute what the app derives from rows in its ORM events, which bulk inserts skip.

    Returns the names of the refreshers run. (Search indexes are kept by database triggers
    and indexes, so plain inserts fill them already; the scheduler's daily job merges
    SQLite's, as a database a day old has them.)
    """
    import importlib

    from advocacy.extensions import db

    done = []
    # Code from before a refresher existed (an older commit under test) lacks its module.
    for module in ("advocacy.conditions.scores", "advocacy.hearings.falls"):
        try:
            recompute_all = importlib.import_module(module).recompute_all
        except (ImportError, AttributeError):
            continue
        recompute_all(db.session)
        db.session.commit()
        done.append(f"{module}.recompute_all")
    try:
        from advocacy.search import optimize_indexes
    except ImportError:
        pass
    else:
        if optimize_indexes(db.session):
            db.session.commit()
            done.append("advocacy.search.optimize_indexes")
    return done


def vacuum_analyze() -> None:
    """On PostgreSQL, ``VACUUM ANALYZE`` after the bulk load, as autovacuum would soon do
    on a server in use: without the planner's statistics and the visibility map, the first
    minutes after a load plan badly and read heap pages an index-only scan would skip
    (the overview's count of held-back measures took 9.4 ms instead of 2.1 ms)."""
    from sqlalchemy import text

    from advocacy.extensions import db

    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in db.metadata.sorted_tables:  # this schema's tables (search_path)
            conn.execute(text(f'VACUUM ANALYZE "{table.name}"'))


def fix_sequences() -> None:
    """On PostgreSQL, move each id sequence past the ids given explicitly."""
    from sqlalchemy import text

    from advocacy.extensions import db

    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.autoincrement is not False and \
                table.c.id.primary_key:
            seq = db.session.scalar(text("select pg_get_serial_sequence(:t, 'id')"),
                                    {"t": table.name})
            if seq:
                db.session.execute(text(
                    f"select setval('{seq}', coalesce((select max(id) from \"{table.name}\"), 0) + 1,"
                    " false)"))
    db.session.commit()


def build(db_kind: str, size: str) -> Manifest:
    """Make a fresh database of ``db_kind`` with the ``size`` dataset; return its manifest."""
    started = time.perf_counter()
    url = database_url(db_kind, size)
    migrate(url)
    app = make_app(url)
    with app.app_context():
        from advocacy.extensions import db

        builder = Builder(size)
        picks = builder.build()
        db.session.remove()
        db.engine.dispose()
    import advocacy

    manifest = Manifest(db=db_kind, size=size, url=url, counts=builder.counts,
                        derived=builder.derived,
                        code=str(Path(advocacy.__file__).resolve().parent.parent),
                        seconds=round(time.perf_counter() - started, 1), search_word=SEARCH_WORD,
                        staff_email=STAFF_EMAIL, partner_email=PARTNER_EMAIL, password=PASSWORD,
                        **picks)
    (DATA / f"{db_kind}-{size}.json").write_text(json.dumps(asdict(manifest), indent=2))
    return manifest


def import_fixture(base: datetime, count: int = IMPORT_ITEMS) -> Path:
    """A Stortinget ``eksport/horinger`` XML file with ``count`` new hearings; return its path."""
    rng = random.Random(4242)
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"stortinget-{count}.xml"
    committees = [("KOMMFORV", "Kommunal- og forvaltningskomiteen"),
                  ("TRANSKOM", "Transport- og kommunikasjonskomiteen"),
                  ("ENERGI", "Energi- og miljøkomiteen"), ("FINANS", "Finanskomiteen"),
                  ("UTDANNING", "Utdannings- og forskningskomiteen")]
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<horinger_oversikt '
             'xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
             'xmlns="http://data.stortinget.no">\n<respons_dato_tid>'
             f'{base:%Y-%m-%dT%H:%M:%S}</respons_dato_tid><versjon>1.6</versjon>\n'
             '<horinger_liste>\n']
    for i in range(count):
        committee = rng.choice(committees)
        deadline = (base + timedelta(days=rng.randint(5, 200))).replace(tzinfo=None)
        published = (base - timedelta(days=rng.randint(1, 30))).replace(tzinfo=None)
        title = escape(f"{rng.choice(FORMS)} {rng.choice(TOPICS)} – sak {i + 1}")
        parts.append(
            f"<horing><versjon>1.6</versjon><anmodningsfrist_dato_tid>0001-01-01T00:00:00"
            f"</anmodningsfrist_dato_tid><horing_sak_info_liste><horing_sak_info>"
            f"<versjon>1.6</versjon><sak_henvisning>Prop. {i + 1} L (2025–2026)</sak_henvisning>"
            f"<sak_id>{200000 + i}</sak_id><sak_korttittel>{title}</sak_korttittel>"
            f"<sak_publikasjon i:nil=\"true\" /><sak_tittel>{title}</sak_tittel>"
            f"</horing_sak_info></horing_sak_info_liste><horing_status>Planlagt</horing_status>"
            f"<horingstidspunkt_liste /><id>{900000 + i}</id>"
            f"<innspillsfrist>{deadline:%Y-%m-%dT12:00:00}</innspillsfrist><komite>"
            f"<versjon>1.6</versjon><id>{committee[0]}</id><navn>{committee[1]}</navn></komite>"
            f"<publisert_dato>{published:%Y-%m-%dT00:00:00}</publisert_dato>"
            f"<skriftlig>true</skriftlig><soknadfrist_dato>0001-01-01T00:00:00</soknadfrist_dato>"
            f"<start_dato>0001-01-01T00:00:00</start_dato><status>1</status>"
            f"<status_info_tekst i:nil=\"true\" /><type>1</type></horing>\n")
    parts.append("</horinger_liste>\n</horinger_oversikt>\n")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def main(argv: list[str]) -> None:
    """Command line: ``python -m bench.generate sqlite|postgresql tenth|full``."""
    db_kind, size = argv if len(argv) == 2 else ("sqlite", "tenth")
    manifest = build(db_kind, size)
    print(json.dumps(asdict(manifest), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
