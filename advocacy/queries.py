"""Query shapes more than one page uses."""

from __future__ import annotations

from sqlalchemy import Select, func

from advocacy.extensions import db


def first_rows_and_total(stmt: Select, limit: int) -> tuple[list, int]:
    """The first ``limit`` objects of ``stmt`` (a select of one entity, in its order) and
    how many it has in all, in one query.

    The total is an uncorrelated subquery with the same joins and conditions, which the
    database counts once, through its indexes where it can. A window function (``count(*)
    over ()``) would have it read every matching row, with all its columns, to give five.
    """
    total = (stmt.with_only_columns(func.count(), maintain_column_froms=True)
             .order_by(None).correlate(None).scalar_subquery())
    rows = db.session.execute(stmt.add_columns(total).limit(limit)).all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)
