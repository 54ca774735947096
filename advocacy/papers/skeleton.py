"""The skeleton new papers start from: the sections of a new hearing response and of any
other new paper, kept by administrators on ``/papers/skeleton``.

A skeleton with no stored entries is the built-in one (``services.RESPONSE_SECTIONS``,
``services.FIRST_SECTIONS``): translated headings, so a new paper's headings are in its
language. Once an administrator saves a skeleton, its entries are the stored rows, each
with a bokmål heading, an optional nynorsk one and an optional starting text.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from wtforms import FieldList, FormField, HiddenField, TextAreaField
from wtforms import Form as PlainForm
from wtforms.validators import AnyOf, DataRequired, Length

from advocacy import clock, i18n
from advocacy.auth.models import User
from advocacy.auth.permissions import requires
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, Form, SingleLineField
from advocacy.papers import services
from advocacy.papers.models import SkeletonEntry, SkeletonFor, SkeletonKind
from advocacy.papers.views import bp

#: At most this many entries in one skeleton.
MAX_ENTRIES = 20
HEADING_MAX = SkeletonEntry.__table__.c.heading_nb.type.length
BODY_MAX = 2000
#: The longest heading a section may have (the text editor's, ``forms.SectionForm``).
SECTION_HEADING_MAX = 300

#: The page's name of each skeleton.
SKELETON_NAMES = {SkeletonFor.HEARING: _l("Høringssvar"),
                  SkeletonFor.PAPER: _l("Andre uttalelser")}


# --- reading and storing ---------------------------------------------------------------------

def saved_entries(which: str) -> list[SkeletonEntry]:
    """The entries an administrator stored for ``which``, in order (empty: none stored)."""
    return list(db.session.scalars(select(SkeletonEntry).where(SkeletonEntry.skeleton == which)
                                   .order_by(SkeletonEntry.position)))


def default_entries(which: str) -> list[SkeletonEntry]:
    """The built-in skeleton as (unsaved) entries, with the headings in bokmål and nynorsk."""
    parts = services.RESPONSE_SECTIONS if which == SkeletonFor.HEARING \
        else services.FIRST_SECTIONS
    entries = []
    for part in parts:
        is_conditions = part == services.PER_CONDITION
        text = services.CONDITION_HEADING if is_conditions else part
        bokmal, nynorsk = _in("nb", text), _in("nn", text)
        entries.append(SkeletonEntry(
            skeleton=which,
            kind=SkeletonKind.CONDITIONS if is_conditions else SkeletonKind.HEADING,
            heading_nb=bokmal, heading_nn=nynorsk if nynorsk != bokmal else "", body=""))
    return entries


def _in(language: str, text) -> str:
    """A lazy text in ``language``."""
    with i18n.force_locale(language):
        return str(text)


def starting_sections(which: str, language: str, conditions: Iterable = ()) -> list[dict]:
    """The sections a new paper starts with: ``which`` skeleton's headings in ``language``,
    one section per condition (by title) in place of the per-condition entry."""
    sections = []
    for entry in saved_entries(which) or default_entries(which):
        heading = entry.heading_in(language)
        if entry.kind == SkeletonKind.CONDITIONS:
            sections += [{"heading": _condition_heading(heading, condition.title),
                          "body": entry.body}
                         for condition in sorted(conditions, key=lambda c: c.title.casefold())]
        else:
            sections.append({"heading": heading, "body": entry.body})
    return sections


def _condition_heading(start: str, title: str) -> str:
    heading = f"{start} {title}"
    if len(heading) > SECTION_HEADING_MAX:
        heading = heading[:SECTION_HEADING_MAX - 1] + "…"
    return heading


def replace_entries(which: str, entries: list[dict], user: User) -> None:
    """Store ``entries`` (dicts of kind, heading_nb, heading_nn, body) as ``which``."""
    db.session.execute(delete(SkeletonEntry).where(SkeletonEntry.skeleton == which))
    now = clock.utcnow()
    db.session.add_all(SkeletonEntry(
        skeleton=which, position=position, kind=entry["kind"],
        heading_nb=entry["heading_nb"].strip(), heading_nn=(entry["heading_nn"] or "").strip(),
        body=(entry["body"] or "").replace("\r\n", "\n").strip(), updated_at=now,
        updated_by=user) for position, entry in enumerate(entries))
    db.session.flush()


def use_default(which: str) -> None:
    """Forget what an administrator stored for ``which``: the built-in skeleton applies."""
    db.session.execute(delete(SkeletonEntry).where(SkeletonEntry.skeleton == which))


# --- the form ------------------------------------------------------------------------------

class EntryForm(PlainForm):
    """One entry of the skeleton; CSRF comes from the form it sits in."""

    kind = HiddenField(validators=[AnyOf(list(SkeletonKind), message=_l("Ukjent slags del."))])
    heading_nb = SingleLineField(_l("Overskrift på bokmål"), validators=[
        DataRequired(_l("Skriv overskriften.")),
        Length(max=HEADING_MAX, message=_l("Overskriften kan ha høyst %(max)d tegn."))])
    heading_nn = SingleLineField(
        _l("Overskrift på nynorsk (valgfritt)"),
        validators=[Length(max=HEADING_MAX, message=_l("Overskriften kan ha høyst %(max)d tegn."))],
        description=_l("Brukes i uttalelser på nynorsk. Er feltet tomt, brukes overskriften på "
                       "bokmål."))
    body = TextAreaField(
        _l("Starttekst (valgfritt)"),
        validators=[Length(max=BODY_MAX, message=_l("Startteksten kan ha høyst %(max)d tegn."))],
        description=_l("Teksten delen begynner med i en ny uttalelse, for eksempel en "
                       "veiledning til den som skriver. Skriv vanlig tekst."),
        render_kw={"rows": 3})


class SkeletonForm(Form):
    entries = FieldList(FormField(EntryForm), min_entries=1)

    def __init__(self, *args, which: str = SkeletonFor.HEARING, **kwargs):
        super().__init__(*args, **kwargs)
        self.which = which
        for entry in self.entries:
            if entry.form.kind.data == SkeletonKind.CONDITIONS:
                entry.form.heading_nb.label.text = _("Overskriften begynner med (bokmål)")
                entry.form.heading_nb.description = _(
                    "Tittelen på hver rammebetingelse kommer etter, for eksempel «%(start)s "
                    "Inntektssystemet for kommunene».",
                    start=entry.form.heading_nb.data or services.CONDITION_HEADING)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        kinds = [entry.form.kind.data for entry in self.entries]
        if len(kinds) > MAX_ENTRIES:
            self.form_errors.append(_("Disposisjonen kan ha høyst %(max)d deler.",
                                      max=MAX_ENTRIES))
        if kinds.count(SkeletonKind.CONDITIONS) > 1:
            self.form_errors.append(_("Bare én del kan bli én del per rammebetingelse."))
        if SkeletonKind.CONDITIONS in kinds and self.which != SkeletonFor.HEARING:
            self.form_errors.append(_("Bare høringssvar har rammebetingelser fra høringen."))
        return valid and not self.form_errors


# --- the page -------------------------------------------------------------------------------

@bp.route("/skeleton", defaults={"which": SkeletonFor.HEARING.value}, methods=["GET", "POST"],
          endpoint="skeleton")
@bp.route("/skeleton/<any(hearing, paper):which>", methods=["GET", "POST"], endpoint="skeleton")
@requires("admin")
def skeleton_page(which: str):
    """Edit a skeleton: the buttons that add, move and remove entries show the page again
    with nothing saved; «Lagre» saves, «Bruk standardoppsettet» forgets what is stored."""
    if request.method == "GET":
        return _page(which, _form(which, saved_entries(which) or default_entries(which)))
    action = request.form.get("action", "save")
    if action == "reset":
        return _reset(which)
    form = SkeletonForm(which=which)
    if action != "save":
        return _rearrange(which, form, action)
    if not form.validate():
        return _page(which, form)
    try:
        replace_entries(which, form.entries.data, current_user)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another administrator saved the same skeleton at once
        form.form_errors.append(_("Noen andre lagret disposisjonen samtidig. Ingenting er "
                                  "lagret; det du skrev, står i skjemaet. Trykk «Lagre "
                                  "disposisjonen» igjen."))
        return _page(which, form, 409)
    flash(_("Disposisjonen for «%(name)s» er lagret. Nye uttalelser begynner med disse "
            "delene.", name=SKELETON_NAMES[which]), "success")
    return redirect(url_for(".skeleton", which=which))


def _reset(which: str):
    if not ConfirmForm().validate_on_submit():
        form = _form(which, saved_entries(which) or default_entries(which))
        form.form_errors.append(_("Skjemaet var utløpt; ingenting er endret. Prøv igjen."))
        return _page(which, form, 400)
    use_default(which)
    db.session.commit()
    flash(_("«%(name)s» bruker standardoppsettet igjen.", name=SKELETON_NAMES[which]), "success")
    return redirect(url_for(".skeleton", which=which))


def _rearrange(which: str, form: SkeletonForm, action: str):
    """Apply ``add-heading``, ``add-conditions``, ``remove-N``, ``up-N`` or ``down-N``."""
    entries = [dict(entry) for entry in form.entries.data]
    name, _sep, index_text = action.partition("-")
    refusal = None
    if name == "add":
        kind = SkeletonKind.CONDITIONS if index_text == "conditions" else SkeletonKind.HEADING
        if len(entries) >= MAX_ENTRIES:
            refusal = _("Disposisjonen kan ha høyst %(max)d deler. Fjern en del før du legger "
                        "til en ny.", max=MAX_ENTRIES)
        elif kind == SkeletonKind.CONDITIONS and (
                which != SkeletonFor.HEARING
                or any(e["kind"] == SkeletonKind.CONDITIONS for e in entries)):
            refusal = _("Disposisjonen har allerede én del per rammebetingelse.")
        else:
            entries.append({"kind": kind, "body": "", "heading_nn": "",
                            "heading_nb": _in("nb", services.CONDITION_HEADING)
                            if kind == SkeletonKind.CONDITIONS else ""})
    elif index_text.isdigit() and int(index_text) < len(entries):
        _move(entries, name, int(index_text))
    form = _form(which, entries)
    if refusal:
        form.form_errors.append(refusal)
    return _page(which, form, 422 if refusal else 200)


def _move(entries: list[dict], name: str, i: int) -> None:
    if name == "remove" and len(entries) > 1:
        del entries[i]
    elif name == "up" and i > 0:
        entries[i - 1], entries[i] = entries[i], entries[i - 1]
    elif name == "down" and i < len(entries) - 1:
        entries[i + 1], entries[i] = entries[i], entries[i + 1]


def _form(which: str, entries: Iterable) -> SkeletonForm:
    """The form showing ``entries`` (stored rows or dicts), nothing read from the request."""
    rows = [entry if isinstance(entry, dict) else
            {"kind": entry.kind, "heading_nb": entry.heading_nb, "heading_nn": entry.heading_nn,
             "body": entry.body} for entry in entries]
    return SkeletonForm(formdata=None, data={"entries": rows}, which=which)


def _page(which: str, form: SkeletonForm, status: int | None = None):
    saved = saved_entries(which)
    has_errors = bool(form.errors or form.form_errors)
    return render_template(
        "papers/skeleton.html", form=form, which=which, names=SKELETON_NAMES,
        is_default=not saved, changed=saved[0] if saved else None, max_entries=MAX_ENTRIES,
        may_add_conditions=which == SkeletonFor.HEARING and not any(
            entry.form.kind.data == SkeletonKind.CONDITIONS for entry in form.entries),
        has_errors=has_errors,
    ), status or (422 if has_errors else 200)
