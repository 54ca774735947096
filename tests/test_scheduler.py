"""A real APScheduler with its job store in a file database: the job persists and runs."""

import time
from datetime import date, datetime

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlalchemy import select

from advocacy import clock, create_app
from advocacy.extensions import db
from advocacy.hearings import services
from advocacy.hearings.models import Hearing
from advocacy.notify.models import Reminder
from advocacy.notify.scheduler import JOB_ID, JOBS_TABLE, build_scheduler
from tests.conftest import TEST_CONFIG


def _wait_for(check, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_the_job_is_stored_survives_a_restart_and_catches_up_at_start(tmp_path):
    url = f"sqlite:///{tmp_path / 'scheduler.sqlite'}"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url,
                      "MAIL_OUTBOX": str(tmp_path / "outbox"), "REMINDER_TIME": "07:00"})
    clock.freeze(datetime(2026, 12, 3, 9, 0, tzinfo=clock.OSLO))
    try:
        with app.app_context():
            db.create_all()
            from advocacy.auth.services import create_user

            owner = create_user("eier@example.no", "Eier", "staff", "et langt passord")
            db.session.add(Hearing(title="Høring", issuer="KDD", responsible=owner,
                                   deadline_at=services.deadline_at(date(2026, 12, 10))))
            db.session.commit()

        scheduler = build_scheduler(app)
        scheduler.start()
        try:
            job = scheduler.get_job(JOB_ID)
            assert (job.next_run_time.hour, job.next_run_time.minute) == (7, 0)
            assert str(job.next_run_time.tzinfo) == "Europe/Oslo"

            def reminder_recorded():
                with app.app_context():
                    return db.session.scalar(select(Reminder)) is not None

            assert _wait_for(reminder_recorded), "the start-up run did not send reminders"
        finally:
            scheduler.shutdown()

        # Restart: the stored job is read back from the database.
        store = SQLAlchemyJobStore(url=url, tablename=JOBS_TABLE)
        store.start(None, "default")
        stored = store.lookup_job(JOB_ID)
        assert stored is not None and stored.func_ref == "advocacy.notify.scheduler:run_job"
        store.shutdown()
        again = build_scheduler(app)
        again.start(paused=True)
        try:
            # The daily reminders, and the interval jobs papers (signing notices),
            # hearings (milestone moments) and search (index merging) register.
            assert sorted(j.id for j in again.get_jobs(jobstore="default")) == [
                "optimize-search-indexes", "recompute-milestone-moments", JOB_ID,
                "send-signing-notices"]
        finally:
            again.shutdown()
        with app.app_context():
            [reminder] = db.session.scalars(select(Reminder)).all()
            assert reminder.state == "sent"
            db.session.remove()
            db.engine.dispose()
        assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
    finally:
        clock.freeze(None)
