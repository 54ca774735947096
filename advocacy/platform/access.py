"""Who may see and change a platform: the one rule, registered with auth.permissions.

County users (admin, staff) and viewers read every platform, drafts included; staff and
admins edit a draft, and nobody edits an adopted platform (it is frozen). A partner reads
an adopted platform - the county's public position - and never a draft (404: a draft is
not known to exist outside the county).
"""

from __future__ import annotations

from advocacy.auth.models import Role
from advocacy.auth.permissions import EDITOR_ROLES, object_rule
from advocacy.platform.models import Platform, PlatformStatus


@object_rule(Platform)
def platform_rule(user, action: str, platform: Platform) -> bool:
    """``view`` and ``edit`` on a platform."""
    if action == "view":
        return user.role != Role.PARTNER or platform.status == PlatformStatus.ADOPTED
    if action == "edit":
        return user.role in EDITOR_ROLES and platform.status == PlatformStatus.DRAFT
    return False


def visible_clause(user):
    """A where-clause for the platforms ``user`` may see (``platform_rule``'s ``view``)."""
    if user.role != Role.PARTNER:
        return Platform.id.isnot(None)
    return Platform.status == PlatformStatus.ADOPTED
