"""`GET /healthz` for load balancers and monitoring."""

from flask import Blueprint, jsonify

from models import db

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():
    try:
        db.session.execute(db.text("SELECT 1"))
    except Exception as error:  # any driver error means "down"
        db.session.rollback()
        return jsonify(status="error", database="unavailable", detail=type(error).__name__), 503
    return jsonify(status="ok", database="ok", backend=db.engine.dialect.name)
