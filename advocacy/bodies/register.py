"""The state bodies every installation starts with: today's 16 ministries with their
official short names, the agencies the county meets most, and Stortinget's committees
(with their ids in Stortinget's open data as aliases, which the importer maps).

migrations/versions/*_state_bodies.py has a frozen copy; ``seed_register`` adds what a
database made by ``create_all`` (tests, the demo) lacks.
"""

from __future__ import annotations

from sqlalchemy import select

from advocacy.bodies.models import StateBody
from advocacy.extensions import db

#: (name, short name, kind, aliases)
BODIES: list[tuple[str, str | None, str, list[str]]] = [
    ("Arbeids- og inkluderingsdepartementet", "AID", "departement", []),  # i18n: not ui
    ("Barne- og familiedepartementet", "BFD", "departement", []),  # i18n: not ui
    ("Digitaliserings- og forvaltningsdepartementet", "DFD", "departement", []),  # i18n: not ui
    ("Energidepartementet", "ED", "departement", []),
    ("Finansdepartementet", "FIN", "departement", []),
    ("Forsvarsdepartementet", "FD", "departement", []),
    ("Helse- og omsorgsdepartementet", "HOD", "departement", []),  # i18n: not ui
    ("Justis- og beredskapsdepartementet", "JD", "departement", []),  # i18n: not ui
    ("Klima- og miljødepartementet", "KLD", "departement", []),  # i18n: not ui
    ("Kommunal- og distriktsdepartementet", "KDD", "departement",  # i18n: not ui
     ["Kommunaldepartementet"]),
    ("Kultur- og likestillingsdepartementet", "KUD", "departement", []),  # i18n: not ui
    ("Kunnskapsdepartementet", "KD", "departement", []),
    ("Landbruks- og matdepartementet", "LMD", "departement", []),  # i18n: not ui
    ("Nærings- og fiskeridepartementet", "NFD", "departement", []),  # i18n: not ui
    ("Samferdselsdepartementet", "SD", "departement", []),
    ("Utenriksdepartementet", "UD", "departement", []),
    ("Statens vegvesen", None, "etat", []),  # i18n: not ui
    ("Jernbanedirektoratet", None, "direktorat", []),
    ("Miljødirektoratet", None, "direktorat", []),  # i18n: not ui
    ("Riksantikvaren", None, "direktorat", []),
    ("Husbanken", None, "etat", []),  # i18n: not ui
    ("Direktoratet for mineralforvaltning", "DMF", "direktorat", []),
    ("Arbeids- og velferdsdirektoratet", None, "direktorat", []),  # i18n: not ui
    ("Statsforvalteren i Østfold, Buskerud, Oslo og Akershus", None, "etat", []),  # i18n: not ui
    ("Kommunal- og forvaltningskomiteen", None, "storting-komite", ["KOMMFORV"]),  # i18n: not ui
    ("Transport- og kommunikasjonskomiteen", None, "storting-komite", ["TRANSKOM"]),  # i18n: not ui
    ("Energi- og miljøkomiteen", None, "storting-komite", ["ENERGI"]),  # i18n: not ui
    ("Næringskomiteen", None, "storting-komite", ["NÆRING"]),  # i18n: not ui
    ("Finanskomiteen", None, "storting-komite", ["FINANS"]),
]


def seed_register() -> dict[str, StateBody]:
    """Add the bodies of ``BODIES`` that are missing (by name); all of them by name."""
    existing = {b.name: b for b in db.session.scalars(select(StateBody))}
    for name, short_name, kind, aliases in BODIES:
        if name not in existing:
            existing[name] = StateBody(name=name, short_name=short_name, kind=kind,
                                       is_confirmed=True, aliases=list(aliases))
            db.session.add(existing[name])
    db.session.flush()
    return existing
