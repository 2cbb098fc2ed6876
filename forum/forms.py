"""Form helpers shared by every capability."""

from flask import flash
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from models import Country, db

from .errors import ValidationError
from .localization import country_name


def country_choices() -> list[SelectChoice]:
    """The member states, named in the reader's language, in that order."""
    codes = db.session.scalars(db.select(Country.code)).all()
    return sorted((SelectChoice(code, country_name(code)) for code in codes), key=lambda c: c.label)


def show_errors(form: FlaskForm, error: ValidationError) -> None:
    """Attach a service's validation messages to the form's fields."""
    for name, message in error.errors.items():
        field = form._fields.get(name)
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


def flash_errors(error: ValidationError) -> None:
    """A service's validation messages on the next page, for forms that redirect."""
    for message in error.errors.values():
        flash(message, "error")
