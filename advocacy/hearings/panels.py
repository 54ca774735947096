"""What hearings add to the pages of conditions and measures (see ``advocacy.panels``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, select

from advocacy import panels
from advocacy.hearings.models import DONE_STATUSES, Hearing, hearing_conditions, hearing_measures
from advocacy.queries import first_rows_and_total

#: Rows a panel lists before it says how many there are in all.
PANEL_ROWS = 10


@dataclass(frozen=True)
class RelatedHearings:
    """The first hearings linked to a condition or measure, and how many there are."""

    hearings: list[Hearing]
    total: int


def _related(link_table, column, object_id: int) -> RelatedHearings:
    """Open hearings first (nearest deadline first), then finished ones (newest first)."""
    is_done = Hearing.status.in_(sorted(DONE_STATUSES))
    return RelatedHearings(*first_rows_and_total(
        select(Hearing)
        .where(Hearing.id.in_(select(link_table.c.hearing_id).where(column == object_id)))
        .order_by(case((is_done, 1), else_=0),
                  case((is_done, None), else_=Hearing.deadline_at),
                  Hearing.deadline_at.desc(), Hearing.id), PANEL_ROWS))


@panels.register("condition", "hearings/_related_panel.html")
def condition_hearings(condition) -> RelatedHearings:
    """Hearings that concern the condition (one query)."""
    return _related(hearing_conditions, hearing_conditions.c.condition_id, condition.id)


@panels.register("measure", "hearings/_related_panel.html")
def measure_hearings(measure) -> RelatedHearings:
    """Hearings that touch the measure (one query)."""
    return _related(hearing_measures, hearing_measures.c.measure_id, measure.id)
