"""Reads of the audit log, scoped by the acting user.

Only entries that belong to an organisation are ever shown: a data protection officer reads
the log of the organisations where they hold `audit.read`, and nothing else. Entries
without an organisation (e.g. a failed sign-in for an unknown e-mail address, or a read
recorded without an organisation) are visible to nobody here; they stay in the table for
the operators of the installation, who read them on the server, not through the app.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts.selectors import organisation_ids_with
from apps.audit.models import AuditEntry

# object_type that services.record() writes for a case (the model's label_lower).
CASE_OBJECT_TYPE = "cases.case"


def entries_visible_to(user) -> QuerySet[AuditEntry]:
    """Entries of the organisations where the user holds audit.read (none for anyone else)."""
    return AuditEntry.objects.filter(organisation_id__in=organisation_ids_with(user, "audit.read"))


def filter_entries(
    entries: QuerySet[AuditEntry],
    *,
    person_id: int | None = None,
    case_id: int | None = None,
    case_reference: str = "",
    actor: int | str | None = None,
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """Narrow `entries` (already scoped by entries_visible_to) by the given filters.

    - `case_reference` is resolved through the log itself: every entry about a case object
      carries its reference as label, so a case is found even after it has been erased, and
      only among entries the user may already see.
    - `actor` is a user id (int) or an e-mail address (str, case-insensitive, as recorded
      at the time, so it still matches after the user account is gone).
    - `action` matches as a prefix: "case." finds every case action.
    - `date_from` and `date_to` are days in the installation's time zone, both inclusive.
    """
    scope = entries
    if person_id is not None:
        entries = entries.filter(person_id=person_id)
    if case_id is not None:
        entries = entries.filter(case_id=case_id)
    if case_reference.strip():
        named = scope.filter(object_type=CASE_OBJECT_TYPE, object_label=case_reference.strip().upper())
        entries = entries.filter(case_id__in=named.values("case_id"))
    if isinstance(actor, int):
        entries = entries.filter(actor_id=actor)
    elif actor:
        entries = entries.filter(actor_email__iexact=actor.strip())
    if action.strip():
        entries = entries.filter(action__startswith=action.strip().lower())
    if date_from is not None:
        entries = entries.filter(at__gte=_start_of(date_from))
    if date_to is not None:
        entries = entries.filter(at__lt=_start_of(date_to + timedelta(days=1)))
    return entries


def search_entries(user, **filters) -> QuerySet[AuditEntry]:
    """The audit log page and export: visible entries, filtered, newest first, with the
    organisation joined so that listing them needs no query per row."""
    entries = filter_entries(entries_visible_to(user), **filters)
    return entries.select_related("organisation").order_by("-at", "-id")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- Account events for the data protection officer (views_account_events) -----------------

# Kinds of account events in the order the filter lists them → the action codes accounts
# (apps.accounts.signals, services, enrolment, views) and the API tokens write.
ACCOUNT_EVENT_KINDS: dict[str, tuple[str, ...]] = {
    "sign_in": ("auth.login",),
    "sign_in_failed": ("auth.login_failed",),
    "lockout": ("auth.locked_out", "auth.lockout_lifted"),
    "sign_out": ("auth.logout", "auth.logout_all"),
    "second_factor": ("auth.second_factor_enrolled", "auth.second_factor_enrolment_issued",
                      "auth.second_factor_enrolment_opened", "auth.second_factor_enrolment_refused",
                      "auth.second_factor_failed", "auth.second_factor_reset", "auth.second_factor_verified",
                      "auth.recovery_code_used", "auth.recovery_codes_generated"),
    "password": ("auth.password_changed", "auth.password_reset_requested", "auth.password_reset_completed"),
    "membership": ("membership.created", "membership.updated"),
    "api_token": ("api_token.created", "api_token.revoked"),
}
ACCOUNT_EVENT_ACTIONS = tuple(code for codes in ACCOUNT_EVENT_KINDS.values() for code in codes)


def account_events_of(user, *, kind: str = "", email: str = "", date_from: date | None = None,
                      date_to: date | None = None) -> QuerySet[AuditEntry]:
    """The account events of the organisations where the user holds privacy.manage, newest
    first. `email` matches the acting user as recorded, or the address typed into a failed
    sign-in (details.username), case-insensitively."""
    from django.db.models import Q

    entries = AuditEntry.objects.filter(organisation_id__in=organisation_ids_with(user, "privacy.manage"),
                                        action__in=ACCOUNT_EVENT_KINDS.get(kind, ACCOUNT_EVENT_ACTIONS))
    if email.strip():
        entries = entries.filter(Q(actor_email__iexact=email.strip()) | Q(details__username__iexact=email.strip()))
    if date_from is not None:
        entries = entries.filter(at__gte=_start_of(date_from))
    if date_to is not None:
        entries = entries.filter(at__lt=_start_of(date_to + timedelta(days=1)))
    return entries.select_related("organisation").order_by("-at", "-id")
