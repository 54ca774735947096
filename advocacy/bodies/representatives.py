"""Buskerud's members of Stortinget from Stortinget's open data.

Reads the export ``eksport/representanter?stortingsperiodeid=2025-2029`` (the members
elected for a period) or ``eksport/dagensrepresentanter`` (those sitting today, with their
committees), as XML (namespace ``http://data.stortinget.no``, the default) or as JSON
(``&format=json``). Keeps the members of one county (``fylke/id``, Buskerud is ``Bu``)
who are not substitutes, and upserts them by Stortinget's id as people of the body
"Stortinget": name, party and committee are updated, members gone from the list are kept
but marked as no longer sitting. Nothing else of the person (e-mail, phone) is touched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from sqlalchemy import select

from advocacy.bodies.models import (STORTINGET, BodyIndex, BodyKind, BodyPerson, PersonRole,
                                    StateBody)
from advocacy.extensions import db

NAMESPACE = "http://data.stortinget.no"
#: Buskerud's id in Stortinget's list of counties (``fylke``).
BUSKERUD = "Bu"


class RepresentativesError(ValueError):
    """The source is not a list of representatives; the message is for the user."""


@dataclass(frozen=True)
class Representative:
    stortinget_id: str
    name: str
    county_id: str
    party: str
    is_substitute: bool
    #: Committee ids (``KOMMFORV``) and names, when the export has them.
    committees: tuple[tuple[str, str], ...] = ()


@dataclass
class Report:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    #: Members no longer in the list, now marked as no longer sitting.
    left: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (f"{len(self.added)} nye, {len(self.updated)} endret, {self.unchanged} uendret, "
                f"{len(self.left)} sitter ikke lenger")


# --- Reading the export ---------------------------------------------------------------------


def parse(data: bytes) -> list[Representative]:
    """Every representative in the export (XML or JSON), in its order."""
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"{", b"[")):
        return _from_json(text)
    if text.startswith(b"<"):
        return _from_xml(text)
    raise RepresentativesError("Kilden er verken XML eller JSON fra data.stortinget.no.")


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _text(element: Element | None, path: str) -> str:
    found = None if element is None else element.find("/".join(_tag(p) for p in path.split("/")))
    return " ".join((found.text or "").split()) if found is not None else ""


def _from_xml(data: bytes) -> list[Representative]:
    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException) as error:
        raise RepresentativesError(f"XML-en kan ikke leses: {error}.") from error
    lists = {_tag("representanter_oversikt"): "representanter_liste/representant",
             _tag("dagensrepresentanter_oversikt"): "dagensrepresentanter_liste/dagensrepresentant"}
    path = lists.get(root.tag)
    if path is None:
        raise RepresentativesError(
            "XML-en er ikke en liste over stortingsrepresentanter (ventet "
            "representanter_oversikt eller dagensrepresentanter_oversikt).")
    people = []
    for element in root.iterfind("/".join(_tag(p) for p in path.split("/"))):
        committees = tuple(
            (_text(k, "id"), _text(k, "navn"))
            for k in element.iterfind(f"{_tag('komiteer_liste')}/{_tag('komite')}"))
        people.append(_representative(
            _text(element, "id"), _text(element, "fornavn"), _text(element, "etternavn"),
            _text(element, "fylke/id"), _text(element, "parti/navn"),
            _text(element, "vara_representant"), committees))
    return people


def _from_json(data: bytes) -> list[Representative]:
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RepresentativesError(f"JSON-en kan ikke leses: {error}.") from error
    items = None
    if isinstance(document, dict):
        for key in ("representanter_liste", "dagensrepresentanter_liste"):
            if isinstance(document.get(key), list):
                items = document[key]
    if items is None:
        raise RepresentativesError(
            "JSON-en er ikke en liste over stortingsrepresentanter (ventet "
            "representanter_liste eller dagensrepresentanter_liste).")
    people = []
    for item in items:
        if not isinstance(item, dict):
            raise RepresentativesError("En representant i JSON-en er ikke et objekt.")
        county, party = item.get("fylke") or {}, item.get("parti") or {}
        committees = tuple((str(k.get("id") or ""), str(k.get("navn") or ""))
                           for k in item.get("komiteer_liste") or [] if isinstance(k, dict))
        people.append(_representative(
            str(item.get("id") or ""), str(item.get("fornavn") or ""),
            str(item.get("etternavn") or ""), str(county.get("id") or ""),
            str(party.get("navn") or ""), item.get("vara_representant"), committees))
    return people


def _representative(rep_id, first, last, county, party, substitute, committees
                    ) -> Representative:
    name = " ".join(f"{first} {last}".split())
    if not rep_id or not name:
        raise RepresentativesError("En representant mangler id eller navn; ingenting er "
                                   "importert.")
    return Representative(
        stortinget_id=rep_id.strip()[:20], name=name[:200], county_id=county.strip(),
        party=party[:100], is_substitute=str(substitute).strip().lower() == "true",
        committees=tuple(c for c in committees if c[0] or c[1]))


# --- Saving -----------------------------------------------------------------------------------


def upsert(representatives: list[Representative], county_id: str = BUSKERUD) -> Report:
    """Save the county's members (not substitutes) as people of Stortinget; see the module.

    Refuses a list with no member for the county, which would otherwise mark every member
    as gone. Does not commit.
    """
    wanted = [r for r in representatives
              if r.county_id.lower() == county_id.lower() and not r.is_substitute]
    if not wanted:
        raise RepresentativesError(f"Kilden har ingen faste representanter for fylket "
                                   f"«{county_id}»; ingenting er endret.")
    index = BodyIndex.load()
    stortinget = index.find(STORTINGET)
    if stortinget is None:
        stortinget = StateBody(name=STORTINGET, kind=BodyKind.ANNET, is_confirmed=True,
                               aliases=[], postal_address="Stortinget\n0026 Oslo")
        db.session.add(stortinget)
    known = {p.stortinget_id: p for p in db.session.scalars(
        select(BodyPerson).where(BodyPerson.stortinget_id.is_not(None)))}
    report = Report()
    seen = set()
    for rep in wanted:
        seen.add(rep.stortinget_id)
        committee = "; ".join(_committee_name(index, cid, name) for cid, name in rep.committees)
        person = known.get(rep.stortinget_id)
        if person is None:
            db.session.add(BodyPerson(
                body=stortinget, name=rep.name, role=PersonRole.STORTINGSREPRESENTANT,
                party=rep.party, committee=committee, stortinget_id=rep.stortinget_id,
                email="", phone="", is_current=True))
            report.added.append(rep.name)
            continue
        changes = {"name": rep.name, "party": rep.party, "is_current": True}
        if rep.committees:  # the period's list has no committees: keep what we know
            changes["committee"] = committee
        if all(getattr(person, k) == v for k, v in changes.items()):
            report.unchanged += 1
            continue
        for key, value in changes.items():
            setattr(person, key, value)
        report.updated.append(rep.name)
    for stortinget_id, person in known.items():
        if (stortinget_id not in seen and person.is_current
                and person.role == PersonRole.STORTINGSREPRESENTANT):
            person.is_current = False
            report.left.append(person.name)
    return report


def _committee_name(index: BodyIndex, committee_id: str, name: str) -> str:
    """The committee's name as the register has it (the register knows Stortinget's
    committee ids as aliases), else as the export writes it."""
    body = index.find(committee_id) if committee_id else None
    return (body.name if body is not None else name or committee_id)[:200]
