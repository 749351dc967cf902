"""Partners in the country of origin as recipients of a consent to disclosure to them
(registered in CountryinfoConfig.ready() through apps.core.registry.register_consent_recipients)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.audit.services import record
from apps.clients.models import Consent
from apps.core.registry import ConsentRecipients
from apps.countryinfo.models import OriginCountryContact, OriginPartnerConsent


def choices() -> list:
    """The active directory contacts, grouped by country (the network-wide directory)."""
    groups: dict[str, list] = {}
    for contact in OriginCountryContact.objects.filter(is_active=True).order_by("country", "organisation_name", "id"):
        label = contact.organisation_name + (f" – {contact.contact_person}" if contact.contact_person else "")
        groups.setdefault(str(contact.country.name), []).append((contact.pk, label))
    return sorted(groups.items())


def attach(actor, consent: Consent, key: int) -> None:
    """Name the partner `key` in a consent just recorded (inside its transaction)."""
    contact = OriginCountryContact.objects.filter(pk=key, is_active=True).first()
    if contact is None:
        raise ValidationError(_("Choose an active partner from the directory of contacts in countries of origin."))
    OriginPartnerConsent.objects.create(consent=consent, contact=contact)
    record(actor, "consent.recipient_named", consent, organisation_id=consent.organisation_id,
           person_id=consent.person_id, details={"origin_contact_id": contact.pk})


def names(consent_ids: list[int]) -> dict[int, str]:
    return {link.consent_id: str(link.contact)
            for link in OriginPartnerConsent.objects.filter(consent_id__in=consent_ids).select_related("contact")}


ORIGIN_PARTNERS = ConsentRecipients(
    purpose=Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER, label=gettext_lazy("Partner in the country of origin"),
    choices=choices, attach=attach, names=names)
