"""The migrations build exactly the models' schema, on SQLite and PostgreSQL."""

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from advocacy import create_app
from advocacy.extensions import db
from advocacy.search import is_search_index
from advocacy.sorting import is_expression_index
from tests.conftest import TEST_CONFIG


def _include_name(name, type_, parent_names) -> bool:
    # The search indexes (SQLite FTS5 tables with their shadow tables, PostgreSQL trigram
    # indexes) are made by DDL in the migration and in advocacy/search.py's create_all
    # events, not declared in db.metadata; advocacy/search.py and tests/test_search.py
    # check them. Expression indexes cannot be compared (advocacy/sorting.py); the test
    # below checks the list's order is read from one.
    return not (is_search_index(name, type_) or is_expression_index(name, type_))


def _diff(app):
    with db.engine.connect() as conn, warnings.catch_warnings():
        # SQLite cannot reflect an expression index; it is left out of the comparison.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression")
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": _include_name,
                        "include_object": lambda obj, name, type_, *_: not is_expression_index(
                            name, type_)})
        return compare_metadata(context, db.metadata)


def test_upgrade_of_empty_database_gives_the_models_schema(empty_database_url):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        try:
            assert _diff(app) == []
        finally:
            db.session.remove()
            db.engine.dispose()


def test_downgrade_to_base_removes_every_table(empty_database_url):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        try:
            with db.engine.connect() as conn:
                tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
            assert tables == set()
        finally:
            db.session.remove()
            db.engine.dispose()


def test_autogenerate_finds_nothing_to_do_after_upgrade(empty_database_url):
    """`flask db migrate` after a model change must write only that change: not drops of
    the search indexes or the scheduler's table, which the models do not declare."""
    from flask_migrate import check

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        try:
            upgrade()
            check()  # exits with status 1 when it would generate an operation
        finally:
            db.session.remove()
            db.engine.dispose()
