"""Simultaneous saves of one paper's text, with real threads against the real database.

Each thread has its own app context, so its own session and database connection; a
barrier lets them all save on the same base revision at the same moment. Nothing here
fakes the interleaving: whichever save reaches the database first wins, and the others
must get the conflict page with their own text (409), never a 500 and never lost text.

On SQLite a writer that waits too long for another may get "database is locked"; that
must end in a page asking to save again (503) with the text intact, so it is allowed.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from advocacy.auth.models import User
from advocacy.extensions import db
from advocacy.papers import services
from advocacy.papers.models import PaperRevision, PositionPaper
from tests.conftest import Client

#: Editors saving at once. Enough for a real pile-up, few enough for two shared cores.
EDITORS = 6

#: Only a safety net so that a broken run fails instead of hanging; nothing is timed.
HANG_GUARD = 120


def _paper(author) -> int:
    paper = services.create_paper(title="Felles uttalelse om samferdsel", author=author)
    db.session.commit()
    return paper.id


def _numbers(paper_id: int) -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(select(PaperRevision.number)
                                   .where(PaperRevision.paper_id == paper_id)
                                   .order_by(PaperRevision.number)))


def _revision(paper_id: int, number: int) -> PaperRevision:
    db.session.expire_all()
    return db.session.scalar(select(PaperRevision).where(PaperRevision.paper_id == paper_id,
                                                         PaperRevision.number == number))


def _run_together(work, count: int) -> list:
    """Run ``work(i, barrier)`` in ``count`` threads; return what each returned (or raised)."""
    barrier = threading.Barrier(count, timeout=HANG_GUARD)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            results[i] = work(i, barrier)
        except BaseException as error:  # noqa: BLE001 - reported by the test, not lost
            results[i] = ("raised", repr(error))

    threads = [threading.Thread(target=run, args=(i,), name=f"editor-{i}") for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(HANG_GUARD)
    assert not any(thread.is_alive() for thread in threads), "a save never finished"
    return results


def _body(round_: int, editor: int) -> str:
    return f"Forslag {editor} i runde {round_}: kollektivtilbudet må styrkes ({editor}-{round_})."


def _form(title: str, body: str, base: int, token: str) -> dict:
    return {"csrf_token": token, "title": title, "base_number": str(base), "action": "save",
            "sections-0-heading": "Forslag", "sections-0-body": body}


def test_simultaneous_saves_keep_one_revision_and_give_the_others_their_text_back(
        app, make_user, db_name):
    editors = [make_user("staff") for _ in range(EDITORS)]
    paper_id = _paper(editors[0])
    url = f"/papers/{paper_id}/text"
    clients, tokens = [], []
    for user in editors:
        client = Client(app.test_client())
        client.login(user)
        clients.append(client)
        tokens.append(client.token(url))
    db.session.commit()  # the test's own session holds nothing while the editors save

    def save_all(round_: int, base: int, who: list[int]):
        def work(i: int, barrier: threading.Barrier):
            editor = who[i]
            data = _form("Felles uttalelse om samferdsel", _body(round_, editor), base,
                         tokens[editor])
            barrier.wait()
            response = clients[editor].raw.post(url, data=data)
            return response.status_code, response.get_data(as_text=True)
        return dict(zip(who, _run_together(work, len(who))))

    allowed = {302, 409} | ({503} if db_name == "sqlite" else set())
    everyone = list(range(EDITORS))
    for round_, base in ((1, 1), (2, 2)):
        results = save_all(round_, base, everyone)
        assert all(r[0] in allowed for r in results.values()), \
            {i: r[0] if r[0] != "raised" else r for i, r in results.items()}
        winners = [i for i, r in results.items() if r[0] == 302]
        assert len(winners) == 1, {i: r[0] for i, r in results.items()}
        # Exactly one new revision on this base, and it is the winner's text.
        assert _numbers(paper_id) == list(range(1, base + 2))
        saved = _revision(paper_id, base + 1)
        assert saved.sections == [{"heading": "Forslag", "body": _body(round_, winners[0])}]
        for i, (status, page) in results.items():
            if i in winners:
                continue
            assert _body(round_, i) in page  # its own text is in the form, not lost
            if status == 409:
                assert "Noen andre lagret teksten mens du skrev" in page
                assert _body(round_, winners[0]) in page  # the diff shows what won
                assert 'name="base_number" type="hidden" value="%d"' % (base + 1) in page
            else:
                assert "databasen var opptatt" in page
        # The losers save again, all at once, on the revision that won.
        everyone = [i for i in everyone if i not in winners]
    assert len(everyone) == EDITORS - 2


def test_simultaneous_service_saves_make_one_revision_and_conflicts_for_the_rest(
        app, make_user, db_name):
    editors = [make_user("staff") for _ in range(EDITORS)]
    editor_ids = [u.id for u in editors]
    paper_id = _paper(editors[0])
    db.session.commit()

    def work(i: int, barrier: threading.Barrier):
        with app.app_context():
            try:
                paper = services.get_paper(paper_id)
                author = db.session.get(User, editor_ids[i])
                barrier.wait()  # everyone has read revision 1 as the latest
                try:
                    result = services.save_revision(
                        paper, title="Felles uttalelse om samferdsel",
                        sections=[{"heading": "Forslag", "body": _body(1, i)}],
                        author=author, base_number=1)
                    if isinstance(result, services.Conflict):
                        db.session.rollback()
                        return ("conflict", result.theirs.number, result.theirs.sections,
                                result.mine_sections)
                    db.session.commit()
                    return ("saved", result.number)
                except OperationalError as error:
                    db.session.rollback()
                    return ("busy", str(error))
            finally:
                db.session.remove()

    results = _run_together(work, EDITORS)
    kinds = [r[0] for r in results]
    allowed = {"saved", "conflict"} | ({"busy"} if db_name == "sqlite" else set())
    assert set(kinds) <= allowed, results
    assert kinds.count("saved") == 1, results
    winner = kinds.index("saved")
    assert results[winner][1] == 2
    assert _numbers(paper_id) == [1, 2]
    winning_text = [{"heading": "Forslag", "body": _body(1, winner)}]
    assert _revision(paper_id, 2).sections == winning_text
    for i, result in enumerate(results):
        if result[0] == "conflict":
            assert result[1] == 2 and result[2] == winning_text
            assert result[3] == [{"heading": "Forslag", "body": _body(1, i)}]
        elif result[0] == "busy":
            assert "database is locked" in result[1]
    # The session of the test sees a consistent paper: its title, one revision 2, no debris.
    paper = db.session.get(PositionPaper, paper_id)
    assert paper.current.number == 2


@pytest.mark.parametrize("status", ["final", "submitted"])
def test_a_paper_made_final_after_it_was_loaded_refuses_the_save(app, make_user, status):
    """The status is read again when saving: a stale "draft" in memory does not let it through."""
    staff = make_user("staff")
    paper_id = _paper(staff)
    paper = services.get_paper(paper_id)
    assert not paper.is_locked
    # Another request makes the paper final and commits, on a connection of its own.
    with db.engine.begin() as conn:
        conn.execute(update(PositionPaper).where(PositionPaper.id == paper_id)
                     .values(status=status))
    with pytest.raises(services.PaperLocked):
        services.save_revision(paper, title=paper.title,
                               sections=[{"heading": "Ny", "body": "Skal ikke lagres"}],
                               author=staff, base_number=1)
    db.session.rollback()
    assert _numbers(paper_id) == [1]


def test_simultaneous_title_changes_on_the_facts_form_never_lose_a_title(
        app, make_user, db_name):
    """The facts form saves a changed title as a revision; a lost race answers 409."""
    editors = [make_user("staff") for _ in range(EDITORS)]
    paper_id = _paper(editors[0])
    url = f"/papers/{paper_id}/edit"
    clients, tokens = [], []
    for user in editors:
        client = Client(app.test_client())
        client.login(user)
        clients.append(client)
        tokens.append(client.token(url))
    db.session.commit()

    def work(i: int, barrier: threading.Barrier):
        data = {"csrf_token": tokens[i], "title": f"Tittel fra redaktør {i}", "hearing_id": 0,
                "recipient": "Samferdselsdepartementet", "our_reference": "",
                "their_reference": "", "exemption_basis": "", "responsible_id": 0,
                "status": "draft"}
        barrier.wait()
        response = clients[i].raw.post(url, data=data)
        return response.status_code, response.get_data(as_text=True)

    results = _run_together(work, EDITORS)
    allowed = {302, 409} | ({503} if db_name == "sqlite" else set())
    assert all(r[0] in allowed for r in results), [r[0] if r[0] != "raised" else r
                                                   for r in results]
    saved = [i for i, r in enumerate(results) if r[0] == 302]
    assert saved, [r[0] for r in results]
    # Every save that was answered 302 made one revision, numbered without gaps.
    assert _numbers(paper_id) == list(range(1, len(saved) + 2))
    titles = {_revision(paper_id, n).title for n in range(2, len(saved) + 2)}
    assert titles == {f"Tittel fra redaktør {i}" for i in saved}
    for i, (status, page) in enumerate(results):
        if status != 302:
            assert f'value="Tittel fra redaktør {i}"' in page  # what was typed is kept
            assert "Noen andre lagret en ny versjon" in page or "databasen var opptatt" in page
