"""The agent's home widget: counts only (open, assigned to me, overdue), so no personal data
is shown and nothing needs auditing; one query."""

from django.db.models import Count, Q
from django.utils import timezone

from apps.accounts.selectors import user_has_perm
from apps.hotline.models import CallbackRequest
from apps.hotline.selectors import callbacks_visible_to


def callbacks(user) -> dict | None:
    if not user_has_perm(user, "hotline.take"):
        return None
    return callbacks_visible_to(user).filter(status=CallbackRequest.Status.OPEN).aggregate(
        open=Count("pk"), mine=Count("pk", filter=Q(assigned_to=user)),
        overdue=Count("pk", filter=Q(due_at__lte=timezone.now())))
