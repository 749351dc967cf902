"""Pagination that never counts more rows than a person would page through."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`).

    An exact count of 100,000 hits costs the database as much as finding them and helps
    nobody; above the cap the list says "more than N" and invites a narrower search.
    """

    def __init__(self, object_list, per_page, *, cap: int = 1000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        # Without ordering and annotations the database may stop at the first cap + 1 hits
        # in whatever order it finds them.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap
