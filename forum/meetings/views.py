"""Pages of the chat rooms and meetings. Everything works without
JavaScript (plain forms that redirect back); static/js/chat.js makes the
room live over Socket.IO."""

import uuid

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from models import Organization, Space, User, db, utcnow

from .. import permissions
from ..discussions import services as discussions
from ..discussions.forms import VISIBILITY_LABELS
from ..discussions.links import topic_url
from ..errors import PermissionDenied, ServiceError, ValidationError
from ..forms import country_choices, flash_errors, show_errors
from ..localization import localized, reader_time_to_utc, utc_to_reader_time
from . import chat, floor
from . import services as meetings
from .calendar import meeting_ics
from .forms import ChatForm, FloorForm, FollowUpForm, MeetingForm, MuteForm, ReasonForm, RoomForm, SummaryForm
from .presence import presence

blueprint = Blueprint("meetings", __name__)


def _chat_form(**data) -> ChatForm:
    form = ChatForm(**data)
    if not form.client_id.data:
        form.client_id.data = f"form-{uuid.uuid4().hex}"
    return form


# Rooms -----------------------------------------------------------------------------


@blueprint.get("/rooms")
@login_required
def rooms():
    return render_template(
        "meetings/rooms.html", rooms=chat.visible_rooms(current_user), can_open=permissions.can_moderate(current_user)
    )


def _space_choices() -> list[SelectChoice]:
    return [
        SelectChoice(s.id, localized(s, "name")) for s in db.session.scalars(db.select(Space).order_by(Space.position))
    ]


def _visibility_choices() -> list[SelectChoice]:
    """Rooms are for signed-in people: every level but public."""
    return [SelectChoice(level, label) for level, label in VISIBILITY_LABELS.items() if level]


@blueprint.route("/rooms/new", methods=["GET", "POST"])
@login_required
def new_room():
    if not permissions.can_moderate(current_user):
        raise PermissionDenied(_("Solo los moderadores abren salas."))
    form = RoomForm()
    form.space_id.choices = _space_choices()
    form.visibility.choices = _visibility_choices()
    if form.validate_on_submit():
        try:
            room = chat.create_room(
                current_user, form.space_id.data, form.title.data, form.description.data, form.visibility.data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Sala abierta."), "success")
            return redirect(url_for("meetings.room", slug=room.slug))
    return render_template("meetings/new_room.html", form=form), 422 if form.errors else 200


def _render_room(room, form: ChatForm, status: int = 200):
    before = request.args.get("before", type=int)
    page = chat.history(room, before_id=before)
    people = presence().people(room.id)
    mute_form = None
    if permissions.can_moderate(current_user):
        mute_form = MuteForm()
        names = {person["id"]: person["name"] for person in people}
        names.update({message.author_id: message.author.name for message in page.messages})
        names.pop(current_user.id, None)
        mute_form.user_id.choices = sorted((SelectChoice(i, n) for i, n in names.items()), key=lambda c: c.label)
    return (
        render_template(
            "meetings/room.html",
            room=room,
            page=page,
            form=form,
            people=people,
            can_send=permissions.can_chat(current_user, room),
            mute=chat.active_mute(room, current_user),
            reason_form=ReasonForm(),
            mute_form=mute_form,
            floor_state=floor.floor_state(room.meeting) if room.meeting else None,
            floor_form=FloorForm(),
        ),
        status,
    )


@blueprint.get("/rooms/<slug>")
@login_required
def room(slug: str):
    return _render_room(chat.get_room(current_user, slug), _chat_form())


@blueprint.post("/rooms/<slug>/messages")
@login_required
def post_message(slug: str):
    """The form behind the room page: the same rules and broadcast as `send`."""
    room = chat.get_room(current_user, slug)
    form = _chat_form()
    if not form.validate_on_submit():
        return _render_room(room, form, 400)
    try:
        sent = chat.post_message(current_user, room, form.body.data, form.client_id.data)
    except ValidationError as error:
        show_errors(form, error)
        if "client_id" in error.errors:  # a hidden field: say so above the form, which gets a fresh id
            form.form_errors.append(error.errors["client_id"])
            form.client_id.data = f"form-{uuid.uuid4().hex}"
        return _render_room(room, form, 422)
    except ServiceError as error:
        form.form_errors.append(error.message)
        return _render_room(room, form, error.status)
    return redirect(url_for("meetings.room", slug=room.slug, _anchor=f"m{sent.message.id}"))


@blueprint.get("/chat/<int:message_id>")
@login_required
def message_link(message_id: int):
    """A message's permanent address: the ended meeting's record, or the room
    page that ends with it."""
    message = chat.get_message(current_user, message_id)
    meeting = message.room.meeting
    if meeting is not None and meeting.state(utcnow()) == "past":
        return redirect(url_for("meetings.meeting", meeting_id=meeting.id, _anchor=f"m{message.id}"))
    return redirect(url_for("meetings.room", slug=message.room.slug, before=message.id + 1, _anchor=f"m{message.id}"))


@blueprint.post("/rooms/<slug>/messages/<int:message_id>/delete")
@login_required
def delete_message(slug: str, message_id: int):
    message = chat.get_message(current_user, message_id)
    form = ReasonForm()
    if form.validate_on_submit():
        chat.delete_message(current_user, message, form.reason.data)
        flash(_("Mensaje eliminado."), "success")
    return redirect(url_for("meetings.room", slug=message.room.slug))


@blueprint.post("/rooms/<slug>/mute")
@login_required
def mute(slug: str):
    room = chat.get_room(current_user, slug)
    if not permissions.can_moderate(current_user):
        raise PermissionDenied(_("Solo los moderadores pueden hacer esto."))
    form = MuteForm()
    person = db.session.get(User, form.user_id.data or 0)
    if person is None:
        flash(_("Esa persona no existe."), "error")
    elif form.validate_on_submit():
        try:
            chat.mute(current_user, room, person, form.minutes.data, form.reason.data)
        except ValidationError as error:
            flash_errors(error)
        else:
            flash(
                ngettext(
                    "%(name)s no podrá escribir aquí durante %(num)d minuto.",
                    "%(name)s no podrá escribir aquí durante %(num)d minutos.",
                    form.minutes.data,
                    name=person.name,
                )
            )
    return redirect(url_for("meetings.room", slug=room.slug))


# Meetings --------------------------------------------------------------------------


@blueprint.get("/meetings")
@login_required
def meetings_list():
    return render_template(
        "meetings/list.html",
        grouped=meetings.meetings_by_state(current_user),
        can_schedule=permissions.can_schedule_meeting(current_user),
    )


def _meeting_form(meeting=None) -> MeetingForm:
    if meeting is not None and request.method == "GET":
        fields = meetings.fields_of(meeting)
        form = MeetingForm(
            data={
                **vars(fields),
                "agenda": "\n".join(fields.agenda),
                "people": "\n".join(fields.people),
                "starts_at": utc_to_reader_time(fields.starts_at),
                "ends_at": utc_to_reader_time(fields.ends_at),
            }
        )
    else:
        form = MeetingForm()
    moderators = db.session.scalars(
        db.select(User).where(User.role.in_(("moderator", "admin"))).order_by(User.name)
    ).all()
    form.chair_id.choices = [SelectChoice(u.id, u.name) for u in moderators]
    if request.method == "GET" and meeting is None:
        form.chair_id.data = current_user.id
    form.space_id.choices = _space_choices()
    form.visibility.choices = _visibility_choices()
    form.countries.choices = country_choices()
    form.organizations.choices = [
        SelectChoice(o.id, f"{o.acronym} — {o.name}")
        for o in db.session.scalars(db.select(Organization).order_by(Organization.acronym))
    ]
    return form


def _fields_from(form: MeetingForm) -> meetings.MeetingFields:
    return meetings.MeetingFields(
        title=form.title.data,
        description=form.description.data,
        agenda=(form.agenda.data or "").splitlines(),
        starts_at=reader_time_to_utc(form.starts_at.data),
        ends_at=reader_time_to_utc(form.ends_at.data),
        chair_id=form.chair_id.data,
        open_to_all=form.open_to_all.data,
        countries=form.countries.data or [],
        organizations=form.organizations.data or [],
        people=(form.people.data or "").split(),
        space_id=form.space_id.data,
        visibility=form.visibility.data,
    )


@blueprint.route("/meetings/new", methods=["GET", "POST"])
@login_required
def new_meeting():
    if not permissions.can_schedule_meeting(current_user):
        raise PermissionDenied(_("Solo los moderadores convocan reuniones."))
    form = _meeting_form()
    if form.validate_on_submit():
        try:
            meeting = meetings.schedule_meeting(current_user, _fields_from(form))
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Reunión convocada."), "success")
            return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    return render_template("meetings/edit.html", form=form, meeting=None), 422 if form.errors else 200


@blueprint.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(meeting_id: int):
    meeting = meetings.get_meeting(current_user, meeting_id)
    if not permissions.can_schedule_meeting(current_user):
        raise PermissionDenied(_("Solo los moderadores cambian las reuniones."))
    form = _meeting_form(meeting)
    if form.validate_on_submit():
        try:
            meetings.update_meeting(current_user, meeting, _fields_from(form))
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Reunión actualizada."), "success")
            return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    return render_template("meetings/edit.html", form=form, meeting=meeting), 422 if form.errors else 200


@blueprint.get("/meetings/<int:meeting_id>")
@login_required
def meeting(meeting_id: int):
    meeting = meetings.get_meeting(current_user, meeting_id)
    state = meeting.state(utcnow())
    people, groups = meetings.attendance(meeting)
    follow_up = FollowUpForm()
    follow_up.category_id.choices = [
        SelectChoice(c.id, f"{localized(space, 'name')} › {localized(c, 'name')}")
        for space, categories in discussions.visible_spaces(current_user)
        for c in categories
    ]
    return render_template(
        "meetings/meeting.html",
        meeting=meeting,
        state=state,
        people=people,
        groups=groups,
        transcript=meetings.transcript(meeting) if state == "past" else [],
        summary_form=SummaryForm(summary=meeting.summary_source),
        follow_up_form=follow_up,
        confirm_form=ReasonForm(),
        follow_up_url=topic_url(meeting.follow_up_topic) if meeting.follow_up_topic else None,
    )


@blueprint.get("/meetings/<int:meeting_id>.ics")
@login_required
def meeting_calendar(meeting_id: int):
    meeting = meetings.get_meeting(current_user, meeting_id)
    url = url_for("meetings.meeting", meeting_id=meeting.id, _external=True)
    return Response(
        meeting_ics(meeting, url, current_app.config.get("SERVER_NAME") or request.host),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="reunion-{meeting.id}.ics"'},
    )


def _meeting_action(meeting_id: int, form_class, action):
    """Run a chair or moderator action from a plain form, then go back."""
    meeting = meetings.get_meeting(current_user, meeting_id)
    form = form_class()
    if form.validate_on_submit():
        try:
            done = action(meeting, form)
        except ValidationError as error:
            flash_errors(error)
        else:
            if done:
                flash(done, "success")
    return meeting


@blueprint.post("/meetings/<int:meeting_id>/close")
@login_required
def close_meeting(meeting_id: int):
    def close(meeting, form):
        meetings.close_meeting(current_user, meeting)
        return _("La reunión terminó. El registro queda en esta página.")

    _meeting_action(meeting_id, ReasonForm, close)
    return redirect(url_for("meetings.meeting", meeting_id=meeting_id))


@blueprint.post("/meetings/<int:meeting_id>/summary")
@login_required
def save_summary(meeting_id: int):
    def save(meeting, form):
        meetings.save_summary(current_user, meeting, form.summary.data)
        return _("Relatoría guardada.")

    _meeting_action(meeting_id, SummaryForm, save)
    return redirect(url_for("meetings.meeting", meeting_id=meeting_id, _anchor="relatoria"))


@blueprint.post("/meetings/<int:meeting_id>/follow-up")
@login_required
def follow_up(meeting_id: int):
    def open_topic(meeting, form):
        meetings.open_follow_up_topic(current_user, meeting, form.category_id.data)
        return _("Tema de seguimiento abierto.")

    meeting = _meeting_action(meeting_id, FollowUpForm, open_topic)
    if meeting.follow_up_topic is not None:
        return redirect(topic_url(meeting.follow_up_topic))
    return redirect(url_for("meetings.meeting", meeting_id=meeting_id))


FLOOR_FORM_ACTIONS = {
    "request": lambda meeting, form: floor.request_floor(current_user, meeting),
    "withdraw": lambda meeting, form: floor.withdraw_floor(current_user, meeting),
    "call": lambda meeting, form: floor.call_speaker(current_user, meeting, _int(form.request_id.data)),
    "finish": lambda meeting, form: floor.finish_speaker(current_user, meeting),
    "move": lambda meeting, form: floor.move_request(
        current_user, meeting, _int(form.request_id.data), form.direction.data
    ),
    "open": lambda meeting, form: floor.set_rules(current_user, meeting, open_list=True),
    "close": lambda meeting, form: floor.set_rules(current_user, meeting, open_list=False),
    "time": lambda meeting, form: floor.set_rules(
        current_user, meeting, seconds=form.seconds.data, clear_seconds=not form.seconds.data
    ),
}


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@blueprint.post("/meetings/<int:meeting_id>/floor")
@login_required
def floor_action(meeting_id: int):
    def act(meeting, form):
        action = FLOOR_FORM_ACTIONS.get(form.action.data)
        if action is None:
            raise ValidationError({"action": _("Acción desconocida.")})
        action(meeting, form)

    meeting = _meeting_action(meeting_id, FloorForm, act)
    return redirect(url_for("meetings.room", slug=meeting.room.slug, _anchor="turnos"))


@blueprint.post("/meetings/<int:meeting_id>/announce")
@login_required
def announce(meeting_id: int):
    meeting = meetings.get_meeting(current_user, meeting_id)
    form = _chat_form()
    if form.validate_on_submit():
        try:
            floor.announce(current_user, meeting, form.body.data, form.client_id.data)
        except ValidationError as error:
            flash_errors(error)
    return redirect(url_for("meetings.room", slug=meeting.room.slug))
