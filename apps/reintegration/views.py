"""Reintegration tab of a case, plans, handover, monitoring visits and the aggregate overview."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.audit.services import record
from apps.cases.pages import case_context
from apps.cases.selectors import case_for
from apps.clients.selectors import persons_of_household
from apps.core.languages import language_name
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.countryinfo.selectors import contacts_for_case
from apps.reintegration import selectors, services
from apps.reintegration.forms import ActivityForm, GoalForm, HandoverForm, PlanForm, ScheduleForm, VisitForm
from apps.reintegration.labels import pdf_language
from apps.reintegration.models import Dimension
from apps.reintegration.pdf import plan_pdf


@require_perm("case.read")
def case_reintegration(request, pk):
    case = case_for(request.user, pk)
    plans = list(selectors.plans_of(case))
    visits = selectors.redact_visits(request.user, list(selectors.visits_of(case)))
    record(request.user, "reintegration.list_viewed", organisation_id=case.organisation_id, case_id=case.pk,
           details={"plan_ids": [p.pk for p in plans], "visit_ids": [v.pk for v in visits]})
    return render(request, "reintegration/case_reintegration.html", case_context(
        request, case, "reintegration", plans=plans, visits=visits,
        schedule_form=ScheduleForm(initial={"departed_on": selectors.departure_date(case)}),
        survey=selectors.active_survey()))


@require_perm("case.write")
def plan_create(request, pk):
    case = case_for(request.user, pk)
    form = PlanForm(request.POST or None, persons=persons_of_household(case.household_id),
                    contacts=contacts_for_case(case), initial={"person": _principal_id(case)})
    created = {}

    def create():
        data = form.plan_data()
        created["plan"] = services.plan_create(actor=request.user, case=case, person=data["person"],
                                               partner_in_origin=data["partner_in_origin"],
                                               partner_contact=data["partner_contact"])

    if submit(request, form, create, success=_("The reintegration plan has been created.")):
        return redirect("reintegration:plan_detail", pk=created["plan"].pk)
    return render(request, "cases/case_form.html", case_context(
        request, case, "reintegration", form=form, heading=_("New plan"), submit_label=_("Save plan"),
        cancel_url=reverse("reintegration:case_reintegration", args=[case.pk])))


def _principal_id(case) -> int | None:
    member = case.household.members.filter(is_principal=True).first()
    return member.person_id if member else None


@require_perm("case.read")
def plan_detail(request, pk):
    plan = selectors.plan_for(request.user, pk)
    language = selectors.first_language(plan.person)
    budget = selectors.budget_summary(plan)
    # The dimensions are fixed choices: their labels come from gettext, never the raw code.
    budget_rows = [(Dimension(code).label, row) for code, row in budget["by_dimension"].items()]
    return render(request, "reintegration/plan_detail.html", case_context(
        request, plan.case, "reintegration", plan=plan, goals=selectors.goals_of(plan),
        budget=budget, budget_rows=budget_rows, handovers=list(selectors.handovers_of(plan)),
        goal_form=GoalForm(initial={"version": plan.version}),
        client_language=pdf_language(language), client_language_code=language,
        consent=selectors.handover_consent(plan)))


@require_perm("case.write")
def plan_edit(request, pk):
    plan = selectors.plan_for(request.user, pk, audit=request.method == "GET")
    case = plan.case
    form = PlanForm(request.POST or None, persons=persons_of_household(case.household_id),
                    contacts=contacts_for_case(case), with_status=True, initial={
                        "version": plan.version, "person": plan.person_id, "status": plan.status,
                        "partner_in_origin": plan.partner_in_origin, "partner_contact": plan.partner_contact_id})

    def save():
        data = form.plan_data()
        if not data.get("status"):
            data.pop("status", None)
        services.plan_update(actor=request.user, plan=plan, expected_version=form.cleaned_data["version"],
                             data=data)

    if submit(request, form, save, success=_("The plan has been saved."), locked=plan):
        return redirect("reintegration:plan_detail", pk=plan.pk)
    return render(request, "cases/case_form.html", case_context(
        request, case, "reintegration", form=form, heading=_("Edit plan"), submit_label=_("Save plan"),
        cancel_url=reverse("reintegration:plan_detail", args=[plan.pk])))


@require_perm("case.write")
def goal_add(request, pk):
    plan = selectors.plan_for(request.user, pk, audit=False)
    form = GoalForm(request.POST or None, initial={"version": plan.version})

    def add():
        data = form.cleaned_data
        services.goal_add(actor=request.user, plan=plan, expected_version=data["version"],
                          dimension=data["dimension"], goal=data["goal"])

    if submit(request, form, add, success=_("The goal has been added."), locked=plan):
        return redirect("reintegration:plan_detail", pk=plan.pk)
    return render(request, "cases/case_form.html", case_context(
        request, plan.case, "reintegration", form=form, heading=_("Add goal"), submit_label=_("Add goal"),
        cancel_url=reverse("reintegration:plan_detail", args=[plan.pk])))


@require_perm("case.write")
def activity_add(request, pk):
    goal = selectors.goal_for(request.user, pk)
    plan = goal.plan
    form = ActivityForm(request.POST or None, initial={"version": plan.version})

    def add():
        services.activity_add(actor=request.user, goal=goal, expected_version=form.cleaned_data["version"],
                              data=form.activity_data())

    if submit(request, form, add, success=_("The activity has been added."), locked=plan):
        return redirect("reintegration:plan_detail", pk=plan.pk)
    return render(request, "cases/case_form.html", case_context(
        request, plan.case, "reintegration", form=form, heading=_("Add activity"), submit_label=_("Add activity"),
        cancel_url=reverse("reintegration:plan_detail", args=[plan.pk])))


@require_perm("case.read")
def plan_pdf_download(request, pk):
    """The plan as PDF: ?language=de (default) or ?language=client (the person's first language)."""
    plan = selectors.plan_for(request.user, pk, audit=False)
    wanted = request.GET.get("language", "de")
    language = pdf_language(selectors.first_language(plan.person) if wanted == "client" else wanted)
    record(request.user, "reintegration_plan.pdf_downloaded", plan, organisation_id=plan.case.organisation_id,
           case_id=plan.case_id, person_id=plan.person_id, details={"language": language})
    data = selectors.plan_data(plan, selectors.ALL_FIELDS)
    response = HttpResponse(plan_pdf(data, language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="reintegrationsplan-{plan.pk}-{language}.pdf"'
    return response


@require_perm("case.write")
def handover_create(request, pk):
    plan = selectors.plan_for(request.user, pk, audit=False)
    language = pdf_language(selectors.first_language(plan.person))
    languages = [(code, language_name(code)) for code in dict.fromkeys(["de", language, "en"])]
    form = HandoverForm(request.POST or None, languages=languages,
                        initial={"language": language, "version": plan.version})
    created = {}

    def create():
        created["handover"] = services.handover_create(actor=request.user, plan=plan,
                                                       fields=form.cleaned_data["fields"],
                                                       language=form.cleaned_data["language"],
                                                       expected_version=form.cleaned_data["version"])

    if submit(request, form, create, success=_("The plan has been handed over. Download the export below."),
              locked=plan):
        return redirect("reintegration:plan_detail", pk=plan.pk)
    return render(request, "reintegration/handover_form.html", case_context(
        request, plan.case, "reintegration", form=form, plan=plan,
        consent=selectors.handover_consent(plan)))


def _handover_data(request, pk, export_format: str):
    """The handover's exported data (audited), or None after the consent was withdrawn."""
    handover = selectors.handover_for(request.user, pk)
    data = selectors.handover_export(handover)
    if data is None:
        messages.error(request, _("The client has withdrawn the consent to this handover: its data may no longer "
                                  "be passed on."))
    else:
        plan = handover.plan
        record(request.user, "reintegration_handover.exported", handover, organisation_id=plan.case.organisation_id,
               case_id=plan.case_id, person_id=plan.person_id, details={"format": export_format})
    return handover, data


@require_perm("case.read")
def handover_json(request, pk):
    handover, data = _handover_data(request, pk, "json")
    if data is None:
        return redirect("reintegration:plan_detail", pk=handover.plan_id)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="uebergabe-{handover.pk}.json"'
    return response


@require_perm("case.read")
def handover_pdf(request, pk):
    handover, data = _handover_data(request, pk, "pdf")
    if data is None:
        return redirect("reintegration:plan_detail", pk=handover.plan_id)
    response = HttpResponse(plan_pdf(data, handover.language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="uebergabe-{handover.pk}.pdf"'
    return response


@require_POST
@require_perm("case.write")
def monitoring_schedule(request, pk):
    case = case_for(request.user, pk, audit=False)
    form = ScheduleForm(request.POST)
    run_reporting(request, lambda: services.schedule_monitoring(
        actor=request.user, case=case, departed_on=form.cleaned_data["departed_on"]),
        success=_("The monitoring visits have been planned."), form=form, invalid=_("Enter the date of departure."))
    return redirect("reintegration:case_reintegration", pk=case.pk)


@require_perm("case.read")
def visit_detail(request, pk):
    visit = selectors.visit_for(request.user, pk)
    answers = selectors.visit_answers(visit, request.user)
    selectors.redact_visits(request.user, [visit])
    return render(request, "reintegration/visit_detail.html", case_context(
        request, visit.case, "reintegration", visit=visit, answers=answers))


@require_perm("case.write")
def visit_record(request, pk):
    # The form shows the recorded answers: showing it is a read (a POST is audited as the write).
    visit = selectors.visit_for(request.user, pk, audit=request.method == "GET")
    survey = selectors.survey_definition(visit.survey_id)
    hide = selectors.hides_psychosocial(request.user, visit.case.organisation_id)
    initial = {"version": visit.version, "done_on": visit.done_on, "channel": visit.channel,
               "interviewer": visit.interviewer, "notes": "" if hide else visit.notes}
    initial |= {f"q_{row['question'].code}": row["option_code"]
                for row in selectors.visit_answers(visit, request.user)}
    form = VisitForm(request.POST or None, survey=survey, initial=initial, hide_psychosocial=hide)
    planned = visit.planned_for.strftime("%d.%m.%Y")
    form.fields["confirm_early"].help_text = _("Planned for %(date)s. Tick only when the visit really took place "
                                               "before that date.") % {"date": planned}
    if request.method == "GET" and visit.planned_for > timezone.localdate():
        messages.warning(request, _("This visit is planned for %(date)s, which is still ahead. Record it now only "
                                    "if it took place early, and confirm that below.") % {"date": planned})

    def save():
        data = form.cleaned_data
        services.visit_record(actor=request.user, visit=visit, expected_version=data["version"],
                              done_on=data["done_on"], channel=data["channel"], interviewer=data["interviewer"],
                              notes=data.get("notes", ""), answers=form.answers(),
                              confirm_early=data.get("confirm_early", False))

    if submit(request, form, save, success=_("The monitoring visit has been recorded."), locked=visit):
        return redirect("reintegration:visit_detail", pk=visit.pk)
    return render(request, "cases/case_form.html", case_context(
        request, visit.case, "reintegration", form=form, heading=_("Record monitoring visit"),
        submit_label=_("Save visit"), cancel_url=reverse("reintegration:case_reintegration", args=[visit.case_id])))


@require_perm("case.read")
def overview(request):
    rows = selectors.score_overview(request.user)
    record(request.user, "reintegration.overview_viewed", details={"groups": len(rows)})
    return render(request, "reintegration/overview.html", {"rows": rows,
                                                           "suppress_below": selectors.SUPPRESS_BELOW})
