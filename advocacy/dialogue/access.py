"""Who may see and change a contact: the one rule, registered with auth.permissions.

County users (admin, staff) see and edit every contact; viewers read every contact;
a partner sees a contact only when it is public (not exempt from public access) and
shared with the partner's organisation. ``visible_clause`` is the same rule as SQL, for
lists and panels; the two sit side by side so that they change together.
"""

from __future__ import annotations

from sqlalchemy import exists, false, select, true

from advocacy.auth.models import Role
from advocacy.auth.permissions import EDITOR_ROLES, object_rule
from advocacy.dialogue.models import Contact, contact_shares


def _is_shared_with(user, contact: Contact) -> bool:
    return user.organisation_id is not None and any(
        o.id == user.organisation_id for o in contact.shared_with)


@object_rule(Contact)
def contact_rule(user, action: str, contact: Contact) -> bool:
    """``view`` and ``edit`` on a contact."""
    if action == "view":
        return user.role != Role.PARTNER or (not contact.is_exempt
                                             and _is_shared_with(user, contact))
    if action == "edit":
        return user.role in EDITOR_ROLES
    return False


def visible_clause(user):
    """A where-clause for the contacts ``user`` may see (``contact_rule``'s ``view``)."""
    if user.role != Role.PARTNER:
        return true()
    if user.organisation_id is None:
        return false()
    shared = exists(select(contact_shares.c.contact_id).where(
        contact_shares.c.contact_id == Contact.id,
        contact_shares.c.organisation_id == user.organisation_id))
    return Contact.is_exempt.is_(False) & shared
