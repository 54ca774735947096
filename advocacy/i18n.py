"""The two written standards: bokmål (``nb``) and nynorsk (``nn``).

Every user-visible string of the UI, the mails and the Word letter is marked for
translation (``_`` / ``_l`` / ``ngettext`` in Python, ``_()`` and ``{% trans %}`` in
templates). The marked strings are bokmål; ``translations/nn`` holds their nynorsk.

Who gets which standard:

- **pages** follow the signed-in user: their own choice, else their organisation's
  målform; before login, the browser's ``Accept-Language``;
- **mails** follow the recipient (``for_user`` / ``for_organisation``), rendered inside
  ``flask_babel.force_locale``;
- **a letter** is in the paper's chosen language.

An organisation's målform may be neutral (mållova § 13): the county then writes
bokmål, the county's own standard.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path

from flask import g, has_request_context, request
from flask_babel import force_locale, get_locale, get_translations

__all__ = ["LANGUAGES", "DEFAULT", "Malform", "select_locale", "current", "for_user",
           "for_organisation", "force_locale"]

#: The languages the app speaks, as Babel locale identifiers.
LANGUAGES = ("nb", "nn")
#: The county's own standard, and the default everywhere.
DEFAULT = "nb"


class Malform(StrEnum):
    """An organisation's written standard (målform)."""

    BOKMAL = "nb"
    NYNORSK = "nn"
    NEUTRAL = "neutral"


def for_organisation(organisation) -> str:
    """The language to write to an organisation in (neutral gets the county's own)."""
    code = getattr(organisation, "language", None)
    return code if code in LANGUAGES else DEFAULT


def for_user(user) -> str:
    """The language a user reads: their own choice, else their organisation's målform."""
    own = getattr(user, "language", None)
    if own in LANGUAGES:
        return own
    return for_organisation(getattr(user, "organisation", None))


def select_locale() -> str:
    """Flask-Babel's locale selector: the signed-in user's language, else the browser's."""
    if not has_request_context() or g.get("_selecting_locale"):
        return DEFAULT  # outside a request, or asked again while the user is being loaded
    from flask_login import current_user

    g._selecting_locale = True
    try:
        if current_user and current_user.is_authenticated:
            return for_user(current_user)
    finally:
        g._selecting_locale = False
    # Browsers say "no" or "nb-NO" for bokmål; only an explicit "nn" asks for nynorsk.
    best = request.accept_languages.best_match(("nn", "nb", "no"))
    return "nn" if best == "nn" else DEFAULT


def current() -> str:
    """The language of what is being rendered now (``nb`` or ``nn``)."""
    locale = get_locale()
    return locale.language if locale is not None and locale.language in LANGUAGES else DEFAULT


@cache
def _wtforms_catalogue(language: str):
    """WTForms' built-in messages: its own bokmål, our nynorsk (WTForms ships none)."""
    from babel.support import Translations
    from wtforms.i18n import get_translations

    bokmal = get_translations(["nb_NO", "nb"])
    if language != "nn":
        return bokmal
    nynorsk = Translations.load(str(Path(__file__).parent / "translations"), ["nn"], "wtforms")
    nynorsk.add_fallback(bokmal)
    return nynorsk


def wtforms_translations():
    """The translations WTForms' own messages are shown in (``Form.Meta.get_translations``)."""
    return _wtforms_catalogue(current())


def form_translations(meta, form):
    """``get_translations`` for a WTForms ``Meta``: built-in messages in the page's language."""
    return wtforms_translations()


def _translations():
    """The translations being rendered in, looked up once per locale per request.

    Flask-Babel's own template callables look them up for every string (its domain, the
    context, the locale's name as a cache key): about 40 µs a string, 4 ms on the
    overview. ``force_locale`` puts a new locale object on the context, which is how a
    change is noticed here."""
    context = g.get("_flask_babel")  # Flask-Babel's own state for this context
    cached = getattr(context, "advocacy_translations", None)
    if cached is not None and cached[0] is context.babel_locale:
        return cached[1]
    translations = get_translations()  # sets g._flask_babel.babel_locale
    context = g._flask_babel
    context.advocacy_translations = (context.babel_locale, translations)
    return translations


def install_template_gettext(app) -> None:
    """Templates' ``_``/``gettext``/``ngettext`` through ``_translations`` (newstyle, so
    variables are escaped and formatted by Jinja, as with Flask-Babel's)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: _translations().ugettext(string),
        ngettext=lambda singular, plural, n: _translations().ungettext(singular, plural, n),
        pgettext=lambda context, string: _translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: _translations().unpgettext(
            context, singular, plural, n),
        newstyle=True)
