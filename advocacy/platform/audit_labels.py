"""What the change log shows for platforms and their items."""

from __future__ import annotations

from advocacy.audit import labels as audit
from advocacy.platform.models import Platform, PlatformKind, PlatformStatus

audit.register_names("platform", Platform.id, Platform.title)

audit.register_type("platform", "Plattform", page=("platform.detail_by_id", "platform_id"),
                    fields={
    "year": "År",
    "kind": audit.coded("Type", PlatformKind),
    "title": "Tittel",
    "introduction": "Innledning",
    "status": audit.coded("Status", PlatformStatus),
    "adopted_at": audit.moment("Vedtatt"),
    "adopted_by_id": audit.reference("Vedtatt av", "user"),
})

audit.register_type("platform_item", "Sak i plattformen", fields={
    "platform_id": audit.reference("Plattform", "platform"),
    "condition_id": audit.reference("Rammebetingelse", "condition"),
    "position": "Plass",
    "own_text": "Egen tekst om hva vi ber om",
})
