"""API: the log of contacts with the state (meetings, letters, calls), read only.

A partner sees a contact only when it is public and shared with their organisation, and
of its papers only those they may open: the contact rule (``advocacy.dialogue.access``)
and the dialogue's services decide, as on the pages.
"""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import abort

from advocacy.api import schemas
from advocacy.api.common import blueprint, page_of
from advocacy.auth.models import Role
from advocacy.auth.permissions import can
from advocacy.dialogue import services
from advocacy.dialogue.models import Contact

bp = blueprint("api_dialogue", "Kontakter med staten: møter, brev, samtaler og oppfølging.")


def _plain(contact: Contact) -> Contact:
    """The contact with its time of day as tt:mm, ready to dump."""
    contact.time_text = contact.occurred_time.strftime("%H:%M") if contact.occurred_time else None
    return contact


@bp.route("/contacts/", methods=["GET"])
@bp.etag
@bp.arguments(schemas.ContactQuery, location="query")
@bp.response(200, schemas.ContactPage)
def list_contacts(args):
    """Kontaktene du kan se, som på dialogsiden (standard: nyeste først)."""
    filters = services.ContactFilters(q=args["q"], kind=args.get("kind", ""),
                                      status=args.get("status", ""),
                                      mine=current_user.id if args["mine"] else None)
    order = services.CONTACT_SORT.parse(args["sort"])
    return page_of(services.contact_list_query(current_user, filters, order), args,
                   items=lambda rows: [_plain(c) for c in rows])


@bp.route("/contacts/<row_id:contact_id>", methods=["GET"])
@bp.etag
@bp.response(200, schemas.ContactDetailSchema)
def get_contact(contact_id: int):
    """Én kontakt: hvem som deltok, hva den gjaldt, referat, avtaler og oppfølging."""
    contact = services.get_contact(contact_id)
    if contact is None or not can("view", contact):
        abort(404)
    visible_papers = services.visible_papers(current_user, contact.papers)
    # As the contact page: a partner is not shown whom it is shared with, nor who wrote it.
    is_partner = current_user.role == Role.PARTNER
    return {
        **{name: getattr(_plain(contact), name) for name in (
            "id", "kind", "kind_label", "title", "occurred_on", "status", "status_label",
            "is_exempt", "exemption_basis", "summary", "agreed", "our_people", "partners",
            "conditions", "hearings", "follow_ups")},
        "time_text": contact.time_text,
        "their_people": [{"id": p.id, "name": p.name, "description": p.description,
                          "body": p.body.label} for p in contact.their_people],
        "bodies": [b.label for b in contact.bodies],
        "papers": visible_papers,
        "shared_with": [] if is_partner else contact.shared_with,
        "created_by": None if is_partner else contact.created_by,
    }
