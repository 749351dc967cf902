"""The personal data of country information as a privacy source (apps.privacy.registry).

Collect: the virtual counselling sessions with a counterpart abroad that the person took
part in (counterpart, schedule, status, outcome), the consents of the person that name a
partner in the country of origin, and the country-information requests of the person's
cases (they carry no identifiers — identifiers.py checks every text —, but they were asked
for the person's case).

Erase and anonymise (registry order 60, before cases: a virtual counselling hangs on a
counselling session):
- virtual counselling on a case that goes wholly, or that only the person took part in:
  ERASE deletes it, ANONYMISE clears the outcome (counterpart, date and status stay);
- country-information requests of a case that goes wholly: they are the organisation's
  knowledge, not the person's, so they lose their link to the case and the person's names
  (should one have slipped past the check); ERASE deletes a request that was never
  answered, which is knowledge of nobody;
- on a case the household keeps: the person's names are scrubbed from the outcomes and
  requests that stay.
The consent naming a partner goes with the consent (clients).
"""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.countryinfo.models import CountryInformationRequest, OriginPartnerConsent, VirtualCounselling
from apps.privacy.registry import (
    ANONYMISE,
    ErasureContext,
    ProcessingActivity,
    SubjectRecord,
    SubjectSource,
)
from apps.privacy.source_helpers import bump, fields_of, scrub_rows

REQUEST_TEXT = ("question", "answer", "sent_to")


# --- Subject access ------------------------------------------------------------------------------

def collect(person_id: int) -> list[SubjectRecord]:
    from apps.cases.models import Case

    records = []
    virtuals = (VirtualCounselling.objects.filter(session__participants=person_id)
                .select_related("contact", "session__case").order_by("scheduled_for", "id"))
    for virtual in virtuals:
        records.append(SubjectRecord(
            kind="virtual_counselling", title=_("Virtual counselling"), at=virtual.scheduled_for,
            fields=fields_of(virtual, ("contact", "scheduled_for", "status", "outcome"), more={
                _("Case"): virtual.session.case.reference})))
    for link in (OriginPartnerConsent.objects.filter(consent__person_id=person_id)
                 .select_related("consent", "contact").order_by("consent__given_at", "id")):
        records.append(SubjectRecord(
            kind="origin_partner_consent", title=_("Consent to a partner in the country of origin"),
            at=link.consent.given_at, fields=fields_of(link.consent, ("purpose", "given_at", "withdrawn_at"), more={
                _("Partner in the country of origin"): str(link.contact)})))
    cases = Case.objects.filter(household__members__person_id=person_id).values("pk")
    for request in (CountryInformationRequest.objects.filter(case__in=cases)
                    .select_related("case", "recipient").order_by("created_at", "id")):
        records.append(SubjectRecord(
            kind="country_information_request", title=_("Country-information request"), at=request.created_at,
            fields=fields_of(request, ("country", "topic", "question", "sent_on", "answer", "answered_on",
                                       "status"), more={
                _("Case"): request.case.reference, _("Sent to"): request.recipient_label})))
    return records


# --- Erasure and anonymisation -------------------------------------------------------------------

def erase(ctx: ErasureContext) -> None:
    _virtual_counselling(ctx)
    _requests(ctx)


def _virtual_counselling(ctx: ErasureContext) -> None:
    # The person's alone: the person is the session's only participant.
    mine = VirtualCounselling.objects.filter(session__participants=ctx.person_id).exclude(
        session__case_id__in=ctx.other_case_ids).values("pk")
    alone_ids = list(VirtualCounselling.objects.filter(pk__in=mine).annotate(n=Count("session__participants"))
                     .filter(n=1).values_list("pk", flat=True))
    theirs = (VirtualCounselling.objects.filter(session__case_id__in=ctx.whole_case_ids)
              | VirtualCounselling.objects.filter(pk__in=alone_ids))
    if ctx.mode == ANONYMISE:
        ctx.add("countryinfo.virtual_counselling.anonymised", theirs.update(outcome="", **bump(VirtualCounselling)))
    else:
        ctx.add("countryinfo.virtual_counselling.deleted",
                theirs.delete()[1].get(VirtualCounselling._meta.label, 0))
    kept = VirtualCounselling.objects.filter(session__case_id__in=ctx.shared_case_ids).exclude(pk__in=alone_ids)
    ctx.add("countryinfo.text.scrubbed", scrub_rows(kept, ctx.names, ("outcome",)))


def _requests(ctx: ErasureContext) -> None:
    whole = CountryInformationRequest.objects.filter(case_id__in=ctx.whole_case_ids)
    if ctx.mode != ANONYMISE:
        unanswered = whole.exclude(status=CountryInformationRequest.Status.ANSWERED)
        ctx.add("countryinfo.request.deleted", unanswered.delete()[0])
    ctx.add("countryinfo.text.scrubbed", scrub_rows(
        CountryInformationRequest.objects.filter(case_id__in=ctx.whole_case_ids | ctx.shared_case_ids),
        ctx.names, REQUEST_TEXT))
    ctx.add("countryinfo.request.unlinked", whole.update(case=None, **bump(CountryInformationRequest)))


SOURCE = SubjectSource(code="countryinfo", label=gettext_lazy("Country information"), collect=collect,
                       erase=erase, order=60)

ACTIVITY = ProcessingActivity(
    code="countryinfo.virtual_counselling",
    name=gettext_lazy("Virtual counselling with a counterpart in the country of origin"),
    purpose=gettext_lazy(
        "Counselling sessions held together with a counselling counterpart in the country of origin (e.g. "
        "IOM there), so that the client hears first-hand about the situation and support on return."),
    legal_basis="Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a, Art. 49 Abs. 1 lit. a DSGVO (Einwilligung in die "
                "Übermittlung an genau diesen Partner)",
    persons=(gettext_lazy("Clients and their household members taking part"),),
    data=(gettext_lazy("Participants, language, interpreter, date of the session"),
          gettext_lazy("What is discussed in the session and its outcome")),
    special_categories=(gettext_lazy("Health and vulnerabilities, where the session touches them"),),
    recipients=(gettext_lazy("Counselling counterparts in the country of origin named in the client's consent"),),
    # A case's retention removes these records with the case (anonymise_case / erase_case).
    record_types=("cases.closed_without_return", "cases.returned"),
)


def register() -> None:
    from apps.privacy.registry import register_processing_activity, register_subject_source

    register_subject_source(SOURCE)
    register_processing_activity(ACTIVITY)
