"""Form helpers shared by every capability."""

from flask_wtf import FlaskForm

from .errors import ValidationError


def show_errors(form: FlaskForm, error: ValidationError) -> None:
    """Attach a service's validation messages to the form's fields."""
    for name, message in error.errors.items():
        field = form._fields.get(name)
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]
