"""One search across conditions, measures, hearings and papers (the header's search box).

Each kind shows its first ``ROWS`` matches and how many there are, in one query per kind,
through the models' own ``matching`` (advocacy/search.py). Partners see only the papers
their organisation is invited to, as on the paper list.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from advocacy.auth.models import User
from advocacy.conditions.models import FrameworkCondition
from advocacy.hearings.models import Hearing
from advocacy.papers.models import PositionPaper
from advocacy.papers.services import papers_for
from advocacy.plan.models import Measure
from advocacy.queries import first_rows_and_total

#: Matches shown per kind; the rest is a count with a link to that kind's own list.
ROWS = 10


@dataclass(frozen=True)
class Found:
    """The first matches of one kind, and how many there are."""

    key: str
    title: str
    rows: list
    total: int


def _first(stmt) -> tuple[list, int]:
    return first_rows_and_total(stmt, ROWS)


def search_everything(query: str, user: User) -> list[Found]:
    """Matches for ``query`` per kind, in the order of the main menu (four queries)."""
    kinds = [
        ("conditions", _("Rammebetingelser"), select(FrameworkCondition)
         .where(FrameworkCondition.matching(query)).order_by(FrameworkCondition.title)),
        ("measures", _("Tiltak"), select(Measure).where(Measure.matching(query))
         .order_by(Measure.title)),
        ("hearings", _("Høringer"), select(Hearing).where(Hearing.matching(query))
         .order_by(Hearing.deadline_at.desc(), Hearing.id.desc())),
        ("papers", _("Uttalelser"), papers_for(user).where(PositionPaper.matching(query))),
    ]
    return [Found(key, title, *_first(stmt)) for key, title, stmt in kinds]
