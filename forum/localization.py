"""Data shown in the reader's language: space and category names, countries, times."""

from datetime import UTC, date, datetime

from babel.dates import parse_pattern
from flask_babel import get_locale, get_timezone

DATETIME_PATTERN = "d MMM y, HH:mm"
DATE_PATTERN = "d MMM y"


def localized(item, field: str) -> str:
    """`item.<field>` in the reader's language when a translation exists."""
    translation = (item.translations or {}).get(str(get_locale()), {})
    return translation.get(field) or getattr(item, field)


def country_name(code: str) -> str:
    """A member state's name in the reader's language (Babel's CLDR data)."""
    return get_locale().territories.get(code, code)


def affiliation(user) -> str:
    """A person's country, named in the reader's language, or organisation."""
    if user.country_code:
        return country_name(user.country_code)
    if user.organization is not None:
        return user.organization.acronym
    return ""


def local_time(value: date | datetime, pattern: str) -> str:
    """`value` in the reader's language and, for times (naive ones are UTC),
    time zone. Babel's own parsed pattern without Flask-Babel's per-call
    lookups: a list formats dozens."""
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(get_timezone())
    return parse_pattern(pattern).apply(value, get_locale())


def reader_time_to_utc(value: datetime | None) -> datetime | None:
    """A naive datetime-local value, typed in the reader's zone, as UTC."""
    if value is None:
        return None
    zone = get_timezone()
    # Flask-Babel's zones are pytz's: replace(tzinfo=…) would give the zone's
    # first historical offset (LMT: -4:27:40 for Caracas); localize() the right one.
    local = zone.localize(value) if hasattr(zone, "localize") else value.replace(tzinfo=zone)
    return local.astimezone(UTC)


def utc_to_reader_time(value: datetime) -> datetime:
    """A stored time as a naive datetime-local value in the reader's zone."""
    return value.astimezone(get_timezone()).replace(tzinfo=None)
