"""What every request costs before the page's own work: one statement for the user."""

from advocacy.auth.models import Organisation
from advocacy.extensions import db
from tests.test_query_counts import count_queries


def test_the_user_and_their_organisation_come_in_one_statement(client, make_user):
    user = make_user("partner")
    user.organisation = Organisation(name="Drammen kommune", kind="municipality",
                                     municipality_number="3301")
    db.session.commit()
    client.login(user)
    with count_queries() as statements:
        page = client.get("/tilgjengelighet")  # a page that reads nothing else
    assert page.status_code == 200
    assert "Drammen kommune" in page.get_data(as_text=True)  # the header shows it
    assert len(statements) == 1, statements

