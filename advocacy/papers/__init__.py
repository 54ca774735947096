"""Joint position papers: drafting, revisions, co-signing, Word export."""

from advocacy.papers import audit_labels  # noqa: F401  (registers with the change log)
from advocacy.papers import timeline_events  # noqa: F401  (registers with the timeline)
