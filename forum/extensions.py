"""Flask extensions, created unbound and bound in `create_app`."""

from functools import cache
from zoneinfo import available_timezones

from flask import current_app, g, has_request_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect


def rate_limit_key() -> str:
    """Signed-in people are limited per account, guests per address."""
    api_user = g.get("api_user")
    if api_user is not None and api_user.is_authenticated:
        return f"user:{api_user.id}"
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=rate_limit_key)
login_manager = LoginManager()
migrate = Migrate()
socketio = SocketIO()

# New topics and replies, from the pages and the API, share one budget.
posting_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_POSTING"], scope="posting", methods=["POST"])


def preferred_locale(languages) -> str:
    """The signed-in person's language, then the chosen cookie, then the browser's."""
    if not has_request_context():
        return languages[0]
    if current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = request.cookies.get("lang")
    if chosen in languages:
        return chosen
    # Match on the primary tag so "fr-CA" chooses French, in the browser's order.
    for tag, _quality in request.accept_languages:
        primary = tag.replace("_", "-").split("-")[0].lower()
        if primary in languages:
            return primary
    return languages[0]


def preferred_timezone(default: str) -> str:
    """The signed-in person's zone, then the one the browser reported (cookie), then UTC."""
    if not has_request_context():
        return default
    chosen = current_user.timezone if current_user.is_authenticated else None
    chosen = chosen or request.cookies.get("tz")
    return chosen if chosen in known_timezones() else default


@cache
def known_timezones() -> frozenset[str]:
    """IANA zone names (reading them from disk takes milliseconds: once)."""
    return frozenset(available_timezones())
