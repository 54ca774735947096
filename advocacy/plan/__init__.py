"""The regional plan: its goals, themes and measures, and the plan's own consultation."""

from advocacy.plan import audit_labels  # noqa: F401  (registers with the change log)
