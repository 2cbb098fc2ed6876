"""The audit log (/mod/log): who reads it, and its filters."""

import re
from datetime import UTC, datetime

import pytest

from forum.moderation.services import record_action
from models import ModerationAction, db

from .conftest import login, text_of


def logged(actor, action, target_type, target_id, when, detail="", reason=""):
    record_action(actor, action, target_type, target_id, reason, detail)
    db.session.flush()
    entry = db.session.scalar(db.select(ModerationAction).order_by(ModerationAction.id.desc()))
    entry.created_at = when
    db.session.commit()
    return entry


def details(response) -> list[str]:
    """The "Sobre" column of the rows shown, in order."""
    html = response.get_data(as_text=True)
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<tr>.*?</tr>", body, re.S)]


@pytest.fixture
def entries(app, moderator, admin):
    return [
        logged(moderator, "topic.pin", "topic", 1, datetime(2026, 3, 9, 12, tzinfo=UTC), "fijado-9-marzo"),
        logged(moderator, "post.hide", "post", 7, datetime(2026, 3, 10, 2, tzinfo=UTC), "oculto-10-marzo-2h"),
        logged(admin, "topic.split", "topic", 1, datetime(2026, 3, 11, 15, tzinfo=UTC), "separado-11-marzo"),
        logged(admin, "user.suspend", "user", 3, datetime(2026, 3, 12, 9, tzinfo=UTC), "suspendido-12-marzo"),
    ]


def test_moderators_and_admins_read_the_log_others_do_not(client, entries, moderator, admin, member, focal_point):
    for person in (moderator, admin):
        login(client, person)
        page = text_of(client.get("/mod/log"))
        for text in ("fijado-9-marzo", "Rama separada en un tema nuevo", "Cuenta suspendida", "Alberto Admin"):
            assert text in page
        client.post("/logout")
    guest = client.get("/mod/log")
    assert guest.status_code == 302 and "/login" in guest.headers["Location"]
    for person in (member, focal_point):
        login(client, person)
        assert client.get("/mod/log").status_code == 403
        assert client.get("/mod/log?action=topic.pin").status_code == 403
        client.post("/logout")


def test_filters_by_action_actor_and_target(client, entries, moderator, admin):
    login(client, admin)
    rows = " ".join(details(client.get("/mod/log?action=post.hide")))
    assert "oculto-10-marzo-2h" in rows and "fijado" not in rows
    by_admin = " ".join(details(client.get(f"/mod/log?actor={admin.id}")))
    assert "separado-11-marzo" in by_admin and "suspendido-12-marzo" in by_admin and "fijado" not in by_admin
    topics = " ".join(details(client.get("/mod/log?target_type=topic")))
    assert "fijado-9-marzo" in topics and "separado-11-marzo" in topics and "oculto" not in topics
    combined = " ".join(details(client.get(f"/mod/log?target_type=topic&actor={moderator.id}")))
    assert "fijado-9-marzo" in combined and "separado" not in combined
    form = client.get(f"/mod/log?actor={moderator.id}").get_data(as_text=True)
    assert f'<option selected value="{moderator.id}">Marta Moderadora</option>' in form
    assert "Personas" in form  # the target kinds are named


def test_dates_are_whole_days_in_the_readers_time_zone(client, entries, moderator, admin):
    login(client, admin)  # no zone chosen: UTC
    utc_day = " ".join(details(client.get("/mod/log?since=2026-03-10&until=2026-03-10")))
    assert "oculto-10-marzo-2h" in utc_day and "fijado" not in utc_day and "separado" not in utc_day
    client.post("/logout")
    moderator.timezone = "America/Caracas"  # 02:00 UTC on the 10th is 22:00 on the 9th there
    db.session.commit()
    login(client, moderator)
    caracas_day = " ".join(details(client.get("/mod/log?since=2026-03-10&until=2026-03-10")))
    assert caracas_day == "Ninguna acción registrada coincide."
    ninth = " ".join(details(client.get("/mod/log?until=2026-03-09")))
    assert "oculto-10-marzo-2h" in ninth and "fijado-9-marzo" in ninth and "separado" not in ninth
    since = " ".join(details(client.get("/mod/log?since=2026-03-11")))
    assert "separado-11-marzo" in since and "suspendido-12-marzo" in since and "oculto" not in since


def test_filters_are_kept_across_pages(app, client, moderator, admin):
    for number in range(35):
        logged(moderator, "topic.lock", "topic", number, datetime(2026, 3, 1, tzinfo=UTC), f"cerrado-{number}")
    logged(admin, "topic.pin", "topic", 99, datetime(2026, 3, 2, tzinfo=UTC), "fijado-otro")
    login(client, admin)
    first = client.get("/mod/log?action=topic.lock&since=2026-03-01")
    assert len(details(first)) == app.config["TOPICS_PER_PAGE"]
    next_link = re.search(r'href="([^"]+)">Siguiente', first.get_data(as_text=True)).group(1)
    assert "action=topic.lock" in next_link and "since=2026-03-01" in next_link and "page=2" in next_link
    second = details(client.get(next_link.replace("&amp;", "&")))
    assert len(second) == 35 - app.config["TOPICS_PER_PAGE"] and all("cerrado" in row for row in second)


def test_a_superscript_digit_is_no_actor(client, entries, admin):
    login(client, admin)
    response = client.get("/mod/log?actor=²")
    assert response.status_code == 422 and "Nadie con ese número figura en el registro." in text_of(response)


def test_bad_filters_get_messages_and_keep_what_was_typed(client, entries, admin):
    login(client, admin)
    response = client.get("/mod/log?action=topic.explode&since=ayer&until=2026-13-01&actor=abc&target_type=planeta")
    assert response.status_code == 422
    page = text_of(response)
    for message in (
        "Acción desconocida: topic.explode.",
        "«ayer» no es una fecha: escríbala como AAAA-MM-DD.",
        "«2026-13-01» no es una fecha",
        "Nadie con ese número figura en el registro.",
        "Tipo de elemento desconocido: planeta.",
    ):
        assert message in page
    assert 'value="ayer"' in response.get_data(as_text=True)
    backwards = client.get("/mod/log?since=2026-03-12&until=2026-03-01")
    assert backwards.status_code == 422 and "La fecha «hasta» es anterior a la fecha «desde»." in text_of(backwards)
    assert client.get("/mod/log?since=0001-01-01").status_code == 422
    assert "Ninguna acción registrada coincide." in text_of(client.get("/mod/log?since=2030-01-01"))


def test_thread_tools_show_in_the_log_with_their_labels(client, topic, moderator):
    login(client, moderator)
    client.post(f"/mod/t/{topic.id}/slow-mode", data={"minutes": 30, "reason": "calma"})
    client.post(f"/mod/t/{topic.id}/edit", data={"title": "Título nuevo del tema"})
    page = text_of(client.get("/mod/log?target_type=topic"))
    assert "Modo lento cambiado" in page and "0 → 30 min" in page and "calma" in page
    assert "Título o países del tema editados" in page and "«Título nuevo del tema»" in page


def test_each_entry_links_to_its_item(client, moderator, make_user):
    """Listings, chat messages, positions and magazine issues link from the log as topics do."""
    author = make_user(name="Autora Enlazada")
    items = {
        ("listing", 7): "/listings/7",
        ("chat_message", 8): "/chat/8",
        ("position", 9): "/positions/9",
        ("digest", 10): "/revista/borrador/10",
        ("user", author.id): f"/u/{author.id}",
    }
    for target_type, target_id in items:
        record_action(moderator, "flag.dismiss", target_type, target_id, "", f"Elemento {target_type}")
    db.session.commit()
    login(client, moderator)
    page = client.get("/mod/log").get_data(as_text=True)
    links = set(re.findall(r'href="(?:http://encuentro\.test)?(/[^"]*)"', page))
    assert set(items.values()) <= links
