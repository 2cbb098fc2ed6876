"""Request handling shared by every API blueprint: bearer-token sign-in,
JSON bodies, pagination and typed fields."""

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin

from models import MAX_ID

from ..auth import services as accounts
from ..errors import ServiceError, ValidationError


class Unauthorized(ServiceError):
    status = 401


def authenticate_bearer():
    g.api_user, g.api_token = AnonymousUserMixin(), None
    header = request.headers.get("Authorization", "")
    if not header:
        return
    scheme, _sep, secret = header.partition(" ")
    found = accounts.user_for_token(secret.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        raise Unauthorized(_("Token ausente, no válido o revocado."))
    g.api_user, g.api_token = found


def require_user():
    if not g.api_user.is_authenticated:
        raise Unauthorized(_("Esta operación requiere un token: Authorization: Bearer <token>."))
    return g.api_user


def json_body() -> dict:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ServiceError(_("El cuerpo debe ser un objeto JSON."))
    return payload


def pagination() -> tuple[int, int]:
    page = request.args.get("page", 1, type=int)
    per_page = request.args.get("per_page", 20, type=int)
    if page < 1 or not 1 <= per_page <= current_app.config["API_MAX_PER_PAGE"]:
        raise ValidationError(
            {
                "per_page": _(
                    "page debe ser 1 o más y per_page entre 1 y %(n)d.", n=current_app.config["API_MAX_PER_PAGE"]
                )
            }
        )
    return page, per_page


def optional_text(payload: dict, key: str) -> str | None:
    value = payload.get(key)
    if value is not None and not isinstance(value, str):
        raise ValidationError({key: _("%(key)s debe ser un texto.", key=key)})
    return value


def optional_int(payload: dict, key: str) -> int | None:
    value = payload.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_ID:
        raise ValidationError({key: _("%(key)s debe ser un número entero.", key=key)})
    return value


def optional_codes(payload: dict, key: str) -> list[str]:
    value = payload.get(key) or []
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError({key: _("%(key)s debe ser una lista de códigos.", key=key)})
    return value
