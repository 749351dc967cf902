"""The personal data of disclosures as a privacy source (apps.privacy.registry, order 50:
before cases, whose documents they list, and clients, whose consents they rest on).

Collect: every disclosure made about the person — to whom, for what, which fields and
documents, under which consent, valid until, revoked, confirmed — with the messages
exchanged on it, and the border crossing certificates recorded for the person.

Erase: disclosures resting on the person's consent or of a case that goes wholly are
deleted with their messages; on the others the person leaves the persons concerned and
their names leave the messages. A certificate of the person alone goes; a shared one loses
the person. Anonymise keeps the disclosures (recipient, purpose, fields, dates: the records
of processing and reports count them) and clears the messages and the certificates' numbers.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.disclosures.fields import DISCLOSABLE_FIELDS
from apps.disclosures.models import BorderCrossingCertificate, Disclosure, DisclosureMessage
from apps.privacy.registry import (
    ANONYMISE,
    ErasureContext,
    ProcessingActivity,
    SubjectRecord,
    SubjectSource,
    register_processing_activity,
    register_subject_source,
)
from apps.privacy.source_helpers import fields_of, iso, label, scrub_rows


def _disclosures_of(person_id: int):
    return Disclosure.objects.filter(Q(persons=person_id) | Q(consent__person_id=person_id)).distinct()


def _field_labels(codes) -> list[str]:
    return [str(DISCLOSABLE_FIELDS[code].label) if code in DISCLOSABLE_FIELDS else code for code in codes]


def collect(person_id: int) -> list[SubjectRecord]:
    records = []
    for disclosure in _disclosures_of(person_id).select_related("case", "recipient", "consent"):
        messages = [f"{iso(message.created_at)} {message.organisation}: {message.text}"
                    for message in DisclosureMessage.objects.filter(disclosure=disclosure).select_related(
                        "organisation")]
        records.append(SubjectRecord("disclosure", _("Disclosure"), fields_of(disclosure, (
            "recipient", "purpose", "valid_until", "created_at", "revoked_at", "confirmed_at"), more={
            _("Case"): disclosure.case.reference,
            _("Consent"): str(disclosure.consent),
            label(Disclosure, "fields"): _field_labels(disclosure.fields),
            label(Disclosure, "documents"): [str(document) for document in disclosure.documents.all()],
            _("Messages"): messages}), at=disclosure.created_at))
    for certificate in BorderCrossingCertificate.objects.filter(persons=person_id).select_related(
            "case", "issued_by"):
        records.append(SubjectRecord("border_crossing_certificate", _("Border crossing certificate"), fields_of(
            certificate, ("number", "issued_on", "valid_until", "issued_by"), more={
                _("Case"): certificate.case.reference}), at=certificate.issued_on))
    return records


def _erase(ctx: ErasureContext) -> None:
    cases = ctx.whole_case_ids | ctx.shared_case_ids
    gone = Disclosure.objects.filter(Q(case_id__in=ctx.whole_case_ids) | Q(consent__person_id=ctx.person_id,
                                                                            case_id__in=cases))
    ctx.add("disclosures.messages", DisclosureMessage.objects.filter(disclosure__in=gone).delete()[0])
    ctx.add("disclosures.disclosures", Disclosure.objects.filter(pk__in=list(gone.values_list("pk", flat=True)))
            .delete()[1].get(Disclosure._meta.label, 0))
    staying = Disclosure.objects.filter(case_id__in=ctx.shared_case_ids, persons=ctx.person_id)
    ctx.add("disclosures.persons_removed", Disclosure.persons.through.objects.filter(
        disclosure__in=staying, person_id=ctx.person_id).delete()[0])
    certificates = BorderCrossingCertificate.objects.filter(persons=ctx.person_id, case_id__in=cases)
    for certificate in certificates:
        if certificate.case_id in ctx.whole_case_ids or certificate.persons.count() == 1:
            certificate.delete()
            ctx.add("disclosures.certificates", 1)
        else:
            certificate.persons.remove(ctx.person_id)


def erase(ctx: ErasureContext) -> None:
    if ctx.mode == ANONYMISE:
        ctx.add("disclosures.messages_cleared", DisclosureMessage.objects.filter(
            disclosure__case_id__in=ctx.whole_case_ids).update(text=""))
        ctx.add("disclosures.certificates_anonymised", BorderCrossingCertificate.objects.filter(
            case_id__in=ctx.whole_case_ids | ctx.shared_case_ids, persons=ctx.person_id).update(number=""))
    else:
        _erase(ctx)
    ctx.add("disclosures.texts_scrubbed", scrub_rows(DisclosureMessage.objects.filter(
        disclosure__case_id__in=ctx.shared_case_ids), ctx.names, ("text",)))


ACTIVITY = ProcessingActivity(
    code="disclosures.authorities",
    name=gettext_lazy("Disclosures to authorities"),
    purpose=gettext_lazy(
        "Passing to a foreigners' authority, with the client's consent for that purpose and recipient, exactly the "
        "fields and documents a programme application, a border crossing certificate or the coordination of the "
        "departure needs; the authority's questions and the answers."),
    legal_basis="Art. 6 Abs. 1 lit. a DSGVO (Einwilligung für Zweck und Empfänger)",
    persons=(gettext_lazy("Clients and, where disclosed, their household members"),),
    data=(gettext_lazy("The disclosed fields (name, date of birth, nationalities, residence status, BAMF file "
                       "number, address, phone, household members, country of return)"),
          gettext_lazy("The disclosed documents"),
          gettext_lazy("Messages between the authority and the counselling organisation"),
          gettext_lazy("Border crossing certificates")),
    recipients=(gettext_lazy("Foreigners' authorities (Ausländerbehörden) and the ADD, each only for the "
                             "disclosures addressed to it"),),
    record_types=("cases.closed_without_return", "cases.returned"),
)


def register() -> None:
    register_subject_source(SubjectSource("disclosures", gettext_lazy("Disclosures"), collect, erase, order=50))
    register_processing_activity(ACTIVITY)
