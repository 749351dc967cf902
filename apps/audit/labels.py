"""Words for the audit log: every action code a translated label ("case.viewed" → "Fall
angesehen"), every object a kind name and reference ("Eingehende Verweisung #2" for
"referrals.incomingreferral" #2). Stored entries keep their codes (stable, searchable, exported);
only their display is translated.

An action missing from ACTIONS still never shows as a raw code: it is told from the kind of
object and a verb that are known, else humanised ("foo.bar_baz" → "Foo: bar baz").
apps/audit/tests/test_labels.py fails on any action code in the source without a label.
"""

import re

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy as _

ACTIONS = {
    "agreement.created": _("audit action", "Cooperation agreement created"),
    "agreement.deleted": _("audit action", "Cooperation agreement deleted"),
    "agreement.file_downloaded": _("audit action", "Cooperation agreement file downloaded"),
    "agreement.updated": _("audit action", "Cooperation agreement changed"),
    "api_token.created": _("audit action", "API token created"),
    "api_token.revoked": _("audit action", "API token revoked"),
    "application.created": _("audit action", "Application created"),
    "application.declaration_recorded": _("audit action", "Signed declaration recorded"),
    "application.exported": _("audit action", "Application data exported"),
    "application.list_viewed": _("audit action", "Application list viewed"),
    "application.status_changed": _("audit action", "Application status changed"),
    "application.travel_document_recorded": _("audit action", "Travel document recorded"),
    "application.travel_saved": _("audit action", "Travel details saved"),
    "application.travel_sheet_viewed": _("audit action", "Travel information sheet viewed"),
    "application.updated": _("audit action", "Application changed"),
    "application.viewed": _("audit action", "Application viewed"),
    "appointment.attended": _("audit action", "Appointment attended"),
    "appointment.booked": _("audit action", "Appointment booked"),
    "appointment.cancelled": _("audit action", "Appointment cancelled"),
    "appointment.cancelled_notice_sent": _("audit action", "Cancellation notice sent"),
    "appointment.confirmation_sent": _("audit action", "Appointment confirmation sent"),
    "appointment.list_viewed": _("audit action", "Appointment list viewed"),
    "appointment.moved_notice_sent": _("audit action", "Notice of the new time sent"),
    "appointment.no_show": _("audit action", "Appointment missed"),
    "appointment.rebooked": _("audit action", "Appointment moved"),
    "appointment.reminder_notice_sent": _("audit action", "Appointment reminder sent"),
    "appointment.viewed": _("audit action", "Appointment viewed"),
    "assessment.created": _("audit action", "Needs assessment recorded"),
    "assessment.viewed": _("audit action", "Needs assessment viewed"),
    "assessment_question.created": _("audit action", "Assessment question created"),
    "assessment_question.deleted": _("audit action", "Assessment question deleted"),
    "assessment_question.updated": _("audit action", "Assessment question changed"),
    "assessment_section.created": _("audit action", "Assessment section created"),
    "assessment_section.updated": _("audit action", "Assessment section changed"),
    "audit.exported": _("audit action", "Audit log exported"),
    "audit.viewed": _("audit action", "Audit log viewed"),
    "auth.locked_out": _("audit action", "Account locked after failed sign-ins"),
    "auth.lockout_lifted": _("audit action", "Account lock lifted"),
    "auth.login": _("audit action", "Signed in"),
    "auth.login_failed": _("audit action", "Sign-in failed"),
    "auth.logout": _("audit action", "Signed out"),
    "auth.logout_all": _("audit action", "Signed out everywhere"),
    "auth.password_changed": _("audit action", "Password changed"),
    "auth.recovery_code_used": _("audit action", "Recovery code used"),
    "auth.recovery_codes_generated": _("audit action", "Recovery codes generated"),
    "auth.second_factor_enrolled": _("audit action", "Second factor set up"),
    "auth.second_factor_enrolment_issued": _("audit action", "Enrolment code for the second factor issued"),
    "auth.second_factor_enrolment_opened": _("audit action", "Second factor set-up opened"),
    "auth.second_factor_enrolment_refused": _("audit action", "Second factor set-up refused"),
    "auth.second_factor_failed": _("audit action", "Second factor wrong"),
    "auth.second_factor_reset": _("audit action", "Second factor reset"),
    "auth.second_factor_verified": _("audit action", "Second factor confirmed"),
    "border_crossing_certificate.recorded": _("audit action", "Border crossing certificate recorded"),
    "calendar_feed.viewed": _("audit action", "Calendar feed read"),
    "calendar_token.created": _("audit action", "Calendar link created"),
    "calendar_token.revoked": _("audit action", "Calendar link revoked"),
    "call.linked": _("audit action", "Call linked to a case or appointment"),
    "call.logged": _("audit action", "Call logged"),
    "call.updated": _("audit action", "Call changed"),
    "call.viewed": _("audit action", "Call viewed"),
    "callback.assigned": _("audit action", "Callback request assigned"),
    "callback.attempted": _("audit action", "Callback attempted"),
    "callback.closed": _("audit action", "Callback request closed"),
    "callback.created": _("audit action", "Callback request created"),
    "callback.linked": _("audit action", "Callback request linked to a case or appointment"),
    "callback.list_viewed": _("audit action", "Callback queue viewed"),
    "callback.overview_viewed": _("audit action", "Hotline overview viewed"),
    "callback.requested": _("audit action", "Callback requested (portal)"),
    "callback.requested_again": _("audit action", "Callback requested again (portal)"),
    "callback.viewed": _("audit action", "Callback request viewed"),
    "campaign.created": _("audit action", "Campaign created"),
    "campaign.figures_entered": _("audit action", "Campaign figures entered"),
    "campaign.updated": _("audit action", "Campaign changed"),
    "case.assigned": _("audit action", "Case assigned"),
    "case.closed": _("audit action", "Case closed"),
    "case.created": _("audit action", "Case opened"),
    "case.eligibility_checked": _("audit action", "Programme eligibility checked"),
    "case.list_viewed": _("audit action", "Case list viewed"),
    "case.outcome_programme": _("audit action", "Programme of return recorded"),
    "case.status_changed": _("audit action", "Case status changed"),
    "case.timeline_viewed": _("audit action", "Case timeline viewed"),
    "case.updated": _("audit action", "Case changed"),
    "case.viewed": _("audit action", "Case viewed"),
    "child_participation.list_viewed": _("audit action", "Children's participation viewed (list)"),
    "child_participation.recorded": _("audit action", "Child's participation recorded"),
    "child_participation.updated": _("audit action", "Child's participation changed"),
    "child_participation.viewed": _("audit action", "Child's participation viewed"),
    "consent.recipient_named": _("audit action", "Recipient of a consent named"),
    "consent.recorded": _("audit action", "Consent recorded"),
    "consent.withdrawn": _("audit action", "Consent withdrawn"),
    "counselling_day.cancelled": _("audit action", "Counselling day cancelled"),
    "counselling_day.created": _("audit action", "Counselling day created"),
    "counselling_day.list_viewed": _("audit action", "Counselling days viewed (list)"),
    "counselling_day.moved": _("audit action", "Counselling day moved"),
    "counselling_day.viewed": _("audit action", "Counselling day viewed"),
    "counselling_location.created": _("audit action", "Counselling location created"),
    "counselling_location.deactivated": _("audit action", "Counselling location deactivated"),
    "counselling_location.list_viewed": _("audit action", "Counselling locations viewed (list)"),
    "counselling_location.updated": _("audit action", "Counselling location changed"),
    "counselling_location.viewed": _("audit action", "Counselling location viewed"),
    "country_contact.created": _("audit action", "Contact in the country of origin created"),
    "country_contact.updated": _("audit action", "Contact in the country of origin changed"),
    "country_request.answered": _("audit action", "Country information request answered"),
    "country_request.created": _("audit action", "Country information request created"),
    "country_request.updated": _("audit action", "Country information request changed"),
    "country_request.viewed": _("audit action", "Country information request viewed"),
    "coverage.viewed": _("audit action", "District coverage viewed"),
    "demo.seeded": _("audit action", "Demo data loaded"),
    "disclosure.confirmed": _("audit action", "Disclosure confirmed by the recipient"),
    "disclosure.created": _("audit action", "Disclosure made"),
    "disclosure.document_downloaded": _("audit action", "Disclosed document downloaded"),
    "disclosure.inbox_list_viewed": _("audit action", "Received disclosures viewed (list)"),
    "disclosure.list_viewed": _("audit action", "Disclosures viewed (list)"),
    "disclosure.revoked": _("audit action", "Disclosure revoked"),
    "disclosure.viewed": _("audit action", "Disclosure viewed by the recipient"),
    "disclosure.viewed_by_owner": _("audit action", "Disclosure viewed"),
    "document.deleted": _("audit action", "Document deleted"),
    "document.downloaded": _("audit action", "Document downloaded"),
    "document.list_viewed": _("audit action", "Documents viewed (list)"),
    "document.previewed": _("audit action", "Document preview viewed"),
    "document.read_failed": _("audit action", "Document could not be read"),
    "document.uploaded": _("audit action", "Document uploaded"),
    "document.viewed": _("audit action", "Document viewed"),
    "event.attendance_exported": _("audit action", "Attendance list exported"),
    "event.attendance_recorded": _("audit action", "Attendance recorded"),
    "event.certificate_issued": _("audit action", "Certificate of attendance issued"),
    "event.created": _("audit action", "Event created"),
    "event.feedback_given": _("audit action", "Event feedback given"),
    "event.mail_queued": _("audit action", "Event e-mail queued"),
    "event.material_downloaded": _("audit action", "Event material downloaded"),
    "event.material_uploaded": _("audit action", "Event material uploaded"),
    "event.public_link_regenerated": _("audit action", "Public event link renewed"),
    "event.registered": _("audit action", "Registered for an event"),
    "event.registration_cancelled": _("audit action", "Event registration cancelled"),
    "event.registration_promoted": _("audit action", "Moved up from the waiting list"),
    "event.registration_viewed": _("audit action", "Event registration viewed"),
    "event.registrations_viewed": _("audit action", "Event registrations viewed (list)"),
    "event.status_changed": _("audit action", "Event status changed"),
    "event.updated": _("audit action", "Event changed"),
    "expert_question.asked": _("audit action", "Expert question asked"),
    "expert_question.assigned": _("audit action", "Expert question assigned"),
    "expert_question.closed": _("audit action", "Expert question closed"),
    "expert_question.list_viewed": _("audit action", "Expert questions viewed (list)"),
    "expert_question.message_posted": _("audit action", "Message on an expert question posted"),
    "expert_question.viewed": _("audit action", "Expert question viewed"),
    "expert_question.withdrawn": _("audit action", "Expert question withdrawn"),
    "export.downloaded": _("audit action", "Export downloaded"),
    "export.expired": _("audit action", "Export expired"),
    "export.failed": _("audit action", "Export failed"),
    "export.finished": _("audit action", "Export finished"),
    "export.requested": _("audit action", "Export requested"),
    "hosting_request.accepted": _("audit action", "Hosting request accepted"),
    "hosting_request.changes_proposed": _("audit action", "Changes to a hosting request proposed"),
    "hosting_request.declined": _("audit action", "Hosting request declined"),
    "hosting_request.list_viewed": _("audit action", "Hosting requests viewed (list)"),
    "hosting_request.submitted": _("audit action", "Hosting request submitted"),
    "hosting_request.viewed": _("audit action", "Hosting request viewed"),
    "hosting_request.withdrawn": _("audit action", "Hosting request withdrawn"),
    "household.created": _("audit action", "Household created"),
    "household.member_added": _("audit action", "Household member added"),
    "household.member_removed": _("audit action", "Household member removed"),
    "household.viewed": _("audit action", "Household viewed"),
    "incoming_referral.list_viewed": _("audit action", "Incoming referrals viewed (list)"),
    "incoming_referral.status_changed": _("audit action", "Incoming referral status changed"),
    "incoming_referral.submitted": _("audit action", "Referral to the counselling service submitted"),
    "incoming_referral.viewed": _("audit action", "Incoming referral viewed"),
    "indicator.updated": _("audit action", "Indicator changed"),
    "job.retried": _("audit action", "Background job started again"),
    "knowledge_article.created": _("audit action", "Knowledge article created"),
    "knowledge_article.updated": _("audit action", "Knowledge article changed"),
    "knowledge_article.viewed": _("audit action", "Knowledge article viewed"),
    "material.created": _("audit action", "Information material created"),
    "material.file_uploaded": _("audit action", "Material file uploaded"),
    "material.flyers_requested": _("audit action", "Flyers requested"),
    "material.text_removed": _("audit action", "Flyer text removed"),
    "material.text_set": _("audit action", "Flyer text saved"),
    "material.updated": _("audit action", "Information material changed"),
    "material_order.list_viewed": _("audit action", "Material orders viewed (list)"),
    "material_order.placed": _("audit action", "Material ordered"),
    "material_order.transitioned": _("audit action", "Material order status changed"),
    "material_order.viewed": _("audit action", "Material order viewed"),
    "membership.created": _("audit action", "Membership created"),
    "membership.updated": _("audit action", "Membership changed"),
    "monitoring.scheduled": _("audit action", "Monitoring visits scheduled"),
    "monitoring_visit.planned": _("audit action", "Monitoring visit planned"),
    "monitoring_visit.recorded": _("audit action", "Monitoring visit recorded"),
    "monitoring_visit.viewed": _("audit action", "Monitoring visit viewed"),
    "network_profile.updated": _("audit action", "Network profile changed"),
    "organisation.created": _("audit action", "Organisation created"),
    "outbound_message.failed": _("audit action", "Message could not be sent"),
    "outbound_message.retried": _("audit action", "Message sent again"),
    "partner_contact.consent_recorded": _("audit action", "Contact person's consent recorded"),
    "partner_contact.consent_withdrawn": _("audit action", "Contact person's consent withdrawn"),
    "partner_contact.created": _("audit action", "Partner contact created"),
    "partner_contact.list_viewed": _("audit action", "Partner contacts viewed (list)"),
    "partner_contact.updated": _("audit action", "Partner contact changed"),
    "partner_contact.viewed": _("audit action", "Partner contact viewed"),
    "person.created": _("audit action", "Person created"),
    "person.duplicates_checked": _("audit action", "Duplicate check run"),
    "person.list_viewed": _("audit action", "Persons viewed (list)"),
    "person.updated": _("audit action", "Person changed"),
    "person.viewed": _("audit action", "Person viewed"),
    "portal.accessibility_feedback_received": _("audit action", "Accessibility feedback received"),
    "portal.accessibility_feedback_viewed": _("audit action", "Accessibility feedback viewed"),
    "portal.text_changed": _("audit action", "Portal text changed"),
    "programme_version.created": _("audit action", "Programme version created"),
    "programme_version.updated": _("audit action", "Programme version changed"),
    "referral.created": _("audit action", "Referral created"),
    "referral.inbox_list_viewed": _("audit action", "Referral inbox viewed (list)"),
    "referral.inbox_viewed": _("audit action", "Received referral viewed"),
    "referral.letter_downloaded": _("audit action", "Referral letter downloaded"),
    "referral.list_viewed": _("audit action", "Referrals viewed (list)"),
    "referral.sent": _("audit action", "Referral sent"),
    "referral.status_changed": _("audit action", "Referral status changed"),
    "referral.viewed": _("audit action", "Referral viewed"),
    "reintegration.list_viewed": _("audit action", "Reintegration plans viewed (list)"),
    "reintegration.overview_viewed": _("audit action", "Reintegration results viewed"),
    "reintegration_handover.exported": _("audit action", "Reintegration handover exported"),
    "reintegration_plan.activity_added": _("audit action", "Activity added to the reintegration plan"),
    "reintegration_plan.activity_updated": _("audit action", "Activity of the reintegration plan changed"),
    "reintegration_plan.created": _("audit action", "Reintegration plan created"),
    "reintegration_plan.goal_added": _("audit action", "Goal added to the reintegration plan"),
    "reintegration_plan.handed_over": _("audit action", "Reintegration plan handed over"),
    "reintegration_plan.pdf_downloaded": _("audit action", "Reintegration plan PDF downloaded"),
    "reintegration_plan.updated": _("audit action", "Reintegration plan changed"),
    "reintegration_plan.viewed": _("audit action", "Reintegration plan viewed"),
    "report.records_viewed": _("audit action", "Records behind a figure viewed"),
    "report.viewed": _("audit action", "Report viewed"),
    "service.created": _("audit action", "Service created"),
    "service.updated": _("audit action", "Service changed"),
    "session.created": _("audit action", "Counselling session recorded"),
    "session.updated": _("audit action", "Counselling session changed"),
    "session.viewed": _("audit action", "Counselling session viewed"),
    "task.created": _("audit action", "Task created"),
    "task.done": _("audit action", "Task done"),
    "task.updated": _("audit action", "Task changed"),
    "tour_plan.accepted": _("audit action", "Tour plan accepted"),
    "tour_plan.created": _("audit action", "Tour plan created"),
    "tour_plan.forbid_added": _("audit action", "Tour plan: excluded day added"),
    "tour_plan.forbid_removed": _("audit action", "Tour plan: excluded day removed"),
    "tour_plan.pin_added": _("audit action", "Tour plan: fixed day added"),
    "tour_plan.pin_removed": _("audit action", "Tour plan: fixed day removed"),
    "tour_plan.solve_requested": _("audit action", "Tour plan calculation started"),
    "tour_plan.solved": _("audit action", "Tour plan calculated"),
    "virtual_counselling.cancelled": _("audit action", "Virtual counselling cancelled"),
    "virtual_counselling.held": _("audit action", "Virtual counselling held"),
    "virtual_counselling.scheduled": _("audit action", "Virtual counselling scheduled"),
    "virtual_counselling.viewed": _("audit action", "Virtual counselling viewed"),
    "vulnerability.closed": _("audit action", "Vulnerability closed"),
    "vulnerability.list_viewed": _("audit action", "Vulnerabilities viewed (list)"),
    "vulnerability.recorded": _("audit action", "Vulnerability recorded"),
    "vulnerability.updated": _("audit action", "Vulnerability changed"),
    "vulnerability.viewed": _("audit action", "Vulnerability viewed"),
    "vulnerability_type.created": _("audit action", "Vulnerability type created"),
    "vulnerability_type.updated": _("audit action", "Vulnerability type changed"),
}

# For codes made at run time that ACTIONS does not list (e.g. "<model>.list_viewed" of the API).
VERBS = {
    "created": _("audit verb", "created"),
    "updated": _("audit verb", "changed"),
    "deleted": _("audit verb", "deleted"),
    "viewed": _("audit verb", "viewed"),
    "list_viewed": _("audit verb", "viewed (list)"),
    "exported": _("audit verb", "exported"),
    "downloaded": _("audit verb", "downloaded"),
    "linked": _("audit verb", "linked"),
    "cancelled": _("audit verb", "cancelled"),
    "closed": _("audit verb", "closed"),
    "withdrawn": _("audit verb", "withdrawn"),
    "revoked": _("audit verb", "revoked"),
    "recorded": _("audit verb", "recorded"),
    "status_changed": _("audit verb", "status changed"),
}

_GENERATED_LABEL = re.compile(r"^[a-z][a-z ]* #(?P<ref>\S+)(?P<rest>.*)$")


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _noun(noun: str) -> str:
    """A noun of an action code ("incoming_referral", "counsellingsession") → the model's name."""
    wanted = noun.replace("_", "")
    for model in apps.get_models():
        if model._meta.model_name == wanted or getattr(model, "audit_noun", "").replace(" ", "") == wanted:
            return capfirst(str(model._meta.verbose_name))
    return capfirst(noun.replace("_", " "))


def action_label(code: str) -> str:
    """The translated label of an action code; never the code itself."""
    if not code:
        return ""
    if code in ACTIONS:
        return str(ACTIONS[code])
    noun, _dot, verb = code.partition(".")
    verb_text = str(VERBS[verb]) if verb in VERBS else verb.replace("_", " ").replace(".", " ")
    return f"{_noun(noun)}: {verb_text}" if verb_text else _noun(noun)


# Models whose verbose_name is not translated (Django's default from the class name).
KINDS = {
    "reintegration.handover": _("audit object", "Handover of the reintegration plan"),
    "reintegration.monitoringvisit": _("audit object", "Monitoring visit"),
}


def object_kind(object_type: str) -> str:
    """"referrals.incomingreferral" → "Eingehende Verweisung" (in the user's language)."""
    if not object_type:
        return ""
    if object_type in KINDS:
        return str(KINDS[object_type])
    model = _model(object_type)
    if model is not None:
        return capfirst(str(model._meta.verbose_name))
    return capfirst(object_type.rpartition(".")[2].replace("_", " "))


def object_display(object_type: str, object_id: str, object_label: str) -> str:
    """Kind name and reference: "Fall IOM-2025-000123", "Eingehende Verweisung #2"."""
    kind = object_kind(object_type)
    generated = _GENERATED_LABEL.match(object_label or "")
    if generated:
        reference = f"#{generated['ref']}{generated['rest']}"
    else:
        reference = object_label or (f"#{object_id}" if object_id else "")
    if kind and reference:
        return f"{kind} {reference}"
    return kind or reference or "—"
