"""The user account."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from advocacy import clock
from advocacy.extensions import db
from advocacy.types import UTCDateTime


class Role(StrEnum):
    """What a user may do; the rules live in ``advocacy.auth.permissions``."""

    ADMIN = "admin"
    STAFF = "staff"
    PARTNER = "partner"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.STAFF: "Rådgiver (fylkeskommunen)",
    Role.PARTNER: "Partner",
    Role.VIEWER: "Leser",
}


class User(UserMixin, db.Model):
    """A person who logs in."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin', 'staff', 'partner', 'viewer')", name="role_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so that logins and uniqueness ignore case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.is_active_account

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    def set_password(self, password: str) -> None:
        """Store a hash of ``password``."""
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """Tell whether ``password`` matches the stored hash."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
