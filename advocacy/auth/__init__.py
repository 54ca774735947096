"""Users, roles, login and the one permission check."""
