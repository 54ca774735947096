"""Pages for hearings, their milestones, suggestions and calendar feeds."""

from __future__ import annotations

import gzip
import hashlib
import secrets
from dataclasses import replace
from datetime import timedelta
from itertools import chain

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from advocacy import clock, exports, i18n, pagecache, panels
from advocacy.auth.permissions import requires
from advocacy.conditions import services as condition_services
from advocacy.conditions.forms import picker_search_requested
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, options, render_form
from advocacy.hearings import ical, services
from advocacy.hearings.forms import HearingFilterForm, HearingForm, MilestoneForm
from advocacy.hearings.models import ConditionSuggestion, Hearing, Milestone
from advocacy.hearings.warnings import hearing_warnings
from advocacy.inputs import MAX_PAGE, int_arg
from advocacy.notify.mail import external_url
from advocacy.pagecache import cached_page

bp = Blueprint("hearings", __name__)


def _hearing_list():
    """The hearing list's filter form, filters and the orders of its open and finished
    hearings from the query string: for the page and its export alike."""
    form = HearingFilterForm(request.args)
    form.issuer.choices += options((i, i) for i in services.issuers())
    form.validate()
    filters = services.HearingFilters(
        status="" if form.status.errors else (form.status.data or ""),
        issuer="" if form.issuer.errors else (form.issuer.data or ""),
        condition=None if form.condition.errors else form.condition.data,
        q=form.q.data or "",
        responsible=current_user.id if form.mine.data else None,
        week=None if form.week.errors else getattr(form.week, "monday", None))
    order = services.OPEN_SORT.parse(request.args.get("sort"))
    # The finished ones sort on their own, with their own argument.
    done_order = services.DONE_SORT.parse(request.args.get("ferdig_sort"))
    return form, filters, order, done_order


@bp.route("/hearings/", endpoint="list")
@cached_page
def list_hearings():
    form, filters, order, done_order = _hearing_list()
    per_page = current_app.config["PER_PAGE"]
    # The buckets partition the open hearings: their counts give the page's total, so the
    # open hearings are counted once, not twice.
    counts = services.bucket_counts(filters)
    open_page = db.paginate(services.open_hearings_query(filters, order), per_page=per_page,
                            error_out=False, count=False)
    open_page.total = sum(counts.values())
    # The finished ones page on their own, with their own argument.
    done = db.paginate(services.done_hearings_query(filters, done_order), per_page=per_page,
                       page=int_arg("ferdig", maximum=MAX_PAGE) or 1, error_out=False)
    now = clock.now()
    if order.is_default:
        groups = [(key, [h for h in open_page.items
                         if services.bucket_of(h.deadline_at, now) == key])
                  for key, __ in services.BUCKETS]
        groups = [(key, rows) for key, rows in groups if rows]
    else:  # sorted by another column: one table, the buckets would break its order
        groups = [("all", open_page.items)] if open_page.items else []
    return render_template("hearings/list.html", form=form, open_page=open_page,
                           groups=groups, counts=counts,
                           bucket_titles=dict(services.BUCKETS),
                           done=done, warnings_for=hearing_warnings, order=order,
                           done_order=done_order, filters=filters,
                           is_filtered=any(vars(filters).values()),
                           filter_args=_filter_args(form),
                           # The timeline shows every week, the list's other filters applied.
                           timeline_filters=replace(filters, week=None),
                           week_last=filters.week and filters.week + timedelta(days=6))


def _filter_args(form: HearingFilterForm) -> dict[str, str]:
    """The query string of the filters in use, for links that keep them (not the week:
    the timeline's links set their own)."""
    fields = (form.q, form.status, form.issuer, form.condition, form.mine)
    return {field.name: request.args[field.name] for field in fields
            if request.args.get(field.name) and not field.errors}


#: The hearing list's export: the open hearings, then the finished ones, each in the
#: page's order.
HEARING_COLUMNS = [
    exports.Column(_l("Høring"), lambda h: h.title, width=50),
    exports.Column(_l("Saksnummer"), lambda h: h.reference, width=14),
    exports.Column(_l("Avsender"), lambda h: h.issuer, width=32),
    exports.Column(_l("Publisert"), lambda h: h.published_on, exports.DATE, 12),
    exports.Column(_l("Høringsfrist"), lambda h: h.deadline_at, exports.DATETIME, 17),
    exports.Column(_l("Status"), lambda h: str(h.status_label), width=18),
    exports.Column(_l("Ansvarlig"), lambda h: h.responsible.name if h.responsible else None,
                   width=24),
    exports.Column(_l("Lenke"), lambda h: h.url, width=40),
]


@bp.route(f"/hearings/export.<{exports.FORMAT_CONVERTER}:fmt>", endpoint="export")
def export_hearings(fmt: str):
    __, filters, order, done_order = _hearing_list()

    rows = chain(exports.items(services.open_hearings_query(filters, order)),
                 exports.items(services.done_hearings_query(filters, done_order)))
    return exports.download(exports.Table(_("Høringer"), HEARING_COLUMNS, rows), fmt)


@bp.route("/hearings/new", methods=["GET", "POST"], endpoint="add")
@requires("edit")
def add():
    form = _hearing_form()
    if request.method == "GET":
        form.responsible_id.data = current_user.id
    if not picker_search_requested(form) and form.validate_on_submit():
        hearing = Hearing(source="manual")
        _fill_hearing(hearing, form)
        if form.add_default_milestones.data:
            services.add_default_milestones(hearing)
        db.session.add(hearing)
        db.session.commit()
        flash(_("Høringen «%(title)s» er registrert.", title=hearing.title), "success")
        return redirect(url_for(".detail", hearing_id=hearing.id))
    return render_form("hearings/form.html", form=form, hearing=None)


@bp.route("/hearings/<int:hearing_id>", endpoint="detail")
@cached_page
def detail(hearing_id: int):
    hearing = services.get_hearing(hearing_id) or abort(404)
    return render_template("hearings/detail.html", hearing=hearing,
                           warnings=hearing_warnings(hearing),
                           milestones=sorted(hearing.milestones, key=lambda m: m.due_at),
                           suggestions=[s for s in hearing.suggestions if not s.is_dismissed],
                           is_following=current_user in hearing.followers,
                           is_muted=services.is_muted(hearing, current_user), form=ConfirmForm(),
                           panels=panels.for_page("hearing", hearing))


@bp.route("/hearings/<int:hearing_id>/edit", methods=["GET", "POST"], endpoint="edit")
@requires("edit")
def edit(hearing_id: int):
    hearing = services.get_hearing(hearing_id) or abort(404)
    form = _hearing_form(obj=hearing, original_deadline=hearing.deadline_at)
    del form.add_default_milestones
    if request.method == "GET":
        local = hearing.deadline_at.astimezone(clock.OSLO)
        form.deadline_date.data = local.date()
        form.deadline_time.data = None if local.time() == services.END_OF_DAY else local.time()
        form.responsible_id.data = hearing.responsible_id or 0
        form.condition_ids.choose(hearing.conditions)
        form.measure_ids.choose(hearing.measures)
    if not picker_search_requested(form) and form.validate_on_submit():
        _fill_hearing(hearing, form)
        db.session.commit()
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for(".detail", hearing_id=hearing.id))
    return render_form("hearings/form.html", form=form, hearing=hearing)


@bp.route("/hearings/<int:hearing_id>/delete", methods=["GET", "POST"], endpoint="delete")
@requires("edit")
def delete(hearing_id: int):
    hearing = db.get_or_404(Hearing, hearing_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = hearing.title
        db.session.delete(hearing)
        db.session.commit()
        flash(_("Høringen «%(title)s» er slettet.", title=title), "success")
        return redirect(url_for(".list"))
    return render_template("hearings/delete.html", hearing=hearing, form=form)


@bp.route("/hearings/<int:hearing_id>/follow", methods=["POST"], endpoint="follow")
def follow(hearing_id: int):
    hearing = db.get_or_404(Hearing, hearing_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    following = request.form.get("follow") == "1"
    services.follow(hearing, current_user, following)
    db.session.commit()
    flash(_("Du følger nå høringen.") if following else _("Du følger ikke lenger høringen."),
          "success")
    return redirect(url_for(".detail", hearing_id=hearing.id))


@bp.route("/hearings/<int:hearing_id>/mute", methods=["POST"], endpoint="mute")
def mute(hearing_id: int):
    hearing = db.get_or_404(Hearing, hearing_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    muting = request.form.get("mute") == "1"
    services.mute(hearing, current_user, muting)
    db.session.commit()
    flash(_("Du får ikke påminnelser om denne høringen.") if muting
          else _("Du får påminnelser om denne høringen igjen."), "success")
    return redirect(url_for(".detail", hearing_id=hearing.id))


@bp.route("/hearings/<int:hearing_id>/milestones/new", methods=["GET", "POST"],
          endpoint="add_milestone")
@requires("edit")
def add_milestone(hearing_id: int):
    hearing = db.get_or_404(Hearing, hearing_id)
    form = MilestoneForm()
    if form.validate_on_submit():
        milestone = Milestone(hearing=hearing)
        _fill_milestone(milestone, form)
        db.session.add(milestone)
        db.session.commit()
        flash(_("Internfristen «%(title)s» er lagt til.", title=milestone.title), "success")
        return redirect(url_for(".detail", hearing_id=hearing.id) + "#internfrister")
    return render_form("hearings/milestone_form.html", form=form, hearing=hearing, milestone=None)


@bp.route("/milestones/<int:milestone_id>/edit", methods=["GET", "POST"],
          endpoint="edit_milestone")
@requires("edit")
def edit_milestone(milestone_id: int):
    milestone = db.get_or_404(Milestone, milestone_id)
    form = MilestoneForm(obj=milestone)
    if request.method == "GET":
        form.mode.data = "offset" if milestone.offset_days is not None else "fixed"
        if milestone.fixed_at is not None:
            local = milestone.fixed_at.astimezone(clock.OSLO)
            form.fixed_date.data = local.date()
            form.fixed_time.data = None if local.time() == services.END_OF_DAY else local.time()
    if form.validate_on_submit():
        _fill_milestone(milestone, form)
        db.session.commit()
        flash(_("Internfristen er lagret."), "success")
        return redirect(url_for(".detail", hearing_id=milestone.hearing_id) + "#internfrister")
    return render_form("hearings/milestone_form.html", form=form, hearing=milestone.hearing,
                       milestone=milestone)


@bp.route("/milestones/<int:milestone_id>/delete", methods=["GET", "POST"],
          endpoint="delete_milestone")
@requires("edit")
def delete_milestone(milestone_id: int):
    milestone = db.get_or_404(Milestone, milestone_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        hearing_id = milestone.hearing_id
        db.session.delete(milestone)
        db.session.commit()
        flash(_("Internfristen er fjernet."), "success")
        return redirect(url_for(".detail", hearing_id=hearing_id) + "#internfrister")
    return render_template("hearings/milestone_delete.html", milestone=milestone, form=form)


@bp.route("/suggestions/<int:suggestion_id>/<any(confirm, dismiss):decision>",
          methods=["POST"], endpoint="decide_suggestion")
@requires("edit")
def decide_suggestion(suggestion_id: int, decision: str):
    suggestion = db.get_or_404(ConditionSuggestion, suggestion_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    hearing_id, title = suggestion.hearing_id, suggestion.condition.title
    confirmed = decision == "confirm"
    services.decide_suggestion(suggestion, confirm=confirmed)
    db.session.commit()
    flash(_("«%(title)s» er koblet til høringen.", title=title) if confirmed
          else _("Forslaget «%(title)s» er avvist.", title=title), "success")
    return redirect(url_for(".detail", hearing_id=hearing_id) + "#rammebetingelser")  # i18n: not ui


@bp.route("/hearings/<int:hearing_id>.ics", endpoint="ics")
def hearing_ics(hearing_id: int):
    hearing = services.get_hearing(hearing_id) or abort(404)
    body = ical.render_calendar([hearing], hearing.title, _hearing_link)
    return _ics_response(body, f"hoering-{hearing.id}.ics")


@bp.route("/calendar/<secret>.ics", endpoint="feed")
def calendar_feed(secret: str):
    from advocacy.auth.models import User

    row = db.session.execute(db.select(User, pagecache.generation_column())
                             .where(User.calendar_token == secret)).first()
    if row is None or not row[0].is_active:
        abort(404)
    user, generation = row
    # Events from 30 days back onward; one aggregate query tells whether anything changed,
    # so an unchanged feed costs two queries and no rendering (304, or the cached bytes).
    # While nothing at all has been written (the data generation, advocacy.pagecache),
    # within the minute, this worker's last answer to that query still holds: one query.
    # ``Cache-Control: no-cache`` asks again.
    since = services.calendar_window_start()
    validators = current_app.extensions.setdefault(
        "calendar_validators", ical.FeedCache(current_app.config["CALENDAR_CACHE_ENTRIES"]))
    stamp = f"{generation}|{since.isoformat()}|{clock.now():%Y-%m-%dT%H:%M}"
    validator = None if generation is None or request.cache_control.no_cache \
        else validators.get(user.id, stamp)
    if validator is None:
        validator = services.calendar_validator(user, since)
        validators.put(user.id, stamp, validator)
    # Written for the feed's owner, in their language (a calendar app sends no session).
    language = i18n.for_user(user)
    etag = _feed_etag((language, *validator.key))
    # Only the ETag decides a 304: Last-Modified cannot see an unfollowed hearing.
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        cache = current_app.extensions.setdefault("calendar_feed_cache", ical.FeedCache(
            current_app.config["CALENDAR_CACHE_ENTRIES"],
            current_app.config["CALENDAR_CACHE_BYTES"]))
        # Calendar apps accept gzip: a feed of hundreds of hearings shrinks about tenfold,
        # compressed once per change. Only the form asked for is kept (a calendar app asks
        # the same way each time); the other form, when held, saves the rendering.
        gzipped = request.accept_encodings["gzip"] > 0
        body = cache.get((user.id, gzipped), etag)
        if body is None:
            other = cache.get((user.id, not gzipped), etag)
            if gzipped:
                plain = other if other is not None else _render_feed(user, since, language)
                body = gzip.compress(plain, compresslevel=1, mtime=0)
            else:
                body = (gzip.decompress(other) if other is not None
                        else _render_feed(user, since, language))
            cache.put((user.id, gzipped), etag, body)
        response = _ics_response(body, None)
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.set_etag(etag, weak=True)
    if validator.last_modified is not None:
        response.last_modified = validator.last_modified
    # Private to its user, and checked with the server on each use (the secret URL can
    # be revoked). The app's after_request hook keeps a Cache-Control set here.
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _render_feed(user, since, language: str) -> bytes:
    """A user's feed from ``since`` on, in their language (plain bytes)."""
    with i18n.force_locale(language):
        return ical.render_calendar(
            services.calendar_hearings(user, since),
            _("Høringsfrister – %(name)s", name=user.name), _hearing_links(), since,
            # Events of domains above hearings (follow-ups).
            ical.feed_sources_events(user, since))


@bp.route("/profile/calendar", methods=["POST"], endpoint="calendar_token")
def calendar_token():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request.form.get("action") == "revoke":
        current_user.calendar_token = None
        message = _("Kalenderlenken er slått av. Den gamle lenken virker ikke lenger.")
    else:
        current_user.calendar_token = secrets.token_urlsafe(32)
        message = _("Du har fått en ny kalenderlenke. En eventuell gammel lenke virker ikke "
                    "lenger.")
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("account.profile") + "#kalender")


def _feed_etag(key: tuple) -> str:
    """The ETag of a feed: a hash of what it depends on, its format and the public address."""
    what = repr((ical.FORMAT_VERSION, current_app.config.get("PUBLIC_URL"), key))
    return hashlib.sha256(what.encode()).hexdigest()[:32]


def _hearing_link(hearing: Hearing) -> str:
    # A calendar keeps the link long after this request: build it on the public address.
    return external_url("hearings.detail", hearing_id=hearing.id)


def _hearing_links():
    """``_hearing_link`` for a feed of hundreds of hearings: the URL is built once."""
    prefix = external_url("hearings.detail", hearing_id=0).removesuffix("0")
    return lambda hearing: f"{prefix}{hearing.id}"


def _ics_response(body: bytes, filename: str | None) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _hearing_form(**kwargs) -> HearingForm:
    return HearingForm(responsible_choices=condition_services.responsible_choices(), **kwargs)


def _fill_hearing(hearing: Hearing, form: HearingForm) -> None:
    hearing.title = form.title.data.strip()
    hearing.set_issuer(form.issuer_body_id.chosen[0])
    hearing.reference = (form.reference.data or "").strip() or None
    hearing.url = (form.url.data or "").strip() or None
    hearing.published_on = form.published_on.data
    hearing.summary = form.summary.data or ""
    hearing.move_deadline(form.deadline)
    services.set_status(hearing, form.status.data, form.not_responding_reason.data or "")
    hearing.responsible_id = form.responsible_id.data or None
    # The pickers loaded the chosen rows when they checked that they exist.
    hearing.conditions = form.condition_ids.chosen
    hearing.measures = form.measure_ids.chosen


def _fill_milestone(milestone: Milestone, form: MilestoneForm) -> None:
    new_offset = form.offset_days.data if form.mode.data == "offset" else None
    new_fixed = form.fixed_at if form.mode.data == "fixed" else None
    if milestone.id is not None and (new_offset != milestone.offset_days
                                     or new_fixed != milestone.fixed_at):
        milestone.sequence = (milestone.sequence or 0) + 1
    milestone.kind = form.kind.data
    milestone.title = form.title.data.strip()
    milestone.offset_days, milestone.fixed_at = new_offset, new_fixed
