"""The password policy, and hashing that costs the same whether or not an account exists.

The policy follows NIST SP 800-63B (5.1.1.2): a length of 12 to 256 characters, any
characters (spaces and æøå too), no composition rules, and no password found in a list of
commonly used passwords or equal to the account's email address or its local part.

The list of common passwords is the 30,000-entry ``passwords`` frequency list that the
``zxcvbn`` package (Dropbox's zxcvbn, Python port ``dwolfhub/zxcvbn-python``) ships, built
from leaked-password corpora; it is compared without regard to case.
"""

from __future__ import annotations

from functools import cache

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 256


class PasswordRuleError(ValueError):
    """A new password breaks the policy; the message is for the user (Norwegian)."""


@cache
def common_passwords() -> frozenset[str]:
    """The lower-cased common passwords (loaded on first use: the list is large)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def check(password: str, email: str | None = None) -> None:
    """Raise ``PasswordRuleError`` unless ``password`` may be used for ``email``'s account."""
    if len(password) < MIN_LENGTH:
        raise PasswordRuleError(_("Passordet må ha minst %(num)d tegn.", num=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise PasswordRuleError(_("Passordet kan ha høyst %(num)d tegn.", num=MAX_LENGTH))
    folded = password.strip().casefold()
    if email:
        address = email.strip().casefold()
        if folded in {address, address.partition("@")[0]}:
            raise PasswordRuleError(_("Passordet kan ikke være e-postadressen din."))
    if folded in common_passwords():
        raise PasswordRuleError(_("Passordet er blant de mest brukte passordene og er lett å "
                                  "gjette. Velg et annet, gjerne en setning du husker."))


def hash_method() -> str:
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not a password anyone has", method=method)


def prepare_dummy_hash(method: str) -> None:
    """Compute the dummy hash for ``method`` now, not in a login request."""
    _dummy_hash(method)


def burn_check(password: str) -> None:
    """Check ``password`` against a dummy hash of the configured method, and forget it.

    A login for an unknown, inactive or password-less account does the same hashing work as
    one for a real account, so the response time does not tell which accounts exist.
    """
    check_password_hash(_dummy_hash(hash_method()), password)
