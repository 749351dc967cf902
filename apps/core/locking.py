"""Optimistic locking: a record carries a `version`; a write names the version it was based on."""

from django.db.models import F

from apps.core.errors import ConcurrentEditError


def claim_version(obj, expected_version: int | None = None, **values) -> None:
    """Bump `obj.version` in the database, together with `values`, but only if nobody saved
    since `expected_version` (None: the version `obj` was loaded with); otherwise raise
    ConcurrentEditError. Call it inside the write's transaction, before saving `obj`."""
    version = obj.version if expected_version is None else expected_version
    claimed = type(obj)._default_manager.filter(pk=obj.pk, version=version).update(
        version=F("version") + 1, **values
    )
    if not claimed:
        raise ConcurrentEditError()
    obj.version = version + 1
