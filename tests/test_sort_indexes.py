"""The condition list's default order (priority, then title) is read from an index.

Sorting by a CASE that ranks the priorities made both databases read and sort every
condition to show one page; the index on the same expression lets them read the first 25
in order (issue 11). The plans are asked of the database itself.
"""

from advocacy.conditions.services import ConditionFilters, condition_query
from advocacy.extensions import db


def _plan(statement) -> str:
    """The database's plan for ``statement`` with its parameters bound, as the app runs it."""
    compiled = statement.compile(db.engine)
    conn = db.session.connection()
    if db.engine.dialect.name == "sqlite":
        params = tuple(compiled.params[name] for name in compiled.positiontup)
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params).all()
        return "\n".join(str(row[-1]) for row in rows)
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a small table: force the choice
    return "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {compiled}",
                                                            compiled.params))


def test_the_default_order_of_the_condition_list_uses_its_index(app):
    plan = _plan(condition_query(ConditionFilters()).limit(25))
    assert "ix_framework_conditions_priority_order" in plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan.split("Index")[0]
    db.session.rollback()
