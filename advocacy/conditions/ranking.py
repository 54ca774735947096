"""The leverage ranking: which national conditions hold the plan back most.

The score of a condition is built only from its links that hold a measure back
(effect ``hinders`` or ``required``):

    score = strength points + measures held back + 2 × goals touched + breadth

- *strength points* is the sum of the links' strength (1 weak – 3 strong);
- *measures held back* counts each measure once;
- *goals touched* counts the plan's goals that those measures belong to, weighted
  twice, because a condition that blocks several goals holds back the whole plan;
- *breadth* is the breadth of support: the municipalities and regional councils that
  back the county's position on the condition (``support``), one point each. Other
  partners' backing is shown with the condition but adds nothing, and an answer that
  does not back the position, or is withdrawn, counts nothing.

Links that enable a measure are counted for information but add nothing. Ties go to
the higher priority, then to the title.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from advocacy.conditions.models import HOLDING_BACK
from advocacy.conditions.support import BREADTH_KINDS, Stance

GOAL_WEIGHT = 2
#: Points per backing municipality or regional council.
BREADTH_WEIGHT = 1

_PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Link:
    """The facts of one dependency that the score needs."""

    condition_id: int
    measure_id: int
    goal_id: int
    effect: str
    strength: int


@dataclass
class Score:
    """A condition's score with its parts."""

    condition_id: int
    strength_points: int = 0
    measures: int = 0
    goals: int = 0
    enabling_links: int = 0
    breadth: int = 0

    @property
    def total(self) -> int:
        return total(self.strength_points, self.measures, self.goals, self.breadth)


def total(strength_points: int, measures: int, goals: int, breadth: int = 0) -> int:
    """The score from its parts: the formula of this module's docstring."""
    return strength_points + measures + GOAL_WEIGHT * goals + BREADTH_WEIGHT * breadth


def breadth(backers: Iterable[tuple[str, str]]) -> int:
    """The breadth of support from the standing answers, as (stance, organisation kind)
    pairs: one point per backing municipality or regional council."""
    return sum(1 for stance, kind in backers if stance == Stance.BACKS and kind in BREADTH_KINDS)


def score_links(links: Iterable[Link]) -> dict[int, Score]:
    """Score every condition that appears in ``links``; returns condition id -> Score.

    The plain statement of the formula. The database keeps the same numbers on each
    condition (``scores``), and a test holds the two to each other.
    """
    measure_ids: dict[int, set[int]] = {}
    goal_ids: dict[int, set[int]] = {}
    scores: dict[int, Score] = {}
    for link in links:
        score = scores.setdefault(link.condition_id, Score(link.condition_id))
        if link.effect in HOLDING_BACK:
            score.strength_points += link.strength
            measure_ids.setdefault(link.condition_id, set()).add(link.measure_id)
            goal_ids.setdefault(link.condition_id, set()).add(link.goal_id)
        else:
            score.enabling_links += 1
    for condition_id, score in scores.items():
        score.measures = len(measure_ids.get(condition_id, ()))
        score.goals = len(goal_ids.get(condition_id, ()))
    return scores


def rank(scores: dict[int, Score], priorities: dict[int, str], titles: dict[int, str]) -> list[Score]:
    """Order scores highest first; ties by priority (high first), then title.

    :param priorities: condition id -> priority value, for every condition to rank.
    :param titles: condition id -> title, for every condition to rank.
    """
    ranked = [scores.get(cid) or Score(cid) for cid in priorities]
    ranked.sort(
        key=lambda s: (-s.total, _PRIORITY_ORDER.get(priorities[s.condition_id], 9),
                       titles[s.condition_id].casefold())
    )
    return ranked
