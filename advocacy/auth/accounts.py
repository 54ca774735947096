"""Invitations, password resets, password changes and deactivation."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _

from advocacy import clock, i18n
from advocacy.auth import tokens
from advocacy.auth.models import Organisation, Role, User
from advocacy.auth.services import AccountError, NotPermitted, check_password_rules, find_user
from advocacy.extensions import db
from advocacy.notify import mail

#: Roles each inviter may give.
INVITABLE_ROLES = {
    Role.ADMIN: (Role.PARTNER, Role.VIEWER, Role.STAFF, Role.ADMIN),
    Role.STAFF: (Role.PARTNER, Role.VIEWER),
}


def single_line(value: str, refusal: str) -> str:
    """``value`` stripped; refuses line breaks, which could reach a mail header, with the
    message ``refusal``."""
    if "\n" in value or "\r" in value:
        raise AccountError(refusal)
    return value.strip()


def invitable_roles(inviter: User) -> tuple[Role, ...]:
    """The roles ``inviter`` may give to a person they invite."""
    return INVITABLE_ROLES.get(Role(inviter.role), ())


def invite(*, email: str, name: str, organisation: Organisation | None, role: str,
           invited_by: User) -> User:
    """Create a user without a password and mail them a link that sets one.

    Inviting someone whose invitation is still unanswered replaces their old link.
    The mail is queued and goes once the caller commits.
    """
    user = _pending_user(email=email, name=name, organisation=organisation, role=role,
                         invited_by=invited_by)
    _send_invitation(user, invited_by)
    return user


def invitation_link(*, email: str, name: str, organisation: Organisation | None, role: str,
                    invited_by: User) -> tuple[User, str, datetime]:
    """Like ``invite``, but mail nothing: the user, their link and when it expires, for a
    caller that puts the link in a mail of its own (an invitation to co-sign)."""
    user = _pending_user(email=email, name=name, organisation=organisation, role=role,
                         invited_by=invited_by)
    link, expires = _issue_link(user, invited_by)
    return user, link, expires


def renewed_link(user: User, invited_by: User) -> tuple[str, datetime]:
    """One more invitation link for a user without a password, for the next mail that
    invites their organisation to co-sign. The links in earlier mails keep working: the
    contact may open any of them, and setting the password uses them all up."""
    if user.has_password or not user.is_active:
        raise AccountError(_("%(name)s kan ikke få en ny invitasjonslenke.", name=user.name))
    return _issue_link(user, invited_by, keep_earlier=True)


def _pending_user(*, email: str, name: str, organisation: Organisation | None, role: str,
                  invited_by: User) -> User:
    email = single_line(email, _("E-postadressen kan ikke inneholde linjeskift.")).lower()
    name = single_line(name, _("Navnet kan ikke inneholde linjeskift."))
    if role not in invitable_roles(invited_by):
        raise AccountError(_("Du kan ikke invitere noen med denne rollen."))
    if not name:
        raise AccountError(_("Navn mangler."))
    user = find_user(email)
    if user is not None and (user.has_password or not user.is_active):
        raise AccountError(_("Det finnes allerede en konto for %(email)s.", email=email))
    if user is not None and user.role not in invitable_roles(invited_by):
        # Re-inviting would change the role (and name and organisation) of a pending
        # account the inviter could not have invited, e.g. staff lowering an admin's.
        raise NotPermitted(_("Du kan ikke endre en invitasjon med denne rollen."))
    if user is None:
        user = User(email=email, name=name, role=role, organisation=organisation)
        db.session.add(user)
    else:
        user.name, user.role, user.organisation = name, role, organisation
    db.session.flush()
    return user


def resend_invitation(user: User, sent_by: User) -> None:
    """Issue a new invitation link for a user who has not yet set a password."""
    if user.has_password:
        raise AccountError(_("%(name)s har allerede tatt i bruk kontoen sin.", name=user.name))
    if not user.is_active:
        raise AccountError(_("Kontoen til %(name)s er deaktivert.", name=user.name))
    _send_invitation(user, sent_by)


def _issue_link(user: User, invited_by: User, *, keep_earlier: bool = False
                ) -> tuple[str, datetime]:
    days = current_app.config["INVITATION_DAYS"]
    token = tokens.issue(user, tokens.Purpose.INVITE, timedelta(days=days), created_by=invited_by,
                         keep_earlier=keep_earlier)
    return (mail.external_url("account.accept_invitation", token=token),
            clock.now() + timedelta(days=days))


def _send_invitation(user: User, invited_by: User) -> None:
    link, expires = _issue_link(user, invited_by)
    mail.queue(db.session, mail.build_message(
        mail.Recipient(user.email, user.name, language=i18n.for_user(user)), "auth/invitation",
        user=user, invited_by=invited_by, expires_at=expires, link=link))


def request_password_reset(email: str) -> None:
    """Mail a reset link if ``email`` belongs to an active account; silent otherwise.

    Commits: it runs on its own, after the response (``advocacy.auth.background``).
    """
    user = find_user(email)
    if user is None or not user.is_active or not user.has_password:
        return
    hours = current_app.config["RESET_HOURS"]
    token = tokens.issue(user, tokens.Purpose.RESET, timedelta(hours=hours))
    mail.queue(db.session, mail.build_message(
        mail.Recipient(user.email, user.name, language=i18n.for_user(user)),
        "auth/password_reset", user=user,
        expires_at=clock.now() + timedelta(hours=hours),
        link=mail.external_url("account.reset_password", token=token)))
    db.session.commit()


def use_token(token: str, purpose: tokens.Purpose, password: str) -> User:
    """Set the password through an invitation or reset link, and use the link up."""
    record = tokens.check(token, purpose)
    check_password_rules(password, record.user.email)
    record.user.set_password(password)
    record.used_at = clock.utcnow()
    return record.user


def change_password(user: User, current: str, new: str) -> None:
    """Change a logged-in user's password; ends their other sessions."""
    if not user.check_password(current):
        raise AccountError(_("Nåværende passord er feil."))
    check_password_rules(new, user.email)
    user.set_password(new)


def set_active(user: User, active: bool) -> None:
    """Activate or deactivate a user; deactivating ends their sessions at once."""
    user.is_active_account = active
    if not active:
        user.end_sessions()
