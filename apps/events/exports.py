"""The attendance list as an export (apps.core.exports): organisers download it in the request
(a short list); registered as an ExportKind for the job queue's exports page as well."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.exports import Column, ExportKind, Table
from apps.events.models import Event, Registration


def attendance_table(event: Event) -> Table:
    rows = event.registrations.exclude(status=Registration.Status.CANCELLED).select_related("organisation")
    start = timezone.localtime(event.starts_at)
    return Table(
        title=_("Attendance list"), filename=f"teilnahmeliste-{event.pk}",
        preamble=[f"{event.title} – {start:%d.%m.%Y %H:%M}"],
        columns=[Column(_("Name"), lambda r: r.name), Column(_("Organisation"), lambda r: r.organisation_label),
                 Column(_("E-mail"), lambda r: r.email), Column(_("Status"), lambda r: r.get_status_display()),
                 Column(_("Registered"), lambda r: r.created_at),
                 Column(_("Signature"), lambda r: "")],
        # Names are encrypted: sorted here (an event's list is short).
        rows=iter(sorted(rows, key=lambda r: (r.name.casefold(), r.pk))), total=rows.count())


def build_attendance(user, params: dict) -> Table:
    from apps.events.selectors import event_to_manage

    try:
        event_pk = int(params.get("event", ""))
    except (TypeError, ValueError) as error:
        raise ValidationError(_("Choose an event.")) from error
    return attendance_table(event_to_manage(user, event_pk))


ATTENDANCE_EXPORT = ExportKind(code="event_attendance", title=gettext_lazy("Attendance list of an event"),
                               permission="network.manage", build=build_attendance, personal_data=True)
