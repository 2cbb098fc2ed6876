"""SQLAlchemy models. This package owns `db` and imports nothing else of ours."""

from .base import UTCDateTime, db, utcnow
from .cooperation import (
    KINDS,
    MODALITIES,
    SDGS,
    SECTORS,
    STATUSES,
    Listing,
    ListingChange,
    ListingMatch,
)
from .discussion import (
    DELEGATES,
    MEMBERS,
    PATH_SEGMENT,
    PUBLIC,
    SECRETARIAT,
    VISIBILITY_LEVELS,
    Category,
    Post,
    PostRevision,
    Space,
    Topic,
    topic_countries,
)
from .moderation import ModerationAction
from .reference import Country, Organization
from .user import ROLES, ApiToken, User

__all__ = [
    "KINDS",
    "MODALITIES",
    "SDGS",
    "SECTORS",
    "STATUSES",
    "Listing",
    "ListingChange",
    "ListingMatch",
    "topic_countries",
    "DELEGATES",
    "MEMBERS",
    "PATH_SEGMENT",
    "PUBLIC",
    "ROLES",
    "SECRETARIAT",
    "VISIBILITY_LEVELS",
    "ApiToken",
    "Category",
    "Country",
    "ModerationAction",
    "Organization",
    "Post",
    "PostRevision",
    "Space",
    "Topic",
    "UTCDateTime",
    "User",
    "db",
    "utcnow",
]
