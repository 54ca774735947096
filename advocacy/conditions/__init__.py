"""National framework conditions, their links to measures, and the leverage ranking."""

from advocacy.conditions import audit_labels  # noqa: F401  (registers with the change log)
from advocacy.conditions import timeline_events  # noqa: F401  (registers with the timeline)
