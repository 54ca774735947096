"""Store imported hearings: upsert by source id, move deadlines, suggest conditions.

The caller parses first (nothing is written for a feed that does not parse) and commits
once, so one run is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, tuple_
from sqlalchemy.orm import selectinload

from advocacy.bodies.models import BodyIndex
from advocacy.clock import OSLO
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db
from advocacy.hearings.models import ConditionSuggestion, Hearing
from advocacy.hearings.services import END_OF_DAY
from advocacy.hearings.suggest import Suggester

#: Fields copied from the source on every import, with their column lengths; status and
#: people stay ours. The issuer is mapped to a state body (``_set_issuer``).
_SOURCE_FIELDS = {"title": 500, "url": 1000, "reference": 100, "published_on": None}


def _source_value(item, name: str):
    value = getattr(item, name)
    limit = _SOURCE_FIELDS[name]
    if limit and isinstance(value, str) and len(value) > limit:
        value = value[:limit - 1] + "…"
    return value


@dataclass
class ImportReport:
    """What one import did."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    suggested: int = 0


def _more_precise(current: datetime, imported: datetime) -> datetime:
    """Keep a known time of day when a source gives the same day without one (23:59).

    regjeringen.no's feed gives "kl. 12.00" where its list page gives only the date;
    without this, importing one after the other would move the deadline back and forth.
    """
    same_day = current.astimezone(OSLO).date() == imported.astimezone(OSLO).date()
    date_only = imported.astimezone(OSLO).time().replace(second=0, microsecond=0) == END_OF_DAY
    return current if same_day and date_only else imported


def _set_issuer(hearing: Hearing, item, bodies: BodyIndex) -> bool:
    """Point ``hearing`` at the body the source names (a new unconfirmed one for a name the
    register does not know); tells whether that changed anything. Without a name the
    hearing keeps the issuer it has."""
    body = bodies.resolve(item.issuer)
    if body is None:
        return False
    if body.id is not None and hearing.issuer_body_id == body.id \
            and hearing.issuer == body.label:
        return False
    hearing.set_issuer(body)
    return True


def upsert_hearings(items: Iterable, *, progress: Callable[[int], None] | None = None
                    ) -> ImportReport:
    """Create or update a hearing per imported item (``importers.ImportedHearing``)."""
    report = ImportReport()
    # The source id is the key, so it cannot be cut to fit like a title; without this
    # check SQLite would store it whole and PostgreSQL would fail the whole run.
    longest = Hearing.__table__.c.source_id.type.length
    storable = []
    for item in items:
        if len(item.source_id) > longest:
            report.skipped.append((item.title, _("kildens id er lengre enn %(max)d tegn",
                                                 max=longest)))
            if progress:
                progress(1)
        else:
            storable.append(item)
    items = storable
    keys = [(i.source, i.source_id) for i in items]
    existing = {}
    if keys:
        rows = db.session.scalars(
            select(Hearing).where(tuple_(Hearing.source, Hearing.source_id).in_(keys))
            .options(selectinload(Hearing.milestones)))
        existing = {(h.source, h.source_id): h for h in rows}
    suggester = Suggester(db.session.execute(select(
        FrameworkCondition.id, FrameworkCondition.title, FrameworkCondition.owner_body_id,
        FrameworkCondition.owner_body)))
    # The register is read once: a name it lacks becomes a new body, not a query per item.
    bodies = BodyIndex.load()
    for item in items:
        hearing = existing.get((item.source, item.source_id))
        if hearing is None:
            hearing = Hearing(source=item.source, source_id=item.source_id,
                              summary=item.summary or "", deadline_at=item.deadline_at,
                              issuer="",
                              **{name: _source_value(item, name) for name in _SOURCE_FIELDS})
            _set_issuer(hearing, item, bodies)
            db.session.add(hearing)
            existing[(item.source, item.source_id)] = hearing
            report.created.append(item.title)
            issuer_id = hearing.issuer_body.id if hearing.issuer_body else None
            for found in suggester.suggest(item.title, issuer_id, hearing.issuer)[:5]:
                hearing.suggestions.append(ConditionSuggestion(
                    condition_id=found.condition_id, reason=found.reason[:300]))
                report.suggested += 1
        else:
            changed = False
            for name in _SOURCE_FIELDS:
                value = _source_value(item, name)
                if value is not None and getattr(hearing, name) != value:
                    setattr(hearing, name, value)
                    changed = True
            if _set_issuer(hearing, item, bodies):
                changed = True
            if hearing.move_deadline(_more_precise(hearing.deadline_at, item.deadline_at)):
                report.moved.append(item.title)
                changed = True
            if changed:
                report.updated.append(item.title)
            else:
                report.unchanged += 1
        if progress:
            progress(1)
    db.session.flush()
    return report
