"""Queries for the plan, its goals, themes and measures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from advocacy.extensions import db
from advocacy.plan.models import Goal, Measure, MeasureStatus, Plan, Theme, measure_themes
from advocacy.sorting import SortOrder, Sorting, in_order_of


def current_plan() -> Plan | None:
    """The plan this installation works for (the first one)."""
    return db.session.scalar(select(Plan).order_by(Plan.id).limit(1))


def goals_and_themes() -> tuple[list[Goal], list[Theme]]:
    """All goals and all themes, in the plan's order (two queries)."""
    goals = list(db.session.scalars(select(Goal).order_by(Goal.plan_id, Goal.position)))
    themes = list(db.session.scalars(select(Theme).order_by(Theme.plan_id, Theme.position)))
    return goals, themes


def search_measures(query: str, limit: int) -> list[Measure]:
    """At most ``limit`` measures matching ``query``, with their goals (one query)."""
    if not query.strip():
        return []
    return list(db.session.scalars(
        select(Measure).where(Measure.matching(query)).options(joinedload(Measure.goal))
        .order_by(Measure.title, Measure.id).limit(limit)
    ))


def measures_by_ids(ids) -> list[Measure]:
    """The measures with these ids, with their goals (one query; none for an empty set)."""
    ids = list(ids)
    if not ids:
        return []
    return list(db.session.scalars(
        select(Measure).where(Measure.id.in_(ids)).options(joinedload(Measure.goal))))


@dataclass
class MeasureFilters:
    """What the measure list is narrowed to."""

    q: str = ""
    goal: int | None = None
    theme: int | None = None
    status: str = ""


#: The measure list's sortable columns. The list is shown under its goals, so every order
#: is by goal first and the column sorts within each goal.
MEASURE_SORT = Sorting({
    "tittel": [Measure.title],  # i18n: not ui
    "ansvarlig": [func.nullif(Measure.owner, ""), Measure.title],
    "status": [in_order_of(Measure.status, MeasureStatus), Measure.title],
}, default="tittel", tie_breaker=Measure.id, groups=[Goal.position, Goal.id])  # i18n: not ui


def measure_query(filters: MeasureFilters, order: SortOrder | None = None):
    """A select of the measures matching ``filters``, by goal, then in ``order`` (by title)."""
    order = order or MEASURE_SORT.default_order
    stmt = (select(Measure).join(Measure.goal)
            .options(contains_eager(Measure.goal), selectinload(Measure.themes))
            .order_by(*order.clauses()))
    if filters.q.strip():
        stmt = stmt.where(Measure.matching(filters.q))
    if filters.goal:
        stmt = stmt.where(Measure.goal_id == filters.goal)
    if filters.theme:
        stmt = stmt.where(Measure.id.in_(
            select(measure_themes.c.measure_id).where(measure_themes.c.theme_id == filters.theme)))
    if filters.status:
        stmt = stmt.where(Measure.status == filters.status)
    return stmt


def get_measure(measure_id: int) -> Measure | None:
    """One measure with its goal and themes."""
    return db.session.scalar(
        select(Measure).where(Measure.id == measure_id)
        .options(joinedload(Measure.goal), selectinload(Measure.themes))
    )
