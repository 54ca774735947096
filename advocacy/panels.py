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
