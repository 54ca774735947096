"""The overview page, the accessibility statement and the health check."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from advocacy import clock, schema
from advocacy.charts.ranking import ranking_chart
from advocacy.charts.timeline import deadline_timeline
from advocacy.charts.win_rate import win_rate_chart
from advocacy.conditions import services as condition_services
from advocacy.auth.permissions import can
from advocacy.extensions import db
from advocacy.main import my_work
from advocacy.main.search import search_everything
from advocacy.hearings import services as hearing_services
from advocacy.plan import services as plan_services
from advocacy.pagecache import cached_page

bp = Blueprint("main", __name__)


@bp.route("/")
@cached_page
def overview():
    return render_template(
        "main/overview.html",
        staff_work=my_work.staff_work(current_user) if can("edit") else None,
        partner_work=my_work.partner_work(current_user) if current_user.role == "partner"
        else None,
        plan=plan_services.current_plan(),
        ranking_chart=ranking_chart(),
        totals=condition_services.registry_totals(),
        deadlines=hearing_services.upcoming_deadlines(),
        timeline=deadline_timeline(),
        win_rate_chart=win_rate_chart(),
        now=clock.now(),
    )


# The hearing list and the ranking page draw their charts through these globals, so that
# their views need not know of the charts.
bp.add_app_template_global(deadline_timeline, "deadline_timeline")
bp.add_app_template_global(ranking_chart, "ranking_chart")


@bp.route("/sok")
def search():
    """Search conditions, measures, hearings and papers at once."""
    query = request.args.get("q", "").strip()
    results = search_everything(query, current_user) if query else []
    return render_template("main/search.html", query=query, results=results,
                           total=sum(found.total for found in results))


#: When the accessibility statement was last reviewed; change it with the statement.
STATEMENT_DATE = date(2026, 11, 29)


@bp.route("/tilgjengelighet")
def accessibility():
    contact = (current_app.config.get("ACCESSIBILITY_CONTACT") or "").strip()
    return render_template("main/accessibility.html", contact=contact,
                           contact_is_web=contact.startswith(("https://", "http://")),
                           statement_date=STATEMENT_DATE)


@bp.route("/healthz")
def health():
    """200 when the database answers and its schema is at the newest migration; else 503.

    For load balancers and monitoring: no login, and nothing about the data.
    """
    try:
        with db.engine.connect() as conn:
            current = schema.database_revisions(conn)
    except SQLAlchemyError:
        return jsonify(status="unavailable", database=False), 503
    if current != schema.migration_heads():
        return jsonify(status="unavailable", database=True, migrations="behind"), 503
    return jsonify(status="ok", database=True, migrations="head")
