"""Who may see and change a position paper: the one rule, registered with auth.permissions.

County users (admin, staff) see and edit every paper; viewers read every paper; partners
see only papers their organisation is invited to, and may answer for that organisation.
"""

from __future__ import annotations

from advocacy.auth.models import Role
from advocacy.auth.permissions import EDITOR_ROLES, object_rule
from advocacy.papers.models import PositionPaper


def _is_invited(user, paper: PositionPaper) -> bool:
    return user.organisation_id is not None and any(
        i.organisation_id == user.organisation_id for i in paper.invitations)


@object_rule(PositionPaper)
def paper_rule(user, action: str, paper: PositionPaper) -> bool:
    """``view``, ``edit`` and ``sign`` on a paper."""
    if action == "view":
        return user.role != Role.PARTNER or _is_invited(user, paper)
    if action == "edit":
        return user.role in EDITOR_ROLES
    if action == "sign":
        return user.role == Role.PARTNER and _is_invited(user, paper) and not paper.is_locked
    return False
