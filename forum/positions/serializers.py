"""Position -> JSON, shared by the API and the page's JSON export."""

from flask import url_for

from models import Amendment, Position, Stance, utcnow

from ..api.serializers import user_json
from ..localization import country_name
from . import services
from .rules import STANCE_ORDER, Tally


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def position_url(position: Position, **params) -> str:
    return url_for("positions.position", position_id=position.id, **params)


def stance_json(stance: Stance) -> dict:
    return {
        "country": stance.country_code,
        "country_name": country_name(stance.country_code),
        "stance": stance.stance,
        "reason": stance.reason,
        "recorded_by": user_json(stance.recorded_by),
        "revision": stance.revision,
        "recorded_at": _iso(stance.recorded_at),
    }


def tally_json(tally: Tally) -> dict:
    return {
        "counts": {stance: tally.counts[stance] for stance in (*STANCE_ORDER, "none")},
        "participants": len(tally.participants),
        "answered": tally.answered,
        "missing": tally.missing,
        "to_confirm": tally.to_confirm,
        "quorum": tally.quorum if tally.rule == "majority" else None,
        "quorum_met": tally.quorum_met,
        "result": tally.result,
        "why": tally.why,
        "objections": [
            {"country": each.country, "stance": each.stance, "at": _iso(each.recorded_at)} for each in tally.objections
        ],
    }


def amendment_json(amendment: Amendment) -> dict:
    return {
        "id": amendment.id,
        "revision": amendment.revision,
        "paragraph": amendment.paragraph + 1,
        "text": amendment.text_source,
        "country": amendment.country_code,
        "author": user_json(amendment.author),
        "created_at": _iso(amendment.created_at),
        "state": amendment.state,
        "decided_at": _iso(amendment.decided_at),
        "note": amendment.note,
    }


def position_summary_json(position: Position) -> dict:
    return {
        "id": position.id,
        "title": position.title,
        "topic_id": position.topic_id,
        "state": position.state(utcnow()),
        "rule": position.rule,
        "closes_at": _iso(position.closes_at),
        "revision": position.revision,
        "outcome": position.outcome,
        "url": position_url(position, _external=True),
    }


def position_json(position: Position) -> dict:
    """The whole record: text, revision, rule, stances, tally and outcome."""
    current = services.stances(position)
    tally = services.tally_of(position, current)
    revision = position.current_revision
    return position_summary_json(position) | {
        "proposer": user_json(position.proposer),
        "proposer_country": position.proposer_country_code,
        "quorum": position.quorum if position.rule == "majority" else None,
        "scope": position.scope,
        "scope_value": position.scope_value or None,
        "participants": sorted(position.participant_codes),
        "created_at": _iso(position.created_at),
        "text": revision.text_source,
        "text_html": revision.text_html,
        "revisions": [
            {"number": each.number, "author": user_json(each.author), "created_at": _iso(each.created_at)}
            for each in position.revisions
        ],
        "stances": [stance_json(stance) for stance in current],
        "tally": tally_json(tally),
        "amendments": [amendment_json(amendment) for amendment in services.amendments(position)],
        "outcome": position.outcome,
        "final_text": position.final_text_source if position.outcome else None,
        "final_text_html": position.final_text_html if position.outcome else None,
        "outcome_note": position.outcome_note if position.outcome else None,
        "closed_at": _iso(position.closed_at),
        "reservations": [
            {"country": stance.country_code, "text": stance.reason}
            for stance in current
            if stance.stance == "reservation"
        ],
        "topic_url": url_for("discussions.topic", topic_id=position.topic_id, _external=True),
        "print_url": url_for("positions.print_position", position_id=position.id, _external=True),
    }
