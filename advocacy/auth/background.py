"""Account work done after the response: the password-reset request.

The answer to "forgot password" must not tell whether an address belongs to an account,
neither by its text nor by its timing. Sending the mail in the request (after the commit)
made a known address answer only after the SMTP dialogue, seconds later when the server
is slow or down. So the view does the same thing for every address: it hands the address
to a worker thread and answers at once. The worker looks the address up, issues the link,
commits and sends the mail in an app context and database session of its own.

One worker thread per process runs the jobs in order; the form is rate limited per client
address, so the queue stays short. Jobs still queued when the process exits are run
before it ends (``concurrent.futures`` joins its workers at interpreter exit). A failed
job is logged; the mail module already logs a mail it could not send.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures

from flask import Flask

log = logging.getLogger(__name__)

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="advocacy-accounts")
_pending: set[Future] = set()
_lock = threading.Lock()


def submit(app: Flask, job: Callable[..., object], *args: object) -> Future:
    """Run ``job(*args)`` in the worker thread, inside an app context of ``app``."""

    def run() -> None:
        with app.app_context():
            try:
                job(*args)
            except Exception:  # noqa: BLE001 - nobody waits for the result; log it
                log.exception("background job %s failed", getattr(job, "__name__", job))

    future = _executor.submit(run)
    with _lock:
        _pending.add(future)
    future.add_done_callback(_forget)
    return future


def _forget(future: Future) -> None:
    with _lock:
        _pending.discard(future)


def wait(timeout: float | None = 30) -> bool:
    """Wait for the queued jobs (used by tests and scripts); ``True`` if all finished."""
    with _lock:
        futures = list(_pending)
    done, not_done = wait_for_futures(futures, timeout=timeout)
    return not not_done
