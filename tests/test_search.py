"""Search: substring matching that ignores case and æøå, served by an index on each database.

SQLite searches an FTS5 trigram table kept in step by triggers; PostgreSQL a pg_trgm GIN
index (advocacy/search.py). Every test that uses ``app`` runs on both databases.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from advocacy import create_app
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db
from advocacy.plan.models import Measure
from advocacy.search import (MAX_QUERY_LENGTH, Searchable, fts_table_name, is_search_index,
                             run_scheduled, trigram_index_name)
from tests.conftest import TEST_CONFIG


def titles(query: str, model=Measure) -> list[str]:
    stmt = sa.select(model.title).where(model.matching(query)).order_by(model.title)
    return list(db.session.scalars(stmt))


@pytest.fixture
def measures(make_measure):
    for title in ["Kulturmiljøloven må endres", "KDD-rundskriv", "Ål stasjon",
                  "Øvre Eiker næringsområde", "Statlige planretningslinjer for klima"]:
        make_measure(title)


def test_substring_ignoring_case_and_norwegian_letters(measures):
    assert titles("Kulturmiljø") == ["Kulturmiljøloven må endres"]
    assert titles("KULTURMILJØLOVEN") == ["Kulturmiljøloven må endres"]
    assert titles("miljølov") == ["Kulturmiljøloven må endres"]
    assert titles("KDD") == ["KDD-rundskriv"]
    assert titles("kdd-RUND") == ["KDD-rundskriv"]
    assert titles("ØVRE eiker") == ["Øvre Eiker næringsområde"]
    assert titles("ÆRINGSOMR") == ["Øvre Eiker næringsområde"]
    assert titles("planretningslinjer for klima") == ["Statlige planretningslinjer for klima"]
    assert titles("ingen slik tekst") == []


def test_white_space_in_the_query_is_collapsed(measures):
    assert titles("  kulturmiljøloven \t  MÅ\nendres ") == ["Kulturmiljøloven må endres"]


def test_one_and_two_character_queries(measures):
    assert titles("ål") == ["Ål stasjon"]
    assert titles("ÅL") == ["Ål stasjon"]
    assert titles("Ø") == ["Kulturmiljøloven må endres", "Øvre Eiker næringsområde"]
    assert titles("kd") == ["KDD-rundskriv"]
    assert titles("æ") == ["Øvre Eiker næringsområde"]


def test_an_empty_query_matches_every_row(measures):
    assert len(titles("")) == 5
    assert len(titles("   ")) == 5


@pytest.mark.parametrize("query, expected", [
    ('"', ['Sitat: "dette" NEAR(a b) - x* AND y']),
    ('"dette"', ['Sitat: "dette" NEAR(a b) - x* AND y']),
    ('dette" near', ['Sitat: "dette" NEAR(a b) - x* AND y']),
    ('NEAR(', ['Sitat: "dette" NEAR(a b) - x* AND y']),
    ('near(a b)', ['Sitat: "dette" NEAR(a b) - x* AND y']),
    ('x* and y', ['Sitat: "dette" NEAR(a b) - x* AND y']),
    ('sitat:', ['Sitat: "dette" NEAR(a b) - x* AND y']),
    ('- x*', ['Sitat: "dette" NEAR(a b) - x* AND y']),
    # As FTS5 syntax these would match the other row too, or be errors.
    ('sitat AND vei', []),
    ('vei*', []),
    ('veil -bygging', []),
    ('title:vei', []),
    ('NEAR(vei bygging)', []),
    ('"vei', []),
    ('""', []),
    ('^vei', []),
    ('(vei)', []),
    ('vei OR x', []),
    ('%', ['Veibygging 100% / 50_50']),
    ('_', ['Veibygging 100% / 50_50']),
    ('%%', []),
    ('__', []),
    ('v%g', []),
    ('100%', ['Veibygging 100% / 50_50']),
    ('/ 50_', ['Veibygging 100% / 50_50']),
    ("'; drop table measures; --", []),
])
def test_quotes_and_query_syntax_are_matched_literally(make_measure, query, expected):
    make_measure('Sitat: "dette" NEAR(a b) - x* AND y')
    make_measure("Veibygging 100% / 50_50")
    assert titles(query) == expected


def test_over_long_queries_find_nothing(make_measure):
    make_measure("a" * 200, description="a" * (MAX_QUERY_LENGTH + 10))
    assert titles("a" * MAX_QUERY_LENGTH) == ["a" * 200]
    assert titles("a" * (MAX_QUERY_LENGTH + 1)) == []
    assert titles("a" * 100_000) == []


def test_a_nul_character_finds_nothing_and_raises_nothing(measures):
    assert titles("kdd\x00") == []
    assert titles("\x00") == []


def test_other_fields_are_searched(make_measure, make_condition):
    make_measure("Tiltak A", description="Mer innenforskap i Hallingdal", owner="Gol kommune")
    make_condition("Vannforskriften", lovdata_id="FOR-2006-12-15-1446",
                   our_position="Endre tiltaksanalysen")
    assert titles("HALLINGDAL") == ["Tiltak A"]
    assert titles("gol komm") == ["Tiltak A"]
    assert titles("for-2006-12-15", FrameworkCondition) == ["Vannforskriften"]
    assert titles("TILTAKSANALYSEN", FrameworkCondition) == ["Vannforskriften"]


def test_updates_are_reflected(measures):
    measure = db.session.scalars(sa.select(Measure).where(Measure.title == "Ål stasjon")).one()
    measure.title = "Nesbyen stasjon"
    db.session.commit()
    assert titles("ål st") == []
    assert titles("stasjon") == ["Nesbyen stasjon"]
    assert titles("NESBYEN") == ["Nesbyen stasjon"]
    # A change to a field that is not searched leaves the index as it was.
    measure.status = "done"
    db.session.commit()
    assert titles("nesbyen") == ["Nesbyen stasjon"]


def test_plain_sql_updates_and_deletes_are_reflected(measures):
    table = Measure.__table__
    db.session.execute(table.update().where(table.c.title == "KDD-rundskriv")
                       .values(title="Rundskriv fra KMD", search_text="rundskriv fra kmd"))
    db.session.commit()
    assert titles("kdd") == []
    assert titles("fra kmd") == ["Rundskriv fra KMD"]
    db.session.execute(table.delete().where(table.c.title.like("Kultur%")))
    db.session.commit()
    assert titles("kulturmiljø") == []
    db.session.execute(table.delete())
    db.session.commit()
    assert titles("") == []
    assert titles("stasjon") == []


def test_deletes_are_reflected(measures):
    measure = db.session.scalars(sa.select(Measure).where(Measure.title == "KDD-rundskriv")).one()
    db.session.delete(measure)
    db.session.commit()
    assert titles("kdd") == []
    assert titles("rundskriv") == []
    assert titles("kd") == []


def test_rows_added_after_a_search_are_found(measures, make_measure):
    assert titles("stasjon") == ["Ål stasjon"]
    make_measure("Gol stasjon")
    assert titles("stasjon") == ["Gol stasjon", "Ål stasjon"]


def test_the_clause_combines_with_filters_order_negation_and_pagination(measures, make_measure):
    for number in range(1, 8):
        make_measure(f"Byutvikling {number}", owner="Drammen" if number % 2 else "Kongsberg")
    stmt = (sa.select(Measure.title)
            .where(Measure.matching("BYUTVIKLING"), Measure.owner == "Drammen")
            .order_by(Measure.title.desc()))
    assert list(db.session.scalars(stmt)) == [
        "Byutvikling 7", "Byutvikling 5", "Byutvikling 3", "Byutvikling 1"]
    either = sa.or_(Measure.matching("kdd"), Measure.matching("ål"))
    assert list(db.session.scalars(sa.select(Measure.title).where(either)
                                   .order_by(Measure.title))) == ["KDD-rundskriv", "Ål stasjon"]
    not_built = sa.select(Measure.title).where(~Measure.matching("byutvikling"),
                                               sa.not_(Measure.matching("ø")))
    assert sorted(db.session.scalars(not_built)) == [
        "KDD-rundskriv", "Statlige planretningslinjer for klima", "Ål stasjon"]
    page = db.paginate(sa.select(Measure).where(Measure.matching("utvikling"))
                       .order_by(Measure.title), page=2, per_page=3, error_out=False)
    assert page.total == 7
    assert [m.title for m in page.items] == ["Byutvikling 4", "Byutvikling 5", "Byutvikling 6"]


def test_one_statement_shape_with_other_queries_gives_their_own_rows(measures):
    # The same statement (cached once compiled) must bind each query's own text.
    assert titles("kulturmiljø") == ["Kulturmiljøloven må endres"]
    assert titles("rundskriv") == ["KDD-rundskriv"]
    assert titles("næringsområde") == ["Øvre Eiker næringsområde"]
    assert titles("zzz") == []
    shape = [sa.select(Measure.id).where(Measure.matching(q))._generate_cache_key().key
             for q in ("kulturmiljø", "rundskriv")]
    assert shape[0] == shape[1]


def test_every_searchable_table_has_its_index(app, db_name):
    tables = [model.__table__.name for model in Searchable.__subclasses__()]
    assert set(tables) >= {"framework_conditions", "measures", "hearings", "position_papers"}
    assert _index_objects(tables) == _expected_index_objects(tables, db_name)
    for model in Searchable.__subclasses__():
        assert db.session.scalars(sa.select(model.id).where(model.matching("abcd"))).all() == []


def _index_objects(tables: list[str]) -> set[tuple[str, str]]:
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(
                "SELECT type, name FROM sqlite_master "
                "WHERE type IN ('table', 'trigger') AND instr(name, 'fts') > 0")
        else:
            rows = conn.exec_driver_sql(
                "SELECT 'index', indexname FROM pg_indexes "
                "WHERE schemaname = current_schema() AND strpos(indexname, 'trgm') > 0")
        return {(kind, name) for kind, name in rows if not name.endswith(
            ("_data", "_idx", "_docsize", "_config"))}


def _expected_index_objects(tables: list[str], db_name: str) -> set[tuple[str, str]]:
    if db_name == "sqlite":
        return ({("table", fts_table_name(t)) for t in tables}
                | {("trigger", f"{fts_table_name(t)}_{s}") for t in tables
                   for s in ("ai", "ad", "au")})
    return {("index", trigram_index_name(t)) for t in tables}


def _plan(stmt) -> str:
    """The database's query plan for ``stmt``, run with its bound parameters."""
    with db.engine.begin() as conn:
        compiled = stmt.compile(conn)
        if conn.dialect.name == "sqlite":
            params = tuple(compiled.params[name] for name in compiled.positiontup)
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), params)
            return "\n".join(row[-1] for row in rows)
        # A few rows cost less to scan (or to read in title order through the title's
        # index) than to look up: make the planner show whether the trigram index serves.
        # GIN indexes are read by bitmap scans, which stay allowed.
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
        rows = conn.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params)
        return "\n".join(row[0] for row in rows)


def test_the_plan_uses_the_index(measures, db_name):
    stmt = (sa.select(Measure.id, Measure.title).where(Measure.matching("Kulturmiljø"))
            .order_by(Measure.title).limit(20))
    plan = _plan(stmt)
    if db_name == "sqlite":
        assert "measures_fts VIRTUAL TABLE INDEX" in plan, plan
    else:
        assert "ix_measures_search_text_trgm" in plan, plan
    plan = _plan(sa.select(FrameworkCondition.id).where(FrameworkCondition.matching("klima")))
    if db_name == "sqlite":
        assert "framework_conditions_fts VIRTUAL TABLE INDEX" in plan, plan
    else:
        assert "ix_framework_conditions_search_text_trgm" in plan, plan


def test_short_queries_scan_the_table(measures, db_name):
    # A trigram index cannot look up fewer than three characters: SQLite compares every row.
    plan = _plan(sa.select(Measure.id).where(Measure.matching("ål")))
    if db_name == "sqlite":
        assert "fts" not in plan and "SCAN measures" in plan, plan


def test_search_index_names_are_recognised():
    assert is_search_index("measures_fts", "table")
    assert is_search_index("measures_fts_data", "table")
    assert is_search_index("hearings_fts_config", "table")
    assert is_search_index("ix_measures_search_text_trgm", "index")
    assert not is_search_index("measures", "table")
    assert not is_search_index("ix_measures_goal_id", "index")
    assert not is_search_index("measures_fts", "column")
    assert not is_search_index(None, "index")


def test_the_migration_indexes_existing_rows_and_downgrade_removes_the_index(empty_database_url):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        try:
            upgrade(revision="5c0a7e3d9b21")
            plans, goals = db.metadata.tables["plans"], db.metadata.tables["goals"]
            measures = Measure.__table__
            with db.engine.begin() as conn:
                plan_id = conn.execute(plans.insert().values(
                    name="P", short_name="P", owner="O").returning(plans.c.id)).scalar_one()
                goal_id = conn.execute(goals.insert().values(
                    plan_id=plan_id, title="G").returning(goals.c.id)).scalar_one()
                conn.execute(measures.insert().values(
                    goal_id=goal_id, title="Kulturmiljøloven", search_text="kulturmiljøloven"))
            upgrade()
            tables = [model.__table__.name for model in Searchable.__subclasses__()]
            assert _index_objects(tables) == _expected_index_objects(tables,
                                                                     db.engine.dialect.name)
            assert titles("KULTURMILJØ") == ["Kulturmiljøloven"]
            db.session.execute(measures.insert().values(
                goal_id=goal_id, title="Ål stasjon", search_text="ål stasjon"))
            db.session.commit()
            assert titles("stasjon") == ["Ål stasjon"]
            db.session.remove()

            downgrade(revision="5c0a7e3d9b21")
            assert _index_objects(tables) == set()
            upgrade()
            assert titles("stasjon") == ["Ål stasjon"]
        finally:
            db.session.remove()
            db.engine.dispose()


def test_the_daily_job_merges_each_index_and_search_finds_the_same(make_measure, db_name):
    # Rows added one by one (a commit each) leave an FTS5 index in many small segments,
    # all of which a search reads; the scheduler's daily job merges them into one.
    for number in range(40):
        make_measure(f"Stasjon {number:02d} på Randsfjordbanen")

    def pieces() -> int:
        return db.session.execute(sa.text("SELECT count(*) FROM measures_fts_data")).scalar()

    found = titles("randsfjord")
    assert len(found) == 40 and titles("stasjon 07") == ["Stasjon 07 på Randsfjordbanen"]
    before = pieces() if db_name == "sqlite" else None
    run_scheduled()
    assert titles("randsfjord") == found
    assert titles("stasjon 07") == ["Stasjon 07 på Randsfjordbanen"]
    if db_name == "sqlite":
        assert pieces() < before
    # Rows added after the merge are found too.
    make_measure("Stasjon 40 på Randsfjordbanen")
    assert len(titles("randsfjord")) == 41
