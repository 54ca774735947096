"""Contacts with the state: the list, the history panels, the pickers' searches, follow-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from advocacy.auth.models import Organisation, User
from advocacy.bodies.models import MAX_LABEL, BodyPerson, StateBody, key_of
from advocacy.dialogue.access import visible_clause
from advocacy.dialogue.models import (Contact, ContactStatus, FollowUp, contact_conditions,
                                      contact_hearings, contact_papers, contact_people,
                                      contact_users)
from advocacy.extensions import db
from advocacy.hearings.models import Hearing
from advocacy.papers.models import PositionPaper
from advocacy.papers.services import papers_for
from advocacy.queries import first_rows_and_total
from advocacy.search import contains_ignoring_case
from advocacy.sorting import Sorting, in_order_of

CONTACT_SORT = Sorting({
    "dato": [Contact.occurred_on, Contact.occurred_time],  # i18n: not ui
    "tittel": [Contact.title],  # i18n: not ui
    "type": [Contact.kind],
    "status": [in_order_of(Contact.status, list(ContactStatus))],
}, default="-dato", tie_breaker=Contact.id.desc(), descending_first=("dato",))  # i18n: not ui

#: Rows a history panel lists before it says how many there are in all.
PANEL_ROWS = 10


@dataclass(frozen=True)
class ContactFilters:
    """The list's search and filters (empty values filter nothing)."""

    q: str = ""
    kind: str = ""
    status: str = ""
    #: Only contacts this user took part in or registered.
    mine: int | None = None


def contact_list_query(user: User, filters: ContactFilters, order):
    """A select of the contacts ``user`` may see, filtered and ordered, for pagination."""
    stmt = select(Contact).where(visible_clause(user))
    if filters.q.strip():
        stmt = stmt.where(Contact.matching(filters.q))
    if filters.kind:
        stmt = stmt.where(Contact.kind == filters.kind)
    if filters.status:
        stmt = stmt.where(Contact.status == filters.status)
    if filters.mine is not None:
        took_part = select(contact_users.c.contact_id).where(
            contact_users.c.user_id == filters.mine)
        stmt = stmt.where(or_(Contact.id.in_(took_part), Contact.created_by_id == filters.mine))
    return stmt.order_by(*order.clauses())


def contact_counts(ids: list[int]) -> dict[int, tuple[int, int]]:
    """(their people, open follow-ups) for each of the contacts ``ids``, in two queries."""
    if not ids:
        return {}
    people = dict(db.session.execute(
        select(contact_people.c.contact_id, func.count())
        .where(contact_people.c.contact_id.in_(ids)).group_by(contact_people.c.contact_id)).all())
    open_ = dict(db.session.execute(
        select(FollowUp.contact_id, func.count())
        .where(FollowUp.contact_id.in_(ids), FollowUp.is_done.is_(False))
        .group_by(FollowUp.contact_id)).all())
    return {i: (people.get(i, 0), open_.get(i, 0)) for i in ids}


def get_contact(contact_id: int) -> Contact | None:
    """One contact with everything its page shows, in a fixed number of queries."""
    return db.session.scalar(
        select(Contact).where(Contact.id == contact_id).options(
            selectinload(Contact.our_people), selectinload(Contact.bodies),
            selectinload(Contact.their_people).joinedload(BodyPerson.body),
            selectinload(Contact.partners), selectinload(Contact.shared_with),
            selectinload(Contact.conditions), selectinload(Contact.hearings),
            selectinload(Contact.papers),
            selectinload(Contact.follow_ups).joinedload(FollowUp.responsible),
            joinedload(Contact.created_by)))


@dataclass(frozen=True)
class History:
    """The first contacts about one object that the current user may see, and how many."""

    contacts: list[Contact]
    total: int
    #: The ``new contact`` link's query argument that links the new contact to the object.
    link_arg: dict


def history(user: User, link_table, column, object_id: int, link_arg: dict) -> History:
    """Contacts linked to ``object_id`` through ``link_table.column``, newest first, that
    ``user`` may see (one query)."""
    linked = select(link_table.c.contact_id).where(column == object_id)
    contacts, total = first_rows_and_total(
        select(Contact).where(Contact.id.in_(linked), visible_clause(user))
        .order_by(Contact.occurred_on.desc(), Contact.occurred_time.desc().nulls_last(),
                  Contact.id.desc()), PANEL_ROWS)
    return History(contacts, total, link_arg)


def condition_history(user: User, condition_id: int) -> History:
    return history(user, contact_conditions, contact_conditions.c.condition_id, condition_id,
                   {"condition": condition_id})


def hearing_history(user: User, hearing_id: int) -> History:
    return history(user, contact_hearings, contact_hearings.c.hearing_id, hearing_id,
                   {"hearing": hearing_id})


def paper_history(user: User, paper_id: int) -> History:
    return history(user, contact_papers, contact_papers.c.paper_id, paper_id,
                   {"paper": paper_id})


def person_history(user: User, person_id: int) -> History:
    return history(user, contact_people, contact_people.c.person_id, person_id,
                   {"person": person_id})


# --- The pickers' searches and loads (one query each) -------------------------------------


def search_hearings(query: str, limit: int) -> list[Hearing]:
    """Hearings matching ``query``, the latest deadline first."""
    if not query.strip():
        return []
    return list(db.session.scalars(
        select(Hearing).where(Hearing.matching(query))
        .order_by(Hearing.deadline_at.desc(), Hearing.id).limit(limit)))


def hearings_by_ids(ids: list[int]) -> list[Hearing]:
    if not ids:
        return []
    return list(db.session.scalars(select(Hearing).where(Hearing.id.in_(ids))))


def search_papers(query: str, limit: int) -> list[PositionPaper]:
    """Papers matching ``query``, the most recently changed first."""
    if not query.strip():
        return []
    return list(db.session.scalars(
        select(PositionPaper).where(PositionPaper.matching(query))
        .order_by(PositionPaper.updated_at.desc(), PositionPaper.id).limit(limit)))


def papers_by_ids(ids: list[int]) -> list[PositionPaper]:
    if not ids:
        return []
    return list(db.session.scalars(select(PositionPaper).where(PositionPaper.id.in_(ids))))


def search_people(query: str, limit: int) -> list[BodyPerson]:
    """People in state bodies whose name, or whose body's name or short name, holds
    ``query``; people still in office first."""
    key = key_of(query)
    if not key or len(key) > MAX_LABEL:
        return []
    return list(db.session.scalars(
        select(BodyPerson).join(BodyPerson.body)
        .where(or_(contains_ignoring_case(BodyPerson.name, key),
                   StateBody.lookup_text.contains(key, autoescape=True)))
        .options(joinedload(BodyPerson.body))
        .order_by(case((BodyPerson.is_current, 0), else_=1), BodyPerson.name, BodyPerson.id)
        .limit(limit)))


def people_by_ids(ids: list[int]) -> list[BodyPerson]:
    if not ids:
        return []
    return list(db.session.scalars(select(BodyPerson).where(BodyPerson.id.in_(ids))
                                   .options(joinedload(BodyPerson.body))))


# --- Follow-ups ---------------------------------------------------------------------------


def open_follow_ups(user_id: int, until: date, limit: int) -> tuple[list[FollowUp], int]:
    """The user's open follow-ups due by ``until`` (overdue ones too), soonest first, at
    most ``limit``, and how many there are in all (one query)."""
    return first_rows_and_total(
        select(FollowUp).where(FollowUp.responsible_id == user_id,
                               FollowUp.is_done.is_(False), FollowUp.due_on <= until)
        .options(joinedload(FollowUp.contact).load_only(Contact.id, Contact.title))
        .order_by(FollowUp.due_on, FollowUp.id), limit)


def users_by_ids(ids: list[int]) -> list[User]:
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids))))


def organisations_by_ids(ids: list[int]) -> list[Organisation]:
    if not ids:
        return []
    return list(db.session.scalars(select(Organisation).where(Organisation.id.in_(ids))))


def visible_papers(user: User, papers: list[PositionPaper]) -> list[PositionPaper]:
    """Those of ``papers`` that ``user`` may see (a partner: those their organisation is
    invited to; one query, none for county users)."""
    if user.role != "partner" or not papers:
        return list(papers)
    ids = set(db.session.scalars(papers_for(user).with_only_columns(PositionPaper.id)
                                 .where(PositionPaper.id.in_([p.id for p in papers]))))
    return [p for p in papers if p.id in ids]
