"""Schemathesis against the running API, on SQLite and on PostgreSQL.

Cases generated from the OpenAPI document (valid ones and broken ones) are sent to the app
through WSGI with a real token, over the demo's data: no answer may be a 500, and every
answer must match the document (status, media type, headers, body). Schemathesis' check
that broken data is refused is left out: the token is always sent (it counts a missing one
as broken), and unknown query arguments are ignored, as the pages ignore them. A partner's token is
also run over every read, and may never see a paper, a signature or an outcome of a paper
that the same partner cannot open on the pages.

Bounded: at most ``EXAMPLES`` cases per operation and mode, no deadline, and no
Hypothesis database (nothing is written into the repository).
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (content_type_conformance, not_a_server_error,
                                 response_headers_conformance, response_schema_conformance,
                                 status_code_conformance)
from sqlalchemy import select

from advocacy.auth import api_tokens
from advocacy.auth.models import User
from advocacy.extensions import db

EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck))


@pytest.fixture(autouse=True, scope="module")
def _hypothesis_outside_the_repository(tmp_path_factory):
    """Hypothesis keeps caches (constants, Unicode tables) in its home: a temporary one."""
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(tmp_path_factory.mktemp("hypothesis"))


@pytest.fixture
def demo(app):
    from advocacy.demo import seed_demo

    seed_demo()
    db.session.commit()
    return app


def _token(email: str) -> str:
    user = db.session.scalar(select(User).filter_by(email=email))
    _, token = api_tokens.create(user, "schemathesis", 30)
    db.session.commit()
    return token


def _existing_ids() -> dict[str, list[int]]:
    """Ids of rows that exist, per path parameter: random ids would only ever find 404."""
    from advocacy.conditions.models import Dependency, FrameworkCondition
    from advocacy.dialogue.models import Contact
    from advocacy.hearings.models import Hearing, Milestone
    from advocacy.papers.models import PositionPaper
    from advocacy.plan.models import Measure

    models = {"condition_id": FrameworkCondition, "measure_id": Measure, "link_id": Dependency,
              "hearing_id": Hearing, "milestone_id": Milestone, "paper_id": PositionPaper,
              "contact_id": Contact}
    return {name: list(db.session.scalars(select(model.id).order_by(model.id)))
            for name, model in models.items()}


def _strategy(operation, mode, ids: dict[str, list[int]]):
    """Cases of ``operation``: half with path ids that exist, half as generated."""
    names = [p.name for p in operation.path_parameters]
    generated = operation.as_strategy(generation_mode=mode)
    if not names or any(not ids.get(name) for name in names):
        return generated
    return st.fixed_dictionaries({name: st.sampled_from(ids[name]) for name in names}).flatmap(
        lambda chosen: st.one_of(generated, operation.as_strategy(
            generation_mode=mode, path_parameters=chosen)))


def _run(app, token: str, *, methods: set[str], modes,
         extra_check=None) -> tuple[list[str], Counter]:
    """Run every operation of ``methods`` in each of ``modes``; the failures, described, and
    how often each (method, path, status) was answered."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    ids = _existing_ids()
    headers = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    seen: Counter = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() not in methods:
            continue
        for mode in modes:
            @SETTINGS
            @given(case=_strategy(operation, mode, ids))
            def run(case):
                response = case.call(headers=headers)
                seen[(case.method, case.path, response.status_code)] += 1
                case.validate_response(response, checks=CHECKS, headers=headers)
                if extra_check is not None:
                    extra_check(case, response)

            try:
                run()
            except Exception as error:  # noqa: BLE001 - every operation runs; all are reported
                failures.append(f"{operation.label} ({mode.value}): {error}"[:3000])
            finally:
                db.session.rollback()
    return failures, seen


def test_no_operation_fails_for_staff(demo):
    token = _token("radgiver@buskerud.example")
    failures, seen = _run(demo, token, methods={"GET", "POST", "PATCH", "DELETE"},
                          modes=(GenerationMode.POSITIVE, GenerationMode.NEGATIVE))
    assert failures == []
    # The run reached the data, not only the doors: lists answered, writes were refused
    # with the pages' messages, and some got through.
    statuses = {(method, path): {s for (m, p, s) in seen if (m, p) == (method, path)}
                for method, path, _ in seen}
    assert 200 in statuses[("GET", "/api/v1/conditions/")], seen
    assert 422 in statuses[("POST", "/api/v1/conditions/")], seen
    assert 200 in statuses[("PATCH", "/api/v1/links/{link_id}")] | statuses[
        ("GET", "/api/v1/conditions/{condition_id}")], seen


def test_a_partner_sees_through_the_api_only_what_the_pages_show_them(demo):
    from advocacy.papers import services as paper_services
    from advocacy.papers import signing
    from advocacy.dialogue import services as dialogue_services
    from advocacy.dialogue.models import Contact
    from advocacy.papers.models import Outcome, PositionPaper

    partner = db.session.scalar(select(User).filter_by(email="partner@drammen.example"))
    visible = set(db.session.scalars(paper_services.papers_for(partner)
                                     .with_only_columns(PositionPaper.id).order_by(None)))
    every = set(db.session.scalars(select(PositionPaper.id)))
    assert visible and every - visible, "the demo has papers the partner may and may not see"
    paper_of_outcome = dict(db.session.execute(select(Outcome.id, Outcome.paper_id)).all())
    contacts = set(db.session.scalars(dialogue_services.contact_list_query(
        partner, dialogue_services.ContactFilters(), dialogue_services.CONTACT_SORT.default_order)
        .with_only_columns(Contact.id)))
    assert contacts and contacts != set(db.session.scalars(select(Contact.id))), \
        "the demo has contacts the partner may and may not see"
    # What the paper pages show this partner of each organisation's answer.
    comments = {paper_id: {row.invitation.organisation.name: row.visible_comment
                           for row in signing.signature_rows(
                               paper_services.get_paper(paper_id), partner)}
                for paper_id in visible}

    def only_visible(case, response):
        if response.status_code != 200 or not case.path.startswith("/api/v1/"):
            return
        body = response.json()
        if case.path == "/api/v1/papers/":
            assert {p["id"] for p in body["items"]} <= visible
        elif case.path == "/api/v1/papers/{paper_id}":
            assert body["id"] in visible
            assert {row["organisation"]: row["comment"] for row in body["signatures"]} \
                == comments[body["id"]]
        elif case.path == "/api/v1/outcomes/":
            assert {paper_of_outcome[o["id"]] for o in body["items"]} <= visible
        elif case.path == "/api/v1/contacts/":
            assert {c["id"] for c in body["items"]} <= contacts
        elif case.path == "/api/v1/contacts/{contact_id}":
            assert body["id"] in contacts and body["shared_with"] == []
            assert {p["id"] for p in body["papers"]} <= visible

    failures, seen = _run(demo, _token("partner@drammen.example"), methods={"GET"},
                          modes=(GenerationMode.POSITIVE,), extra_check=only_visible)
    assert failures == []
    # It read the papers it may see (an If-None-Match of "*" may make one a 304).
    assert {s for (m, p, s) in seen if p == "/api/v1/papers/"} <= {200, 304}, seen
    assert 200 in {s for (m, p, s) in seen if p == "/api/v1/papers/{paper_id}"}, seen
    assert 200 in {s for (m, p, s) in seen if p == "/api/v1/contacts/{contact_id}"}, seen
    # Guessing the ids of the papers the partner may not see answers 404, every one of them.
    client = demo.test_client()
    token = _token("partner@drammen.example")
    for paper_id in sorted(every - visible):
        response = client.get(f"/api/v1/papers/{paper_id}",
                              headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 404
