"""Account services: creating users and checking logins."""

from __future__ import annotations

from sqlalchemy import func, select

from advocacy.auth import passwords
from advocacy.auth.models import Role, User
from advocacy.extensions import db

MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH
MAX_PASSWORD_LENGTH = passwords.MAX_LENGTH


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message is for the user."""


class PasswordRuleError(AccountError):
    """The new password breaks the password policy (``advocacy.auth.passwords``)."""


class NotPermitted(AccountError):
    """The user may not make this change at all (the view answers 403)."""


def check_password_rules(password: str, email: str | None) -> None:
    """Raise ``PasswordRuleError`` unless ``password`` may be set for ``email``'s account."""
    try:
        passwords.check(password, email)
    except passwords.PasswordRuleError as error:
        raise PasswordRuleError(str(error)) from None


def find_user(email: str) -> User | None:
    """The user with this email address, ignoring case."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or ``None``.

    Every call computes exactly one password hash: an unknown, inactive or password-less
    account is checked against a dummy hash, so timing does not reveal which accounts exist.
    """
    user = find_user(email)
    if user is None or not user.is_active or not user.has_password:
        passwords.burn_check(password)
        return None
    return user if user.check_password(password) else None


def create_user(email: str, name: str, role: str, password: str) -> User:
    """Create a user and add it to the session (the caller commits)."""
    email = email.strip().lower()
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise AccountError(f"«{email}» er ikke en gyldig e-postadresse.")  # i18n: not ui
    if role not in {r.value for r in Role}:
        raise AccountError(f"Ukjent rolle «{role}». Gyldige roller: "  # i18n: not ui
                           + ", ".join(r.value for r in Role) + ".")
    if not name.strip():
        raise AccountError("Navn mangler.")  # i18n: not ui
    check_password_rules(password, email)
    if find_user(email) is not None:
        # The operator's command line (flask create-user) and the demo: not translated.
        raise AccountError(
            f"Det finnes allerede en bruker med e-postadressen {email}.")  # i18n: not ui
    user = User(email=email, name=name.strip(), role=role)
    user.set_password(password)
    db.session.add(user)
    return user


def organisation_choices() -> list[tuple[int, str]]:
    """(id, name) of every organisation, the county first, then alphabetically."""
    from advocacy.auth.models import Organisation

    rows = db.session.execute(
        select(Organisation.id, Organisation.name)
        .order_by((Organisation.kind != "county"), Organisation.name))
    return [tuple(row) for row in rows]


def organisation_id_named(name: str) -> int | None:
    """The id of the organisation with this name, ignoring case (æøå too), or ``None``."""
    from advocacy.auth.models import Organisation

    # Compared here, not with SQL lower(): SQLite's folds only A–Z, so "ØVRE EIKER" would
    # pass for new beside "Øvre Eiker", and PostgreSQL's depends on the server's locale.
    # Organisations number in the hundreds at most.
    wanted = name.strip().casefold()
    for org_id, org_name in db.session.execute(select(Organisation.id, Organisation.name)):
        if org_name.strip().casefold() == wanted:
            return org_id
    return None


def find_organisation(name_or_number: str):
    """The organisation with this name (any case) or kommunenummer, or ``None``."""
    from advocacy.auth.models import Organisation

    value = name_or_number.strip()
    by_number = db.session.scalar(
        select(Organisation).where(Organisation.municipality_number == value))
    if by_number is not None:
        return by_number
    org_id = organisation_id_named(value)
    return db.session.get(Organisation, org_id) if org_id is not None else None
