"""The one place that decides who may see or change what.

Views call ``require(action, obj)``; templates call ``can(action, obj)``. Role rules say
what a role may do in general; a domain whose objects are visible to some users only
(e.g. papers, seen by the organisations invited to them) registers an object rule with
``object_rule``, and every check on such an object goes through it.
"""

from __future__ import annotations

from collections.abc import Callable
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
    "invite": EDITOR_ROLES,
    "audit": EDITOR_ROLES,
    "admin": frozenset({Role.ADMIN}),
}

#: model class -> rule(user, action, obj) -> bool, for objects not everyone may see.
_OBJECT_RULES: dict[type, Callable[[Any, str, Any], bool]] = {}


def object_rule(model: type):
    """Register the rule that decides access to objects of ``model``."""

    def register(rule: Callable[[Any, str, Any], bool]):
        _OBJECT_RULES[model] = rule
        return rule

    return register


def user_can(user: Any, action: str, obj: Any = None) -> bool:
    """Tell whether ``user`` may perform ``action`` (on ``obj``, when given)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if obj is not None:
        for model, rule in _OBJECT_RULES.items():
            if isinstance(obj, model):
                return rule(user, action, obj)
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
