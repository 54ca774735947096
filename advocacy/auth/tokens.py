"""Single-use links for invitations and password resets.

Only a SHA-256 hash of each token is stored, so a copy of the database cannot be used to
log in. Issuing a new link for the same user and purpose replaces the old one.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import CheckConstraint, ForeignKey, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy import clock
from advocacy.auth.models import User
from advocacy.extensions import db
from advocacy.types import UTCDateTime


class Purpose(StrEnum):
    INVITE = "invite"
    RESET = "reset"


class TokenError(ValueError):
    """A link that cannot be used; the message is for the user."""


class AccountToken(db.Model):
    """An issued invitation or reset link."""

    __tablename__ = "account_tokens"
    __table_args__ = (CheckConstraint("purpose IN ('invite', 'reset')", name="purpose_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    #: SHA-256 of the token in the link.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: User, purpose: Purpose, lifetime: timedelta, created_by: User | None = None,
          *, keep_earlier: bool = False) -> str:
    """Issue a new link for ``user``; returns the token.

    Earlier links of the same purpose are removed, unless ``keep_earlier``: then each
    stays usable until it expires or the password is set (``revoke_outstanding``).
    """
    if not keep_earlier:
        db.session.execute(delete(AccountToken).where(AccountToken.user_id == user.id,
                                                      AccountToken.purpose == purpose))
    token = secrets.token_urlsafe(32)
    db.session.add(AccountToken(user=user, purpose=purpose, token_hash=_hash(token),
                                expires_at=clock.utcnow() + lifetime, created_by=created_by))
    return token


def revoke_outstanding(user: User) -> None:
    """Mark every unused link of ``user`` as used (their password was just set)."""
    db.session.execute(update(AccountToken).where(
        AccountToken.user_id == user.id, AccountToken.used_at.is_(None),
    ).values(used_at=clock.utcnow()))


def check(token: str, purpose: Purpose) -> AccountToken:
    """The usable token record for ``token``; raises ``TokenError`` with the reason."""
    record = db.session.scalar(select(AccountToken).where(
        AccountToken.token_hash == _hash(token), AccountToken.purpose == purpose))
    if record is None:
        raise TokenError(_("Lenken er ugyldig. Kontroller at du har kopiert hele lenken, "
                           "eller be om en ny."))
    if record.used_at is not None:
        raise TokenError(_("Lenken er allerede brukt, eller passordet er endret etter at den "
                           "ble sendt. Be om en ny lenke hvis du trenger det."))
    if record.expires_at <= clock.utcnow():
        raise TokenError(_("Lenken er utløpt. Be om en ny lenke."))
    if not record.user.is_active:
        raise TokenError(_("Kontoen er deaktivert. Kontakt fylkeskommunen."))
    return record


def pending_invitation(user: User) -> AccountToken | None:
    """The user's unused invitation, if any."""
    return db.session.scalar(select(AccountToken).where(
        AccountToken.user_id == user.id, AccountToken.purpose == Purpose.INVITE,
        AccountToken.used_at.is_(None)))
