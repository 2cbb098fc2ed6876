"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from models import db

from .conftest import service_url


def schema_drift() -> list:
    with db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), db.metadata)


def test_migrations_match_models_on_sqlite(app):
    assert schema_drift() == []


def test_migrations_match_models_on_postgresql(make_app):
    application = make_app(SQLALCHEMY_DATABASE_URI=service_url("TEST_DATABASE_URL"))
    with application.app_context():
        assert schema_drift() == []
