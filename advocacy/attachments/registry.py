"""The object types notes and files may belong to, registered by their domains.

A domain calls ``register_owner`` once (from a small module its package imports), e.g.::

    attachments.register_owner("condition", FrameworkCondition,
                               page=("conditions.detail", "condition_id"))

and gets the panel «Notater og vedlegg» on the page ``condition`` (``advocacy.panels``),
the routes under ``/attachments/condition/<id>/…``, and the clean-up of notes and files
when a condition is deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from advocacy.extensions import db


@dataclass(frozen=True)
class OwnerType:
    """One kind of object notes and files may belong to."""

    name: str
    model: type
    #: ``(endpoint, argument)`` of the object's page, e.g. ``("conditions.detail", "condition_id")``.
    page: tuple[str, str]
    #: ``load(id) -> obj | None``; default ``db.session.get(model, id)``.
    load: Callable[[int], Any] | None = None
    #: Partners may add notes and files to the objects of this type they may see (papers
    #: they are invited to); elsewhere only county staff may.
    partners_contribute: bool = False
    #: How the object is named on the upload page, e.g. «rammebetingelsen» (a lazy
    #: string: ``_l("rammebetingelsen")``; it fills «Tilbake til %(noun)s» and the like).
    noun: str = _l("saken")

    def get(self, owner_id: int) -> Any:
        """The object ``owner_id``, or ``None``."""
        if self.load is not None:
            return self.load(owner_id)
        return db.session.get(self.model, owner_id)

    def url(self, obj: Any) -> str:
        """The object's page."""
        endpoint, argument = self.page
        return url_for(endpoint, **{argument: obj.id})


_owners: dict[str, OwnerType] = {}


def register_owner(name: str, model: type, *, page: tuple[str, str],
                   load: Callable[[int], Any] | None = None,
                   partners_contribute: bool = False, noun: str = _l("saken"),
                   panel_page: str | None = None) -> OwnerType:
    """Let notes and files belong to objects of ``model``, known as ``name``.

    :param page: the endpoint and its id argument of the object's page.
    :param panel_page: the ``advocacy.panels`` page that shows the panel (default ``name``).
    """
    from advocacy import panels
    from advocacy.attachments.services import panel_for

    owner = OwnerType(name, model, page, load, partners_contribute, noun)
    if name in _owners:  # an app built twice (tests) imports the module once: keep one
        return _owners[name]
    _owners[name] = owner
    panels.register(panel_page or name, "attachments/_panel.html")(
        lambda obj, owner=owner: panel_for(owner, obj))
    return owner


def owner_type(name: str) -> OwnerType | None:
    """The registered owner type ``name``, or ``None``."""
    return _owners.get(name)


def owner_of_model(obj: Any) -> OwnerType | None:
    """The owner type whose model ``obj`` is an instance of, or ``None``."""
    for owner in _owners.values():
        if type(obj) is owner.model:
            return owner
    return None


def owner_types() -> list[OwnerType]:
    """Every registered owner type."""
    return list(_owners.values())
