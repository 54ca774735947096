"""``flask backup`` and ``flask restore`` on SQLite and PostgreSQL.

A backup of the demo, restored after the data changed, gives back every table's rows
exactly; a file that is not a backup of the right kind, or is damaged, is refused and
leaves the data as it was.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update

from advocacy.backup import BackupError, _pg_connection, find_pg_tool
from advocacy.conditions.models import FrameworkCondition
from advocacy.extensions import db
from advocacy.hearings.models import Hearing
from advocacy.plan.models import Measure


def invoke(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def snapshot() -> tuple[dict[str, int], str]:
    """Row counts of every table and a checksum of all their content, read afresh."""
    db.session.remove()
    counts, digest = {}, hashlib.sha256()
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*order)).all()
            counts[table.name] = len(rows)
            digest.update(table.name.encode())
            for row in rows:
                digest.update(repr(tuple(row)).encode())
    return counts, digest.hexdigest()


@pytest.fixture
def demo(app):
    result = invoke(app, "seed-demo")
    assert result.exit_code == 0, result.output
    return snapshot()


def change_everything_a_little(make_user) -> None:
    """Delete, modify and add rows in several tables."""
    first, second = db.session.scalars(select(Measure).order_by(Measure.id).limit(2)).all()
    db.session.delete(first)
    db.session.delete(second)
    db.session.execute(update(FrameworkCondition).values(title=FrameworkCondition.title + "!"))
    db.session.execute(delete(Hearing).where(Hearing.id == db.session.scalar(
        select(Hearing.id).order_by(Hearing.id).limit(1))))
    db.session.commit()
    make_user("staff", email="ny-etter-kopien@example.no")


def test_backup_then_restore_gives_back_every_row(app, demo, make_user, tmp_path):
    before_counts, before_sum = demo
    assert before_counts["measures"] >= 20 and before_counts["hearings"] >= 1
    out = tmp_path / "advocacy.backup"
    made = invoke(app, "backup", str(out))
    assert made.exit_code == 0, made.output
    assert out.is_file() and "Sikkerhetskopi skrevet" in made.output
    assert not out.with_name(out.name + ".part").exists()

    change_everything_a_little(make_user)
    changed_counts, changed_sum = snapshot()
    assert changed_counts != before_counts and changed_sum != before_sum

    restored = invoke(app, "restore", "--yes", str(out))
    assert restored.exit_code == 0, restored.output
    assert snapshot() == (before_counts, before_sum)

    # The database works on after it: new rows get fresh ids (sequences came back too).
    make_user("staff", email="etter-gjenoppretting@example.no")
    assert snapshot()[0]["users"] == before_counts["users"] + 1


def test_restore_asks_first_and_does_nothing_on_no(app, demo, make_user, tmp_path):
    out = tmp_path / "advocacy.backup"
    assert invoke(app, "backup", str(out)).exit_code == 0
    change_everything_a_little(make_user)
    changed = snapshot()
    answer = app.test_cli_runner().invoke(args=["restore", str(out)], input="n\n")
    assert answer.exit_code != 0
    assert snapshot() == changed


def _bad_file(tmp_path: Path, backup: Path, kind: str) -> Path:
    bad = tmp_path / f"{kind}.backup"
    if kind == "garbage":
        bad.write_bytes(b"dette er ikke en sikkerhetskopi\n" * 100)
    elif kind == "empty":
        bad.write_bytes(b"")
    elif kind == "truncated":  # the right kind, cut off half way
        data = backup.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    elif kind == "damaged":  # the right kind and length, the table of contents intact,
        data = backup.read_bytes()  # the data of the last tables overwritten
        cut = len(data) * 3 // 4
        bad.write_bytes(data[:cut] + b"\xff" * (len(data) - cut))
    elif db.engine.dialect.name == "sqlite":  # other-kind: a PostgreSQL backup's start
        bad.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 500)
    else:  # other-kind: an SQLite database, with a table named as one of ours
        with closing(sqlite3.connect(bad)) as conn:
            conn.execute("create table users (id integer primary key)")
            conn.commit()
    return bad


@pytest.mark.parametrize("kind", ["garbage", "empty", "truncated", "damaged", "other-kind"])
def test_restoring_what_is_no_good_backup_fails_and_changes_nothing(app, demo, tmp_path,
                                                                     kind):
    out = tmp_path / "advocacy.backup"
    assert invoke(app, "backup", str(out)).exit_code == 0
    db.session.execute(update(FrameworkCondition).values(title=FrameworkCondition.title + "?"))
    db.session.commit()
    before = snapshot()
    bad = _bad_file(tmp_path, out, kind)

    result = invoke(app, "restore", "--yes", str(bad))
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "ingenting er endret" in result.output or "uendret" in result.output, result.output
    assert snapshot() == before
    if kind in ("garbage", "empty", "other-kind"):
        assert "er ikke en sikkerhetskopi av en" in result.output


# PostgreSQL only: on SQLite the swap is one backup-API step, and the checks before it are
# tested above.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_restore_that_fails_half_way_is_rolled_back(app, demo, make_user, tmp_path):
    out = tmp_path / "advocacy.backup"
    assert invoke(app, "backup", str(out)).exit_code == 0
    change_everything_a_little(make_user)
    # Something the backup does not know depends on one of its tables, so that pg_restore's
    # DROP TABLE fails after it has already dropped constraints and other tables.
    with db.engine.begin() as conn:
        conn.execute(text("create view hearing_titles as select title from hearings"))
    try:
        changed = snapshot()
        result = invoke(app, "restore", "--yes", str(out))
        assert result.exit_code != 0
        assert "alt er rullet tilbake; databasen er uendret" in result.output
        assert "hearing_titles" in result.output  # pg_restore's own words say why
        assert snapshot() == changed
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("drop view hearing_titles"))


def test_a_backup_of_something_else_is_refused(app, demo, tmp_path):
    other = tmp_path / "other.backup"
    if db.engine.dialect.name == "sqlite":
        with closing(sqlite3.connect(other)) as conn:
            conn.execute("create table orders (id integer primary key)")
            conn.commit()
        expected = "ikke en sikkerhetskopi av Fellesstemme (mangler tabellene hearings, plans, users)"
    else:  # a real pg_dump of another schema in the same database
        schema = f"t_other_{uuid.uuid4().hex[:8]}"
        with db.engine.begin() as conn:
            conn.execute(text(f'create schema "{schema}"'))
            conn.execute(text(f'create table "{schema}".users (id integer primary key)'))
        try:
            dsn, env = _pg_connection(db.engine)
            subprocess.run([find_pg_tool("pg_dump"), "--format=custom", f"--schema={schema}",
                            f"--file={other}", f"--dbname={dsn}"], env=env, check=True)
        finally:
            with db.engine.begin() as conn:
                conn.execute(text(f'drop schema "{schema}" cascade'))
        expected = f"sikkerhetskopi av skjemaet {schema}, men databasen bruker"
    before = snapshot()
    result = invoke(app, "restore", "--yes", str(other))
    assert result.exit_code != 0
    assert expected in result.output
    assert snapshot() == before


def test_missing_postgresql_programs_are_a_clear_error(tmp_path):
    with pytest.raises(BackupError, match="Fant ikke pg_dump.*postgresql-client"):
        find_pg_tool("pg_dump", version_dirs=str(tmp_path / "none" / "*"),
                     path=str(tmp_path))
    with pytest.raises(BackupError, match="BACKUP_PG_BINDIR"):
        find_pg_tool("pg_dump", bindir=str(tmp_path))


def test_the_newest_postgresql_programs_are_chosen(tmp_path):
    for version in ("9.6", "13", "16"):
        tool = tmp_path / version / "bin" / "pg_dump"
        tool.parent.mkdir(parents=True)
        tool.write_text("#!/bin/sh\n")
        tool.chmod(0o755)
    found = find_pg_tool("pg_dump", version_dirs=str(tmp_path / "*" / "bin"))
    assert found == str(tmp_path / "16" / "bin" / "pg_dump")
