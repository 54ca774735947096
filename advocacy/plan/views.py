"""Pages for the plan's measures.

The sections other domains add to a measure's page (its conditions, its hearings) and the
columns they add to the list (its number of conditions) come through ``advocacy.panels``.
"""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from advocacy import exports, panels
from advocacy.auth.permissions import requires
from advocacy.extensions import db
from advocacy.forms import options, render_form
from advocacy.plan import services
from advocacy.plan.forms import MeasureFilterForm, MeasureForm
from advocacy.plan.models import Measure, Theme
from advocacy.pagecache import cached_page

bp = Blueprint("plan", __name__)


def _measure_list():
    """The measure list's filter form, filters and order from the query string: for the
    page and its export alike."""
    goals, themes = services.goals_and_themes()
    form = MeasureFilterForm(request.args)
    form.goal.choices += options((g.id, g.title) for g in goals)
    form.theme.choices += options((t.id, t.title) for t in themes)
    form.validate()
    filters = services.MeasureFilters(
        q=form.q.data or "",
        goal=None if form.goal.errors else form.goal.data,
        theme=None if form.theme.errors else form.theme.data,
        status="" if form.status.errors else (form.status.data or ""),
    )
    order = services.MEASURE_SORT.parse(request.args.get("sort"))
    return form, filters, order


@bp.route("/measures/", endpoint="list")
def list_measures():
    form, filters, order = _measure_list()
    page = db.paginate(services.measure_query(filters, order),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    columns = panels.columns_for("measures", [m.id for m in page.items])
    groups = [(goal, list(rows)) for goal, rows in groupby(page.items, key=lambda m: m.goal)]
    is_filtered = any(v for v in vars(filters).values())
    return render_template("plan/list.html", form=form, page=page, groups=groups,
                           columns=columns, is_filtered=is_filtered, order=order)


#: The measure list's export; a row's extra is its batch's ``panels.columns_for``, the
#: columns other domains add (the number of conditions), which follow these.
MEASURE_COLUMNS = [
    exports.Column(_l("Utviklingsmål"), lambda r: r.item.goal.title, width=36),
    exports.Column(_l("Tiltak"), lambda r: r.item.title, width=50),
    exports.Column(_l("Temaer"), lambda r: ", ".join(t.title for t in r.item.themes), width=30),
    exports.Column(_l("Ansvarlig"), lambda r: r.item.owner or None, width=24),
    exports.Column(_l("Status"), lambda r: str(r.item.status_label), width=14),
]


def _panel_column(index: int, column: panels.ListColumn) -> exports.Column:
    return exports.Column(
        column.heading, lambda r: r.extra[index].value(r.item.id, None),
        exports.NUMBER if column.css_class == "num" else exports.TEXT, 14)


@bp.route(f"/measures/export.<{exports.FORMAT_CONVERTER}:fmt>", endpoint="export")
def export_measures(fmt: str):
    _form, filters, order = _measure_list()
    added = [_panel_column(i, c) for i, c in enumerate(panels.columns_for("measures", []))]
    rows = exports.with_extras(services.measure_query(filters, order),
                               lambda batch: panels.columns_for("measures",
                                                                [m.id for m in batch]))
    return exports.download(exports.Table(_("Tiltak"), MEASURE_COLUMNS + added, rows), fmt)


@bp.route("/measures/<int:measure_id>", endpoint="detail")
@cached_page
def detail(measure_id: int):
    measure = services.get_measure(measure_id) or abort(404)
    return render_template("plan/detail.html", measure=measure,
                           panels=panels.for_page("measure", measure))


@bp.route("/measures/new", methods=["GET", "POST"], endpoint="add")
@requires("edit")
def add():
    goals, themes = services.goals_and_themes()
    form = MeasureForm(goals=goals, themes=themes)
    if form.validate_on_submit():
        measure = Measure()
        _fill_measure(measure, form, themes)
        db.session.add(measure)
        db.session.commit()
        flash(_("Tiltaket «%(title)s» er lagret.", title=measure.title), "success")
        return redirect(url_for(".detail", measure_id=measure.id))
    return render_form("plan/form.html", form=form, measure=None)


@bp.route("/measures/<int:measure_id>/edit", methods=["GET", "POST"], endpoint="edit")
@requires("edit")
def edit(measure_id: int):
    measure = services.get_measure(measure_id) or abort(404)
    goals, themes = services.goals_and_themes()
    form = MeasureForm(obj=measure, measure_id=measure.id, goals=goals, themes=themes)
    if request.method == "GET":
        form.theme_ids.data = [t.id for t in measure.themes]
    if form.validate_on_submit():
        _fill_measure(measure, form, themes)
        db.session.commit()
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for(".detail", measure_id=measure.id))
    return render_form("plan/form.html", form=form, measure=measure)


def _fill_measure(measure: Measure, form: MeasureForm, themes: list[Theme]) -> None:
    measure.title = form.title.data.strip()
    measure.description = form.description.data or ""
    measure.goal_id = form.goal_id.data
    measure.owner = (form.owner.data or "").strip()
    measure.status = form.status.data
    chosen = set(form.theme_ids.data or [])
    measure.themes = [t for t in themes if t.id in chosen]


# The plan consultation's pages are on this blueprint too.
from advocacy.plan import consultation_views  # noqa: E402,F401
