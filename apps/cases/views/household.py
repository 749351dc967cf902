"""Household members and consents, seen from a case."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.cases import selectors
from apps.cases.pages import case_context
from apps.clients import selectors as client_selectors
from apps.clients import services as client_services
from apps.clients.forms import ConsentForm, HouseholdMemberForm
from apps.clients.models import Consent
from apps.core.permissions import require_perm
from apps.core.views_helpers import submit


@require_perm("case.read")
def household(request, pk):
    case = selectors.case_for(request.user, pk)
    return render(request, "cases/case_household.html", case_context(
        request, case, "household", members=client_selectors.members_of(case.household)))


@require_perm("case.write")
def member_add(request, pk):
    case = selectors.case_for(request.user, pk)
    form = HouseholdMemberForm(request.POST or None)

    @transaction.atomic
    def add_member():
        person = client_services.person_create(
            actor=request.user, organisation=case.organisation, data=form.person_data(),
            languages=form.languages(),
        )
        client_services.household_add_member(actor=request.user, household=case.household, person=person,
                                             relationship=form.cleaned_data["relationship"])

    if submit(request, form, add_member, success=_("The person has been added to the household.")):
        return redirect("cases:household", pk=case.pk)
    return render(request, "cases/case_form.html", case_context(
        request, case, "household", form=form, heading=_("Add household member"), submit_label=_("Add"),
        cancel_url=reverse("cases:household", args=[case.pk])))


@require_POST
@require_perm("case.write")
def member_remove(request, pk, member_pk):
    case = selectors.case_for(request.user, pk, audit=False)
    member = get_object_or_404(case.household.members.select_related("household"), pk=member_pk)
    try:
        client_services.household_remove_member(actor=request.user, member=member)
    except ValueError:
        messages.error(request, _("The principal cannot be removed from the household."))
    else:
        messages.success(request, _("The person has been removed from the household; their data is kept."))
    return redirect("cases:household", pk=case.pk)


@require_perm("case.read")
def consents(request, pk):
    case = selectors.case_for(request.user, pk)
    persons = client_selectors.persons_of_household(case.household_id)
    items = client_selectors.consents_with_recipients(Consent.objects.filter(person__in=persons).select_related(
        "person", "recipient", "recorded_by"))
    return render(request, "cases/case_consents.html", case_context(
        request, case, "consents", consents=items,
        form=ConsentForm(persons=persons)))


@require_perm("case.write")
def consent_add(request, pk):
    case = selectors.case_for(request.user, pk)
    form = ConsentForm(request.POST or None, persons=client_selectors.persons_of_household(case.household_id))

    def record_consent():
        client_services.consent_record(actor=request.user, person=form.cleaned_data["person"],
                                       data=form.consent_data(), recipient_key=form.recipient_key())

    if submit(request, form, record_consent, success=_("The consent has been recorded.")):
        return redirect("cases:consents", pk=case.pk)
    return render(request, "cases/case_form.html", case_context(
        request, case, "consents", form=form, heading=_("Record a consent"), submit_label=_("Record consent"),
        cancel_url=reverse("cases:consents", args=[case.pk])))


@require_POST
@require_perm("case.write")
def consent_withdraw(request, pk, consent_pk):
    case = selectors.case_for(request.user, pk, audit=False)
    persons = client_selectors.persons_of_household(case.household_id)
    consent = get_object_or_404(Consent, pk=consent_pk, person__in=persons)
    client_services.consent_withdraw(actor=request.user, consent=consent)
    messages.success(request, _("The consent has been marked as withdrawn."))
    return redirect("cases:consents", pk=case.pk)
