from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from wtforms.fields.choices import SelectChoice

from models import Country, Organization, Post, User, db

from ..discussions import services as discussions
from ..errors import NotFound, ValidationError
from ..extensions import known_timezones, limiter
from ..forms import show_errors
from ..localization import country_name
from ..page_cache import cached_for_guests
from ..pagination import counted_page
from . import services
from .forms import LoginForm, SignupForm, TimezoneForm

blueprint = Blueprint("auth", __name__)


def safe_next(default: str) -> str:
    """Only same-site paths are followed after sign-in."""
    target = request.values.get("next") or ""
    parts = urlsplit(target)
    # Browsers read "/\host" like "//host": refuse backslashes altogether.
    if (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not parts.netloc
        and not parts.scheme
    ):
        return target
    return default


def affiliation_choices() -> list[SelectChoice]:
    countries = sorted((country_name(code), code) for code in db.session.scalars(db.select(Country.code)))
    organizations = db.session.scalars(db.select(Organization).order_by(Organization.acronym)).all()
    return (
        [SelectChoice("", _("— Ninguno / sociedad civil —"))]
        + [SelectChoice(f"country:{code}", name, optgroup=_("Estados Miembros")) for name, code in countries]
        + [
            SelectChoice(f"organization:{o.id}", f"{o.acronym} — {o.name}", optgroup=_("Organizaciones"))
            for o in organizations
        ]
    )


def parse_affiliation(value: str) -> dict:
    kind, _sep, key = (value or "").partition(":")
    if kind == "country":
        return {"country_code": key}
    if kind == "organization" and key.isdigit():
        return {"organization_id": int(key)}
    return {}


@blueprint.route("/signup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SIGNUP"], methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("discussions.index"))
    form = SignupForm()
    form.affiliation.choices = affiliation_choices()
    if form.validate_on_submit():
        try:
            user = services.register(
                name=form.name.data,
                email=form.email.data,
                password=form.password.data,
                title=form.title.data,
                **parse_affiliation(form.affiliation.data),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            login_user(user)
            flash(_("Bienvenida o bienvenido a Encuentro, %(name)s.", name=user.name), "success")
            return redirect(safe_next(url_for("discussions.index")))
    return render_template("auth/signup.html", form=form), 422 if form.errors else 200


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN"],
    methods=["POST"],
    key_func=lambda: f"login-address:{request.remote_addr}",
)
@limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN"],
    methods=["POST"],
    key_func=lambda: f"login-account:{request.form.get('email', '').strip().lower()}",
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("discussions.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(_("Correo o contraseña incorrectos."))
        else:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(url_for("discussions.index")))
    return render_template("auth/login.html", form=form), 422 if form.errors or form.form_errors else 200


@blueprint.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("Ha cerrado la sesión."), "info")
    return redirect(url_for("discussions.index"))


@blueprint.get("/u/<int:user_id>")
@cached_for_guests
def profile(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("Esta persona no existe."))
    posts = counted_page(
        discussions.visible_posts_query(current_user).where(Post.author_id == user.id),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["TOPICS_PER_PAGE"],
        total=user.post_count,
    )
    timezone_form = None
    if current_user.is_authenticated and current_user.id == user.id:
        timezone_form = TimezoneForm(timezone=user.timezone or "")
        timezone_form.timezone.choices = _timezone_choices()
    return render_template("auth/profile.html", profile=user, posts=posts, timezone_form=timezone_form)


def _timezone_choices() -> list[SelectChoice]:
    automatic = SelectChoice("", _("La de mi navegador (o UTC sin JavaScript)"))
    return [automatic] + [SelectChoice(zone, zone.replace("_", " ")) for zone in sorted(known_timezones())]


@blueprint.post("/u/timezone")
@login_required
def set_timezone():
    """Times (meetings, messages) are shown in this zone everywhere."""
    form = TimezoneForm()
    chosen = form.timezone.data or ""
    if form.validate_on_submit() and (chosen == "" or chosen in known_timezones()):
        current_user.timezone = chosen or None
        db.session.commit()
        flash(_("Zona horaria guardada."), "success")
    else:
        flash(_("Esa zona horaria no existe."), "error")
    return redirect(url_for("auth.profile", user_id=current_user.id))


@blueprint.route("/language", methods=["GET", "POST"])
def set_language():
    """Guests choose with a plain GET form: a cookie and no session, so their
    pages stay cacheable. Signed-in people post the form (CSRF-checked), which
    also saves the choice on their account."""
    response = redirect(safe_next(url_for("discussions.index")))
    chosen = request.values.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        response.set_cookie("lang", chosen, max_age=60 * 60 * 24 * 365, samesite="Lax")
        if request.method == "POST" and current_user.is_authenticated:
            current_user.language = chosen
            db.session.commit()
    return response
