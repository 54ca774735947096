"""Uploading a Word draft to a paper as a new revision."""

from __future__ import annotations

from advocacy.papers.views import bp  # noqa: F401  (routes are added to the papers blueprint)
