"""Pages of a list whose total is a stored counter, not a COUNT(*) per view.

Counting a category's topics or a person's posts on every view costs more
as the forum grows; the denormalised counters cost nothing. They may count
a few items the reader cannot see, so a last page can come up short.
"""

import math
from dataclasses import dataclass

from models import db


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def counted_page(query, page: int, per_page: int, total: int) -> Page:
    pages = max(1, math.ceil(total / per_page))
    page = min(max(page, 1), pages)
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(items=items, page=page, per_page=per_page, total=total)
