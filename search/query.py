"""The search box's query language, the one members know from Discourse.

    cooperación triangular          every word must match (in title or body)
    "gestión de riesgo"             an exact phrase (also “…” and «…»)
    -deuda  -"riesgo financiero"    leave out what has this word or phrase
    sísmico OR volcánico            either word (OR in capitals; "or" is a word)
    (sísmico OR volcánico) riesgo   parentheses group; AND binds loosest
    interconex*                     words starting with "interconex" (2+ letters)

and filters, anywhere in the text, names in any case, each ANDed with the rest:

    @restrepo  @"Ana Restrepo"      the author's display name contains these words
    category:disaster_risk          category slug (listings: their sector)
    space:foro                      space slug
    country:CO                      ISO 3166 alpha-2 code
    kind:topic|post|listing|chat
    status:open|in_talks|agreed|closed   (cooperation listings)
    in:title                        look for the words (excluded ones too) in titles only
    after:2024-01-01                created on or after that day (as Discourse)
    before:2024-02-01               created before that day, the day excluded

Days are UTC days, like the stored `created_at`. Repeating @, category,
space, country, kind or status means any of the values (kind:topic
kind:post); repeating before or after keeps the last one. A `-` before a
filter other than in/before/after excludes it (-kind:chat). Filters always
apply to the whole query: an OR or a parenthesis next to a filter does not
make it optional. A `name:value` whose name is not a filter ("10:30",
"http://…", "ODS:4") is searched as ordinary text. A query has at most
MAX_QUERY_LENGTH characters; anything not understood raises QuerySyntaxError
with a message for the user (Spanish, translated by the web layer).

The words are turned into a Whoosh query by a MultifieldParser that knows
only phrases, groups, OR, `-` and prefixes (no `field:` syntax, no
wildcards, ranges or boosts), after this module has checked the syntax and
taken the filters out, so users cannot query arbitrary fields.
"""

import copy
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from whoosh import query
from whoosh.qparser import MultifieldParser, plugins, syntax

from .schema import ANALYSES

FILTER_NAMES = ("@", "category", "space", "country", "kind", "in", "before", "after", "status")
KINDS = ("topic", "post", "listing", "chat")
STATUSES = ("open", "in_talks", "agreed", "closed")

# Title matches outrank body matches; the exact (accent- and case-folded)
# form a little above the stemmed ones.
FIELD_BOOSTS = {
    "title_exact": 3.0,
    "title_sf": 2.5,
    "title_fs": 2.5,
    "body_exact": 1.2,
    "body_sf": 1.0,
    "body_fs": 1.0,
}
TITLE_FIELDS = tuple(f"title_{suffix}" for suffix in ANALYSES)
ALL_FIELDS = TITLE_FIELDS + tuple(f"body_{suffix}" for suffix in ANALYSES)

MAX_QUERY_LENGTH = 500
MIN_PREFIX_LENGTH = 2

# Curly and Spanish quotation marks typed by phones and word processors.
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"'})
_FILTER = re.compile(r"(?:(?P<at>@)|(?P<name>[A-Za-z]+):)(?P<value>.*)", re.DOTALL)
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_COUNTRY = re.compile(r"[a-z]{2}")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NAME_SEPARATORS = re.compile(r"[\s._\-]+")
# Never excludable: they are not "has this value" conditions.
_NOT_NEGATABLE = ("in", "before", "after")


def N_(message: str) -> str:
    """Mark a message for translation without translating it here: search/
    does not depend on the web layer, which translates (gettext_noop)."""
    return message


class QuerySyntaxError(ValueError):
    """The query cannot be understood. `message` (Spanish, with %(name)s
    placeholders) and `params` let the web layer translate it; str(error)
    is the Spanish text."""

    def __init__(self, message: str, **params):
        self.message, self.params = message, params
        super().__init__(message % params if params else message)


@dataclass
class ParsedQuery:
    text: query.Query | None  # the words part (None when the user gave only filters)
    filters: query.Query | None  # And of all filters (None when none)
    words: list[str] = field(default_factory=list)  # the plain words typed, for "did you mean"
    title_only: bool = False  # in:title was given


@dataclass
class _Token:
    kind: str  # word | phrase | prefix | or | open | close | filter
    text: str = ""
    negated: bool = False
    name: str = ""  # filters: the lowercased filter name ("@" for authors)


def parse_query(text: str, schema) -> ParsedQuery:
    """Parse what a user typed in the search box; raises QuerySyntaxError."""
    text = (text or "").translate(_QUOTES)
    if not text.strip():
        raise QuerySyntaxError(N_("Escriba al menos una palabra o un filtro para buscar."))
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(
            N_("La búsqueda es demasiado larga (%(length)d caracteres); el máximo es %(max)d."),
            length=len(text),
            max=MAX_QUERY_LENGTH,
        )
    tokens = _tokenize(text)
    _check_parentheses(tokens)
    filter_tokens = [token for token in tokens if token.kind == "filter"]
    word_tokens = _drop_operators_next_to_filters(tokens)

    title_only = False
    for token in filter_tokens:
        if token.name == "in":
            if token.text.lower() != "title":
                raise QuerySyntaxError(
                    N_(
                        "«in:%(value)s» no es válido: solo existe in:title, para buscar las palabras "
                        "únicamente en los títulos."
                    ),
                    value=token.text,
                )
            title_only = True
    filters = _build_filters(filter_tokens, schema)

    typed_words = any(token.kind in ("word", "phrase", "prefix") for token in word_tokens)
    words_query = _parse_words(_render(word_tokens), schema, title_only) if typed_words else None
    if words_query is None and filters is None:
        if typed_words:
            raise QuerySyntaxError(
                N_(
                    "Las palabras buscadas son demasiado comunes (como «de», «la» o «the») para buscarlas "
                    "solas: añada alguna palabra más específica."
                )
            )
        if title_only:
            raise QuerySyntaxError(N_("in:title busca en los títulos las palabras que escriba: añada alguna."))
        raise QuerySyntaxError(N_("Escriba al menos una palabra o un filtro para buscar."))

    return ParsedQuery(text=words_query, filters=filters, words=_plain_words(word_tokens), title_only=title_only)


# Reading the text


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, end = 0, len(text)
    while i < end:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        if text[i] == "-":
            while i < end and text[i] == "-":
                i += 1
            if i == end or text[i].isspace() or text[i] == ")":
                raise QuerySyntaxError(
                    N_(
                        "Hay un «-» suelto: para excluir una palabra escríbalo pegado a ella, por ejemplo -deuda "
                        'o -"riesgo financiero".'
                    )
                )
            negated = True
        char = text[i]
        if char == '"':
            content, i = _quoted(text, i)
            if content.strip():  # "" searches nothing
                tokens.append(_Token("phrase", content, negated))
        elif char == "(":
            tokens.append(_Token("open", "(", negated))
            i += 1
        elif char == ")":
            tokens.append(_Token("close", ")"))
            i += 1
        else:
            start = i
            while i < end and not text[i].isspace() and text[i] not in '"()':
                i += 1
            word = text[start:i]
            match = _FILTER.fullmatch(word)
            name = None
            if match:
                name = "@" if match["at"] else match["name"].lower()
                if name not in FILTER_NAMES:
                    name = None
            if name is not None:
                value = match["value"]
                if not value and i < end and text[i] == '"':
                    value, i = _quoted(text, i)
                tokens.append(_filter_token(name, value.strip(), negated))
            elif word == "OR" and not negated:
                tokens.append(_Token("or", word))
            elif word == "AND" and not negated:
                continue  # what words do anyway
            elif "*" in word:
                tokens.append(_prefix_token(word, negated))
            else:
                tokens.append(_Token("word", word, negated))
    return tokens


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The text between the quote at `start` and the next one, and where to go on."""
    close = text.find('"', start + 1)
    if close < 0:
        raise QuerySyntaxError(
            N_(
                "Faltan unas comillas de cierre: las frases exactas van entre comillas dobles, "
                'por ejemplo "gestión de riesgo".'
            )
        )
    return text[start + 1 : close], close + 1


def _filter_token(name: str, value: str, negated: bool) -> _Token:
    shown = "@" if name == "@" else f"{name}:"
    if not value:
        example = _EXAMPLES[name]
        raise QuerySyntaxError(
            N_("Falta el valor del filtro «%(filter)s»: por ejemplo %(example)s."), filter=shown, example=example
        )
    if negated and name == "in":
        raise QuerySyntaxError(N_("«-in:» no es válido: in:title no se puede excluir con «-»."))
    if negated and name in _NOT_NEGATABLE:
        other = "after" if name == "before" else "before"
        raise QuerySyntaxError(
            N_(
                "«-%(name)s:%(value)s» no es válido: las fechas no se excluyen con «-»; "
                "use %(other)s:%(value)s en su lugar."
            ),
            name=name,
            value=value,
            other=other,
        )
    return _Token("filter", value, negated, name)


def _prefix_token(word: str, negated: bool) -> _Token:
    stem = word[:-1]
    if not word.strip("*"):
        raise QuerySyntaxError(
            N_("Hay un «*» suelto: el asterisco va pegado al final de una palabra incompleta, por ejemplo coopera*.")
        )
    if not word.endswith("*") or "*" in stem:
        raise QuerySyntaxError(
            N_(
                "«%(word)s»: el asterisco solo puede ir al final de una palabra, por ejemplo coopera* "
                "(encuentra cooperación, cooperativa…)."
            ),
            word=word,
        )
    if len(re.sub(r"\W", "", stem)) < MIN_PREFIX_LENGTH:
        raise QuerySyntaxError(
            N_("«%(word)s»: escriba al menos %(n)d letras antes del asterisco, por ejemplo coopera*."),
            word=word,
            n=MIN_PREFIX_LENGTH,
        )
    return _Token("prefix", stem, negated)


def _check_parentheses(tokens: list[_Token]) -> None:
    depth = 0
    for token in tokens:
        if token.kind == "open":
            depth += 1
        elif token.kind == "close":
            if depth == 0:
                raise QuerySyntaxError(N_("Sobra un paréntesis de cierre «)»: cada «)» debe cerrar un «(» anterior."))
            depth -= 1
    if depth:
        raise QuerySyntaxError(N_("Falta cerrar un paréntesis: cada «(» necesita su «)»."))


_OPERAND_END = ("word", "phrase", "prefix", "close")
_OPERAND_START = ("word", "phrase", "prefix", "open")


def _drop_operators_next_to_filters(tokens: list[_Token]) -> list[_Token]:
    """The tokens of the words part: filters taken out, ORs checked.

    An OR beside a filter is dropped (filters apply to everything); any
    other OR needs something to search on each side.
    """
    kept = []
    for i, token in enumerate(tokens):
        if token.kind == "filter":
            continue
        if token.kind == "or":
            before = tokens[i - 1] if i > 0 else None
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if (before and before.kind == "filter") or (after and after.kind == "filter"):
                continue
            if not (before and before.kind in _OPERAND_END and after and after.kind in _OPERAND_START):
                raise QuerySyntaxError(
                    N_("«OR» tiene que ir entre dos palabras o frases, por ejemplo sísmico OR volcánico.")
                )
        kept.append(token)
    return kept


def _render(tokens: list[_Token]) -> str:
    """The words part in the reduced syntax of the Whoosh parser below."""
    parts = []
    for token in tokens:
        sign = "-" if token.negated else ""
        if token.kind == "phrase":
            parts.append(f'{sign}"{token.text}"')
        elif token.kind == "prefix":
            parts.append(f"{sign}{token.text}*")
        else:
            parts.append(f"{sign}{token.text}")
    return " ".join(parts)


def _plain_words(tokens: list[_Token]) -> list[str]:
    """Words typed to be found (not excluded, not in phrases, not prefixes)."""
    words = []
    negated_groups = []  # for each open parenthesis, whether it is excluded
    for token in tokens:
        if token.kind == "open":
            negated_groups.append(token.negated or any(negated_groups))
        elif token.kind == "close":
            negated_groups.pop()
        elif token.kind == "word" and not token.negated and not any(negated_groups):
            words.append(token.text)
    return words


# The words part


class _Phrase(query.Phrase):
    """Whoosh's Phrase turns a one-word phrase into a Term and drops its boost."""

    def normalize(self):
        normalized = super().normalize()
        if isinstance(normalized, query.Term):
            normalized.boost = self.boost
        return normalized


class _MultifieldPlugin(plugins.MultifieldPlugin):
    """Prefixes are looked up in the `*_exact` fields only: a stemmed field
    holds stems, and the beginning of a word is not the beginning of its stem."""

    def do_multifield(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.do_multifield(parser, node)
            elif node.has_fieldname and node.fieldname is None:
                names = self.fieldnames
                if isinstance(node, plugins.PrefixPlugin.PrefixNode):
                    names = [name for name in names if name.endswith("_exact")]
                copies = []
                for name in names:
                    clone = copy.copy(node)
                    clone.set_fieldname(name)
                    clone.set_boost(self.boosts.get(name, 1.0))
                    copies.append(clone)
                group[i] = self.group(copies)
        return group


def _parser(schema, title_only: bool):
    fieldnames = list(TITLE_FIELDS if title_only else ALL_FIELDS)
    parser = MultifieldParser(
        fieldnames,
        schema,
        fieldboosts=FIELD_BOOSTS,
        group=syntax.AndGroup,
        phraseclass=_Phrase,
        plugins=[
            plugins.PhrasePlugin(),
            plugins.GroupPlugin(),
            # Whoosh's own pattern would swallow the "-" of an excluded prefix.
            plugins.PrefixPlugin(r'(?P<text>[^\s*"-][^\s*]*)[*](?= |$|\))'),
            # Only OR and the "-" before a word, phrase or group.
            plugins.OperatorsPlugin(
                And=None, AndNot=None, AndMaybe=None, Require=None, Not=r"(^|(?<=[\s(]))-(?=[^\s)])"
            ),
        ],
    )
    parser.remove_plugin_class(plugins.MultifieldPlugin)
    parser.add_plugin(_MultifieldPlugin(fieldnames, fieldboosts=FIELD_BOOSTS))
    return parser


def _parse_words(rendered: str, schema, title_only: bool) -> query.Query | None:
    try:
        parsed = _parser(schema, title_only).parse(rendered)
    except Exception as error:  # never a 500 for what someone typed
        raise QuerySyntaxError(N_("No se pudo entender la búsqueda; pruebe a escribirla de otra forma.")) from error
    if parsed is query.NullQuery or isinstance(parsed, type(query.NullQuery)):
        return None  # only words too common to be indexed
    return parsed


# The filters

_EXAMPLES = {
    "@": "@restrepo",
    "category": "category:gestion-de-riesgo",
    "space": "space:foro",
    "country": "country:CO",
    "kind": "kind:topic",
    "in": "in:title",
    "before": "before:2024-12-31",
    "after": "after:2024-01-01",
    "status": "status:open",
}


def _build_filters(tokens: list[_Token], schema) -> query.Query | None:
    wanted: dict[str, list[query.Query]] = {}
    excluded: list[query.Query] = []
    dates: dict[str, datetime] = {}
    for token in tokens:
        if token.name == "in":
            continue
        if token.name in ("before", "after"):
            dates[token.name] = _day(token.name, token.text)
            continue
        condition = _condition(token.name, token.text, schema)
        if token.negated:
            if query.Not(condition) not in excluded:
                excluded.append(query.Not(condition))
        elif condition not in wanted.setdefault(token.name, []):
            wanted[token.name].append(condition)

    conditions = []
    for name in FILTER_NAMES:
        alternatives = wanted.get(name)
        if alternatives:
            conditions.append(alternatives[0] if len(alternatives) == 1 else query.Or(alternatives))
    if dates:
        after, before = dates.get("after"), dates.get("before")
        if after and before and after >= before:
            raise QuerySyntaxError(
                N_(
                    "Las fechas se contradicen: after:%(after)s pide lo publicado desde el %(after)s "
                    "y before:%(before)s lo publicado antes del %(before)s."
                ),
                after=f"{after:%Y-%m-%d}",
                before=f"{before:%Y-%m-%d}",
            )
        # Stored datetimes are naive UTC; "before" excludes its own day.
        conditions.append(query.DateRange("created_at", after, before, startexcl=False, endexcl=True))
    conditions.extend(excluded)
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else query.And(conditions)


def _condition(name: str, value: str, schema) -> query.Query:
    lowered = value.lower()
    if name == "@":
        return _author(value, schema)
    if name == "kind":
        if lowered not in KINDS:
            raise QuerySyntaxError(
                N_(
                    "«kind:%(value)s» no es un tipo de contenido conocido. Use kind:topic (temas), kind:post "
                    "(respuestas), kind:listing (fichas de cooperación) o kind:chat (chat)."
                ),
                value=value,
            )
        return query.Term("kind", lowered)
    if name == "status":
        status = lowered.replace("-", "_")
        if status not in STATUSES:
            raise QuerySyntaxError(
                N_(
                    "«status:%(value)s» no es un estado de ficha conocido. Use status:open (abierta), "
                    "status:in_talks (en conversación), status:agreed (acordada) o status:closed (cerrada)."
                ),
                value=value,
            )
        return query.Term("status", status)
    if name == "country":
        if not _COUNTRY.fullmatch(lowered):
            raise QuerySyntaxError(
                N_(
                    "«country:%(value)s» no es válido: indique el país con su código ISO de dos letras, "
                    "por ejemplo country:CO para Colombia o country:BR para Brasil."
                ),
                value=value,
            )
        return query.Term("countries", lowered)
    # category, space: slugs, typed as shown in the addresses of the pages.
    slug = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    if not _SLUG.fullmatch(slug):
        message = (
            N_(
                "«category:%(value)s» no es válido: use el identificador de la categoría tal como aparece en su "
                "dirección (letras, números y guiones), por ejemplo %(example)s."
            )
            if name == "category"
            else N_(
                "«space:%(value)s» no es válido: use el identificador del espacio tal como aparece en su "
                "dirección (letras, números y guiones), por ejemplo %(example)s."
            )
        )
        raise QuerySyntaxError(message, value=value, example=_EXAMPLES[name])
    return query.Term(name, slug)


def _author(value: str, schema) -> query.Query:
    """Every word of the value is in the author's display name."""
    author_field = schema["author"]
    terms = []
    for part in _NAME_SEPARATORS.split(value):
        for term in author_field.process_text(part, mode="query"):
            if term not in terms:
                terms.append(term)
    if not terms:
        raise QuerySyntaxError(
            N_("«@%(value)s» no sirve para buscar un autor: escriba su nombre o apellido, por ejemplo @restrepo."),
            value=value,
        )
    conditions = [query.Term("author", term) for term in terms]
    return conditions[0] if len(conditions) == 1 else query.And(conditions)


def _day(name: str, value: str) -> datetime:
    match = _DATE.fullmatch(value)
    try:
        if not match:
            raise ValueError(value)
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise QuerySyntaxError(
            N_("«%(name)s:%(value)s» no es una fecha válida: use el formato AAAA-MM-DD, por ejemplo %(example)s."),
            name=name,
            value=value,
            example=_EXAMPLES[name],
        ) from None
    return datetime(day.year, day.month, day.day)
