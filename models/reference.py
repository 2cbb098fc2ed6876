"""Member states and organisations: reference data loaded by `init-db`."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import db


class Country(db.Model):
    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    name_es: Mapped[str] = mapped_column(sa.String(80))
    subregion: Mapped[str] = mapped_column(sa.String(40))
    languages: Mapped[str] = mapped_column(sa.String(40))
    # Integration schemes as of 2008, ';'-separated (CAN;UNASUR).
    schemes: Mapped[str] = mapped_column(sa.String(120), default="")

    @property
    def scheme_list(self) -> list[str]:
        return [s for s in self.schemes.split(";") if s]


class Organization(db.Model):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    acronym: Mapped[str] = mapped_column(sa.String(30), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # "integration" (CAN, CARICOM …) or "partner" (CEPAL, BID …).
    kind: Mapped[str] = mapped_column(sa.String(20))
