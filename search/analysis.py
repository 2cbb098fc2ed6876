"""Text analysis for Spanish-first, multilingual discussions.

Snowball's Spanish stemmer needs the accents ("recomendación" and
"recomendaciones" both stem to "recomend") but people type without them
("cooperacion" stems to itself). So text is indexed folded only,
stemmed-then-folded and folded-then-stemmed, and queries look in all three.
The folded-then-stemmed form puts back the few accents Snowball's noun
suffixes need ("-acion" -> "-ación"), so "cooperacion" meets "cooperaciones".

Our own stop list: Whoosh's Spanish list contains "estado"/"estados" (forms
of *estar*), which would make "Estados Miembros" vanish.

Changing anything here changes the indexed terms: rebuild the index. The
schema pickles these filters by name, so keep the class names stable.
"""

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, RegexTokenizer
from whoosh.lang.snowball.spanish import SpanishStemmer
from whoosh.support.charset import accent_map

# Words with inner hyphens or dots stay whole: SP-SELA, www.sela.org, 2.5.
# Combining accents (U+0300-036F) count as part of a word, so text typed or
# pasted in decomposed form ("o" + U+0301) is not cut in two.
_WORD = r"\w[\w\u0300-\u036f]*"
TOKEN_PATTERN = rf"{_WORD}(?:[-.]{_WORD})*"

# Longer tokens are hashes, base64 or keyboard mashing: nobody searches for
# them, and they would bloat the term list and the stem cache.
MAX_TOKEN_LENGTH = 64

# Written without accents: stop words are compared folded, so "más",
# "también", "así" and "cómo" are dropped as well as "mas", "tambien"...
# "asi" matters: stemmed, "así" would meet "Asia". Single letters are
# French and English elisions and possessives (l'intégration, SELA's).
STOP_WORDS = frozenset(
    """
    a al algo algunas algunos ante antes asi como con contra cual cuando de del desde donde
    durante e el ella ellas ellos en entre era es esa esas ese eso esos esta estas este
    esto estos fue ha han hasta hay la las le les lo los mas me mi muy nada ni no nos o
    otra otras otro otros para pero poco por porque que quien se sea ser si sin sobre su
    sus tambien te tiene tienen todo todos tu un una unas uno unos y ya
    the and of to in for with on by an or from as at is are was be this that it its s
    da das do dos em na nas no nos os ao aos pela pelo pelos pelas um uma
    le les des du et au aux sur dans pour par est une ce cette l d qu
    """.split()
)

# Words Snowball conflates with an unrelated, frequent word, given a stem of
# their own (matched on the folded word). "Saludos" closes most posts, so
# "salud" (health) would otherwise find nearly the whole forum; "cooperativa"
# (the cooperative movement) would drown in "cooperación" in a forum of
# cooperation agencies; "comunidad" (Comunidad Andina, Comunidad del Caribe)
# would meet "comunicación". The price: "esfuerzo cooperativo" no longer
# answers "cooperación". Kept short on purpose: each entry is a judgement.
STEM_EXCEPTIONS = (
    (re.compile(r"salud(?!ab|es$)\w+"), "saludar"),  # saludo(s), saludar, saludamos; not salud(es), saludable
    (re.compile(r"cooperativ\w*"), "cooperativ"),  # cooperativa(s), cooperativismo, cooperativista
    (re.compile(r"comunidad(es)?"), "comunidad"),
    (re.compile(r"comunic\w*"), "comunic"),  # comunicación(es), comunicar, comunicado(s)
)

# Folded endings whose accent Snowball needs to recognise the suffix.
_REACCENT = (("acion", "ación"), ("ucion", "ución"), ("logias", "logías"), ("logia", "logía"))

# Portuguese -ção and English/French -tion are the Spanish -ción: rewriting
# them lets "cooperação", "cooperation" and "coopération" share the stem of
# "cooperación" (and each its own plural). No Spanish word ends in -tion.
_COGNATES = (("ções", "ciones"), ("ção", "ción"), ("tions", "ciones"), ("tion", "ción"))

_VOWELS = frozenset("aeiouy")
_stemmer = SpanishStemmer()


def fold(text: str) -> str:
    """Lower case without accents: "Cooperación" -> "cooperacion", "ＣＡＲＩＣＯＭ" -> "caricom"."""
    return text.lower() if text.isascii() else _fold(text)


@lru_cache(maxsize=65536)  # every token is folded two or three times: keep indexing fast
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(accent_map)
    return folded or text.lower()  # a word of marks only (halfwidth kana ﾞ) must not become an empty term


def _replace_ending(word: str, endings) -> str:
    for old, new in endings:
        if word.endswith(old) and len(word) >= len(old) + 2:
            return word[: -len(old)] + new
    return word


@lru_cache(maxsize=65536)
def spanish_stem(word: str, fold_first: bool) -> str:
    """The stem of a lower-case word, folded. `fold_first` stems the folded
    word (after putting back the accents Snowball needs) instead of the word
    as written; the two differ for accented verb forms ("comía")."""
    folded = fold(word)
    for pattern, stem in STEM_EXCEPTIONS:
        if pattern.fullmatch(folded):
            return stem
    word = _replace_ending(word, _COGNATES)
    if fold_first:
        word = _replace_ending(fold(word), _REACCENT)
    try:
        stem = fold(_stemmer.stem(word))
    except Exception:  # a stemmer bug on odd input must not stop a post from being indexed
        stem = folded
    # Snowball strips Spanish plurals (-s after a vowel, -es) but not the
    # English, French or acronym ones: agreements, documents, ONGs, TICs.
    if len(stem) > 3 and stem[-1] == "s" and stem[-2] not in _VOWELS:
        stem = stem[:-1]
    return stem


class NormalizeFilter(Filter):
    """Lower case and Unicode NFC (so decomposed accents compose again)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = unicodedata.normalize("NFC", t.text.lower())
            yield t


class FoldedStopFilter(Filter):
    """Drops STOP_WORDS (compared folded) and over-long tokens, renumbering
    positions so that a phrase with stop words still matches."""

    def __call__(self, tokens):
        pos = None
        for t in tokens:
            if len(t.text) <= MAX_TOKEN_LENGTH and fold(t.text) not in STOP_WORDS:
                if t.positions:
                    pos = t.pos if pos is None else pos + 1
                    t.pos = pos
                yield t
            elif not t.removestops:  # the highlighter asks to see stop words
                t.stopped = True
                yield t


class WordPartsFilter(Filter):
    """At indexing, also emits the parts of compound tokens at the same
    position: "sp-sela" also as "sp" and "sela", "elac2010" also as "elac"
    and "2010". Queries keep the whole token, so "SP-SELA" finds "SP-SELA"
    and "SELA" finds it too. Numbers such as "2.5" or "1.500" stay whole."""

    _parts = re.compile(r"[^\W\d_]+|\d+")
    _number = re.compile(r"[\d.]+")

    def __call__(self, tokens):
        for t in tokens:
            # Read before yielding: the filters downstream rewrite t in place.
            whole, stopped = t.text, t.stopped
            chars = t.chars and t.endchar - t.startchar == len(whole)
            start = t.startchar if chars else None
            yield t
            if t.mode != "index" or stopped or self._number.fullmatch(whole):
                continue
            parts = list(self._parts.finditer(whole))
            if len(parts) < 2:
                continue
            seen = {whole}
            for m in parts:
                if m.group() in seen or fold(m.group()) in STOP_WORDS:
                    continue
                seen.add(m.group())
                t.text = m.group()
                if chars:
                    t.startchar, t.endchar = start + m.start(), start + m.end()
                yield t


class FoldFilter(Filter):
    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class SpanishStemFilter(Filter):
    def __init__(self, fold_first: bool):
        self.fold_first = fold_first

    def __call__(self, tokens):
        for t in tokens:
            if not t.stopped:
                t.text = spanish_stem(t.text, self.fold_first)
            yield t


def _base():
    return RegexTokenizer(TOKEN_PATTERN) | NormalizeFilter() | FoldedStopFilter() | WordPartsFilter()


def folded_analyzer():
    return _base() | FoldFilter()


def stem_then_fold_analyzer():
    return _base() | SpanishStemFilter(fold_first=False)


def fold_then_stem_analyzer():
    return _base() | SpanishStemFilter(fold_first=True)
