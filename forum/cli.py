"""`flask --app app …` commands."""

from pathlib import Path

import click
import flask_migrate
from flask import Flask
from flask.cli import AppGroup

from models import ROLES, Topic, db
from search.documents import count_documents

from .auth import services as accounts
from .database import read_only
from .errors import ValidationError
from .indexing import documents, paused, search_index
from .reference import load_reference_data

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def register_cli(app: Flask) -> None:
    register_search_cli(app)

    @app.cli.command("init-db")
    def init_db():
        """Create the schema and the reference data. Safe to run again."""
        create_schema()
        click.echo("Base de datos lista.")

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Only when there are no topics yet.")
    def seed_demo(if_empty):
        """Create the demo accounts and discussions."""
        from .demo import seed_demo_content

        create_schema()
        if if_empty and db.session.scalar(db.select(Topic.id).limit(1)) is not None:
            click.echo("Ya hay contenido: no se cargan los datos de demostración.")
            return
        # The demo back-dates what it writes: index it once, at the end.
        with paused():
            seed_demo_content()
        search_index().rebuild(documents())
        click.echo("Contenido de demostración creado.")

    @app.cli.command("create-user")
    @click.argument("email")
    @click.option("--name", required=True)
    @click.option("--password", required=True)
    @click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
    @click.option("--country", "country_code", default=None, help="ISO code, e.g. CO.")
    @click.option("--title", default="")
    def create_user(email, name, password, role, country_code, title):
        """Create an account with any role."""
        try:
            user = accounts.register(
                name=name,
                email=email,
                password=password,
                title=title,
                country_code=country_code,
                role=role,
            )
        except ValidationError as error:
            for field, message in error.errors.items():
                click.echo(f"{field}: {message}", err=True)
            raise SystemExit(1) from None
        click.echo(f"Cuenta creada: {user.email} ({user.role}).")


def create_schema() -> None:
    """Bring the schema to the latest migration, then load reference data."""
    flask_migrate.upgrade(directory=MIGRATIONS)
    load_reference_data()


def register_search_cli(app: Flask) -> None:
    search_group = AppGroup("search", help="The full-text search index.")

    @search_group.command("rebuild")
    def rebuild():
        """Rebuild the index from the database."""
        with read_only(), click.progressbar(length=count_documents(), label="Indexando") as bar:
            count = search_index().rebuild(documents(), progress=bar.update)
        click.echo(f"{count} documentos indexados.")

    @search_group.command("check")
    def check():
        """Report documents missing from, stale in or extra in the index."""
        indexed = search_index().stamps()
        with read_only():
            expected = {document["doc_id"]: document["stamp"] for document in documents()}
        missing = sorted(set(expected) - set(indexed))
        extra = sorted(set(indexed) - set(expected))
        stale = sorted(key for key in set(expected) & set(indexed) if expected[key] != indexed[key])
        for label, keys in (("Faltan", missing), ("Desactualizados", stale), ("Sobran", extra)):
            if keys:
                click.echo(f"{label} ({len(keys)}): {', '.join(keys[:20])}{' …' if len(keys) > 20 else ''}")
        if missing or stale or extra:
            click.echo("Ejecute `flask --app app search rebuild` para corregirlo.")
            raise SystemExit(1)
        click.echo(f"Índice al día: {len(expected)} documentos.")

    @search_group.command("optimize")
    def optimize():
        """Merge the index segments (run now and then, e.g. nightly)."""
        search_index().optimize()
        click.echo("Índice optimizado.")

    app.cli.add_command(search_group)
