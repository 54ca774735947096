"""Pages for framework conditions, their links to measures, and the ranking."""

from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from advocacy import exports, panels, picker_search, timeline
from advocacy.auth.permissions import requires
from advocacy.conditions import services
from advocacy.conditions.forms import (
    CONDITION_PICKER,
    MEASURE_PICKER,
    PICKER_LIMIT,
    ConditionFilterForm,
    ConditionForm,
    LinkConditionForm,
    LinkForm,
    LinkMeasureForm,
    PickerKind,
    picker_search_requested,
)
from advocacy.conditions.models import Dependency, FrameworkCondition
from advocacy.conditions.ranking import GOAL_WEIGHT
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, options, render_form
from advocacy.plan import services as plan_services
from advocacy.plan.models import Measure
from advocacy.pagecache import cached_page

bp = Blueprint("conditions", __name__)

#: The sections of the two pages that show links (their ids, not text).
_MEASURE_LINKS = "#rammebetingelser"  # i18n: not ui
_CONDITION_LINKS = "#tiltak"  # i18n: not ui


def _condition_or_404(condition_id: int) -> FrameworkCondition:
    return services.get_condition(condition_id) or abort(404)


def _condition_list():
    """The condition list's filter form, filters and order from the query string: for the
    page and its export alike."""
    goals, themes = plan_services.goals_and_themes()
    form = ConditionFilterForm(request.args)
    form.owner.choices += options((o, o) for o in services.owner_bodies())
    form.goal.choices += options((g.id, g.title) for g in goals)
    form.theme.choices += options((t.id, t.title) for t in themes)
    form.validate()
    filters = services.ConditionFilters(
        q=form.q.data or "",
        **{name: getattr(form, name).data or "" for name in ("kind", "owner", "priority", "status")
           if not getattr(form, name).errors},
        goal=form.goal.data if not form.goal.errors else None,
        theme=form.theme.data if not form.theme.errors else None,
        responsible=current_user.id if form.mine.data else None,
    )
    order = services.CONDITION_SORT.parse(request.args.get("sort"))
    return form, filters, order


@bp.route("/conditions/", endpoint="list")
@cached_page
def list_conditions():
    form, filters, order = _condition_list()
    page = db.paginate(services.condition_query(filters, order),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    counts = services.link_counts([c.id for c in page.items])
    is_filtered = any(v for v in vars(filters).values())
    return render_template("conditions/list.html", form=form, page=page, counts=counts,
                           is_filtered=is_filtered, order=order)


#: The condition list's export; a row's extra is its batch's ``link_counts``.
CONDITION_COLUMNS = [
    exports.Column(_l("Tittel"), lambda r: r.item.title, width=50),
    exports.Column(_l("Type"), lambda r: r.item.kind_label, width=22),
    exports.Column(_l("Eier"), lambda r: r.item.owner_body, width=32),
    exports.Column(_l("Prioritet"), lambda r: r.item.priority_label, width=11),
    exports.Column(_l("Status"), lambda r: r.item.status_label, width=16),
    exports.Column(_l("Hindrer / nødvendig for"),
                   lambda r: r.extra[r.item.id]["hinders"] + r.extra[r.item.id]["required"],
                   exports.NUMBER, 14),
    exports.Column(_l("Fremmer"), lambda r: r.extra[r.item.id]["enables"], exports.NUMBER, 10),
    exports.Column(_l("Ansvarlig"), lambda r: r.item.responsible.name if r.item.responsible
                   else None, width=24),
    exports.Column(_l("Vårt standpunkt"), lambda r: r.item.our_position, width=60),
    exports.Column(_l("Sist endret"), lambda r: r.item.updated_at, exports.DATETIME, 17),
]


@bp.route(f"/conditions/export.<{exports.FORMAT_CONVERTER}:fmt>", endpoint="export")
def export_conditions(fmt: str):
    _form, filters, order = _condition_list()
    rows = exports.with_extras(services.condition_query(filters, order),
                               lambda batch: services.link_counts([c.id for c in batch]))
    return exports.download(exports.Table(_("Rammebetingelser"), CONDITION_COLUMNS, rows), fmt)


@bp.route("/conditions/ranking")
@cached_page
def ranking():
    page = db.paginate(services.ranking_query(), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    first = (page.page - 1) * page.per_page + 1
    return render_template("conditions/ranking.html", page=page,
                           ranking=services.ranked(page.items, first), goal_weight=GOAL_WEIGHT)


#: The ranking's export; a row is a ``RankedCondition``.
RANKING_COLUMNS = [
    exports.Column(_l("Plass"), lambda r: r.place, exports.NUMBER, 7),
    exports.Column(_l("Rammebetingelse"), lambda r: r.condition.title, width=50),
    exports.Column(_l("Prioritet"), lambda r: r.condition.priority_label, width=11),
    exports.Column(_l("Eier"), lambda r: r.condition.owner_body, width=32),
    exports.Column(_l("Styrkepoeng"), lambda r: r.score.strength_points, exports.NUMBER, 12),
    exports.Column(_l("Tiltak holdt tilbake"), lambda r: r.score.measures, exports.NUMBER, 12),
    exports.Column(_l("Mål berørt"), lambda r: r.score.goals, exports.NUMBER, 10),
    exports.Column(_l("Bredde"), lambda r: r.score.breadth, exports.NUMBER, 8),
    exports.Column(_l("Poeng"), lambda r: r.score.total, exports.NUMBER, 8),
]


@bp.route(f"/conditions/ranking/export.<{exports.FORMAT_CONVERTER}:fmt>",
          endpoint="ranking_export")
def export_ranking(fmt: str):
    def rows():
        place = 1
        for batch in exports.batches(services.ranking_query()):
            yield from services.ranked(batch, place)
            place += len(batch)

    return exports.download(exports.Table(_("Rangering av rammebetingelser"), RANKING_COLUMNS,
                                          rows()), fmt)


@bp.route("/conditions/new", methods=["GET", "POST"])
@requires("edit")
def add():
    form = ConditionForm(responsible_choices=services.responsible_choices())
    if not picker_search_requested(form) and form.validate_on_submit():
        condition = FrameworkCondition()
        _fill_condition(condition, form)
        db.session.add(condition)
        db.session.commit()
        flash(_("Rammebetingelsen «%(title)s» er lagret.", title=condition.title), "success")
        return redirect(url_for(".detail", condition_id=condition.id))
    return render_form("conditions/form.html", form=form, condition=None)


@bp.route("/conditions/<int:condition_id>")
@cached_page
def detail(condition_id: int):
    condition = _condition_or_404(condition_id)
    link_form = LinkMeasureForm()
    return render_template(
        "conditions/detail.html",
        panels=panels.for_page("condition", condition),
        condition=condition,
        groups=services.dependencies_by_goal(condition.dependencies),
        score=condition.score,
        link_form=link_form,
        goal_weight=GOAL_WEIGHT,
    )


@bp.route("/conditions/<int:condition_id>/tidslinje", endpoint="timeline")
def condition_timeline(condition_id: int):
    """Everything that happened to the condition, newest first, for a new adviser."""
    condition = db.get_or_404(FrameworkCondition, condition_id)
    events = timeline.events_for("condition", condition)
    return render_template("conditions/timeline.html", condition=condition,
                           years=timeline.by_year(events), limit=timeline.LIMIT,
                           is_cut=len(events) >= timeline.LIMIT)


@bp.route("/conditions/<int:condition_id>/edit", methods=["GET", "POST"])
@requires("edit")
def edit(condition_id: int):
    condition = db.get_or_404(FrameworkCondition, condition_id)
    form = ConditionForm(obj=condition, condition_id=condition.id,
                         responsible_choices=services.responsible_choices())
    if request.method == "GET":
        form.responsible_id.data = condition.responsible_id or 0
    if not picker_search_requested(form) and form.validate_on_submit():
        _fill_condition(condition, form)
        db.session.commit()
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for(".detail", condition_id=condition.id))
    return render_form("conditions/form.html", form=form, condition=condition)


@bp.route("/conditions/<int:condition_id>/delete", methods=["GET", "POST"])
@requires("edit")
def delete(condition_id: int):
    condition = db.get_or_404(FrameworkCondition, condition_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = condition.title
        for link in condition.dependencies:  # deleted one by one, so each is audited
            db.session.delete(link)
        db.session.delete(condition)
        db.session.commit()
        flash(_("Rammebetingelsen «%(title)s» og koblingene til tiltak er slettet. "
                "Tiltakene er beholdt.", title=title), "success")
        return redirect(url_for(".list"))
    links = len(condition.dependencies)
    return render_template("conditions/delete.html", condition=condition, form=form, links=links)


@bp.route("/conditions/<int:condition_id>/links/new", methods=["GET", "POST"])
@requires("edit")
def link_measure(condition_id: int):
    condition = db.get_or_404(FrameworkCondition, condition_id)
    form = LinkMeasureForm()
    if not picker_search_requested(form) and form.validate_on_submit():
        measure = form.measure_id.chosen[0]
        if _add_link(measure, condition, form):
            return redirect(url_for(".detail", condition_id=condition.id) + _CONDITION_LINKS)
    return render_form("conditions/link.html", form=form, condition=condition, measure=None,
                        cancel_url=url_for(".detail", condition_id=condition.id))


@bp.route("/measures/<int:measure_id>/links/new", methods=["GET", "POST"])
@requires("edit")
def link_condition(measure_id: int):
    measure = db.get_or_404(Measure, measure_id)
    form = LinkConditionForm()
    if not picker_search_requested(form) and form.validate_on_submit():
        condition = form.condition_id.chosen[0]
        if _add_link(measure, condition, form):
            return redirect(url_for("plan.detail", measure_id=measure.id) + _MEASURE_LINKS)
    return render_form("conditions/link.html", form=form, condition=None, measure=measure,
                        cancel_url=url_for("plan.detail", measure_id=measure.id))


@bp.route("/conditions/search", endpoint="search")
def search_conditions():
    return _search_answer(CONDITION_PICKER)


@bp.route("/measures/search", endpoint="search_measures")
def search_measures():
    return _search_answer(MEASURE_PICKER)


def _search_answer(kind: PickerKind):
    """The first matches for ``?q=``: JSON for the picker's script, else a page of links."""
    query = request.args.get("q", "").strip()

    def link(row) -> str:
        endpoint, args = kind.detail(row)
        return url_for(endpoint, **args)

    return picker_search.answer(
        query, kind.search(query, PICKER_LIMIT + 1), PICKER_LIMIT, title=kind.search_label,
        field_label=_("Ord fra tittelen"), label=lambda row: row.title, hint=kind.hint, link=link,
        active="conditions" if kind is CONDITION_PICKER else "measures")


@bp.route("/links/<int:link_id>/edit", methods=["GET", "POST"])
@requires("edit")
def edit_link(link_id: int):
    link = db.get_or_404(Dependency, link_id)
    form = LinkForm(obj=link)
    if form.validate_on_submit():
        form.populate_obj(link)
        db.session.commit()
        flash(_("Koblingen er oppdatert."), "success")
        return redirect(_back_to(link))
    return render_form("conditions/link_edit.html", form=form, link=link,
                        cancel_url=_back_to(link))


@bp.route("/links/<int:link_id>/delete", methods=["GET", "POST"])
@requires("edit")
def delete_link(link_id: int):
    link = db.get_or_404(Dependency, link_id)
    form = ConfirmForm()
    back = _back_to(link)
    if form.validate_on_submit():
        db.session.delete(link)
        db.session.commit()
        flash(_("Koblingen er fjernet."), "success")
        return redirect(back)
    return render_template("conditions/link_delete.html", link=link, form=form, cancel_url=back)


def _back_to(link: Dependency) -> str:
    """Where to go after changing a link: the page it was changed from."""
    if request.args.get("from") == "measure":
        return url_for("plan.detail", measure_id=link.measure_id) + _MEASURE_LINKS
    return url_for(".detail", condition_id=link.condition_id) + _CONDITION_LINKS


def _add_link(measure: Measure, condition: FrameworkCondition, form) -> bool:
    """Add the link the form describes; on a duplicate, put the message on the form."""
    try:
        services.add_link(measure, condition, effect=form.effect.data,
                          strength=form.strength.data, note=form.note.data)
    except services.DuplicateLink:
        db.session.rollback()
        message = _("«%(measure)s» er allerede koblet til «%(condition)s». "
                    "Endre den eksisterende koblingen i stedet.",
                    measure=measure.title, condition=condition.title)
        (form.measure_id if hasattr(form, "measure_id") else form.condition_id).errors.append(message)
        return False
    db.session.commit()
    flash(_("«%(measure)s» er koblet til «%(condition)s».", measure=measure.title,
            condition=condition.title), "success")
    return True


def _fill_condition(condition: FrameworkCondition, form: ConditionForm) -> None:
    form.populate_obj(condition)
    condition.title = condition.title.strip()
    # The picker loaded the chosen body when it checked that it exists.
    condition.set_owner(form.owner_body_id.chosen[0])
    condition.responsible_id = form.responsible_id.data or None
    condition.lovdata_id = form.lovdata_id.data or None
