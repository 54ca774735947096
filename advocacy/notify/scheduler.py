"""APScheduler: the daily reminder job and the domains' interval jobs, kept in the app's
database.

Run it in exactly one process: the ``make run`` process (``SCHEDULER_IN_PROCESS``) or
``flask --app advocacy scheduler`` beside the web workers in production, never inside a
web worker (each gunicorn worker would run its own). Even so, the job takes a lock row,
so a second scheduler started by mistake cannot run it at the same moment.
"""

from __future__ import annotations

import logging

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from advocacy.clock import OSLO

log = logging.getLogger(__name__)

JOB_ID = "send-reminders"
JOB_FUNCTION = "advocacy.notify.scheduler:run_job"
JOBS_TABLE = "apscheduler_jobs"

#: The app the stored job runs in; set when the scheduler starts in this process.
_app: Flask | None = None

#: Jobs a domain adds (notify imports no domain): id -> (function reference, name, minutes).
_interval_jobs: dict[str, tuple[str, str, int]] = {}


def register_interval_job(job_id: str, function: str, name: str, minutes: int) -> None:
    """Run ``function`` (a ``module:name`` reference) every ``minutes`` in the app context."""
    _interval_jobs[job_id] = (function, name, minutes)


def run_registered(function: str) -> None:
    """The stored entry of a registered job: run ``function`` inside the app."""
    from apscheduler.util import ref_to_obj

    if _app is None:
        raise RuntimeError("the scheduler was not started through advocacy.notify.scheduler")
    with _app.app_context():
        ref_to_obj(function)()


def run_job() -> None:
    """The stored job: send the reminders that are due (a text reference, so it persists)."""
    from advocacy.notify.reminders import run_reminders

    if _app is None:
        raise RuntimeError("the scheduler was not started through advocacy.notify.scheduler")
    with _app.app_context():
        report = run_reminders()
        log.info("reminders: %d digests sent, %d failed", len(report.sent), len(report.failed))


def build_scheduler(app: Flask, *, blocking: bool = False) -> BaseScheduler:
    """A scheduler whose daily job lives in the app's database, plus a catch-up run at start."""
    global _app
    _app = app
    hour, minute = (int(part) for part in app.config["REMINDER_TIME"].split(":"))
    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_class(
        jobstores={
            "default": SQLAlchemyJobStore(url=app.config["SQLALCHEMY_DATABASE_URI"],
                                          tablename=JOBS_TABLE),
            "startup": MemoryJobStore(),
        },
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600},
        timezone=OSLO,
    )
    scheduler.add_job(JOB_FUNCTION, CronTrigger(hour=hour, minute=minute, timezone=OSLO),
                      id=JOB_ID, name="Send påminnelser", replace_existing=True)  # i18n: not ui
    scheduler.add_job(JOB_FUNCTION, id=f"{JOB_ID}-at-start", jobstore="startup",
                      name="Send påminnelser ved oppstart")  # i18n: not ui
    for job_id, (function, name, minutes) in _interval_jobs.items():
        scheduler.add_job("advocacy.notify.scheduler:run_registered", IntervalTrigger(
            minutes=minutes, timezone=OSLO), args=[function], id=job_id, name=name,
            replace_existing=True)
    return scheduler
