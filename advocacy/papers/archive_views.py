"""The arkivmelding download: a sent paper as a zip for the county's archive."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, flash, redirect, send_file, url_for

from advocacy.auth.permissions import require
from advocacy.papers import archive
from advocacy.papers.views import visible_paper_or_404

bp = Blueprint("archive", __name__)


@bp.route("/papers/<int:paper_id>/arkivmelding.zip", endpoint="arkivmelding")
def arkivmelding(paper_id: int):
    paper = visible_paper_or_404(paper_id)
    require("edit", paper)
    try:
        data = archive.arkivmelding_zip(paper)
    except archive.ArchiveRefused as error:
        flash(str(error), "error")
        return redirect(url_for("papers.detail", paper_id=paper.id))
    # The name is ASCII (numbers only), so no RFC 5987 variant is needed.
    return send_file(BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=archive.zip_name(paper), max_age=0)
