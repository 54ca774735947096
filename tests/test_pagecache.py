"""The page cache (advocacy.pagecache): a page asked for again is served as it was kept,
and never once anything it shows has changed, for anyone else, or after its minute."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from contextlib import contextmanager
from datetime import date, timedelta

import docx
import pytest
import sqlalchemy as sa

from advocacy import ROOT, clock
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db
from advocacy.hearings import services as hearing_services
from advocacy.hearings.models import Hearing
from advocacy.pagecache import DataGeneration, count_writes
from advocacy.papers import services as paper_services
from tests.conftest import Client
from tests.test_conditions_views import form_data
from tests.test_paper_races import _run_together

FRESH = {"Cache-Control": "no-cache"}


@contextmanager
def counted():
    """Count the statements the app sends to the database inside the block."""
    box = {"n": 0}

    def count(*_args):
        box["n"] += 1

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield box
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def generation() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(DataGeneration.value))


def second_client(app, user) -> Client:
    other = Client(app.test_client())
    other.login(user)
    other.get("/")  # shows (and so clears) the welcome message, which is never kept
    return other


@pytest.fixture
def staff(client, login_as, make_body):
    from tests.test_conditions_views import OWNER

    OWNER["id"] = make_body("Kommunal- og distriktsdepartementet", "KDD").id
    user = login_as("staff")
    client.get("/")  # shows (and so clears) the welcome message, which is never kept
    return user


def test_a_page_asked_for_again_is_served_as_kept_with_one_query(client, staff,
                                                                  make_condition):
    path = f"/conditions/{make_condition('Inntektssystemet for fylkeskommunene').id}"
    first = client.get(path)
    with counted() as kept:
        again = client.get(path)
    assert again.status_code == 200
    assert again.get_data() == first.get_data()
    assert kept["n"] == 1  # who asks, and the data generation, in one statement
    # A hard reload renders the page again.
    with counted() as fresh:
        reloaded = client.get(path, headers=FRESH)
    assert reloaded.status_code == 200 and fresh["n"] > 1


def test_reading_pages_changes_no_generation(client, staff, make_condition, plan,
                                            make_measure):
    condition = make_condition("Rammetilskuddet")
    measure = make_measure("Kollektivtilbud i distriktene")
    hearing = Hearing(title="Høring om vannforskriften", issuer="Klima- og miljødepartementet",
                      deadline_at=hearing_services.deadline_at(date(2027, 1, 15)))
    db.session.add(hearing)
    paper = paper_services.create_paper(title="Felles uttalelse om samferdsel", author=staff)
    db.session.commit()
    before = generation()
    for path in ("/", "/conditions/", f"/conditions/{condition.id}", "/hearings/",
                 f"/hearings/{hearing.id}", f"/measures/{measure.id}", "/papers/",
                 f"/papers/{paper.id}", f"/papers/{paper.id}.docx", "/conditions/ranking",
                 "/audit/"):
        assert client.get(path).status_code == 200, path
    assert generation() == before


def test_a_change_by_someone_else_shows_at_once(app, client, staff, make_user,
                                                make_condition):
    condition = make_condition("Gammel tittel")
    assert "Gammel tittel" in client.get(f"/conditions/{condition.id}").get_data(as_text=True)
    colleague = second_client(app, make_user("staff"))
    saved = colleague.submit(f"/conditions/{condition.id}/edit",
                             form_data(title="Strandsonen i Åsgårdstrand", lovdata_id=""))
    assert saved.status_code == 302
    page = client.get(f"/conditions/{condition.id}").get_data(as_text=True)
    assert "Strandsonen i Åsgårdstrand" in page and "Gammel tittel" not in page
    assert "Strandsonen i Åsgårdstrand" in client.get("/conditions/").get_data(as_text=True)


#: Another process with its own app and engine: a second gunicorn worker, the scheduler,
#: a ``flask`` command. It renames a condition.
_OTHER_WORKER = """
import sys
import sqlalchemy as sa
from advocacy import create_app
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db

url, condition_id, title = sys.argv[1:]
app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
with app.app_context():
    db.session.execute(sa.update(FrameworkCondition)
                       .where(FrameworkCondition.id == int(condition_id)).values(title=title))
    db.session.commit()
"""


def test_a_change_made_in_another_process_shows_at_once(app, client, staff, make_condition):
    """Its commit makes this worker's kept pages stale too."""
    condition_id = make_condition("Gammel tittel").id
    path = f"/conditions/{condition_id}"
    assert "Gammel tittel" in client.get(path).get_data(as_text=True)
    subprocess.run([sys.executable, "-c", _OTHER_WORKER, app.config["SQLALCHEMY_DATABASE_URI"],
                    str(condition_id), "Ny tittel fra en annen prosess"],
                   check=True, cwd=ROOT, timeout=120)
    # The test's own session, which the harness shares with the requests, still holds the
    # row as it was loaded; a request in production starts with an empty session.
    db.session.expire_all()
    page = client.get(path).get_data(as_text=True)
    assert "Ny tittel fra en annen prosess" in page and "Gammel tittel" not in page


def test_the_message_after_a_save_is_shown_and_then_gone(client, staff, make_condition):
    condition = make_condition("Gammel tittel")
    client.get(f"/conditions/{condition.id}")  # kept
    saved = client.submit(f"/conditions/{condition.id}/edit",
                          form_data(title="Gammel tittel", lovdata_id=""),
                          follow_redirects=True)
    assert "Endringene er lagret." in saved.get_data(as_text=True)
    assert "Endringene er lagret." not in \
        client.get(f"/conditions/{condition.id}").get_data(as_text=True)


def test_each_user_gets_their_own_page(app, client, staff, make_user):
    other = second_client(app, make_user("partner", name="Pia Partner"))
    paper = paper_services.create_paper(title="Felles uttalelse om samferdsel", author=staff)
    db.session.commit()
    path = f"/papers/{paper.id}"
    # Both ask at the same data generation: the staff member's pages are kept first.
    mine = client.get(path)
    assert mine.status_code == 200 and staff.name in mine.get_data(as_text=True)
    assert staff.name in client.get("/").get_data(as_text=True)
    assert other.get(path).status_code == 404
    overview = other.get("/").get_data(as_text=True)
    assert "Pia Partner" in overview and staff.name not in overview


def test_a_message_waiting_is_shown_once_each_time_it_is_given(client, staff):
    """The same message twice (a double submit that changes nothing): shown each time, and
    then gone, never served again from a kept page."""
    client.get("/conditions/")  # kept
    for _ in range(2):
        with client.raw.session_transaction() as session:
            session["_flashes"] = [("info", "Ingenting er endret")]
        assert "Ingenting er endret" in client.get("/conditions/").get_data(as_text=True)
    assert "Ingenting er endret" not in client.get("/conditions/").get_data(as_text=True)


def test_a_large_answer_is_not_kept(app, client, staff):
    app.config["PAGE_CACHE_MAX_BYTES"] = 1000  # every page here is larger
    client.get("/conditions/")
    with counted() as again:
        assert client.get("/conditions/").status_code == 200
    assert again["n"] > 1


def test_writes_count_once_the_table_exists_even_if_another_process_made_it(tmp_path):
    """A worker that wrote before the migration made ``data_generation`` (in another
    process) counts its writes from then on."""
    url = f"sqlite:///{tmp_path / 'early.sqlite'}"
    worker, migrator = sa.create_engine(url), sa.create_engine(url)
    try:
        count_writes(worker)
        with worker.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
        with worker.begin() as conn:  # no table yet: nothing to count, nothing fails
            conn.exec_driver_sql("INSERT INTO notes (id) VALUES (1)")
        with migrator.begin() as conn:
            DataGeneration.__table__.create(conn)
        with worker.begin() as conn:
            conn.exec_driver_sql("INSERT INTO notes (id) VALUES (2)")
        with migrator.connect() as conn:
            assert conn.scalar(sa.select(DataGeneration.value)) == 1
    finally:
        worker.dispose()
        migrator.dispose()


def test_a_deactivated_user_is_not_served_a_kept_page(client, staff):
    assert client.get("/conditions/").status_code == 200
    staff.is_active_account = False
    db.session.commit()
    response = client.get("/conditions/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_form_on_a_kept_page_can_be_sent(client, staff, make_condition):
    """The CSRF token in a kept page is this session's: the form on it works."""
    condition = make_condition("Gammel tittel")
    client.get(f"/conditions/{condition.id}")
    response = client.submit(f"/conditions/{condition.id}/edit",
                             form_data(title="Ny tittel", lovdata_id=""),
                             form_url=f"/conditions/{condition.id}")
    assert response.status_code == 302


def test_a_deadline_passing_shows_within_the_minute(app, client, staff):
    deadline = hearing_services.deadline_at(date(2026, 11, 26))  # 23:59 Oslo
    hearing = Hearing(title="Høring om vannforskriften", issuer="Klima- og miljødepartementet",
                      deadline_at=deadline)
    db.session.add(hearing)
    db.session.commit()
    clock.freeze(deadline - timedelta(seconds=30))
    assert "Frist innen 7 dager: <strong>1</strong>" in \
        client.get("/hearings/").get_data(as_text=True)
    clock.freeze(deadline + timedelta(seconds=31))  # the next minute; nothing was written
    assert "Fristen har gått ut: <strong>1</strong>" in \
        client.get("/hearings/").get_data(as_text=True)


def test_with_the_cache_off_every_request_renders(app, client, staff, make_condition):
    app.config["PAGE_CACHE"] = False
    condition = make_condition("Rammetilskuddet")
    client.get(f"/conditions/{condition.id}")
    with counted() as again:
        assert client.get(f"/conditions/{condition.id}").status_code == 200
    assert again["n"] > 1


def test_simultaneous_writers_each_count_once(app, make_condition):
    """Real threads commit at the same moment: every commit counts, none deadlocks or is
    lost (the counter is the last statement before each COMMIT)."""
    writers = 6
    ids = [make_condition(f"Rammebetingelse {i}").id for i in range(writers)]
    before = generation()

    def work(i: int, barrier: threading.Barrier):
        with app.app_context():
            try:
                condition = db.session.get(FrameworkCondition, ids[i])
                condition.title = f"Endret av skriver {i}"
                barrier.wait()
                db.session.commit()
            finally:
                db.session.remove()

    results = _run_together(work, writers)
    assert [r for r in results if r is not None] == []
    assert generation() == before + writers
    db.session.expire_all()
    assert sorted(db.session.scalars(sa.select(FrameworkCondition.title))) == \
        [f"Endret av skriver {i}" for i in range(writers)]


def _document_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_a_word_file_downloaded_again_is_kept_until_the_paper_changes(client, staff):
    paper = paper_services.create_paper(title="Felles uttalelse om samferdsel", author=staff)
    db.session.commit()
    path = f"/papers/{paper.id}.docx"
    first = client.get(path)
    with counted() as kept:
        again = client.get(path)
    assert again.status_code == 200 and again.data == first.data and kept["n"] == 1
    assert "Samferdselsdepartementet" not in _document_text(again.data)
    paper.recipient = "Samferdselsdepartementet"
    db.session.commit()
    assert "Samferdselsdepartementet" in _document_text(client.get(path).data)
