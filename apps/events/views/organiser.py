"""The organisers' pages (network.manage in the organising organisation): create and edit
events, publish or cancel them, the public link, registrations and waiting list, the
attendance list (with its export), certificates, feedback results and materials."""

import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from apps.accounts.selectors import organisations_with
from apps.audit.services import record
from apps.core.exports import write_csv, write_xlsx
from apps.core.links import site_url_of
from apps.core.permissions import require_perm
from apps.core.storage import file_response
from apps.core.views_helpers import run_reporting, submit
from apps.events import selectors, services
from apps.events.certificates import certificate_filename, certificate_issue
from apps.events.exports import attendance_table
from apps.events.forms import ATTENDANCE_CHOICES, EventForm, MaterialForm
from apps.events.models import Event, Registration
from apps.events.views.common import render_page

MANAGE = "network.manage"


@require_perm(MANAGE)
def event_create(request):
    organisation = organisations_with(request.user, MANAGE)[0]
    form = EventForm(request.POST or None)
    created = {}

    def create():
        created["event"] = services.event_create(actor=request.user, organisation=organisation,
                                                 data=form.event_data())

    if submit(request, form, create, success=_("The event has been created as a draft.")):
        return redirect("events:manage", pk=created["event"].pk)
    return render_page(request, "events/form.html", {"form": form, "heading": _("New event")})


@require_perm(MANAGE)
def event_edit(request, pk):
    event = selectors.event_to_manage(request.user, pk)
    form = EventForm.for_event(event, request.POST or None)
    if submit(request, form, lambda: services.event_update(
            actor=request.user, event=event, data=form.event_data(),
            expected_version=form.cleaned_data["version"] or 0),
            success=_("The event has been saved."), locked=event):
        return redirect("events:manage", pk=event.pk)
    return render_page(request, "events/form.html", {"form": form, "heading": event.title, "event": event})


@require_safe
@require_perm(MANAGE)
def event_manage(request, pk):
    event = selectors.event_to_manage(request.user, pk)
    registrations = list(selectors.registrations_of(event))
    record(request.user, "event.registrations_viewed", event, details={"count": len(registrations)})
    with_language = site_url_of(request)
    from django.utils import translation

    with translation.override("de"):
        public_link = with_language + reverse("portal:event_register", args=[event.public_token])
    return render_page(request, "events/manage.html", {
        "event": event, "public_link": public_link,
        "confirmed": [r for r in registrations if r.holds_seat],
        "waiting": [r for r in registrations if r.status == Registration.Status.WAITING],
        "others": [r for r in registrations if r.status in (Registration.Status.CANCELLED,
                                                             Registration.Status.NO_SHOW)],
        "materials": selectors.materials_of(event), "material_form": MaterialForm(),
        "moves": sorted(services.STATUS_MOVES.get(event.status, ())),
        "status_labels": dict(Event.Status.choices)})


@require_POST
@require_perm(MANAGE)
def event_status(request, pk):
    event = selectors.event_to_manage(request.user, pk)
    status = request.POST.get("status", "")
    run_reporting(request, lambda: services.event_set_status(actor=request.user, event=event, status=status),
                  success=_("The status of the event has been changed."))
    return redirect("events:manage", pk=event.pk)


@require_POST
@require_perm(MANAGE)
def regenerate_link(request, pk):
    event = selectors.event_to_manage(request.user, pk)
    run_reporting(request, lambda: services.event_regenerate_link(actor=request.user, event=event),
                  success=_("The event has a new public link; the old one no longer works."))
    return redirect("events:manage", pk=event.pk)


@require_POST
@require_perm(MANAGE)
def cancel_registration(request, pk, registration_pk):
    registration = selectors.registration_to_manage(request.user, pk, registration_pk)
    run_reporting(request, lambda: services.registration_cancel(registration=registration, actor=request.user),
                  success=_("The registration has been cancelled."))
    return redirect("events:manage", pk=pk)


@require_perm(MANAGE)
def attendance(request, pk):
    """One row per confirmed registrant with three radio buttons: quick with Tab and arrows."""
    event = selectors.event_to_manage(request.user, pk)
    rows = [r for r in selectors.registrations_of(event) if r.status in (
        Registration.Status.CONFIRMED, Registration.Status.ATTENDED, Registration.Status.NO_SHOW)]
    if request.method == "POST":
        marks = {}
        for registration in rows:
            value = request.POST.get(f"r{registration.pk}")
            if value in dict(ATTENDANCE_CHOICES):
                marks[registration.pk] = value
        if run_reporting(request, lambda: services.attendance_mark(actor=request.user, event=event, marks=marks),
                         success=_("The attendance list has been saved.")):
            return redirect("events:attendance", pk=event.pk)
    record(request.user, "event.registrations_viewed", event, details={"count": len(rows), "page": "attendance"})
    return render_page(request, "events/attendance.html", {
        "event": event, "rows": rows, "choices": ATTENDANCE_CHOICES})


@require_safe
@require_perm(MANAGE)
def attendance_export(request, pk):
    """The attendance list as CSV or (?format=xlsx) Excel, written in the request: it is short."""
    event = selectors.event_to_manage(request.user, pk)
    table = attendance_table(event)
    excel = request.GET.get("format") == "xlsx"
    buffer = io.BytesIO()
    (write_xlsx if excel else write_csv)(table, buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument"
                            ".spreadsheetml.sheet" if excel else "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.filename}.{"xlsx" if excel else "csv"}"'
    response["Cache-Control"] = "no-store"
    record(request.user, "event.attendance_exported", event, details={"format": "xlsx" if excel else "csv"})
    return response


@require_safe
@require_perm(MANAGE)
def certificate(request, pk, registration_pk):
    registration = selectors.registration_to_manage(request.user, pk, registration_pk)
    if registration.status != Registration.Status.ATTENDED:
        messages.error(request, _("A certificate is issued only for attendance."))
        return redirect("events:attendance", pk=pk)
    data = certificate_issue(registration, actor=request.user, via="organiser")
    return file_response(data, content_type="application/pdf", filename=certificate_filename(registration))


@require_safe
@require_perm(MANAGE)
def feedback_results(request, pk):
    event = selectors.event_to_manage(request.user, pk)
    results = selectors.feedback_results(event)
    return render_page(request, "events/feedback_results.html", {"event": event, "results": results})


@require_POST
@require_perm(MANAGE)
def material_upload(request, pk):
    event = selectors.event_to_manage(request.user, pk)
    form = MaterialForm(request.POST, request.FILES)
    run_reporting(request, lambda: services.material_upload(
        actor=request.user, event=event, title=form.cleaned_data["title"],
        uploaded_file=form.cleaned_data["file"]), form=form, invalid=_("Please check the title and the file."),
        success=_("The material has been added."))
    return redirect("events:manage", pk=event.pk)
