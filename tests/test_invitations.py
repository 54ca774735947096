"""Invitations and password resets, end to end through a real SMTP server."""

from datetime import timedelta

from sqlalchemy import select

from advocacy import clock
from advocacy.auth import background
from advocacy.auth.models import Organisation, User
from advocacy.auth.services import find_user
from advocacy.extensions import db
from tests.conftest import FIXED_NOW, link_in


def _forgot(client, email: str, **kwargs):
    """Ask for a reset link; the mail goes after the response, so wait for it."""
    response = client.submit("/password/forgot", {"email": email}, **kwargs)
    assert background.wait()
    return response


def _kongsberg():
    org = Organisation(name="Kongsberg kommune", kind="municipality", municipality_number="3303")
    db.session.add(org)
    db.session.commit()
    return org


def _invite(client, org, email="kari@kongsberg.example", name="Kari Nordmann", role="partner"):
    return client.submit("/admin/users/invite", {"email": email, "name": name,
                                                 "organisation_id": org.id, "role": role})


def test_staff_invite_a_partner_who_sets_a_password_and_logs_in(client, login_as, mail_server):
    login_as("staff")
    org = _kongsberg()
    response = _invite(client, org, name="Kåre Ødegård")
    assert response.status_code == 302
    [message] = mail_server.to("kari@kongsberg.example")
    assert message["Subject"] == "Invitasjon til Fellesstemme – Buskerud fylkeskommune"
    assert "Kåre Ødegård" in str(message["To"])
    assert "Kongsberg kommune" in message.get_body(preferencelist=("plain",)).get_content()
    assert message.get_body(preferencelist=("html",)) is not None
    link = link_in(message, "/invitation/")

    client.submit("/logout", {})
    page = client.get(link)
    assert page.status_code == 200 and "Velkommen til Fellesstemme" in page.get_data(as_text=True)
    response = client.submit(link, {"password": "et godt langt passord",
                                    "confirm": "et godt langt passord"})
    assert response.status_code == 302
    user = find_user("kari@kongsberg.example")
    assert user.organisation.name == "Kongsberg kommune" and user.role == "partner"
    assert client.get("/conditions/").status_code == 200
    assert client.get("/conditions/new").status_code == 403
    assert client.get("/admin/users/").status_code == 403
    assert client.get("/admin/users/invite").status_code == 403

    # The link works once.
    client.submit("/logout", {})
    again = client.get(link)
    assert again.status_code == 410
    assert "allerede brukt" in again.get_data(as_text=True)


def test_an_expired_link_changes_nothing(client, login_as, mail_server):
    login_as("staff")
    _invite(client, _kongsberg())
    link = link_in(mail_server.messages[0], "/invitation/")
    client.submit("/logout", {})
    clock.freeze(FIXED_NOW + timedelta(days=7, minutes=1))
    response = client.get(link)
    assert response.status_code == 410 and "utløpt" in response.get_data(as_text=True)
    response = client.raw.post(link, data={"password": "et godt langt passord",
                                           "confirm": "et godt langt passord",
                                           "csrf_token": client.token("/login")})
    assert response.status_code == 410
    assert not find_user("kari@kongsberg.example").has_password


def test_a_tampered_link_is_refused(client, login_as, mail_server):
    login_as("staff")
    _invite(client, _kongsberg())
    link = link_in(mail_server.messages[0], "/invitation/")
    client.submit("/logout", {})
    response = client.get(link[:-3] + "abc")
    assert response.status_code == 410 and "ugyldig" in response.get_data(as_text=True)


def test_reinviting_replaces_the_old_link(client, login_as, mail_server):
    login_as("staff")
    org = _kongsberg()
    _invite(client, org)
    first = link_in(mail_server.messages[0], "/invitation/")
    user = find_user("kari@kongsberg.example")
    client.submit(f"/admin/users/{user.id}/resend", {}, form_url="/admin/users/invite")
    second = link_in(mail_server.messages[1], "/invitation/")
    assert first != second
    client.submit("/logout", {})
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_inviting_an_existing_account_says_so(client, login_as, make_user, mail_server):
    login_as("staff")
    make_user("partner", email="finnes@example.no")
    response = _invite(client, _kongsberg(), email="FINNES@example.no")
    assert response.status_code == 422
    assert "finnes allerede en konto" in response.get_data(as_text=True)
    assert mail_server.messages == []


def test_a_name_with_a_line_break_is_refused(client, login_as, mail_server):
    login_as("staff")
    response = _invite(client, _kongsberg(), name="Kari\r\nBcc: alle@example.no")
    assert response.status_code == 422
    assert "linjeskift" in response.get_data(as_text=True)
    assert find_user("kari@kongsberg.example") is None
    assert mail_server.messages == []


def test_staff_may_not_invite_staff_but_admins_may(client, login_as, mail_server):
    login_as("staff")
    org = _kongsberg()
    response = _invite(client, org, role="staff")
    assert response.status_code == 422
    assert find_user("kari@kongsberg.example") is None
    client.submit("/logout", {})
    login_as("admin")
    assert _invite(client, org, role="staff").status_code == 302
    assert find_user("kari@kongsberg.example").role == "staff"


def test_smtp_down_keeps_the_invitation_and_allows_a_resend(client, login_as, mail_server):
    login_as("staff")
    org = _kongsberg()
    mail_server.stop()
    response = _invite(client, org)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "kunne ikke sendes" in page
    assert "Kari Nordmann" in page  # listed among unanswered invitations
    user = find_user("kari@kongsberg.example")
    assert user is not None and not user.has_password

    mail_server.start()
    client.submit(f"/admin/users/{user.id}/resend", {}, form_url="/admin/users/invite")
    [message] = mail_server.to("kari@kongsberg.example")
    assert link_in(message, "/invitation/")


def test_viewer_and_partner_cannot_invite(client, login_as, mail_server):
    org = _kongsberg()
    for role in ("viewer", "partner"):
        login_as(role)
        assert client.get("/admin/users/invite").status_code == 403
        response = client.submit("/admin/users/invite", {
            "email": "x@example.no", "name": "X", "organisation_id": org.id, "role": "viewer"},
            form_url="/logout")
        assert response.status_code == 403
        client.submit("/logout", {})
    assert db.session.scalar(select(User).where(User.email == "x@example.no")) is None
    assert mail_server.messages == []


def test_password_reset_by_mail(client, make_user, mail_server):
    user = make_user("partner", email="per@lier.example")
    response = _forgot(client, "PER@lier.example")
    assert response.status_code == 302
    [message] = mail_server.to("per@lier.example")
    link = link_in(message, "/password/reset/")
    response = client.submit(link, {"password": "nytt langt passord", "confirm": "nytt langt passord"})
    assert response.status_code == 302
    client.submit("/logout", {})
    assert client.submit("/login", {"email": user.email, "password": "nytt langt passord"}
                         ).status_code == 302


def test_password_reset_does_not_reveal_whether_an_address_is_registered(client, make_user,
                                                                         mail_server):
    make_user("partner", email="per@lier.example")
    known = _forgot(client, "per@lier.example", follow_redirects=True)
    unknown = _forgot(client, "ingen@lier.example", follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    text = "Hvis adressen hører til en konto"
    assert text in known.get_data(as_text=True) and text in unknown.get_data(as_text=True)
    assert len(mail_server.messages) == 1


def test_short_password_is_refused_on_the_link_page(client, make_user, mail_server):
    make_user("partner", email="per@lier.example")
    _forgot(client, "per@lier.example")
    link = link_in(mail_server.messages[0], "/password/reset/")
    response = client.submit(link, {"password": "kort", "confirm": "kort"})
    assert response.status_code == 422
    assert "minst 12 tegn" in response.get_data(as_text=True)
    assert client.get(link).status_code == 200  # still usable


def test_mail_goes_to_the_outbox_folder_without_smtp(app, client, login_as, tmp_path):
    login_as("staff")
    _invite(client, _kongsberg())
    import email
    import email.policy

    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Invitasjon til Fellesstemme – Buskerud fylkeskommune"
    assert link_in(message, "/invitation/")
