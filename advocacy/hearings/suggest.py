"""Suggest which framework conditions a hearing concerns, from its title and issuer.

A plain word match, meant to save staff a search, not to decide: staff confirm or dismiss
each suggestion on the hearing's page. Words are compared by their first seven letters,
so that "kulturmiljølov" and "kulturmiljøloven" match, while common words of hearing
titles ("høring", "forslag", …) are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STEM = 7
_STOP = {
    "høring", "høyring", "forslag", "endring", "endringer", "endringar", "forskrift",
    "forskrifter", "nasjonal", "nasjonale", "statlige", "statlig", "regjeringen", "departementet",
    "rapport", "utredning", "offentlig", "knyttet", "mellom", "gjennom", "dagens", "andre",
    "arbeid", "utkast", "ordningen", "ordning",
}


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-zæøåäöü]+", text.casefold())
    return {w[:STEM] for w in words if len(w) >= 5 and w not in _STOP}


@dataclass(frozen=True)
class Suggestion:
    """A condition id and the reason it was suggested."""

    condition_id: int
    reason: str


def suggest(title: str, issuer: str, conditions: list[tuple[int, str, str]]) -> list[Suggestion]:
    """Suggest conditions for a hearing.

    :param conditions: (id, title, owner body) of every condition in the registry.
    :returns: conditions sharing at least one significant word with the hearing's title,
        or sharing a word and the owner; best matches first.
    """
    hearing_stems = _stems(title)
    scored = []
    for condition_id, condition_title, owner in conditions:
        shared = sorted(hearing_stems & _stems(condition_title))
        if not shared:
            continue
        same_owner = issuer.strip().casefold() == owner.strip().casefold()
        reason = "Felles ord i tittelen: " + ", ".join(shared)
        if same_owner:
            reason += f"; samme eier ({owner})"
        scored.append((len(shared) + same_owner, Suggestion(condition_id, reason)))
    scored.sort(key=lambda pair: (-pair[0], pair[1].condition_id))
    return [s for _, s in scored]
