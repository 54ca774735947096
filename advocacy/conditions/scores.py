"""Keep each condition's stored leverage score current, in the transaction that changes it.

The score (``ranking``) depends on a condition's links, on the goals of the linked
measures and on the partners backing it. Listeners on the session note which conditions
a flush touches: links added, changed or removed, measures whose goal changed or that
are removed (their links go with them), and support answers given, changed or withdrawn. After the flush those conditions' scores are computed again in SQL, so the
ranking pages read a stored, indexed number instead of scoring every link per request.

Writes that bypass the ORM's unit of work (bulk ``insert()``/``delete()`` statements)
are not seen: call ``recompute_all`` after them, as ``flask recompute`` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from sqlalchemy import bindparam, case, distinct, event, func, inspect, select, update
from sqlalchemy.orm import Session

from advocacy.auth.models import Organisation
from advocacy.conditions.models import HOLDING_BACK, Dependency, FrameworkCondition
from advocacy.conditions.ranking import total
from advocacy.conditions.support import BREADTH_KINDS, ConditionSupport, Stance
from advocacy.plan.models import Measure

#: Session.info keys for what a flush touched.
_CONDITIONS = "score_conditions"
_LINKS = "score_links"
#: The stored parts, in the order the aggregate query returns them.
COLUMNS = ("score_strength", "score_measures", "score_goals", "score_enabling", "score_breadth")
#: Ids per IN list; well below every database's limit on bound parameters.
CHUNK = 500


def _scores_query(condition_ids: list[int]):
    held = Dependency.effect.in_(sorted(HOLDING_BACK))
    return (
        select(Dependency.condition_id,
               func.coalesce(func.sum(case((held, Dependency.strength), else_=0)), 0),
               func.count(distinct(case((held, Dependency.measure_id)))),
               func.count(distinct(case((held, Measure.goal_id)))),
               func.coalesce(func.sum(case((held, 0), else_=1)), 0))
        .join(Measure, Measure.id == Dependency.measure_id)
        .where(Dependency.condition_id.in_(condition_ids))
        .group_by(Dependency.condition_id)
    )


def _breadth_query(condition_ids: list[int]):
    return (
        select(ConditionSupport.condition_id, func.count())
        .join(Organisation, Organisation.id == ConditionSupport.organisation_id)
        .where(ConditionSupport.condition_id.in_(condition_ids),
               ConditionSupport.stance == Stance.BACKS,
               ConditionSupport.withdrawn_at.is_(None),
               Organisation.kind.in_(sorted(BREADTH_KINDS)))
        .group_by(ConditionSupport.condition_id)
    )


def recompute(session: Session, condition_ids: Iterable[int]) -> None:
    """Compute and store the scores of these conditions (three statements per 500)."""
    ids = sorted({cid for cid in condition_ids if cid is not None})
    table = FrameworkCondition.__table__
    statement = (
        update(table).where(table.c.id == bindparam("cid"))
        # A new score is not an edit of the condition: keep its updated_at.
        .values({**{name: bindparam(name) for name in (*COLUMNS, "score_total")},
                 "updated_at": table.c.updated_at})
    )
    connection = session.connection()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        found = {row[0]: row[1:] for row in connection.execute(_scores_query(chunk))}
        breadths = dict(connection.execute(_breadth_query(chunk)).all())
        rows = []
        for cid in chunk:
            strength, measures, goals, enabling = found.get(cid, (0, 0, 0, 0))
            breadth = breadths.get(cid, 0)
            rows.append({"cid": cid, "score_strength": strength, "score_measures": measures,
                         "score_goals": goals, "score_enabling": enabling,
                         "score_breadth": breadth,
                         "score_total": total(strength, measures, goals, breadth)})
        connection.execute(statement, rows)
    for cid in ids:  # objects in this session must not show the old numbers
        condition = session.identity_map.get(session.identity_key(FrameworkCondition, cid))
        if condition is not None:
            session.expire(condition, [*COLUMNS, "score_total"])


def recompute_all(session: Session) -> int:
    """Recompute every condition's score; returns how many conditions there are."""
    ids = list(session.scalars(select(FrameworkCondition.id)))
    recompute(session, ids)
    return len(ids)


@event.listens_for(Session, "before_flush")
def _note_touched(session: Session, flush_context, instances) -> None:
    touched = session.info.setdefault(_CONDITIONS, set())
    measure_ids = set()
    for obj in chain(session.dirty, session.deleted):
        if isinstance(obj, Dependency):
            state = inspect(obj).attrs
            touched.add(obj.condition_id)  # a link moved to another condition: both
            touched.update(state.condition_id.history.deleted or ())
            touched.update(c.id for c in state.condition.history.deleted or () if c is not None)
        elif isinstance(obj, Measure) and obj.id is not None and (
                obj in session.deleted or _goal_changed(obj)):
            measure_ids.add(obj.id)
    # A new link or answer has no condition id before the flush, and a moved link may
    # have its new one only as an object: read them after.
    session.info.setdefault(_LINKS, []).extend(
        obj for obj in chain(session.new, session.dirty)
        if isinstance(obj, Dependency | ConditionSupport))
    touched.update(obj.condition_id for obj in session.deleted
                   if isinstance(obj, ConditionSupport))
    if measure_ids:
        # The database removes a removed measure's links during the flush; find the
        # conditions they belonged to while they are still there.
        with session.no_autoflush:
            touched.update(session.scalars(
                select(Dependency.condition_id).where(Dependency.measure_id.in_(measure_ids))))


def _goal_changed(measure: Measure) -> bool:
    # The goal may be set as an id or as an object; the id follows only at the flush.
    attrs = inspect(measure).attrs
    return attrs.goal_id.history.has_changes() or attrs.goal.history.has_changes()


@event.listens_for(Session, "after_flush_postexec")
def _recompute_touched(session: Session, flush_context) -> None:
    touched = session.info.pop(_CONDITIONS, set())
    touched.update(link.condition_id for link in session.info.pop(_LINKS, []))
    touched.discard(None)
    if touched:
        recompute(session, touched)
