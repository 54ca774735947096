"""The API's blueprints, and the one resource that belongs to no domain: the caller."""

from __future__ import annotations

from flask_login import current_user

from advocacy.api import schemas
from advocacy.api.common import blueprint
from advocacy.api.condition_views import bp as conditions_bp
from advocacy.api.condition_views import plan_bp
from advocacy.api.dialogue_views import bp as dialogue_bp
from advocacy.api.hearing_views import bp as hearings_bp
from advocacy.api.paper_views import bp as papers_bp

me_bp = blueprint("api_me", "Hvem API-nøkkelen handler som.")


@me_bp.route("/me", methods=["GET"])
@me_bp.response(200, schemas.TokenUser)
def me():
    """Hvem nøkkelen handler som: navn, rolle og organisasjon."""
    return current_user


#: Every blueprint of the API, in the order the document lists them.
BLUEPRINTS = (me_bp, plan_bp, conditions_bp, hearings_bp, papers_bp, dialogue_bp)
