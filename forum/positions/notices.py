"""Notices of regional positions to the focal points who hold the seats,
written in each reader's language when shown (forum/notifications/)."""

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from models import Position, User, db

from .. import permissions
from ..localization import DATETIME_PATTERN, country_name, local_time
from ..notifications.services import notice_text, notify
from .labels import OUTCOME_LABELS


def _path(position: Position, anchor: str = "") -> str:
    """The position's address; built from the URL map because the demo
    writes notices from the command line, where there is no request."""
    path = current_app.url_map.bind("").build("positions.position", {"position_id": position.id})
    return f"{path}#{anchor}" if anchor else path


def focal_points_of(codes) -> list[User]:
    return db.session.scalars(
        db.select(User).where(User.role == "focal_point", User.country_code.in_(sorted(codes))).order_by(User.id)
    ).all()


def _tell(people, actor: User, position: Position, kind: str, data: dict, link: str) -> None:
    """Notify each person but the actor who may read the position's topic
    (its title is as confidential as the topic)."""
    for person in people:
        if person.id != actor.id and permissions.can_see_topic(person, position.topic):
            notify(person, kind, data, link)


def proposal_opened(actor: User, position: Position) -> None:
    data = {"title": position.title, "closes_at": position.closes_at.isoformat()}
    _tell(
        focal_points_of(position.participant_codes),
        actor,
        position,
        "position_opened",
        data,
        _path(position, "postura"),
    )


def revision_to_confirm(actor: User, position: Position, codes) -> None:
    """The countries whose stance was recorded on an earlier revision."""
    for person in focal_points_of(codes):
        data = {"title": position.title, "revision": position.revision, "country": person.country_code}
        _tell([person], actor, position, "position_confirm", data, _path(position, "postura"))


def amendment_proposed(actor: User, position: Position, paragraph: int) -> None:
    managers = [position.proposer, *focal_points_of({position.proposer_country_code} - {None})]
    data = {"title": position.title, "country": actor.country_code, "paragraph": paragraph + 1}
    _tell(
        {person.id: person for person in managers}.values(),
        actor,
        position,
        "position_amendment",
        data,
        _path(position, "texto"),
    )


def outcome_recorded(actor: User, position: Position) -> None:
    data = {"title": position.title, "outcome": position.outcome}
    _tell(focal_points_of(position.participant_codes), actor, position, "position_outcome", data, _path(position))


@notice_text("position_opened")
def _opened(data: dict) -> str:
    return _(
        "Nueva propuesta de posición regional «%(title)s»: registre la postura de su país antes del %(date)s.",
        title=data["title"],
        date=local_time(datetime.fromisoformat(data["closes_at"]), DATETIME_PATTERN),
    )


@notice_text("position_confirm")
def _confirm(data: dict) -> str:
    return _(
        "El texto de «%(title)s» pasó a la revisión %(n)d: confirme o cambie la postura de %(country)s.",
        title=data["title"],
        n=data["revision"],
        country=country_name(data["country"]),
    )


@notice_text("position_amendment")
def _amendment(data: dict) -> str:
    return _(
        "%(country)s propone una enmienda al párrafo %(n)d de «%(title)s».",
        country=country_name(data["country"]),
        n=data["paragraph"],
        title=data["title"],
    )


@notice_text("position_outcome")
def _outcome(data: dict) -> str:
    return _("Resultado de «%(title)s»: %(outcome)s.", title=data["title"], outcome=OUTCOME_LABELS[data["outcome"]])
