"""Rendered pages kept for the next identical request, until any data changes.

Most page views are reads repeated by the same person: the overview opened again, a list
reloaded, the back button. ``@cached_page`` keeps such a page in each worker
(Flask-Caching; ``CACHE_TYPE`` chooses the store) under a key made of

- the **data generation**: a counter in ``data_generation`` that every transaction which
  writes anything increments as it commits (an engine event, so forms, the API, the
  scheduler and the command line all count, in every worker). The signed-in user is
  loaded together with it (``generation_column``), so a page is never older than the
  moment its request began, and one commit anywhere makes every kept page stale;
- **who asks**: the user and the whole session as the request brought it (its CSRF token
  among it, so the forms in a kept page carry a token valid for this session);
- **what was asked**: host, path and query string, and the language;
- the **minute** on the app clock, so countdowns and passing deadlines show as they do
  without the cache.

A request with messages waiting to be shown (``flash``), or one that sends
``Cache-Control: no-cache`` (a browser's hard reload), is rendered afresh. Only a plain
200 of at most ``PAGE_CACHE_MAX_BYTES`` is kept. Only views that merely read may be
decorated: a kept page skips the view.
"""

from __future__ import annotations

import hashlib
import json
import weakref

from flask import current_app, g, request, session
from flask_babel import get_locale
from flask_caching import Cache
from flask_login import current_user
from sqlalchemy import BigInteger, Integer, event, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from advocacy import clock
from advocacy.extensions import db

cache = Cache()

#: ``Connection.info`` key: the transaction has written something.
WROTE = "advocacy_wrote"

_BUMP = "UPDATE data_generation SET value = value + 1 WHERE id = 1"
#: Statements that may write, by their first word. ``WITH`` counts too: no read uses a CTE,
#: and ``WITH … UPDATE`` writes.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC", "MERGE ", "WITH", "TRUNCA", "COPY ")
_SCHEMA = ("CREATE", "DROP T", "ALTER ")


class DataGeneration(db.Model):
    """One row: how many write transactions have committed (the page cache's clock)."""

    __tablename__ = "data_generation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


@event.listens_for(DataGeneration.__table__, "after_create")
def _first_row(target, connection, **kw) -> None:
    """A database made from the models (the tests, ``flask init-db``) starts at 0."""
    connection.execute(insert(target).values(id=1, value=0))


def generation_column():
    """The data generation as a column to select alongside the signed-in user."""
    return (select(DataGeneration.value).where(DataGeneration.id == 1)
            .scalar_subquery().label("data_generation"))


class _Counter:
    """Counts one engine's write transactions in ``data_generation``."""

    def __init__(self) -> None:
        #: Whether the table exists (not before its migration has run): known once it does;
        #: asked again at each write until then, and after any schema change.
        self.table = False

    def note(self, conn, cursor, statement, parameters, context, executemany) -> None:
        head = statement.lstrip()[:6].upper()
        if head.startswith(_WRITES):
            conn.info[WROTE] = True
        elif head.startswith(_SCHEMA):
            self.table = False

    def commit(self, conn) -> None:
        if not conn.info.pop(WROTE, False):
            return
        if not self.table:
            self.table = self._exists(conn)
        if self.table:
            # The last statement before COMMIT: the row lock is held for no longer than
            # the commit itself, and never while waiting for another lock.
            conn.exec_driver_sql(_BUMP)
        conn.info.pop(WROTE, None)  # set again by the bump itself (``note``)

    @staticmethod
    def rollback(conn) -> None:
        conn.info.pop(WROTE, None)

    @staticmethod
    def _exists(conn) -> bool:
        if conn.dialect.name == "postgresql":
            sql = "SELECT to_regclass('data_generation') IS NOT NULL"
        else:
            sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' " \
                  "AND name = 'data_generation'"
        return bool(conn.exec_driver_sql(sql).scalar())


_counted: weakref.WeakKeyDictionary[Engine, _Counter] = weakref.WeakKeyDictionary()


def count_writes(engine: Engine) -> None:
    """Have every write transaction on ``engine`` increment the data generation."""
    if engine in _counted:
        return
    counter = _counted[engine] = _Counter()
    event.listen(engine, "before_cursor_execute", counter.note)
    event.listen(engine, "commit", counter.commit)
    event.listen(engine, "commit_twophase", lambda conn, xid, is_prepared: counter.commit(conn))
    event.listen(engine, "rollback", counter.rollback)


def current_generation() -> int | None:
    """The data generation read with the signed-in user, if any."""
    return g.get("data_generation")


def init_app(app) -> None:
    """Set up the store (``PAGE_CACHE`` off: nothing is kept) and count writes."""
    config = {"CACHE_TYPE": app.config.get("CACHE_TYPE") or "SimpleCache"}
    if not app.config["PAGE_CACHE"]:
        config["CACHE_TYPE"] = "NullCache"
    cache.init_app(app, config=config)
    with app.app_context():
        count_writes(db.engine)


def _bypass() -> bool:
    return (not current_app.config["PAGE_CACHE"]
            or request.method not in ("GET", "HEAD")
            or current_generation() is None
            or not current_user.is_authenticated
            # Shown messages are taken out of the session as the page renders; a kept page
            # would show them without, and they would come back on the next page.
            or "_flashes" in session)


def _fresh_asked() -> bool:
    return bool(request.cache_control.no_cache) or "no-cache" in request.pragma


def _key() -> str:
    parts = (current_generation(), current_user.get_id(),
             json.dumps(dict(session), sort_keys=True, default=str),
             request.host, request.full_path, str(get_locale()),
             clock.now().strftime("%Y-%m-%dT%H:%M"))
    return "page/" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _keep(rv) -> bool:
    """Keep a plain 200 answer of at most ``PAGE_CACHE_MAX_BYTES``."""
    if isinstance(rv, HTTPException) or isinstance(rv, tuple):
        return False  # errors, and (body, status): left to the view each time
    if isinstance(rv, Response):
        size = rv.calculate_content_length()
        if rv.status_code != 200 or rv.direct_passthrough or size is None:
            return False
    elif isinstance(rv, str):
        size = len(rv)
    else:
        return False
    return size <= current_app.config["PAGE_CACHE_MAX_BYTES"]


def cached_page(view):
    """Keep the page ``view`` renders, as the module docstring says (reading views only)."""
    return cache.cached(timeout=60, make_cache_key=lambda *args, **kwargs: _key(),
                        unless=_bypass, forced_update=_fresh_asked, response_filter=_keep)(view)
