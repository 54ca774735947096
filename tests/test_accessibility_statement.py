"""The accessibility statement (/tilgjengelighet): who to tell about faults, where to
complain, when it was written, and the shortcomings we know of."""

from __future__ import annotations

import pytest


def _statement(client) -> str:
    response = client.get("/tilgjengelighet")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_statement_names_the_contact_address_and_the_complaint_route(client):
    page = _statement(client)
    assert '<a href="mailto:postmottak@bfk.no">postmottak@bfk.no</a>' in page
    assert 'href="https://www.uutilsynet.no/"' in page
    assert "sist gjennomgått 29.11.2026" in page


def test_the_statement_lists_the_known_shortcomings(client):
    page = _statement(client)
    assert "Vi kjenner ikke til brudd" not in page
    shortcomings = page[page.index('<ul class="known-shortcomings">'):]
    shortcomings = shortcomings[:shortcomings.index("</ul>")]
    for shortcoming in ("ingen verktøylinje for formatering", "rå Markdown",
                        "ikke testet med skjermleser", "Kalenderfilene (.ics)",
                        "lager ikke PDF"):
        assert shortcoming in shortcomings, shortcoming


@pytest.mark.parametrize(("contact", "expected"), [
    ("tilgjengelighet@kommune.example", '<a href="mailto:tilgjengelighet@kommune.example">'),
    ("https://www.kommune.example/tilbakemelding",
     '<a href="https://www.kommune.example/tilbakemelding">skjemaet for tilbakemeldinger</a>'),
])
def test_the_contact_comes_from_the_configuration(app, contact, expected):
    app.config["ACCESSIBILITY_CONTACT"] = contact
    page = _statement(app.test_client())
    assert expected in page and "postmottak@bfk.no" not in page
