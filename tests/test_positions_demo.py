"""The demo positions, seeded on their own (the whole demo is tests/test_demo.py)."""

import pytest

from forum.demo_positions import ADOPTED, OPEN, seed_demo_positions
from forum.discussions import services as discussions
from models import Amendment, Notification, Position, Stance, StanceChange, db, utcnow

from .conftest import category, login, text_of

PEOPLE = {
    "lucia.ferreyra": ("focal_point", "AR"),
    "andres.rincon": ("focal_point", "CO"),
    "ana.carvalho": ("focal_point", "BR"),
    "mauricio.solano": ("focal_point", "CR"),
    "gabriela.soto": ("focal_point", "MX"),
    "ernesto.valdes": ("focal_point", "CU"),
    "marcia.campbell": ("focal_point", "JM"),
    "jeanrobert.pierrelouis": ("focal_point", "HT"),
    "francisca.morales": ("focal_point", "CL"),
    "yokasta.pena": ("focal_point", "DO"),
    "carolina.mendez": ("moderator", None),
}


@pytest.fixture
def users(app, make_user):
    people = {handle: make_user(role, country_code=code, name=handle) for handle, (role, code) in PEOPLE.items()}
    discussions.create_topic(people["lucia.ferreyra"], category("posiciones-regionales"), ADOPTED["topic"], "Borrador.")
    discussions.create_topic(people["marcia.campbell"], category("crecimiento-sostenible"), OPEN["topic"], "Debate.")
    return people


def test_demo_positions_tell_their_story(app, users):
    now = utcnow()
    seed_demo_positions(users, now)
    adopted = db.session.scalar(db.select(Position).filter_by(title=ADOPTED["title"]))
    proposal = db.session.scalar(db.select(Position).filter_by(title=OPEN["title"]))
    assert adopted.outcome == "adopted_with_reservations" and adopted.revision == 2
    assert adopted.closes_at < adopted.closed_at < now and len(adopted.participants) == 28
    brazil = db.session.scalar(db.select(Stance).filter_by(position_id=adopted.id, country_code="BR"))
    assert brazil.stance == "reservation" and "graduação" in brazil.reason
    states = db.session.scalars(db.select(Amendment.state).order_by(Amendment.id)).all()
    assert states == ["accepted", "accepted", "proposed"]
    assert proposal.state(now) == "open" and proposal.revision == 2 and proposal.quorum == 5
    # Everything written is dated in the past, in order.
    times = db.session.scalars(db.select(StanceChange.recorded_at).order_by(StanceChange.id)).all()
    assert times == sorted(times) and times[-1] < now
    # Notices of the adopted position are read; those of the open one wait.
    unread = db.session.scalars(db.select(Notification.kind).where(Notification.read_at.is_(None))).all()
    assert "position_confirm" in unread and "position_outcome" not in unread
    client = login(app.test_client(), users["ernesto.valdes"])
    shown = text_of(client.get(f"/positions/{proposal.id}"))
    assert "Quórum no alcanzado: respondieron 3 de los 5 Estados necesarios." in shown
    assert "[Propuesta de República Dominicana:" in shown and "Se registró sobre la revisión 1" in shown
    assert "Resultado: Adoptada con reservas" in text_of(client.get(f"/positions/{adopted.id}"))
    seed_demo_positions(users, now)
    assert db.session.scalar(db.select(db.func.count(Position.id))) == 2
