"""Spanish-aware, multilingual text analysis (search/analysis.py), proven on
a real Whoosh index built from the search schema and queried the way the
search page does: one MultifieldParser over the six text fields, all words
required (AndGroup)."""

import pytest
from whoosh import index
from whoosh.qparser import AndGroup, MultifieldParser

from search.analysis import (
    STOP_WORDS,
    fold_then_stem_analyzer,
    folded_analyzer,
    stem_then_fold_analyzer,
)
from search.schema import ANALYSES, TEXT_FIELDS, build_schema

FIELDS = [f"{name}_{suffix}" for name in TEXT_FIELDS for suffix in ANALYSES]
ANALYZERS = [folded_analyzer, stem_then_fold_analyzer, fold_then_stem_analyzer]

DOCS = {
    "cooperacion": "Cooperación técnica entre los países del Caribe",
    "cooperaciones": "Las cooperaciones bilaterales crecieron este año",
    "integraciones": "Dos integraciones subregionales avanzan en paralelo",
    "recomendaciones": "Recomendaciones del Consejo Latinoamericano",
    "cooperativa": "Una cooperativa agrícola de Honduras exporta café",
    "saludo": "Saludos cordiales a todos los colegas",
    "salud": "Sistemas de salud pública en la región",
    "asi": "Así se acordó en la última sesión",
    "asia": "Relaciones comerciales con Asia y el Pacífico",
    "comunidad": "Informe de la Comunidad Andina",
    "comunicacion": "Plan de comunicación del proyecto",
    "estados": "Reunión de los Estados Miembros en Caracas",
    "estados_caricom": "Los Estados Miembros de la CARICOM aprobaron el plan",
    "mercosur": "Acuerdo del MERCOSUR sobre comercio de servicios",
    "sp_sela": "La SP-SELA convoca a la reunión regional",
    "elac": "Seguimiento del plan eLAC2010 para la sociedad de la información",
    "year": "Programa de Trabajo para el año 2008",
    "decimal": "El comercio intrarregional creció 2.5 por ciento",
    "english": "Regional cooperation agreements in the Caribbean",
    "portuguese": "Projetos de cooperação técnica no Brasil",
    "french": "La coopération régionale en Haïti",
    # Decomposed accents, as pasted from some Mac applications.
    "nfd": "Gestión de la integracio\u0301n energética",
}


def add(writer, doc_id: str, text: str) -> None:
    writer.add_document(doc_id=doc_id, kind="post", **{field: text for field in FIELDS})


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    path = tmp_path_factory.mktemp("index")
    writer = index.create_in(path, build_schema()).writer()
    for doc_id, text in DOCS.items():
        add(writer, doc_id, text)
    writer.commit()
    # Reopened from disk: the schema, with our filters, survives pickling.
    return index.open_dir(path)


def search(ix, text: str) -> set[str]:
    query = MultifieldParser(FIELDS, ix.schema, group=AndGroup).parse(text)
    with ix.searcher() as searcher:
        return {hit["doc_id"] for hit in searcher.search(query, limit=None)}


def tokens(analyzer, text: str, mode: str = "query") -> list[str]:
    return [t.text for t in analyzer()(text, mode=mode)]


@pytest.mark.parametrize(
    ("query", "doc_id"),
    [
        # Accents and case folded.
        ("cooperacion", "cooperacion"),
        ("COOPERACIÓN", "cooperacion"),
        ("CoOpErAcIoN", "cooperacion"),
        ("gestion integracion", "nfd"),
        ("integración energética", "nfd"),
        # Spanish stemming, with or without the accents.
        ("cooperación", "cooperaciones"),
        ("cooperaciones", "cooperacion"),
        ("cooperacion", "cooperaciones"),
        ("integración", "integraciones"),
        ("integracion", "integraciones"),
        ("recomendación", "recomendaciones"),
        ("recomendacion", "recomendaciones"),
        ("cooperar", "cooperacion"),
        ("saludo", "saludo"),
        ("salud", "salud"),
        ("cooperativas", "cooperativa"),
        ("comunicaciones", "comunicacion"),
        ("comunidades", "comunidad"),
        ("Asia", "asia"),
        # Stop-word trap: "estados" is a form of *estar* in stock stop lists.
        ("Estados Miembros", "estados"),
        ("estados miembros", "estados_caricom"),
        ("los Estados Miembros", "estados"),
        ('"Estados Miembros"', "estados"),
        ("Estados Miembros CARICOM", "estados_caricom"),
        # Acronyms and numbers.
        ("CARICOM", "estados_caricom"),
        ("caricom", "estados_caricom"),
        ("MERCOSUR", "mercosur"),
        ("Mercosur", "mercosur"),
        ("SP-SELA", "sp_sela"),
        ("sp-sela", "sp_sela"),
        ("SELA", "sp_sela"),
        ("SP SELA", "sp_sela"),
        ("eLAC2010", "elac"),
        ("ELAC2010", "elac"),
        ("eLAC", "elac"),
        ("2008", "year"),
        ("2.5", "decimal"),
        # English, Portuguese and French.
        ("cooperation", "english"),
        ("agreements", "english"),
        ("agreement", "english"),
        ("Caribbean", "english"),
        ("cooperacao", "portuguese"),
        ("cooperação", "portuguese"),
        ("cooperação técnica", "portuguese"),
        ("cooperacao tecnica", "portuguese"),
        ("cooperation", "french"),
        ("coopération régionale", "french"),
        ("Haiti", "french"),
    ],
)
def test_query_finds_document(ix, query, doc_id):
    assert doc_id in search(ix, query)


@pytest.mark.parametrize(
    ("query", "doc_id"),
    [
        # Snowball stems "saludos" to "salud": without an exception, "salud"
        # (health) would find every post that ends with a greeting.
        ("salud", "saludo"),
        ("saludos", "salud"),
        # Snowball stems "cooperativa" to "cooper", as "cooperación": in a
        # forum of cooperation agencies "cooperativas" would find everything.
        ("cooperación", "cooperativa"),
        ("cooperacion", "cooperativa"),
        ("cooperativa", "cooperacion"),
        # "comunidad", "comunicación" and "común" all stem to "comun".
        ("comunicación", "comunidad"),
        ("comunidad", "comunicacion"),
        # "así" is a stop word, or "Asia" would find it through the stem "asi".
        ("Asia", "asi"),
        # All words are required.
        ("Estados Miembros CARICOM", "estados"),
        ("cooperación Honduras", "cooperacion"),
        # Whole acronyms only match whole: "SP-SELA" is not "SELA" elsewhere.
        ("SP-SELA", "mercosur"),
        ("2008", "elac"),
    ],
)
def test_query_does_not_find_document(ix, query, doc_id):
    assert doc_id not in search(ix, query)


def test_exact_counts_for_key_queries(ix):
    assert search(ix, "Estados Miembros") == {"estados", "estados_caricom"}
    assert search(ix, "salud") == {"salud"}
    assert search(ix, "cooperativa") == {"cooperativa"}
    assert search(ix, "eLAC2010") == {"elac"}


def test_cognates_meet_across_languages(ix):
    # A decision, not an accident: -tion and -ção are the Spanish -ción, so a
    # reader searching in one language also finds the posts in the others.
    found = search(ix, "cooperación")
    assert {"cooperacion", "cooperaciones", "english", "portuguese", "french"} <= found
    assert "cooperativa" not in found


def test_stop_words_do_not_swallow_content_words():
    for word in ("estado", "estados", "miembros", "sela", "caricom", "asia", "salud"):
        assert word not in STOP_WORDS
    for analyzer in ANALYZERS:
        assert len(tokens(analyzer, "los Estados Miembros")) == 2
        # Accented stop words are stopped like their folded spelling.
        assert tokens(analyzer, "más también así cómo está") == []


def test_acronym_parts_are_indexed_but_queries_keep_the_whole_token():
    assert tokens(folded_analyzer, "SP-SELA eLAC2010", mode="index") == "sp-sela sp sela elac2010 elac 2010".split()
    assert tokens(folded_analyzer, "SP-SELA eLAC2010") == ["sp-sela", "elac2010"]
    # Numbers are not cut at their dots; ranges are split into years.
    assert tokens(folded_analyzer, "2.5 1.500.000", mode="index") == ["2.5", "1.500.000"]
    assert tokens(folded_analyzer, "2008-2010", mode="index") == ["2008-2010", "2008", "2010"]


def test_acronym_parts_share_the_position_and_point_at_their_characters():
    # Stop words are not counted (so phrases skip them), as in Whoosh's StopFilter.
    text = "de la SP-SELA y eLAC2010"
    parts = [
        (t.text, t.pos, text[t.startchar : t.endchar])
        for t in folded_analyzer()(text, mode="index", positions=True, chars=True)
    ]
    assert parts == [
        ("sp-sela", 2, "SP-SELA"),
        ("sp", 2, "SP"),
        ("sela", 2, "SELA"),
        ("elac2010", 3, "eLAC2010"),
        ("elac", 3, "eLAC"),
        ("2010", 3, "2010"),
    ]


def test_highlighting_marks_an_acronym_inside_a_compound(ix):
    query = MultifieldParser(FIELDS, ix.schema, group=AndGroup).parse("SELA")
    with ix.searcher() as searcher:
        hit = next(h for h in searcher.search(query) if h["doc_id"] == "sp_sela")
        assert "SP-<b" in hit.highlights("body_exact", text=DOCS["sp_sela"])


def test_analyzers_agree_on_folded_and_accented_spelling():
    # The folded-then-stemmed form is what makes an accentless query meet
    # accented and plural documents.
    fs = fold_then_stem_analyzer
    assert tokens(fs, "cooperacion") == tokens(fs, "cooperaciones") == tokens(fs, "Cooperación") == ["cooper"]
    assert tokens(fs, "recomendacion") == tokens(fs, "recomendaciones") == ["recomend"]
    assert tokens(fs, "metodologia") == tokens(fs, "metodologías")
    assert tokens(stem_then_fold_analyzer, "ONGs TICs") == tokens(stem_then_fold_analyzer, "ONG TIC")


NASTY = [
    "",
    "   \t\n\r  ",
    "alguéas",
    "ñññ",
    "ÑANDÚ ñandúes",
    "😀🎉🇻🇪",
    "cooperación 😀 integración",
    "—",
    "– - — ‒ ―",
    "-",
    "---SELA---",
    "SP--SELA",
    "..SELA..",
    "2.5",
    "1.500.000,50",
    "v2.5.1-rc.3",
    "a" * 10_000,
    "palabra" * 2_000 + " cooperación",
    "-".join(["sela"] * 500),
    "x" * 65,
    "中文字符和English混合",
    "Кириллица и latinica",
    "العربية والإسبانية",
    "ελληνικά",
    "e\u0301\u0301\u0301",
    "\u0301\u0301",
    "\x00\x01\x02",
    "\ufeffcooperación\u200b",
    "İstanbul ß ﬁn ＣＡＲＩＣＯＭ",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟚𝟘𝟘𝟠",
    "'; DROP TABLE posts; --",
    "<script>alert(1)</script>",
    "AND OR NOT",
    "(((",
    '"unclosed',
    "title_exact:",
    "*",
    "cooperaci*",
    "@#$%^&*()",
    "l'intégration d'Haïti, SELA's",
]


@pytest.fixture(scope="module")
def nasty_ix(tmp_path_factory):
    path = tmp_path_factory.mktemp("nasty")
    writer = index.create_in(path, build_schema()).writer()
    for number, text in enumerate(NASTY):
        add(writer, f"nasty:{number}", text)
    writer.commit()
    return index.open_dir(path)


@pytest.mark.parametrize("text", NASTY)
def test_odd_input_never_crashes_analysis(text):
    for analyzer in ANALYZERS:
        for mode in ("index", "query"):
            for token in analyzer()(text, mode=mode, positions=True, chars=True):
                assert token.text


@pytest.mark.parametrize("text", NASTY)
def test_odd_input_never_crashes_indexing_or_querying(nasty_ix, text):
    search(nasty_ix, text)


def test_odd_input_stays_searchable(nasty_ix):
    assert f"nasty:{NASTY.index('alguéas')}" in search(nasty_ix, "algueas")
    assert f"nasty:{NASTY.index('ñññ')}" in search(nasty_ix, "ñññ")
    assert f"nasty:{NASTY.index('cooperación 😀 integración')}" in search(nasty_ix, "cooperacion integracion")
    assert f"nasty:{NASTY.index('İstanbul ß ﬁn ＣＡＲＩＣＯＭ')}" in search(nasty_ix, "CARICOM")
    assert f"nasty:{NASTY.index(chr(0xFEFF) + 'cooperación' + chr(0x200B))}" in search(nasty_ix, "cooperación")
