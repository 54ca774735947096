"""The yearly platform: the county's advocacy platform (or its input to the state budget)
assembled from the registry.

Sits on top of the other domains: an item is a framework condition, shown with the
measures and goals it holds back (plan, conditions), who backs the county's position
(conditions), the dialogue with the state so far (dialogue) and last year's outcomes
(papers); the Word export goes through the papers' renderer.
"""

from advocacy.platform import audit_labels  # noqa: F401  (registers with the change log)
