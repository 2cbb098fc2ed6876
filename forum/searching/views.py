from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from ..discussions import services as discussions
from ..forms import country_choices
from . import services

blueprint = Blueprint("searching", __name__)

# Advanced-search form fields -> how each becomes part of the query text.
ADVANCED_FIELDS = {
    "all": "{}",
    "phrase": '"{}"',
    "exclude": "-{}",
    "author": "@{}",
    "space": "space:{}",
    "category": "category:{}",
    "country": "country:{}",
    "kind": "kind:{}",
    "status": "status:{}",
    "after": "after:{}",
    "before": "before:{}",
}


@blueprint.get("/search")
def search():
    query = request.args.get("q", "")
    outcome = services.search(
        current_user,
        query,
        page=max(request.args.get("page", 1, type=int), 1),
        sort=request.args.get("sort", "relevance"),
        scope=request.args.get("scope", ""),
    )
    status = 422 if outcome.error else 200
    return render_template("searching/results.html", outcome=outcome, scope=request.args.get("scope", "")), status


@blueprint.get("/search/advanced")
def advanced():
    """Form controls for every filter; submitting builds the query text."""
    if request.args.get("go"):
        parts = []
        for name, pattern in ADVANCED_FIELDS.items():
            value = " ".join(request.args.get(name, "").split())
            if value and name == "exclude":
                parts.extend(pattern.format(word) for word in value.split())
            elif value:
                parts.append(pattern.format(value))
        if request.args.get("in_title"):
            parts.append("in:title")
        return redirect(url_for("searching.search", q=" ".join(parts), sort=request.args.get("sort", "relevance")))
    return render_template(
        "searching/advanced.html",
        spaces=discussions.visible_spaces(current_user),
        countries=country_choices(),
    )
