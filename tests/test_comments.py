"""Partners comment on a draft's sections; staff read them all, grouped by section, and
resolve them; no organisation ever sees another's comments (issue 14, part 6)."""

import re
from dataclasses import dataclass
from datetime import date

import pytest
from flask import render_template
from flask_login import login_user
from sqlalchemy import select

from advocacy.audit.models import AuditEvent
from advocacy.auth.models import Organisation, User
from advocacy.extensions import db
from advocacy.papers import services
from advocacy.papers.comment_views import open_comment_count
from advocacy.papers.models import Invitation, PaperComment, PositionPaper
from tests.conftest import Client
from tests.helpers import count
from tests.helpers import text as _html
from tests.test_query_counts import count_queries

SECTIONS = [{"heading": "Bakgrunn", "body": "Buskerud trenger større næringsområder."},
            {"heading": "Forslag", "body": "- Endre statlige planretningslinjer"}]


def text(response) -> str:
    """The page's text without tags."""
    return re.sub(r"<[^>]+>", "", _html(response))


@dataclass
class World:
    paper: PositionPaper
    orgs: dict[str, Organisation]
    users: dict[str, User]


@pytest.fixture
def world(app, make_user) -> World:
    """A paper (version 2) in signing; Drammen and Lier are invited, Kongsberg is not."""
    orgs = {key: Organisation(name=f"{key.title()} kommune", kind="municipality")
            for key in ("drammen", "lier", "kongsberg")}
    db.session.add_all(orgs.values())
    users = {"staff": make_user("staff", name="Åse Ærlig"),
             "viewer": make_user("viewer", name="Leif Leser")}
    for key, org in orgs.items():
        users[key] = make_user("partner", name=f"Partner i {org.name}")
        users[key].organisation = org
    paper = services.create_paper(title="Felles uttalelse om næringsområder",
                                  author=users["staff"])
    services.save_revision(paper, title=paper.title, sections=SECTIONS, author=users["staff"],
                           base_number=1)
    paper.status = "signing"
    paper.invitations += [Invitation(organisation=orgs[key], sign_by=date(2026, 12, 20))
                          for key in ("drammen", "lier")]
    db.session.commit()
    return World(paper, orgs, users)


@pytest.fixture
def client_for(app):
    def make(user: User) -> Client:
        client = Client(app.test_client())
        client.login(user)
        return client

    return make


def _url(world: World, tail: str = "") -> str:
    return f"/papers/{world.paper.id}/comments{tail}"


def _comment(client: Client, world: World, body: str, section: int = 1, revision: int = 2):
    return client.submit(_url(world), {"section": str(section), "body": body,
                                       "revision": str(revision)})


def _only_comment() -> PaperComment:
    return db.session.scalar(select(PaperComment))


# --- commenting ----------------------------------------------------------------------------


def test_a_partner_comments_on_a_section_and_staff_see_it_under_that_section(world,
                                                                            client_for):
    drammen = client_for(world.users["drammen"])
    page = _html(drammen.get(_url(world)))
    assert re.search(r'<option value="0">Bakgrunn</option>\s*<option value="1">Forslag</option>',
                     page)
    assert "Du kommenterer versjon 2 av teksten." in text(drammen.get(_url(world)))

    response = _comment(drammen, world, "Vi mener <b>dette</b> må endres.\nSe vedtaket vårt.")
    comment = _only_comment()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(_url(world) + f"#kommentar-{comment.id}")
    assert (comment.organisation_id, comment.author_id) == (world.orgs["drammen"].id,
                                                            world.users["drammen"].id)
    assert (comment.revision_number, comment.section_index, comment.section_heading) == (
        2, 1, "Forslag")
    assert comment.body == "Vi mener <b>dette</b> må endres.\nSe vedtaket vårt."

    # Plain text: escaped, its line break kept (in an element that keeps line breaks).
    raw = drammen.get(_url(world)).get_data(as_text=True)
    assert ('<p class="pre">Vi mener &lt;b&gt;dette&lt;/b&gt; må endres.\nSe vedtaket vårt.</p>'
            in raw)
    staff_page = text(client_for(world.users["staff"]).get(_url(world)))
    section = staff_page[staff_page.index("Forslag"):]
    assert "Drammen kommune · Partner i Drammen kommune · 26.11.2026 kl. 10:00 · versjon 2" \
        in section
    assert "Åpen" in section and "på en eldre versjon" not in staff_page
    assert "1 åpen kommentar." in staff_page


def test_comments_on_an_older_version_are_marked_and_kept_under_their_section(world,
                                                                             client_for):
    _comment(client_for(world.users["drammen"]), world, "Bakgrunnen er for kort.", section=0)
    _comment(client_for(world.users["lier"]), world, "Ta med jernbanen.", section=1)
    paper, staff = world.paper, world.users["staff"]
    services.save_revision(paper, title=paper.title, author=staff, base_number=2, sections=[
        SECTIONS[0] | {"body": "Lengre bakgrunn."}, {"heading": "Våre forslag", "body": "-"}])
    db.session.commit()

    page = text(client_for(staff).get(_url(world)))
    assert page.count("på en eldre versjon") == 2
    assert "Se endringene siden versjon 2" in page
    # The current text's sections first; a renamed one is said to be gone from it.
    gone = page.index("Forslag (ikke i gjeldende versjon)")
    assert page.index("Bakgrunnen er for kort.") < gone < page.index("Ta med jernbanen.")


def test_the_comment_body_is_required_and_at_most_5000_characters(world, client_for):
    drammen = client_for(world.users["drammen"])
    refused = [({"body": "   "}, "Skriv kommentaren."),
               ({"body": "x" * 5001}, "Kommentaren kan ha høyst 5000 tegn."),
               ({"body": "Fint", "section": "7"}, "Velg en del av teksten i listen."),
               ({"body": "Fint", "section": "første"}, "Velg en del av teksten i listen.")]
    for data, message in refused:
        response = drammen.submit(_url(world), {"section": "0", "revision": "2"} | data)
        assert response.status_code == 422, message
        assert message in text(response)
    assert count(PaperComment) == 0
    assert _comment(drammen, world, "x" * 5000).status_code == 302
    assert len(_only_comment().body) == 5000


def test_a_comment_on_a_text_that_changed_meanwhile_is_not_saved_and_not_lost(world,
                                                                             client_for):
    drammen = client_for(world.users["drammen"])
    response = _comment(drammen, world, "Skrevet mens teksten ble endret.", revision=1)
    assert response.status_code == 409
    page = text(response)
    assert "Teksten er endret (nå versjon 2) siden du åpnet siden." in page
    assert "Skrevet mens teksten ble endret." in page
    assert re.search(r'name="revision" type="hidden" value="2"', _html(response))
    assert count(PaperComment) == 0


def test_a_final_or_submitted_paper_takes_no_new_comments(world, client_for):
    drammen = client_for(world.users["drammen"])
    form_url = _url(world)
    token = drammen.token(form_url)
    for status in ("final", "submitted"):
        world.paper.status = status
        db.session.commit()
        response = drammen.post(form_url, data={"section": "0", "body": "For sent?",
                                                "revision": "2", "csrf_token": token})
        assert response.status_code == 409
        assert "tar ikke imot nye kommentarer" in text(response)
        page = drammen.get(form_url)
        assert page.status_code == 200 and 'name="body"' not in _html(page)
    assert count(PaperComment) == 0


# --- who sees and does what ------------------------------------------------------------------


def test_another_organisations_comment_is_never_shown(app, world, client_for):
    _comment(client_for(world.users["drammen"]), world, "Hemmelig for Lier.")
    comment = _only_comment()
    lier = client_for(world.users["lier"])

    page = text(lier.get(_url(world)))
    assert "Hemmelig for Lier." not in page and "Drammen kommune" not in page
    assert "Ingen åpne kommentarer." in page and "Ingen kommentarer ennå." in page
    assert lier.get(_url(world, f"/{comment.id}")).status_code == 404
    response = lier.submit(_url(world, f"/{comment.id}/resolve"), {"resolved": "1"},
                           form_url=_url(world))
    assert response.status_code == 404
    assert _only_comment().resolved_at is None

    counts = {key: open_comment_count(world.paper, world.users[key])
              for key in ("drammen", "lier", "staff", "viewer")}
    assert counts == {"drammen": 1, "lier": 0, "staff": 1, "viewer": None}
    assert _panel(app, world, "lier") == "Ingen åpne kommentarer."
    assert _panel(app, world, "drammen") == "1 åpen kommentar."
    assert _panel(app, world, "viewer") is None
    # Drammen's own user finds it by its id.
    drammen = client_for(world.users["drammen"])
    assert drammen.get(_url(world, f"/{comment.id}")).headers["Location"].endswith(
        f"#kommentar-{comment.id}")


def _panel(app, world: World, key: str) -> str | None:
    """The panel's first sentence as ``key`` sees it (``None`` when it is left out)."""
    with app.test_request_context():
        login_user(world.users[key])
        html = render_template("papers/_comments_panel.html", paper=world.paper,
                               comment_count=open_comment_count(world.paper, world.users[key]))
    if "kommentarer-heading" not in html:
        return None
    return re.search(r"<p>\s*([^.]*\.)", html).group(1)


def test_a_partner_not_invited_gets_404(world, client_for):
    _comment(client_for(world.users["drammen"]), world, "Bare for Drammen.")
    kongsberg = client_for(world.users["kongsberg"])
    assert kongsberg.get(_url(world)).status_code == 404
    response = kongsberg.submit(_url(world), {"section": "0", "body": "Vi vil også.",
                                              "revision": "2"}, form_url="/logout")
    assert response.status_code == 404
    assert kongsberg.get(_url(world, f"/{_only_comment().id}")).status_code == 404
    assert count(PaperComment) == 1


def test_staff_resolve_and_reopen_and_the_partner_cannot(world, client_for):
    drammen = client_for(world.users["drammen"])
    _comment(drammen, world, "Løs meg.")
    comment = _only_comment()
    resolve_url = _url(world, f"/{comment.id}/resolve")

    assert drammen.submit(resolve_url, {"resolved": "1"}, form_url=_url(world)).status_code \
        == 403
    assert _only_comment().resolved_at is None
    assert "Merk som løst" not in text(drammen.get(_url(world)))

    staff = client_for(world.users["staff"])
    response = staff.submit(resolve_url, {"resolved": "1"}, form_url=_url(world))
    assert response.status_code == 302
    db.session.expire_all()
    comment = _only_comment()
    assert comment.resolved_by_id == world.users["staff"].id and comment.resolved_at
    page = text(staff.get(_url(world)))
    assert "Løst av Åse Ærlig 26.11.2026 kl. 10:00" in page and "Åpne igjen" in page
    assert "Ingen åpne kommentarer." in page and "1 kommentar er løst." in page
    # The partner sees that it was resolved.
    assert "Løst av Åse Ærlig" in text(drammen.get(_url(world)))

    staff.submit(resolve_url, {"resolved": "0"}, form_url=_url(world))
    db.session.expire_all()
    assert _only_comment().resolved_at is None and _only_comment().resolved_by_id is None
    response = staff.submit(resolve_url, {"resolved": "ja"}, form_url=_url(world))
    assert "Ugyldig skjema; ingenting er endret." in text(staff.get(_url(world)))
    assert _only_comment().resolved_at is None

    # Who wrote and who resolved is in the change log.
    events = db.session.execute(select(AuditEvent.action, AuditEvent.actor_id)
                                .where(AuditEvent.object_type == "paper_comment")
                                .order_by(AuditEvent.id)).all()
    assert [tuple(e) for e in events] == [("create", world.users["drammen"].id),
                                          ("update", world.users["staff"].id),
                                          ("update", world.users["staff"].id)]
    log = text(staff.get("/audit/?type=paper_comment"))
    assert "Kommentar til utkast" in log and "Løst av" in log


@pytest.mark.parametrize("who", ["staff", "viewer"])
def test_only_invited_partners_write_comments(world, client_for, who):
    client = client_for(world.users[who])
    response = client.submit(_url(world), {"section": "0", "body": "Fra fylket.",
                                           "revision": "2"}, form_url="/logout")
    assert response.status_code == 403
    assert count(PaperComment) == 0
    page = client.get(_url(world))
    if who == "staff":
        assert page.status_code == 200 and 'name="body"' not in _html(page)
    else:  # viewers read the paper but not the organisations' comments
        assert page.status_code == 403


def test_the_staff_page_costs_the_same_with_more_comments(world, client_for, make_user):
    staff = client_for(world.users["staff"])

    def queries() -> int:
        staff.get(_url(world))  # warm up: the session and the user are loaded alike
        with count_queries() as statements:
            assert staff.get(_url(world)).status_code == 200
        return len(statements)

    _comment(client_for(world.users["drammen"]), world, "Den første.")
    few = queries()
    # More organisations, more authors, resolved ones: still the same queries.
    world.paper.invitations.append(Invitation(organisation=world.orgs["kongsberg"],
                                              sign_by=date(2026, 12, 20)))
    db.session.commit()
    for key in ("lier", "kongsberg"):
        for i in range(3):
            author = make_user("partner")
            author.organisation = world.orgs[key]
            db.session.commit()
            _comment(client_for(author), world, f"Kommentar {i} fra {key}.", section=i % 2)
    for found in db.session.scalars(select(PaperComment).limit(3)):
        staff.submit(_url(world, f"/{found.id}/resolve"), {"resolved": "1"},
                     form_url=_url(world))
    assert count(PaperComment) == 7
    assert queries() == few
