"""Named permission predicates, shared by views, the API, sockets and templates.

Each takes the acting user first; guests are Flask-Login's anonymous user.
"""

from models import DELEGATES, MEMBERS, PUBLIC, SECRETARIAT, utcnow

_CLEARANCE = {
    "member": MEMBERS,
    "focal_point": DELEGATES,
    "moderator": SECRETARIAT,
    "admin": SECRETARIAT,
}


def clearance(user) -> int:
    """The most restricted confidentiality level this person may read."""
    if not user.is_authenticated:
        return PUBLIC
    return _CLEARANCE[user.role]


def is_moderator(user) -> bool:
    return user.is_authenticated and user.role in ("moderator", "admin")


def is_suspended(user) -> bool:
    return user.is_authenticated and user.suspended_until is not None and user.suspended_until > utcnow()


def can_write(user) -> bool:
    return user.is_authenticated and not is_suspended(user)


def can_see_space(user, space) -> bool:
    return space.visibility <= clearance(user)


def can_see_category(user, category) -> bool:
    return category.effective_visibility <= clearance(user)


def can_see_held(user, item) -> bool:
    """New-member review: a held topic or post shows to its author and to moderators only."""
    return is_moderator(user) or (user.is_authenticated and item.author_id == user.id)


def is_under_review(user, space) -> bool:
    """A person's posts in this space wait for approval until that many of theirs count."""
    return not is_moderator(user) and user.post_count < space.review_first_posts


def can_see_topic(user, topic) -> bool:
    if topic.hidden and not is_moderator(user):
        return False
    if topic.held and not can_see_held(user, topic):
        return False
    return topic.effective_visibility <= clearance(user)


def can_start_topic(user, category) -> bool:
    return can_write(user) and can_see_category(user, category)


def can_reply(user, topic) -> bool:
    """A held topic takes replies once approved; a merged one never."""
    if topic.held or topic.merged_into_id is not None or not (can_write(user) and can_see_topic(user, topic)):
        return False
    return not topic.locked or is_moderator(user)


def can_read_post_body(user, post) -> bool:
    """Deleted posts show a placeholder; hidden ones only to moderators."""
    if post.deleted_at is not None or (post.held and not can_see_held(user, post)):
        return False
    return post.hidden_at is None or is_moderator(user)


def can_edit_post(user, post) -> bool:
    if post.deleted_at is not None or not can_write(user):
        return False
    if is_moderator(user):
        return True
    return post.author_id == user.id and post.hidden_at is None and not post.topic.locked


def can_delete_post(user, post) -> bool:
    return post.deleted_at is None and can_write(user) and post.author_id == user.id


def can_see_post_history(user) -> bool:
    return is_moderator(user)


def can_moderate(user) -> bool:
    """Act as a moderator (hide, lock, move, curate, approve...): a suspended
    moderator keeps reading what moderators read (is_moderator), acts on nothing."""
    return is_moderator(user) and can_write(user)


def can_flag(user, author_id: int | None) -> bool:
    """Report an item to the moderators: what others wrote (moderators may
    also put their own items in the queue)."""
    return can_write(user) and (author_id != user.id or is_moderator(user))


def can_review_flags(user) -> bool:
    """See the review queue; acting on it is writing, so it also needs can_write."""
    return is_moderator(user)


def can_suspend(user, person) -> bool:
    """Moderators suspend members and focal points; admins anyone but themselves."""
    if not (can_write(user) and is_moderator(user)) or person.id == user.id:
        return False
    return user.role == "admin" or person.role in ("member", "focal_point")


def can_see_listing(user, listing) -> bool:
    """A listing hidden by the moderation is shown to moderators only."""
    return listing.hidden_at is None or is_moderator(user)


def can_skip_slow_mode(user) -> bool:
    return is_moderator(user)


def can_read_audit_log(user) -> bool:
    """Administrators audit the moderators; moderators see each other's actions."""
    return is_moderator(user)


def can_set_visibility(user, level: int) -> bool:
    """A topic may be raised to a stricter level the author can still read."""
    return level <= clearance(user)


def is_focal_point_of(user, country_code: str | None) -> bool:
    return (
        user.is_authenticated
        and user.role == "focal_point"
        and country_code is not None
        and user.country_code == country_code
    )


def can_create_listing(user) -> bool:
    """Focal points publish their own country's listings; moderators any."""
    if not can_write(user):
        return False
    return is_moderator(user) or (user.role == "focal_point" and user.country_code is not None)


def can_edit_listing(user, listing) -> bool:
    if not can_write(user):
        return False
    return is_moderator(user) or is_focal_point_of(user, listing.country_code)


def can_mark_in_talks(user, demand, offer) -> bool:
    if not can_write(user):
        return False
    return (
        is_moderator(user)
        or is_focal_point_of(user, demand.country_code)
        or is_focal_point_of(user, offer.country_code)
    )


def is_invited(user, meeting) -> bool:
    """Invited in person, through the country or the organisation, or chairing."""
    return (
        user.id == meeting.chair_id
        or any(person.id == user.id for person in meeting.invited_people)
        or any(country.code == user.country_code for country in meeting.invited_countries)
        or any(organization.id == user.organization_id for organization in meeting.invited_organizations)
    )


def can_see_room(user, room) -> bool:
    """Chat is for signed-in people cleared for the room's space, and for a
    meeting on invitation, for the invited (moderators always)."""
    if not user.is_authenticated or room.effective_visibility > clearance(user):
        return False
    meeting = room.meeting
    return meeting is None or meeting.open_to_all or is_moderator(user) or is_invited(user, meeting)


def can_chat(user, room) -> bool:
    """Write in a room; a meeting's room closes with the meeting."""
    if not (can_write(user) and can_see_room(user, room)):
        return False
    return room.meeting is None or room.meeting.state(utcnow()) != "past"


def can_edit_message(user, message) -> bool:
    if message.deleted_at is not None or not can_write(user):
        return False
    return message.author_id == user.id or is_moderator(user)


def can_delete_message(user, message) -> bool:
    return can_edit_message(user, message)


def can_schedule_meeting(user) -> bool:
    return can_write(user) and is_moderator(user)


def can_chair(user, meeting) -> bool:
    """The chair runs the floor; an admin can stand in."""
    return can_write(user) and (user.id == meeting.chair_id or user.role == "admin")


def can_edit_digest(user) -> bool:
    """Build, edit, publish and delete issues of the magazine."""
    return can_write(user) and is_moderator(user)


def can_read_digest_issue(user, issue) -> bool:
    """Published issues are public; drafts are for moderators."""
    return issue.number is not None or is_moderator(user)


def can_open_position(user, topic) -> bool:
    """Moderators and focal points open proposals of regional positions in a
    topic they can reply to (a focal point's country must take part)."""
    if not can_reply(user, topic):
        return False
    return is_moderator(user) or (user.role == "focal_point" and user.country_code is not None)


def can_speak_for_country(user, position) -> bool:
    """The seat is the country's: any of its focal points records its stance
    and proposes amendments; moderators hold no seat."""
    return can_write(user) and user.role == "focal_point" and user.country_code in position.participant_codes


def can_manage_position(user, position) -> bool:
    """Revise the text and accept or reject amendments: the proposer, the
    proposing country's focal points, or a moderator."""
    if not can_write(user):
        return False
    return (
        is_moderator(user) or user.id == position.proposer_id or is_focal_point_of(user, position.proposer_country_code)
    )


def can_record_position_outcome(user) -> bool:
    return can_write(user) and is_moderator(user)


PREDICATES = {name: value for name, value in globals().items() if name.startswith(("can_", "is_")) and callable(value)}
