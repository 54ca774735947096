"""The pages the benchmark measures, and the targets the project must meet (issue 11)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """One page: a name for the table, a path template filled from the manifest, who asks."""

    name: str
    path: str
    #: ``staff``, ``partner``, or ``None`` for a page that needs no login.
    role: str | None = "staff"
    #: Single-request target in milliseconds (most pages: 50).
    target_ms: float = 50.0
    #: Request headers beyond the session cookie, as the page's real clients send them.
    headers: tuple[tuple[str, str], ...] = ()

    def url(self, manifest: dict) -> str:
        """The path with the manifest's ids put in."""
        return self.path.format(**manifest)


PAGES: list[Page] = [
    Page("overview", "/"),
    Page("conditions list", "/conditions/"),
    Page("conditions search", "/conditions/?q={search_word}"),
    Page("ranking", "/conditions/ranking"),
    Page("condition", "/conditions/{condition_id}"),
    Page("measure", "/measures/{measure_id}"),
    Page("hearings list", "/hearings/"),
    Page("hearing", "/hearings/{hearing_id}"),
    Page("papers list", "/papers/"),
    Page("paper", "/papers/{paper_id}"),
    Page("audit log", "/audit/"),
    # Calendar apps (Outlook, Google, Apple) ask for gzip.
    Page("calendar feed", "/calendar/{calendar_secret}.ics", role=None, target_ms=100.0,
         headers=(("Accept-Encoding", "gzip"),)),
    Page("Word export", "/papers/{word_paper_id}.docx", target_ms=250.0),
    Page("healthz", "/healthz", role=None),
    Page("overview (partner)", "/", role="partner"),
    Page("papers list (partner)", "/papers/", role="partner"),
    Page("paper (partner)", "/papers/{partner_paper_id}", role="partner"),
]

#: Targets, as the issue states them.
MAX_SCALE = 1.5          # full-size time ≤ 1.5 × one-tenth time
MIN_HELLO_SHARE = 0.10   # ≥ 10 % of hello-world req/s
MAX_QUERIES = 12         # per page, and the same at both sizes
MAX_RSS_MB = 150         # per worker
IMPORT_MAX_S = 10.0      # first import of 2,000 items
REMINDERS_MAX_S = 1.0    # reminder run over 10,000 deadlines, in process
WORD_MAX_MS = 250.0      # Word export

TARGETS_TEXT = (
    "every page: full ≤ 1.5 × tenth time, single request ≤ 50 ms (calendar feed ≤ 100 ms, "
    "and its rendering for 750 hearings ≤ 100 ms; Word export ≤ 250 ms), ≥ 10 % of "
    "hello-world req/s, queries the same at both sizes and ≤ 12; first import of 2,000 "
    "items ≤ 10 s and the second changes nothing; reminder run over 10,000 deadlines ≤ 1 s "
    "in process; worker RSS ≤ 150 MB; no worker crash"
)
