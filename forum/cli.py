"""`flask --app app …` commands."""

from pathlib import Path

import click
import flask_migrate
from flask import Flask

from models import ROLES, Topic, db

from .auth import services as accounts
from .errors import ValidationError
from .reference import load_reference_data

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def register_cli(app: Flask) -> None:
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
        seed_demo_content()
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
