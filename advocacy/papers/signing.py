"""Co-signing: invitations, answers bound to the signed text, and what a new revision changes.

An organisation's answer (an ``Invitation`` row) is given on one revision and stores the
hash of that revision's text. When the text changes, a signature stays on the earlier
version ("signerte en tidligere versjon") until the organisation confirms again. Every
refusal is a ``SigningError`` with a Norwegian message, raised before anything changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from advocacy import clock, i18n
from advocacy.auth import accounts
from advocacy.auth.models import (ContactRole, Organisation, OrganisationContact, Role,
                                  User)
from advocacy.auth.services import AccountError, NotPermitted, find_user
from advocacy.extensions import db
from advocacy.formatting import date_nb
from advocacy.hearings.holidays import WEEKEND_NAMES, non_working_reason
from advocacy.hearings.models import Hearing, Milestone, MilestoneKind
from advocacy.hearings.services import deadline_at, move_sign_by_milestone, sign_by_milestone
from advocacy.notify import mail
from advocacy.papers import notices
from advocacy.papers.models import (Answer, Invitation, NoticeAnswer, PaperRevision,
                                    PaperStatus, PositionPaper)
from advocacy.papers.services import signing_summary

#: Values of ``SIGN_AFTER_DEADLINE``: refuse an answer after the sign-by date, or take it
#: with a warning.
REFUSE, WARN = "refuse", "warn"


class SigningError(ValueError):
    """An invitation or answer that is refused; the message is shown to the user."""


@dataclass
class InviteResult:
    """What ``invite`` did, for the message to staff."""

    invited: list[Organisation] = field(default_factory=list)
    #: Already invited; their sign-by date was moved.
    moved: list[Organisation] = field(default_factory=list)
    #: Invited, with no active user: the invitation went to these contact addresses.
    via_contacts: list[tuple[Organisation, list[str]]] = field(default_factory=list)
    #: The hearing's "partners sign by" milestone was moved to the new sign-by date.
    milestone_moved: bool = False
    warnings: list[str] = field(default_factory=list)


#: Who receives an invitation for an organisation: its users, its contacts, or nobody.
USERS, CONTACTS, NOBODY = "users", "contacts", "nobody"


@dataclass(frozen=True)
class SignatureRow:
    """One invited organisation as the paper page shows it to one user."""

    invitation: Invitation
    #: ``current``, ``stale`` (signed an earlier version), ``declined`` or ``pending``.
    state: str
    #: The declining comment if this user may read it, else "".
    visible_comment: str
    is_own: bool


# --- reading -------------------------------------------------------------------------------

def invitation_for(paper: PositionPaper, user: User) -> Invitation | None:
    """The invitation of ``user``'s organisation to ``paper``, if it was invited."""
    if user.organisation_id is None:
        return None
    return next((i for i in paper.invitations if i.organisation_id == user.organisation_id),
                None)


def is_answerer(paper: PositionPaper, user: User) -> bool:
    """A partner whose organisation is invited to ``paper`` (whatever the paper's status)."""
    return user.role == Role.PARTNER and invitation_for(paper, user) is not None


def state_of(invitation: Invitation) -> str:
    """``current``, ``stale``, ``declined`` or ``pending``."""
    if invitation.answer == Answer.SIGNED:
        return "current" if invitation.is_current else "stale"
    return invitation.answer


def has_answered(invitation: Invitation) -> bool:
    """Signed the current text, or declined (a decline stands when the text changes)."""
    return invitation.is_current or invitation.answer == Answer.DECLINED


def all_answered(paper: PositionPaper) -> bool:
    """Every invited organisation has answered; ``False`` when nobody is invited."""
    return bool(paper.invitations) and all(has_answered(i) for i in paper.invitations)


def summary(paper: PositionPaper) -> str:
    """"N av M har signert", counting signatures on the current text only."""
    signed, invited = signing_summary(paper)
    return _("%(signed)d av %(invited)d har signert", signed=signed, invited=invited)


def is_past_sign_by(invitation: Invitation) -> bool:
    """The sign-by date (23:59 Oslo time) has passed."""
    return clock.now() > deadline_at(invitation.sign_by)


def may_read_comment(invitation: Invitation, user: User) -> bool:
    """County staff, the declining organisation itself, and everyone once staff share it."""
    return (user.is_editor or invitation.is_comment_shared
            or (user.organisation_id is not None
                and user.organisation_id == invitation.organisation_id))


def signature_rows(paper: PositionPaper, user: User) -> list[SignatureRow]:
    """The invited organisations by name, with what ``user`` may see of each answer."""
    rows = []
    for invitation in sorted(paper.invitations, key=lambda i: i.organisation.name.casefold()):
        comment = invitation.comment if may_read_comment(invitation, user) else ""
        rows.append(SignatureRow(invitation, state_of(invitation), comment,
                                 is_own=invitation.organisation_id == user.organisation_id))
    return rows


def last_signature(user: User) -> Invitation | None:
    """The latest signature ``user`` gave (on any paper), to prefill name and title."""
    return db.session.scalar(select(Invitation)
                             .where(Invitation.signer_id == user.id,
                                    Invitation.answer == Answer.SIGNED,
                                    Invitation.signer_title != "")
                             .order_by(Invitation.answered_at.desc(), Invitation.id.desc())
                             .limit(1))


def refusal(paper: PositionPaper, user: User) -> str | None:
    """Why ``user`` cannot answer for their organisation now, or ``None`` if they can."""
    try:
        _deadline_warnings(_own_invitation(paper, user, None, ANSWER))
    except SigningError as error:
        return str(error)
    return None


def organisations_by_ids(ids: Iterable[int]) -> list[Organisation]:
    """The organisations with these ids, by name (unknown ids are left out)."""
    ids = set(ids)
    if not ids:
        return []
    return list(db.session.scalars(select(Organisation).where(Organisation.id.in_(ids))
                                   .order_by(Organisation.name)))


# --- who receives an invitation -----------------------------------------------------------

def contacts_to_invite(organisation: Organisation) -> list[OrganisationContact]:
    """The contacts an invitation goes to when the organisation has no active user: its
    postmottak if it has one, else all its contacts."""
    contacts = list(organisation.contacts)
    postmottak = [c for c in contacts if c.role == ContactRole.POSTMOTTAK]
    return postmottak or contacts


def reach_of(organisation_ids: Iterable[int]) -> dict[int, str]:
    """For each organisation id: ``USERS`` (an active user gets the invitation),
    ``CONTACTS`` (no active user; its contacts get it) or ``NOBODY`` — in two queries."""
    ids = set(organisation_ids)
    if not ids:
        return {}
    with_users = set(db.session.scalars(
        select(User.organisation_id).where(User.organisation_id.in_(ids),
                                           User.is_active_account.is_(True), User.email != "")
        .group_by(User.organisation_id)))
    with_contacts = set(db.session.scalars(
        select(OrganisationContact.organisation_id)
        .where(OrganisationContact.organisation_id.in_(ids))
        .group_by(OrganisationContact.organisation_id)))
    return {i: USERS if i in with_users else CONTACTS if i in with_contacts else NOBODY
            for i in ids}


def sign_by_warnings(paper: PositionPaper, sign_by: date) -> list[str]:
    """Warnings (not refusals) about a sign-by date: a weekend or public holiday, or a day
    after the hearing's deadline."""
    warnings = []
    reason = non_working_reason(sign_by)
    if reason:
        weekday = sign_by.weekday()
        weekend = WEEKEND_NAMES.get(weekday)
        is_weekend = weekend is not None and str(reason) == str(weekend)
        if is_weekend and weekday == 5:
            warnings.append(_("Fristen for å signere (%(date)s) er en lørdag, da mange ikke er "
                              "på jobb. Vurder en arbeidsdag.", date=date_nb(sign_by)))
        elif is_weekend:
            warnings.append(_("Fristen for å signere (%(date)s) er en søndag, da mange ikke er "
                              "på jobb. Vurder en arbeidsdag.", date=date_nb(sign_by)))
        else:
            warnings.append(_("Fristen for å signere (%(date)s) er en helligdag (%(holiday)s), "
                              "da mange ikke er på jobb. Vurder en arbeidsdag.",
                              date=date_nb(sign_by), holiday=reason))
    hearing = paper.hearing
    if hearing is not None and deadline_at(sign_by) > hearing.deadline_at:
        warnings.append(_("Fristen for å signere (%(date)s) er etter høringsfristen "
                          "(%(deadline)s).", date=date_nb(sign_by),
                          deadline=date_nb(hearing.deadline_at)))
    return warnings


# --- staff: inviting and sharing -----------------------------------------------------------

def invite(paper: PositionPaper, organisations: Iterable[Organisation], sign_by: date,
           invited_by: User) -> InviteResult:
    """Invite organisations to co-sign ``paper`` by ``sign_by`` and mail their users.

    An organisation without an active user is mailed at its contacts instead (postmottak
    first), each with a link to create a partner account in it; one that has neither is
    refused. Users who have not yet set a password get a new account link in the mail.
    An organisation already invited keeps its answer; only its sign-by date moves (so its
    reminders follow the new date). A draft paper moves to status signing. The paper's
    hearing's "partners sign by" milestone moves to ``sign_by`` (and with it every pending
    invitation to the hearing's papers, see ``follow_sign_by_milestone``).

    :param sign_by: the last day to answer; the deadline is 23:59 Oslo time that day.
    :param invited_by: the staff member inviting, named in the mail.
    """
    organisations = list({o.id: o for o in organisations}.values())
    if not invited_by.is_editor:
        raise SigningError(_("Bare fylkeskommunens rådgivere kan invitere til medsignering."))
    if paper.status == PaperStatus.SUBMITTED:
        raise SigningError(_("Uttalelsen er sendt inn; det kan ikke lenger inviteres flere til "
                             "å signere."))
    if paper.is_locked:
        raise SigningError(_("Uttalelsen er endelig; det kan ikke lenger inviteres flere til å "
                             "signere."))
    if not organisations:
        raise SigningError(_("Velg minst én organisasjon."))
    if sign_by < clock.today():
        raise SigningError(_("Fristen for å signere kan ikke være tilbake i tid."))
    existing = {i.organisation_id: i for i in paper.invitations}
    if all(o.id in existing and existing[o.id].sign_by == sign_by for o in organisations):
        raise SigningError(_("De valgte organisasjonene er allerede invitert med denne "
                             "fristen."))
    reach = reach_of(o.id for o in organisations if o.id not in existing)
    unreachable = [o for o in organisations if reach.get(o.id) == NOBODY]
    if unreachable:
        names = ", ".join(o.name for o in unreachable)
        raise SigningError(_("Ingen kan motta invitasjonen for %(names)s: organisasjonen har "
                             "verken aktive brukere eller kontaktpersoner. Legg til en "
                             "kontaktperson eller en bruker, eller fjern den fra valget. "
                             "Ingen invitasjoner er sendt.", names=names))

    result = InviteResult()
    if paper.hearing is not None:
        result.milestone_moved = move_sign_by_milestone(paper.hearing, sign_by)
    for organisation in organisations:
        invitation = existing.get(organisation.id)
        if invitation is not None:
            if invitation.sign_by != sign_by:
                invitation.sign_by = sign_by
                result.moved.append(organisation)
            continue
        invitation = Invitation(paper=paper, organisation=organisation, sign_by=sign_by)
        db.session.add(invitation)
        result.invited.append(organisation)
        context = {"paper": paper, "organisation": organisation, "invited_by": invited_by,
                   "sign_by": sign_by,
                   "link": mail.external_url("signing.sign", paper_id=paper.id)}
        users = users_of(organisation)
        for user in users:
            account = None
            if not user.has_password:
                try:
                    account = accounts.renewed_link(user, invited_by)
                except AccountError:
                    pass
            _queue(user, "papers/invitation", **context, **_account_context(account))
        if not users:
            addresses = [_invite_contact(contact, invited_by, context)
                         for contact in contacts_to_invite(organisation)]
            result.via_contacts.append((organisation, addresses))
    if result.invited:
        # Someone new has to answer before "all have answered" is true again.
        paper.all_answered_mailed_at = None
        if paper.status == PaperStatus.DRAFT:
            paper.status = PaperStatus.SIGNING
    result.warnings.extend(sign_by_warnings(paper, sign_by))
    return result


def _account_context(account: tuple[str, object] | None) -> dict:
    if account is None:
        return {"account_link": None, "account_expires_at": None}
    return {"account_link": account[0], "account_expires_at": account[1]}


def _invite_contact(contact: OrganisationContact, invited_by: User, context: dict) -> str:
    """Mail the invitation to a contact, with a link to create a partner account in its
    organisation (the account exists, without a password, until they accept); returns the
    address. An address that already has an account elsewhere gets no account link."""
    organisation = context["organisation"]
    language = i18n.for_organisation(organisation)
    name = contact.name or _("Postmottak, %(organisation)s", organisation=organisation.name)
    account = None
    existing = find_user(contact.email)
    if existing is None or (existing.organisation_id == organisation.id
                            and not existing.has_password):
        try:
            user, link, expires = accounts.invitation_link(
                email=contact.email, name=name, organisation=organisation, role=Role.PARTNER,
                invited_by=invited_by)
        except (AccountError, NotPermitted):
            pass
        else:
            account, name = (link, expires), user.name
    mail.queue(db.session, mail.build_message(
        mail.Recipient(contact.email, name, language=language), "papers/invitation",
        contact=contact, **context, **_account_context(account)))
    return contact.email


def follow_sign_by_milestone(hearing: Hearing) -> None:
    """Give the pending invitations to ``hearing``'s papers the day of its "partners sign
    by" milestone: the one place that keeps the two one date, whichever of them moved."""
    milestone = sign_by_milestone(hearing)
    if milestone is None or hearing.id is None:
        return
    day = milestone.due_at.astimezone(clock.OSLO).date()
    for invitation in db.session.scalars(
            select(Invitation).join(PositionPaper)
            .where(PositionPaper.hearing_id == hearing.id,
                   PositionPaper.status.in_((PaperStatus.DRAFT, PaperStatus.SIGNING)),
                   Invitation.answer == Answer.PENDING, Invitation.sign_by != day)):
        invitation.sign_by = day


@event.listens_for(Session, "before_flush")
def _invitations_follow_milestones(session: Session, flush_context, instances) -> None:
    """A "partners sign by" milestone added or moved (also by its hearing's deadline
    moving) moves the pending invitations with it."""
    hearings = set()
    for obj in (*session.new, *session.dirty):
        if (isinstance(obj, Milestone) and obj.kind == MilestoneKind.PARTNERS_SIGN_BY
                and (obj in session.new or session.is_modified(obj))):
            if obj.hearing is not None:
                hearings.add(obj.hearing)
        elif (isinstance(obj, Hearing) and obj not in session.new
              and inspect(obj).attrs.deadline_at.history.has_changes()):
            hearings.add(obj)
    if not hearings:
        return
    with session.no_autoflush:
        for hearing in hearings:
            follow_sign_by_milestone(hearing)


def remind(invitation: Invitation, reminded_by: User) -> list[str]:
    """Mail an organisation that has not answered a reminder to answer; returns the addresses.

    It goes to the organisation's active users, or to its contacts (postmottak first) when it
    has none; at most once a day (Oslo) per invitation, recorded in ``last_reminded_at``.
    """
    paper, organisation = invitation.paper, invitation.organisation
    if not reminded_by.is_editor:
        raise SigningError(_("Bare fylkeskommunens rådgivere kan sende påminnelser."))
    if paper.status == PaperStatus.SUBMITTED:
        raise SigningError(_("Uttalelsen er sendt inn; det sendes ikke lenger påminnelser om å "
                             "signere."))
    if paper.is_locked:
        raise SigningError(_("Uttalelsen er endelig; det sendes ikke lenger påminnelser om å "
                             "signere."))
    if has_answered(invitation):
        raise SigningError(_("%(organisation)s har allerede svart; ingen påminnelse er sendt.",
                             organisation=organisation.name))
    if reminded_today(invitation):
        sent_at = invitation.last_reminded_at.astimezone(clock.OSLO)
        raise SigningError(_("%(organisation)s fikk en påminnelse i dag kl. %(time)s. Det "
                             "sendes høyst én påminnelse om dagen; prøv igjen i morgen.",
                             organisation=organisation.name, time=sent_at.strftime("%H:%M")))
    context = {"paper": paper, "invitation": invitation, "organisation": organisation,
               "reminded_by": reminded_by, "state": state_of(invitation),
               "link": mail.external_url("signing.sign", paper_id=paper.id)}
    users = users_of(organisation)
    if users:
        for user in users:
            _queue(user, "papers/reminder", **context)
        addresses = [u.email for u in users]
    else:
        contacts = contacts_to_invite(organisation)
        if not contacts:
            raise SigningError(_("%(organisation)s har verken aktive brukere eller "
                                 "kontaktpersoner med e-postadresse, så påminnelsen kan ikke "
                                 "sendes. Legg til en kontaktperson på organisasjonens side.",
                                 organisation=organisation.name))
        language = i18n.for_organisation(organisation)
        for contact in contacts:
            name = contact.name or _("Postmottak, %(organisation)s",
                                     organisation=organisation.name)
            recipient = mail.Recipient(contact.email, name, language=language)
            mail.queue(db.session, mail.build_message(recipient,
                                                      "papers/reminder", user=None,
                                                      contact=contact, **context))
        addresses = [c.email for c in contacts]
    invitation.last_reminded_at = clock.utcnow()
    return addresses


def reminded_today(invitation: Invitation) -> bool:
    """Staff sent the organisation a reminder earlier today (Oslo)."""
    last = invitation.last_reminded_at
    return last is not None and last.astimezone(clock.OSLO).date() == clock.today()


def share_comment(invitation: Invitation, shared: bool) -> None:
    """Let the other invited partners read a declining organisation's comment, or stop it."""
    if shared and (invitation.answer != Answer.DECLINED or not invitation.comment):
        raise SigningError(_("%(organisation)s har ingen kommentar å dele.",
                             organisation=invitation.organisation.name))
    invitation.is_comment_shared = shared


# --- partners: answering -------------------------------------------------------------------

def sign(paper: PositionPaper, user: User, *, name: str, title: str, mandate: str,
         organisation: Organisation | None = None) -> list[str]:
    """Sign the current text for ``user``'s organisation; returns warnings (e.g. late).

    Signing again after the text changed confirms the signature on the new text.

    :param organisation: the organisation the form claims to answer for; refused unless
        it is the user's own.
    """
    invitation = _own_invitation(paper, user, organisation, SIGN)
    current = paper.current
    if invitation.answer == Answer.SIGNED and invitation.signed_hash == current.content_hash:
        raise SigningError(_("%(organisation)s har allerede signert denne versjonen av "
                             "uttalelsen (versjon %(number)s).",
                             organisation=invitation.organisation.name, number=current.number))
    name, title, mandate = name.strip(), title.strip(), mandate.strip()
    if not (name and title and mandate):
        raise SigningError(_("Skriv navn, stilling og fullmakt for å signere."))
    warnings = _deadline_warnings(invitation)
    _answer(invitation, Answer.SIGNED, user, current)
    invitation.signer_name, invitation.signer_title, invitation.mandate = name, title, mandate
    notices.record(invitation, NoticeAnswer.SIGNED, user)
    _tell_when_all_answered(paper)
    return warnings


def decline(paper: PositionPaper, user: User, *, comment: str,
            organisation: Organisation | None = None) -> list[str]:
    """Decline for ``user``'s organisation with a comment; returns warnings (e.g. late)."""
    invitation = _own_invitation(paper, user, organisation, DECLINE)
    current = paper.current
    if invitation.answer == Answer.DECLINED and invitation.signed_hash == current.content_hash:
        raise SigningError(_("%(organisation)s har allerede takket nei til denne versjonen av "
                             "uttalelsen (versjon %(number)s).",
                             organisation=invitation.organisation.name, number=current.number))
    comment = comment.replace("\r\n", "\n").strip()
    if not comment:
        raise SigningError(_("Skriv en kommentar om hvorfor organisasjonen takker nei."))
    warnings = _deadline_warnings(invitation)
    _answer(invitation, Answer.DECLINED, user, current)
    invitation.signer_name = user.name
    invitation.comment = comment
    notices.record(invitation, NoticeAnswer.DECLINED, user)
    _tell_when_all_answered(paper)
    return warnings


def withdraw(paper: PositionPaper, user: User,
             organisation: Organisation | None = None) -> None:
    """Withdraw the answer of ``user``'s organisation; it is pending again."""
    invitation = _own_invitation(paper, user, organisation, WITHDRAW)
    if invitation.answer == Answer.PENDING:
        raise SigningError(_("%(organisation)s har ikke svart, så det er ikke noe svar å "
                             "trekke tilbake.", organisation=invitation.organisation.name))
    _answer(invitation, Answer.PENDING, None, None)
    invitation.answered_at = None
    paper.all_answered_mailed_at = None
    notices.record(invitation, NoticeAnswer.WITHDRAWN, user)


#: What a partner is doing in ``_own_invitation``: it picks the refusal's wording.
ANSWER, SIGN, DECLINE, WITHDRAW = "answer", "sign", "decline", "withdraw"


def _too_late(paper: PositionPaper, doing: str) -> str | None:
    """Why it is too late for ``doing`` on a submitted or final paper, else ``None``."""
    if paper.status == PaperStatus.SUBMITTED:
        return {
            ANSWER: _("Uttalelsen er sendt inn; det er for sent å svare på den."),
            SIGN: _("Uttalelsen er sendt inn; det er for sent å signere den."),
            DECLINE: _("Uttalelsen er sendt inn; det er for sent å takke nei til den."),
            WITHDRAW: _("Uttalelsen er sendt inn; det er for sent å trekke tilbake svaret på "
                        "den."),
        }[doing]
    if paper.status == PaperStatus.FINAL:
        return {
            ANSWER: _("Uttalelsen er endelig; det er for sent å svare på den. Kontakt "
                      "fylkeskommunen om dere vil endre svaret."),
            SIGN: _("Uttalelsen er endelig; det er for sent å signere den. Kontakt "
                    "fylkeskommunen om dere vil endre svaret."),
            DECLINE: _("Uttalelsen er endelig; det er for sent å takke nei til den. Kontakt "
                       "fylkeskommunen om dere vil endre svaret."),
            WITHDRAW: _("Uttalelsen er endelig; det er for sent å trekke tilbake svaret på "
                        "den. Kontakt fylkeskommunen om dere vil endre svaret."),
        }[doing]
    return None


def _own_invitation(paper: PositionPaper, user: User, organisation: Organisation | None,
                    doing: str) -> Invitation:
    """The invitation ``user`` may answer, or the reason they may not.

    :param doing: ``ANSWER``, ``SIGN``, ``DECLINE`` or ``WITHDRAW``.
    """
    own = user.organisation
    if organisation is not None and organisation.id != user.organisation_id:
        if own is not None:
            raise SigningError(_("Du kan bare svare for din egen organisasjon (%(own)s), ikke "
                                 "for %(organisation)s.", own=own.name,
                                 organisation=organisation.name))
        raise SigningError(_("Du kan bare svare for din egen organisasjon, ikke for "
                             "%(organisation)s.", organisation=organisation.name))
    invitation = invitation_for(paper, user)
    if user.role != Role.PARTNER or invitation is None:
        raise SigningError(_("Organisasjonen din er ikke invitert til å signere denne "
                             "uttalelsen."))
    if reason := _too_late(paper, doing):
        raise SigningError(reason)
    return invitation


def _deadline_warnings(invitation: Invitation) -> list[str]:
    if not is_past_sign_by(invitation):
        return []
    day = date_nb(invitation.sign_by)
    if str(current_app.config.get("SIGN_AFTER_DEADLINE", REFUSE)).lower() == WARN:
        return [_("Fristen for å svare var %(date)s. Svaret er likevel registrert.", date=day)]
    raise SigningError(_("Fristen for å svare gikk ut %(date)s. Kontakt fylkeskommunen om dere "
                         "fortsatt vil svare.", date=day))


def _answer(invitation: Invitation, answer: str, user: User | None,
            revision: PaperRevision | None) -> None:
    """Record ``answer`` on ``revision`` and clear what the previous answer left."""
    invitation.answer = answer
    invitation.revision = revision
    invitation.signed_hash = revision.content_hash if revision is not None else ""
    invitation.signer = user
    invitation.signer_name = invitation.signer_title = invitation.mandate = ""
    invitation.comment = ""
    invitation.is_comment_shared = False
    invitation.answered_at = clock.utcnow()


# --- reacting to changes -------------------------------------------------------------------

def after_revision(paper: PositionPaper, revision: PaperRevision) -> None:
    """React to a new revision of a paper's text (signatures on earlier text go stale).

    Organisations whose signature was on the text just replaced are asked by mail to
    confirm again, with a link to the diff. Those whose signature was already on an older
    text were asked when it went stale and are not mailed again (reminders still list them).
    """
    previous = max((r for r in paper.revisions if r.number < revision.number),
                   key=lambda r: r.number, default=None)
    if previous is None or previous.content_hash == revision.content_hash:
        return
    for invitation in paper.invitations:
        if invitation.answer != Answer.SIGNED or invitation.signed_hash != previous.content_hash:
            continue
        old_number = invitation.revision.number if invitation.revision else previous.number
        for user in users_of(invitation.organisation):
            _queue(user, "papers/confirm_again", paper=paper, invitation=invitation,
                   organisation=invitation.organisation, old_number=old_number,
                   new_number=revision.number,
                   diff_link=mail.external_url("papers.diff", paper_id=paper.id,
                                               old=old_number, new=revision.number),
                   link=mail.external_url("signing.sign", paper_id=paper.id))
    _tell_when_all_answered(paper)


def _tell_when_all_answered(paper: PositionPaper) -> None:
    """Mail the responsible user once when every invited organisation has answered."""
    if paper.all_answered_mailed_at is not None or not all_answered(paper):
        return
    responsible = paper.responsible
    if responsible is None or not responsible.is_active or not responsible.email:
        return
    rows = sorted(paper.invitations, key=lambda i: i.organisation.name.casefold())
    _queue(responsible, "papers/all_answered", paper=paper,
           signed=[i for i in rows if i.answer == Answer.SIGNED],
           declined=[i for i in rows if i.answer == Answer.DECLINED],
           link=mail.external_url("papers.detail", paper_id=paper.id))
    paper.all_answered_mailed_at = clock.utcnow()


def users_of(organisation: Organisation) -> list[User]:
    """The organisation's active users that have an email address."""
    return [u for u in organisation.users if u.is_active and u.email]


def _queue(user: User, template: str, **context) -> None:
    recipient = mail.Recipient(user.email, user.name, language=i18n.for_user(user))
    mail.queue(db.session, mail.build_message(recipient, template, user=user, **context))


def default_sign_by(paper: PositionPaper) -> date | None:
    """The day of the paper's hearing's "partners sign by" milestone, unless it is past:
    the sign-by date offered when inviting, so the two stay one date."""
    if paper.hearing is None:
        return None
    milestone = sign_by_milestone(paper.hearing)
    if milestone is None:
        return None
    day = milestone.due_at.astimezone(clock.OSLO).date()
    return day if day >= clock.today() else None
