"""Accounts: registration, passwords, sign-in checks and API tokens."""

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from models import ROLES, ApiToken, Country, Organization, User, db, utcnow

from ..errors import NotFound, ValidationError

PASSWORD_MIN = 10
NAME_MAX, TITLE_MAX = 120, 160


def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=current_app.config["PASSWORD_TIME_COST"],
        memory_cost=current_app.config["PASSWORD_MEMORY_COST"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def normalize_email(email: str | None) -> str:
    try:
        return validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ValidationError({"email": _("Escriba una dirección de correo válida.")}) from None


def _clean_profile(name, title, country_code, organization_id) -> dict:
    errors, cleaned = {}, {}
    cleaned["name"] = " ".join((name or "").split())
    if not cleaned["name"]:
        errors["name"] = _("Escriba su nombre.")
    elif len(cleaned["name"]) > NAME_MAX:
        errors["name"] = _("El nombre no puede pasar de %(n)d caracteres.", n=NAME_MAX)
    cleaned["title"] = " ".join((title or "").split())
    if len(cleaned["title"]) > TITLE_MAX:
        errors["title"] = _("El cargo no puede pasar de %(n)d caracteres.", n=TITLE_MAX)
    cleaned["country_code"] = (country_code or "").upper() or None
    if cleaned["country_code"] and db.session.get(Country, cleaned["country_code"]) is None:
        errors["country_code"] = _("Ese país no es un Estado Miembro del SELA.")
    cleaned["organization_id"] = organization_id or None
    if cleaned["organization_id"] and db.session.get(Organization, cleaned["organization_id"]) is None:
        errors["organization_id"] = _("Organización desconocida.")
    if cleaned["country_code"] and cleaned["organization_id"]:
        errors["organization_id"] = _("Indique un país o una organización, no ambos.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def register(name, email, password, title="", country_code=None, organization_id=None, role="member") -> User:
    """Create an account; every problem with the input is reported at once."""
    errors = {}
    try:
        profile = _clean_profile(name, title, country_code, organization_id)
    except ValidationError as error:
        errors.update(error.errors)
        profile = {}
    try:
        email = normalize_email(email)
        if db.session.scalar(db.select(User.id).filter_by(email=email)) is not None:
            errors["email"] = _("Ya existe una cuenta con ese correo. ¿Quiere iniciar sesión?")
    except ValidationError as error:
        errors.update(error.errors)
    if len(password or "") < PASSWORD_MIN:
        errors["password"] = _("La contraseña debe tener al menos %(n)d caracteres.", n=PASSWORD_MIN)
    if role not in ROLES:
        errors["role"] = _("Rol desconocido.")
    elif role == "focal_point" and not profile.get("country_code"):
        errors["country_code"] = _("Un punto focal representa a un país: indíquelo.")
    if errors:
        raise ValidationError(errors)
    user = User(email=email, password_hash=hash_password(password), role=role, **profile)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        # The same address registered by a concurrent request.
        db.session.rollback()
        raise ValidationError({"email": _("Ya existe una cuenta con ese correo. ¿Quiere iniciar sesión?")}) from None
    return user


def authenticate(email, password) -> User | None:
    """The user with these credentials, or None. Takes the same time either way."""
    user = db.session.scalar(db.select(User).filter_by(email=(email or "").strip().lower()))
    hasher = _hasher()
    if user is None:
        # Hash anyway so a missing account cannot be told apart by timing.
        hasher.hash(password or "")
        return None
    try:
        hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
        db.session.commit()
    return user


def issue_token(user: User, label: str = "") -> tuple[ApiToken, str]:
    """A new bearer token; the secret is returned once and never stored."""
    secret = secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, digest=_digest(secret), label=(label or "")[:80])
    db.session.add(token)
    db.session.commit()
    return token, secret


def user_for_token(secret: str) -> tuple[User, ApiToken] | None:
    token = db.session.scalar(db.select(ApiToken).filter_by(digest=_digest(secret), revoked_at=None))
    if token is None:
        return None
    return token.user, token


def revoke_token(user: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound(_("Ese token no existe o ya fue revocado."))
    token.revoked_at = utcnow()
    db.session.commit()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
