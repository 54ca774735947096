"""Pages for drafting papers: list, facts, text with revisions, history and diffs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import nh3
from flask import (Blueprint, Response, abort, current_app, flash, make_response, redirect,
                   render_template, request, url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from advocacy import exports, i18n, panels
from advocacy.auth.permissions import can, require, requires
from advocacy.conditions import services as condition_services
from advocacy.conditions.forms import picker_search_requested
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, render_form
from advocacy.hearings.models import Hearing
from advocacy.inputs import parse_int
from advocacy.papers import export, markdown, pdf, services, textdiff
from advocacy.papers.forms import MAX_SECTION_CHARS, PaperFilterForm, PaperForm, TextForm
from advocacy.papers.models import PaperRevision, PaperStatus, PositionPaper
from advocacy.pagecache import cached_page

bp = Blueprint("papers", __name__, url_prefix="/papers")

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def visible_paper_or_404(paper_id: int, *, texts: bool = False) -> PositionPaper:
    """The paper, if the current user may see it; 404 otherwise (even if it exists).

    ``texts``: every revision's text is read at once (``services.get_paper``).
    """
    paper = services.get_paper(paper_id, texts=texts)
    if paper is None or not can("view", paper):
        abort(404)
    return paper


def _paper_list():
    """The paper list's filter form, filters and order from the query string: for the
    page and its export alike."""
    form = PaperFilterForm(request.args)
    form.validate()
    filters = services.PaperFilters(
        q=form.q.data or "",
        status="" if form.status.errors else (form.status.data or ""),
        hearing="" if form.hearing.errors else (form.hearing.data or ""),
        is_waiting=bool(form.waiting.data),
        responsible=current_user.id if form.mine.data else None)
    order = services.paper_sorting(current_user).parse(request.args.get("sort"))
    return form, filters, order


@bp.route("/", endpoint="list")
@cached_page
def list_papers():
    form, filters, order = _paper_list()
    page = db.paginate(services.paper_list_query(current_user, filters, order),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    ids = [p.id for p in page.items]
    return render_template("papers/list.html", page=page, form=form, order=order,
                           summaries=services.signing_summaries(ids),
                           own_deadlines=services.own_deadlines(current_user, ids),
                           is_filtered=any(vars(filters).values()))


@dataclass(frozen=True)
class _PaperExtras:
    """What the paper list looks up for a batch of papers."""

    summaries: dict[int, tuple[int, int]]
    own_deadlines: dict[int, date]

    def deadline(self, paper: PositionPaper):
        """The deadline the list shows: the hearing's, else the paper's own."""
        return paper.hearing.deadline_at if paper.hearing else self.own_deadlines.get(paper.id)

    def signed(self, paper: PositionPaper) -> int:
        return self.summaries.get(paper.id, (0, 0))[0]

    def invited(self, paper: PositionPaper) -> int:
        return self.summaries.get(paper.id, (0, 0))[1]


#: The paper list's export; a row's extra is its batch's ``_PaperExtras``.
PAPER_COLUMNS = [
    exports.Column(_l("Tittel"), lambda r: r.item.title, width=50),
    exports.Column(_l("Høring"), lambda r: r.item.hearing.title if r.item.hearing else None,
                   width=40),
    exports.Column(_l("Frist"), lambda r: r.extra.deadline(r.item), exports.DATE, 12),
    exports.Column(_l("Status"), lambda r: r.item.status_label, width=14),
    exports.Column(_l("Medsignert"), lambda r: r.extra.signed(r.item), exports.NUMBER, 12),
    exports.Column(_l("Invitert"), lambda r: r.extra.invited(r.item), exports.NUMBER, 10),
    exports.Column(_l("Ansvarlig"), lambda r: r.item.responsible.name if r.item.responsible
                   else None, width=24),
    exports.Column(_l("Sist endret"), lambda r: r.item.updated_at, exports.DATETIME, 17),
]


@bp.route(f"/export.<{exports.FORMAT_CONVERTER}:fmt>", endpoint="export")
def export_papers(fmt: str):
    _form, filters, order = _paper_list()

    def extras(batch) -> _PaperExtras:
        ids = [p.id for p in batch]
        return _PaperExtras(services.signing_summaries(ids),
                            services.own_deadlines(current_user, ids))

    rows = exports.with_extras(services.paper_list_query(current_user, filters, order), extras)
    return exports.download(exports.Table(_("Uttalelser"), PAPER_COLUMNS, rows), fmt)


@bp.route("/new", methods=["GET", "POST"], endpoint="add")
@requires("edit")
def add():
    form = _paper_form()
    del form.status
    if request.method == "GET":
        form.responsible_id.data = current_user.id
        form.language.data = i18n.current()
        hearing_id = request.args.get("hearing", type=int)
        hearing = db.session.get(Hearing, hearing_id) if hearing_id else None
        if hearing is not None:
            form.hearing_id.data = hearing.id
            form.title.data = _("Høringsuttalelse: %(title)s", title=hearing.title)
            form.recipient.data = hearing.issuer
            form.their_reference.data = hearing.reference or ""
            form.condition_ids.choose(hearing.conditions)
    if not picker_search_requested(form) and form.validate_on_submit():
        # The starting sections are written in the letter's language.
        paper = services.create_paper(title=form.title.data, author=current_user,
                                      language=form.language.data or i18n.current())
        _fill_paper(paper, form)
        db.session.commit()
        flash(_("Uttalelsen er opprettet. Skriv teksten under «Rediger tekst»."), "success")
        return redirect(url_for(".detail", paper_id=paper.id))
    return render_form("papers/form.html", form=form, paper=None)


@bp.route("/<int:paper_id>", endpoint="detail")
@cached_page
def detail(paper_id: int):
    from advocacy.papers.comment_views import open_comment_count  # it imports this module

    paper = visible_paper_or_404(paper_id)
    signed, invited = services.signing_summary(paper)
    return render_template("papers/detail.html", paper=paper, render_markdown=_render_markdown,
                           signed=signed, invited=invited, form=ConfirmForm(),
                           comment_count=open_comment_count(paper, current_user),
                           statuses=list(PaperStatus), panels=panels.for_page("paper", paper))


@bp.route("/<int:paper_id>/edit", methods=["GET", "POST"], endpoint="edit")
def edit(paper_id: int):
    paper = visible_paper_or_404(paper_id)
    require("edit", paper)
    form = _paper_form(obj=paper)
    if request.method == "GET":
        form.hearing_id.data = paper.hearing_id or 0
        form.responsible_id.data = paper.responsible_id or 0
        form.condition_ids.choose(paper.conditions)
        form.measure_ids.choose(paper.measures)
    if not picker_search_requested(form) and form.validate_on_submit():
        try:
            services.set_status(paper, form.status.data)
        except ValueError as error:
            form.status.errors.append(str(error))
        else:
            try:
                _fill_paper(paper, form)
                refusal = _save_title(paper, form.title.data)
                if refusal is None:
                    db.session.commit()
            except OperationalError:
                current_app.logger.warning("saving paper %s failed", paper_id, exc_info=True)
                db.session.rollback()
                form.form_errors.append(_(
                    "Endringene ble ikke lagret fordi databasen var opptatt med en annen "
                    "lagring. Ingenting er tapt: det du skrev, står i skjemaet. Trykk «Lagre» "
                    "igjen."))
                return render_template("papers/form.html", form=form, paper=paper), 503
            if refusal is not None:
                # Nothing is changed; the form keeps what was typed.
                db.session.rollback()
                form.title.errors.append(refusal)
                return render_template("papers/form.html", form=form, paper=paper), 409
            flash(_("Endringene er lagret."), "success")
            return redirect(url_for(".detail", paper_id=paper.id))
    return render_form("papers/form.html", form=form, paper=paper)


def _save_title(paper: PositionPaper, title: str) -> str | None:
    """Save a changed title as a new revision of the text; why not, if it cannot be saved."""
    current = paper.current
    if title.strip() == current.title:
        return None
    try:
        result = services.save_revision(paper, title=title, sections=current.sections,
                                        author=current_user, base_number=current.number)
    except services.PaperLocked:
        if paper.status == PaperStatus.SUBMITTED:
            return _("Uttalelsen er sendt inn, så tittelen kan ikke lenger endres.")
        return _("Tittelen er en del av teksten, og teksten kan ikke endres når uttalelsen er "
                 "endelig. Behold den gamle tittelen, eller velg status «Utkast» eller «Til "
                 "medsignering» for å endre den.")
    if isinstance(result, services.Conflict):
        return _("Noen andre lagret en ny versjon av teksten (versjon %(number)d) mens du "
                 "redigerte. Ingenting er lagret ennå. Trykk «Lagre» igjen for å lagre "
                 "endringene dine.", number=result.theirs.number)
    return None


@bp.route("/<int:paper_id>/text", methods=["GET", "POST"], endpoint="text")
def edit_text(paper_id: int):
    paper = visible_paper_or_404(paper_id)
    require("edit", paper)
    if paper.is_locked and request.method == "GET":
        flash(_("Uttalelsen er endelig; teksten kan ikke lenger endres."), "error")
        return redirect(url_for(".detail", paper_id=paper.id))
    current = paper.current
    if request.method == "GET":
        form = TextForm(data={"title": current.title, "sections": current.sections,
                              "base_number": current.number})
        return render_template("papers/text.html", form=form, paper=paper)
    formdata, unread = _text_formdata(current)
    form = TextForm(formdata=formdata)
    if paper.is_locked:
        return _text_not_saved(paper, form, LOCKED_NOTICE, 409)
    action = request.form.get("action", "save")
    if action != "save":
        # Add, remove or move a section: show the form again, nothing saved, nothing lost.
        sections = _rearranged([dict(s) for s in form.sections.data], action)
        form = TextForm(formdata=None, data={"title": form.title.data, "sections": sections,
                                             "base_number": form.base_number.data})
        return render_template("papers/text.html", form=form, paper=paper)
    if not _validate_text(form, unread):
        return render_form("papers/text.html", form=form, paper=paper)
    base = parse_int(form.base_number.data, minimum=1)
    try:
        result = services.save_revision(paper, title=form.title.data,
                                        sections=[dict(s) for s in form.sections.data],
                                        author=current_user, base_number=base)
        if not isinstance(result, services.Conflict):
            db.session.commit()
    except services.PaperLocked:
        db.session.rollback()
        return _text_not_saved(paper, form, LOCKED_NOTICE, 409)
    except OperationalError:
        # SQLite answers "database is locked" when another save held it for too long.
        db.session.rollback()
        current_app.logger.warning("saving the text of paper %s failed", paper_id,
                                   exc_info=True)
        response = _text_not_saved(paper, form, BUSY_NOTICE, 503)
        response.headers["Retry-After"] = "2"
        return response
    if isinstance(result, services.Conflict):
        db.session.rollback()
        form = TextForm(formdata=None, data={"title": result.mine_title,
                                             "sections": result.mine_sections,
                                             "base_number": result.theirs.number})
        return render_template(
            "papers/conflict.html", paper=paper, form=form, theirs=result.theirs,
            text_changes=textdiff.compare(result.theirs.title, result.theirs.sections,
                                          result.mine_title, result.mine_sections)), 409
    flash(_("Teksten er lagret som versjon %(number)d.", number=result.number) if result
          else _("Ingen endringer å lagre."), "success")
    return redirect(url_for(".detail", paper_id=paper.id))


def _validate_text(form: TextForm, unread: list[str]) -> bool:
    """Validate the text form; a body whose editor HTML was too large is an error too."""
    valid = form.validate()
    for entry in form.sections:
        if entry.form.body.name in unread:
            entry.form.body.errors = [*entry.form.body.errors, _(
                "Teksten i denne delen hadde for mye formatering til å kunne leses. Den står "
                "nå som ren tekst. Se over den og lagre igjen.")]
            valid = False
    if not valid and not form.sections.errors:
        # The list's errors were gathered in validate(): gather them again.
        form.sections.errors = [entry.errors for entry in form.sections.entries]
    return valid


LOCKED_NOTICE = _l("Uttalelsen er endelig eller sendt inn, så teksten kan ikke lenger endres. "
                   "Teksten din er ikke lagret, men den står i skjemaet under, så du kan "
                   "kopiere den.")
BUSY_NOTICE = _l("Teksten ble ikke lagret fordi databasen var opptatt med en annen lagring. "
                 "Ingenting er tapt: teksten din står i skjemaet under. Trykk «Lagre ny "
                 "versjon» igjen.")


def _text_not_saved(paper: PositionPaper, form: TextForm, notice, status: int) -> Response:
    """The text page again with what the editor sent, and why it was not saved."""
    return make_response(render_template("papers/text.html", form=form, paper=paper,
                                         notice=notice), status)


def _rearranged(sections: list[dict], action: str) -> list[dict]:
    """Apply ``add``, ``remove-N``, ``up-N`` or ``down-N`` to the sections."""
    name, _sep, index_text = action.partition("-")
    if name == "add":
        return sections + [{"heading": "", "body": ""}]
    i = parse_int(index_text, minimum=0)
    if i is None or i >= len(sections):
        return sections
    if name == "remove" and len(sections) > 1:
        del sections[i]
    elif name == "up" and i > 0:
        sections[i - 1], sections[i] = sections[i], sections[i - 1]
    elif name == "down" and i < len(sections) - 1:
        sections[i + 1], sections[i] = sections[i], sections[i + 1]
    return sections


@bp.route("/<int:paper_id>.docx", endpoint="docx")
@cached_page
def download_docx(paper_id: int):
    paper = visible_paper_or_404(paper_id)
    response = Response(export.paper_docx(paper), mimetype=DOCX_MIMETYPE)
    response.headers["Content-Disposition"] = \
        export.content_disposition(export.docx_filename(paper))
    return response


@bp.route("/<int:paper_id>.pdf", endpoint="pdf")
@cached_page
def download_pdf(paper_id: int):
    paper = visible_paper_or_404(paper_id)
    try:
        data = pdf.docx_to_pdf(export.paper_docx(paper))
    except pdf.PdfUnavailable as error:
        return render_template("papers/pdf_unavailable.html", paper=paper,
                               reason=str(error)), 503
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = \
        export.content_disposition(export.download_name(paper, "pdf"))
    return response


@bp.route("/<int:paper_id>/delete", methods=["GET", "POST"], endpoint="delete")
def delete(paper_id: int):
    paper = visible_paper_or_404(paper_id)
    require("edit", paper)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = paper.title
        db.session.delete(paper)
        db.session.commit()
        flash(_("Uttalelsen «%(title)s» er slettet.", title=title), "success")
        return redirect(url_for(".list"))
    return render_template("papers/delete.html", paper=paper, form=form)


def _render_markdown(body: str):
    return markdown.to_html(markdown.parse(body))


@bp.app_template_global("render_body")
def render_body(body: str) -> str:
    """A section body as HTML for the editor to start from (a plain string: it is put in
    an attribute, so Jinja escapes it there)."""
    return str(markdown.to_html(markdown.parse(body), heading_level=3))


@bp.app_template_filter("paper_html")
def paper_html(body: str):
    """A section body as formatted, escaped HTML."""
    return markdown.to_html(markdown.parse(body or ""))


@bp.app_template_global("editor_texts")
def editor_texts() -> dict[str, str]:
    """What static/editor.js says, in the page's language; ``%(number)d`` and
    ``%(heading)s`` are filled in by the script."""
    return {
        "toolbar": _("Formatering"), "bold": _("Fet"), "italic": _("Kursiv"),
        "bullets": _("Punktliste"), "numbers": _("Nummerert liste"), "link": _("Lenke"),
        "heading": _("Underoverskrift"),
        "linkPrompt": _("Lenkeadresse (https://… eller mailto:…). Tom adresse fjerner lenken."),
        "linkInvalid": _("Lenken må begynne med https://, http:// eller mailto:."),
        "legend": _("Del %(number)d"), "legendHeading": _("Del %(number)d: %(heading)s"),
        "added": _("Del %(number)d er lagt til."), "removed": _("Del %(number)d er fjernet."),
        "moved": _("Delen er nå del %(number)d."),
    }


#: Editor HTML larger than this is refused before it is read (a section holds at most
#: MAX_SECTION_CHARS of text; markup around it is rarely more than a few times that).
MAX_EDITOR_HTML = 10 * MAX_SECTION_CHARS


def _text_formdata(base: PaperRevision | None):
    """The posted text form, with editor HTML turned into the Markdown subset, and the
    names of the bodies whose HTML was too large to read.

    A body whose meaning is that of the base revision's body at the same place keeps the
    stored text, so opening the editor and saving changes nothing. HTML beyond what any
    section holds is not read: its text comes back unformatted, with a message."""
    formdata = request.form.copy()
    unread: list[str] = []
    if formdata.get("text_format") != "html":
        return formdata, unread
    old_bodies = [s.get("body", "") for s in base.sections] if base else []
    for key in list(formdata):
        match = _BODY_KEY.fullmatch(key)
        if not match:
            continue
        html = formdata[key]
        if len(html) > MAX_EDITOR_HTML:
            formdata[key] = " ".join(nh3.clean(html, tags=set()).split())
            unread.append(key)
            continue
        text = markdown.to_markdown(markdown.from_html(html))
        index = int(match.group(1))
        if index < len(old_bodies) and _same_meaning(old_bodies[index], text):
            text = old_bodies[index]
        formdata[key] = text
    formdata["text_format"] = "markdown"
    return formdata, unread


_BODY_KEY = re.compile(r"sections-(\d{1,4})-body")


def _same_meaning(stored: str, text: str) -> bool:
    """Whether two bodies say the same once written by the editor. Where a numbered list
    starts is left out: the editor cannot keep it, and an untouched section must not
    change (and make signatures stale) for that."""
    def meaning(body: str) -> list:
        return [markdown.ListBlock(b.is_ordered, b.items) if isinstance(b, markdown.ListBlock)
                else b for b in markdown.parse(body)]
    return meaning(markdown.to_markdown(markdown.parse(stored))) == meaning(text)


def _paper_form(**kwargs) -> PaperForm:
    hearings = db.session.execute(select(Hearing.id, Hearing.title)
                                  .order_by(Hearing.deadline_at.desc())).all()
    return PaperForm(hearings=[tuple(h) for h in hearings],
                     responsible_choices=condition_services.responsible_choices(), **kwargs)


def _fill_paper(paper: PositionPaper, form: PaperForm) -> None:
    paper.hearing_id = form.hearing_id.data or None
    paper.recipient = (form.recipient.data or "").strip()
    paper.our_reference = (form.our_reference.data or "").strip()
    paper.their_reference = (form.their_reference.data or "").strip()
    paper.is_exempt = bool(form.is_exempt.data)
    paper.exemption_basis = (form.exemption_basis.data or "").strip() if paper.is_exempt else ""
    paper.responsible_id = form.responsible_id.data or None
    paper.caseworker_phone = (form.caseworker_phone.data or "").strip()
    paper.signatory_name = (form.signatory_name.data or "").strip()
    paper.signatory_title = (form.signatory_title.data or "").strip()
    paper.language = form.language.data or paper.language
    # The pickers loaded the chosen rows when they checked that they exist.
    paper.conditions = form.condition_ids.chosen
    paper.measures = form.measure_ids.chosen


@bp.route("/from-hearing/<int:hearing_id>", methods=["POST"], endpoint="from_hearing")
@requires("edit")
def from_hearing(hearing_id: int):
    """"Skriv høringsuttalelse" on a hearing: a draft filled in from it, opened for writing."""
    hearing = db.get_or_404(Hearing, hearing_id)
    paper = services.draft_for_hearing(hearing, current_user)
    db.session.commit()
    flash(_("Uttalelsen til høringen er opprettet. Mottaker, saksnummer, rammebetingelser og "
            "tiltak er hentet fra høringen."), "success")
    return redirect(url_for(".text", paper_id=paper.id))
