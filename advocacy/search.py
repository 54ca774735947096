"""Free-text search that ignores case, æøå included, the same on SQLite and PostgreSQL.

SQLite's ``lower()`` folds ASCII only, so a model keeps a folded copy of its searchable
text in ``search_text`` and a search compares folded text with folded text.
"""

from __future__ import annotations

from sqlalchemy import Text, event, false, func, select
from sqlalchemy.orm import Mapped, mapped_column

from advocacy.extensions import db

#: The longest search text honoured. SQLite refuses LIKE patterns over 50,000 bytes, and no
#: one types a search this long; a longer one finds nothing instead of failing.
MAX_QUERY_LENGTH = 1000


def fold(text: str) -> str:
    """Fold text for case-insensitive search: casefolded, white space collapsed."""
    return " ".join(text.casefold().split())


class Searchable:
    """Mixin for a model whose ``__search_fields__`` can be searched with ``matching``."""

    __search_fields__: tuple[str, ...] = ()

    #: Folded copy of the searchable fields, kept on every insert and update.
    search_text: Mapped[str] = mapped_column(Text, default="")

    @classmethod
    def matching(cls, query: str):
        """A where-clause for rows whose searchable text contains ``query``."""
        folded = fold(query)
        if len(folded) > MAX_QUERY_LENGTH:
            return false()
        return cls.search_text.contains(folded, autoescape=True)


def ids_equal_ignoring_case(column, text: str) -> set[int]:
    """Ids of the rows whose ``column`` equals ``text`` (stripped), ignoring case, æøå included."""
    # lower() in SQL would miss "Ål" = "ÅL" on SQLite, so SQL narrows by length and Python
    # compares; case folding keeps the length of Norwegian letters.
    text = text.strip()
    model = column.class_
    rows = db.session.execute(select(model.id, column).where(func.length(column) == len(text)))
    return {row_id for row_id, value in rows if value.casefold() == text.casefold()}


@event.listens_for(Searchable, "before_insert", propagate=True)
@event.listens_for(Searchable, "before_update", propagate=True)
def _refresh_search_text(mapper, connection, target: Searchable) -> None:
    values = (getattr(target, name) for name in target.__search_fields__)
    target.search_text = fold(" ".join(v for v in values if v))
