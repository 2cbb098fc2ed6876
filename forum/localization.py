"""Data shown in the reader's language: space and category names, countries."""

from flask_babel import get_locale


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
