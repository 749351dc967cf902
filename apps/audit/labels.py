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
from django.utils.translation import pgettext, pgettext_lazy

ACTIONS = {
    "agreement.created": pgettext_lazy("audit action", "Cooperation agreement created"),
    "agreement.deleted": pgettext_lazy("audit action", "Cooperation agreement deleted"),
    "agreement.file_downloaded": pgettext_lazy("audit action", "Cooperation agreement file downloaded"),
    "agreement.updated": pgettext_lazy("audit action", "Cooperation agreement changed"),
    "api_token.created": pgettext_lazy("audit action", "API token created"),
    "api_token.revoked": pgettext_lazy("audit action", "API token revoked"),
    "application.created": pgettext_lazy("audit action", "Application created"),
    "application.declaration_recorded": pgettext_lazy("audit action", "Signed declaration recorded"),
    "application.exported": pgettext_lazy("audit action", "Application data exported"),
    "application.list_viewed": pgettext_lazy("audit action", "Application list viewed"),
    "application.status_changed": pgettext_lazy("audit action", "Application status changed"),
    "application.travel_document_recorded": pgettext_lazy("audit action", "Travel document recorded"),
    "application.travel_saved": pgettext_lazy("audit action", "Travel details saved"),
    "application.travel_sheet_viewed": pgettext_lazy("audit action", "Travel information sheet viewed"),
    "application.updated": pgettext_lazy("audit action", "Application changed"),
    "application.viewed": pgettext_lazy("audit action", "Application viewed"),
    "appointment.attended": pgettext_lazy("audit action", "Appointment attended"),
    "appointment.booked": pgettext_lazy("audit action", "Appointment booked"),
    "appointment.cancelled": pgettext_lazy("audit action", "Appointment cancelled"),
    "appointment.cancelled_notice_sent": pgettext_lazy("audit action", "Cancellation notice sent"),
    "appointment.confirmation_sent": pgettext_lazy("audit action", "Appointment confirmation sent"),
    "appointment.list_viewed": pgettext_lazy("audit action", "Appointment list viewed"),
    "appointment.moved_notice_sent": pgettext_lazy("audit action", "Notice of the new time sent"),
    "appointment.no_show": pgettext_lazy("audit action", "Appointment missed"),
    "appointment.rebooked": pgettext_lazy("audit action", "Appointment moved"),
    "appointment.reminder_notice_sent": pgettext_lazy("audit action", "Appointment reminder sent"),
    "appointment.viewed": pgettext_lazy("audit action", "Appointment viewed"),
    "assessment.created": pgettext_lazy("audit action", "Needs assessment recorded"),
    "assessment.viewed": pgettext_lazy("audit action", "Needs assessment viewed"),
    "assessment_question.created": pgettext_lazy("audit action", "Assessment question created"),
    "assessment_question.deleted": pgettext_lazy("audit action", "Assessment question deleted"),
    "assessment_question.updated": pgettext_lazy("audit action", "Assessment question changed"),
    "assessment_section.created": pgettext_lazy("audit action", "Assessment section created"),
    "assessment_section.updated": pgettext_lazy("audit action", "Assessment section changed"),
    "audit.account_events_viewed": pgettext_lazy("audit action", "Account events viewed"),
    "audit.exported": pgettext_lazy("audit action", "Audit log exported"),
    "audit.purged": pgettext_lazy("audit action", "Old audit entries deleted (retention)"),
    "audit.viewed": pgettext_lazy("audit action", "Audit log viewed"),
    "auth.locked_out": pgettext_lazy("audit action", "Account locked after failed sign-ins"),
    "auth.lockout_lifted": pgettext_lazy("audit action", "Account lock lifted"),
    "auth.login": pgettext_lazy("audit action", "Signed in"),
    "auth.login_failed": pgettext_lazy("audit action", "Sign-in failed"),
    "auth.logout": pgettext_lazy("audit action", "Signed out"),
    "auth.logout_all": pgettext_lazy("audit action", "Signed out everywhere"),
    "auth.password_changed": pgettext_lazy("audit action", "Password changed"),
    "auth.password_reset_completed": pgettext_lazy("audit action", "Password set by an e-mailed link"),
    "auth.password_reset_requested": pgettext_lazy("audit action", "Password link requested"),
    "auth.recovery_code_used": pgettext_lazy("audit action", "Recovery code used"),
    "auth.recovery_codes_generated": pgettext_lazy("audit action", "Recovery codes generated"),
    "auth.second_factor_enrolled": pgettext_lazy("audit action", "Second factor set up"),
    "auth.second_factor_enrolment_issued": pgettext_lazy("audit action", "Enrolment code for the second factor issued"),
    "auth.second_factor_enrolment_opened": pgettext_lazy("audit action", "Second factor set-up opened"),
    "auth.second_factor_enrolment_refused": pgettext_lazy("audit action", "Second factor set-up refused"),
    "auth.second_factor_failed": pgettext_lazy("audit action", "Second factor wrong"),
    "auth.second_factor_reset": pgettext_lazy("audit action", "Second factor reset"),
    "auth.second_factor_verified": pgettext_lazy("audit action", "Second factor confirmed"),
    "border_crossing_certificate.recorded": pgettext_lazy("audit action", "Border crossing certificate recorded"),
    "calendar_feed.viewed": pgettext_lazy("audit action", "Calendar feed read"),
    "calendar_token.created": pgettext_lazy("audit action", "Calendar link created"),
    "calendar_token.revoked": pgettext_lazy("audit action", "Calendar link revoked"),
    "call.linked": pgettext_lazy("audit action", "Call linked to a case or appointment"),
    "call.logged": pgettext_lazy("audit action", "Call logged"),
    "call.updated": pgettext_lazy("audit action", "Call changed"),
    "call.viewed": pgettext_lazy("audit action", "Call viewed"),
    "callback.assigned": pgettext_lazy("audit action", "Callback request assigned"),
    "callback.attempted": pgettext_lazy("audit action", "Callback attempted"),
    "callback.closed": pgettext_lazy("audit action", "Callback request closed"),
    "callback.created": pgettext_lazy("audit action", "Callback request created"),
    "callback.linked": pgettext_lazy("audit action", "Callback request linked to a case or appointment"),
    "callback.list_viewed": pgettext_lazy("audit action", "Callback queue viewed"),
    "callback.overview_viewed": pgettext_lazy("audit action", "Hotline overview viewed"),
    "callback.requested": pgettext_lazy("audit action", "Callback requested (portal)"),
    "callback.requested_again": pgettext_lazy("audit action", "Callback requested again (portal)"),
    "callback.viewed": pgettext_lazy("audit action", "Callback request viewed"),
    "campaign.created": pgettext_lazy("audit action", "Campaign created"),
    "campaign.figures_entered": pgettext_lazy("audit action", "Campaign figures entered"),
    "campaign.updated": pgettext_lazy("audit action", "Campaign changed"),
    "case.assigned": pgettext_lazy("audit action", "Case assigned"),
    "case.closed": pgettext_lazy("audit action", "Case closed"),
    "case.created": pgettext_lazy("audit action", "Case opened"),
    "case.eligibility_checked": pgettext_lazy("audit action", "Programme eligibility checked"),
    "case.list_viewed": pgettext_lazy("audit action", "Case list viewed"),
    "case.outcome_programme": pgettext_lazy("audit action", "Programme of return recorded"),
    "case.status_changed": pgettext_lazy("audit action", "Case status changed"),
    "case.timeline_viewed": pgettext_lazy("audit action", "Case timeline viewed"),
    "case.updated": pgettext_lazy("audit action", "Case changed"),
    "case.viewed": pgettext_lazy("audit action", "Case viewed"),
    "child_participation.list_viewed": pgettext_lazy("audit action", "Children's participation viewed (list)"),
    "child_participation.recorded": pgettext_lazy("audit action", "Child's participation recorded"),
    "child_participation.updated": pgettext_lazy("audit action", "Child's participation changed"),
    "child_participation.viewed": pgettext_lazy("audit action", "Child's participation viewed"),
    "consent.recipient_named": pgettext_lazy("audit action", "Recipient of a consent named"),
    "consent.recorded": pgettext_lazy("audit action", "Consent recorded"),
    "consent.withdrawn": pgettext_lazy("audit action", "Consent withdrawn"),
    "counselling_day.cancelled": pgettext_lazy("audit action", "Counselling day cancelled"),
    "counselling_day.created": pgettext_lazy("audit action", "Counselling day created"),
    "counselling_day.list_viewed": pgettext_lazy("audit action", "Counselling days viewed (list)"),
    "counselling_day.moved": pgettext_lazy("audit action", "Counselling day moved"),
    "counselling_day.viewed": pgettext_lazy("audit action", "Counselling day viewed"),
    "counselling_location.created": pgettext_lazy("audit action", "Counselling location created"),
    "counselling_location.deactivated": pgettext_lazy("audit action", "Counselling location deactivated"),
    "counselling_location.list_viewed": pgettext_lazy("audit action", "Counselling locations viewed (list)"),
    "counselling_location.updated": pgettext_lazy("audit action", "Counselling location changed"),
    "counselling_location.viewed": pgettext_lazy("audit action", "Counselling location viewed"),
    "country_contact.created": pgettext_lazy("audit action", "Contact in the country of origin created"),
    "country_contact.updated": pgettext_lazy("audit action", "Contact in the country of origin changed"),
    "country_request.answered": pgettext_lazy("audit action", "Country information request answered"),
    "country_request.created": pgettext_lazy("audit action", "Country information request created"),
    "country_request.updated": pgettext_lazy("audit action", "Country information request changed"),
    "country_request.viewed": pgettext_lazy("audit action", "Country information request viewed"),
    "coverage.viewed": pgettext_lazy("audit action", "District coverage viewed"),
    "demo.seeded": pgettext_lazy("audit action", "Demo data loaded"),
    "disclosure.confirmed": pgettext_lazy("audit action", "Disclosure confirmed by the recipient"),
    "disclosure.created": pgettext_lazy("audit action", "Disclosure made"),
    "disclosure.document_downloaded": pgettext_lazy("audit action", "Disclosed document downloaded"),
    "disclosure.dpo_register_viewed": pgettext_lazy("audit action",
                                                     "Register of disclosures viewed (data protection)"),
    "disclosure.inbox_list_viewed": pgettext_lazy("audit action", "Received disclosures viewed (list)"),
    "disclosure.list_viewed": pgettext_lazy("audit action", "Disclosures viewed (list)"),
    "disclosure.revoked": pgettext_lazy("audit action", "Disclosure revoked"),
    "disclosure.viewed": pgettext_lazy("audit action", "Disclosure viewed by the recipient"),
    "disclosure.viewed_by_owner": pgettext_lazy("audit action", "Disclosure viewed"),
    "document.deleted": pgettext_lazy("audit action", "Document deleted"),
    "document.downloaded": pgettext_lazy("audit action", "Document downloaded"),
    "document.list_viewed": pgettext_lazy("audit action", "Documents viewed (list)"),
    "document.previewed": pgettext_lazy("audit action", "Document preview viewed"),
    "document.read_failed": pgettext_lazy("audit action", "Document could not be read"),
    "document.uploaded": pgettext_lazy("audit action", "Document uploaded"),
    "document.viewed": pgettext_lazy("audit action", "Document viewed"),
    "duplicate_pair.deferred": pgettext_lazy("audit action", "Possible duplicate put off for later"),
    "duplicate_pair.dismissed": pgettext_lazy("audit action", "Possible duplicate marked as not a duplicate"),
    "duplicate_review.finished": pgettext_lazy("audit action", "Search for duplicates finished"),
    "duplicate_review.requested": pgettext_lazy("audit action", "Search for duplicates started"),
    "erasure_request.approved": pgettext_lazy("audit action", "Erasure approved (second officer)"),
    "erasure_request.created": pgettext_lazy("audit action", "Erasure requested"),
    "erasure_request.executed": pgettext_lazy("audit action", "Erasure carried out"),
    "erasure_request.failed": pgettext_lazy("audit action", "Erasure failed"),
    "erasure_request.rejected": pgettext_lazy("audit action", "Erasure request rejected"),
    "erasure_request.viewed": pgettext_lazy("audit action", "Erasure request viewed"),
    "event.attendance_exported": pgettext_lazy("audit action", "Attendance list exported"),
    "event.attendance_recorded": pgettext_lazy("audit action", "Attendance recorded"),
    "event.certificate_issued": pgettext_lazy("audit action", "Certificate of attendance issued"),
    "event.created": pgettext_lazy("audit action", "Event created"),
    "event.feedback_given": pgettext_lazy("audit action", "Event feedback given"),
    "event.mail_queued": pgettext_lazy("audit action", "Event e-mail queued"),
    "event.material_downloaded": pgettext_lazy("audit action", "Event material downloaded"),
    "event.material_uploaded": pgettext_lazy("audit action", "Event material uploaded"),
    "event.public_link_regenerated": pgettext_lazy("audit action", "Public event link renewed"),
    "event.registered": pgettext_lazy("audit action", "Registered for an event"),
    "event.registration_cancelled": pgettext_lazy("audit action", "Event registration cancelled"),
    "event.registration_promoted": pgettext_lazy("audit action", "Moved up from the waiting list"),
    "event.registration_viewed": pgettext_lazy("audit action", "Event registration viewed"),
    "event.registrations_viewed": pgettext_lazy("audit action", "Event registrations viewed (list)"),
    "event.status_changed": pgettext_lazy("audit action", "Event status changed"),
    "event.updated": pgettext_lazy("audit action", "Event changed"),
    "expert_question.asked": pgettext_lazy("audit action", "Expert question asked"),
    "expert_question.assigned": pgettext_lazy("audit action", "Expert question assigned"),
    "expert_question.closed": pgettext_lazy("audit action", "Expert question closed"),
    "expert_question.list_viewed": pgettext_lazy("audit action", "Expert questions viewed (list)"),
    "expert_question.message_posted": pgettext_lazy("audit action", "Message on an expert question posted"),
    "expert_question.viewed": pgettext_lazy("audit action", "Expert question viewed"),
    "expert_question.withdrawn": pgettext_lazy("audit action", "Expert question withdrawn"),
    "export.downloaded": pgettext_lazy("audit action", "Export downloaded"),
    "export.expired": pgettext_lazy("audit action", "Export expired"),
    "export.failed": pgettext_lazy("audit action", "Export failed"),
    "export.finished": pgettext_lazy("audit action", "Export finished"),
    "export.requested": pgettext_lazy("audit action", "Export requested"),
    "hosting_request.accepted": pgettext_lazy("audit action", "Hosting request accepted"),
    "hosting_request.changes_proposed": pgettext_lazy("audit action", "Changes to a hosting request proposed"),
    "hosting_request.declined": pgettext_lazy("audit action", "Hosting request declined"),
    "hosting_request.list_viewed": pgettext_lazy("audit action", "Hosting requests viewed (list)"),
    "hosting_request.submitted": pgettext_lazy("audit action", "Hosting request submitted"),
    "hosting_request.viewed": pgettext_lazy("audit action", "Hosting request viewed"),
    "hosting_request.withdrawn": pgettext_lazy("audit action", "Hosting request withdrawn"),
    "household.created": pgettext_lazy("audit action", "Household created"),
    "household.member_added": pgettext_lazy("audit action", "Household member added"),
    "household.member_removed": pgettext_lazy("audit action", "Household member removed"),
    "household.viewed": pgettext_lazy("audit action", "Household viewed"),
    "incoming_referral.list_viewed": pgettext_lazy("audit action", "Incoming referrals viewed (list)"),
    "incoming_referral.status_changed": pgettext_lazy("audit action", "Incoming referral status changed"),
    "incoming_referral.submitted": pgettext_lazy("audit action", "Referral to the counselling service submitted"),
    "incoming_referral.viewed": pgettext_lazy("audit action", "Incoming referral viewed"),
    "indicator.updated": pgettext_lazy("audit action", "Indicator changed"),
    "job.retried": pgettext_lazy("audit action", "Background job started again"),
    "knowledge_article.created": pgettext_lazy("audit action", "Knowledge article created"),
    "knowledge_article.updated": pgettext_lazy("audit action", "Knowledge article changed"),
    "knowledge_article.viewed": pgettext_lazy("audit action", "Knowledge article viewed"),
    "legal_hold.lifted": pgettext_lazy("audit action", "Legal hold lifted"),
    "legal_hold.list_viewed": pgettext_lazy("audit action", "Legal holds viewed (list)"),
    "legal_hold.set": pgettext_lazy("audit action", "Legal hold set"),
    "material.created": pgettext_lazy("audit action", "Information material created"),
    "material.file_uploaded": pgettext_lazy("audit action", "Material file uploaded"),
    "material.flyers_requested": pgettext_lazy("audit action", "Flyers requested"),
    "material.text_removed": pgettext_lazy("audit action", "Flyer text removed"),
    "material.text_set": pgettext_lazy("audit action", "Flyer text saved"),
    "material.updated": pgettext_lazy("audit action", "Information material changed"),
    "material_order.list_viewed": pgettext_lazy("audit action", "Material orders viewed (list)"),
    "material_order.placed": pgettext_lazy("audit action", "Material ordered"),
    "material_order.transitioned": pgettext_lazy("audit action", "Material order status changed"),
    "material_order.viewed": pgettext_lazy("audit action", "Material order viewed"),
    "membership.created": pgettext_lazy("audit action", "Membership created"),
    "membership.updated": pgettext_lazy("audit action", "Membership changed"),
    "monitoring.scheduled": pgettext_lazy("audit action", "Monitoring visits scheduled"),
    "monitoring_visit.planned": pgettext_lazy("audit action", "Monitoring visit planned"),
    "monitoring_visit.recorded": pgettext_lazy("audit action", "Monitoring visit recorded"),
    "monitoring_visit.viewed": pgettext_lazy("audit action", "Monitoring visit viewed"),
    "network_profile.updated": pgettext_lazy("audit action", "Network profile changed"),
    "organisation.created": pgettext_lazy("audit action", "Organisation created"),
    "outbound_message.failed": pgettext_lazy("audit action", "Message could not be sent"),
    "outbound_message.retried": pgettext_lazy("audit action", "Message sent again"),
    "partner_contact.consent_recorded": pgettext_lazy("audit action", "Contact person's consent recorded"),
    "partner_contact.consent_withdrawn": pgettext_lazy("audit action", "Contact person's consent withdrawn"),
    "partner_contact.created": pgettext_lazy("audit action", "Partner contact created"),
    "partner_contact.list_viewed": pgettext_lazy("audit action", "Partner contacts viewed (list)"),
    "partner_contact.updated": pgettext_lazy("audit action", "Partner contact changed"),
    "partner_contact.viewed": pgettext_lazy("audit action", "Partner contact viewed"),
    "person.created": pgettext_lazy("audit action", "Person created"),
    "person.duplicates_checked": pgettext_lazy("audit action", "Duplicate check run"),
    "person.list_viewed": pgettext_lazy("audit action", "Persons viewed (list)"),
    "person.merged": pgettext_lazy("audit action", "Persons merged (duplicate)"),
    "person.unmerged": pgettext_lazy("audit action", "Merge of persons undone"),
    "person.updated": pgettext_lazy("audit action", "Person changed"),
    "person.viewed": pgettext_lazy("audit action", "Person viewed"),
    "portal.accessibility_feedback_received": pgettext_lazy("audit action", "Accessibility feedback received"),
    "portal.accessibility_feedback_viewed": pgettext_lazy("audit action", "Accessibility feedback viewed"),
    "portal.text_changed": pgettext_lazy("audit action", "Portal text changed"),
    "privacy.subject_searched": pgettext_lazy("audit action", "Person searched for data protection"),
    "processing_record.exported": pgettext_lazy("audit action", "Records of processing exported"),
    "programme_version.created": pgettext_lazy("audit action", "Programme version created"),
    "programme_version.updated": pgettext_lazy("audit action", "Programme version changed"),
    "referral.created": pgettext_lazy("audit action", "Referral created"),
    "referral.inbox_list_viewed": pgettext_lazy("audit action", "Referral inbox viewed (list)"),
    "referral.inbox_viewed": pgettext_lazy("audit action", "Received referral viewed"),
    "referral.letter_downloaded": pgettext_lazy("audit action", "Referral letter downloaded"),
    "referral.list_viewed": pgettext_lazy("audit action", "Referrals viewed (list)"),
    "referral.sent": pgettext_lazy("audit action", "Referral sent"),
    "referral.status_changed": pgettext_lazy("audit action", "Referral status changed"),
    "referral.viewed": pgettext_lazy("audit action", "Referral viewed"),
    "reintegration.list_viewed": pgettext_lazy("audit action", "Reintegration plans viewed (list)"),
    "reintegration.overview_viewed": pgettext_lazy("audit action", "Reintegration results viewed"),
    "reintegration_handover.exported": pgettext_lazy("audit action", "Reintegration handover exported"),
    "reintegration_plan.activity_added": pgettext_lazy("audit action", "Activity added to the reintegration plan"),
    "reintegration_plan.activity_updated": pgettext_lazy("audit action", "Activity of the reintegration plan changed"),
    "reintegration_plan.created": pgettext_lazy("audit action", "Reintegration plan created"),
    "reintegration_plan.goal_added": pgettext_lazy("audit action", "Goal added to the reintegration plan"),
    "reintegration_plan.handed_over": pgettext_lazy("audit action", "Reintegration plan handed over"),
    "reintegration_plan.pdf_downloaded": pgettext_lazy("audit action", "Reintegration plan PDF downloaded"),
    "reintegration_plan.updated": pgettext_lazy("audit action", "Reintegration plan changed"),
    "reintegration_plan.viewed": pgettext_lazy("audit action", "Reintegration plan viewed"),
    "report.records_viewed": pgettext_lazy("audit action", "Records behind a figure viewed"),
    "report.viewed": pgettext_lazy("audit action", "Report viewed"),
    "retention.disabled": pgettext_lazy("audit action", "Daily retention run switched off"),
    "retention.enabled": pgettext_lazy("audit action", "Daily retention run switched on"),
    "retention_rule.confirmed": pgettext_lazy("audit action", "Retention rule confirmed"),
    "retention_rule.defaults_created": pgettext_lazy("audit action", "Default retention rules created"),
    "retention_rule.updated": pgettext_lazy("audit action", "Retention rule changed"),
    "retention_run.failed": pgettext_lazy("audit action", "Retention run failed"),
    "retention_run.finished": pgettext_lazy("audit action", "Retention run finished"),
    "retention_run.requested": pgettext_lazy("audit action", "Retention run requested"),
    "service.created": pgettext_lazy("audit action", "Service created"),
    "service.updated": pgettext_lazy("audit action", "Service changed"),
    "session.created": pgettext_lazy("audit action", "Counselling session recorded"),
    "session.updated": pgettext_lazy("audit action", "Counselling session changed"),
    "session.viewed": pgettext_lazy("audit action", "Counselling session viewed"),
    "subject_access.searched": pgettext_lazy("audit action", "Persons searched for a subject-access export"),
    "subject_access_export.downloaded": pgettext_lazy("audit action", "Subject-access export downloaded"),
    "subject_access_export.expired": pgettext_lazy("audit action", "Subject-access export expired"),
    "subject_access_export.failed": pgettext_lazy("audit action", "Subject-access export failed"),
    "subject_access_export.finished": pgettext_lazy("audit action", "Subject-access export finished"),
    "subject_access_export.requested": pgettext_lazy("audit action", "Subject-access export requested"),
    "task.created": pgettext_lazy("audit action", "Task created"),
    "task.done": pgettext_lazy("audit action", "Task done"),
    "task.updated": pgettext_lazy("audit action", "Task changed"),
    "tour_plan.accepted": pgettext_lazy("audit action", "Tour plan accepted"),
    "tour_plan.created": pgettext_lazy("audit action", "Tour plan created"),
    "tour_plan.forbid_added": pgettext_lazy("audit action", "Tour plan: excluded day added"),
    "tour_plan.forbid_removed": pgettext_lazy("audit action", "Tour plan: excluded day removed"),
    "tour_plan.pin_added": pgettext_lazy("audit action", "Tour plan: fixed day added"),
    "tour_plan.pin_removed": pgettext_lazy("audit action", "Tour plan: fixed day removed"),
    "tour_plan.solve_requested": pgettext_lazy("audit action", "Tour plan calculation started"),
    "tour_plan.solved": pgettext_lazy("audit action", "Tour plan calculated"),
    "virtual_counselling.cancelled": pgettext_lazy("audit action", "Virtual counselling cancelled"),
    "virtual_counselling.held": pgettext_lazy("audit action", "Virtual counselling held"),
    "virtual_counselling.scheduled": pgettext_lazy("audit action", "Virtual counselling scheduled"),
    "virtual_counselling.viewed": pgettext_lazy("audit action", "Virtual counselling viewed"),
    "vulnerability.closed": pgettext_lazy("audit action", "Vulnerability closed"),
    "vulnerability.list_viewed": pgettext_lazy("audit action", "Vulnerabilities viewed (list)"),
    "vulnerability.recorded": pgettext_lazy("audit action", "Vulnerability recorded"),
    "vulnerability.updated": pgettext_lazy("audit action", "Vulnerability changed"),
    "vulnerability.viewed": pgettext_lazy("audit action", "Vulnerability viewed"),
    "vulnerability_type.created": pgettext_lazy("audit action", "Vulnerability type created"),
    "vulnerability_type.updated": pgettext_lazy("audit action", "Vulnerability type changed"),
}

# For codes made at run time that ACTIONS does not list (e.g. "<model>.list_viewed" of the API).
VERBS = {
    "created": pgettext_lazy("audit verb", "created"),
    "updated": pgettext_lazy("audit verb", "changed"),
    "deleted": pgettext_lazy("audit verb", "deleted"),
    "viewed": pgettext_lazy("audit verb", "viewed"),
    "list_viewed": pgettext_lazy("audit verb", "viewed (list)"),
    "exported": pgettext_lazy("audit verb", "exported"),
    "downloaded": pgettext_lazy("audit verb", "downloaded"),
    "linked": pgettext_lazy("audit verb", "linked"),
    "cancelled": pgettext_lazy("audit verb", "cancelled"),
    "closed": pgettext_lazy("audit verb", "closed"),
    "withdrawn": pgettext_lazy("audit verb", "withdrawn"),
    "revoked": pgettext_lazy("audit verb", "revoked"),
    "recorded": pgettext_lazy("audit verb", "recorded"),
    "status_changed": pgettext_lazy("audit verb", "status changed"),
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
    "reintegration.handover": pgettext_lazy("audit object", "Handover of the reintegration plan"),
    "reintegration.monitoringvisit": pgettext_lazy("audit object", "Monitoring visit"),
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


def action_choices() -> list:
    """The audit log's action filter: per kind of record (a group, sorted by name), first "all
    actions" on it (the code prefix "case." matches every case action), then each action."""
    groups: dict[str, list] = {}
    for code in ACTIONS:
        groups.setdefault(code.partition(".")[0], []).append(code)
    choices = []
    for noun, codes in sorted(groups.items(), key=lambda item: _noun(item[0]).casefold()):
        name = _noun(noun)
        options = [(f"{noun}.", pgettext("audit filter", "%(kind)s: all actions") % {"kind": name})]
        options += sorted(((code, action_label(code)) for code in codes), key=lambda o: o[1].casefold())
        choices.append((name, options))
    return [("", pgettext("audit filter", "All actions")), *choices]
