"""API: uttalelser (position papers) with their text and signatures, and outcomes.

A partner sees only the papers their organisation is invited to, and of the signatures
only what the paper's page shows them: the same rule (``advocacy.papers.access``) and the
same services decide.
"""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from advocacy.api import schemas
from advocacy.api.common import blueprint, page_of
from advocacy.auth.permissions import can
from advocacy.papers import services, signing
from advocacy.papers.models import Outcome, PaperStatus, PositionPaper

bp = blueprint("api_papers", "Uttalelser med tekst og medsignering, og gjennomslag.")


@bp.route("/papers/", methods=["GET"])
@bp.etag
@bp.arguments(schemas.PaperQuery, location="query")
@bp.response(200, schemas.PaperPage)
def list_papers(args):
    """Uttalelsene du kan se (en partner: de organisasjonen er invitert til), sist endret først."""
    filters = services.PaperFilters(
        q=args["q"], status=args.get("status", ""), hearing=args.get("hearing", ""),
        is_waiting=args["waiting"], responsible=current_user.id if args["mine"] else None)
    order = services.paper_sorting(current_user).parse(args["sort"])
    return page_of(services.paper_list_query(current_user, filters, order), args)


def _signatures(paper: PositionPaper) -> list[dict]:
    return [{"organisation_id": row.invitation.organisation_id,
             "organisation": row.invitation.organisation.name, "state": row.state,
             "answer": row.invitation.answer, "sign_by": row.invitation.sign_by,
             "signer_name": row.invitation.signer_name,
             "signer_title": row.invitation.signer_title,
             "mandate": row.invitation.mandate, "answered_at": row.invitation.answered_at,
             "comment": row.visible_comment}
            for row in signing.signature_rows(paper, current_user)]


@bp.route("/papers/<row_id:paper_id>", methods=["GET"])
@bp.etag
@bp.response(200, schemas.PaperDetailSchema)
def get_paper(paper_id: int):
    """Én uttalelse: opplysningene, teksten i gjeldende versjon og hvem som har signert."""
    paper = services.get_paper(paper_id)
    if paper is None or not can("view", paper):
        abort(404)
    current = paper.current
    paper.revision = current.number if current else 0
    paper.sections = list(current.sections) if current else []
    paper.signatures = _signatures(paper)
    return paper


@bp.route("/outcomes/", methods=["GET"])
@bp.etag
@bp.arguments(schemas.OutcomeQuery, location="query")
@bp.response(200, schemas.OutcomePage)
def list_outcomes(args):
    """Gjennomslag: hva staten bestemte om standpunktene i de innsendte uttalelsene du kan se."""
    # As on the paper page: outcomes belong to submitted papers the user may open.
    visible = (services.papers_for(current_user).with_only_columns(PositionPaper.id)
               .where(PositionPaper.status == PaperStatus.SUBMITTED).order_by(None))
    stmt = (select(Outcome).where(Outcome.paper_id.in_(visible))
            .options(joinedload(Outcome.condition))
            .order_by(Outcome.paper_id, Outcome.condition_id, Outcome.id))
    if args["condition"]:
        stmt = stmt.where(Outcome.condition_id == args["condition"])
    if args["paper"]:
        stmt = stmt.where(Outcome.paper_id == args["paper"])
    return page_of(stmt, args)

