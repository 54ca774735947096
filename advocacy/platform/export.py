"""Word export of a platform: its ``PlatformView`` as a document in the county template.

The papers' renderer does the work (``render_paper_docx``): the introduction and each
item become sections of a ``PaperDocument`` that is no letter (no «Med hilsen»).
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from advocacy.papers.docx_render import render_paper_docx
from advocacy.papers.document import PaperDocument, Section
from advocacy.papers.export import active_template, county_sender, short_title
from advocacy.platform.services import ItemView, PlatformView


def _list(lines: list[str]) -> str:
    return "\n".join(f"- {' '.join(line.split())}" for line in lines)


def _bold(text: str) -> str:
    """A heading of an item's body, in the papers' Markdown subset."""
    return f"**{text}**"


def backing_summary(item: ItemView, municipality_total: int) -> str:
    """«11 av 18 kommuner» (with «og 2 andre» for backers that are no municipality), or
    «3 organisasjoner» when no municipality backs the position."""
    others = len(item.backers) - item.backing_municipalities
    if not item.backing_municipalities:
        return ngettext("%(num)d organisasjon", "%(num)d organisasjoner", others)
    if not others:
        return _("%(count)d av %(total)d kommuner", count=item.backing_municipalities,
                 total=municipality_total)
    return ngettext("%(count)d av %(total)d kommuner og %(num)d annen",
                    "%(count)d av %(total)d kommuner og %(num)d andre", others,
                    count=item.backing_municipalities, total=municipality_total)


def item_markdown(item: ItemView, outcome_year: int, municipality_total: int = 0) -> str:
    """An item's body in the papers' Markdown subset: what, why, who, history."""
    parts = [_bold(_("Dette ber vi om")), item.our_position.strip() or _("Ikke formulert ennå.")]
    if item.owner_body:
        parts.append(_("Ansvarlig i staten: %(body)s", body=item.owner_body))
    parts.append(_bold(_("Hvorfor")))
    if item.measures:
        parts.append(_("Holder tilbake %(count)s tiltak i regionplanen (mål: %(goals)s):",
                       count=len(item.measures), goals=", ".join(item.goals)))
        parts.append(_list(item.measures))
    else:
        parts.append(_("Ingen tiltak i regionplanen er registrert som holdt tilbake."))
    parts.append(_bold(_("Støttes av")))
    if item.backers:
        parts.append(f"{backing_summary(item, municipality_total)}: {', '.join(item.backers)}.")
    else:
        parts.append(_("Ingen har registrert støtte ennå."))
    parts.append(_bold(_("Dialogen så langt")))
    if item.contacts:
        parts.append(_list([f"{c.day} {c.kind.lower()}: {c.title}" for c in item.contacts]))
    else:
        parts.append(_("Ingen registrert kontakt med staten."))
    parts.append(_bold(_("Utfallet i %(year)s", year=outcome_year)))
    if item.outcomes:
        parts.append(_list([f"{o.result}{f' ({o.day})' if o.day else ''}: {o.paper_title}"
                            + (f" – {o.note}" if o.note else "") for o in item.outcomes]))
    else:
        parts.append(_("Ingen avgjørelser registrert i %(year)s.", year=outcome_year))
    return "\n\n".join(parts)


def platform_document(view: PlatformView, day: date, is_draft: bool) -> PaperDocument:
    """The platform as the papers' renderer takes it."""
    county, sender = county_sender()
    sections = []
    if view.introduction.strip():
        sections.append(Section(heading=_("Innledning"), body_markdown=view.introduction))
    sections += [Section(heading=f"{item.place}. {item.title}",
                         body_markdown=item_markdown(item, view.outcome_year,
                                                     view.municipality_total))
                 for item in view.items]
    return PaperDocument(title=view.title, subject=view.title, date=day, sections=sections,
                         county_name=county, sender=sender, is_draft=is_draft,
                         has_closing=False)


def platform_docx(view: PlatformView, day: date, is_draft: bool) -> bytes:
    """The platform as a Word document in the county's template."""
    return render_paper_docx(platform_document(view, day, is_draft), active_template())


def download_name(view: PlatformView) -> str:
    """``Interessepolitisk plattform 2027.docx`` (the title, cut to a file name)."""
    return f"{short_title(view.title) or view.year}.docx"
