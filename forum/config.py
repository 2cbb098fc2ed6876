"""Configuration: defaults, then instance/config.py, then environment, then
the mapping passed to `create_app` (tests)."""

import os
import secrets
import tempfile
from pathlib import Path

# Interface languages, the first being the default.
LANGUAGES = {"es": "Español", "en": "English", "pt": "Português", "fr": "Français"}

DEFAULTS = {
    "BABEL_DEFAULT_LOCALE": "es",
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    "LANGUAGES": tuple(LANGUAGES),
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # Whole request bodies above this are refused with 413 before parsing.
    "MAX_CONTENT_LENGTH": 512 * 1024,
    # Pages kept for guests, per worker process (0 turns it off): see forum/page_cache.py.
    "GUEST_PAGE_CACHE_SECONDS": 10,
    "TOPICS_PER_PAGE": 30,
    "POSTS_PER_PAGE": 25,
    # Replies deeper than this continue flat with an "in reply to" link.
    "MAX_THREAD_DEPTH": 5,
    "API_MAX_PER_PAGE": 100,
    "RATELIMIT_HEADERS_ENABLED": True,
    "RATELIMIT_LOGIN": "10 per minute;60 per hour",
    "RATELIMIT_SIGNUP": "5 per minute;30 per hour",
    "RATELIMIT_POSTING": "8 per minute;120 per hour",
    "RATELIMIT_CHAT": "30 per minute;600 per hour",
    "CHAT_MESSAGE_MAX": 4000,
    # With REDIS_URL, each worker says it is alive this often; after three
    # missed beats the others take over its connections' departures.
    "PRESENCE_HEARTBEAT_SECONDS": 15,
    # permessage-deflate on chat WebSockets: off, see forum/meetings/websocket.py.
    "CHAT_WEBSOCKET_COMPRESSION": False,
    # Argon2id cost; tests lower it, production keeps the library defaults.
    "PASSWORD_TIME_COST": 3,
    "PASSWORD_MEMORY_COST": 65536,
    "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 30,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    # "threading" for the embedded server; "gevent" under gunicorn's gevent worker.
    "SOCKETIO_ASYNC_MODE": "threading",
}

# Environment variables read at start-up, and the config key each sets.
ENVIRONMENT = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "SEARCH_INDEX_DIR": "SEARCH_INDEX_DIR",
    "REDIS_URL": "REDIS_URL",
    "SOCKETIO_ASYNC_MODE": "SOCKETIO_ASYNC_MODE",
    "GUEST_PAGE_CACHE_SECONDS": "GUEST_PAGE_CACHE_SECONDS",
    "RATELIMIT_CHAT": "RATELIMIT_CHAT",
    "CHAT_WEBSOCKET_COMPRESSION": "CHAT_WEBSOCKET_COMPRESSION",
    "PRESENCE_HEARTBEAT_SECONDS": "PRESENCE_HEARTBEAT_SECONDS",
}


def load_config(app, overrides=None):
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for variable, key in ENVIRONMENT.items():
        if os.environ.get(variable):
            app.config[key] = os.environ[variable]
    app.config.from_mapping(overrides or {})

    instance = Path(app.instance_path)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", f"sqlite:///{instance / 'encuentro.db'}")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["GUEST_PAGE_CACHE_SECONDS"] = float(app.config["GUEST_PAGE_CACHE_SECONDS"])
    app.config["CHAT_WEBSOCKET_COMPRESSION"] = as_flag(app.config["CHAT_WEBSOCKET_COMPRESSION"])
    app.config.setdefault("SEARCH_INDEX_DIR", str(instance / "index"))
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(instance)


def as_flag(value) -> bool:
    """True for True and for "1", "true", "yes", "on" (any case) from the environment."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def normalize_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance: Path) -> str:
    """Read the key generated on first start, creating it if needed."""
    instance.mkdir(parents=True, exist_ok=True)
    key_file = instance / "secret_key"
    if not key_file.exists():
        # Write aside, then link into place: atomic, and the first process wins.
        fd, temporary = tempfile.mkstemp(dir=instance)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(temporary, key_file)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return key_file.read_text().strip()
