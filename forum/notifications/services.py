"""Private notices: stored as a kind and its data, written out when shown, so
each reader gets them in their own language and time zone. A feature adds a
kind by registering the function that writes its text:

    @notice_text("post_approved")
    def _post_approved(data: dict) -> str:
        return _("Su mensaje en «%(title)s» fue aprobado.", title=data["title"])
"""

from collections.abc import Callable
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models import Notification, User, db, utcnow

from ..localization import DATE_PATTERN, DATETIME_PATTERN, local_time

# kind -> the function that writes a notice's text from its data.
TEXTS: dict[str, Callable[[dict], str]] = {}

# What a flagger is told the review of their flag ended in (outcome codes as in Flag.outcome).
FLAG_OUTCOMES = {
    "dismiss": _l("no se tomaron medidas"),
    "hide": _l("el contenido fue retirado"),
    "edit": _l("la moderación editó el contenido"),
    "move": _l("el tema fue movido a otra categoría"),
    "lock": _l("el tema fue cerrado"),
    "warn": _l("la moderación advirtió a su autor"),
    "suspend": _l("la cuenta de su autor fue suspendida"),
}


def notice_text(kind: str):
    def register(function: Callable[[dict], str]):
        TEXTS[kind] = function
        return function

    return register


def notify(user: User, kind: str, data: dict, link: str = "") -> Notification:
    """Add a notice to the caller's transaction: it exists once the caller commits."""
    if kind not in TEXTS:
        raise ValueError(f"unknown notice kind {kind!r}")
    notice = Notification(user_id=user.id, kind=kind, data=data, link=link)
    db.session.add(notice)
    return notice


def text(notice: Notification) -> str:
    compose = TEXTS.get(notice.kind)
    return compose(notice.data) if compose else _("Aviso de la moderación.")


def _when(value: str, pattern: str) -> str:
    return local_time(datetime.fromisoformat(value), pattern)


@notice_text("flag_outcome")
def _flag_outcome(data: dict) -> str:
    return _(
        "Su denuncia del %(date)s sobre «%(title)s» fue revisada: %(outcome)s.",
        date=_when(data["flagged_at"], DATE_PATTERN),
        title=data["title"],
        outcome=FLAG_OUTCOMES[data["outcome"]],
    )


@notice_text("warning")
def _warning(data: dict) -> str:
    return _("Advertencia de la moderación sobre «%(title)s»: %(text)s", title=data["title"], text=data["text"])


@notice_text("suspension")
def _suspension(data: dict) -> str:
    return _(
        "Su cuenta quedó suspendida hasta el %(date)s: %(reason)s. Mientras tanto puede leer, pero no escribir.",
        date=_when(data["until"], DATETIME_PATTERN),
        reason=data["reason"],
    )


@notice_text("suspension_lifted")
def _suspension_lifted(data: dict) -> str:
    return _("Su suspensión fue levantada: puede volver a escribir.")


# Reading ------------------------------------------------------------------------


def _unread_of(user_id) -> db.ScalarSelect:
    return (
        db.select(db.func.count(Notification.id))
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def load_user(user_id: str) -> User | None:
    """The signed-in person, with their unread count from the same query:
    the header shows it on every page, at no extra query."""
    row = db.session.execute(db.select(User, _unread_of(User.id)).where(User.id == int(user_id))).first()
    if row is None:
        return None
    user, unread = row
    user.unread_notifications = unread
    return user


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    known = getattr(user, "unread_notifications", None)
    if known is None:
        known = user.unread_notifications = db.session.scalar(db.select(_unread_of(user.id)))
    return known


def notices_query(user: User):
    """A person's notices, newest first."""
    return db.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc())


def mark_all_read(user: User) -> None:
    db.session.execute(
        db.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    user.unread_notifications = 0
