"""Sections that a domain higher up adds to a page of a domain below it.

A hearing's page shows the papers written for it, but ``hearings`` must not import
``papers`` (papers build on hearings). So ``papers`` registers a panel for the page
``"hearing"``; the hearing view asks for the panels of its object, and the template
includes each panel's template with its data. The order of registration is the order on
the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_registry: dict[str, list[tuple[str, Callable[[Any], Any]]]] = {}


@dataclass(frozen=True)
class Panel:
    """One section to include: a template and what it shows."""

    template: str
    data: Any


def register(page: str, template: str):
    """Decorate ``load(obj) -> data`` as the panel ``template`` on every ``page`` page.

    ``load`` returns ``None`` when the panel has nothing to show for that object.
    """
    def decorator(load: Callable[[Any], Any]):
        _registry.setdefault(page, []).append((template, load))
        return load
    return decorator


def for_page(page: str, obj: Any) -> list[Panel]:
    """The panels registered for ``page``, loaded for ``obj``."""
    found = []
    for template, load in _registry.get(page, ()):
        data = load(obj)
        if data is not None:
            found.append(Panel(template, data))
    return found


# --- Columns a higher domain adds to a lower domain's list ------------------------------

_column_registry: dict[str, list[tuple[str, str, Callable[[list[int]], dict[int, Any]]]]] = {}


@dataclass(frozen=True)
class ListColumn:
    """One column to add to a list: its heading and the value for each row's id."""

    heading: str
    values: dict[int, Any]
    #: The class of the column's cells, e.g. ``num`` for counts.
    css_class: str = ""

    def value(self, row_id: int, default: Any = "–") -> Any:
        """The value for the row ``row_id``; ``default`` when the column has none."""
        return self.values.get(row_id, default)


def register_column(page: str, heading: str, css_class: str = ""):
    """Decorate ``load(ids) -> {id: value}`` as a column ``heading`` on the list ``page``.

    ``load`` gets the ids of the rows on one page of the list and must answer in a fixed
    number of queries, whatever the number of rows. The measure list counts each
    measure's conditions this way, so ``plan`` needs no import of ``conditions``.
    """
    def decorator(load: Callable[[list[int]], dict[int, Any]]):
        _column_registry.setdefault(page, []).append((heading, css_class, load))
        return load
    return decorator


def columns_for(page: str, ids: list[int]) -> list[ListColumn]:
    """The columns registered for the list ``page``, loaded for the rows ``ids``."""
    return [ListColumn(heading, load(list(ids)), css_class)
            for heading, css_class, load in _column_registry.get(page, ())]
