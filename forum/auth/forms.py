from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField


class SignupForm(FlaskForm):
    name = StringField(_l("Nombre completo"))
    email = EmailField(_l("Correo electrónico"))
    password = PasswordField(_l("Contraseña"), description=_l("Al menos 10 caracteres."))
    title = StringField(_l("Cargo o función"), description=_l("Por ejemplo: Director de Cooperación Internacional."))
    # "country:AR" or "organization:3"; choices are filled in by the view and
    # the account service checks the value.
    affiliation = SelectField(_l("País u organización"), validate_choice=False)


class LoginForm(FlaskForm):
    email = EmailField(_l("Correo electrónico"))
    password = PasswordField(_l("Contraseña"))
    remember = BooleanField(_l("Recordarme en este equipo"))


class TimezoneForm(FlaskForm):
    # Choices filled in by the view: the IANA zones.
    timezone = SelectField(_l("Zona horaria"), validate_choice=False)
