"""Fixtures: a real app on a temporary SQLite file, clients per role, and
the real PostgreSQL/Redis servers when the environment names them."""

import contextvars
import os
import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient

from app import create_app
from forum.auth import services as accounts
from forum.cli import create_schema
from forum.discussions import services as discussions
from models import Category, User, db

PASSWORD = "contrasena-de-prueba"


def base_config(tmp_path, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}",
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_TIME_COST": 1,
        "PASSWORD_MEMORY_COST": 64,
        "SERVER_NAME": "encuentro.test",
    }
    config.update(overrides)
    return config


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: its own
    `g` (and so its own current_user) and its own database session.

    The test's session ends its transaction before the request (SQLite
    writers would otherwise wait on it) and forgets what it loaded after,
    so the test reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file brought to the latest migration with reference data,
    once per run: each test gets a copy (running every migration per test,
    with SQLite's table rebuilds, would cost more than most tests)."""
    folder = tmp_path_factory.mktemp("schema")
    application = create_app(base_config(folder))
    with application.app_context():
        create_schema()
        db.session.remove()
        db.engine.dispose()
    return folder / "test.db"


@pytest.fixture
def make_app(tmp_path, migrated_sqlite):
    """Build an app with a fresh schema; keyword arguments override config."""
    made = []

    def factory(**overrides):
        config = base_config(tmp_path, **overrides)
        # A test's own database: a copy of the migrated one, unless the test
        # (or an earlier app of the test) has put one there already.
        database = tmp_path / "test.db"
        fresh_copy = config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}" and not database.exists()
        if fresh_copy:
            shutil.copyfile(migrated_sqlite, database)
        application = create_app(config)
        application.test_client_class = IsolatedClient
        with application.app_context():
            if application.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
                # Each test starts from an empty schema, whatever an earlier
                # run (of older code) left there.
                db.session.execute(sa.text("DROP SCHEMA public CASCADE"))
                db.session.execute(sa.text("CREATE SCHEMA public"))
                db.session.commit()
            if not fresh_copy:
                create_schema()
        made.append(application)
        return application

    yield factory
    for application in made:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    application = make_app()
    with application.app_context():
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user():
    """Create accounts in whichever app context is current."""
    counter = iter(range(1, 10_000))

    def factory(role="member", country_code=None, name=None, **extra) -> User:
        number = next(counter)
        if role == "focal_point" and country_code is None:
            country_code = "CO"
        return accounts.register(
            name=name or f"Persona {number}",
            email=f"persona{number}.{role}@example.org",
            password=PASSWORD,
            role=role,
            country_code=country_code,
            **extra,
        )

    return factory


def login(client, user: User):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def member(app, make_user):
    return make_user("member")


@pytest.fixture
def focal_point(app, make_user):
    return make_user("focal_point", country_code="CO", name="Ana Restrepo")


@pytest.fixture
def moderator(app, make_user):
    return make_user("moderator", name="Marta Moderadora")


@pytest.fixture
def admin(app, make_user):
    return make_user("admin", name="Alberto Admin")


def category(slug: str) -> Category:
    return db.session.scalar(sa.select(Category).filter_by(slug=slug))


@pytest.fixture
def public_category(app):
    return category("cooperacion-sur-sur")


@pytest.fixture
def topic(public_category, member):
    return discussions.create_topic(
        member,
        public_category,
        "Cooperación triangular en salud",
        "¿Qué experiencias de **cooperación triangular** conocen?",
    )


def text_of(response) -> str:
    """The page text with tags stripped and whitespace collapsed."""
    html = response.get_data(as_text=True)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def service_url(variable: str) -> str | None:
    """A real service's URL from the environment; in CI its absence fails."""
    url = os.environ.get(variable)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{variable} is not set: .ci/run must start the service")
    pytest.skip(f"{variable} not set (run `bash .ci/services.sh` and source .ci/services.env)")
