"""The schema version without Alembic (advocacy/schema.py), checked against Alembic."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from advocacy import create_app, schema
from advocacy.extensions import db
from tests.conftest import TEST_CONFIG


def test_the_heads_are_alembics_heads():
    assert schema.migration_heads() == frozenset(
        ScriptDirectory(str(schema.MIGRATIONS)).get_heads())


def _migration(directory, name: str, revision: str, down: str) -> None:
    (directory / "versions" / f"{name}.py").write_text(textwrap.dedent(f'''\
        """A migration."""
        from alembic import op
        revision = {revision!r}
        down_revision{": str | tuple[str, ...] | None" if "(" in down else ""} = {down}
        branch_labels = None

        def upgrade():
            op.execute("select 1")
        '''), encoding="utf-8")


def test_two_branches_are_two_heads_and_a_merge_makes_one(tmp_path):
    (tmp_path / "versions").mkdir()
    _migration(tmp_path, "a", "aaa", "None")
    _migration(tmp_path, "b", "bbb", "'aaa'")
    _migration(tmp_path, "c", "ccc", "'aaa'")
    assert schema.migration_heads(tmp_path) == {"bbb", "ccc"}
    _migration(tmp_path, "d", "ddd", "('bbb', 'ccc')")
    schema.migration_heads.cache_clear()
    assert schema.migration_heads(tmp_path) == {"ddd"}
    assert schema.migration_heads(tmp_path) == frozenset(
        ScriptDirectory(str(tmp_path)).get_heads())


def test_healthz_says_behind_for_a_database_one_migration_back(empty_database_url):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    client = app.test_client()
    with app.app_context():
        try:
            upgrade()
            downgrade(revision="-1")
            with db.engine.connect() as connection:
                back = schema.database_revisions(connection)
            behind = client.get("/healthz")
        finally:
            db.session.remove()
            db.engine.dispose()
    assert back and back != schema.migration_heads()
    assert behind.status_code == 503 and behind.json["migrations"] == "behind"


def test_a_web_worker_answers_its_health_check_without_loading_alembic(tmp_path):
    """A worker is spared Alembic and Flask-Migrate (some 9 MB each process)."""
    script = textwrap.dedent(f"""
        import sys
        from advocacy import create_app
        app = create_app({{"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI":
                          "sqlite:///{tmp_path / 'worker.sqlite'}"}})
        response = app.test_client().get("/healthz")
        print(response.status_code, response.json["migrations"],
              sorted(m for m in ("alembic", "flask_migrate", "xlsxwriter") if m in sys.modules))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "503 behind []"
