"""Demo regional positions, loaded by `flask seed-demo` after the discussions:
one position adopted with a reservation and an accepted amendment, and one
proposal still open, with stances, a revision to confirm and a pending
amendment.

Written step by step through the services, as focal points and moderators
would, each step then moved back to its day.
"""

from datetime import datetime, timedelta

from models import Amendment, ModerationAction, Notification, Position, Stance, StanceChange, Topic, User, db

from .positions import services as positions

ADOPTED = {
    "topic": "Borrador de posición común sobre la cooperación con los países de renta media",
    "title": "Posición común sobre la cooperación internacional con los países de renta media",
    "proposer": "lucia.ferreyra",
    "rule": "silence",
    "scope": "all",
    "text": [
        "Los Estados miembros del SELA, reunidos en el Espacio Virtual de Encuentro, acuerdan la siguiente "
        "posición común sobre la cooperación internacional con los países de renta media:",
        "El ingreso per cápita no refleja las brechas internas de los países de renta media: desigualdad, "
        "pobreza territorial y vulnerabilidad ante desastres.",
        "La reducción de la cooperación tradicional hacia estos países debe ser **gradual y acordada**, con "
        "criterios multidimensionales.",
        "La cooperación Sur-Sur complementa la cooperación Norte-Sur y no la sustituye; se rige por los "
        "principios de no condicionalidad y respeto a la soberanía.",
        "Los países de la región cumplen un **doble papel**, como oferentes y receptores, que los sistemas "
        "de medición deben reconocer.",
        "La cooperación triangular es un puente entre ambas modalidades, con liderazgo técnico de los "
        "países de la región.",
        "Haití, país menos adelantado, necesita que la cooperación tradicional se mantenga; la región "
        "reafirma su solidaridad con su reconstrucción.",
    ],
    # (days ago, hour, who, action, arguments)
    "steps": [
        (112, 10, "lucia.ferreyra", "open", {"days": 14}),
        (111, 9, "andres.rincon", "stance", {"stance": "agree"}),
        (
            111,
            16,
            "gabriela.soto",
            "amend",
            {
                "paragraph": 5,
                "text": "La cooperación triangular es un puente entre ambas modalidades, con apropiación y "
                "conducción por parte de los países de la región.",
            },
        ),
        (110, 11, "lucia.ferreyra", "accept", {}),
        (110, 15, "gabriela.soto", "stance", {"stance": "agree"}),
        (110, 17, "andres.rincon", "stance", {"stance": "agree"}),
        (109, 10, "ernesto.valdes", "stance", {"stance": "agree"}),
        (
            108,
            12,
            "ana.carvalho",
            "stance",
            {
                "stance": "reservation",
                "reason": "O Brasil entende que nenhuma disposição deste texto implica aceitar o conceito de "
                "«graduação» dos países de renda média.",
            },
        ),
        (107, 9, "jeanrobert.pierrelouis", "stance", {"stance": "agree"}),
        (105, 17, "mauricio.solano", "stance", {"stance": "abstain"}),
        (104, 10, "francisca.morales", "stance", {"stance": "agree"}),
        (
            97,
            11,
            "carolina.mendez",
            "outcome",
            {
                "outcome": "adopted_with_reservations",
                "note": "Adoptada por procedimiento de silencio: ningún Estado rompió el silencio en el plazo. "
                "La Secretaría Permanente la presenta como insumo para la Reunión de Directores.",
            },
        ),
    ],
}

OPEN = {
    "topic": "Financiamiento para la adaptación al cambio climático en los pequeños Estados insulares",
    "title": "Posición caribeña sobre el financiamiento de la adaptación en los pequeños Estados insulares",
    "proposer": "marcia.campbell",
    "rule": "majority",
    "quorum": 5,
    "scope": "subregion",
    "scope_value": "caribe",
    "text": [
        "Los Estados del Caribe que participan en esta consulta reconocen que el cambio climático ya afecta "
        "el turismo, la pesca y las finanzas públicas de los pequeños Estados insulares en desarrollo, y que "
        "la adaptación es para ellos una prioridad inmediata.",
        "Solicitan que la **vulnerabilidad** se incorpore, junto al ingreso per cápita, como criterio para "
        "acceder a financiamiento en condiciones favorables, como ha propuesto la CEPAL.",
        "Proponen crear un **mecanismo regional de preparación de proyectos** que apoye a las administraciones "
        "pequeñas en la formulación de propuestas ante los fondos climáticos.",
        "Piden que los organismos financieros consideren cláusulas de suspensión del servicio de la deuda "
        "tras desastres de gran magnitud.",
    ],
    "steps": [
        (6, 10, "marcia.campbell", "open", {"days": 15}),
        (5, 11, "ernesto.valdes", "stance", {"stance": "agree"}),
        (
            5,
            15,
            "jeanrobert.pierrelouis",
            "amend",
            {
                "paragraph": 2,
                "text": "Proponen crear un **mecanismo regional de preparación de proyectos**, con participación "
                "de los países menos adelantados desde su diseño, que apoye a las administraciones pequeñas en "
                "la formulación de propuestas ante los fondos climáticos.",
            },
        ),
        (4, 9, "marcia.campbell", "accept", {}),
        (4, 10, "marcia.campbell", "stance", {"stance": "agree"}),
        (
            3,
            12,
            "jeanrobert.pierrelouis",
            "stance",
            {
                "stance": "reservation",
                "reason": "Haití respalda el texto y recuerda que, como país menos adelantado, necesita además "
                "cooperación no reembolsable para la adaptación.",
            },
        ),
        (
            1,
            16,
            "yokasta.pena",
            "amend",
            {
                "paragraph": 3,
                "text": "Piden que los organismos financieros incorporen cláusulas de suspensión del servicio de "
                "la deuda tras desastres de gran magnitud, activadas de forma automática según parámetros "
                "acordados de antemano.",
            },
        ),
    ],
}


def seed_demo_positions(users: dict[str, User], now: datetime) -> None:
    """Both positions, unless a previous run already wrote them."""
    for spec in (ADOPTED, OPEN):
        if db.session.scalar(db.select(Position.id).filter_by(title=spec["title"]).limit(1)) is None:
            _write(spec, users, now)


def _write(spec: dict, users: dict[str, User], now: datetime) -> None:
    topic = db.session.scalar(db.select(Topic).filter_by(title=spec["topic"]))
    position = None
    for days_ago, hour, handle, action, arguments in spec["steps"]:
        when = (now - timedelta(days=days_ago)).replace(hour=hour, minute=7 * hour % 60, second=0, microsecond=0)
        marks = _marks()
        actor = users[handle]
        if action == "open":
            position = positions.open_position(
                actor,
                topic,
                positions.ProposalFields(
                    title=spec["title"],
                    text="\n\n".join(spec["text"]),
                    closes_at=now + timedelta(days=1),
                    rule=spec["rule"],
                    quorum=spec.get("quorum"),
                    scope=spec["scope"],
                    scope_value=spec.get("scope_value", ""),
                ),
            )
            closes_at = when + timedelta(days=arguments["days"])
            for notice in _newer(Notification, marks):
                notice.data = notice.data | {"closes_at": closes_at.isoformat()}
        elif action == "stance":
            positions.record_stance(actor, position, arguments["stance"], arguments.get("reason", ""))
        elif action == "amend":
            positions.propose_amendment(actor, position, arguments["paragraph"], arguments["text"])
        elif action == "accept":
            pending = db.session.scalar(
                db.select(Amendment).filter_by(position_id=position.id, state="proposed").order_by(Amendment.id)
            )
            positions.decide_amendment(actor, pending, accept=True)
        elif action == "outcome":
            position.closes_at = now - timedelta(minutes=1)
            db.session.commit()
            positions.record_outcome(
                actor, position, arguments["outcome"], position.current_revision.text_source, arguments["note"]
            )
            position.closed_at = when
        _date_since(marks, position, when, read=spec is ADOPTED)
    position.closes_at = closes_at
    db.session.commit()


def _marks() -> dict:
    """The last id of each table a step writes to, before the step."""
    models = (StanceChange, Amendment, Notification, ModerationAction)
    return {model: db.session.scalar(db.select(db.func.max(model.id))) or 0 for model in models}


def _date_since(marks: dict, position: Position, when: datetime, read: bool) -> None:
    """Move what the step wrote back to its day; notices of the past are read."""
    if position.created_at > when:
        position.created_at = when
    for revision in position.revisions:
        if revision.created_at > when:
            revision.created_at = when
    for change in _newer(StanceChange, marks):
        change.recorded_at = when
        stance = db.session.scalar(
            db.select(Stance).filter_by(position_id=change.position_id, country_code=change.country_code)
        )
        stance.recorded_at = when
    for amendment in _newer(Amendment, marks):
        amendment.created_at = when
    for amendment in db.session.scalars(db.select(Amendment).filter_by(position_id=position.id)):
        if amendment.decided_at is not None and amendment.decided_at > when:
            amendment.decided_at = when
    for notice in _newer(Notification, marks):
        notice.created_at = when
        notice.read_at = when + timedelta(hours=20) if read else None
    for entry in _newer(ModerationAction, marks):
        entry.created_at = when
    db.session.commit()


def _newer(model, marks: dict) -> list:
    return db.session.scalars(db.select(model).where(model.id > marks[model])).all()
