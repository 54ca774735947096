"""API: hearings and their milestones (internfrister)."""

from __future__ import annotations

from flask import Response
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy.orm import selectinload

from advocacy import clock
from advocacy.api import schemas
from advocacy.api.common import blueprint, check_if_match, editors_only, page_of
from advocacy.api.validation import validated
from advocacy.conditions import services as condition_services
from advocacy.extensions import db
from advocacy.hearings import services
from advocacy.hearings.forms import HearingForm, MilestoneForm
from advocacy.hearings.models import Hearing, Milestone

bp = blueprint("api_hearings", "Høringer med frister og internfrister.")


@bp.route("/hearings/", methods=["GET"])
@bp.etag
@bp.arguments(schemas.HearingQuery, location="query")
@bp.response(200, schemas.HearingPage)
def list_hearings(args):
    """Høringene som på høringssiden: de åpne, nærmeste frist først, eller de ferdige
    (``done=true``), siste frist først."""
    filters = services.HearingFilters(
        status=args.get("status", ""), issuer=args["issuer"], condition=args["condition"],
        q=args["q"], responsible=current_user.id if args["mine"] else None,
        week=services.week_monday(args["uke"]) if args["uke"] else None)
    if args["done"]:
        stmt = services.done_hearings_query(filters, services.DONE_SORT.parse(args["sort"]))
    else:
        stmt = services.open_hearings_query(filters, services.OPEN_SORT.parse(args["sort"]))
    return page_of(stmt.options(selectinload(Hearing.milestones)), args)


def _hearing_or_404(hearing_id: int) -> Hearing:
    hearing = services.get_hearing(hearing_id) or abort(404)
    hearing.milestones.sort(key=lambda m: m.due_at)
    return hearing


@bp.route("/hearings/<row_id:hearing_id>", methods=["GET"])
@bp.etag
@bp.response(200, schemas.HearingDetailSchema)
def get_hearing(hearing_id: int):
    """Én høring med rammebetingelser, tiltak og internfrister (etter dato)."""
    return _hearing_or_404(hearing_id)


def _hearing_values(hearing: Hearing) -> dict:
    """The hearing as its form shows it, for a partial change."""
    local = hearing.deadline_at.astimezone(clock.OSLO)
    return {"title": hearing.title, "issuer_body_id": hearing.issuer_body_id,
            "reference": hearing.reference, "url": hearing.url,
            "published_on": hearing.published_on, "deadline_date": local.date(),
            "deadline_time": None if local.time() == services.END_OF_DAY else local.time(),
            "status": hearing.status, "not_responding_reason": hearing.not_responding_reason,
            "responsible_id": hearing.responsible_id,
            "condition_ids": [c.id for c in hearing.conditions],
            "measure_ids": [m.id for m in hearing.measures], "summary": hearing.summary}


def _save_hearing(hearing: Hearing, values: dict, original_deadline=None) -> HearingForm:
    values = {**values, "responsible_id": values.get("responsible_id") or 0}
    form = validated(HearingForm, values, original_deadline=original_deadline,
                     responsible_choices=condition_services.responsible_choices())
    hearing.title = form.title.data.strip()
    hearing.set_issuer(form.issuer_body_id.chosen[0])
    hearing.reference = (form.reference.data or "").strip() or None
    hearing.url = (form.url.data or "").strip() or None
    hearing.published_on = form.published_on.data
    hearing.summary = form.summary.data or ""
    hearing.move_deadline(form.deadline)
    services.set_status(hearing, form.status.data, form.not_responding_reason.data or "")
    hearing.responsible_id = form.responsible_id.data or None
    hearing.conditions = form.condition_ids.chosen
    hearing.measures = form.measure_ids.chosen
    return form


@bp.route("/hearings/", methods=["POST"])
@editors_only
@bp.arguments(schemas.HearingIn)
@bp.response(201, schemas.HearingDetailSchema)
def create_hearing(data):
    """Registrer en høring (rådgivere og administratorer)."""
    hearing = Hearing(source="manual")
    _save_hearing(hearing, {"status": "new", **data})
    if data["add_default_milestones"]:
        services.add_default_milestones(hearing)
    db.session.add(hearing)
    db.session.commit()
    return _hearing_or_404(hearing.id)


@bp.route("/hearings/<row_id:hearing_id>", methods=["PATCH"])
@editors_only
@bp.arguments(schemas.HearingChange(partial=True, exclude=("add_default_milestones",)))
@bp.response(200, schemas.HearingDetailSchema)
def update_hearing(data, hearing_id: int):
    """Endre felt i en høring; internfrister som regnes fra fristen, flytter seg med den.
    Med ``If-Match``: 412 hvis den er endret siden."""
    hearing = _hearing_or_404(hearing_id)
    check_if_match(bp, schemas.HearingDetailSchema, hearing)
    _save_hearing(hearing, {**_hearing_values(hearing), **data},
                  original_deadline=hearing.deadline_at)
    db.session.commit()
    return _hearing_or_404(hearing.id)


# --- milestones ------------------------------------------------------------------------

def _milestone_values(milestone: Milestone) -> dict:
    values = {"kind": milestone.kind, "title": milestone.title,
              "offset_days": milestone.offset_days, "fixed_date": None, "fixed_time": None}
    if milestone.fixed_at is not None:
        local = milestone.fixed_at.astimezone(clock.OSLO)
        values["fixed_date"] = local.date()
        values["fixed_time"] = None if local.time() == services.END_OF_DAY else local.time()
    return values


def _save_milestone(milestone: Milestone, values: dict) -> None:
    """Set the milestone from ``values``: days before the deadline, else a fixed date."""
    mode = "offset" if values.get("offset_days") is not None else "fixed"
    if mode == "offset":
        values = {**values, "fixed_date": None, "fixed_time": None}
    form = validated(MilestoneForm, {**values, "mode": mode})
    new_offset = form.offset_days.data if mode == "offset" else None
    new_fixed = form.fixed_at if mode == "fixed" else None
    if milestone.id is not None and (new_offset != milestone.offset_days
                                     or new_fixed != milestone.fixed_at):
        milestone.sequence = (milestone.sequence or 0) + 1
    milestone.kind = form.kind.data
    milestone.title = form.title.data.strip()
    milestone.offset_days, milestone.fixed_at = new_offset, new_fixed


@bp.route("/hearings/<row_id:hearing_id>/milestones", methods=["POST"])
@editors_only
@bp.arguments(schemas.MilestoneIn)
@bp.response(201, schemas.MilestoneSchema)
def create_milestone(data, hearing_id: int):
    """Legg til en internfrist: ``offset_days`` før høringsfristen, eller ``fixed_date``."""
    hearing = db.get_or_404(Hearing, hearing_id)
    milestone = Milestone(hearing=hearing)
    _save_milestone(milestone, data)
    db.session.add(milestone)
    db.session.commit()
    return milestone


@bp.route("/milestones/<row_id:milestone_id>", methods=["PATCH"])
@editors_only
@bp.arguments(schemas.MilestoneChange(partial=True))
@bp.response(200, schemas.MilestoneSchema)
def update_milestone(data, milestone_id: int):
    """Endre en internfrist; send ``offset_days`` eller ``fixed_date`` for å bytte måte."""
    milestone = db.get_or_404(Milestone, milestone_id)
    values = _milestone_values(milestone)
    if "fixed_date" in data and "offset_days" not in data:
        values["offset_days"] = None
    _save_milestone(milestone, {**values, **data})
    db.session.commit()
    return milestone


@bp.route("/milestones/<row_id:milestone_id>", methods=["DELETE"])
@editors_only
@bp.response(204)
def delete_milestone(milestone_id: int):
    """Fjern en internfrist."""
    milestone = db.get_or_404(Milestone, milestone_id)
    db.session.delete(milestone)
    db.session.commit()
    return Response(status=204)
