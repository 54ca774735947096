"""Suggest which framework conditions a hearing concerns, from its title and issuer body.

A plain word match, meant to save staff a search, not to decide: staff confirm or dismiss
each suggestion on the hearing's page. Words are compared by their first seven letters,
so that "kulturmiljølov" and "kulturmiljøloven" match, while common words of hearing
titles ("høring", "forslag", …) are ignored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

STEM = 7
# Words of titles, compared, never shown.
_STOP = {
    "høring", "høyring", "forslag", "endring", "endringer", "endringar",  # i18n: not ui
    "forskrift", "forskrifter", "nasjonal", "nasjonale", "statlige", "statlig", "regjeringen",
    "departementet", "rapport", "utredning", "offentlig", "knyttet", "mellom", "gjennom",
    "dagens", "andre", "arbeid", "utkast", "ordningen", "ordning",  # i18n: not ui
}


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-zæøåäöü]+", text.casefold())  # i18n: not ui
    return {w[:STEM] for w in words if len(w) >= 5 and w not in _STOP}


@dataclass(frozen=True)
class Suggestion:
    """A condition id and the reason it was suggested."""

    condition_id: int
    reason: str


class Suggester:
    """Suggests conditions for hearings; the registry's words are read once per import.

    :param conditions: (id, title, owner body's id, owner body's label) of every condition
        in the registry.
    """

    def __init__(self, conditions: Iterable[tuple[int, str, int | None, str]]) -> None:
        self._by_stem: dict[str, list[int]] = defaultdict(list)
        self._conditions: dict[int, tuple[set[str], int | None, str]] = {}
        for condition_id, title, owner_id, owner in conditions:
            stems = _stems(title)
            self._conditions[condition_id] = (stems, owner_id, owner)
            for stem in stems:
                self._by_stem[stem].append(condition_id)

    def suggest(self, title: str, issuer_id: int | None, issuer: str = "") -> list[Suggestion]:
        """Conditions sharing at least one significant word with the hearing's title (more
        shared words, and the same owner body, first); only those share a word are looked at.

        The same owner is the same body, or for a condition not yet pointed at a body, the
        same text as the hearing's issuer label."""
        hearing_stems = _stems(title)
        candidates = {cid for stem in hearing_stems for cid in self._by_stem.get(stem, ())}
        scored = []
        for condition_id in candidates:
            stems, owner_id, owner = self._conditions[condition_id]
            shared = sorted(hearing_stems & stems)
            if owner_id is not None:
                same_owner = issuer_id is not None and issuer_id == owner_id
            else:
                same_owner = bool(issuer.strip()) and \
                    issuer.strip().casefold() == owner.strip().casefold()
            # Stored with the suggestion (``ConditionSuggestion.reason``), at import time.
            reason = "Felles ord i tittelen: " + ", ".join(shared)  # i18n: not ui
            if same_owner:
                reason += f"; samme eier ({owner})"  # i18n: not ui
            scored.append((len(shared) + same_owner, Suggestion(condition_id, reason)))
        scored.sort(key=lambda pair: (-pair[0], pair[1].condition_id))
        return [s for _, s in scored]
