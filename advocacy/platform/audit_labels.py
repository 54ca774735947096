"""What the change log shows for platforms and their items."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from advocacy.audit import labels as audit
from advocacy.platform.models import Platform, PlatformKind, PlatformStatus

audit.register_names("platform", Platform.id, Platform.title)

audit.register_type("platform", _l("Plattform"), page=("platform.detail_by_id", "platform_id"),
                    fields={
    "year": _l("År"),
    "kind": audit.coded(_l("Type"), PlatformKind),
    "title": _l("Tittel"),
    "introduction": _l("Innledning"),
    "status": audit.coded(_l("Status"), PlatformStatus),
    "adopted_at": audit.moment(_l("Vedtatt")),
    "adopted_by_id": audit.reference(_l("Vedtatt av"), "user"),
})

audit.register_type("platform_item", _l("Sak i plattformen"), fields={
    "platform_id": audit.reference(_l("Plattform"), "platform"),
    "condition_id": audit.reference(_l("Rammebetingelse"), "condition"),
    "position": _l("Plass"),
    "own_text": _l("Egen tekst om hva vi ber om"),
})
