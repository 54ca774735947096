"""``flask`` commands: create-user and seed-demo."""

from __future__ import annotations

import click
from flask import Flask

from advocacy.auth.models import Role
from advocacy.extensions import db


def register(app: Flask) -> None:
    """Add the commands to ``app``."""
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)


@click.command("create-user")
@click.option("--email", required=True, help="The user's email address (the login).")
@click.option("--name", required=True, help="The user's full name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]),
              help="What the user may do.")
@click.option("--password", help="At least 12 characters; prompted for when left out.")
def create_user_command(email: str, name: str, role: str, password: str | None) -> None:
    """Create a user who can log in."""
    from advocacy.auth.services import AccountError, create_user

    if password is None:
        password = click.prompt("Passord", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, name, role, password)
        db.session.commit()
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"Opprettet {user.email} ({user.role}).")


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo data (Buskerudplanen); running it again changes nothing."""
    from advocacy.demo import DEMO_USERS, seed_demo

    report = seed_demo()
    if report.changed:
        click.echo("La til: " + ", ".join(f"{n} {kind}" for kind, n in report.added.items()))
    else:
        click.echo("Demodataene var allerede lastet; ingenting endret.")
    click.echo("\nDemobrukere (e-post / passord):")
    for role, email, _name, password in DEMO_USERS:
        click.echo(f"  {role.label:<28} {email:<32} {password}")
