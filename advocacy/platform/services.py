"""The platform's rules: a draft from the ranking, items chosen and ordered, adoption.

What an item shows is read for all items at once (``platform_view``): a fixed number of
queries whatever the number of items. An adopted platform is shown from its snapshot,
the same ``PlatformView`` stored as JSON when it was adopted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from advocacy import clock
from advocacy.auth.models import Organisation, OrganisationKind
from advocacy.conditions import services as condition_services
from advocacy.conditions import support
from advocacy.conditions.models import HOLDING_BACK, ConditionStatus, Dependency, FrameworkCondition
from advocacy.conditions.support import ConditionSupport, Stance
from advocacy.dialogue.models import Contact, ContactKind, contact_conditions
from advocacy.extensions import db
from advocacy.formatting import date_nb
from advocacy.papers.models import Outcome, OutcomeResult, PaperStatus, PositionPaper
from advocacy.plan.models import Goal, Measure
from advocacy.platform.access import visible_clause
from advocacy.platform.models import Platform, PlatformItem, PlatformKind, PlatformStatus

#: How many conditions a new draft starts with: the top of the ranking.
DRAFT_ITEMS = 10
#: How many contacts with the state each item shows, newest first.
CONTACTS_PER_ITEM = 3
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PlatformError(ValueError):
    """A change the platform refuses; the message is for the user, in their language."""


# --- What the page and the Word export show -----------------------------------------------

@dataclass
class ContactLine:
    """A contact with the state about the condition."""

    day: str
    kind: str
    title: str


@dataclass
class OutcomeLine:
    """What the state decided last year about a position on the condition."""

    result: str
    paper_title: str
    day: str
    note: str = ""


@dataclass
class ItemView:
    """One item as shown: the condition, what we want, why, who backs it, history."""

    place: int
    condition_id: int
    title: str
    owner_body: str
    #: What we want changed: the item's own text, else the condition's position.
    our_position: str
    measures: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    backers: list[str] = field(default_factory=list)
    #: How many of the backers are municipalities («støttes av 11 av 18 kommuner»).
    backing_municipalities: int = 0
    contacts: list[ContactLine] = field(default_factory=list)
    outcomes: list[OutcomeLine] = field(default_factory=list)
    item_id: int | None = None
    has_own_text: bool = False

    @classmethod
    def from_dict(cls, data: dict) -> ItemView:
        data = dict(data)
        data["contacts"] = [ContactLine(**c) for c in data.get("contacts", [])]
        data["outcomes"] = [OutcomeLine(**o) for o in data.get("outcomes", [])]
        return cls(**data)


@dataclass
class PlatformView:
    """The whole platform as shown."""

    year: int
    kind: str
    title: str
    introduction: str
    items: list[ItemView]
    #: The year whose outcomes the items show (the year before the platform's).
    outcome_year: int
    #: How many municipalities there are (the 18 of «støttes av 11 av 18 kommuner»).
    municipality_total: int = 0

    @property
    def kind_label(self) -> str:
        return PlatformKind(self.kind).label

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> PlatformView:
        data = dict(data)
        data["items"] = [ItemView.from_dict(item) for item in data.get("items", [])]
        return cls(**data)


def platform_view(platform: Platform) -> PlatformView:
    """What ``platform`` shows: its snapshot when adopted, else live data (seven queries)."""
    if platform.is_adopted and platform.snapshot is not None:
        return PlatformView.from_json(platform.snapshot)
    items = list(db.session.scalars(
        select(PlatformItem).where(PlatformItem.platform_id == platform.id)
        .options(joinedload(PlatformItem.condition)).order_by(PlatformItem.position)))
    ids = [item.condition_id for item in items]
    held_back = _held_back(ids)
    backers = backers_of(ids)
    contacts = _contacts(ids)
    outcomes = _outcomes(ids, platform.year - 1)
    views = []
    for place, item in enumerate(items, 1):
        condition = item.condition
        measures, goals = held_back.get(condition.id, ([], []))
        views.append(ItemView(
            place=place, condition_id=condition.id, title=condition.title,
            owner_body=condition.owner_body,
            our_position=item.own_text.strip() or condition.our_position,
            measures=measures, goals=goals, backers=backers.get(condition.id, ([], 0))[0],
            backing_municipalities=backers.get(condition.id, ([], 0))[1],
            contacts=contacts.get(condition.id, []), outcomes=outcomes.get(condition.id, []),
            item_id=item.id, has_own_text=bool(item.own_text.strip())))
    return PlatformView(year=platform.year, kind=platform.kind, title=platform.title,
                        introduction=platform.introduction, items=views,
                        outcome_year=platform.year - 1,
                        municipality_total=support.municipality_count())


def _held_back(condition_ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
    """Per condition: the measures it holds back and their goals, in the plan's order."""
    if not condition_ids:
        return {}
    rows = db.session.execute(
        select(Dependency.condition_id, Measure.title, Goal.title)
        .join(Measure, Measure.id == Dependency.measure_id)
        .join(Goal, Goal.id == Measure.goal_id)
        .where(Dependency.condition_id.in_(condition_ids),
               Dependency.effect.in_(sorted(HOLDING_BACK)))
        .order_by(Dependency.condition_id, Goal.position, Goal.id, func.lower(Measure.title)))
    found: dict[int, tuple[list[str], list[str]]] = {}
    for condition_id, measure, goal in rows:
        measures, goals = found.setdefault(condition_id, ([], []))
        measures.append(measure)
        if goal not in goals:
            goals.append(goal)
    return found


def backers_of(condition_ids: list[int]) -> dict[int, tuple[list[str], int]]:
    """Per condition: the organisations that back the county's position, by name, and how
    many of them are municipalities (one query; withdrawn answers do not count)."""
    if not condition_ids:
        return {}
    rows = db.session.execute(
        select(ConditionSupport.condition_id, Organisation.name, Organisation.kind)
        .join(Organisation, Organisation.id == ConditionSupport.organisation_id)
        .where(ConditionSupport.condition_id.in_(condition_ids),
               ConditionSupport.stance == Stance.BACKS,
               ConditionSupport.withdrawn_at.is_(None))
        .order_by(ConditionSupport.condition_id, func.lower(Organisation.name),
                  Organisation.id))
    found: dict[int, tuple[list[str], int]] = {}
    for cid, name, kind in rows:
        names, municipalities = found.get(cid, ([], 0))
        names.append(name)
        found[cid] = (names, municipalities + (kind == OrganisationKind.MUNICIPALITY))
    return found


def _contacts(condition_ids: list[int]) -> dict[int, list[ContactLine]]:
    """Per condition: its newest public contacts with the state (one query).

    The platform is the county's public position, read by partners once adopted: only
    contacts open to the public (not exempt) are named in it.
    """
    if not condition_ids:
        return {}
    condition_id = contact_conditions.c.condition_id
    newest = func.row_number().over(
        partition_by=condition_id,
        order_by=(Contact.occurred_on.desc(), Contact.id.desc())).label("n")
    ranked = (select(condition_id.label("condition_id"), Contact.occurred_on, Contact.kind,
                     Contact.title, newest)
              .join(Contact, Contact.id == contact_conditions.c.contact_id)
              .where(condition_id.in_(condition_ids), Contact.is_exempt.is_(False))
              .subquery())
    rows = db.session.execute(
        select(ranked.c.condition_id, ranked.c.occurred_on, ranked.c.kind, ranked.c.title)
        .where(ranked.c.n <= CONTACTS_PER_ITEM)
        .order_by(ranked.c.condition_id, ranked.c.n))
    found: dict[int, list[ContactLine]] = {}
    for cid, day, kind, title in rows:
        found.setdefault(cid, []).append(
            # str: the label may be lazy, and an adopted platform keeps it as JSON.
            ContactLine(day=date_nb(day), kind=str(ContactKind(kind).label), title=title))
    return found


def _outcomes(condition_ids: list[int], year: int) -> dict[int, list[OutcomeLine]]:
    """Per condition: what the state decided in ``year`` on submitted, public papers.

    An outcome recorded without the day of the decision counts in the year the paper was
    submitted, as the overview's win rate by year counts it.
    """
    if not condition_ids:
        return {}
    decided = func.coalesce(Outcome.decided_on, PositionPaper.submitted_on)
    rows = db.session.execute(
        select(Outcome.condition_id, Outcome.result, Outcome.note, Outcome.decided_on,
               PositionPaper.title)
        .join(PositionPaper, PositionPaper.id == Outcome.paper_id)
        .where(Outcome.condition_id.in_(condition_ids),
               PositionPaper.status == PaperStatus.SUBMITTED,
               PositionPaper.is_exempt.is_(False),
               decided.between(date(year, 1, 1), date(year, 12, 31)))
        .order_by(Outcome.condition_id, decided, Outcome.id))
    found: dict[int, list[OutcomeLine]] = {}
    for cid, result, note, decided_on, paper_title in rows:
        found.setdefault(cid, []).append(OutcomeLine(
            result=str(OutcomeResult(result).label), paper_title=paper_title,
            day=date_nb(decided_on), note=note or ""))
    return found


# --- Changes ------------------------------------------------------------------------------

def default_title(kind: str, year: int) -> str:
    """«Interessepolitisk plattform 2027» or «Innspill til statsbudsjettet 2027» (stored:
    in the language of whoever made or renamed the platform)."""
    return f"{PlatformKind(kind).label} {year}"


def get_by_year(year: int) -> Platform | None:
    return db.session.scalar(select(Platform).where(Platform.year == year))


def create_draft(year: int, kind: str, title: str = "", introduction: str = "") -> Platform:
    """A draft for ``year`` with the top ``DRAFT_ITEMS`` of the ranking, in ranking order.

    Conditions marked as resolved (avsluttet) are left out: there is nothing left to ask.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PlatformError(_("Året må være mellom %(first)s og %(last)s.",
                              first=FIRST_YEAR, last=LAST_YEAR))
    if get_by_year(year) is not None:
        raise PlatformError(_("Det finnes allerede en plattform for %(year)s.", year=year))
    platform = Platform(year=year, kind=kind, title=title.strip() or default_title(kind, year),
                        introduction=introduction.strip())
    top = db.session.scalars(
        condition_services.ranking_query()
        .where(FrameworkCondition.status != ConditionStatus.RESOLVED).limit(DRAFT_ITEMS))
    platform.items = [PlatformItem(condition=c, position=n) for n, c in enumerate(top, 1)]
    db.session.add(platform)
    return platform


def _require_draft(platform: Platform) -> None:
    if platform.status != PlatformStatus.DRAFT:
        raise PlatformError(_("Plattformen er vedtatt og kan ikke endres."))


def add_item(platform: Platform, condition: FrameworkCondition) -> PlatformItem:
    """Put ``condition`` last on the draft; refuses one that is on it already."""
    _require_draft(platform)
    if any(item.condition_id == condition.id for item in platform.items):
        raise PlatformError(_("«%(title)s» er allerede med i plattformen.",
                              title=condition.title))
    item = PlatformItem(condition=condition, position=len(platform.items) + 1)
    platform.items.append(item)
    return item


def remove_item(platform: Platform, item: PlatformItem) -> None:
    """Take ``item`` off the draft; the items after it move up."""
    _require_draft(platform)
    platform.items.remove(item)
    _renumber(platform.items)


def move_item(platform: Platform, item: PlatformItem, step: int) -> None:
    """Move ``item`` one place up (``step`` -1) or down (+1); at an end nothing changes."""
    _require_draft(platform)
    items = list(platform.items)
    index = items.index(item)
    other = index + step
    if step not in (-1, 1) or not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    # No unique constraint on the place: the two rows may share it for a moment while
    # the flush updates them one after the other.
    _renumber(items)


def _renumber(items: list[PlatformItem]) -> None:
    for n, item in enumerate(items, 1):
        if item.position != n:
            item.position = n


def adopt(platform: Platform, user) -> None:
    """Adopt the draft: freeze what it shows now as its snapshot; it cannot change again."""
    _require_draft(platform)
    if not platform.items:
        raise PlatformError(_("En plattform uten saker kan ikke vedtas."))
    db.session.flush()
    view = platform_view(platform)
    for item in view.items:  # the snapshot names no rows that may later go
        item.item_id = None
    platform.snapshot = view.to_json()
    platform.status = PlatformStatus.ADOPTED
    platform.adopted_at = clock.utcnow()
    platform.adopted_by = user


def list_query(user):
    """Platforms ``user`` may see, newest year first."""
    return select(Platform).options(selectinload(Platform.items)).where(
        visible_clause(user)).order_by(Platform.year.desc())
