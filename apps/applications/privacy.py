"""The personal data of programme applications as a privacy source (apps.privacy.registry).

Collect: every application the person travels in (programme, status, checklist answers,
submission and decision), the person's own declaration and travel document (with its
number), and the travel details.

Erase and anonymise (registry order 70: before cases, whose documents the travel documents
point to, and before clients, which the declarations and travel documents protect):
- a case that goes wholly with the person: ERASE deletes its applications with everything on
  them; ANONYMISE keeps what the indicators count (programme version, status, travelling
  members, the dates created, submitted, decided and departed, the checklist codes) and
  clears the rest: OAM reference, notes, prioritisation reasons (health), travel connection,
  needs, luggage, document numbers and expiry dates;
- a case the household keeps: only the person's rows — ERASE deletes the person's
  declarations and travel documents, removes the person from the travelling members
  (deletes an application in which nobody else travels); ANONYMISE clears the person's
  document number; both scrub the person's names from the notes that stay.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.applications.models import Application, ApplicationDeclaration, Travel, TravelDocument
from apps.privacy.registry import (
    ANONYMISE,
    ErasureContext,
    ProcessingActivity,
    SubjectRecord,
    SubjectSource,
)
from apps.privacy.source_helpers import bump, compact, fields_of, label, scrub_rows

APPLICATION_TEXT = ("submission_reference", "decision_note", "departure_note", "withdrawal_note")
TRAVEL_TEXT = ("connection", "needs_note", "luggage_notes")


# --- Subject access ------------------------------------------------------------------------------

def _with_travellers(applications):
    """The applications (a queryset of ids) with the number of travelling members. Counted in
    a query of its own: a count after a filter on the members would count only the person."""
    return (Application.objects.filter(pk__in=applications).select_related("case", "programme_version__programme")
            .annotate(travelling=Count("members")).order_by("created_at", "id"))


def _applications_of(person_id: int):
    return _with_travellers(Application.objects.filter(
        Q(members=person_id) | Q(declarations__person=person_id) | Q(travel_documents__person=person_id),
    ).values("pk"))


def collect(person_id: int) -> list[SubjectRecord]:
    records = []
    for application in _applications_of(person_id):
        records.append(SubjectRecord(
            kind="application", title=_("Application"), at=application.created_at,
            fields=fields_of(application, (
                "programme_version", "status", "asylum_procedures", "asylum_withdrawn_on",
                "second_parent_consent", "second_parent_consent_on", "submitted_on", "submission_reference",
                "expected_decision_by", "decision_on", "decision_note", "departed_on", "departure_note",
                "withdrawal_note", "created_at"), more={
                _("Case"): application.case.reference,
                label(Application, "prioritisation_reasons"): application.prioritisation_labels(),
                label(Application, "members"): application.travelling,
            })))
        records += _own_rows(application, person_id)
        travel = Travel.objects.filter(application=application).first()
        if travel is not None:
            records.append(_travel_record(application, travel))
    return records


def _own_rows(application: Application, person_id: int) -> list[SubjectRecord]:
    rows = []
    for declaration in ApplicationDeclaration.objects.filter(application=application, person_id=person_id):
        rows.append(SubjectRecord(
            kind="application_declaration", title=_("Declaration of voluntary departure"), at=declaration.signed_on,
            fields=fields_of(declaration, ("signed_on",), more={_("Application"): str(application)})))
    for document in TravelDocument.objects.filter(application=application, person_id=person_id):
        rows.append(SubjectRecord(
            kind="travel_document", title=_("Travel document"),
            fields=fields_of(document, ("kind", "number", "expires_on", "document"),
                             more={_("Application"): str(application)})))
    return rows


def _travel_record(application: Application, travel: Travel) -> SubjectRecord:
    fields = fields_of(travel, ("departure_date", "airport", "connection", "luggage_notes"), more={
        _("Application"): str(application),
        label(Travel, "needs"): travel.need_labels(),
        label(Travel, "documents_checked"): _document_check_labels(travel),
    })
    # The notes on the needs may be about another traveller's health: only a person who
    # travels alone gets them (the needs themselves are the travel's, shown to each).
    if application.travelling == 1:
        fields.update(compact({label(Travel, "needs_note"): travel.needs_note}))
    return SubjectRecord(kind="travel", title=_("Travel"), at=travel.departure_date, fields=fields)


def _document_check_labels(travel: Travel) -> list[str]:
    from apps.applications.models import DocumentCheck

    labels = dict(DocumentCheck.choices)
    return [str(labels.get(code, code)) for code in travel.documents_checked]


# --- Erasure and anonymisation -------------------------------------------------------------------

def _anonymise(applications) -> int:
    """Clear what identifies or is free text; keep the codes and dates the indicators count."""
    Travel.objects.filter(application__in=applications).update(
        connection="", needs_note="", luggage_notes="", needs=[], **bump(Travel))
    TravelDocument.objects.filter(application__in=applications).update(number="", expires_on=None, document=None)
    return applications.update(prioritisation_reasons=[], **dict.fromkeys(APPLICATION_TEXT, ""), **bump(Application))


def erase(ctx: ErasureContext) -> None:
    whole = Application.objects.filter(case_id__in=ctx.whole_case_ids)
    if ctx.mode == ANONYMISE:
        ctx.add("applications.application.anonymised", _anonymise(whole))
    else:
        ctx.add("applications.application.deleted", whole.count())
        whole.delete()
    # The cases the household keeps: only what is the person's own. Not the person's other
    # cases when only a case's retention runs (ErasureContext.other_case_ids).
    elsewhere = ctx.whole_case_ids | ctx.other_case_ids
    declarations = ApplicationDeclaration.objects.filter(person_id=ctx.person_id).exclude(
        application__case_id__in=elsewhere)
    documents = TravelDocument.objects.filter(person_id=ctx.person_id).exclude(application__case_id__in=elsewhere)
    if ctx.mode == ANONYMISE:
        ctx.add("applications.travel_document.anonymised",
                documents.update(number="", expires_on=None, document=None))
    else:
        ctx.add("applications.declaration.deleted", declarations.delete()[1].get(ApplicationDeclaration._meta.label, 0))
        ctx.add("applications.travel_document.deleted", documents.delete()[1].get(TravelDocument._meta.label, 0))
        _leave_applications(ctx, elsewhere)
    shared = Application.objects.filter(case_id__in=ctx.shared_case_ids)
    ctx.add("applications.text.scrubbed", scrub_rows(shared, ctx.names, APPLICATION_TEXT)
            + scrub_rows(Travel.objects.filter(application__in=shared), ctx.names, TRAVEL_TEXT))


def _leave_applications(ctx: ErasureContext, elsewhere: set[int]) -> None:
    """The person no longer travels in the applications that stay; one in which nobody else
    travels was the person's alone and goes."""
    theirs = _with_travellers(Application.objects.filter(members=ctx.person_id).exclude(case_id__in=elsewhere)
                              .values("pk"))
    alone = [a.pk for a in theirs if a.travelling == 1]
    ctx.add("applications.application.deleted", Application.objects.filter(pk__in=alone).delete()[1].get(
        Application._meta.label, 0))
    memberships = Application.members.through.objects.filter(person_id=ctx.person_id).exclude(
        application__case_id__in=elsewhere)
    ctx.add("applications.membership.deleted", memberships.delete()[0])


SOURCE = SubjectSource(code="applications", label=gettext_lazy("Applications"), collect=collect, erase=erase,
                       order=70)

ACTIVITY = ProcessingActivity(
    code="applications.return_preparation",
    name=gettext_lazy("Return preparation and programme applications (REAG/GARP)"),
    purpose=gettext_lazy(
        "Preparing a voluntary return: the application for a return programme, its checklist, the "
        "submission to the BAMF, the decision, the travel and the confirmation of the departure."),
    legal_basis="Art. 6 Abs. 1 lit. a und b, Art. 9 Abs. 2 lit. a DSGVO (Einwilligung; Antrag der "
                "betroffenen Person)",
    persons=(gettext_lazy("Clients and their travelling household members"),),
    data=(gettext_lazy("Names, dates of birth and nationalities of the travellers"),
          gettext_lazy("Travel documents and their numbers"),
          gettext_lazy("Programme, application status, submission and decision"),
          gettext_lazy("Travel details: date, airport, connection, luggage")),
    special_categories=(gettext_lazy("Health: travel needs (wheelchair, medical escort) and prioritisation "
                                     "reasons such as pregnancy"),),
    recipients=(gettext_lazy("BAMF (the application entered in its online application module)"),
                gettext_lazy("IOM (carrying out REAG/GARP: travel and start-up aid)"),
                gettext_lazy("The foreigners' authority (Ausländerbehörde), only through a disclosure the "
                             "client consented to")),
    # A case's retention removes these records with the case (anonymise_case / erase_case).
    record_types=("cases.closed_without_return", "cases.returned"),
)


def register() -> None:
    from apps.privacy.registry import register_processing_activity, register_subject_source

    register_subject_source(SOURCE)
    register_processing_activity(ACTIVITY)
