"""API: the plan (goals, themes, measures), framework conditions and their links.

Docstrings of the views are the operations' summaries in the OpenAPI document, so they are
in Norwegian, as the rest of what a user reads.
"""

from __future__ import annotations

from collections import Counter

from flask import Response
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy import select

from advocacy.api import schemas
from advocacy.api.common import blueprint, check_if_match, editors_only, page_of
from advocacy.api.validation import validated
from advocacy.conditions import services
from advocacy.conditions.forms import ConditionForm, LinkForm, LinkMeasureForm
from advocacy.conditions.models import Dependency, FrameworkCondition
from advocacy.extensions import db
from advocacy.plan import services as plan_services
from advocacy.plan.models import Goal, Theme

plan_bp = blueprint("api_plan", "Planen: utviklingsmål, temaer og tiltak.")
bp = blueprint("api_conditions", "Rammebetingelser, koblinger til tiltak og poeng i rangeringen.")


# --- plan ------------------------------------------------------------------------------

@plan_bp.route("/goals/", methods=["GET"])
@plan_bp.etag
@plan_bp.arguments(schemas.PageArgs, location="query")
@plan_bp.response(200, schemas.GoalPage)
def list_goals(args):
    """Utviklingsmålene, i planens rekkefølge."""
    return page_of(select(Goal).order_by(Goal.plan_id, Goal.position, Goal.id), args)


@plan_bp.route("/themes/", methods=["GET"])
@plan_bp.etag
@plan_bp.arguments(schemas.PageArgs, location="query")
@plan_bp.response(200, schemas.ThemePage)
def list_themes(args):
    """Temaene, i planens rekkefølge."""
    return page_of(select(Theme).order_by(Theme.plan_id, Theme.position, Theme.id), args)


@plan_bp.route("/measures/", methods=["GET"])
@plan_bp.etag
@plan_bp.arguments(schemas.MeasureQuery, location="query")
@plan_bp.response(200, schemas.MeasurePage)
def list_measures(args):
    """Tiltakene, gruppert etter utviklingsmål og filtrert som på tiltakssiden."""
    filters = plan_services.MeasureFilters(q=args["q"], goal=args["goal"], theme=args["theme"],
                                           status=args.get("status", ""))
    order = plan_services.MEASURE_SORT.parse(args["sort"])
    return page_of(plan_services.measure_query(filters, order), args)


@plan_bp.route("/measures/<row_id:measure_id>", methods=["GET"])
@plan_bp.etag
@plan_bp.response(200, schemas.MeasureDetailSchema)
def get_measure(measure_id: int):
    """Ett tiltak med koblingene til rammebetingelser."""
    measure = plan_services.get_measure(measure_id) or abort(404)
    measure.links = services.measure_dependencies(measure.id)
    return measure


# --- conditions ------------------------------------------------------------------------

def _with_counts(conditions: list[FrameworkCondition]) -> list[FrameworkCondition]:
    counts = services.link_counts([c.id for c in conditions])
    for condition in conditions:
        condition.link_counts = counts[condition.id]
    return conditions


def _condition_or_404(condition_id: int) -> FrameworkCondition:
    """The condition with its links and their counts, ready to dump."""
    condition = services.get_condition(condition_id) or abort(404)
    condition.links = condition.dependencies
    condition.link_counts = Counter(link.effect for link in condition.dependencies)
    return condition


@bp.route("/conditions/", methods=["GET"])
@bp.etag
@bp.arguments(schemas.ConditionQuery, location="query")
@bp.response(200, schemas.ConditionPage)
def list_conditions(args):
    """Rammebetingelsene, filtrert og sortert som på listesiden (standard: prioritet, tittel)."""
    filters = services.ConditionFilters(
        q=args["q"], kind=args.get("kind", ""), owner=args["owner"],
        priority=args.get("priority", ""), status=args.get("status", ""), goal=args["goal"],
        theme=args["theme"],
        responsible=current_user.id if args["mine"] else None)
    order = services.CONDITION_SORT.parse(args["sort"])
    return page_of(services.condition_query(filters, order), args, items=_with_counts)


@bp.route("/conditions/ranking", methods=["GET"])
@bp.etag
@bp.arguments(schemas.PageArgs, location="query")
@bp.response(200, schemas.ConditionPage)
def ranking(args):
    """Rangeringen: rammebetingelsene som holder planen mest tilbake, høyest poeng først."""
    return page_of(services.ranking_query(), args, items=_with_counts)


@bp.route("/conditions/<row_id:condition_id>", methods=["GET"])
@bp.etag
@bp.response(200, schemas.ConditionDetailSchema)
def get_condition(condition_id: int):
    """Én rammebetingelse med koblingene til tiltak og poengene."""
    return _condition_or_404(condition_id)


def _condition_values(condition: FrameworkCondition) -> dict:
    """The condition as the form would show it, for a partial change."""
    return {"title": condition.title, "kind": condition.kind,
            "owner_body_id": condition.owner_body_id, "current_state": condition.current_state,
            "our_position": condition.our_position, "priority": condition.priority,
            "status": condition.status, "source_urls": list(condition.source_urls or []),
            "lovdata_id": condition.lovdata_id, "responsible_id": condition.responsible_id}


def _save_condition(condition: FrameworkCondition, values: dict) -> None:
    values = {**values, "responsible_id": values.get("responsible_id") or 0}
    form = validated(ConditionForm, values, lines=("source_urls",),
                     condition_id=condition.id,
                     responsible_choices=services.responsible_choices())
    form.populate_obj(condition)
    condition.title = condition.title.strip()
    condition.set_owner(form.owner_body_id.chosen[0])
    condition.responsible_id = form.responsible_id.data or None
    condition.lovdata_id = form.lovdata_id.data or None


@bp.route("/conditions/", methods=["POST"])
@editors_only
@bp.arguments(schemas.ConditionIn)
@bp.response(201, schemas.ConditionDetailSchema)
def create_condition(data):
    """Registrer en rammebetingelse (rådgivere og administratorer)."""
    condition = FrameworkCondition()
    _save_condition(condition, {"priority": "medium", "status": "monitoring", **data})
    db.session.add(condition)
    db.session.commit()
    return _condition_or_404(condition.id)


@bp.route("/conditions/<row_id:condition_id>", methods=["PATCH"])
@editors_only
@bp.arguments(schemas.ConditionChange(partial=True))
@bp.response(200, schemas.ConditionDetailSchema)
def update_condition(data, condition_id: int):
    """Endre felt i en rammebetingelse; felt som ikke sendes, beholdes. Med ``If-Match``:
    412 hvis den er endret siden."""
    condition = _condition_or_404(condition_id)
    check_if_match(bp, schemas.ConditionDetailSchema, condition)
    _save_condition(condition, {**_condition_values(condition), **data})
    db.session.commit()
    return _condition_or_404(condition.id)


@bp.route("/conditions/<row_id:condition_id>", methods=["DELETE"])
@editors_only
@bp.response(204)
def delete_condition(condition_id: int):
    """Slett en rammebetingelse og koblingene; tiltakene beholdes."""
    condition = _condition_or_404(condition_id)
    check_if_match(bp, schemas.ConditionDetailSchema, condition)
    for link in condition.dependencies:  # one by one, so each is in the change log
        db.session.delete(link)
    db.session.delete(condition)
    db.session.commit()
    return Response(status=204)


# --- links -----------------------------------------------------------------------------

@bp.route("/conditions/<row_id:condition_id>/links", methods=["POST"])
@editors_only
@bp.arguments(schemas.LinkIn)
@bp.response(201, schemas.LinkSchema)
def create_link(data, condition_id: int):
    """Koble et tiltak til rammebetingelsen."""
    condition = db.get_or_404(FrameworkCondition, condition_id)
    form = validated(LinkMeasureForm, data)
    measure = form.measure_id.chosen[0]
    try:
        link = services.add_link(measure, condition, effect=form.effect.data,
                                 strength=form.strength.data, note=form.note.data)
    except services.DuplicateLink:
        db.session.rollback()
        abort(422, errors={"measure_id": [
            f"«{measure.title}» er allerede koblet til «{condition.title}». "
            "Endre den eksisterende koblingen i stedet."]})
    db.session.commit()
    return link


@bp.route("/links/<row_id:link_id>", methods=["PATCH"])
@editors_only
@bp.arguments(schemas.LinkChange)
@bp.response(200, schemas.LinkSchema)
def update_link(data, link_id: int):
    """Endre virkning, styrke eller merknad på en kobling."""
    link = db.get_or_404(Dependency, link_id)
    form = validated(LinkForm, {"effect": link.effect, "strength": link.strength,
                                "note": link.note, **data})
    form.populate_obj(link)
    db.session.commit()
    return link


@bp.route("/links/<row_id:link_id>", methods=["DELETE"])
@editors_only
@bp.response(204)
def delete_link(link_id: int):
    """Fjern en kobling mellom et tiltak og en rammebetingelse."""
    link = db.get_or_404(Dependency, link_id)
    db.session.delete(link)
    db.session.commit()
    return Response(status=204)
