"""Dialogue with the state: meetings, letters, calls and visits, and their follow-ups.

Sits above papers: a contact concerns conditions, hearings and papers, and shows its
history on their pages through ``advocacy.panels``; it registers its follow-ups with the
reminders (``notify.sources``) and the calendar feed (``hearings.ical``).
"""

from advocacy.dialogue import audit_labels  # noqa: F401  (registers with the change log)
from advocacy.dialogue import timeline_events  # noqa: F401  (registers with the timeline)
