"""Free-text search that ignores case, æøå included, the same on SQLite and PostgreSQL.

SQLite's ``lower()`` folds ASCII only, so a model keeps a folded copy of its searchable
text in ``search_text`` and a search compares folded text with folded text.
"""

from __future__ import annotations

from sqlalchemy import Text, event
from sqlalchemy.orm import Mapped, mapped_column


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
        return cls.search_text.contains(fold(query), autoescape=True)


@event.listens_for(Searchable, "before_insert", propagate=True)
@event.listens_for(Searchable, "before_update", propagate=True)
def _refresh_search_text(mapper, connection, target: Searchable) -> None:
    values = (getattr(target, name) for name in target.__search_fields__)
    target.search_text = fold(" ".join(v for v in values if v))
