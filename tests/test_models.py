"""Model rules that hold without HTTP: Lovdata ids, search folding, stored times, cascades."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from advocacy import clock
from advocacy.conditions import services
from advocacy.conditions.models import Dependency, FrameworkCondition, is_valid_lovdata_id, lovdata_url
from advocacy.extensions import db
from advocacy.plan.models import Measure
from advocacy.search import fold


@pytest.mark.parametrize("value", ["LOV-2008-06-27-71", "FOR-2013-06-21-732", "LOV-1978-06-09-50"])
def test_real_lovdata_ids_are_valid(value):
    assert is_valid_lovdata_id(value)


@pytest.mark.parametrize("value", ["LOV-2008-13-27-71", "FOR-2013-02-30-1", "LOV-2008-06-27",
                                   "lov-2008-06-27-71", "NOU-2025-01-01-3", "LOV-2008-06-27-0",
                                   " LOV-2008-06-27-71"])
def test_malformed_lovdata_ids_are_refused(value):
    assert not is_valid_lovdata_id(value)


def test_lovdata_urls():
    assert lovdata_url("LOV-2008-06-27-71") == "https://lovdata.no/dokument/NL/lov/2008-06-27-71"
    assert lovdata_url("FOR-2013-06-21-732") == \
        "https://lovdata.no/dokument/SF/forskrift/2013-06-21-732"


def test_fold_handles_norwegian_letters():
    assert fold("  ÆRLIG  Øvre\nEIKER Ås ") == "ærlig øvre eiker ås"


def test_search_finds_norwegian_letters_in_any_case(make_condition):
    make_condition("Kulturmiljøloven", current_state="Ærverdig ÅS")
    make_condition("Mineralloven")
    for query in ("KULTURMILJØ", "kulturmiljø", "ærverdig", "ÆRVERDIG ås"):
        found = db.session.scalars(services.condition_query(services.ConditionFilters(q=query)))
        assert [c.title for c in found] == ["Kulturmiljøloven"], query


def test_search_text_follows_edits(make_condition):
    condition = make_condition("Gammel tittel")
    condition.title = "Ny tittel om FRITIDSBOLIGER"
    db.session.commit()
    found = db.session.scalars(services.condition_query(services.ConditionFilters(q="fritidsbolig")))
    assert [c.id for c in found] == [condition.id]


def test_times_are_stored_in_utc_and_read_back_aware(make_condition):
    moment = datetime(2026, 3, 29, 2, 30, tzinfo=timezone(timedelta(hours=2)))
    clock.freeze(moment)
    condition = make_condition()
    db.session.expire_all()
    stored = db.session.get(FrameworkCondition, condition.id).created_at
    assert stored.tzinfo is not None
    assert stored == moment


def test_naive_datetimes_are_refused(make_condition):
    condition = make_condition()
    condition.created_at = datetime(2026, 1, 1)
    with pytest.raises(Exception, match="naive"):
        db.session.commit()
    db.session.rollback()


def test_a_pair_can_be_linked_only_once(make_measure, make_condition, make_link):
    measure, condition = make_measure(), make_condition()
    make_link(measure, condition)
    db.session.add(Dependency(measure=measure, condition=condition, effect="enables", strength=1))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_add_link_reports_a_duplicate(make_measure, make_condition, make_link):
    measure, condition = make_measure(), make_condition()
    make_link(measure, condition)
    with pytest.raises(services.DuplicateLink):
        services.add_link(measure, condition, effect="hinders", strength=1)


def test_deleting_a_condition_removes_its_links_but_keeps_measures(make_measure, make_condition,
                                                                   make_link):
    measure, condition = make_measure(), make_condition()
    make_link(measure, condition)
    db.session.delete(condition)
    db.session.commit()
    db.session.expire_all()
    assert db.session.scalars(select(Dependency)).all() == []
    assert db.session.get(Measure, measure.id) is not None


def test_strength_outside_one_to_three_is_refused_by_the_database(make_measure, make_condition):
    db.session.add(Dependency(measure=make_measure(), condition=make_condition(),
                              effect="hinders", strength=4))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
