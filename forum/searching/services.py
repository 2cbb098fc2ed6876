"""Searching as a reader: their query, their permissions, their page."""

import re
import time
from dataclasses import dataclass, field

from flask import current_app, url_for
from flask_babel import gettext
from whoosh import highlight
from whoosh.query import And, Or, Term

from search.analysis import folded_analyzer, stem_then_fold_analyzer
from search.index import Hit, IndexUnavailable, ResultPage
from search.query import QuerySyntaxError, parse_query

from .. import permissions
from ..indexing import search_index

PER_PAGE = 20
SORTS = ("relevance", "date")
# Below this many hits a spelling suggestion is offered.
SUGGEST_BELOW = 3

_formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
_fragmenter = highlight.ContextFragmenter(maxchars=220, surround=60)


@dataclass
class Outcome:
    query: str
    results: ResultPage | None = None
    error: str | None = None
    suggestion: str | None = None
    items: list[dict] = field(default_factory=list)


def _highlight(hit) -> str:
    """The best fragments of the body around the matched words, as safe HTML."""
    text = hit.get("body") or ""
    for name in ("body_sf", "body_fs", "body_exact"):
        hit.results.fragmenter = _fragmenter
        hit.results.formatter = _formatter
        fragment = hit.highlights(name, text=text, top=2)
        if fragment:
            return fragment
    return ""


def result_url(fields: dict, external: bool = False) -> str:
    kind, object_id = fields["kind"], fields["object_id"]
    if kind == "listing":
        return url_for("cooperation.listing", listing_id=object_id, _external=external)
    if kind == "post":
        return url_for("discussions.post", post_id=object_id, _external=external)
    if kind == "chat":
        return url_for("meetings.message_link", message_id=object_id, _external=external)
    return url_for("discussions.topic", topic_id=object_id, _external=external)


def _item(hit: Hit) -> dict:
    fields = hit.fields
    body = fields.get("body") or ""
    return {
        "kind": fields["kind"],
        "id": fields["object_id"],
        "topic_id": fields.get("topic_id") or None,
        "title": fields.get("title") or fields.get("thread_title") or "",
        "snippet_html": hit.highlight,
        "snippet": body[:240],
        "author": fields.get("author", ""),
        "country": fields.get("author_country") or None,
        "created_at": fields["created_at"],
        "url": result_url(fields),
    }


def _suggestion(query: str, words: list[str]) -> str | None:
    """The query with each word unknown to the index replaced by the closest known one."""
    searcher = search_index().searcher()
    corrector = searcher.corrector("body_exact")
    reader = searcher.reader()
    corrected, changed = query, False
    for word in words:
        tokens = [token.text for token in folded_analyzer()(word)]
        if not tokens or any(("body_exact", t) in reader or ("title_exact", t) in reader for t in tokens):
            continue  # a stop word, or a word the index knows
        suggestions = corrector.suggest(tokens[0], limit=1)
        if suggestions:
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", suggestions[0], corrected)
            changed = True
    return corrected if changed else None


def search(user, query: str, page: int = 1, sort: str = "relevance", scope: str = "") -> Outcome:
    """Run a query in the query language, limited to what `user` may read.

    `scope` adds filters in the same language (e.g. "category:cumbres") for
    searches made from a category, a topic or a country page.
    """
    outcome = Outcome(query=query)
    if not query.strip():
        return outcome
    index = search_index()
    topic_scope = None
    if scope.startswith("topic:") and scope[6:].isdigit():
        topic_scope, scope = Term("group", scope), ""
    try:
        parsed = parse_query(f"{query} {scope}".strip(), index.searcher().schema)
    except QuerySyntaxError as error:
        outcome.error = gettext(error.message, **error.params)
        return outcome
    parts = [part for part in (parsed.text, parsed.filters, topic_scope) if part is not None]
    combined = parts[0] if len(parts) == 1 else And(parts)
    outcome.results = index.search(
        combined,
        clearance=permissions.clearance(user),
        see_hidden=permissions.is_moderator(user),
        page=page,
        per_page=PER_PAGE,
        sort=sort if sort in SORTS else "relevance",
        highlight=_highlight,
    )
    outcome.items = [_item(hit) for hit in outcome.results.hits]
    if outcome.results.total < SUGGEST_BELOW and parsed.words:
        outcome.suggestion = _suggestion(query, parsed.words)
    return outcome


# Related items change slowly and are asked for on every topic page: keep
# them a few minutes per process instead of searching on each view.
SIMILAR_TTL = 300.0
SIMILAR_CACHE_SIZE = 4096


def similar(user, text: str, kind: str, exclude_group: str, limit: int = 5) -> list[dict]:
    """Items of `kind` whose titles share most words with `text` ("related
    topics", "similar listings"), from the same index and permissions."""
    cache = current_app.extensions.setdefault("similar_cache", {})
    key = (kind, exclude_group, text, limit, permissions.clearance(user), permissions.is_moderator(user))
    cached = cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < SIMILAR_TTL:
        return cached[1]
    found = _search_similar(user, text, kind, exclude_group, limit)
    if len(cache) >= SIMILAR_CACHE_SIZE:
        cache.clear()
    cache[key] = (time.monotonic(), found)
    return found


def _search_similar(user, text: str, kind: str, exclude_group: str, limit: int) -> list[dict]:
    terms = {token.text for token in stem_then_fold_analyzer()(text)}
    if not terms:
        return []
    # Titles only: they say what a thread is about, and matching bodies of a
    # large forum would make every topic page pay for a full search.
    words = Or([Term("title_sf", term) for term in terms])
    query = And([words, Term("kind", kind)])
    try:
        page = search_index().search(
            query,
            clearance=permissions.clearance(user),
            see_hidden=permissions.is_moderator(user),
            per_page=limit + 1,
            max_hits=(limit + 1) * 4,
        )
    except IndexUnavailable:
        return []
    return [_item(hit) for hit in page.hits if hit.fields["group"] != exclude_group][:limit]
