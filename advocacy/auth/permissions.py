"""The one place that decides who may see or change what.

Views call ``require(action, obj)``; templates call ``can(action, obj)``. Later domains
(partners, papers) add their object rules here, not in views.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from advocacy.auth.models import Role

#: Roles that change the registry, the plan and the hearings.
EDITOR_ROLES = frozenset({Role.ADMIN, Role.STAFF})

#: action -> roles allowed; ``view`` is open to every active user.
_ROLE_RULES: dict[str, frozenset[str]] = {
    "view": frozenset(Role),
    "edit": EDITOR_ROLES,
    "admin": frozenset({Role.ADMIN}),
}


def user_can(user: Any, action: str, obj: Any = None) -> bool:
    """Tell whether ``user`` may perform ``action`` (on ``obj``, when given)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    allowed = _ROLE_RULES.get(action)
    if allowed is None:
        raise ValueError(f"unknown action {action!r}")
    return user.role in allowed


def can(action: str, obj: Any = None) -> bool:
    """Tell whether the current user may perform ``action``."""
    return user_can(current_user, action, obj)


def require(action: str, obj: Any = None) -> None:
    """Abort with 403 unless the current user may perform ``action``."""
    if not can(action, obj):
        abort(403)


def requires(action: str):
    """Decorate a view so that it answers 403 unless the current user may ``action``."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            require(action)
            return view(*args, **kwargs)

        return wrapped

    return decorator
