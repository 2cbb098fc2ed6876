"""Error types raised by services, and handlers that render them as HTML
pages or JSON bodies depending on where the request came from."""

from flask import g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from models import db

from . import permissions
from .localization import DATETIME_PATTERN, local_time


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(ServiceError):
    """Bad input; `errors` maps field names to messages."""

    status = 422

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class PermissionDenied(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    """Already done: a second flag of the same item, flags another moderator handled."""

    status = 409


def suspension_message(user) -> str:
    """What a suspended person is told wherever a write is refused."""
    until = local_time(user.suspended_until, DATETIME_PATTERN)
    if user.suspension_reason:
        return _("Su cuenta está suspendida hasta el %(date)s: %(reason)s", date=until, reason=user.suspension_reason)
    return _("Su cuenta está suspendida hasta el %(date)s.", date=until)


def _acting_user():
    """The person behind the request: the API's token owner, or the session's."""
    if wants_json():
        return g.get("api_user")
    return current_user


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _default_message(status: int) -> str:
    messages = {
        400: _("La solicitud no es válida."),
        401: _("Debe identificarse para continuar."),
        403: _("No tiene permiso para ver o hacer esto."),
        404: _("No encontramos lo que busca."),
        405: _("Método no permitido."),
        413: _("El contenido enviado es demasiado grande."),
        422: _("Revise los datos enviados."),
        429: _("Demasiadas solicitudes seguidas. Espere un momento y vuelva a intentarlo."),
        500: _("Error interno. El equipo técnico ha sido avisado."),
    }
    return messages.get(status, messages[500])


def error_response(status: int, message: str | None = None, errors: dict | None = None):
    message = message or _default_message(status)
    if wants_json():
        body = {"error": message, "status": status}
        if errors:
            body["errors"] = errors
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message), status


def register_error_handlers(app):
    @app.errorhandler(ServiceError)
    def handle_service_error(error):
        message = error.message
        # One place says why any write of a suspended person was refused.
        user = _acting_user()
        if isinstance(error, PermissionDenied) and user is not None and permissions.is_suspended(user):
            message = suspension_message(user)
        return error_response(error.status, message, getattr(error, "errors", None))

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error):
        return error_response(
            400,
            _("El formulario caducó o no vino de esta página. Vuelva atrás, recargue la página y envíelo de nuevo."),
        )

    @app.errorhandler(HTTPException)
    def handle_http_error(error):
        if error.code == 429:
            return error_response(429)
        # Messages we chose (abort(404, msg)) are kept; Werkzeug's English
        # defaults are replaced by translated ones.
        custom = error.description if error.description != type(error).description else None
        return error_response(error.code or 500, custom)

    @app.errorhandler(Exception)
    def handle_unexpected(error):
        app.logger.exception("Unhandled error")
        db.session.rollback()
        return error_response(500)
