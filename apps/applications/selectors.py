"""Reads of applications: scoping (through cases_visible_to), the checklist, deadlines, exports."""

import copy
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import organisation_ids_with
from apps.applications.models import (
    Application,
    ApplicationStatus,
    AsylumProcedures,
    PrioritisationReason,
    ProcessingTime,
    SecondParentConsent,
    TravelDocumentKind,
)
from apps.audit.services import record
from apps.cases.models import Case
from apps.cases.selectors import cases_visible_to
from apps.clients.models import Consent, HouseholdMember

A = ApplicationStatus
# Applications still in progress. A confirmed departure ends the application's course (what
# follows is monitoring, in reintegration), so `departed` is no longer open, like `closed`,
# `withdrawn` and `rejected`: the "Offene Anträge" overview and the reports count these only.
OPEN_STATUSES = [A.DRAFT, A.READY, A.SUBMITTED, A.MORE_INFORMATION_REQUESTED, A.APPROVED, A.TRAVEL_BOOKED]


def _with_related(applications: QuerySet[Application]) -> QuerySet[Application]:
    return applications.select_related("case", "case__organisation", "case__household",
                                       "programme_version__programme", "created_by")


def applications_visible_to(user) -> QuerySet[Application]:
    return Application.objects.filter(case__in=cases_visible_to(user))


def applications_of_case(case: Case) -> QuerySet[Application]:
    """The applications of one case the caller has already scoped (case_for): only that case's
    rows are read, not the set of every visible case (issue 14)."""
    return case.applications.all()


def applications_of(case: Case) -> QuerySet[Application]:
    """The applications of a case the caller has already scoped, newest first."""
    return (applications_of_case(case).select_related("programme_version__programme")
            .prefetch_related("members").order_by("-created_at", "-id"))


def application_for(user, pk: int, *, audit: bool = True) -> Application:
    """An application of a visible case, or 404."""
    application = get_object_or_404(_with_related(applications_visible_to(user)), pk=pk)
    if audit:
        record(user, "application.viewed", application, organisation_id=application.case.organisation_id,
               case_id=application.case_id)
    return application


def selectable_programme_versions(*, on: date | None = None) -> QuerySet:
    """The programme versions an application can be made for: valid today (or later).

    The programmes app's current_versions() decides where it exists; the fallback reads
    the versions whose validity has not ended."""
    from django.db.models import Q

    from apps.programmes.models import ProgrammeVersion

    versions = ProgrammeVersion.objects.select_related("programme").order_by("programme__sort_order", "-valid_from")
    try:
        from apps.programmes.selectors import current_versions

        return versions.filter(pk__in=[v.pk for v in current_versions()])
    except (ImportError, TypeError):
        day = on or timezone.localdate()
        return versions.filter(programme__is_active=True).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def members_of_application(application: Application) -> list[HouseholdMember]:
    """The household memberships of the travelling persons (for relationship and age)."""
    ids = {p.pk for p in application.members.all()}
    return [m for m in application.case.household.members.select_related("person") if m.person_id in ids]


def is_adult(member: HouseholdMember) -> bool:
    from apps.assessments.selectors import is_child

    return not is_child(member)


# --- Health data ------------------------------------------------------------------------------

# Health-related data on an application: the pregnancy as prioritisation reason and the travel's
# escort or medical needs with their note. Users without case.sensitive.read in the case's
# organisation neither see nor set them (the rule of sensitive vulnerabilities and sections).
HEALTH_REASONS = frozenset({PrioritisationReason.PREGNANCY})
HEALTH_TRAVEL_FIELDS = ("needs", "needs_note")


def hides_health_data(user, organisation_id: int) -> bool:
    from apps.assessments.selectors import hides_sensitive_sections

    return hides_sensitive_sections(user, organisation_id)


def visible_reasons(user, application: Application) -> list[str]:
    reasons = list(application.prioritisation_reasons or [])
    if hides_health_data(user, application.case.organisation_id):
        reasons = [r for r in reasons if r not in HEALTH_REASONS]
    return reasons


def for_display(user, application: Application, travel=None):
    """The application and its travel as the user may see them: copies without the health data
    for users who may not see it (never save these copies)."""
    if not hides_health_data(user, application.case.organisation_id):
        return application, travel
    shown = copy.copy(application)
    shown.prioritisation_reasons = visible_reasons(user, application)
    shown._state = copy.copy(application._state)
    shown._state.fields_cache = dict(application._state.fields_cache)
    if travel is not None:
        travel = copy.copy(travel)
        travel.needs, travel.needs_note = [], ""
        shown._state.fields_cache["travel"] = travel
    return shown, travel


# --- The checklist ---------------------------------------------------------------------------

@dataclass
class ChecklistItem:
    code: str
    label: str
    ok: bool
    missing: list[str] = field(default_factory=list)
    needed_for: str = A.READY


def _consents_and_declarations(application, members) -> ChecklistItem:
    adults = [m.person for m in members if is_adult(m)]
    declared = {d.person_id for d in application.declarations.all()}
    consenting = set(Consent.objects.filter(
        person__in=adults, purpose=Consent.Purpose.DISCLOSURE_TO_AUTHORITY, withdrawn_at__isnull=True,
    ).values_list("person_id", flat=True))
    missing = []
    for person in adults:
        if person.pk not in consenting:
            missing.append(_("%(person)s: consent to disclosure to the foreigners' authority") % {"person": person})
        if person.pk not in declared:
            missing.append(_("%(person)s: signed application and declaration of voluntary departure")
                           % {"person": person})
    return ChecklistItem("consent", _("Consent and signed declaration of every adult"), not missing and bool(adults),
                         missing or ([] if adults else [_("No adult travels.")]))


def travel_document_problems(application, members, *, on: date) -> list[str]:
    documents = {d.person_id: d for d in application.travel_documents.all()}
    missing = []
    for member in members:
        document = documents.get(member.person_id)
        if document is None:
            missing.append(_("%(person)s: no travel document recorded") % {"person": member.person})
        elif document.kind != TravelDocumentKind.SUBSTITUTE_REQUESTED and document.expires_on \
                and document.expires_on < on:
            missing.append(_("%(person)s: travel document expired on %(date)s")
                           % {"person": member.person, "date": document.expires_on.strftime("%d.%m.%Y")})
    return missing


def gub_problems(application, members, *, on: date | None = None) -> list[str]:
    """Members not covered by a valid GÜB (on `on`, default today)."""
    from apps.disclosures.selectors import valid_border_crossing_certificates

    covered = set()
    for certificate in valid_border_crossing_certificates(application.case, on=on):
        covered.update(p.pk for p in certificate.persons.all())
    return [_("%(person)s: no valid border crossing certificate (GÜB)") % {"person": m.person}
            for m in members if m.person_id not in covered]


def application_checklist(application: Application) -> list[ChecklistItem]:
    """What the services require before `ready` (and, for the GÜB, before `travel_booked`)."""
    from apps.assessments.selectors import children_without_participation

    today = timezone.localdate()
    members = members_of_application(application)
    items = [_consents_and_declarations(application, members)]
    problems = travel_document_problems(application, members, on=today)
    items.append(ChecklistItem("travel_documents", _("Valid travel document or substitute in preparation"),
                               not problems and bool(members), problems))
    asylum_ok = application.asylum_procedures == AsylumProcedures.NONE_PENDING or (
        application.asylum_procedures == AsylumProcedures.WITHDRAWN and application.asylum_withdrawn_on)
    items.append(ChecklistItem("asylum_procedures", _("Pending asylum applications or appeals withdrawn"),
                               bool(asylum_ok), [] if asylum_ok else [_("Record whether procedures were pending "
                                                                        "and when they were withdrawn.")]))
    children = [m for m in members if not is_adult(m)]
    parent_ok = not children or application.second_parent_consent == SecondParentConsent.NOT_REQUIRED or (
        application.second_parent_consent == SecondParentConsent.OBTAINED and application.second_parent_consent_on)
    items.append(ChecklistItem("second_parent", _("Second parent's consent where required"), bool(parent_ok),
                               [] if parent_ok else [_("Record whether the second parent's consent is needed "
                                                       "and when it was obtained.")]))
    child_ids = {m.person_id for m in children}
    unheard = [p for p in children_without_participation(application.case) if p.pk in child_ids]
    items.append(ChecklistItem("children", _("Participation of every child recorded"), not unheard,
                               [_("%(person)s: participation not recorded") % {"person": p} for p in unheard]))
    gub = gub_problems(application, members)
    items.append(ChecklistItem("gub", _("Border crossing certificate (GÜB) for every member"), not gub, gub,
                               needed_for=A.TRAVEL_BOOKED))
    return items


def checklist_complete(items: list[ChecklistItem], for_status: str = A.READY) -> bool:
    return all(item.ok for item in items if item.needed_for == for_status)


# --- Deadlines -------------------------------------------------------------------------------

def processing_time_for(country: str) -> ProcessingTime | None:
    """The row whose countries include `country`, else the default row (no countries)."""
    rows = list(ProcessingTime.objects.all())
    for row in rows:
        if country and country in (row.countries or []):
            return row
    return next((row for row in rows if not row.countries), None)


def expected_decision_date(application: Application, submitted_on: date) -> tuple[date, ProcessingTime | None]:
    country = str(application.case.intended_return_country or "")
    row = processing_time_for(country)
    return submitted_on + timedelta(weeks=row.weeks if row else 8), row


# --- Lists -----------------------------------------------------------------------------------

def open_applications_overview(user) -> QuerySet[Application]:
    """Open applications of the organisations where the user assigns cases (team lead),
    prioritised ones first, then by the expected decision."""
    lead_orgs = organisation_ids_with(user, "case.assign")
    applications = applications_visible_to(user).filter(case__organisation_id__in=lead_orgs,
                                                        status__in=OPEN_STATUSES)
    return (_with_related(applications).select_related("travel")
            .prefetch_related(Prefetch("members"))
            .order_by("expected_decision_by", "created_at", "id"))


def programme_of_return(case: Case):
    """The programme with which the case's client returned (an application that reached
    `departed`), or None; used by reporting and by the outcome."""
    application = (case.applications.filter(departed_on__isnull=False)
                   .exclude(status=A.WITHDRAWN).select_related("programme_version__programme")
                   .order_by("-departed_on", "-id").first())
    return application.programme_version.programme if application else None


# --- Export ----------------------------------------------------------------------------------

def application_export(user, application: Application) -> dict:
    """The application data to copy into the BAMF's online application module; audited."""
    members = members_of_application(application)
    documents = {d.person_id: d for d in application.travel_documents.all()}
    declarations = {d.person_id: d for d in application.declarations.all()}
    version = application.programme_version
    travel = getattr(application, "travel", None)
    hide_needs = hides_health_data(user, application.case.organisation_id)
    data = {
        "application_id": application.pk,
        "case_reference": application.case.reference,
        "programme": str(version.programme),
        "programme_version": version.label,
        "status": application.status,
        "destination_country": str(application.case.intended_return_country or ""),
        "prioritisation_reasons": visible_reasons(user, application),
        "asylum_procedures": application.asylum_procedures,
        "asylum_withdrawn_on": _iso(application.asylum_withdrawn_on),
        "second_parent_consent": application.second_parent_consent,
        "second_parent_consent_on": _iso(application.second_parent_consent_on),
        "submitted_on": _iso(application.submitted_on),
        "submission_reference": application.submission_reference,
        "members": [{
            "person_id": m.person_id,
            "family_name": m.person.family_name,
            "given_names": m.person.given_names,
            "date_of_birth": _iso(m.person.birth_date),
            "sex": m.person.sex,
            "nationalities": [str(c) for c in m.person.nationalities],
            "relationship": m.relationship,
            "adult": is_adult(m),
            "travel_document": documents[m.person_id].kind if m.person_id in documents else "",
            "travel_document_number": documents[m.person_id].number if m.person_id in documents else "",
            "travel_document_valid_until": _iso(documents[m.person_id].expires_on) if m.person_id in documents
            else None,
            "declaration_signed_on": _iso(declarations[m.person_id].signed_on) if m.person_id in declarations
            else None,
        } for m in members],
        "travel": {
            "departure_date": _iso(travel.departure_date), "airport": travel.airport,
            "needs": [] if hide_needs else list(travel.needs),
        } if travel else None,
    }
    record(user, "application.exported", application, organisation_id=application.case.organisation_id,
           case_id=application.case_id, details={"person_ids": [m.person_id for m in members]})
    return data


def _iso(day) -> str | None:
    return day.isoformat() if day else None
