"""Start-up: configuration, the instance secret key, init-db, health."""

from app import create_app
from forum.config import instance_secret_key, normalize_database_url
from models import Category, Country, Organization, Space, db


def test_secret_key_is_generated_once_and_reused(tmp_path):
    key = instance_secret_key(tmp_path / "instance")
    assert len(key) == 64
    assert instance_secret_key(tmp_path / "instance") == key
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_environment_configures_database_and_index(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    monkeypatch.setenv("SEARCH_INDEX_DIR", str(tmp_path / "idx"))
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    application = create_app()
    assert application.config["SQLALCHEMY_DATABASE_URI"].endswith("env.db")
    assert application.config["SEARCH_INDEX_DIR"] == str(tmp_path / "idx")
    assert application.config["SECRET_KEY"] == "from-the-environment"


def test_postgres_urls_use_psycopg3():
    assert normalize_database_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_init_db_twice_loads_reference_data_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert runner.invoke(args=["init-db"]).exit_code == 0
    count = lambda model: db.session.scalar(db.select(db.func.count()).select_from(model))  # noqa: E731
    assert count(Country) == 28
    assert count(Organization) == 12
    assert count(Space) == 2
    assert count(Category) == 9
    jamaica = db.session.get(Country, "JM")
    assert (jamaica.subregion, jamaica.scheme_list) == ("Caribe", ["CARICOM", "AEC"])


def test_sqlite_runs_in_wal_mode(app):
    assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"


def test_healthz_reports_database(client):
    body = client.get("/healthz").json
    assert body == {"status": "ok", "database": "ok", "backend": "sqlite"}


def test_healthz_reports_an_unreachable_database(tmp_path):
    application = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}",
            "SECRET_KEY": "x",
        }
    )
    response = application.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unavailable"
