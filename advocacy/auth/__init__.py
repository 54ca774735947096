"""Users, roles, login and the one permission check."""

from advocacy.auth import audit_labels  # noqa: F401  (registers with the change log)
