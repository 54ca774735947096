"""The user account."""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from enum import StrEnum

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from advocacy import clock
from advocacy.audit.models import Audited
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
    Role.ADMIN: _l("Administrator"),
    Role.STAFF: _l("Rådgiver (fylkeskommunen)"),
    Role.PARTNER: _l("Partner"),
    Role.VIEWER: _l("Leser"),
}


class OrganisationKind(StrEnum):
    """The partner kinds the plan names."""

    COUNTY = "county"
    MUNICIPALITY = "municipality"
    STATE = "state"
    BUSINESS = "business"
    ORGANISATION = "organisation"
    VOLUNTEER = "volunteer"
    ACADEMIA = "academia"
    REGIONAL_COUNCIL = "regional_council"

    @property
    def label(self) -> str:
        return {
            "county": _l("Fylkeskommune"),
            "municipality": _l("Kommune"),
            "state": _l("Statlig aktør"),
            "business": _l("Næringsliv"),
            "organisation": _l("Organisasjon"),
            "volunteer": _l("Frivillighet"),
            "academia": _l("Akademia"),
            "regional_council": _l("Regionråd"),
        }[self.value]


_ORG_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def is_valid_org_number(value: str) -> bool:
    """Tell whether ``value`` is a Norwegian organisation number (9 digits, mod 11 check)."""
    if not re.fullmatch(r"\d{9}", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:8], _ORG_NUMBER_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[8])


class Organisation(Audited, db.Model):
    """A partner organisation: the county, a municipality, a state actor, a business, …"""

    __tablename__ = "organisations"
    __audit_type__ = "organisation"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('county', 'municipality', 'state', 'business', 'organisation', "
            "'volunteer', 'academia', 'regional_council')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    #: Four-digit kommunenummer, for municipalities only.
    municipality_number: Mapped[str | None] = mapped_column(String(4), unique=True)
    #: Nine-digit organisasjonsnummer (Enhetsregisteret).
    org_number: Mapped[str | None] = mapped_column(String(9), unique=True)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    #: Målform (``advocacy.i18n.Malform``): what the county writes to it in.
    language: Mapped[str] = mapped_column(String(10), default="nb", server_default="nb")

    users: Mapped[list[User]] = relationship(back_populates="organisation")
    contacts: Mapped[list[OrganisationContact]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan",
        order_by="OrganisationContact.id")

    @property
    def kind_label(self) -> str:
        return str(OrganisationKind(self.kind).label)


class ContactRole(StrEnum):
    """What a contact person of an organisation is."""

    POSTMOTTAK = "postmottak"
    MAYOR = "mayor"
    CHIEF_EXECUTIVE = "chief_executive"
    MANAGING_DIRECTOR = "managing_director"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "postmottak": _l("Postmottak"),
            "mayor": _l("Ordfører"),
            "chief_executive": _l("Rådmann/kommunedirektør"),
            "managing_director": _l("Daglig leder"),
            "other": _l("Annen"),
        }[self.value]


class OrganisationContact(Audited, db.Model):
    """A contact person of an organisation besides its users (kontaktperson), e.g. its
    postmottak: who receives an invitation to co-sign when the organisation has no user."""

    __tablename__ = "organisation_contacts"
    __audit_type__ = "organisation_contact"
    __table_args__ = (
        CheckConstraint("role IN ('postmottak', 'mayor', 'chief_executive', "
                        "'managing_director', 'other')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    #: Empty for a postmottak, which is an address rather than a person.
    name: Mapped[str] = mapped_column(String(200), default="")
    #: Stored lower-cased.
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20))

    organisation: Mapped[Organisation] = relationship(back_populates="contacts")

    @property
    def role_label(self) -> str:
        return str(ContactRole(self.role).label)

    @property
    def display_name(self) -> str:
        """The name, or the role for a postmottak without one."""
        return self.name or self.role_label

    @property
    def audit_label(self) -> str:
        organisation = self.organisation
        if organisation is None and self.organisation_id is not None:
            organisation = db.session.get(Organisation, self.organisation_id)
        return f"{self.display_name} ({organisation.name if organisation else '–'})"


class User(Audited, UserMixin, db.Model):
    """A person who logs in."""

    __tablename__ = "users"
    __audit_type__ = "user"
    __audit_secret__ = ("password_hash", "session_token", "calendar_token")
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin', 'staff', 'partner', 'viewer')", name="role_known"
        ),
        CheckConstraint("reminder_frequency IN ('daily', 'weekly', 'off')",
                        name="reminder_frequency_known"),
        CheckConstraint("language IS NULL OR language IN ('nb', 'nn')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so that logins and uniqueness ignore case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    #: Identifies the user's sessions; a new value ends every session (see ``end_sessions``).
    session_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_hex(32))
    #: How often reminder digests come: ``daily``, ``weekly`` (Mondays) or ``off``.
    reminder_frequency: Mapped[str] = mapped_column(String(10), default="daily",
                                                    server_default="daily")
    #: Secret in the user's private calendar feed URL; ``None`` when the feed is off.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: ``nb`` or ``nn``; ``None`` follows the organisation's målform (``advocacy.i18n``).
    language: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)

    organisation: Mapped[Organisation | None] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.is_active_account

    def get_id(self) -> str:
        """Sessions carry the session token, so that changing it ends them."""
        return self.session_token

    def end_sessions(self) -> None:
        """Make every existing session and remember-cookie of this user invalid."""
        self.session_token = secrets.token_hex(32)

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)

    @property
    def is_editor(self) -> bool:
        return self.role in (Role.ADMIN, Role.STAFF)

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)

    def set_password(self, password: str) -> None:
        """Store a hash of ``password``; ends every session and every unused link.

        Whatever route sets the password (profile, reset, invitation, command line), a reset
        or invitation link mailed before it can no longer be used.
        """
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)
        self.end_sessions()
        if self.id is not None:
            from advocacy.auth.tokens import revoke_outstanding

            revoke_outstanding(self)

    def check_password(self, password: str) -> bool:
        """Tell whether ``password`` matches the stored hash."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
