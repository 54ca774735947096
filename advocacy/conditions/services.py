"""Queries and changes for framework conditions and their links.

Every list function loads what its page shows in a fixed number of queries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from advocacy.auth.models import User
from advocacy.auth.permissions import EDITOR_ROLES
from advocacy.conditions.models import (HOLDING_BACK, ConditionKind, ConditionStatus, Dependency,
                                        FrameworkCondition, Priority)
from advocacy.conditions.ranking import Score
from advocacy.extensions import db
from advocacy.plan.models import Goal, Measure, measure_themes
from advocacy.sorting import SortOrder, Sorting, in_order_of


class DuplicateLink(ValueError):
    """The measure and the condition are linked already."""


@dataclass
class ConditionFilters:
    """What the condition list is narrowed to; empty values mean no filter."""

    q: str = ""
    kind: str = ""
    owner: str = ""
    priority: str = ""
    status: str = ""
    goal: int | None = None
    theme: int | None = None
    #: Only the conditions this user is responsible for ("Bare mine").
    responsible: int | None = None


def _priority_rank():
    return in_order_of(FrameworkCondition.priority, Priority)


_responsible = aliased(User)

#: The condition list's sortable columns; by default by priority, then title.
CONDITION_SORT = Sorting({
    "tittel": [FrameworkCondition.title],  # i18n: not ui (sort keys are URL parts)
    "type": [in_order_of(FrameworkCondition.kind, ConditionKind), FrameworkCondition.title],
    "eier": [FrameworkCondition.owner_body, FrameworkCondition.title],
    "prioritet": [_priority_rank(), FrameworkCondition.title],
    "status": [in_order_of(FrameworkCondition.status, ConditionStatus),
               FrameworkCondition.title],
    "ansvarlig": [_responsible.name, FrameworkCondition.title],
}, default="prioritet", tie_breaker=FrameworkCondition.id)


def condition_query(filters: ConditionFilters, order: SortOrder | None = None):
    """A select of the conditions that match ``filters``, in ``order`` (by default by
    priority and title)."""
    order = order or CONDITION_SORT.default_order
    stmt = (select(FrameworkCondition)
            .outerjoin(_responsible, FrameworkCondition.responsible)
            .options(contains_eager(FrameworkCondition.responsible.of_type(_responsible))))
    if filters.responsible:
        stmt = stmt.where(FrameworkCondition.responsible_id == filters.responsible)
    if filters.q.strip():
        stmt = stmt.where(FrameworkCondition.matching(filters.q))
    for column, value in ((FrameworkCondition.kind, filters.kind),
                          (FrameworkCondition.owner_body, filters.owner),
                          (FrameworkCondition.priority, filters.priority),
                          (FrameworkCondition.status, filters.status)):
        if value:
            stmt = stmt.where(column == value)
    if filters.goal:
        linked = select(Dependency.condition_id).join(Measure).where(Measure.goal_id == filters.goal)
        stmt = stmt.where(FrameworkCondition.id.in_(linked))
    if filters.theme:
        linked = (select(Dependency.condition_id)
                  .join(measure_themes, measure_themes.c.measure_id == Dependency.measure_id)
                  .where(measure_themes.c.theme_id == filters.theme))
        stmt = stmt.where(FrameworkCondition.id.in_(linked))
    return stmt.order_by(*order.clauses())


def link_counts(condition_ids: list[int]) -> dict[int, Counter]:
    """For each condition id: how many links it has per effect (one query)."""
    counts: dict[int, Counter] = {cid: Counter() for cid in condition_ids}
    if not condition_ids:
        return counts
    rows = db.session.execute(
        select(Dependency.condition_id, Dependency.effect, func.count())
        .where(Dependency.condition_id.in_(condition_ids))
        .group_by(Dependency.condition_id, Dependency.effect)
    )
    for condition_id, effect, n in rows:
        counts[condition_id][effect] = n
    return counts


def owner_bodies() -> list[str]:
    """Every owner body in the registry, alphabetically."""
    return list(db.session.scalars(
        select(FrameworkCondition.owner_body).distinct().order_by(FrameworkCondition.owner_body)
    ))


def responsible_choices() -> list[tuple[int, str]]:
    """Users who may be responsible for a condition: staff and admins."""
    users = db.session.scalars(
        select(User).where(User.role.in_(list(EDITOR_ROLES)), User.is_active_account)
        .order_by(User.name)
    )
    return [(u.id, u.name) for u in users]


def get_condition(condition_id: int) -> FrameworkCondition | None:
    """One condition with its links, measures and goals loaded."""
    return db.session.scalar(
        select(FrameworkCondition)
        .where(FrameworkCondition.id == condition_id)
        .options(
            joinedload(FrameworkCondition.responsible),
            selectinload(FrameworkCondition.dependencies)
            .joinedload(Dependency.measure)
            .joinedload(Measure.goal),
        )
    )


def dependencies_by_goal(dependencies: list[Dependency]) -> list[tuple[Goal, list[Dependency]]]:
    """Group links by the goal of their measure, in the plan's order of goals."""
    ordered = sorted(dependencies, key=lambda d: (d.measure.goal.position, d.measure.goal_id,
                                                  d.measure.title.casefold()))
    return [(goal, list(deps)) for goal, deps in groupby(ordered, key=lambda d: d.measure.goal)]


def measure_dependencies(measure_id: int) -> list[Dependency]:
    """A measure's links with their conditions, strongest first."""
    return list(db.session.scalars(
        select(Dependency).where(Dependency.measure_id == measure_id)
        .options(joinedload(Dependency.condition))
        .order_by(Dependency.strength.desc(), Dependency.id)
    ))


def condition_counts_for_measures(measure_ids: list[int]) -> dict[int, int]:
    """For each measure id: how many conditions it is linked to (one query)."""
    if not measure_ids:
        return {}
    rows = db.session.execute(
        select(Dependency.measure_id, func.count())
        .where(Dependency.measure_id.in_(measure_ids)).group_by(Dependency.measure_id)
    )
    return {mid: 0 for mid in measure_ids} | dict(rows.all())


@dataclass
class RankedCondition:
    """A condition with its place and score in the leverage ranking."""

    place: int
    condition: FrameworkCondition
    score: Score


def ranking_query():
    """Conditions that hold the plan back, highest stored score first (see ``ranking``)."""
    return (
        select(FrameworkCondition).options(joinedload(FrameworkCondition.responsible))
        .where(FrameworkCondition.score_total > 0)
        .order_by(FrameworkCondition.score_total.desc(), _priority_rank(),
                  func.lower(FrameworkCondition.title), FrameworkCondition.id)
    )


def ranked(conditions, first_place: int = 1) -> list[RankedCondition]:
    """Number ``conditions`` (in ranking order) from ``first_place``."""
    return [RankedCondition(place, c, c.score) for place, c in enumerate(conditions, first_place)]


def leverage_ranking(limit: int | None = None) -> list[RankedCondition]:
    """The first ``limit`` conditions of the ranking (all when ``None``); one query."""
    return ranked(db.session.scalars(ranking_query().limit(limit)))


def add_link(measure: Measure, condition: FrameworkCondition, *, effect: str, strength: int,
             note: str = "") -> Dependency:
    """Link a measure to a condition; raises ``DuplicateLink`` if they are linked already."""
    exists = db.session.scalar(select(Dependency.id).where(
        Dependency.measure_id == measure.id, Dependency.condition_id == condition.id))
    if exists is not None:
        raise DuplicateLink()
    link = Dependency(measure=measure, condition=condition, effect=effect, strength=strength,
                      note=note or "")
    db.session.add(link)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:  # someone linked the same pair a moment ago
        raise DuplicateLink() from error
    return link


def search_conditions(query: str, limit: int) -> list[FrameworkCondition]:
    """At most ``limit`` conditions matching ``query``, by title (one query; none for blank)."""
    if not query.strip():
        return []
    return list(db.session.scalars(
        select(FrameworkCondition).where(FrameworkCondition.matching(query))
        .order_by(FrameworkCondition.title, FrameworkCondition.id).limit(limit)
    ))


@dataclass
class RegistryTotals:
    """Headline numbers for the overview."""

    conditions: int
    active: int
    high_priority: int
    measures: int
    measures_held_back: int


def registry_totals() -> RegistryTotals:
    """Count conditions, measures and held-back measures (one statement).

    A measure is held back when one of its links hinders it or is required for it; asked
    per measure through the links' index, not by reading every link.
    """
    held_back = (select(Dependency.id)
                 .where(Dependency.measure_id == Measure.id,
                        Dependency.effect.in_(sorted(HOLDING_BACK))).exists())
    row = db.session.execute(select(
        select(func.count(FrameworkCondition.id)).scalar_subquery(),
        select(func.count()).select_from(FrameworkCondition)
        .where(FrameworkCondition.status == "active").scalar_subquery(),
        select(func.count()).select_from(FrameworkCondition)
        .where(FrameworkCondition.priority == "high").scalar_subquery(),
        select(func.count(Measure.id)).scalar_subquery(),
        select(func.count(Measure.id)).where(held_back).scalar_subquery(),
    )).one()
    return RegistryTotals(*row)


def conditions_by_ids(ids) -> list[FrameworkCondition]:
    """The conditions with these ids (one query; none for an empty set)."""
    ids = list(ids)
    if not ids:
        return []
    return list(db.session.scalars(select(FrameworkCondition)
                                   .where(FrameworkCondition.id.in_(ids))))
