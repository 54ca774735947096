"""Pages for the versions of a paper's text: history, one version, differences, restoring."""

from __future__ import annotations


from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import OperationalError
from wtforms import HiddenField

from advocacy.auth.permissions import require
from advocacy.extensions import db
from advocacy.forms import Form
from advocacy.inputs import parse_int
from advocacy.papers import markdown, services, textdiff
from advocacy.papers.forms import DiffForm
from advocacy.papers.models import Answer, PaperRevision, PositionPaper
from advocacy.papers.views import bp, visible_paper_or_404


class RestoreForm(Form):
    """Restoring a version: the CSRF token and the version the page was shown with."""

    #: The version that was current when the page was shown: restoring over a newer one
    #: would undo someone's save without their knowing.
    base_number = HiddenField()




def base_number(value: str | None) -> int | None:
    """The version number a form was shown with; ``None`` if missing or not a number."""
    return parse_int(value, minimum=1)


@bp.route("/<int:paper_id>/history", endpoint="history")
def history(paper_id: int):
    paper = visible_paper_or_404(paper_id, texts=True)  # each revision's changes are shown
    revisions = paper.revisions
    summaries = {new.number: textdiff.summary(old.title, old.sections, new.title, new.sections)
                 for old, new in zip(revisions, revisions[1:], strict=False)}
    return render_template("papers/history.html", paper=paper,
                           revisions=list(reversed(revisions)), summaries=summaries)


@bp.route("/<int:paper_id>/diff", endpoint="diff")
def show_diff(paper_id: int):
    paper = visible_paper_or_404(paper_id)
    form = DiffForm(request.args)
    by_number = {r.number: r for r in paper.revisions}
    newest = paper.current.number
    new = by_number.get(form.new.data or newest)
    old = by_number.get(form.old.data or max(1, new.number - 1 if new else 1))
    if old is None or new is None:
        abort(404)
    return render_template("papers/diff.html", paper=paper, old=old, new=new,
                           numbers=sorted(by_number),
                           changes=textdiff.compare(old.title, old.sections, new.title,
                                                    new.sections))


@bp.route("/<int:paper_id>/versions/<int:number>", endpoint="revision")
def show_revision(paper_id: int, number: int):
    paper = visible_paper_or_404(paper_id)
    return _revision_page(paper, _revision_or_404(paper, number))


@bp.route("/<int:paper_id>/versions/<int:number>/restore", methods=["POST"],
          endpoint="restore")
def restore(paper_id: int, number: int):
    """Save an earlier version's title and sections as a new version; nothing is overwritten."""
    paper = visible_paper_or_404(paper_id)
    require("edit", paper)
    revision = _revision_or_404(paper, number)
    form = RestoreForm()
    if not form.validate_on_submit():
        abort(400)
    # A missing or garbled number is no version: save_revision answers with a Conflict.
    base = base_number(form.base_number.data)
    try:
        result = services.save_revision(paper, title=revision.title,
                                        sections=[dict(s) for s in revision.sections],
                                        author=current_user, base_number=base)
        if not isinstance(result, services.Conflict):
            db.session.commit()
    except services.PaperLocked:
        db.session.rollback()
        return _revision_page(paper, revision, notice=_(
            "Uttalelsen er endelig eller sendt inn, så teksten kan ikke lenger endres. "
            "Versjon %(number)d er ikke gjenopprettet.", number=number)), 409
    except OperationalError:
        db.session.rollback()
        current_app.logger.warning("restoring version %s of paper %s failed", number,
                                   paper_id, exc_info=True)
        return _revision_page(paper, revision, notice=_(
            "Versjon %(number)d ble ikke gjenopprettet fordi databasen var opptatt med en "
            "annen lagring. Ingenting er endret. Prøv igjen.", number=number)), 503
    if isinstance(result, services.Conflict):
        newest = result.theirs.number
        db.session.rollback()
        return _revision_page(paper, revision,
                              notice=_conflict_notice(number, newest, base)), 409
    if result is None:
        flash(_("Versjon %(number)d har samme tekst som den gjeldende versjonen, så ingenting "
                "er endret.", number=number), "success")
        return redirect(url_for(".revision", paper_id=paper.id, number=number))
    flash(_("Versjon %(number)d er gjenopprettet som en ny versjon, versjon %(new)d.",
            number=number, new=result.number), "success")
    return redirect(url_for(".detail", paper_id=paper.id))


def _conflict_notice(number: int, newest: int, base: int | None) -> str:
    """Why version ``number`` was not restored over ``newest``, the page showing ``base``."""
    if base is None or not 0 < base < newest:
        return _("Versjon %(number)d er ikke gjenopprettet, fordi det ikke gikk fram hvilken "
                 "versjon som var gjeldende da du åpnet siden. Se gjennom den gjeldende "
                 "versjonen (versjon %(newest)d), og gjenopprett på nytt hvis du fortsatt vil.",
                 number=number, newest=newest)
    return _("Noen lagret en ny versjon av teksten (versjon %(newest)d) mens du så på denne. "
             "Versjon %(number)d er ikke gjenopprettet. Se gjennom den nye versjonen, og "
             "gjenopprett på nytt hvis du fortsatt vil.", newest=newest, number=number)


def _revision_or_404(paper: PositionPaper, number: int) -> PaperRevision:
    """The paper's revision ``number`` (among those already loaded with the paper)."""
    revision = next((r for r in paper.revisions if r.number == number), None)
    if revision is None:
        abort(404)
    return revision


def _revision_page(paper: PositionPaper, revision: PaperRevision, notice: str | None = None):
    signed_by = sorted(i.organisation.name for i in paper.invitations
                       if i.answer == Answer.SIGNED and i.signed_hash == revision.content_hash)
    return render_template(
        "papers/revision.html", paper=paper, revision=revision, notice=notice,
        is_current=revision.number == paper.current.number, signed_by=signed_by,
        form=RestoreForm(formdata=None, data={"base_number": paper.current.number}),
        numbers=[r.number for r in paper.revisions],
        render_markdown=lambda body: markdown.to_html(markdown.parse(body)))
