"""Engine set-up per backend."""

import threading
from contextlib import contextmanager
from contextvars import ContextVar

import sqlalchemy as sa
from flask import has_request_context, request

from models import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_read_only = ContextVar("read_only", default=False)
_write_next = ContextVar("write_next", default=False)


@contextmanager
def read_only():
    """Mark work outside a request (start-up, CLI reports) as reading only,
    so that on SQLite it does not queue for the write lock."""
    token = _read_only.set(True)
    try:
        yield
    finally:
        _read_only.reset(token)


def begin_writing() -> None:
    """Start the session's next transaction with the write lock, as a POST
    request's does. For work that writes outside a writing request: Socket.IO
    events run in their handshake's GET request. Later transactions of the
    same work start deferred again, so it holds no lock while broadcasting."""
    token = _write_next.set(True)
    try:
        db.session.connection()
    finally:
        _write_next.reset(token)


def configure_sqlite(app) -> None:
    """WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE for writes.

    With two writer processes, a deferred transaction that reads and then
    writes fails with "database is locked" however long the busy timeout;
    taking the write lock at BEGIN makes writers queue instead. Page views
    (safe methods) keep deferred transactions so readers never wait.
    """
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, connection_record):
        # Let SQLAlchemy's "begin" event decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    # Writers of this process queue here rather than in SQLite's busy wait:
    # that wait sleeps in C, so under gevent a writer waiting for a lock held
    # by a greenlet that yielded (a rate-limit check, a Redis call) froze the
    # whole worker until the busy timeout. Under gevent this lock is patched
    # to wait cooperatively; with threads it simply queues them.
    write_lock = threading.Lock()

    @sa.event.listens_for(engine, "begin")
    def on_begin(connection):
        reading = _read_only.get() or (has_request_context() and request.method in SAFE_METHODS)
        if reading and not _write_next.get():
            connection.exec_driver_sql("BEGIN")
            return
        write_lock.acquire()
        connection.info["holds_write_lock"] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except Exception:
            _release(connection)
            raise

    def _release(connection):
        if connection.info.pop("holds_write_lock", False):
            write_lock.release()

    sa.event.listen(engine, "commit", _release)
    sa.event.listen(engine, "rollback", _release)
