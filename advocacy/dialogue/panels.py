"""The dialogue history on the pages of conditions, hearings, papers and people (see
``advocacy.panels``): the contacts about the object, newest first, that the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_login import current_user

from advocacy import panels
from advocacy.auth.permissions import can
from advocacy.dialogue import services


@dataclass(frozen=True)
class HistoryPanel:
    """One page's history: its heading and the contacts (``services.History``)."""

    heading: str
    empty: str
    history: services.History
    may_add: bool


def _panel(heading: str, empty: str, history: services.History) -> HistoryPanel:
    return HistoryPanel(heading, empty, history, may_add=can("edit"))


@panels.register("condition", "dialogue/_history.html")
def condition_dialogue(condition) -> HistoryPanel:
    return _panel(_("Dialog med staten"),
                  _("Ingen kontakt med staten om rammebetingelsen er registrert."),
                  services.condition_history(current_user, condition.id))


@panels.register("hearing", "dialogue/_history.html")
def hearing_dialogue(hearing) -> HistoryPanel:
    return _panel(_("Dialog med staten"),
                  _("Ingen kontakt med staten om høringen er registrert."),
                  services.hearing_history(current_user, hearing.id))


@panels.register("paper", "dialogue/_history.html")
def paper_dialogue(paper) -> HistoryPanel:
    return _panel(_("Dialog med staten"),
                  _("Ingen kontakt med staten om uttalelsen er registrert."),
                  services.paper_history(current_user, paper.id))


@panels.register("person", "dialogue/_history.html")
def person_dialogue(person) -> HistoryPanel:
    return _panel(_("Kontakt med personen"), _("Ingen kontakt med personen er registrert."),
                  services.person_history(current_user, person.id))
