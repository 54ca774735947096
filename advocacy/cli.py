"""``flask`` commands: create-user, seed-demo, import-hearings, import-representatives,
reminders, scheduler,
export-paper, export-arkivmelding, backup and restore."""

from __future__ import annotations

import click
from flask import Flask

from advocacy.auth.models import Role
from advocacy.extensions import db


def register(app: Flask) -> None:
    """Add the commands to ``app``."""
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(import_hearings_command)
    app.cli.add_command(import_representatives_command)
    app.cli.add_command(reminders_group)
    app.cli.add_command(scheduler_command)
    app.cli.add_command(export_paper_command)
    app.cli.add_command(export_arkivmelding_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(recompute_command)


@click.command("create-user")
@click.option("--email", required=True, help="The user's email address (the login).")
@click.option("--name", required=True, help="The user's full name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]),
              help="What the user may do.")
@click.option("--password", help="At least 12 characters; prompted for when left out.")
@click.option("--organisation", help="The user's organisation: its name or kommunenummer.")
def create_user_command(email: str, name: str, role: str, password: str | None,
                        organisation: str | None) -> None:
    """Create a user who can log in."""
    from advocacy.auth.services import AccountError, create_user, find_organisation

    org = None
    if organisation:
        org = find_organisation(organisation)
        if org is None:
            raise click.ClickException(f"Fant ingen organisasjon med navn eller kommunenummer "
                                       f"«{organisation}».")
    if password is None:
        password = click.prompt("Passord", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, name, role, password)
        user.organisation = org
        db.session.commit()
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    where = f", {org.name}" if org else ""
    click.echo(f"Opprettet {user.email} ({user.role}{where}).")


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo data (Buskerudplanen); running it again changes nothing."""
    from advocacy.demo import DEMO_USERS, seed_demo

    report = seed_demo()
    if report.changed:
        click.echo("La til: " + report.summary())
    else:
        click.echo("Demodataene var allerede lastet; ingenting endret.")
    click.echo("\nDemobrukere – logg inn med e-post og passord:")
    click.echo(f"  {'Rolle':<28} {'E-post':<32} Passord")
    for role, email, _name, password in DEMO_USERS:
        click.echo(f"  {str(role.label):<28} {email:<32} {password}")


@click.command("recompute")
def recompute_command() -> None:
    """Compute again what the app keeps derived from other rows: each condition's leverage
    score and each milestone's moment (after writes that bypassed the app)."""
    from advocacy.conditions.scores import recompute_all as recompute_scores
    from advocacy.extensions import db
    from advocacy.hearings.falls import recompute_all as recompute_moments

    conditions = recompute_scores(db.session)
    stale = recompute_moments(db.session)
    db.session.commit()
    click.echo(f"Regnet ut på nytt: poengsummen til {conditions} rammebetingelser og "
               f"tidspunktet til alle internfrister ({stale} var ikke oppdatert).")


@click.command("import-hearings")
@click.argument("source")
def import_hearings_command(source: str) -> None:
    """Import hearings from a regjeringen.no list/feed or Stortinget's export (URL or file).

    Hearings are matched on their source id: importing twice creates nothing new, a moved
    deadline updates the hearing and its offset milestones, and hearings gone from the
    source are kept. Nothing is saved from a run that fails. A file or response larger
    than ``IMPORT_MAX_BYTES`` (default 20 MB) is refused and nothing is imported.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from advocacy.hearings.importers import FeedError, detect_and_parse
    from advocacy.hearings.upsert import upsert_hearings

    try:
        result = detect_and_parse(_read_source(source), source)
    except FeedError as error:
        raise click.ClickException(str(error)) from error
    try:
        with click.progressbar(length=len(result.hearings), label="Lagrer høringer",
                               file=None) as bar:
            report = upsert_hearings(result.hearings, progress=bar.update)
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        raise click.ClickException(
            "Kunne ikke lagre høringene; ingenting fra denne kjøringen er lagret. "
            f"Databasen svarte: {getattr(error, 'orig', None) or error}") from error
    except Exception:
        db.session.rollback()
        raise
    skipped = result.skipped + report.skipped
    click.echo(f"Nye: {len(report.created)}, oppdatert: {len(report.updated)} "
               f"(flyttet frist: {len(report.moved)}), uendret: {report.unchanged}, "
               f"hoppet over: {len(skipped)}, foreslåtte rammebetingelser: {report.suggested}")
    for title in report.created:
        click.echo(f"  + {title}")
    for title in report.updated:
        click.echo(f"  ~ {title}")
    for what, reason in skipped:
        click.echo(f"  hoppet over «{what}»: {reason}")


def _read_source(source: str) -> bytes:
    """The bytes of an import's source: a URL fetched politely, or a file; both refused
    above ``IMPORT_MAX_BYTES``. Raises ClickException or FeedError with the reason."""
    from pathlib import Path

    from flask import current_app

    from advocacy.hearings.importers import fetch, read_file

    max_bytes = current_app.config.get("IMPORT_MAX_BYTES")
    if source.startswith(("http://", "https://")):
        click.echo(f"Henter {source} …")
        return fetch(source, user_agent=current_app.config["IMPORT_USER_AGENT"],
                     timeout=current_app.config["IMPORT_TIMEOUT"], max_bytes=max_bytes)
    path = Path(source)
    if not path.is_file():
        raise click.ClickException(f"Fant ikke filen {source}.")
    try:
        return read_file(path, max_bytes=max_bytes)
    except OSError as error:
        raise click.ClickException(f"Kunne ikke lese {source}: {error.strerror}.") from error


@click.command("import-representatives")
@click.argument("source")
@click.option("--fylke", "county", default="Bu", show_default=True,
              help="Fylkets id i Stortingets data (Buskerud er Bu).")
def import_representatives_command(source: str, county: str) -> None:
    """Import the county's members of Stortinget from data.stortinget.no (URL or file).

    SOURCE is the export ``eksport/representanter?stortingsperiodeid=2025-2029`` or
    ``eksport/dagensrepresentanter`` (with committees), XML or JSON. Members are matched on
    Stortinget's id: a second run changes nothing, and members gone from the list are kept
    as no longer sitting. Nothing is saved from a run that fails.
    """
    from advocacy.bodies import representatives
    from advocacy.hearings.importers import FeedError

    try:
        report = representatives.upsert(representatives.parse(_read_source(source)), county)
        db.session.commit()
    except (FeedError, representatives.RepresentativesError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"Stortingsrepresentanter: {report.summary}.")
    for name in report.added:
        click.echo(f"  + {name}")
    for name in report.updated:
        click.echo(f"  ~ {name}")
    for name in report.left:
        click.echo(f"  - {name} (sitter ikke lenger)")


def _moment(value: str | None):
    """``--now`` as an aware datetime (Europe/Oslo when no offset is given)."""
    from datetime import datetime

    from advocacy import clock

    if value is None:
        return clock.now()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"«{value}» er ikke et ISO 8601-tidspunkt, "
                                 "for eksempel 2026-12-01T07:00.") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=clock.OSLO)


@click.group("reminders")
def reminders_group() -> None:
    """Deadline reminders by email."""


@reminders_group.command("send")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send and record nothing.")
@click.option("--now", "now_text", help="Pretend it is this moment (ISO 8601).")
def reminders_send_command(dry_run: bool, now_text: str | None) -> None:
    """Send the reminders that are due, one digest per recipient.

    Exits with status 1 when any digest could not be sent (it is tried again next run).
    """
    from advocacy.formatting import datetime_nb
    from advocacy.notify.reminders import run_reminders

    report = run_reminders(_moment(now_text), dry_run=dry_run)
    if report.locked_out:
        raise click.ClickException("En annen prosess sender påminnelser akkurat nå; "
                                   "ingenting ble gjort.")
    verb = "Ville sendt" if dry_run else "Sendt"
    for email, dues in report.sent.items():
        click.echo(f"{verb} til {email}:")
        for due in dues:
            click.echo(f"  - {due.deadline.kind}: {due.deadline.title} "
                       f"({datetime_nb(due.deadline.deadline_at)}, {due.lead} dager før)")
    for email, error in report.failed.items():
        click.echo(f"Feilet for {email} (prøves igjen ved neste kjøring): {error}", err=True)
    for who, why in report.skipped:
        click.echo(f"Hoppet over {who}: {why}")
    if not report.sent and not report.failed:
        click.echo("Ingen påminnelser å sende.")
    if report.failed:
        # A non-zero exit, so that cron or a systemd timer shows the run as failed.
        failed, total = len(report.failed), len(report.failed) + len(report.sent)
        raise click.ClickException(
            f"Påminnelser kunne ikke sendes til {failed} av {total} mottakere; "
            "de prøves igjen ved neste kjøring.")


@reminders_group.command("preview")
@click.argument("email")
@click.option("--now", "now_text", help="Pretend it is this moment (ISO 8601).")
def reminders_preview_command(email: str, now_text: str | None) -> None:
    """Print the digest EMAIL would get (the text part), without sending it."""
    from advocacy import i18n
    from advocacy.auth.services import find_user
    from advocacy.notify import mail
    from advocacy.notify.planning import Person
    from advocacy.notify.reminders import preview

    user = find_user(email)
    if user is None:
        raise click.ClickException(f"Fant ingen bruker med e-postadressen {email}.")
    # Preview as if the user took daily digests, so a weekly or muted user can check too.
    person = Person(user.id, user.email, user.name, user.is_active,
                    language=i18n.for_user(user))  # the digest as they would read it
    message = preview(person, _moment(now_text))
    if message is None:
        click.echo(f"{user.name} har ingen påminnelser på dette tidspunktet.")
        return
    readable = mail.read(message)
    click.echo(f"Til: {readable['To']}\nEmne: {readable['Subject']}\n")
    click.echo(readable.get_body(preferencelist=("plain",)).get_content())


@click.command("scheduler")
def scheduler_command() -> None:
    """Run the scheduler in the foreground (production: one such process beside gunicorn)."""
    from flask import current_app

    from advocacy.notify.scheduler import build_scheduler

    scheduler = build_scheduler(current_app._get_current_object(), blocking=True)
    click.echo("Planleggeren kjører (Ctrl+C stopper den).")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        scheduler.shutdown(wait=False)


@click.command("export-paper")
@click.argument("paper_id", type=int)
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def export_paper_command(paper_id: int, out: str) -> None:
    """Write paper PAPER_ID as a Word document to OUT, in the county's template."""
    from pathlib import Path

    from advocacy.papers.export import paper_docx
    from advocacy.papers.services import get_paper

    paper = get_paper(paper_id)
    if paper is None:
        raise click.ClickException(f"Fant ikke uttalelse nummer {paper_id}.")
    Path(out).write_bytes(paper_docx(paper))
    click.echo(f"Skrev «{paper.title}» til {out}.")


@click.command("export-arkivmelding")
@click.argument("paper_id", type=int)
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def export_arkivmelding_command(paper_id: int, out: str) -> None:
    """Write sent paper PAPER_ID to OUT as a zip for the archive: arkivmelding.xml (KS Fiks
    Arkiv V2) with the letter and the co-signers' confirmations."""
    from pathlib import Path

    from advocacy.papers import archive
    from advocacy.papers.services import get_paper

    paper = get_paper(paper_id)
    if paper is None:
        raise click.ClickException(f"Fant ikke uttalelse nummer {paper_id}.")
    try:
        data = archive.arkivmelding_zip(paper)
    except archive.ArchiveRefused as error:
        raise click.ClickException(str(error)) from None
    Path(out).write_bytes(data)
    click.echo(f"Skrev arkivmeldingen for «{paper.title}» ({paper.archive_reference}) til {out}.")


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def backup_command(out: str) -> None:
    """Write a backup of the database to OUT, while the app runs.

    SQLite: a copy by SQLite's online backup API. PostgreSQL: pg_dump --format=custom of
    the app's schema. See advocacy/backup.py.
    """
    from flask import current_app

    from advocacy.backup import BackupError, backup_database

    try:
        path = backup_database(db.engine, out,
                               pg_bindir=current_app.config.get("BACKUP_PG_BINDIR"))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Sikkerhetskopi skrevet til {path} ({path.stat().st_size} byte).")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(source: str, yes: bool) -> None:
    """Replace all data in the database by the backup SOURCE (made by ``flask backup``).

    A file that is not a backup of this kind of database is refused, and a restore that
    fails leaves the database as it was. Stop the web app and the scheduler first.
    """
    from flask import current_app

    from advocacy.backup import BackupError, restore_database

    if not yes:
        click.confirm(f"Alle data i databasen erstattes av innholdet i {source}. Fortsette?",
                      abort=True)
    db.session.remove()
    try:
        restore_database(db.engine, source,
                         pg_bindir=current_app.config.get("BACKUP_PG_BINDIR"))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Databasen er gjenopprettet fra {source}.")
