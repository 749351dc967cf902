"""Limit/offset pagination with a hard ceiling and a capped count.

A limit above MAX_LIMIT is a 422, not a dump. The total is counted only up to
`CASE_LIST_COUNT_CAP` (1,000), like the web application's lists (apps.core.pagination): an
exact count of every visible case cost as much as finding them (63 ms at 100,000 cases,
growing linearly) on every request, and no consumer pages through 100,000 records by the
count. `next_offset` (one row fetched beyond the page) says whether there is more, so a
consumer walks any list to its end without the total.
"""

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from apps.core.pagination import CappedPaginator

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Far beyond any real list; keeps OFFSET inside what every database accepts.
MAX_OFFSET = 10_000_000

PAGINATION_HELP = (
    "Lists are paged with `limit` (1–200, default 50) and `offset`. `count` is the number of "
    "matching records up to 1,000 (`CASE_LIST_COUNT_CAP`); beyond that `count_capped` is true and "
    "`count` is the cap: there are more than `count` records, narrow the filter. `next_offset` is the "
    "offset of the next page, or null on the last page: follow it to read a list to its end. On the "
    "last page `count` is exact."
)


class Page(LimitOffsetPagination):
    """`?limit=&offset=` → `{"items": [...], "count": n, "count_capped": bool, "next_offset": n|null}`."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    class Output(Schema):
        items: list
        count: int = Field(description="Matching records, counted up to the cap (1,000 by default).")
        count_capped: bool = Field(description="True when there are more matching records than `count`.")
        next_offset: int | None = Field(description="Offset of the next page; null on the last page.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        """One page, and an audit entry naming which records it showed (ids, never names)."""
        from apps.audit.services import record

        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        rows = list(queryset[offset:offset + limit + 1])
        items, more = rows[:limit], len(rows) > limit
        count, capped = self._count(queryset, offset=offset, shown=len(items), more=more)
        record(request.auth, f"{queryset.model._meta.model_name}.list_viewed", details={
            "via": "api", "offset": offset, "ids": [item.pk for item in items],
        })
        return {self.items_attribute: items, "count": count, "count_capped": capped,
                "next_offset": offset + limit if more else None}

    @staticmethod
    def _count(queryset, *, offset: int, shown: int, more: bool) -> tuple[int, bool]:
        cap = settings.CASE_LIST_COUNT_CAP
        if not more and (shown or not offset):
            return offset + shown, False  # the last page: the total is known without counting
        if more and offset + shown + 1 > cap:
            return cap, True  # this page alone proves there are more than the cap
        # A capped count reads at most cap + 1 rows.
        total = CappedPaginator(queryset, 1, cap=cap).count if isinstance(queryset, QuerySet) else len(queryset)
        return (cap, True) if total > cap else (total, False)
