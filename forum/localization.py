"""Data shown in the reader's language: space and category names, countries."""

from flask_babel import get_locale


def localized(item, field: str) -> str:
    """`item.<field>` in the reader's language when a translation exists."""
    translation = (item.translations or {}).get(str(get_locale()), {})
    return translation.get(field) or getattr(item, field)


def affiliation(user) -> str:
    """A person's country, named in the reader's language, or organisation."""
    if user.country_code:
        return get_locale().territories.get(user.country_code) or user.country.name_es
    if user.organization is not None:
        return user.organization.acronym
    return ""
