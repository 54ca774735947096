"""Pages of the yearly platform (/platform/): the years, a year's platform, its Word file."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from advocacy import clock
from advocacy.auth.permissions import can, require, requires
from advocacy.conditions.forms import picker_search_requested
from advocacy.exports import content_disposition
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, render_form
from advocacy.papers import markdown
from advocacy.platform import export, services
from advocacy.platform.forms import AddItemForm, ItemTextForm, NewPlatformForm, PlatformTextForm
from advocacy.platform.models import Platform, PlatformItem

bp = Blueprint("platform", __name__, url_prefix="/platform")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def visible_platform_or_404(year: int) -> Platform:
    """The year's platform, if the current user may see it; 404 otherwise."""
    platform = services.get_by_year(year)
    if platform is None or not can("view", platform):
        abort(404)
    return platform


def editable_platform(year: int) -> Platform:
    """The year's platform for a change: 404 unseen, 403 for a reader or when adopted."""
    platform = visible_platform_or_404(year)
    require("edit", platform)
    return platform


def _item_or_404(platform: Platform, item_id: int) -> PlatformItem:
    item = next((i for i in platform.items if i.id == item_id), None)
    if item is None:
        abort(404)
    return item


@bp.route("/", endpoint="list")
def list_platforms():
    platforms = db.session.scalars(services.list_query(current_user)).all()
    return render_template("platform/list.html", platforms=platforms)


@bp.route("/ny", methods=["GET", "POST"], endpoint="add")  # i18n: not ui
@requires("edit")
def add():
    form = NewPlatformForm()
    if request.method == "GET":
        form.year.data = clock.today().year + 1
    if form.validate_on_submit():
        try:
            platform = services.create_draft(form.year.data, form.kind.data, form.title.data or "",
                                             form.introduction.data or "")
        except services.PlatformError as error:
            form.year.errors = [*form.year.errors, str(error)]
        else:
            db.session.commit()
            flash(ngettext("Utkastet til %(title)s er laget med %(num)d sak fra rangeringen.",
                           "Utkastet til %(title)s er laget med %(num)d saker fra rangeringen.",
                           len(platform.items), title=platform.title), "success")
            return redirect(url_for(".detail", year=platform.year))
    return render_form("platform/new.html", form=form, draft_items=services.DRAFT_ITEMS)


@bp.route("/<int:year>", endpoint="detail")
def detail(year: int):
    platform = visible_platform_or_404(year)
    return render_template("platform/detail.html", platform=platform,
                           view=services.platform_view(platform), form=ConfirmForm(),
                           render_markdown=_render_markdown,
                           backing_summary=export.backing_summary)


def _render_markdown(text: str):
    return markdown.to_html(markdown.parse(text))


@bp.route("/nr/<int:platform_id>", endpoint="detail_by_id")
def detail_by_id(platform_id: int):
    """The change log links a platform by its id."""
    platform = db.session.get(Platform, platform_id)
    if platform is None or not can("view", platform):
        abort(404)
    return redirect(url_for(".detail", year=platform.year))


@bp.route("/<int:year>.docx", endpoint="docx")
def docx(year: int):
    platform = visible_platform_or_404(year)
    view = services.platform_view(platform)
    day = (platform.adopted_at.astimezone(clock.OSLO).date() if platform.adopted_at
           else clock.today())
    data = export.platform_docx(view, day, is_draft=not platform.is_adopted)
    return data, 200, {"Content-Type": DOCX,
                       "Content-Disposition": content_disposition(export.download_name(view))}


@bp.route("/<int:year>/rediger", methods=["GET", "POST"], endpoint="edit")
def edit(year: int):
    platform = editable_platform(year)
    form = PlatformTextForm(obj=platform)
    if form.validate_on_submit():
        platform.kind = form.kind.data
        platform.title = (form.title.data or "").strip() or services.default_title(
            form.kind.data, platform.year)
        platform.introduction = (form.introduction.data or "").strip()
        db.session.commit()
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for(".detail", year=platform.year))
    return render_form("platform/edit.html", form=form, platform=platform)


@bp.route("/<int:year>/saker/ny", methods=["GET", "POST"], endpoint="add_item")  # i18n: not ui
def add_item(year: int):
    platform = editable_platform(year)
    form = AddItemForm()
    if not picker_search_requested(form) and form.validate_on_submit():
        condition = form.condition_id.chosen[0]
        try:
            services.add_item(platform, condition)
        except services.PlatformError as error:
            form.condition_id.errors = [*form.condition_id.errors, str(error)]
        else:
            db.session.commit()
            flash(_("«%(title)s» er lagt til som sak %(place)s.", title=condition.title,
                    place=len(platform.items)), "success")
            return redirect(url_for(".detail", year=platform.year) + "#saker")
    return render_form("platform/add_item.html", form=form, platform=platform)


@bp.route("/<int:year>/saker/<int:item_id>/tekst", methods=["GET", "POST"],
          endpoint="item_text")
def item_text(year: int, item_id: int):
    platform = editable_platform(year)
    item = _item_or_404(platform, item_id)
    form = ItemTextForm(obj=item)
    if form.validate_on_submit():
        item.own_text = (form.own_text.data or "").strip()
        db.session.commit()
        flash(_("Teksten er lagret."), "success")
        return redirect(url_for(".detail", year=platform.year) + f"#sak-{item.id}")
    return render_form("platform/item_text.html", form=form, platform=platform, item=item)


@bp.route("/<int:year>/saker/<int:item_id>/<any(opp, ned):direction>",  # i18n: not ui
          methods=["POST"], endpoint="move_item")
def move_item(year: int, item_id: int, direction: str):
    platform = editable_platform(year)
    item = _item_or_404(platform, item_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.move_item(platform, item, -1 if direction == "opp" else 1)  # i18n: not ui
    db.session.commit()
    flash(_("«%(title)s» er nå sak %(place)s.", title=item.condition.title,
            place=item.position), "success")
    return redirect(url_for(".detail", year=platform.year) + f"#sak-{item.id}")


@bp.route("/<int:year>/saker/<int:item_id>/fjern", methods=["POST"],  # i18n: not ui
          endpoint="remove_item")
def remove_item(year: int, item_id: int):
    platform = editable_platform(year)
    item = _item_or_404(platform, item_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    title = item.condition.title
    services.remove_item(platform, item)
    db.session.commit()
    flash(_("«%(title)s» er tatt ut av plattformen.", title=title), "success")
    return redirect(url_for(".detail", year=platform.year) + "#saker")


@bp.route("/<int:year>/vedta", methods=["GET", "POST"], endpoint="adopt")
def adopt(year: int):
    platform = editable_platform(year)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.adopt(platform, current_user)
        except services.PlatformError as error:
            flash(str(error), "error")
            return redirect(url_for(".detail", year=platform.year))
        db.session.commit()
        flash(_("%(title)s er vedtatt. Den vises nå slik den ble vedtatt.",
                title=platform.title), "success")
        return redirect(url_for(".detail", year=platform.year))
    return render_template("platform/adopt.html", platform=platform, form=form)
