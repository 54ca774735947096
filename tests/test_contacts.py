"""Contacts of an organisation: admins add, change and remove them; nobody else may."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from advocacy.audit.models import AuditEvent
from advocacy.auth.models import Organisation, OrganisationContact
from advocacy.extensions import db


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def kongsberg(app) -> Organisation:
    org = Organisation(name="Kongsberg kommune", kind="municipality", municipality_number="3303")
    db.session.add(org)
    db.session.commit()
    return org


def contacts(org_id: int) -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(select(
        OrganisationContact.role, OrganisationContact.name, OrganisationContact.email)
        .where(OrganisationContact.organisation_id == org_id)
        .order_by(OrganisationContact.id)).all()


def _add(client, org, **data):
    form = {"contact-role": "postmottak", "contact-name": "",
            "contact-email": "Postmottak@Kongsberg.kommune.no"} | data
    return client.submit(f"/admin/organisations/{org.id}/contacts/new", form,
                         form_url=f"/admin/organisations/{org.id}/edit")


def test_admin_adds_changes_and_removes_a_contact(client, login_as, kongsberg):
    login_as("admin")
    response = _add(client, kongsberg)
    assert response.status_code == 302
    assert contacts(kongsberg.id) == [("postmottak", "", "postmottak@kongsberg.kommune.no")]
    page = text(client.get(f"/admin/organisations/{kongsberg.id}/edit"))
    assert "Kontaktpersoner" in page and "postmottak@kongsberg.kommune.no" in page

    response = _add(client, kongsberg, **{"contact-role": "mayor", "contact-name": "Kari Ordfører",
                                          "contact-email": "kari@kongsberg.kommune.no"})
    assert response.status_code == 302
    contact = db.session.scalar(select(OrganisationContact).where(
        OrganisationContact.role == "mayor"))
    response = client.submit(f"/admin/contacts/{contact.id}/edit", {
        "contact-role": "chief_executive", "contact-name": "Kari Direktør",
        "contact-email": "kari@kongsberg.kommune.no"})
    assert response.status_code == 302
    assert contacts(kongsberg.id)[1] == ("chief_executive", "Kari Direktør",
                                         "kari@kongsberg.kommune.no")
    response = client.submit(f"/admin/contacts/{contact.id}/delete",
                             form_url=f"/admin/organisations/{kongsberg.id}/edit")
    assert response.status_code == 302
    assert len(contacts(kongsberg.id)) == 1
    # Audited, with labels.
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "organisation_contact").limit(1)) is not None


@pytest.mark.parametrize(("data", "message"), [
    ({"contact-email": "ikke-en-adresse"}, "Skriv en gyldig e-postadresse"),
    ({"contact-email": ""}, "Skriv e-postadressen."),
    ({"contact-role": "mayor", "contact-name": ""}, "Bare postmottak kan stå uten navn"),
    ({"contact-role": "boss", "contact-name": "X"}, "Ikke et gyldig valg"),
    ({"contact-name": "A\nB"}, "linjeskift"),
])
def test_bad_contact_input_is_refused_in_norwegian(client, login_as, kongsberg, data, message):
    login_as("admin")
    response = _add(client, kongsberg, **data)
    assert response.status_code == 422
    assert message in text(response)
    assert contacts(kongsberg.id) == []


@pytest.mark.parametrize("role", ["staff", "viewer", "partner"])
def test_only_admins_manage_contacts(app, client, make_user, kongsberg, role):
    contact = OrganisationContact(organisation=kongsberg, role="postmottak", name="",
                                  email="postmottak@kongsberg.kommune.no")
    db.session.add(contact)
    db.session.commit()
    user = make_user(role)
    client.login(user)
    token = client.token("/profile") if client.get("/profile").status_code == 200 else ""
    base = {"csrf_token": token, "contact-role": "other", "contact-name": "Ola",
            "contact-email": "ola@kongsberg.kommune.no"}
    assert client.post(f"/admin/organisations/{kongsberg.id}/contacts/new",
                       data=base).status_code == 403
    assert client.get(f"/admin/contacts/{contact.id}/edit").status_code == 403
    assert client.post(f"/admin/contacts/{contact.id}/edit", data=base).status_code == 403
    assert client.post(f"/admin/contacts/{contact.id}/delete",
                       data={"csrf_token": token}).status_code == 403
    assert contacts(kongsberg.id) == [("postmottak", "", "postmottak@kongsberg.kommune.no")]
