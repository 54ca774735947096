"""Partners' comments on a draft's sections, and staff resolving them.

An invited organisation's users comment on a section of the current text; county staff
(admins and advisers) read every organisation's comments and mark them resolved. A
comment is never shown to another organisation: partners see their own organisation's
only, and another organisation's comment answers 404 whatever the URL. Viewers see none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select, true
from sqlalchemy.orm import joinedload
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from advocacy import clock
from advocacy.audit import labels as audit
from advocacy.auth.models import Role, User
from advocacy.auth.permissions import require
from advocacy.extensions import db
from advocacy.forms import Form, options
from advocacy.inputs import bounded_int, parse_int
from advocacy.papers import signing
from advocacy.papers import skeleton  # noqa: F401  (adds the skeleton page to the blueprint)
from advocacy.papers.models import PaperComment, PositionPaper
from advocacy.papers.views import bp, visible_paper_or_404

#: The longest comment, in characters.
BODY_MAX = 5000

audit.register_type("paper_comment", _l("Kommentar til utkast"), fields={
    "paper_id": audit.reference(_l("Uttalelse"), "paper"),
    "organisation_id": audit.reference(_l("Organisasjon"), "organisation"),
    "author_id": audit.reference(_l("Skrevet av"), "user"),
    "revision_number": _l("Versjon av teksten"),
    "section_index": audit.hidden(),
    "section_heading": _l("Del av teksten"),
    "body": _l("Kommentar"),
    "resolved_at": audit.moment(_l("Løst")),
    "resolved_by_id": audit.reference(_l("Løst av"), "user"),
})


class CommentRefused(ValueError):
    """The comment cannot be taken; the message says why."""


# --- who sees what -----------------------------------------------------------------------------

def sees_comments(user: User) -> bool:
    """County staff see every organisation's comments, partners their own; viewers none."""
    return user.is_editor or (user.role == Role.PARTNER and user.organisation_id is not None)


def _seen_by(user: User):
    """A where-clause for the comments ``user`` may see (call only if ``sees_comments``)."""
    if user.is_editor:
        return true()
    return PaperComment.organisation_id == user.organisation_id


def may_comment(paper: PositionPaper, user: User) -> bool:
    """A partner whose organisation is invited to ``paper`` (a locked paper refuses later)."""
    return signing.is_answerer(paper, user)


def open_comment_count(paper: PositionPaper, user: User) -> int | None:
    """The open comments on ``paper`` that ``user`` may see, in one query; ``None`` for
    users who see no comments (the panel is then left out)."""
    if not sees_comments(user):
        return None
    return db.session.scalar(select(func.count()).select_from(PaperComment).where(
        PaperComment.paper_id == paper.id, PaperComment.resolved_at.is_(None), _seen_by(user)))


def comments_for(paper: PositionPaper, user: User) -> list[PaperComment]:
    """The comments on ``paper`` that ``user`` may see, oldest first, in one query."""
    if not sees_comments(user):
        return []
    return list(db.session.scalars(
        select(PaperComment).where(PaperComment.paper_id == paper.id, _seen_by(user))
        .options(joinedload(PaperComment.organisation), joinedload(PaperComment.author),
                 joinedload(PaperComment.resolved_by))
        .order_by(PaperComment.created_at, PaperComment.id)))


def _visible_comment_or_404(paper: PositionPaper, comment_id: int) -> PaperComment:
    """The comment on ``paper``, if the current user may see it; 404 otherwise."""
    comment = db.session.get(PaperComment, comment_id)
    if (comment is None or comment.paper_id != paper.id or not sees_comments(current_user)
            or not (current_user.is_editor
                    or comment.organisation_id == current_user.organisation_id)):
        abort(404)
    return comment


# --- changing ----------------------------------------------------------------------------------

def refusal(paper: PositionPaper, revision_number: int | None) -> str | None:
    """Why no comment can be taken now on ``paper`` as shown at ``revision_number``."""
    if paper.is_locked:
        return _("Uttalelsen er endelig eller sendt inn, og tar ikke imot nye kommentarer.")
    if revision_number != paper.current.number:
        return _("Teksten er endret (nå versjon %(number)d) siden du åpnet siden. "
                 "Kommentaren er ikke lagret. Se over teksten, velg delen på nytt og send "
                 "igjen.", number=paper.current.number)
    return None


def add_comment(paper: PositionPaper, user: User, *, section_index: int, body: str,
                revision_number: int | None) -> PaperComment:
    """A new comment by ``user`` for their organisation on a section of the current text.

    :param revision_number: the version the commenter was shown; if the text has changed
        since, the section may have moved, so the comment is refused.
    :raises CommentRefused: the paper is final or submitted, the text changed, or there is
        no such section.
    """
    refused = refusal(paper, revision_number)
    if refused is not None:
        raise CommentRefused(refused)
    current = paper.current
    if not 0 <= section_index < len(current.sections):
        raise CommentRefused(_("Velg en del av teksten i listen."))
    comment = PaperComment(
        paper=paper, organisation=user.organisation, author=user,
        revision_number=current.number, section_index=section_index,
        section_heading=current.sections[section_index]["heading"],
        body=body.replace("\r\n", "\n").strip())
    db.session.add(comment)
    db.session.flush()
    return comment


def set_resolved(comment: PaperComment, user: User, resolved: bool) -> None:
    """Mark ``comment`` resolved by ``user`` now, or open again."""
    if resolved == comment.is_resolved:
        return
    comment.resolved_at = clock.utcnow() if resolved else None
    comment.resolved_by = user if resolved else None


# --- grouping for the page ---------------------------------------------------------------------

@dataclass
class SectionGroup:
    """The comments on one section, under the heading the page shows."""

    heading: str
    #: The section is in the current text (else it was renamed or removed since).
    is_current: bool
    comments: list[PaperComment] = field(default_factory=list)


def _section_label(heading: str, index: int) -> str:
    return heading or _("Del %(number)d (uten overskrift)", number=index + 1)


def group_by_section(comments: list[PaperComment], sections: list[dict]) -> list[SectionGroup]:
    """``comments`` by section: the current text's sections in order (those commented on),
    then sections no longer in it. A section is known by its heading (by its place when it
    has none)."""
    def key(heading: str, index: int) -> str:
        return heading or f"#{index}"

    groups = {key(s["heading"], i): SectionGroup(_section_label(s["heading"], i), True)
              for i, s in enumerate(sections)}
    for comment in comments:
        k = key(comment.section_heading, comment.section_index)
        if k not in groups:
            groups[k] = SectionGroup(_section_label(comment.section_heading,
                                                    comment.section_index), False)
        groups[k].comments.append(comment)
    return [group for group in groups.values() if group.comments]


# --- forms -------------------------------------------------------------------------------------

class CommentForm(Form):
    section = SelectField(
        _l("Del av teksten"), coerce=bounded_int,
        invalid_value_message=_l("Velg en del av teksten i listen."),
        invalid_choice_message=_l("Velg en del av teksten i listen."))
    body = TextAreaField(
        _l("Kommentar"),
        validators=[DataRequired(_l("Skriv kommentaren.")),
                    Length(max=BODY_MAX, message=_l("Kommentaren kan ha høyst %(max)d tegn."))],
        description=_l("Høyst 5 000 tegn. Vanlig tekst; linjeskift beholdes."),
        render_kw={"rows": 6})
    #: The version of the text the page showed.
    revision = HiddenField()

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.section.choices = options(
            (i, _section_label(s["heading"], i)) for i, s in enumerate(sections))


class ResolveForm(Form):
    resolved = HiddenField(validators=[AnyOf(["0", "1"], message=_l("Ugyldig valg."))])


# --- pages -------------------------------------------------------------------------------------

@bp.route("/<int:paper_id>/comments", methods=["GET", "POST"], endpoint="comments")
def comments(paper_id: int):
    """Partners: their organisation's comments and a form for a new one. Staff: every
    organisation's comments, to resolve."""
    paper = visible_paper_or_404(paper_id)
    if not sees_comments(current_user):
        abort(403)
    form = _comment_form(paper) if may_comment(paper, current_user) else None
    if request.method == "POST":
        if form is None:
            abort(403)
        revision = parse_int(form.revision.data or "")
        refused = refusal(paper, revision)
        if refused is not None:
            # Nothing is lost: what was written stays in the form, now on the current text.
            form.form_errors.append(refused)
            form.revision.data = str(paper.current.number)
            return _page(paper, form, 409)
        if form.validate_on_submit():
            comment = add_comment(paper, current_user, section_index=form.section.data,
                                  body=form.body.data, revision_number=revision)
            db.session.commit()
            flash(_("Kommentaren er lagret. Den ses bare av %(organisation)s og "
                    "fylkeskommunen.", organisation=current_user.organisation.name), "success")
            return redirect(url_for(".comments", paper_id=paper.id,
                                    _anchor=f"kommentar-{comment.id}"))
        return _page(paper, form, 422)
    return _page(paper, form)


@bp.route("/<int:paper_id>/comments/<int:comment_id>", endpoint="comment")
def comment(paper_id: int, comment_id: int):
    """One comment: its place on the comments page (404 for anyone who may not see it)."""
    paper = visible_paper_or_404(paper_id)
    found = _visible_comment_or_404(paper, comment_id)
    return redirect(url_for(".comments", paper_id=paper.id, _anchor=f"kommentar-{found.id}"))


@bp.route("/<int:paper_id>/comments/<int:comment_id>/resolve", methods=["POST"],
          endpoint="resolve_comment")
def resolve_comment(paper_id: int, comment_id: int):
    """Staff mark a comment resolved (``resolved=1``) or open it again (``resolved=0``)."""
    paper = visible_paper_or_404(paper_id)
    found = _visible_comment_or_404(paper, comment_id)
    require("edit", paper)
    form = ResolveForm()
    if form.validate_on_submit():
        resolved = form.resolved.data == "1"
        set_resolved(found, current_user, resolved)
        db.session.commit()
        name = found.organisation.name
        flash(_("Kommentaren fra %(organisation)s er merket som løst.", organisation=name)
              if resolved else _("Kommentaren fra %(organisation)s er åpen igjen.",
                                 organisation=name), "success")
    else:
        flash(_("Ugyldig skjema; ingenting er endret."), "error")
    return redirect(url_for(".comments", paper_id=paper.id, _anchor=f"kommentar-{found.id}"))


def _comment_form(paper: PositionPaper) -> CommentForm:
    current = paper.current
    form = CommentForm(sections=current.sections)
    if request.method == "GET":
        form.revision.data = str(current.number)
    return form


def _page(paper: PositionPaper, form: CommentForm | None, status: int = 200):
    current = paper.current
    shown = comments_for(paper, current_user)
    return render_template(
        "papers/comments.html", paper=paper, form=form, groups=group_by_section(
            shown, current.sections), current_number=current.number,
        open_count=sum(1 for c in shown if not c.is_resolved), total=len(shown),
        resolve_form=ResolveForm(formdata=None)), status
