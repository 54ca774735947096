"""Personal API tokens: made on the profile page, sent as ``Authorization: Bearer``.

A token is shown once, when it is made; only a SHA-256 hash of it is stored, so a copy of
the database cannot call the API. A token acts as its user, with the user's role and
organisation, until it expires, is revoked, or the user is deactivated. Making and
revoking one is in the change log (the hash never is).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _, lazy_gettext as _l, lazy_ngettext
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, contains_eager, mapped_column, relationship
from wtforms import SelectField
from wtforms.validators import DataRequired, Length

from advocacy import clock
from advocacy.audit.models import Audited
from advocacy.auth.models import User
from advocacy.extensions import db
from advocacy.forms import Form, SingleLineField, bounded_int, options
from advocacy.types import UTCDateTime

#: Tokens start with this, so that one pasted by mistake is recognisable in a log or a chat.
PREFIX = "fst_"
#: How long a token may live, in days: the profile offers these.
LIFETIMES = (30, 90, 180, 365)
DEFAULT_LIFETIME = 90
#: ``last_used_at`` is written at most this often, not on every request.
USE_RESOLUTION = timedelta(minutes=5)


class ApiToken(Audited, db.Model):
    """One personal API token of a user."""

    __tablename__ = "api_tokens"
    __audit_type__ = "api_token"
    __audit_secret__ = ("token_hash",)
    __audit_skip__ = Audited.__audit_skip__ + ("last_used_at",)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: What the user calls it ("Arkivet", "Dashbord").
    name: Mapped[str] = mapped_column(String(100))
    #: SHA-256 of the token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The token's last four characters, so the user can tell tokens apart.
    last_four: Mapped[str] = mapped_column(String(4))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > clock.utcnow()

    @property
    def state_label(self) -> str:
        if self.revoked_at is not None:
            return _("Trukket tilbake")
        return _("Gyldig") if self.is_usable else _("Utløpt")

    @property
    def audit_label(self) -> str:
        user = self.user or db.session.get(User, self.user_id)
        # Kept in the change log as written: data, not the reader's language.
        return f"API-nøkkel «{self.name}» ({user.name if user else '–'})"  # i18n: not ui


class ApiTokenForm(Form):
    """Make a token: a name and how long it lives."""

    token_name = SingleLineField(_l("Navn på nøkkelen"), validators=[
        DataRequired(_l("Skriv hva nøkkelen skal brukes til, for eksempel «Arkivet».")),
        Length(max=100)])
    lifetime = SelectField(_l("Gyldig i"), coerce=bounded_int, default=DEFAULT_LIFETIME,
                           choices=options(
                               (days, lazy_ngettext("%(num)d dag", "%(num)d dager", days))
                               for days in LIFETIMES))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(user: User, name: str, lifetime_days: int) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns the row and the token (shown once, never stored)."""
    if lifetime_days not in LIFETIMES:
        raise ValueError(f"lifetime {lifetime_days} not offered")
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user=user, name=name.strip(), token_hash=_hash(token), last_four=token[-4:],
                   expires_at=clock.utcnow() + timedelta(days=lifetime_days))
    db.session.add(row)
    return row, token


def for_user(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too)."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke(user: User, token_id: int) -> ApiToken | None:
    """Revoke one of ``user``'s tokens; ``None`` if the user has no such token."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.id == token_id,
                                                   ApiToken.user_id == user.id))
    if row is not None and row.revoked_at is None:
        row.revoked_at = clock.utcnow()
    return row


def authenticate(token: str) -> User | None:
    """The active user a usable token belongs to, else ``None`` (one query).

    Notes when the token was used, at most every ``USE_RESOLUTION``; the caller commits.
    """
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token))
                            .join(ApiToken.user)
                            .options(contains_eager(ApiToken.user)))
    if row is None or not row.is_usable or not row.user.is_active:
        return None
    now = clock.utcnow()
    if row.last_used_at is None or now - row.last_used_at >= USE_RESOLUTION:
        row.last_used_at = now
    return row.user
