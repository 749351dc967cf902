"""Writing the audit log. Call record() inside the transaction of the change it describes."""

from django.db import models

from apps.audit.context import client_ip
from apps.audit.models import AuditEntry


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    organisation_id: int | None = None,
    case_id: int | None = None,
    person_id: int | None = None,
    details: dict | None = None,
) -> AuditEntry:
    """Append one entry. Never put names, note texts or secrets into details."""
    if obj is not None:
        organisation_id = organisation_id or getattr(obj, "organisation_id", None)
        case_id = case_id or _related_id(obj, "case")
        person_id = person_id or _related_id(obj, "person")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if organisation_id is None and authenticated:
        # Events outside any record (sign-in, second factor) belong to the actor's home
        # organisation, so that its data-protection officer sees them.
        organisation_id = _home_organisation_id(actor)
    return AuditEntry.objects.create(
        actor=actor if authenticated else None,
        actor_email=(actor.email if authenticated else ""),
        organisation_id=organisation_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=_label(obj),
        case_id=case_id,
        person_id=person_id,
        ip=client_ip.get(),
        details=details or {},
    )


def _home_organisation_id(user) -> int | None:
    from apps.accounts.selectors import grants_of

    grants = grants_of(user)
    return min(grants) if grants else None


def _related_id(obj, name: str) -> int | None:
    if obj._meta.model_name == name:
        return obj.pk
    return getattr(obj, f"{name}_id", None)


def _label(obj) -> str:
    """A label that identifies without revealing: reference numbers, never names."""
    if obj is None:
        return ""
    label = getattr(obj, "audit_label", None)
    return str(label)[:120] if label else f"{obj._meta.model_name} #{obj.pk}"
