"""What the change log shows for hearings and their milestones."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from advocacy.audit import labels as audit
from advocacy.hearings.models import Hearing, HearingSource, HearingStatus, MilestoneKind

audit.register_names("hearing", Hearing.id, Hearing.title)

audit.register_type("hearing", _l("Høring"), page=("hearings.detail", "hearing_id"), fields={
    "title": _l("Tittel"),
    "issuer": _l("Avsender"),
    "source": audit.coded(_l("Kilde"), HearingSource),
    "source_id": _l("Id hos kilden"),
    "url": _l("Nettadresse"),
    "reference": _l("Saksnummer"),
    "summary": _l("Kort om saken"),
    "published_on": audit.day(_l("Publisert")),
    "deadline_at": audit.moment(_l("Høringsfrist")),
    # Counters for the calendar feed; the moved deadline itself is shown.
    "deadline_sequence": audit.hidden(),
    "status": audit.coded(_l("Status"), HearingStatus),
    "not_responding_reason": _l("Hvorfor vi ikke svarer"),
    "responsible_id": audit.reference(_l("Ansvarlig"), "user"),
    "conditions": _l("Rammebetingelser"),
    "measures": _l("Tiltak"),
})

audit.register_type("milestone", _l("Internfrist"), fields={
    "hearing_id": audit.reference(_l("Høring"), "hearing"),
    "kind": audit.coded(_l("Type"), MilestoneKind),
    "title": _l("Tittel"),
    "offset_days": _l("Dager før fristen"),
    "fixed_at": audit.moment(_l("Fast tidspunkt")),
    "sequence": audit.hidden(),
})
