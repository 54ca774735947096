"""The overview page and the accessibility statement."""

from __future__ import annotations

from flask import Blueprint, render_template

from advocacy import clock
from advocacy.conditions import services as condition_services
from advocacy.conditions.ranking import GOAL_WEIGHT
from advocacy.hearings import services as hearing_services
from advocacy.papers import outcomes as paper_outcomes
from advocacy.plan import services as plan_services

bp = Blueprint("main", __name__)


@bp.route("/")
def overview():
    return render_template(
        "main/overview.html",
        plan=plan_services.current_plan(),
        top=condition_services.leverage_ranking(limit=5),
        totals=condition_services.registry_totals(),
        goal_weight=GOAL_WEIGHT,
        deadlines=hearing_services.upcoming_deadlines(),
        win_rate=paper_outcomes.overall_win_rate(),
        now=clock.now(),
    )


@bp.route("/tilgjengelighet")
def accessibility():
    return render_template("main/accessibility.html")
