"""Rendered pages kept a few seconds for visitors who are not signed in.

Most of a public forum's readers are guests (the portal's visitors, search
engines) and every guest sees the same page for an address, a language and
a time zone, so each worker process keeps it for `GUEST_PAGE_CACHE_SECONDS`,
as Discourse does for anonymous visitors. A guest may see a page that many
seconds old when another process wrote since; a commit in this process
empties its copy at once. Signed-in people, and guests carrying a session
(a flashed message, a half-filled form), always get a fresh page.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from functools import wraps

from flask import current_app, has_app_context, request, session
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

# Headers a kept page is served with; Set-Cookie never is.
KEPT_HEADERS = ("Content-Type",)


class PageCache:
    """A small thread-safe LRU of (body, headers) with an expiry per entry."""

    def __init__(self, max_entries: int = 1024) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, tuple[float, bytes, list]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple[bytes, list] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1], entry[2]

    def put(self, key: tuple, body: bytes, headers: list, seconds: float) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + seconds, body, headers)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def init_page_cache(app) -> None:
    app.extensions["guest_page_cache"] = PageCache()


@event.listens_for(Session, "after_commit")
def _forget_pages(_session) -> None:
    cache = current_app.extensions.get("guest_page_cache") if has_app_context() else None
    if cache is not None:
        cache.clear()


def _plain_guest() -> bool:
    return "Authorization" not in request.headers and not session and not current_user.is_authenticated


def cached_for_guests(view):
    """Serve a guest the page kept for the same address, language and time zone."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        seconds = current_app.config["GUEST_PAGE_CACHE_SECONDS"]
        if not seconds or not _plain_guest():
            return view(*args, **kwargs)
        cache: PageCache = current_app.extensions["guest_page_cache"]
        key = (request.full_path, str(get_locale()), str(get_timezone()))
        kept = cache.get(key)
        if kept is not None:
            body, headers = kept
            return current_app.response_class(body, headers=headers)
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code == 200 and not session and not response.direct_passthrough:
            headers = [(name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers]
            cache.put(key, response.get_data(), headers, seconds)
        return response

    return wrapper
