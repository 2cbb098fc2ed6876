"""The rules of regional positions: opening a proposal, recording a
country's stance, revising the text, amendments and the outcome. Views and
the API both call these; the decision rules themselves are in rules.py."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import get_timezone
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from models import (
    POSITION_OUTCOMES,
    POSITION_RULES,
    STANCES,
    Amendment,
    Country,
    Position,
    PositionRevision,
    Stance,
    StanceChange,
    Topic,
    User,
    db,
    utcnow,
)

from .. import permissions
from ..cooperation.labels import SCHEMES, SUBREGIONS
from ..discussions import services as discussions
from ..errors import NotFound, PermissionDenied, ServiceError, ValidationError
from ..localization import DATETIME_PATTERN, country_name, local_time
from ..markup import render_markdown
from ..moderation.services import record_action
from . import notices, rules
from .labels import AMENDMENT_STATE_LABELS, OUTCOME_LABELS

TITLE_MIN, TITLE_MAX = 5, 200
TEXT_MAX = 20_000
REASON_MAX = 2_000
NOTE_MAX = 500
MIN_PARTICIPANTS = 2
LONGEST = timedelta(days=366)
# Stances that must say why.
REASON_REQUIRED = ("disagree", "block", "reservation")


class Conflict(ServiceError):
    """The request came too late: the vote closed, or the thing was already decided."""

    status = 409


@dataclass
class ProposalFields:
    """A proposal as typed into the form or the API, before checking."""

    title: str = ""
    text: str = ""
    closes_at: datetime | None = None
    rule: str = "consensus"
    quorum: int | None = None
    # all | subregion (scope_value: a subregion code) | scheme (an acronym) | countries
    scope: str = "all"
    scope_value: str = ""
    countries: list[str] = field(default_factory=list)


def paragraphs(text: str) -> list[str]:
    """The blocks of a Markdown text, separated by blank lines."""
    return [block for block in re.split(r"\n[ \t]*\n", text.strip()) if block.strip()]


def _closing_time(position: Position) -> str:
    return f"{local_time(position.closes_at, DATETIME_PATTERN)} ({get_timezone()})"


def _clean_text(text: str | None, name: str = "text") -> str:
    text = (text or "").strip().replace("\r\n", "\n")
    if not text:
        raise ValidationError({name: _("Escriba el texto.")})
    if len(text) > TEXT_MAX:
        raise ValidationError({name: _("El texto no puede pasar de %(n)d caracteres.", n=TEXT_MAX)})
    return text


def _clean_note(note: str | None, name: str, limit: int) -> str:
    note = (note or "").strip()
    if len(note) > limit:
        raise ValidationError({name: _("Este texto no puede pasar de %(n)d caracteres.", n=limit)})
    return note


# Reading ------------------------------------------------------------------------


def _positions_query():
    return db.select(Position).options(
        joinedload(Position.topic), joinedload(Position.proposer), selectinload(Position.participants)
    )


def get_position(user, position_id: int) -> Position:
    """A position its reader may see: whoever may read its topic."""
    position = db.session.scalar(
        _positions_query()
        .where(Position.id == position_id)
        .options(selectinload(Position.revisions).joinedload(PositionRevision.author))
    )
    if position is None or not permissions.can_see_topic(user, position.topic):
        raise NotFound(_("Esta posición no existe o no tiene acceso a ella."))
    return position


def visible_positions_query(user):
    visible_topics = discussions.visible_topics_query(user).with_only_columns(Topic.id)
    return _positions_query().where(Position.topic_id.in_(visible_topics))


@dataclass
class Register:
    """The "Posiciones regionales" register, as one reader may see it."""

    open: list[Position]
    closed: list[Position]
    decided: list[Position]
    # Open proposals awaiting the reader's country: no answer yet, or a
    # stance on an earlier revision to confirm.
    for_my_country: list[tuple[Position, Stance | None]]


def register(user) -> Register:
    now = utcnow()
    positions = db.session.scalars(visible_positions_query(user).order_by(Position.closes_at)).unique().all()
    grouped = {"open": [], "closed": [], "decided": []}
    for position in positions:
        grouped[position.state(now)].append(position)
    grouped["decided"].sort(key=lambda position: position.closed_at, reverse=True)
    waiting = []
    if user.is_authenticated and user.role == "focal_point" and user.country_code:
        mine = [p for p in grouped["open"] if user.country_code in p.participant_codes]
        stances = _stances_of_country([p.id for p in mine], user.country_code)
        for position in mine:
            stance = stances.get(position.id)
            if stance is None or stance.revision < position.revision:
                waiting.append((position, stance))
    return Register(open=grouped["open"], closed=grouped["closed"], decided=grouped["decided"], for_my_country=waiting)


def _stances_of_country(position_ids: list[int], country_code: str) -> dict[int, Stance]:
    if not position_ids:
        return {}
    rows = db.session.scalars(
        db.select(Stance).where(Stance.position_id.in_(position_ids), Stance.country_code == country_code)
    )
    return {stance.position_id: stance for stance in rows}


def topic_positions(topic: Topic) -> list[Position]:
    """The proposals opened in a topic (the reader already sees the topic)."""
    if not topic.position_count:
        return []
    return db.session.scalars(db.select(Position).where(Position.topic_id == topic.id).order_by(Position.id)).all()


def stances(position: Position) -> list[Stance]:
    """Current stances, by country code."""
    return db.session.scalars(
        db.select(Stance)
        .where(Stance.position_id == position.id)
        .options(joinedload(Stance.recorded_by))
        .order_by(Stance.country_code)
    ).all()


def stance_history(position: Position) -> list[StanceChange]:
    return db.session.scalars(
        db.select(StanceChange)
        .where(StanceChange.position_id == position.id)
        .options(joinedload(StanceChange.recorded_by))
        .order_by(StanceChange.id)
    ).all()


def amendments(position: Position) -> list[Amendment]:
    return db.session.scalars(
        db.select(Amendment)
        .where(Amendment.position_id == position.id)
        .options(joinedload(Amendment.author), joinedload(Amendment.decided_by))
        .order_by(Amendment.id)
    ).all()


def tally_of(position: Position, current: list[Stance]) -> rules.Tally:
    return rules.tally(
        position.rule,
        position.quorum,
        position.revision,
        sorted(position.participant_codes),
        [rules.CountryStance(s.country_code, s.stance, s.reason, s.revision, s.recorded_at) for s in current],
    )


@dataclass
class Paragraph:
    index: int
    source: str
    html: str
    # Amendments proposed to this paragraph of the current revision, pending.
    pending: list[Amendment]


def current_paragraphs(position: Position, all_amendments: list[Amendment]) -> list[Paragraph]:
    """The current text block by block, each with its pending amendments."""
    pending = [a for a in all_amendments if a.state == "proposed" and a.revision == position.revision]
    return [
        Paragraph(index, source, render_markdown(source), [a for a in pending if a.paragraph == index])
        for index, source in enumerate(paragraphs(position.current_revision.text_source))
    ]


# Opening a proposal -------------------------------------------------------------


def _participants(fields: ProposalFields, errors: dict) -> tuple[list[Country], str]:
    """The participating countries and the scope value, from the chosen way."""
    query = db.select(Country).order_by(Country.code)
    value = (fields.scope_value or "").strip()
    if fields.scope == "all":
        return db.session.scalars(query).all(), ""
    if fields.scope == "subregion":
        if value not in SUBREGIONS:
            errors["scope_value"] = _("Elija una subregión.")
            return [], value
        return db.session.scalars(query.where(Country.subregion == SUBREGIONS[value])).all(), value
    if fields.scope == "scheme":
        if value not in SCHEMES:
            errors["scope_value"] = _("Elija un esquema de integración.")
            return [], value
        everyone = db.session.scalars(query).all()
        return [country for country in everyone if value in country.scheme_list], value
    if fields.scope == "countries":
        codes = sorted({str(code).strip().upper() for code in fields.countries or [] if str(code).strip()})
        found = db.session.scalars(query.where(Country.code.in_(codes))).all()
        if len(found) != len(codes):
            unknown = sorted(set(codes) - {country.code for country in found})
            errors["countries"] = _("Países desconocidos: %(codes)s.", codes=", ".join(unknown))
        return found, ""
    errors["scope"] = _("Elija quién participa: todos, una subregión, un esquema o una lista de países.")
    return [], value


def _clean_proposal(actor: User, topic: Topic, fields: ProposalFields) -> tuple[dict, dict]:
    """Every problem at once, by field name; the cleaned values."""
    errors, clean = {}, {}
    title = " ".join((fields.title or topic.title).split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        errors["title"] = _("El título debe tener entre %(a)d y %(b)d caracteres.", a=TITLE_MIN, b=TITLE_MAX)
    clean["title"] = title
    try:
        clean["text"] = _clean_text(fields.text)
    except ValidationError as error:
        errors.update(error.errors)
    now = utcnow()
    if fields.closes_at is None:
        errors["closes_at"] = _("Indique la fecha y hora de cierre.")
    elif fields.closes_at <= now:
        errors["closes_at"] = _("La fecha de cierre debe ser futura.")
    elif fields.closes_at - now > LONGEST:
        errors["closes_at"] = _("La consulta no puede durar más de un año.")
    clean["closes_at"] = fields.closes_at
    if fields.rule not in POSITION_RULES:
        errors["rule"] = _("Regla desconocida: use consensus, majority o silence.")
    clean["rule"] = fields.rule
    participants, clean["scope_value"] = _participants(fields, errors)
    clean["scope"], clean["participants"] = fields.scope, participants
    if not errors.keys() & {"scope", "scope_value", "countries"}:
        codes = {country.code for country in participants}
        if len(codes) < MIN_PARTICIPANTS:
            errors["countries"] = _("Una posición común necesita al menos %(n)d países.", n=MIN_PARTICIPANTS)
        elif not permissions.is_moderator(actor) and actor.country_code not in codes:
            errors["countries"] = _(
                "%(country)s debe estar entre los países participantes.", country=country_name(actor.country_code)
            )
    clean["quorum"] = 0
    if fields.rule == "majority":
        total = len(participants)
        quorum = total // 2 + 1 if fields.quorum is None else fields.quorum
        if total and not 1 <= quorum <= total:
            errors["quorum"] = _("El quórum debe estar entre 1 y %(n)d Estados.", n=total)
        clean["quorum"] = quorum
    return errors, clean


def require_can_open(actor: User, topic: Topic) -> None:
    if permissions.can_open_position(actor, topic):
        return
    if permissions.can_reply(actor, topic):
        raise PermissionDenied(
            _("Solo los puntos focales y los moderadores abren propuestas de posición; comente en el tema.")
        )
    raise PermissionDenied(_("No puede abrir propuestas en este tema."))


def open_position(actor: User, topic: Topic, fields: ProposalFields) -> Position:
    require_can_open(actor, topic)
    errors, clean = _clean_proposal(actor, topic, fields)
    if errors:
        raise ValidationError(errors)
    now = utcnow()
    position = Position(
        topic_id=topic.id,
        title=clean["title"],
        proposer_id=actor.id,
        proposer_country_code=None if permissions.is_moderator(actor) else actor.country_code,
        rule=clean["rule"],
        quorum=clean["quorum"],
        scope=clean["scope"],
        scope_value=clean["scope_value"],
        created_at=now,
        closes_at=clean["closes_at"],
        revision=1,
        participants=list(clean["participants"]),
    )
    position.revisions.append(
        PositionRevision(
            number=1,
            text_source=clean["text"],
            text_html=render_markdown(clean["text"]),
            author_id=actor.id,
            created_at=now,
        )
    )
    db.session.add(position)
    topic.position_count = Topic.position_count + 1
    db.session.flush()
    notices.proposal_opened(actor, position)
    db.session.commit()
    return position


# Stances ------------------------------------------------------------------------


def _require_open(position: Position) -> None:
    state = position.state(utcnow())
    if state == "decided":
        raise Conflict(_("Esta propuesta ya tiene resultado: %(outcome)s.", outcome=OUTCOME_LABELS[position.outcome]))
    if state == "closed":
        raise Conflict(_("La votación cerró el %(date)s.", date=_closing_time(position)))


def require_seat(actor: User, position: Position) -> None:
    if permissions.can_speak_for_country(actor, position):
        return
    if not permissions.can_write(actor):
        raise PermissionDenied(_("Su cuenta no puede escribir en este momento."))
    if permissions.is_moderator(actor):
        raise PermissionDenied(
            _("Los moderadores no ocupan un asiento: solo los puntos focales registran la postura de su país.")
        )
    if actor.role != "focal_point":
        raise PermissionDenied(_("Solo los puntos focales registran la postura de su país; comente en el tema."))
    raise PermissionDenied(_("Su país no participa en esta propuesta."))


def _clean_stance(stance: str | None, reason: str | None) -> tuple[str, str]:
    if stance not in STANCES:
        raise ValidationError({"stance": _("Elija una postura: agree, reservation, abstain, disagree o block.")})
    reason = (reason or "").strip()
    if stance in REASON_REQUIRED and not reason:
        messages = {
            "disagree": _("Explique por qué su país está en desacuerdo."),
            "block": _("Explique por qué su país bloquea la propuesta."),
            "reservation": _("Escriba el texto de la reserva."),
        }
        raise ValidationError({"reason": messages[stance]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("El motivo no puede pasar de %(n)d caracteres.", n=REASON_MAX)})
    return stance, reason


def record_stance(actor: User, position: Position, stance: str | None, reason: str | None = None) -> Stance:
    """The country's stance, whoever of its focal points records it; every
    change is kept. Recording the same stance again on a newer revision
    confirms it."""
    require_seat(actor, position)
    _require_open(position)
    stance, reason = _clean_stance(stance, reason)
    try:
        return _write_stance(actor, position, stance, reason)
    except IntegrityError:
        # Another focal point of the same country recorded its first stance
        # at the same moment: this one updates theirs.
        db.session.rollback()
        return _write_stance(actor, position, stance, reason)


def _write_stance(actor: User, position: Position, stance: str, reason: str) -> Stance:
    country = actor.country_code
    current = db.session.scalar(db.select(Stance).filter_by(position_id=position.id, country_code=country))
    unchanged = (stance, reason, position.revision)
    if current is not None and (current.stance, current.reason, current.revision) == unchanged:
        return current  # nothing new to record
    if current is None:
        current = Stance(position_id=position.id, country_code=country)
        db.session.add(current)
    now = utcnow()
    current.stance, current.reason, current.revision = stance, reason, position.revision
    current.recorded_by_id, current.recorded_at = actor.id, now
    db.session.add(
        StanceChange(
            position_id=position.id,
            country_code=country,
            stance=stance,
            reason=reason,
            recorded_by_id=actor.id,
            revision=position.revision,
            recorded_at=now,
        )
    )
    db.session.commit()
    return current


# Revisions and amendments -------------------------------------------------------


def require_manager(actor: User, position: Position) -> None:
    if not permissions.can_manage_position(actor, position):
        raise PermissionDenied(
            _("Solo quien propuso el texto, los puntos focales de su país o un moderador pueden hacer esto.")
        )


def _new_revision(actor: User, position: Position, text: str, reason: str) -> PositionRevision:
    """The next revision of the text; amendments to earlier ones are outdated."""
    number = position.revision + 1
    revision = PositionRevision(
        number=number, text_source=text, text_html=render_markdown(text), author_id=actor.id, reason=reason
    )
    position.revisions.append(revision)
    position.revision = number
    db.session.execute(
        db.update(Amendment)
        .where(Amendment.position_id == position.id, Amendment.state == "proposed", Amendment.revision < number)
        .values(state="outdated")
    )
    earlier = db.session.scalars(
        db.select(Stance.country_code).where(Stance.position_id == position.id, Stance.revision < number)
    ).all()
    notices.revision_to_confirm(actor, position, earlier)
    return revision


def revise_position(actor: User, position: Position, text: str | None, reason: str | None = None) -> PositionRevision:
    """A new revision: stances on earlier ones stay, marked, and their
    countries are asked to confirm."""
    require_manager(actor, position)
    _require_open(position)
    errors = {}
    try:
        text = _clean_text(text)
    except ValidationError as error:
        errors.update(error.errors)
    try:
        reason = _clean_note(reason, "reason", NOTE_MAX)
    except ValidationError as error:
        errors.update(error.errors)
    if not errors and text == position.current_revision.text_source:
        errors["text"] = _("El texto no cambió.")
    if errors:
        raise ValidationError(errors)
    revision = _new_revision(actor, position, text, reason)
    db.session.commit()
    return revision


def get_amendment(position: Position, amendment_id: int) -> Amendment:
    amendment = db.session.get(Amendment, amendment_id)
    if amendment is None or amendment.position_id != position.id:
        raise NotFound(_("Esta enmienda no existe en esta propuesta."))
    return amendment


def propose_amendment(actor: User, position: Position, paragraph: int | None, text: str | None) -> Amendment:
    """A country proposes new text for one paragraph of the current revision."""
    require_seat(actor, position)
    _require_open(position)
    blocks = paragraphs(position.current_revision.text_source)
    if paragraph is None or not 0 <= paragraph < len(blocks):
        raise ValidationError({"paragraph": _("El texto tiene %(n)d párrafos: elija uno de ellos.", n=len(blocks))})
    text = _clean_text(text)
    if text == blocks[paragraph]:
        raise ValidationError({"text": _("La enmienda debe cambiar el párrafo.")})
    amendment = Amendment(
        position_id=position.id,
        revision=position.revision,
        paragraph=paragraph,
        text_source=text,
        country_code=actor.country_code,
        author_id=actor.id,
    )
    db.session.add(amendment)
    notices.amendment_proposed(actor, position, paragraph)
    db.session.commit()
    return amendment


def decide_amendment(actor: User, amendment: Amendment, accept: bool, note: str | None = None) -> Amendment:
    """Accepting makes a new revision with the paragraph replaced."""
    position = db.session.get(Position, amendment.position_id)
    require_manager(actor, position)
    _require_open(position)
    if amendment.state != "proposed":
        raise Conflict(
            _(
                "Esta enmienda ya no está pendiente: %(state)s.",
                state=str(AMENDMENT_STATE_LABELS[amendment.state]).lower(),
            )
        )
    note = _clean_note(note, "note", NOTE_MAX)
    amendment.state = "accepted" if accept else "rejected"
    amendment.decided_by_id, amendment.decided_at, amendment.note = actor.id, utcnow(), note
    if accept:
        blocks = paragraphs(position.current_revision.text_source)
        blocks[amendment.paragraph] = amendment.text_source
        _new_revision(actor, position, "\n\n".join(blocks), note)
    db.session.commit()
    return amendment


# Outcome ------------------------------------------------------------------------


def record_outcome(
    actor: User, position: Position, outcome: str | None, final_text: str | None, note: str | None = None
) -> Position:
    """At closing a moderator records the outcome and the final text; a
    proposal may be withdrawn before."""
    if not permissions.can_record_position_outcome(actor):
        raise PermissionDenied(_("Solo los moderadores registran el resultado de una posición."))
    if position.outcome is not None:
        raise Conflict(_("El resultado de esta posición ya está registrado."))
    errors = {}
    if outcome not in POSITION_OUTCOMES:
        errors["outcome"] = _("Elija un resultado: adoptada, adoptada con reservas, no adoptada o retirada.")
    elif outcome != "withdrawn" and position.state(utcnow()) == "open":
        errors["outcome"] = _(
            "La votación sigue abierta hasta el %(date)s: registre el resultado tras el cierre o retire la propuesta.",
            date=_closing_time(position),
        )
    final_text = (final_text or "").strip().replace("\r\n", "\n")
    if outcome in ("adopted", "adopted_with_reservations") and not final_text:
        errors["final_text"] = _("Escriba el texto final adoptado.")
    elif len(final_text) > TEXT_MAX:
        errors["final_text"] = _("El texto no puede pasar de %(n)d caracteres.", n=TEXT_MAX)
    try:
        note = _clean_note(note, "note", REASON_MAX)
    except ValidationError as error:
        errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    position.outcome = outcome
    position.final_text_source = final_text
    position.final_text_html = render_markdown(final_text) if final_text else ""
    position.outcome_note = note
    position.closed_by_id, position.closed_at = actor.id, utcnow()
    notices.outcome_recorded(actor, position)
    record_action(
        actor, "position.outcome", "position", position.id, "", detail=f"{position.title} ({OUTCOME_LABELS[outcome]})"
    )
    db.session.commit()
    return position
