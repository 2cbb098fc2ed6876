"""Template globals and filters shared by every page."""

from urllib.parse import urlencode

from flask import request
from flask_babel import get_locale, get_timezone

from . import permissions
from .config import LANGUAGES
from .cooperation import labels as cooperation_labels
from .cooperation.services import is_stale
from .discussions.forms import VISIBILITY_LABELS
from .discussions.links import post_url, topic_url
from .localization import DATE_PATTERN, DATETIME_PATTERN, affiliation, country_name, local_time, localized


def page_url(page: int) -> str:
    """The current address with another page number, keeping other filters."""
    args = request.args.to_dict()
    args["page"] = page
    return f"{request.path}?{urlencode(args)}"


def register_template_helpers(app) -> None:
    app.jinja_env.globals.update(
        permissions.PREDICATES,
        topic_url=topic_url,
        post_url=post_url,
        page_url=page_url,
        affiliation=affiliation,
        localized=localized,
        country_name=country_name,
        is_stale=is_stale,
        LANGUAGES=LANGUAGES,
        VISIBILITY_LABELS=VISIBILITY_LABELS,
        **{name: value for name, value in vars(cooperation_labels).items() if name.endswith("_LABELS")},
        CODED_FIELDS=cooperation_labels.CODED_FIELDS,
    )
    app.jinja_env.filters["datetime"] = lambda value: local_time(value, DATETIME_PATTERN)
    app.jinja_env.filters["date"] = lambda value: local_time(value, DATE_PATTERN)
    app.jinja_env.filters["isodatetime"] = lambda value: value.isoformat()
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def page_context():
        return {"current_locale": str(get_locale()), "current_timezone": str(get_timezone())}
