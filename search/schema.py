"""The fields of the search index.

Text is indexed three ways, because no single analysis is fair to every
query (see search/analysis.py): `*_exact` folds accents and case only (good
for acronyms and for English, Portuguese and French words); `*_sf` stems
with the Spanish Snowball stemmer and then folds; `*_fs` folds and then
stems, so words typed without their accents still meet their stems.
"""

from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import fold_then_stem_analyzer, folded_analyzer, stem_then_fold_analyzer

TEXT_FIELDS = ("title", "body")
ANALYSES = {"exact": folded_analyzer, "sf": stem_then_fold_analyzer, "fs": fold_then_stem_analyzer}


def build_schema() -> Schema:
    fields = {
        # "post:12", "topic:3", "listing:7", "chat:40"
        "doc_id": ID(unique=True, stored=True),
        "kind": ID(stored=True),
        # Hits of one thread share a group ("topic:3") and are shown once.
        "group": ID(stored=True, sortable=True),
        "object_id": NUMERIC(stored=True, numtype=int, bits=64),
        "topic_id": NUMERIC(stored=True, numtype=int, bits=64, signed=False),
        "author_id": NUMERIC(stored=True, numtype=int, bits=64),
        "author": TEXT(analyzer=folded_analyzer(), stored=True),
        "space": ID(stored=True),
        "category": ID(stored=True),
        "countries": KEYWORD(lowercase=True, commas=False, stored=True),
        "status": ID(stored=True),
        # Confidentiality level of the item (0 public … 3 Secretariat only).
        "visibility": NUMERIC(stored=True, numtype=int),
        "hidden": BOOLEAN(stored=True),
        "created_at": DATETIME(stored=True, sortable=True),
        # Last activity of the thread or listing: the tie-breaker.
        "activity": DATETIME(stored=True, sortable=True),
        # What `search check` compares with the database to find stale documents.
        "stamp": STORED(),
        "title": STORED(),
        "body": STORED(),
        # For display: a reply's thread, the author's country.
        "thread_title": STORED(),
        "author_country": STORED(),
    }
    for name in TEXT_FIELDS:
        for suffix, analyzer in ANALYSES.items():
            fields[f"{name}_{suffix}"] = TEXT(
                analyzer=analyzer(),
                phrase=True,
                spelling=(suffix == "exact"),
            )
    return Schema(**fields)
