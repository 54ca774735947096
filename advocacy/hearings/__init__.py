"""National hearings, their deadlines and milestones; importers; iCalendar."""

from advocacy.hearings import audit_labels  # noqa: F401  (registers with the change log)
from advocacy.hearings import timeline_events  # noqa: F401  (registers with the timeline)
