"""Text similarity of listings: cosine of TF-IDF vectors over folded,
truncated words. Deliberately simple and language-neutral: cooperation
titles mix Spanish, English, Portuguese and French."""

import math
import re
import unicodedata
from collections import Counter

# Truncating words keeps "cooperación", "cooperaciones" and "cooperation"
# together without a stemmer per language.
STEM_LENGTH = 6
STOPWORDS = frozenset(
    """a al ante con contra de del desde e el en entre la las lo los o para por que se sin
    sobre su sus un una unos unas y the and of to in for with on by an or from as at
    da das do dos em na nas no nos os ao aos pela pelo le les des du et au aux sur dans pour par
    est son ses une""".split()
)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms(text: str) -> Counter:
    words = re.findall(r"[a-z0-9]+", fold(text))
    return Counter(w[:STEM_LENGTH] for w in words if len(w) > 2 and w not in STOPWORDS)


def similarities(query: str, documents: dict[int, str]) -> dict[int, float]:
    """Cosine similarity in [0, 1] of `query` to each document, keyed like `documents`."""
    bags = {key: terms(text) for key, text in documents.items()}
    query_bag = terms(query)
    count = len(bags) + 1
    document_frequency = Counter()
    for bag in (*bags.values(), query_bag):
        document_frequency.update(bag.keys())

    def weigh(bag: Counter) -> dict[str, float]:
        return {t: n * math.log(1 + count / document_frequency[t]) for t, n in bag.items()}

    query_vector = weigh(query_bag)
    query_norm = math.sqrt(sum(v * v for v in query_vector.values())) or 1.0
    scores = {}
    for key, bag in bags.items():
        vector = weigh(bag)
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        dot = sum(weight * vector.get(term, 0.0) for term, weight in query_vector.items())
        scores[key] = dot / (norm * query_norm)
    return scores
