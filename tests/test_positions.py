"""Regional positions through the pages: opening a proposal, who speaks for
a country, each stance kept, amendments, revisions, closing and outcome."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from forum.discussions import services as discussions
from forum.moderation import threads
from forum.positions import services
from models import Amendment, ModerationAction, Notification, Position, Stance, StanceChange, db, utcnow

from .conftest import PASSWORD, category, login, text_of

TEXT = (
    "La cooperación Sur-Sur complementa la cooperación Norte-Sur.\n\n"
    "Los países de renta media mantienen **brechas internas**.\n\n"
    "La región pide criterios multidimensionales."
)
# A closing time as typed in a form: a month ahead, at 18:00 in the reader's zone.
LATER_DAY = (utcnow() + timedelta(days=30)).date()
LATER = f"{LATER_DAY:%Y-%m-%d}T18:00"


@pytest.fixture
def regional_topic(focal_point):
    """A topic in the delegates-only category "Posiciones regionales"."""
    return discussions.create_topic(
        focal_point, category("posiciones-regionales"), "Posición común sobre renta media", "Abrimos el debate."
    )


@pytest.fixture
def argentina(make_user):
    return make_user("focal_point", country_code="AR", name="Lucía Ferreyra")


@pytest.fixture
def brazil(make_user):
    return make_user("focal_point", country_code="BR", name="Ana Carvalho")


def proposal(user, topic, **changes) -> Position:
    fields = services.ProposalFields(
        text=TEXT,
        closes_at=utcnow() + timedelta(days=7),
        scope="countries",
        countries=["CO", "AR", "BR"],
    )
    for name, value in changes.items():
        setattr(fields, name, value)
    return services.open_position(user, topic, fields)


@pytest.fixture
def position(focal_point, regional_topic, argentina, brazil):
    return proposal(focal_point, regional_topic)


def close_voting(position: Position, when=None) -> None:
    position.closes_at = when or utcnow() - timedelta(minutes=1)
    db.session.commit()


def signed_in(app, user):
    return login(app.test_client(), user)


def page(client, position: Position) -> str:
    response = client.get(f"/positions/{position.id}")
    assert response.status_code == 200
    return text_of(response)


def vote(client, position: Position, stance: str, reason: str = ""):
    return client.post(f"/positions/{position.id}/stance", data={"stance": stance, "reason": reason})


# Opening a proposal --------------------------------------------------------------


def test_focal_point_opens_a_proposal_from_the_topic(app, focal_point, regional_topic, argentina):
    client = signed_in(app, focal_point)
    topic_page = client.get(f"/t/{regional_topic.id}")
    assert "Abrir una propuesta de posición" in text_of(topic_page)
    form = client.get(f"/t/{regional_topic.id}/positions/new")
    assert form.status_code == 200 and "Posición común sobre renta media" in form.get_data(as_text=True)
    response = client.post(
        f"/t/{regional_topic.id}/positions/new",
        data={
            "title": "Posición sobre los países de renta media",
            "text": TEXT,
            "closes_at": LATER,
            "rule": "consensus",
            "scope": "countries",
            "countries": ["CO", "AR"],
        },
    )
    created = db.session.scalar(db.select(Position))
    assert response.status_code == 302 and response.location.endswith(f"/positions/{created.id}")
    assert created.proposer_country_code == "CO" and created.participant_codes == {"AR", "CO"}
    shown = page(client, created)
    assert "Posición sobre los países de renta media" in shown and "En consulta" in shown
    assert "Consenso" in shown and "Países elegidos (2 Estados)" in shown
    assert "brechas internas" in shown and "§2" in shown
    assert "Su país todavía no ha respondido" in shown
    # The topic lists its proposals.
    listed = text_of(client.get(f"/t/{regional_topic.id}"))
    assert "Posición sobre los países de renta media — En consulta" in listed


def test_member_may_not_open_a_proposal_and_is_told_to_comment(app, member, topic):
    client = signed_in(app, member)
    assert "Abrir una propuesta de posición" not in text_of(client.get(f"/t/{topic.id}"))
    refused = client.get(f"/t/{topic.id}/positions/new")
    assert refused.status_code == 403 and "comente en el tema" in text_of(refused)
    assert client.post(f"/t/{topic.id}/positions/new", data={"text": TEXT}).status_code == 403
    assert db.session.scalar(db.select(db.func.count(Position.id))) == 0


def test_guest_is_sent_to_sign_in(client, topic):
    response = client.get(f"/t/{topic.id}/positions/new")
    assert response.status_code == 302 and "/login" in response.location


def test_no_proposals_in_a_locked_topic_or_one_out_of_reach(app, focal_point, moderator, regional_topic):
    regional_topic.locked = True
    db.session.commit()
    refused = signed_in(app, focal_point).get(f"/t/{regional_topic.id}/positions/new")
    assert refused.status_code == 403 and "No puede abrir propuestas en este tema" in text_of(refused)
    secret = discussions.create_topic(moderator, category("secretaria"), "Coordinación interna", "Solo Secretaría.")
    assert signed_in(app, focal_point).get(f"/t/{secret.id}/positions/new").status_code == 404


def test_a_focal_point_country_must_take_part_a_moderator_proposes_for_any(
    app, focal_point, moderator, regional_topic, argentina
):
    client = signed_in(app, focal_point)
    refused = client.post(
        f"/t/{regional_topic.id}/positions/new",
        data={"text": TEXT, "closes_at": LATER, "rule": "consensus", "scope": "countries", "countries": ["AR", "BR"]},
    )
    assert refused.status_code == 422
    assert "Colombia debe estar entre los países participantes." in text_of(refused)
    by_moderator = proposal(moderator, regional_topic, countries=["AR", "BR"])
    assert by_moderator.proposer_country_code is None and by_moderator.participant_codes == {"AR", "BR"}


def test_bad_proposal_input_is_reported_at_once_and_kept(app, focal_point, regional_topic):
    client = signed_in(app, focal_point)
    response = client.post(
        f"/t/{regional_topic.id}/positions/new",
        data={
            "title": "Mi título tecleado",
            "text": "  ",
            "closes_at": "2020-01-01T10:00",
            "rule": "majority",
            "quorum": "9",
            "scope": "subregion",
            "subregion": "antartida",
        },
    )
    shown = text_of(response)
    assert response.status_code == 422
    assert "Escriba el texto." in shown
    assert "La fecha de cierre debe ser futura." in shown
    assert "Elija una subregión." in shown
    assert 'value="Mi título tecleado"' in response.get_data(as_text=True)
    quorum = client.post(
        f"/t/{regional_topic.id}/positions/new",
        data={
            "text": TEXT,
            "closes_at": LATER,
            "rule": "majority",
            "quorum": "9",
            "scope": "countries",
            "countries": ["CO", "AR", "BR"],
        },
    )
    assert quorum.status_code == 422 and "El quórum debe estar entre 1 y 3 Estados." in text_of(quorum)
    alone = client.post(
        f"/t/{regional_topic.id}/positions/new",
        data={"text": TEXT, "closes_at": LATER, "rule": "consensus", "scope": "countries", "countries": ["CO"]},
    )
    assert alone.status_code == 422 and "al menos 2 países" in text_of(alone)
    assert db.session.scalar(db.select(db.func.count(Position.id))) == 0


def test_participants_from_reference_data(moderator, regional_topic):
    everyone = proposal(moderator, regional_topic, scope="all")
    caribbean = proposal(moderator, regional_topic, scope="subregion", scope_value="caribe")
    mercosur = proposal(moderator, regional_topic, scope="scheme", scope_value="MERCOSUR")
    assert len(everyone.participants) == 28
    assert caribbean.participant_codes == {"BB", "BS", "CU", "DO", "GD", "HT", "JM", "TT"}
    assert mercosur.participant_codes == {"AR", "BR", "PY", "UY"}
    majority = proposal(moderator, regional_topic, rule="majority", scope="subregion", scope_value="caribe")
    assert majority.quorum == 5  # by default, half plus one


def test_closing_time_is_typed_and_shown_in_the_readers_zone(app, focal_point, regional_topic, argentina):
    focal_point.timezone = "America/Caracas"  # UTC-4 all year
    db.session.commit()
    client = signed_in(app, focal_point)
    client.post(
        f"/t/{regional_topic.id}/positions/new",
        data={"text": TEXT, "closes_at": LATER, "rule": "silence", "scope": "countries", "countries": ["CO", "AR"]},
    )
    created = db.session.scalar(db.select(Position))
    assert created.closes_at == datetime(LATER_DAY.year, LATER_DAY.month, LATER_DAY.day, 22, 0, tzinfo=UTC)
    assert re.search(rf"Cierra el {LATER_DAY.day} \w+\.? {LATER_DAY.year}, 18:00", page(client, created))


# Stances -------------------------------------------------------------------------


def test_focal_point_records_and_changes_the_countrys_stance(app, focal_point, position):
    client = signed_in(app, focal_point)
    recorded = vote(client, position, "agree")
    assert recorded.status_code == 302
    shown = text_of(client.get(recorded.location))
    assert "Postura de Colombia registrada." in shown
    assert "CO Colombia ✓ De acuerdo" in shown
    missing_reason = vote(client, position, "disagree")
    assert missing_reason.status_code == 422
    assert "Explique por qué su país está en desacuerdo." in text_of(missing_reason)
    vote(client, position, "disagree", "El párrafo 2 no refleja nuestra situación.")
    shown = page(client, position)
    assert "CO Colombia ✗ En desacuerdo" in shown
    assert "Colombia : El párrafo 2 no refleja nuestra situación." in shown
    history = text_of(client.get(f"/positions/{position.id}/history"))
    assert "Colombia ✓ De acuerdo Ana Restrepo 1" in history
    assert "Colombia ✗ En desacuerdo El párrafo 2 no refleja nuestra situación. Ana Restrepo 1" in history


@pytest.mark.parametrize(
    ("stance", "message"),
    [
        ("disagree", "Explique por qué su país está en desacuerdo."),
        ("block", "Explique por qué su país bloquea la propuesta."),
        ("reservation", "Escriba el texto de la reserva."),
        ("maybe", "Elija una postura"),
        ("", "Elija una postura"),
    ],
)
def test_stances_that_must_say_why(app, focal_point, position, stance, message):
    response = vote(signed_in(app, focal_point), position, stance, "   ")
    assert response.status_code == 422 and message in text_of(response)
    assert db.session.scalar(db.select(db.func.count(Stance.id))) == 0


def test_one_stance_per_country_whoever_of_its_focal_points_records_it_last(app, focal_point, make_user, position):
    colleague = make_user("focal_point", country_code="CO", name="Diego Colega")
    vote(signed_in(app, focal_point), position, "agree")
    vote(signed_in(app, colleague), position, "block", "Falta consultar a la Cancillería.")
    rows = db.session.scalars(db.select(Stance)).all()
    assert [(row.country_code, row.stance, row.recorded_by_id) for row in rows] == [("CO", "block", colleague.id)]
    changes = db.session.scalars(db.select(StanceChange).order_by(StanceChange.id)).all()
    assert [(c.stance, c.recorded_by_id) for c in changes] == [("agree", focal_point.id), ("block", colleague.id)]
    shown = page(signed_in(app, focal_point), position)
    assert "CO Colombia ⛔ Bloqueo" in shown and "Diego Colega" in shown


def test_recording_the_same_stance_twice_keeps_one_change(app, focal_point, position):
    client = signed_in(app, focal_point)
    vote(client, position, "agree")
    vote(client, position, "agree")
    assert db.session.scalar(db.select(db.func.count(StanceChange.id))) == 1


def test_who_may_not_record_a_stance(app, member, moderator, make_user, focal_point, position):
    mexico = make_user("focal_point", country_code="MX")
    cases = [
        (member, "Solo los puntos focales registran la postura de su país; comente en el tema."),
        (moderator, "Los moderadores no ocupan un asiento"),
        (mexico, "Su país no participa en esta propuesta."),
    ]
    # The member cannot even read the delegates-only topic.
    assert vote(signed_in(app, member), position, "agree").status_code == 404
    for user, message in cases[1:]:
        client = signed_in(app, user)
        refused = vote(client, position, "agree")
        assert refused.status_code == 403 and message in text_of(refused)
        assert message in page(client, position) and "Registrar la postura" not in page(client, position)
    public = discussions.create_topic(focal_point, category("cooperacion-sur-sur"), "Tema público", "Abierto.")
    open_to_members = proposal(focal_point, public)
    client = signed_in(app, member)
    refused = vote(client, open_to_members, "agree")
    assert refused.status_code == 403 and cases[0][1] in text_of(refused)
    assert "Comente en el tema." in page(client, open_to_members)
    amend = client.get(f"/positions/{open_to_members.id}/paragraphs/1/amend")
    assert amend.status_code == 403 and cases[0][1] in text_of(amend)
    guest = app.test_client().post(f"/positions/{open_to_members.id}/stance", data={"stance": "agree"})
    assert guest.status_code == 302 and "/login" in guest.location
    assert "si es punto focal de un país participante" in page(app.test_client(), open_to_members)
    assert db.session.scalar(db.select(db.func.count(Stance.id))) == 0


def test_a_suspended_focal_point_cannot_vote(app, focal_point, position):
    client = signed_in(app, focal_point)
    focal_point.suspended_until = utcnow() + timedelta(days=2)
    db.session.commit()
    refused = vote(client, position, "agree")
    assert refused.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Stance.id))) == 0


def test_the_seat_stays_with_the_country_when_its_focal_point_changes(app, focal_point, make_user, position):
    vote(signed_in(app, focal_point), position, "agree")
    # The government names someone else; the former focal point moves on.
    focal_point.role = "member"
    db.session.commit()
    successor = make_user("focal_point", country_code="CO", name="Nueva Delegada")
    reader = signed_in(app, successor)
    shown = page(reader, position)
    assert "CO Colombia ✓ De acuerdo" in shown and "Ana Restrepo" in shown
    assert "Registrada: ✓ De acuerdo — Ana Restrepo" in shown
    vote(reader, position, "reservation", "Salvo el párrafo 3.")
    stance = db.session.scalar(db.select(Stance))
    assert (stance.country_code, stance.stance, stance.recorded_by_id) == ("CO", "reservation", successor.id)
    history = text_of(reader.get(f"/positions/{position.id}/history"))
    assert "Ana Restrepo" in history and "Nueva Delegada" in history


def test_a_focal_point_who_changes_country_no_longer_speaks_for_the_old_one(app, focal_point, position):
    client = signed_in(app, focal_point)
    vote(client, position, "agree")
    focal_point.country_code = "PE"
    db.session.commit()
    refused = vote(client, position, "block", "Ya no.")
    assert refused.status_code == 403 and "Su país no participa" in text_of(refused)
    assert db.session.scalar(db.select(Stance.stance)) == "agree"


def test_stances_are_refused_after_the_closing_date_in_the_readers_zone(app, focal_point, position):
    focal_point.timezone = "America/Caracas"
    db.session.commit()
    client = signed_in(app, focal_point)
    vote(client, position, "agree")
    close_voting(position, datetime(2026, 1, 10, 22, 0, tzinfo=UTC))
    refused = vote(client, position, "block", "Tarde.")
    assert refused.status_code == 302
    shown = text_of(client.get(refused.location))
    assert "La votación cerró el 10 ene 2026, 18:00 (America/Caracas)." in shown
    assert "Votación cerrada: resultado pendiente" in shown and "Registrar la postura" not in shown
    assert db.session.scalar(db.select(Stance.stance)) == "agree"


# Decision rules on the page -------------------------------------------------------


def test_consensus_tally_is_live(app, focal_point, argentina, brazil, position):
    vote(signed_in(app, focal_point), position, "agree")
    shown = page(signed_in(app, argentina), position)
    assert "Resultado provisional: Adoptada." in shown and "Ningún país bloquea y 1 la respalda." in shown
    assert "Sin respuesta (2)" in shown and "Argentina, Brasil" in shown
    vote(signed_in(app, brazil), position, "block", "Contradice nuestra política.")
    shown = page(signed_in(app, argentina), position)
    assert "Resultado provisional: No adoptada." in shown and "1 país bloquea: no hay consenso." in shown
    assert "Brasil : Contradice nuestra política." in shown


def test_majority_tally_shows_the_quorum(app, focal_point, argentina, brazil, regional_topic):
    position = proposal(focal_point, regional_topic, rule="majority", quorum=3)
    vote(signed_in(app, focal_point), position, "agree")
    vote(signed_in(app, argentina), position, "agree")
    shown = page(signed_in(app, brazil), position)
    assert "quórum: 3 Estados" in shown
    assert "Quórum no alcanzado: respondieron 2 de los 3 Estados necesarios." in shown
    vote(signed_in(app, brazil), position, "abstain")
    shown = page(signed_in(app, brazil), position)
    assert "Resultado provisional: Adoptada." in shown and "La respaldan 2 de 3 Estados participantes" in shown


def test_silence_broken_shows_who_and_when(app, focal_point, argentina, regional_topic):
    position = proposal(focal_point, regional_topic, rule="silence")
    shown = page(signed_in(app, argentina), position)
    assert "Resultado provisional: Adoptada." in shown and "Ningún país ha roto el silencio." in shown
    vote(signed_in(app, argentina), position, "disagree", "Falta el punto sobre Haití.")
    shown = page(signed_in(app, focal_point), position)
    assert "El silencio está roto: 1 país se opone." in shown
    assert "Silencio roto por: Argentina (en desacuerdo," in shown


# Amendments and revisions ---------------------------------------------------------


def test_an_amendment_is_shown_in_brackets_and_accepting_it_makes_a_revision(app, focal_point, argentina, position):
    proposer = signed_in(app, argentina)
    form = proposer.get(f"/positions/{position.id}/paragraphs/2/amend")
    assert "brechas internas" in form.get_data(as_text=True)
    proposed = proposer.post(
        f"/positions/{position.id}/paragraphs/2/amend",
        data={"text": "Los países de renta media mantienen brechas internas y vulnerabilidad ante desastres."},
    )
    assert proposed.status_code == 302
    shown = page(proposer, position)
    assert "[Propuesta de Argentina: Los países de renta media mantienen brechas internas y vulnerabilidad" in shown
    assert "Aceptar" not in shown  # only the proposer decides
    amendment = db.session.scalar(db.select(Amendment))
    decide = f"/positions/{position.id}/amendments/{amendment.id}"
    assert proposer.post(decide, data={"action": "accept"}).status_code == 403
    owner = signed_in(app, focal_point)
    accepted = owner.post(decide, data={"action": "accept"})
    assert "Enmienda aceptada: el texto pasa a la revisión 2." in text_of(owner.get(accepted.location))
    db.session.refresh(position)
    assert position.revision == 2
    assert "vulnerabilidad ante desastres" in position.current_revision.text_source
    assert position.current_revision.text_source.startswith("La cooperación Sur-Sur")
    shown = page(owner, position)
    assert "Texto del borrador (revisión 2)" in shown and "[Propuesta de Argentina" not in shown
    assert "Aceptada : Argentina, §2 de la revisión 1" in shown
    history = text_of(owner.get(f"/positions/{position.id}/history"))
    assert "incorpora la enmienda de Argentina al párrafo 2" in history


def test_rejected_and_outdated_amendments(app, focal_point, argentina, brazil, position):
    first = services.propose_amendment(argentina, position, 0, "Primera versión alternativa.")
    second = services.propose_amendment(brazil, position, 2, "Tercera versión alternativa.")
    third = services.propose_amendment(brazil, position, 1, "Otra redacción del párrafo 2.")
    owner = signed_in(app, focal_point)
    owner.post(f"/positions/{position.id}/amendments/{first.id}", data={"action": "reject", "note": "Fuera de tema."})
    owner.post(f"/positions/{position.id}/amendments/{second.id}", data={"action": "accept"})
    states = dict(db.session.execute(db.select(Amendment.id, Amendment.state)).all())
    assert states == {first.id: "rejected", second.id: "accepted", third.id: "outdated"}
    late = owner.post(f"/positions/{position.id}/amendments/{third.id}", data={"action": "accept"})
    assert "Esta enmienda ya no está pendiente: superada por una revisión posterior." in text_of(
        owner.get(late.location)
    )
    shown = page(owner, position)
    assert "Rechazada : Argentina, §1 de la revisión 1" in shown and "Nota: Fuera de tema." in shown
    unknown = owner.post(f"/positions/{position.id}/amendments/{third.id}", data={"action": "maybe"})
    assert "Acción desconocida" in text_of(owner.get(unknown.location))
    assert owner.post(f"/positions/{position.id}/amendments/99999", data={"action": "accept"}).status_code == 404


def test_bad_amendments(app, member, argentina, position):
    client = signed_in(app, argentina)
    assert client.get(f"/positions/{position.id}/paragraphs/9/amend").status_code == 404
    unchanged = client.post(f"/positions/{position.id}/paragraphs/1/amend", data={"text": TEXT.split("\n\n")[0]})
    assert unchanged.status_code == 422 and "La enmienda debe cambiar el párrafo." in text_of(unchanged)
    empty = client.post(f"/positions/{position.id}/paragraphs/1/amend", data={"text": ""})
    assert empty.status_code == 422 and "Escriba el texto." in text_of(empty)
    close_voting(position)
    late = client.post(f"/positions/{position.id}/paragraphs/1/amend", data={"text": "Nuevo"})
    assert "La votación cerró el" in text_of(client.get(late.location))
    assert db.session.scalar(db.select(db.func.count(Amendment.id))) == 0


def test_a_revision_marks_earlier_stances_and_asks_their_countries_to_confirm(app, focal_point, argentina, position):
    voter = signed_in(app, argentina)
    vote(voter, position, "agree")
    owner = signed_in(app, focal_point)
    form = owner.get(f"/positions/{position.id}/revise")
    assert "brechas internas" in form.get_data(as_text=True)
    unchanged = owner.post(f"/positions/{position.id}/revise", data={"text": TEXT})
    assert unchanged.status_code == 422 and "El texto no cambió." in text_of(unchanged)
    revised = owner.post(
        f"/positions/{position.id}/revise",
        data={"text": TEXT + "\n\nUn cuarto párrafo sobre Haití.", "reason": "Aporte de Haití"},
    )
    assert "Revisión 2 publicada" in text_of(owner.get(revised.location))
    shown = page(owner, position)
    assert "AR Argentina ✓ De acuerdo · rev. 1" in shown
    assert "sobre la revisión 1: por confirmar" in shown
    assert "su postura sigue contando hasta que la confirmen o la cambien: Argentina." in shown
    # Argentina's focal point is asked, on the page and in the register.
    asked = page(voter, position)
    assert "Se registró sobre la revisión 1; el texto va por la revisión 2." in asked
    assert "Confirmar o cambiar la postura" in asked
    register = text_of(voter.get("/positions"))
    assert "Esperan la postura de Argentina" in register and "confirme" in register
    vote(voter, position, "agree")
    assert "por confirmar" not in page(voter, position)
    assert "Esperan la postura" not in text_of(voter.get("/positions"))
    revisions = db.session.scalars(db.select(StanceChange.revision).order_by(StanceChange.id)).all()
    assert revisions == [1, 2]


def test_who_may_revise(app, focal_point, make_user, moderator, brazil, position):
    assert signed_in(app, brazil).get(f"/positions/{position.id}/revise").status_code == 403
    colleague = make_user("focal_point", country_code="CO")  # the proposing country's seat
    signed_in(app, colleague).post(f"/positions/{position.id}/revise", data={"text": TEXT + "\n\nDos."})
    signed_in(app, moderator).post(f"/positions/{position.id}/revise", data={"text": TEXT + "\n\nTres."})
    db.session.refresh(position)
    assert position.revision == 3
    close_voting(position)
    client = signed_in(app, focal_point)
    late = client.post(f"/positions/{position.id}/revise", data={"text": TEXT + "\n\nCuatro."})
    assert "La votación cerró el" in text_of(client.get(late.location))
    assert position.revision == 3


# Outcome, register and exports ----------------------------------------------------


def test_outcome_is_recorded_by_a_moderator_after_closing(app, focal_point, argentina, brazil, moderator, position):
    vote(signed_in(app, focal_point), position, "agree")
    vote(signed_in(app, argentina), position, "reservation", "Argentina entiende el párrafo 3 como no vinculante.")
    assert signed_in(app, focal_point).get(f"/positions/{position.id}/outcome").status_code == 403
    desk = signed_in(app, moderator)
    early = desk.post(f"/positions/{position.id}/outcome", data={"outcome": "adopted", "final_text": TEXT, "note": ""})
    assert early.status_code == 422 and "La votación sigue abierta hasta el" in text_of(early)
    close_voting(position)
    form = desk.get(f"/positions/{position.id}/outcome")
    html = form.get_data(as_text=True)
    assert re.search(r'<input checked [^>]*value="adopted_with_reservations"', html)
    assert "brechas internas" in html
    missing = desk.post(f"/positions/{position.id}/outcome", data={"outcome": "adopted", "final_text": ""})
    assert missing.status_code == 422 and "Escriba el texto final adoptado." in text_of(missing)
    recorded = desk.post(
        f"/positions/{position.id}/outcome",
        data={"outcome": "adopted_with_reservations", "final_text": TEXT, "note": "Se eleva al Consejo."},
    )
    shown = text_of(desk.get(recorded.location))
    assert "Resultado: Adoptada con reservas" in shown
    assert "Argentina : Argentina entiende el párrafo 3 como no vinculante." in shown
    assert "Se eleva al Consejo." in shown
    entry = db.session.scalar(db.select(ModerationAction))
    assert entry.action == "position.outcome" and entry.target_id == position.id
    assert "Resultado de una posición regional registrado" in text_of(desk.get("/mod/log"))
    again = desk.get(f"/positions/{position.id}/outcome")
    assert "El resultado de esta posición ya está registrado." in text_of(desk.get(again.location))
    brasilia = signed_in(app, brazil)
    late = vote(brasilia, position, "agree")
    assert "Esta propuesta ya tiene resultado: Adoptada con reservas." in text_of(brasilia.get(late.location))


def test_a_proposal_may_be_withdrawn_before_closing(app, moderator, position):
    desk = signed_in(app, moderator)
    form = desk.get(f"/positions/{position.id}/outcome").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*value="withdrawn"', form)
    desk.post(f"/positions/{position.id}/outcome", data={"outcome": "withdrawn", "note": "La proponente la retira."})
    db.session.refresh(position)
    assert position.outcome == "withdrawn" and position.final_text_source == ""
    assert "Resultado: Retirada" in page(desk, position)


def test_the_register_the_printable_page_and_the_json_export(app, focal_point, argentina, moderator, position):
    vote(signed_in(app, argentina), position, "reservation", "Reserva de Argentina.")
    reader = signed_in(app, focal_point)
    register = text_of(reader.get("/positions"))
    assert "Propuestas en consulta" in register and position.title in register
    assert "Todavía no hay posiciones con resultado." in register
    close_voting(position)
    services.record_outcome(moderator, position, "adopted_with_reservations", "Texto **final** acordado.")
    register = text_of(reader.get("/positions"))
    assert "Posiciones adoptadas y cerradas" in register and "Adoptada con reservas" in register
    listed = reader.get("/positions.json").json["items"]
    assert [(item["id"], item["state"], item["outcome"]) for item in listed] == [
        (position.id, "decided", "adopted_with_reservations")
    ]
    printable = reader.get(f"/positions/{position.id}/print")
    html = printable.get_data(as_text=True)
    assert printable.status_code == 200 and 'class="site"' not in html and "@media print" not in html
    assert "positions.css" in html and "<strong>final</strong>" in html
    shown = text_of(printable)
    assert "Argentina : Reserva de Argentina." in shown and "AR Argentina ✓* De acuerdo con reservas" in shown
    assert f"http://encuentro.test/positions/{position.id}" in shown
    exported = reader.get(f"/positions/{position.id}.json")
    data = exported.json
    assert data["outcome"] == "adopted_with_reservations" and data["final_text"] == "Texto **final** acordado."
    assert data["participants"] == ["AR", "BR", "CO"] and data["rule"] == "consensus"
    assert data["stances"] == [
        {
            "country": "AR",
            "country_name": "Argentina",
            "stance": "reservation",
            "reason": "Reserva de Argentina.",
            "recorded_by": data["stances"][0]["recorded_by"],
            "revision": 1,
            "recorded_at": data["stances"][0]["recorded_at"],
        }
    ]
    assert data["stances"][0]["recorded_by"]["name"] == "Lucía Ferreyra"
    assert data["tally"]["counts"]["reservation"] == 1 and data["tally"]["missing"] == ["BR", "CO"]
    assert data["reservations"] == [{"country": "AR", "text": "Reserva de Argentina."}]
    # The export is the API's record of the position.
    token = reader.post("/api/v1/tokens", json={"email": focal_point.email, "password": PASSWORD}).json["token"]
    api = reader.get(f"/api/v1/positions/{position.id}", headers={"Authorization": f"Bearer {token}"})
    assert api.json == data


def test_positions_are_as_confidential_as_their_topic(app, member, client, position):
    for path in (
        f"/positions/{position.id}",
        f"/positions/{position.id}.json",
        f"/positions/{position.id}/print",
        f"/positions/{position.id}/history",
    ):
        assert signed_in(app, member).get(path).status_code == 404
        assert client.get(path).status_code == 404
    assert position.title not in text_of(client.get("/positions"))
    assert client.get("/positions.json").json["items"] == []
    assert client.get("/positions/99999").status_code == 404


def test_the_navigation_leads_to_the_register(client):
    response = client.get("/")
    assert 'href="/positions"' in response.get_data(as_text=True)
    assert "Todavía no hay posiciones con resultado." in text_of(client.get("/positions"))


def test_focal_points_are_notified(app, focal_point, argentina, brazil, moderator, position):
    def notices(user) -> str:
        return text_of(signed_in(app, user).get("/notifications"))

    opened = "Nueva propuesta de posición regional «Posición común sobre renta media»"
    assert opened in notices(argentina) and opened in notices(brazil) and opened not in notices(focal_point)
    vote(signed_in(app, argentina), position, "agree")
    services.propose_amendment(brazil, position, 1, "Texto alternativo del párrafo 2.")
    assert "Brasil propone una enmienda al párrafo 2 de «Posición común sobre renta media»." in notices(focal_point)
    services.revise_position(focal_point, position, TEXT + "\n\nNuevo párrafo.")
    confirm = "pasó a la revisión 2: confirme o cambie la postura de Argentina."
    assert confirm in notices(argentina) and "pasó a la revisión 2" not in notices(brazil)
    close_voting(position)
    services.record_outcome(moderator, position, "adopted", TEXT)
    assert "Resultado de «Posición común sobre renta media»: Adoptada." in notices(brazil)
    link = signed_in(app, argentina).get("/notifications").get_data(as_text=True)
    assert f'href="/positions/{position.id}#postura"' in link


def test_notices_reach_only_those_who_may_read_the_topic(moderator, focal_point, argentina):
    secretariat = discussions.create_topic(moderator, category("secretaria"), "Borrador interno", "Solo Secretaría.")
    proposal(moderator, secretariat, countries=["CO", "AR"])
    # The focal points hold the seats but cannot read the topic: not even its title reaches them.
    assert db.session.scalar(db.select(db.func.count()).select_from(Notification)) == 0


def test_merging_a_topic_takes_its_positions_along(app, moderator, argentina, position, regional_topic):
    destination = discussions.create_topic(
        moderator, category("posiciones-regionales"), "Debate general sobre renta media", "Seguimos aquí."
    )
    threads.merge_topics(moderator, regional_topic, str(destination.id))
    assert position.topic_id == destination.id
    assert (regional_topic.position_count, destination.position_count) == (0, 1)
    assert signed_in(app, argentina).get(f"/positions/{position.id}").status_code == 200
    assert position.title in text_of(signed_in(app, argentina).get(f"/t/{destination.id}"))
