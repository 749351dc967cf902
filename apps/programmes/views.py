"""The eligibility check on a case and the administration of programme versions."""

import json

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.cases.pages import case_context
from apps.cases.selectors import case_for
from apps.core.client_languages import client_language, client_language_of_household, client_languages
from apps.core.permissions import require_login, require_perm
from apps.core.registry import person_badges
from apps.core.views_helpers import submit
from apps.programmes import client_texts, selectors, services
from apps.programmes.eligibility import EligibilityInput, household_input
from apps.programmes.forms import CopyForm, EligibilityForm, VersionForm, format_ages

# --- The case tab ----------------------------------------------------------------------------------


# Vulnerabilities recorded on the case (person badges, scoped to what the reader may see) that
# tick a special circumstance in advance; the counsellor still sees and may untick it.
CIRCUMSTANCE_OF_VULNERABILITY = {"trafficking": "trafficking_victim"}


def _initial(user, case) -> dict:
    """The form prefilled from the household: the principal's nationality and status, every
    member's age; the destination is the intended country of return, else the nationality;
    circumstances from the vulnerabilities recorded for the household's members."""
    prefill = household_input(case, "", None, ())
    recorded = {badge.get("code") for badges in person_badges(user, case).values() for badge in badges}
    circumstances = sorted({c for code, c in CIRCUMSTANCE_OF_VULNERABILITY.items() if code in recorded})
    return {"nationality": prefill.nationality,
            "destination": case.intended_return_country.code or prefill.nationality,
            "residence_status": prefill.residence_status, "ages": format_ages(prefill.ages),
            "circumstances": circumstances}


@require_perm("case.read")
def case_eligibility(request, pk):
    # The input (circumstances such as trafficking, residence status) is special-category data:
    # it is posted, never put into a URL (logs, history, Referer). The printable version is a
    # second submit button of the same form (print=1).
    case = case_for(request.user, pk)
    bound = request.method == "POST"
    form = EligibilityForm(request.POST if bound else None, initial=_initial(request.user, case))
    results = decision_date = None
    if bound and form.is_valid():
        data = form.cleaned_data
        inp = EligibilityInput(
            nationality=data["nationality"], destination=data["destination"],
            residence_status=data["residence_status"], months_of_stay=data["months_of_stay"],
            circumstances=frozenset(data["circumstances"]), ages=data["ages"], entry_date=data["entry_date"])
        decision_date = data["decision_date"] or timezone.localdate()
        results = selectors.eligibility_for_case(request.user, case, inp, decision_date)
        if request.POST.get("print"):
            # The explanation for the client (apps/programmes/client_texts.py: outcomes and
            # benefits in plain words, no staff reasons), in the language the client reads or
            # the one picked beside the button.
            language = client_language(request.POST.get("print_language")) \
                or client_language(client_language_of_household(case.household))
            with translation.override(language.code):
                return render(request, "programmes/eligibility_print.html", {
                    "case": case, "inp": inp, "explanation": client_texts.explanation(results),
                    "decision_date": decision_date, "sheet_language": language})
    return render(request, "programmes/case_eligibility.html", case_context(
        request, case, "eligibility", form=form, results=results, decision_date=decision_date,
        print_languages=client_languages(), print_language=client_language_of_household(case.household)))


# --- Administration ------------------------------------------------------------------------------


@require_perm("programme.manage")
def programme_list(request):
    return render(request, "programmes/programme_list.html",
                  {"programmes": selectors.programmes_with_versions()})


@require_login
def version_detail(request, pk):
    # Programme rules are public reference data: every signed-in user may read them.
    version = selectors.version_for(pk)
    return render(request, "programmes/version_detail.html", {
        "version": version, "rules_json": json.dumps(version.rules, ensure_ascii=False, indent=2)})


@require_perm("programme.manage")
def version_edit(request, pk):
    version = selectors.version_for(pk)
    form = VersionForm(request.POST or None, instance=version)

    def save():
        services.version_update(actor=request.user, version=version, data=form.changes(),
                                expected_version=form.cleaned_data["version"])

    if submit(request, form, save, success=_("The programme version has been saved."), locked=version):
        return redirect("programmes:version_detail", pk=version.pk)
    return render(request, "programmes/version_form.html", {
        "form": form, "version": version,
        "heading": _("Edit %(version)s") % {"version": version}, "submit_label": _("Save"),
        "cancel_url": reverse("programmes:version_detail", args=[version.pk])})


@require_perm("programme.manage")
def version_copy(request, pk):
    version = selectors.version_for(pk)
    form = CopyForm(request.POST or None)
    created = []

    def copy():
        created.append(services.version_copy(actor=request.user, version=version,
                                              valid_from=form.cleaned_data["valid_from"],
                                              label=form.cleaned_data["label"]))

    if submit(request, form, copy, success=_("The new version has been created; check its rules.")):
        return redirect("programmes:version_edit", pk=created[0].pk)
    return render(request, "programmes/version_form.html", {
        "form": form, "version": version,
        "heading": _("New version of %(programme)s from %(version)s") % {
            "programme": version.programme, "version": version.label},
        "submit_label": _("Create version"),
        "cancel_url": reverse("programmes:version_detail", args=[version.pk])})
