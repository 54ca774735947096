"""Configuration: defaults, instance file, environment, and the secret-key guard."""

import pytest

from advocacy import ConfigurationError, create_app, normalise_database_url


def test_refuses_to_start_without_secret_key_outside_debug_and_testing(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVOCACY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("ADVOCACY_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="ADVOCACY_SECRET_KEY"):
        create_app()


def test_testing_runs_without_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVOCACY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("ADVOCACY_SECRET_KEY", raising=False)
    app = create_app({"TESTING": True})
    assert app.testing


def test_environment_overrides_instance_file_which_overrides_defaults(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("SECRET_KEY = 'from-file'\nPER_PAGE = 7\n")
    monkeypatch.setenv("ADVOCACY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("ADVOCACY_PER_PAGE", "11")
    monkeypatch.delenv("ADVOCACY_SECRET_KEY", raising=False)
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["PER_PAGE"] == 11
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/advocacy.sqlite"


def test_database_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVOCACY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("ADVOCACY_SECRET_KEY", "x")
    monkeypatch.setenv("ADVOCACY_DATABASE_URL", "postgresql://advocacy@db.example/advocacy")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == \
        "postgresql+psycopg://advocacy@db.example/advocacy"


def test_normalise_database_url():
    assert normalise_database_url("postgres://x/y") == "postgresql+psycopg://x/y"
    assert normalise_database_url("sqlite:///a.sqlite") == "sqlite:///a.sqlite"


def test_security_headers(client):
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
