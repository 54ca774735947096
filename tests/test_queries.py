"""first_rows_and_total: the first rows of a query and how many it has, in one query,
without a window function that reads every matching row."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from advocacy import clock
from advocacy.extensions import db
from advocacy.hearings.models import Hearing
from advocacy.queries import first_rows_and_total
from tests.test_query_counts import count_queries


def _hearing(title: str, days: int, responsible=None, status: str = "assessing") -> Hearing:
    hearing = Hearing(title=title, issuer="KDD", status=status, responsible=responsible,
                      deadline_at=clock.now() + timedelta(days=days))
    db.session.add(hearing)
    return hearing


def test_the_first_rows_in_order_and_the_total_of_all_that_match(app, make_user):
    staff = make_user("staff")
    for i in range(9):
        _hearing(f"Uten ansvarlig {i}", days=9 - i)
    _hearing("Med ansvarlig", days=0, responsible=staff)
    _hearing("Besvart", days=0, status="submitted")
    db.session.commit()
    stmt = (select(Hearing).where(Hearing.responsible_id.is_(None),
                                  Hearing.status != "submitted")
            .order_by(Hearing.deadline_at, Hearing.id))
    with count_queries() as statements:
        rows, total = first_rows_and_total(stmt, 5)
    assert [h.title for h in rows] == [f"Uten ansvarlig {i}" for i in (8, 7, 6, 5, 4)]
    assert total == 9
    assert len(statements) == 1 and " OVER " not in statements[0].upper()
    assert first_rows_and_total(stmt.where(Hearing.title == "finnes ikke"), 5) == ([], 0)


def test_the_total_counts_rows_through_the_querys_joins(app, make_user):
    first, second = make_user("staff"), make_user("staff")
    for i in range(3):
        _hearing(f"Første {i}", days=i, responsible=first)
    _hearing("Andre", days=1, responsible=second)
    db.session.commit()
    from advocacy.auth.models import User

    stmt = (select(Hearing).join(Hearing.responsible).where(User.id == first.id)
            .order_by(Hearing.deadline_at.desc()))
    rows, total = first_rows_and_total(stmt, 2)
    assert [h.title for h in rows] == ["Første 2", "Første 1"] and total == 3
