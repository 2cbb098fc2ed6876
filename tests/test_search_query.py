"""The search box's query language (search/query.py), against a real Whoosh
index of a dozen small documents. The tests are about the language (words,
phrases, -, OR, prefixes, filters, errors), not about Spanish stemming: every
word searched appears literally in the documents that should match."""

from datetime import UTC, datetime

import pytest
from whoosh import index, query

from search.query import FILTER_NAMES, ParsedQuery, QuerySyntaxError, parse_query
from search.schema import ANALYSES, TEXT_FIELDS, build_schema

D = datetime

DOCUMENTS = [
    # doc_id, kind, title, body, author, space, category, countries, status, created_at
    (
        "topic:1",
        "topic",
        "Gestión de riesgo de desastres en el Caribe",
        "Propuesta de cooperación triangular con CARICOM.",
        "Ana Restrepo",
        "foro",
        "riesgo",
        "co jm",
        "",
        D(2023, 6, 10, 14, 0),
    ),
    (
        "post:2",
        "post",
        "",
        "El riesgo sísmico en Colombia requiere inversión en desastres.",
        "Pedro Gómez",
        "foro",
        "riesgo",
        "co",
        "",
        D(2024, 2, 15, 9, 30),
    ),
    (
        "post:3",
        "post",
        "",
        "Informe sobre riesgo financiero y deuda externa.",
        "Ana Restrepo",
        "foro",
        "finanzas",
        "mx",
        "",
        D(2024, 3, 1, 12, 0),
    ),
    (
        "topic:4",
        "topic",
        "Integración energética regional",
        "Interconexión eléctrica entre Perú y Ecuador.",
        "Luis Pérez",
        "energia",
        "energia",
        "pe ec",
        "",
        D(2022, 11, 20, 8, 0),
    ),
    (
        "listing:5",
        "listing",
        "Oferta de asistencia técnica en vivienda social",
        "Programa de vivienda con enfoque de riesgo.",
        "María Fernández",
        "",
        "housing",
        "cl",
        "open",
        D(2024, 5, 5, 10, 0),
    ),
    (
        "listing:6",
        "listing",
        "Demanda de formación en salud digital",
        "Telemedicina rural y salud pública.",
        "José Núñez",
        "",
        "health",
        "bo",
        "agreed",
        # Aware UTC works too: Whoosh's DATETIME keeps the wall-clock time.
        datetime(2023, 9, 9, 16, 0, tzinfo=UTC),
    ),
    (
        "chat:7",
        "chat",
        "",
        "Nos vemos a las 10:30 en la sala de reuniones.",
        "Ana Restrepo",
        "foro",
        "",
        "",
        "",
        D(2024, 6, 1, 10, 0),
    ),
    (
        "post:8",
        "post",
        "",
        "Turismo sostenible y turismo comunitario en Centroamérica.",
        "Pedro Gómez",
        "foro",
        "turismo",
        "cr gt",
        "",
        D(2021, 1, 31, 18, 0),
    ),
    (
        # The first instant of 2024: after:2024-01-01 includes it.
        "topic:9",
        "topic",
        "Agua potable",
        "Cobertura de agua en zonas rurales.",
        "Luis Pérez",
        "foro",
        "agua",
        "co",
        "",
        D(2024, 1, 1, 0, 0),
    ),
    (
        # The last minute of 2023: before:2024-01-01 includes it.
        "post:10",
        "post",
        "",
        "Agua y saneamiento para todos.",
        "María Fernández",
        "foro",
        "agua",
        "pe",
        "",
        D(2023, 12, 31, 23, 59),
    ),
    (
        "topic:11",
        "topic",
        "Biodiversidad amazónica",
        "Inventario de especies en la cuenca.",
        "José Núñez",
        "ambiente",
        "ambiente",
        "br",
        "",
        D(2022, 4, 4, 12, 0),
    ),
    (
        "post:12",
        "post",
        "",
        "La biodiversidad marina y la biodiversidad costera frente a los desastres naturales y el riesgo.",
        "Luis Pérez",
        "ambiente",
        "ambiente",
        "br",
        "",
        D(2023, 4, 4, 12, 0),
    ),
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    directory = tmp_path_factory.mktemp("index")
    ix = index.create_in(str(directory), build_schema())
    writer = ix.writer()
    for doc_id, kind, title, body, author, space, category, countries, status, created_at in DOCUMENTS:
        texts = {
            f"{name}_{suffix}": value
            for name, value in (("title", title), ("body", body))
            for suffix in ANALYSES
            if name in TEXT_FIELDS
        }
        writer.add_document(
            doc_id=doc_id,
            kind=kind,
            group=doc_id,
            author=author,
            space=space,
            category=category,
            countries=countries,
            status=status,
            created_at=created_at,
            activity=created_at,
            visibility=0,
            hidden=False,
            title=title,
            body=body,
            **texts,
        )
    writer.commit()
    yield ix
    ix.close()


def _combined(parsed: ParsedQuery) -> query.Query:
    parts = [part for part in (parsed.text, parsed.filters) if part is not None]
    return parts[0] if len(parts) == 1 else query.And(parts)


def ranked(ix, text: str) -> list[str]:
    parsed = parse_query(text, ix.schema)
    with ix.searcher() as searcher:
        return [hit["doc_id"] for hit in searcher.search(_combined(parsed), limit=None)]


def found(ix, text: str) -> set[str]:
    return set(ranked(ix, text))


def error(ix, text: str) -> str:
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query(text, ix.schema)
    return str(raised.value)


# Words


def test_every_word_must_match(ix):
    assert found(ix, "riesgo") == {"topic:1", "post:2", "post:3", "listing:5", "post:12"}
    assert found(ix, "riesgo desastres") == {"topic:1", "post:2", "post:12"}
    assert found(ix, "riesgo desastres caribe") == {"topic:1"}


def test_words_are_matched_without_regard_to_case_or_accents(ix):
    assert found(ix, "GESTION caribe") == {"topic:1"}
    assert found(ix, "Núñez") == set()  # the author is not text: @nunez finds him
    assert found(ix, "peru") == {"topic:4"}


def test_exact_phrase(ix):
    assert found(ix, '"riesgo de desastres"') == {"topic:1"}
    assert found(ix, '"riesgo sísmico"') == {"post:2"}
    # Curly and Spanish quotation marks are phrases too.
    assert found(ix, "“riesgo sísmico”") == {"post:2"}
    assert found(ix, "«riesgo sísmico»") == {"post:2"}
    assert found(ix, '"desastres riesgo"') == set()


def test_phrase_and_words_together(ix):
    assert found(ix, '"biodiversidad marina" riesgo') == {"post:12"}
    assert found(ix, '"salud digital" telemedicina') == {"listing:6"}


def test_excluded_word_and_phrase(ix):
    assert found(ix, "riesgo -financiero") == {"topic:1", "post:2", "listing:5", "post:12"}
    assert found(ix, 'riesgo -"riesgo sísmico" -vivienda') == {"topic:1", "post:3", "post:12"}
    # A hyphen inside a word is not an exclusion.
    assert parse_query("SP-SELA", ix.schema).words == ["SP-SELA"]


def test_only_exclusions(ix):
    everything = {document[0] for document in DOCUMENTS}
    assert found(ix, "-riesgo") == everything - found(ix, "riesgo")
    assert found(ix, "-riesgo kind:topic") == {"topic:4", "topic:9", "topic:11"}


def test_or(ix):
    assert found(ix, "sísmico OR financiero") == {"post:2", "post:3"}
    assert found(ix, "sísmico OR financiero OR telemedicina") == {"post:2", "post:3", "listing:6"}
    # OR binds tighter than the implicit AND between words.
    assert found(ix, "riesgo sísmico OR vivienda") == {"post:2", "listing:5"}
    assert found(ix, "(sísmico OR vivienda) riesgo") == {"post:2", "listing:5"}
    assert found(ix, "-(sísmico OR financiero) riesgo") == {"topic:1", "listing:5", "post:12"}


def test_lowercase_or_is_a_word(ix):
    assert found(ix, "sísmico or financiero") == set()
    assert parse_query("sísmico or financiero", ix.schema).words == ["sísmico", "or", "financiero"]


def test_prefix(ix):
    assert found(ix, "interconex*") == {"topic:4"}
    assert found(ix, "Cooperac*") == {"topic:1"}
    assert found(ix, "biodivers*") == {"topic:11", "post:12"}
    assert found(ix, "biodivers* -marin*") == {"topic:11"}
    assert found(ix, "(turis* OR telemed*)") == {"post:8", "listing:6"}


def test_title_matches_rank_above_body_matches(ix):
    # post:12 says it twice, in its body; topic:11 once, in its title.
    assert ranked(ix, "biodiversidad") == ["topic:11", "post:12"]


def test_in_title(ix):
    parsed = parse_query("riesgo in:title", ix.schema)
    assert parsed.title_only
    assert {term[0] for term in parsed.text.iter_all_terms()} <= {f"title_{suffix}" for suffix in ANALYSES}
    assert found(ix, "riesgo in:title") == {"topic:1"}
    assert found(ix, "IN:Title agua") == {"topic:9"}
    assert found(ix, "agua") == {"topic:9", "post:10"}


# Filters


def test_author(ix):
    ana = {"topic:1", "post:3", "chat:7"}
    assert found(ix, "@restrepo") == ana
    assert found(ix, "@ana") == ana
    assert found(ix, "@Ana.Restrepo") == ana
    assert found(ix, '@"Ana Restrepo"') == ana
    assert found(ix, "@nunez") == {"listing:6", "topic:11"}  # José Núñez, accents folded
    assert found(ix, "@NÚÑEZ") == {"listing:6", "topic:11"}
    assert found(ix, "@ana @pedro") == ana | {"post:2", "post:8"}
    assert found(ix, "@restrepo riesgo") == {"topic:1", "post:3"}
    assert found(ix, "@nadie") == set()


def test_category_and_space(ix):
    assert found(ix, "category:riesgo") == {"topic:1", "post:2"}
    assert found(ix, "category:riesgo category:agua") == {"topic:1", "post:2", "topic:9", "post:10"}
    assert found(ix, "Category:Housing") == {"listing:5"}
    assert found(ix, "space:energia") == {"topic:4"}
    assert found(ix, "space:ambiente biodiversidad") == {"topic:11", "post:12"}


def test_country(ix):
    assert found(ix, "country:CO") == {"topic:1", "post:2", "topic:9"}
    assert found(ix, "country:co country:mx") == {"topic:1", "post:2", "topic:9", "post:3"}
    assert found(ix, "country:jm") == {"topic:1"}
    assert found(ix, "riesgo country:MX") == {"post:3"}


def test_kind(ix):
    assert found(ix, "kind:topic") == {"topic:1", "topic:4", "topic:9", "topic:11"}
    assert found(ix, "kind:listing kind:chat") == {"listing:5", "listing:6", "chat:7"}
    assert found(ix, "kind:listing OR kind:chat") == {"listing:5", "listing:6", "chat:7"}
    assert found(ix, "riesgo KIND:Post") == {"post:2", "post:3", "post:12"}
    assert found(ix, "riesgo -kind:post") == {"topic:1", "listing:5"}


def test_status(ix):
    assert found(ix, "status:open") == {"listing:5"}
    assert found(ix, "status:agreed status:closed") == {"listing:6"}
    assert found(ix, "status:in_talks") == set()


def test_dates(ix):
    # after: the day itself and later; before: earlier days only.
    assert found(ix, "agua after:2024-01-01") == {"topic:9"}
    assert found(ix, "agua before:2024-01-01") == {"post:10"}
    assert found(ix, "agua after:2023-12-31") == {"topic:9", "post:10"}
    assert found(ix, "agua before:2024-01-02") == {"topic:9", "post:10"}
    assert found(ix, "after:2024-03-01 before:2024-06-01") == {"post:3", "listing:5"}
    assert found(ix, "salud after:2023-09-09 before:2023-09-10") == {"listing:6"}  # the aware datetime
    # The last of repeated dates wins.
    assert found(ix, "agua after:2020-01-01 after:2024-01-01") == {"topic:9"}


def test_filters_anywhere_and_combined(ix):
    assert found(ix, "riesgo country:CO after:2024-01-01 kind:post") == {"post:2"}
    assert found(ix, "kind:post riesgo after:2024-01-01 country:CO") == {"post:2"}
    assert found(ix, "country:co riesgo kind:topic category:riesgo @restrepo before:2024-01-01") == {"topic:1"}
    assert found(ix, "@perez kind:topic space:foro") == {"topic:9"}


def test_only_filters(ix):
    parsed = parse_query("kind:chat @ana", ix.schema)
    assert parsed.text is None
    assert parsed.words == []
    assert found(ix, "kind:chat @ana") == {"chat:7"}


def test_or_next_to_a_filter_does_not_make_it_optional(ix):
    assert found(ix, "riesgo OR kind:chat") == set()
    assert found(ix, "vivienda OR kind:listing") == {"listing:5"}


def test_unknown_name_value_pairs_are_words(ix):
    parsed = parse_query("10:30 http://sela.org ODS:4", ix.schema)
    assert parsed.filters is None
    assert parsed.words == ["10:30", "http://sela.org", "ODS:4"]
    assert found(ix, "10:30") == {"chat:7"}
    assert found(ix, "reuniones 10:30") == {"chat:7"}


def test_parsed_query():
    schema = build_schema()
    parsed = parse_query('riesgo "gestión de" -deuda coop* (agua OR sal) -(x OR y) @ana kind:post', schema)
    assert parsed.words == ["riesgo", "agua", "sal"]
    assert parsed.title_only is False
    assert parsed.text is not None and parsed.filters is not None
    assert FILTER_NAMES == ("@", "category", "space", "country", "kind", "in", "before", "after", "status")


# Errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Escriba al menos una palabra"),
        ("   ", "Escriba al menos una palabra"),
        ('"riesgo de desastres', "comillas de cierre"),
        ('riesgo "de', "comillas de cierre"),
        ("kind:banana", "«kind:banana» no es un tipo"),
        ("status:x", "«status:x» no es un estado"),
        ("country:Colombia", "código ISO de dos letras"),
        ("country:c", "código ISO de dos letras"),
        ("before:2024-13-45", "«before:2024-13-45» no es una fecha válida"),
        ("after:ayer", "«after:ayer» no es una fecha válida"),
        ("before:2024/01/01", "AAAA-MM-DD"),
        ("after:2024-05-01 before:2024-01-01", "Las fechas se contradicen"),
        ("-", "«-» suelto"),
        ("riesgo - deuda", "«-» suelto"),
        ("(riesgo -)", "«-» suelto"),
        ("*", "«*» suelto"),
        ("riesgo *", "«*» suelto"),
        ("r*", "al menos 2 letras"),
        ("co*op", "solo puede ir al final"),
        ("in:body", "«in:body» no es válido"),
        ("in:title", "in:title busca en los títulos"),
        ("-in:title riesgo", "no se puede excluir"),
        ("-after:2024-01-01", "use before:2024-01-01"),
        ("kind:", "Falta el valor del filtro «kind:»"),
        ("@", "Falta el valor del filtro «@»"),
        ("@...", "no sirve para buscar un autor"),
        ("category:gestión/riesgo", "identificador de la categoría"),
        ("space:a+b", "identificador del espacio"),
        ("OR riesgo", "«OR» tiene que ir entre"),
        ("riesgo OR", "«OR» tiene que ir entre"),
        ("riesgo OR OR agua", "«OR» tiene que ir entre"),
        ("(riesgo", "Falta cerrar un paréntesis"),
        ("riesgo)", "Sobra un paréntesis"),
        ("()", "Escriba al menos una palabra"),
        ("de la", "demasiado comunes"),
        ("x" * 501, "demasiado larga"),
    ],
)
def test_syntax_errors(ix, text, message):
    assert message in error(ix, text)


def test_syntax_error_is_a_value_error():
    assert issubclass(QuerySyntaxError, ValueError)


@pytest.mark.parametrize(
    "text",
    ['"', "\"'", "-(", ")(", "^2", "[a TO b]", "*:*", "title_exact:riesgo", 'a"b"c', "~", "riesgo~2", "-@", "@@@"],
)
def test_odd_input_never_crashes(ix, text):
    try:
        ranked(ix, text)
    except QuerySyntaxError as raised:
        assert str(raised)


def test_field_names_are_not_queryable(ix):
    # "title_exact:riesgo" is two words, not a query on a field.
    parsed = parse_query("body_exact:caribe", ix.schema)
    assert parsed.filters is None
    assert found(ix, "body_exact:caribe") == set()
    assert found(ix, "kind:topic caribe") == {"topic:1"}
