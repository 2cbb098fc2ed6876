"""API v1 for regional positions: the same rules as the pages, with tokens."""

from datetime import timedelta

import pytest

from forum.discussions import services as discussions
from models import Position, Stance, db, utcnow

from .conftest import PASSWORD, category


def bearer(client, user) -> dict:
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201
    return {"Authorization": f"Bearer {response.json['token']}"}


@pytest.fixture
def regional_topic(focal_point):
    return discussions.create_topic(
        focal_point, category("posiciones-regionales"), "Posición común sobre renta media", "Abrimos el debate."
    )


@pytest.fixture
def argentina(make_user):
    return make_user("focal_point", country_code="AR", name="Lucía Ferreyra")


def closes_in(days: int = 7) -> str:
    return (utcnow() + timedelta(days=days)).isoformat()


def body(topic, **changes) -> dict:
    return {
        "topic_id": topic.id,
        "text": "Primer párrafo.\n\nSegundo párrafo.",
        "closes_at": closes_in(),
        "rule": "majority",
        "quorum": 2,
        "participants": ["CO", "AR", "BR"],
    } | changes


@pytest.fixture
def created(client, focal_point, regional_topic, argentina):
    response = client.post("/api/v1/positions", json=body(regional_topic), headers=bearer(client, focal_point))
    assert response.status_code == 201, response.json
    return response.json


def test_a_focal_point_opens_a_proposal(client, created, regional_topic):
    assert created["rule"] == "majority" and created["quorum"] == 2
    assert created["participants"] == ["AR", "BR", "CO"] and created["proposer_country"] == "CO"
    assert created["title"] == "Posición común sobre renta media" and created["revision"] == 1
    assert created["text"] == "Primer párrafo.\n\nSegundo párrafo." and created["state"] == "open"
    assert created["stances"] == [] and created["outcome"] is None
    assert created["tally"]["counts"]["none"] == 3 and created["tally"]["quorum_met"] is False
    assert created["url"] == f"http://encuentro.test/positions/{created['id']}"


def test_opening_without_participants_takes_every_member_state(client, moderator, regional_topic):
    response = client.post(
        "/api/v1/positions",
        json=body(regional_topic, participants=[], rule="consensus", quorum=None),
        headers=bearer(client, moderator),
    )
    assert response.status_code == 201 and len(response.json["participants"]) == 28
    assert response.json["quorum"] is None and response.json["proposer_country"] is None


def test_opening_refusals(client, member, focal_point, regional_topic):
    public = discussions.create_topic(member, category("cooperacion-sur-sur"), "Tema público", "Abierto.")
    assert client.post("/api/v1/positions", json=body(public)).status_code == 401
    headers = bearer(client, member)
    refused = client.post("/api/v1/positions", json=body(public), headers=headers)
    assert refused.status_code == 403 and "comente en el tema" in refused.json["error"]
    hidden = client.post("/api/v1/positions", json=body(regional_topic), headers=headers)
    assert hidden.status_code == 404
    headers = bearer(client, focal_point)
    not_json = client.post("/api/v1/positions", data="topic_id=1", headers=headers)
    assert not_json.status_code == 400 and "JSON" in not_json.json["error"]
    no_topic = client.post("/api/v1/positions", json={"text": "x"}, headers=headers)
    assert no_topic.status_code == 422 and no_topic.json["errors"] == {"topic_id": "Indique topic_id."}
    unknown = client.post("/api/v1/positions", json=body(regional_topic, topic_id=9999), headers=headers)
    assert unknown.status_code == 404
    assert db.session.scalar(db.select(db.func.count(Position.id))) == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"closes_at": "2030-03-01T18:00:00"}, "closes_at", "con su zona"),
        ({"closes_at": "mañana"}, "closes_at", "con su zona"),
        ({"closes_at": (utcnow() - timedelta(days=1)).isoformat()}, "closes_at", "debe ser futura"),
        ({"rule": "lottery"}, "rule", "Regla desconocida"),
        ({"quorum": 7}, "quorum", "entre 1 y 3"),
        ({"quorum": "two"}, "quorum", "número entero"),
        ({"participants": ["CO", "XX"]}, "participants", "Países desconocidos: XX."),
        ({"participants": "CO"}, "participants", "lista de códigos"),
        ({"participants": ["AR", "BR"]}, "participants", "Colombia debe estar entre los países participantes."),
        ({"text": ""}, "text", "Escriba el texto."),
    ],
)
def test_bad_proposals_get_clear_messages(client, focal_point, regional_topic, changes, field, message):
    headers = bearer(client, focal_point)
    response = client.post("/api/v1/positions", json=body(regional_topic, **changes), headers=headers)
    assert response.status_code == 422
    assert message in response.json["errors"][field]


def test_list_and_detail_follow_the_topics_confidentiality(client, member, focal_point, created):
    assert client.get("/api/v1/positions").json["total"] == 0
    assert client.get(f"/api/v1/positions/{created['id']}").status_code == 404
    assert client.get(f"/api/v1/positions/{created['id']}", headers=bearer(client, member)).status_code == 404
    headers = bearer(client, focal_point)
    listed = client.get("/api/v1/positions", headers=headers).json
    assert listed["total"] == 1 and listed["items"][0]["id"] == created["id"]
    detail = client.get(f"/api/v1/positions/{created['id']}", headers=headers).json
    assert {"text", "revision", "rule", "stances", "tally", "outcome", "final_text", "amendments"} <= set(detail)
    assert client.get("/api/v1/positions/9999", headers=headers).status_code == 404
    assert client.get("/api/v1/positions?per_page=500", headers=headers).status_code == 422


def test_recording_stances(client, focal_point, argentina, make_user, created):
    url = f"/api/v1/positions/{created['id']}/stances"
    assert client.post(url, json={"stance": "agree"}).status_code == 401
    recorded = client.post(url, json={"stance": "agree"}, headers=bearer(client, focal_point))
    assert recorded.status_code == 201
    assert recorded.json["stance"]["country"] == "CO" and recorded.json["stance"]["revision"] == 1
    assert recorded.json["stance"]["recorded_by"]["name"] == "Ana Restrepo"
    assert recorded.json["tally"]["result"] == "not_adopted" and recorded.json["tally"]["why"] == "quorum"
    reserved = client.post(
        url, json={"stance": "reservation", "reason": "Salvo el párrafo 2."}, headers=bearer(client, argentina)
    )
    tally = reserved.json["tally"]
    # 2 of the 3 participating states support, quorum of 2 answers met.
    assert tally["result"] == "adopted_with_reservations" and tally["why"] == "majority"
    # Another focal point of Colombia changes the country's stance: still one row.
    colleague = make_user("focal_point", country_code="CO", name="Diego Colega")
    client.post(url, json={"stance": "block", "reason": "Falta consulta."}, headers=bearer(client, colleague))
    detail = client.get(f"/api/v1/positions/{created['id']}", headers=bearer(client, argentina)).json
    assert [(s["country"], s["stance"], s["reason"], s["recorded_by"]["name"]) for s in detail["stances"]] == [
        ("AR", "reservation", "Salvo el párrafo 2.", "Lucía Ferreyra"),
        ("CO", "block", "Falta consulta.", "Diego Colega"),
    ]


def test_majority_reached_through_the_api(client, focal_point, argentina, created):
    url = f"/api/v1/positions/{created['id']}/stances"
    client.post(url, json={"stance": "agree"}, headers=bearer(client, focal_point))
    response = client.post(url, json={"stance": "agree"}, headers=bearer(client, argentina))
    assert response.json["tally"]["result"] == "adopted" and response.json["tally"]["quorum_met"] is True


def test_stance_refusals(client, member, moderator, make_user, focal_point, created):
    url = f"/api/v1/positions/{created['id']}/stances"
    cases = [
        (moderator, 403, "no ocupan un asiento"),
        (make_user("focal_point", country_code="MX"), 403, "Su país no participa"),
        (member, 404, "no tiene acceso"),
    ]
    for user, status, message in cases:
        response = client.post(url, json={"stance": "agree"}, headers=bearer(client, user))
        assert response.status_code == status and message in response.json["error"]
    headers = bearer(client, focal_point)
    missing = client.post(url, json={"stance": "disagree"}, headers=headers)
    assert missing.status_code == 422 and "por qué" in missing.json["errors"]["reason"]
    unknown = client.post(url, json={"stance": "maybe"}, headers=headers)
    assert unknown.status_code == 422 and "stance" in unknown.json["errors"]
    wrong_type = client.post(url, json={"stance": 3}, headers=headers)
    assert wrong_type.status_code == 422
    assert client.post("/api/v1/positions/9999/stances", json={"stance": "agree"}, headers=headers).status_code == 404
    position = db.session.get(Position, created["id"])
    position.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    late = client.post(url, json={"stance": "agree"}, headers=headers)
    assert late.status_code == 409 and late.json["error"].startswith("La votación cerró el")
    assert db.session.scalar(db.select(db.func.count(Stance.id))) == 0
