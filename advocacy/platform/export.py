"""Word export of a platform: its ``PlatformView`` as a document in the county template.

The papers' renderer does the work (``render_paper_docx``): the introduction and each
item become sections of a ``PaperDocument`` that is no letter (no «Med hilsen»).
"""

from __future__ import annotations

from datetime import date

from advocacy.papers.docx_render import render_paper_docx
from advocacy.papers.document import PaperDocument, Section
from advocacy.papers.export import active_template, county_sender, short_title
from advocacy.platform.services import ItemView, PlatformView


def _list(lines: list[str]) -> str:
    return "\n".join(f"- {' '.join(line.split())}" for line in lines)


def backing_summary(item: ItemView, municipality_total: int) -> str:
    """«11 av 18 kommuner» (with «og 2 andre» for backers that are no municipality), or
    «3 organisasjoner» when no municipality backs the position."""
    others = len(item.backers) - item.backing_municipalities
    if not item.backing_municipalities:
        return f"{others} {'organisasjon' if others == 1 else 'organisasjoner'}"
    line = f"{item.backing_municipalities} av {municipality_total} kommuner"
    return line + (f" og {others} {'annen' if others == 1 else 'andre'}" if others else "")


def item_markdown(item: ItemView, outcome_year: int, municipality_total: int = 0) -> str:
    """An item's body in the papers' Markdown subset: what, why, who, history."""
    parts = ["**Dette ber vi om**", item.our_position.strip() or "Ikke formulert ennå."]
    if item.owner_body:
        parts.append(f"Ansvarlig i staten: {item.owner_body}")
    parts.append("**Hvorfor**")
    if item.measures:
        goals = ", ".join(item.goals)
        parts.append(f"Holder tilbake {len(item.measures)} tiltak i regionplanen "
                     f"(mål: {goals}):")
        parts.append(_list(item.measures))
    else:
        parts.append("Ingen tiltak i regionplanen er registrert som holdt tilbake.")
    parts.append("**Støttes av**")
    if item.backers:
        parts.append(f"{backing_summary(item, municipality_total)}: {', '.join(item.backers)}.")
    else:
        parts.append("Ingen har registrert støtte ennå.")
    parts.append("**Dialogen så langt**")
    if item.contacts:
        parts.append(_list([f"{c.day} {c.kind.lower()}: {c.title}" for c in item.contacts]))
    else:
        parts.append("Ingen registrert kontakt med staten.")
    parts.append(f"**Utfallet i {outcome_year}**")
    if item.outcomes:
        parts.append(_list([f"{o.result}{f' ({o.day})' if o.day else ''}: {o.paper_title}"
                            + (f" – {o.note}" if o.note else "") for o in item.outcomes]))
    else:
        parts.append(f"Ingen avgjørelser registrert i {outcome_year}.")
    return "\n\n".join(parts)


def platform_document(view: PlatformView, day: date, is_draft: bool) -> PaperDocument:
    """The platform as the papers' renderer takes it."""
    county, sender = county_sender()
    sections = []
    if view.introduction.strip():
        sections.append(Section(heading="Innledning", body_markdown=view.introduction))
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
