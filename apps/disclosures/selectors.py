"""Reads of disclosures. The functions below are the contract other apps build on."""

from django.utils import timezone

from apps.disclosures.models import BorderCrossingCertificate


def valid_border_crossing_certificates(case, *, on=None):
    """The case's GÜBs valid on `on` (default today), newest first, with their persons."""
    day = on or timezone.localdate()
    return (BorderCrossingCertificate.objects.filter(case=case, valid_until__gte=day, issued_on__lte=day)
            .prefetch_related("persons").order_by("-issued_on", "-id"))
