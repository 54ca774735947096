"""Who may read the change log.

``audit`` imports no domain, so the one permission check (in ``auth``) registers the rule
here; until it has, nobody may read the log.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort

_rule: Callable[[], bool] | None = None


def register(rule: Callable[[], bool]) -> None:
    """Set the rule that tells whether the current user may read the change log."""
    global _rule
    _rule = rule


def require() -> None:
    """Abort with 403 unless the current user may read the change log."""
    if _rule is None or not _rule():
        abort(403)
