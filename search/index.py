"""The Whoosh index: one folder per deployment, shared by every process.

Writers take Whoosh's file lock and wait for it (several workers may write
at once); each process keeps one searcher per thread and refreshes it, which
is cheap, instead of opening a new one per query, which is not.
"""

import fcntl
import logging
import shutil
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import NumericRange, Query, Term
from whoosh.sorting import FieldFacet
from whoosh.writing import LockError

from .schema import build_schema

log = logging.getLogger(__name__)

WRITE_TIMEOUT = 30.0  # seconds a writer waits for another process's lock
# Hits considered per query before grouping by thread and paginating.
MAX_HITS = 2000
INDEX_NAME = "MAIN"


class IndexUnavailable(RuntimeError):
    """The index could not be written; the database stays the source of truth."""


@dataclass
class Hit:
    fields: dict
    score: float
    highlight: str = ""


@dataclass
class ResultPage:
    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


class _StoredValues:
    """A field's values by document number, read from the stored fields."""

    def __init__(self, reader, name: str):
        self.reader, self.name = reader, name

    def __getitem__(self, docnum: int):
        return self.reader.stored_fields(docnum)[self.name]


def _values(reader, name: str):
    # Indexes written before the field became a column have none to read.
    return reader.column_reader(name) if reader.has_column(name) else _StoredValues(reader, name)


class SearchIndex:
    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self._index = None
        self._local = threading.local()

    # Opening and rebuilding ------------------------------------------------

    @contextmanager
    def _rebuild_lock(self):
        """Only one process at a time checks for and rebuilds a missing index."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / ".rebuild.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _open(self):
        index = whoosh_index.open_dir(str(self.directory), indexname=INDEX_NAME)
        if set(index.schema.names()) != set(build_schema().names()):
            raise ValueError("index schema is out of date")
        with index.searcher() as searcher:
            searcher.doc_count()  # reads the segments: fails on a damaged index
        return index

    def ensure(self, documents: Callable[[], Iterable[dict]]) -> str:
        """Open the index, or rebuild it from `documents()` when it is missing,
        damaged or of an older schema. Returns "ok" or "rebuilt"."""
        with self._rebuild_lock():
            try:
                self._index = self._open()
                return "ok"
            except whoosh_index.EmptyIndexError:
                log.info("No search index yet: building it from the database")
                self._rebuild_locked(documents())
            except Exception as error:  # damaged or outdated: rebuild
                log.warning("Search index not usable (%s): rebuilding it from the database", error)
                self._rebuild_locked(documents())
                return "rebuilt"

    def rebuild(self, documents: Iterable[dict], progress: Callable[[int], None] | None = None) -> int:
        with self._rebuild_lock():
            return self._rebuild_locked(documents, progress)

    def _rebuild_locked(self, documents, progress=None) -> int:
        for child in self.directory.iterdir():
            if child.name != ".rebuild.lock":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        self._index = whoosh_index.create_in(str(self.directory), build_schema(), indexname=INDEX_NAME)
        count = 0
        writer = self._index.writer(timeout=WRITE_TIMEOUT)
        try:
            for document in documents:
                writer.add_document(**document)
                count += 1
                if progress:
                    progress(1)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(optimize=True)
        return count

    # Writing ---------------------------------------------------------------

    def update(self, documents: Iterable[dict] = (), remove: Iterable[str] = ()) -> None:
        """Add or replace documents and remove others, in one commit."""
        documents, remove = list(documents), list(remove)
        if not documents and not remove:
            return
        try:
            writer = self._index.writer(timeout=WRITE_TIMEOUT)
        except LockError as error:
            raise IndexUnavailable("the search index is locked by another writer") from error
        try:
            for doc_id in remove:
                writer.delete_by_term("doc_id", doc_id)
            for document in documents:
                writer.update_document(**document)
        except BaseException:
            writer.cancel()
            raise
        # The default policy merges only small segments: without it, segments
        # pile up and every update (a delete across all of them) slows down.
        writer.commit()

    def optimize(self) -> None:
        self._index.optimize()

    # Reading ---------------------------------------------------------------

    def searcher(self):
        """This thread's searcher, reopened when another commit happened.

        Whoosh's `Searcher.refresh()` would be cheaper, but whoosh-reloaded
        2.7.5 reuses segment readers with their old deletions (and even
        segments merged away), so deleted documents would still be found.
        """
        current = getattr(self._local, "searcher", None)
        if current is None or current.reader().generation() != self._index.latest_generation():
            if current is not None:
                current.close()
            current = self._index.searcher()
            self._local.searcher = current
        return current

    def stamps(self) -> dict[str, str]:
        """doc_id -> stamp of every indexed document (for `search check`)."""
        searcher = self.searcher()
        return {fields["doc_id"]: fields.get("stamp", "") for fields in searcher.all_stored_fields()}

    def search(
        self,
        query: Query,
        *,
        clearance: int,
        see_hidden: bool,
        page: int = 1,
        per_page: int = 20,
        sort: str = "relevance",
        highlight: Callable | None = None,
        max_hits: int = MAX_HITS,
    ) -> ResultPage:
        """A page of hits the reader may see, at most one per thread.

        Threads are grouped here rather than with Whoosh's `collapse`, which
        ignores a sort order and counts the collapsed hits in its total.
        """
        allowed = NumericRange("visibility", None, clearance)
        # A mask costs what the few hidden documents cost; Not() would walk them all.
        hidden = None if see_hidden else Term("hidden", True)
        searcher = self.searcher()
        sortedby = FieldFacet("created_at", reverse=True) if sort == "date" else None
        results = searcher.search(query, limit=max_hits, filter=allowed, mask=hidden, sortedby=sortedby, terms=True)
        # Group and tie-break with the columns, not the stored fields: only
        # the hits shown are loaded.
        reader = searcher.reader()
        groups = _values(reader, "group")
        ranked = list(enumerate(results.items()))
        if sortedby is None:
            activity = _values(reader, "activity")
            ranked.sort(key=lambda item: (-(item[1][1] or 0.0), -activity[item[1][0]].timestamp()))
        best, seen = [], set()
        for position, (docnum, _score) in ranked:
            if groups[docnum] not in seen:
                seen.add(groups[docnum])
                best.append(position)
        start = (max(page, 1) - 1) * per_page
        shown = [results[position] for position in best[start : start + per_page]]
        return ResultPage(
            total=len(best),
            page=max(page, 1),
            per_page=per_page,
            hits=[Hit(dict(hit.fields()), hit.score or 0.0, highlight(hit) if highlight else "") for hit in shown],
        )
