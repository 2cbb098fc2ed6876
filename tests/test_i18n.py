"""The interface in Spanish, English, Portuguese and French: how the language
is chosen (account, then `lang` cookie, then Accept-Language, then Spanish),
that every catalogue is complete and safe to format, and the time zone
times are shown in (account, then the browser's `tz` cookie, then UTC).

The pages load the compiled catalogues from translations/*/LC_MESSAGES/*.mo,
which are build output: `make test` compiles them; by hand, run
`make translations` first.
"""

import html
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from babel.support import Translations

from forum.config import LANGUAGES
from models import Post, User, db

from .conftest import login

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
DEFAULT = "es"
TRANSLATED = [code for code in LANGUAGES if code != DEFAULT]
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdifr]")

# A few strings of the home page, per language: on every page, then only
# for guests, then only for people signed in.
HOME = {
    "es": [
        "Sistema Económico Latinoamericano y del Caribe (SELA)",
        "Ir al contenido",
        "Última actividad",
        "Debates, experiencias y posiciones regionales",
    ],
    "en": [
        "Latin American and Caribbean Economic System (SELA)",
        "Skip to content",
        "Last activity",
        "Debates, experiences and regional positions of the Member States",
    ],
    "pt": [
        "Sistema Econômico Latino-Americano e do Caribe (SELA)",
        "Ir para o conteúdo",
        "Última atividade",
        "Debates, experiências e posições regionais dos Estados-Membros",
    ],
    "fr": [
        "Système économique latino-américain et caribéen (SELA)",
        "Aller au contenu",
        "Dernière activité",
        "Débats, expériences et positions régionales des États membres",
    ],
}
GUEST = {
    "es": ["Iniciar sesión", "Crear cuenta"],
    "en": ["Sign in", "Create account"],
    "pt": ["Iniciar sessão", "Criar conta"],
    "fr": ["Connexion", "Créer un compte"],
}
MEMBER = {"es": ["Salir"], "en": ["Sign out"], "pt": ["Sair"], "fr": ["Se déconnecter"]}


def require_compiled_catalogues() -> None:
    for code in TRANSLATED:
        po = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        if not mo.exists():
            pytest.fail(
                f"{mo.relative_to(ROOT)} is missing: run `make translations` "
                "to compile the catalogues (`make test` does it for you)"
            )
        if po.exists() and mo.stat().st_mtime < po.stat().st_mtime:
            pytest.fail(f"{mo.relative_to(ROOT)} is older than its .po: run `make translations`")


@pytest.fixture
def app(app):
    """The conftest app, once the catalogues it loads are known to be compiled."""
    require_compiled_catalogues()
    return app


def page(response) -> str:
    """The HTML with entities decoded, so «l'accueil» matches «l&#39;accueil»."""
    return html.unescape(response.get_data(as_text=True))


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]*)">', response.get_data(as_text=True))
    assert match, "no <html lang> on the page"
    return match.group(1)


def assert_language(response, code: str, signed_in: bool = False) -> None:
    assert response.status_code == 200
    assert html_lang(response) == code
    text = page(response)
    for expected in HOME[code] + (MEMBER if signed_in else GUEST)[code]:
        assert expected in text, f"{expected!r} missing from the {code} page"


# Choosing the language -----------------------------------------------------


@pytest.mark.parametrize("code", TRANSLATED)
def test_guest_sees_home_page_in_browser_language(client, code):
    response = client.get("/", headers={"Accept-Language": code})
    assert_language(response, code)
    assert "Iniciar sesión" not in page(response)


def test_spanish_without_accept_language(client):
    assert_language(client.get("/"), "es")


@pytest.mark.parametrize("header", ["de-DE,de;q=0.9", "zh-CN", "*"])
def test_unsupported_language_falls_back_to_spanish(client, header):
    assert_language(client.get("/", headers={"Accept-Language": header}), "es")


@pytest.mark.parametrize(
    "header, code",
    [
        ("pt-BR", "pt"),
        ("pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", "pt"),
        ("fr-FR,fr;q=0.9", "fr"),
        ("en-GB", "en"),
        ("de-DE,de;q=0.9,fr;q=0.8,en;q=0.5", "fr"),
        ("fr-CA,en;q=0.5", "fr"),
    ],
)
def test_regional_variants_and_preferences(client, header, code):
    assert_language(client.get("/", headers={"Accept-Language": header}), code)


def test_language_cookie_wins_over_accept_language(client):
    response = client.post("/language", data={"lang": "fr"}, headers={"Accept-Language": "en"})
    assert response.status_code == 302
    assert "lang=fr" in response.headers["Set-Cookie"]

    assert_language(client.get("/", headers={"Accept-Language": "en"}), "fr")


def test_unknown_language_is_not_stored(client):
    response = client.post("/language", data={"lang": "de"})
    assert "Set-Cookie" not in response.headers
    assert_language(client.get("/", headers={"Accept-Language": "pt"}), "pt")


def test_members_saved_language_wins(client, member):
    member.language = "pt"
    db.session.commit()
    client.post("/language", data={"lang": "fr"})  # a cookie from before signing in
    login(client, member)

    assert_language(client.get("/", headers={"Accept-Language": "en"}), "pt", signed_in=True)


def test_choosing_a_language_signed_in_saves_it(app, member):
    first = app.test_client()
    login(first, member)
    first.post("/language", data={"lang": "en"})
    db.session.refresh(member)
    assert member.language == "en"

    # Another browser, without the cookie, follows the account.
    second = app.test_client()
    login(second, member)
    assert_language(second.get("/", headers={"Accept-Language": "fr"}), "en", signed_in=True)


# Messages from forms, services and errors ----------------------------------


def test_login_error_in_spanish(client, member):
    response = client.post("/login", data={"email": member.email, "password": "equivocada"})
    assert response.status_code == 422
    assert "Correo o contraseña incorrectos." in page(response)


@pytest.mark.parametrize(
    "code, error, labels",
    [
        ("en", "Incorrect email address or password.", ["Email address", "Password", "Remember me on this computer"]),
        ("pt", "E-mail ou senha incorretos.", ["E-mail", "Senha", "Lembrar-me neste computador"]),
        ("fr", "Adresse électronique ou mot de passe incorrects.", ["Adresse électronique", "Mot de passe"]),
    ],
)
def test_login_error_and_labels_translated(client, member, code, error, labels):
    response = client.post(
        "/login", data={"email": member.email, "password": "equivocada"}, headers={"Accept-Language": code}
    )
    assert response.status_code == 422
    text = page(response)
    assert error in text
    assert "Correo o contraseña incorrectos." not in text
    for label in labels:
        assert label in text


@pytest.mark.parametrize(
    "code, expected",
    [
        ("es", "La contraseña debe tener al menos 10 caracteres."),
        ("en", "The password must be at least 10 characters long."),
        ("pt", "A senha deve ter no mínimo 10 caracteres."),
        ("fr", "Le mot de passe doit comporter au moins 10 caractères."),
    ],
)
def test_service_validation_errors_translated(client, code, expected):
    response = client.post(
        "/signup",
        headers={"Accept-Language": code},
        data={
            "name": "Persona Nueva",
            "email": "nueva@example.org",
            "password": "corta",
            "title": "",
            "affiliation": "",
        },
    )
    assert response.status_code == 422
    assert expected in page(response)


def test_api_errors_follow_accept_language(client, member):
    response = client.post(
        "/api/v1/tokens", json={"email": member.email, "password": "equivocada"}, headers={"Accept-Language": "fr"}
    )
    assert response.status_code == 401
    assert response.get_json()["error"] == "Adresse électronique ou mot de passe incorrects."


def test_not_found_page_translated(client):
    response = client.get("/t/999999", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    text = page(response)
    assert "This topic does not exist or you do not have access to it." in text
    assert "Back to the home page" in text


@pytest.mark.parametrize(
    "code, expected",
    [
        ("es", "0 respuestas"),
        ("en", "0 replies"),
        ("pt", "0 respostas"),
        ("fr", "0 réponse"),
    ],
)
def test_plural_forms_on_the_topic_page(client, topic, code, expected):
    response = client.get(f"/t/{topic.id}", headers={"Accept-Language": code})
    assert response.status_code == 200
    assert re.search(rf"(?<!\d){expected}\b", page(response))


@pytest.mark.parametrize(
    "code, forms",
    [
        ("en", {0: "0 replies", 1: "1 reply", 2: "2 replies"}),
        ("pt", {0: "0 respostas", 1: "1 resposta", 2: "2 respostas"}),
        ("fr", {0: "0 réponse", 1: "1 réponse", 2: "2 réponses"}),
    ],
)
def test_compiled_plural_rules(code, forms):
    require_compiled_catalogues()
    translations = Translations.load(str(TRANSLATIONS), [code])
    for n, expected in forms.items():
        assert translations.ngettext("%(num)d respuesta", "%(num)d respuestas", n) % {"num": n} == expected


# The catalogues -------------------------------------------------------------


def catalogue(code: str):
    path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `pybabel init` for {code}"
    with path.open("rb") as handle:
        return read_po(handle, locale=code)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_a_catalogue_for_every_interface_language():
    found = sorted(path.parent.parent.name for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
    assert found == sorted(TRANSLATED)


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_is_complete(code):
    po = catalogue(code)
    assert not po.fuzzy, f"{code}: the catalogue header is marked fuzzy, so it would not be compiled"
    problems = []
    for message in po:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        where = f"{code}: {ids[0]!r}"
        if message.fuzzy:
            problems.append(f"{where} is fuzzy")
        if len(ids) > 1 and len(strings) != po.num_plurals:
            problems.append(f"{where} has {len(strings)} plural forms, expected {po.num_plurals}")
        for index, string in enumerate(strings):
            if not string:
                problems.append(f"{where} is untranslated")
                continue
            # Plural form 0 answers the singular msgid, the others the plural one.
            source = ids[min(index, len(ids) - 1)]
            if placeholders(string) != placeholders(source):
                problems.append(
                    f"{where}: placeholders {sorted(placeholders(string))} "
                    f"!= {sorted(placeholders(source))} in {string!r}"
                )
    assert not problems, "\n".join(problems)


def test_catalogues_cover_every_marked_string(tmp_path):
    """What `make extract-messages` would find is in every catalogue."""
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from babel.messages.frontend import main; main()",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "-o",
            str(template),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with template.open("rb") as handle:
        marked = {message.id for message in read_po(handle) if message.id}
    assert len(marked) > 150, "extraction found almost nothing: check babel.cfg"
    for code in TRANSLATED:
        translated = {message.id for message in catalogue(code) if message.id}
        missing = sorted(map(str, marked - translated))
        assert not missing, (
            f"{code}: strings not yet in the catalogue (run `make extract-messages`, "
            f"translate, then `make translations`): {missing}"
        )


@pytest.mark.parametrize(
    "code, space, category",
    [
        ("en", "Virtual Meeting Space — International Cooperation", "South-South Cooperation"),
        ("pt", "Espaço Virtual de Encontro — Cooperação Internacional", "Cooperação Sul-Sul"),
        ("fr", "Espace virtuel de rencontre — Coopération internationale", "Coopération Sud-Sud"),
        ("es", "Espacio Virtual de Encuentro — Cooperación Internacional", "Cooperación Sur-Sur"),
    ],
)
def test_space_and_category_names_follow_the_language(client, code, space, category):
    page = client.get("/", headers={"Accept-Language": code}).get_data(as_text=True)
    assert space in page and category in page
    listing = client.get("/c/cooperacion/cooperacion-sur-sur", headers={"Accept-Language": code})
    assert f"<h1>{category}</h1>" in listing.get_data(as_text=True)


# Time zones ----------------------------------------------------------------------


def _topic_time(client, topic) -> str:
    return re.search(r'<time datetime="[^"]+">([^<]+)</time>', client.get(f"/t/{topic.id}").get_data(as_text=True))[1]


def test_times_follow_the_browser_zone_cookie(app, topic):
    topic_post = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id))
    topic_post.created_at = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)
    db.session.commit()
    assert _topic_time(app.test_client(), topic).endswith("14:30")
    caracas = app.test_client()
    caracas.set_cookie("tz", "America/Caracas", domain="encuentro.test")
    assert _topic_time(caracas, topic).endswith("10:30")
    nowhere = app.test_client()
    nowhere.set_cookie("tz", "Mars/Olympus", domain="encuentro.test")
    assert _topic_time(nowhere, topic).endswith("14:30")


def test_a_members_chosen_zone_wins_over_the_browser(app, client, member, topic):
    topic_post = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id))
    topic_post.created_at = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)
    db.session.commit()
    login(client, member)
    client.set_cookie("tz", "America/Caracas", domain="encuentro.test")
    response = client.post("/u/timezone", data={"timezone": "America/Mexico_City"})
    assert response.status_code == 302
    assert _topic_time(client, topic).endswith("08:30")
    assert "America/Mexico_City" in client.get(f"/u/{member.id}").get_data(as_text=True)
    client.post("/u/timezone", data={"timezone": "Nowhere/Atlantis"})
    assert db.session.get(User, member.id).timezone == "America/Mexico_City"
    client.post("/u/timezone", data={"timezone": ""})
    assert _topic_time(client, topic).endswith("10:30")


@pytest.mark.parametrize(
    "code, expected",
    [
        ("es", "«kind:foro» no es un tipo de contenido conocido."),
        ("en", "“kind:foro” is not a known content type."),
        ("pt", "“kind:foro” não é um tipo de conteúdo conhecido."),
    ],
)
def test_search_syntax_errors_follow_the_language(client, code, expected):
    """search/ raises a Spanish template; the page and the API show it in the reader's language."""
    page = client.get("/search?q=kind:foro", headers={"Accept-Language": code})
    assert page.status_code == 422 and html.escape(expected, quote=False) in page.get_data(as_text=True)
    api = client.get("/api/v1/search?q=kind:foro", headers={"Accept-Language": code})
    assert api.status_code == 422 and expected in api.json["error"]
