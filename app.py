"""Encuentro: the application factory, and `python app.py` to serve it."""

import os

from flask import Flask
from flask_babel import gettext
from werkzeug.routing import IntegerConverter

from forum import health
from forum.api import cooperation as api_cooperation
from forum.api import meetings as api_meetings
from forum.api import moderation as api_moderation
from forum.api import positions as api_positions
from forum.api import views as api
from forum.auth import views as auth
from forum.cli import register_cli
from forum.config import load_config
from forum.cooperation import views as cooperation
from forum.curation import views as curation
from forum.database import configure_sqlite
from forum.digest import views as digest
from forum.discussions import views as discussions
from forum.errors import register_error_handlers
from forum.extensions import (
    babel,
    csrf,
    limiter,
    login_manager,
    migrate,
    preferred_locale,
    preferred_timezone,
    socketio,
)
from forum.indexing import init_search
from forum.meetings import events as _socket_events  # noqa: F401  (registers the Socket.IO handlers)
from forum.meetings import views as meetings
from forum.meetings.presence import init_presence
from forum.meetings.websocket import without_compression
from forum.moderation import review_views as review
from forum.moderation import views as moderation
from forum.notifications import services as notices
from forum.notifications import views as notifications
from forum.page_cache import init_page_cache
from forum.positions import views as positions
from forum.searching import views as searching
from forum.templating import register_template_helpers
from models import MAX_ID, db


class DatabaseId(IntegerConverter):
    """<int:…> in URLs: an id no column can hold is simply not found (404),
    not an overflow in the database driver (500)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.url_map.converters["int"] = DatabaseId
    load_config(app, config)
    register_extensions(app)
    init_search(app)
    init_page_cache(app)
    init_presence(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    configure_sqlite(app)
    # Batch mode lets migrations alter tables on SQLite, which lacks ALTER COLUMN.
    migrate.init_app(app, db, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=lambda: preferred_locale(app.config["LANGUAGES"]),
        timezone_selector=lambda: preferred_timezone(app.config["BABEL_DEFAULT_TIMEZONE"]),
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Debe identificarse para continuar."
    login_manager.localize_callback = gettext
    login_manager.user_loader(notices.load_user)
    queue = app.config.get("REDIS_URL")
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=queue,
        # One SocketIO object serves every app of the process (the tests build
        # many): without a queue, the last app's Redis manager must not stay.
        **({} if queue else {"client_manager": None}),
    )
    if not app.config["CHAT_WEBSOCKET_COMPRESSION"]:
        app.wsgi_app = without_compression(app.wsgi_app)


def register_blueprints(app: Flask) -> None:
    for module in (
        health,
        auth,
        discussions,
        cooperation,
        meetings,
        searching,
        moderation,
        review,
        notifications,
        curation,
        digest,
        api,
        api_cooperation,
        api_meetings,
        api_moderation,
        positions,
        api_positions,
    ):
        app.register_blueprint(module.blueprint)


if __name__ == "__main__":
    application = create_app()
    socketio.run(
        application,
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "5000")),
        allow_unsafe_werkzeug=True,
    )
