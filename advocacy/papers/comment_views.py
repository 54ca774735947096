"""Partners' comments on a draft's sections, and staff resolving them."""

from __future__ import annotations

from advocacy.papers.views import bp  # noqa: F401  (routes are added to the papers blueprint)
