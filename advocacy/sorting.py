"""Server-side sorting of lists by a whitelisted ``sort`` query argument.

A list names its sortable columns once: a key that goes in the URL (``tittel``) and the
SQL expressions it orders by. ``?sort=tittel`` sorts ascending, ``?sort=-tittel``
descending; anything else (an unknown key, an empty value, several values) is ignored and
the list keeps its default order. The user's text never reaches the SQL: it only picks a
key of the whitelist. Every order ends with the table's id, so that rows that tie keep
one order from page to page.

    CONDITION_SORT = Sorting({"tittel": [FrameworkCondition.title], ...},
                             default="prioritet", tie_breaker=FrameworkCondition.id)
    order = CONDITION_SORT.parse(request.args.get("sort"))
    stmt = stmt.order_by(*order.clauses())

Templates show the headers with ``macros/sorting.html``, which reads the ``SortOrder``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import String, case, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


def in_order_of(column: ColumnElement, values) -> ColumnElement:
    """A sort key that puts ``column``'s values in the order of ``values`` (an enum's
    members, say), not in the alphabetical order of their codes; others come last.

    The codes and ranks are written into the SQL as literals, not bound parameters, so that
    an index on the same expression (see ``FrameworkCondition``'s priority order) is one
    the database can recognise and read in order instead of sorting the whole table.
    """
    values = [str(v) for v in values]
    for value in values:
        if not _CODE.fullmatch(value):
            raise ValueError(f"not a code that can be written into SQL: {value!r}")
    return case({literal_column(f"'{v}'"): literal_column(str(i)) for i, v in enumerate(values)},
                value=column, else_=literal_column(str(len(values))))


_CODE = re.compile(r"[a-z][a-z0-9_]*")

#: Indexes on an ``in_order_of`` expression. Databases give such an index back in their
#: own words (SQLite not at all), so a schema comparison (Alembic) must leave them alone;
#: the model and its migration declare the same expression.
EXPRESSION_INDEXES = frozenset({"ix_framework_conditions_priority_order"})


def is_expression_index(name: str | None, type_: str) -> bool:
    """Whether ``name`` is one of ``EXPRESSION_INDEXES``, for Alembic's ``include_name``."""
    return type_ == "index" and name in EXPRESSION_INDEXES


class oslo_day(FunctionElement):  # noqa: N801 - used like a SQL function
    """The Oslo calendar day of a stored moment, as ``yyyy-mm-dd`` text.

    Sorts with a ``Date`` column cast to text, so that one sort key can hold a deadline
    that is a moment and one that is a day. On SQLite (moments stored as UTC text) it is
    the UTC day, which is the Oslo day for every moment from 02:00 Oslo time on, so for
    every deadline at the usual 23:59.
    """

    type = String()
    inherit_cache = True


@compiles(oslo_day)
def _oslo_day_postgresql(element, compiler, **kw) -> str:
    moment = compiler.process(element.clauses, **kw)
    return f"to_char({moment} AT TIME ZONE 'Europe/Oslo', 'YYYY-MM-DD')"


@compiles(oslo_day, "sqlite")
def _oslo_day_sqlite(element, compiler, **kw) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@dataclass(frozen=True)
class SortOrder:
    """The order a list is shown in: a column key and a direction."""

    sorting: Sorting
    key: str
    is_descending: bool

    @property
    def value(self) -> str:
        """The ``sort`` argument that asks for this order."""
        return f"-{self.key}" if self.is_descending else self.key

    @property
    def is_default(self) -> bool:
        return self == self.sorting.default_order

    def aria_sort(self, key: str) -> str | None:
        """``ascending``/``descending`` for the column this list is sorted by, else ``None``."""
        if key != self.key:
            return None
        return "descending" if self.is_descending else "ascending"

    def toggled(self, key: str) -> str:
        """The ``sort`` argument a click on column ``key`` asks for.

        The sorted column turns round; another column starts in its own first direction.
        """
        if key == self.key:
            return key if self.is_descending else f"-{key}"
        return f"-{key}" if key in self.sorting.descending_first else key

    def clauses(self) -> list[ColumnElement]:
        """ORDER BY clauses: the groups, the column (empty values last either way), its
        secondary columns, the tie-breaker."""
        first, *rest = self.sorting.columns[self.key]
        primary = first.desc() if self.is_descending else first.asc()
        return [*self.sorting.groups, primary.nulls_last(), *rest, self.sorting.tie_breaker]


class Sorting:
    """The sortable columns of one list and its default order."""

    def __init__(self, columns: dict[str, Sequence[ColumnElement]], *, default: str,
                 tie_breaker: ColumnElement, descending_first: Sequence[str] = (),
                 groups: Sequence[ColumnElement] = ()) -> None:
        """:param columns: key → expressions to order by; the first one takes the direction,
            the others break its ties in ascending order.
        :param default: the ``sort`` argument of the default order (``-key`` for descending).
        :param tie_breaker: a unique column (the id), last in every order.
        :param descending_first: keys whose first click sorts descending (newest first).
        :param groups: expressions every order starts with, for a list shown in groups
            (measures under their goal): the chosen column sorts within each group.
        """
        self.columns = {key: list(exprs) for key, exprs in columns.items()}
        self.tie_breaker = tie_breaker
        self.descending_first = frozenset(descending_first)
        self.groups = list(groups)
        order = self._order(default)
        if order is None:
            raise ValueError(f"default sort {default!r} is not a column")
        self.default_order = order

    def _order(self, value: str) -> SortOrder | None:
        key = value[1:] if value.startswith("-") else value
        if key not in self.columns:
            return None
        return SortOrder(self, key, value.startswith("-"))

    def parse(self, value) -> SortOrder:
        """The order ``value`` (a ``sort`` argument) asks for; the default for anything else."""
        if not isinstance(value, str):
            return self.default_order
        return self._order(value.strip()) or self.default_order
