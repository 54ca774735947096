"""Co-signing by organisations. (Filled in by the signing work; see after_revision.)"""

from __future__ import annotations


def after_revision(paper, revision) -> None:
    """React to a new revision of a paper's text (signatures on earlier text go stale)."""
