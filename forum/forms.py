"""Form helpers shared by every capability."""

from datetime import date

from flask import flash
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from models import Country, db

from .errors import ValidationError
from .localization import country_name

# Typed dates outside these years are typing mistakes (and date arithmetic
# near year 1 or 9999 overflows).
YEARS = range(1900, 3000)


def parse_day(text: str) -> date:
    """A day typed as AAAA-MM-DD; ValueError when it is not one in YEARS."""
    day = date.fromisoformat(text.strip())
    if day.year not in YEARS:
        raise ValueError(text)
    return day


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
