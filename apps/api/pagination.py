"""Limit/offset pagination with a hard ceiling: a limit above MAX_LIMIT is a 422, not a dump."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Far beyond any real list; keeps OFFSET inside what every database accepts.
MAX_OFFSET = 10_000_000


class Page(LimitOffsetPagination):
    """`?limit=&offset=` → `{"items": [...], "count": total}`."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        """One page, and an audit entry naming which records it showed (ids, never names)."""
        from apps.audit.services import record

        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page[self.items_attribute])
        page[self.items_attribute] = items
        record(request.auth, f"{queryset.model._meta.model_name}.list_viewed", details={
            "via": "api", "offset": pagination.offset, "ids": [item.pk for item in items],
        })
        return page
