"""Pages for the versions of a paper's text: history and differences."""

from __future__ import annotations

from flask import abort, render_template, request

from advocacy.papers import services
from advocacy.papers.forms import DiffForm
from advocacy.papers.views import bp, visible_paper_or_404


@bp.route("/<int:paper_id>/history", endpoint="history")
def history(paper_id: int):
    paper = visible_paper_or_404(paper_id)
    return render_template("papers/history.html", paper=paper,
                           revisions=list(reversed(paper.revisions)))


@bp.route("/<int:paper_id>/diff", endpoint="diff")
def show_diff(paper_id: int):
    paper = visible_paper_or_404(paper_id)
    form = DiffForm(request.args)
    by_number = {r.number: r for r in paper.revisions}
    newest = paper.current.number
    new = by_number.get(form.new.data or newest)
    old = by_number.get(form.old.data or max(1, new.number - 1 if new else 1))
    if old is None or new is None:
        abort(404)
    return render_template("papers/diff.html", paper=paper, old=old, new=new,
                           numbers=sorted(by_number),
                           changes=services.diff(old.title, old.sections, new.title,
                                                 new.sections))
