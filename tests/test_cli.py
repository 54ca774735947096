"""The flask commands: create-user, seed-demo, and the exit status of reminders send."""

from datetime import date

from sqlalchemy import select

from advocacy.auth.models import User
from advocacy.auth.services import authenticate
from advocacy.extensions import db


def test_create_user_with_password(app):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--email", "Åse.Ødegård@Example.no", "--name", "Åse Ødegård",
        "--role", "staff", "--password", "et langt passord"])
    assert result.exit_code == 0, result.output
    user = authenticate("åse.ødegård@example.no", "et langt passord")
    assert user is not None and user.name == "Åse Ødegård" and user.role == "staff"


def test_create_user_prompts_for_password(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "--email", "leser@example.no", "--name", "Leser", "--role", "viewer"],
        input="hemmelig-passord\nhemmelig-passord\n")
    assert result.exit_code == 0, result.output
    assert authenticate("leser@example.no", "hemmelig-passord") is not None


def test_create_user_refuses_bad_input_and_changes_nothing(app, make_user):
    make_user("staff", email="finnes@example.no")
    runner = app.test_cli_runner()
    cases = [
        (["--email", "ny@example.no", "--role", "staff", "--password", "kort"], "minst 12 tegn"),
        (["--email", "finnes@example.no", "--role", "staff", "--password", "et langt passord"],
         "finnes allerede"),
        (["--email", "ikke-epost", "--role", "staff", "--password", "et langt passord"],
         "gyldig e-postadresse"),
        (["--email", "ny@example.no", "--role", "sjef", "--password", "et langt passord"],
         "sjef"),
    ]
    for args, message in cases:
        result = runner.invoke(args=["create-user", "--name", "Ny", *args])
        assert result.exit_code != 0
        assert message in result.output
    assert db.session.scalars(select(User.email)).all() == ["finnes@example.no"]


def test_seed_demo_command_prints_logins_and_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "radgiver@buskerud.example" in first.output and "demo-radgiver-passord" in first.output
    # Norwegian counts, singular and plural: "La til: 26 organisasjoner, …, 1 plan, …"
    assert "organisasjoner" in first.output and "rammebetingelser" in first.output
    assert " 1 plan," in first.output and "organisation" not in first.output
    assert "uttalelser" in first.output
    assert "Demobrukere – logg inn med e-post og passord:" in first.output
    assert "Rolle" in first.output and "E-post" in first.output and "Passord" in first.output
    second = runner.invoke(args=["seed-demo"])
    assert "ingenting endret" in second.output


def test_reminders_send_exits_non_zero_while_mail_fails(app, make_user, mail_server):
    from advocacy.hearings import services
    from advocacy.hearings.models import Hearing

    owner = make_user("staff", email="eier@buskerud.example")
    db.session.add(Hearing(title="Høring – ny kulturmiljølov",
                           issuer="Klima- og miljødepartementet", responsible=owner,
                           deadline_at=services.deadline_at(date(2026, 12, 10)),
                           status="assessing"))
    db.session.commit()
    runner = app.test_cli_runner()
    send = ["reminders", "send", "--now", "2026-12-03T07:00"]  # seven days before

    mail_server.stop()
    failed = runner.invoke(args=send)
    assert failed.exit_code != 0
    assert "Feilet for eier@buskerud.example" in failed.output
    assert "kunne ikke sendes til 1 av 1 mottakere" in failed.output
    assert "Traceback" not in failed.output

    mail_server.start()
    retried = runner.invoke(args=send)
    assert retried.exit_code == 0, retried.output
    assert "Sendt til eier@buskerud.example" in retried.output
    assert len(mail_server.to("eier@buskerud.example")) == 1
