"""A valid request for every API write, built for its target (see tests/test_authorisation_matrix.py).

WRITES maps each write operation (by its operation id) to a builder. A builder gets the
world's objects for the route variant (`ctx.ids`: path parameter → Target, the restricted
case's variant included) and returns the body that the allowed persona's request succeeds
with, so that an outsider sending the very same request is stopped by nothing but the scope
or permission check. A builder runs inside the savepoint of its check: it may create what
its request needs (a proposed referral to send, a consent, a child), and all of it is
rolled back afterwards. Versions are read from the database, never from the world's copies.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.clients import services as client_services
from apps.clients.models import Consent, HouseholdMember
from apps.referrals import services as referral_services
from tests.matrix.documents import PDF
from tests.test_authorisation_matrix import Target


@dataclass
class Call:
    body: dict = field(default_factory=dict)
    files: dict | None = None  # multipart: body fields plus these files
    path: dict = field(default_factory=dict)  # path parameters to point elsewhere than the world's objects
    target: object | None = None  # the scope of a route without path parameters (a Target)


@dataclass
class Ctx:
    world: SimpleNamespace
    ids: dict  # path parameter → Target

    def obj(self, name: str):
        """The object behind a path parameter, read again from the database."""
        found = self.ids[name].obj
        return type(found).objects.get(pk=found.pk)

    def version(self, name: str) -> int:
        return self.obj(name).version

    @property
    def case(self):
        return self.obj("case_id")

    @property
    def principal(self):
        return HouseholdMember.objects.get(household_id=self.case.household_id, is_principal=True).person


def _consent(ctx: Ctx, purpose: str, recipient=None) -> Consent:
    return client_services.consent_record(actor=ctx.world.personas.counsellor, person=ctx.principal, data={
        "purpose": purpose, "recipient": recipient, "form": "written", "language": "fa"})


def _child(ctx: Ctx):
    counsellor, case = ctx.world.personas.counsellor, ctx.case
    child = client_services.person_create(actor=counsellor, organisation=case.organisation,
                                          data={"family_name": "Matrix", "given_names": "Child"})
    client_services.household_add_member(actor=counsellor, household=case.household, person=child,
                                         relationship="child")
    return child


def _in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def create_case(ctx: Ctx) -> Call:
    # A person without a household: the case gets a new one around them.
    person = client_services.person_create(actor=ctx.world.personas.counsellor, organisation=ctx.world.orgs.iom,
                                           data={"family_name": "Matrix", "given_names": "Newcomer"})
    return Call({"person_id": person.pk, "first_contact_source": "walk_in"}, target=Target(person, ctx.world.orgs.iom))


def create_person(ctx: Ctx) -> Call:
    iom = ctx.world.orgs.iom
    # Naming an organisation where the user may not write is refused as such (403), not hidden.
    return Call({"family_name": "Matrix", "given_names": "Person", "organisation_id": iom.pk},
                target=Target(iom, iom, refusal=403))


def create_disclosure(ctx: Ctx) -> Call:
    authority = ctx.world.orgs.authority
    consent = _consent(ctx, Consent.Purpose.DISCLOSURE_TO_AUTHORITY, authority)
    return Call({"recipient_id": authority.pk, "consent_id": consent.pk, "purpose": "programme_application",
                 "fields": ["name"]})


def schedule_virtual_counselling(ctx: Ctx) -> Call:
    # The consent names exactly the partner of the session (countryinfo's recipient key).
    client_services.consent_record(actor=ctx.world.personas.counsellor, person=ctx.principal, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER, "form": "written", "language": "fa"},
        recipient_key=ctx.ids["contact_id"].obj.pk)
    return Call({"contact_id": ctx.ids["contact_id"].obj.pk, "participant_ids": [ctx.principal.pk],
                 "scheduled_for": (timezone.now() + timedelta(days=3)).isoformat(), "language": "fa"})


def send_referral(ctx: Ctx) -> Call:
    # The world's referral is sent already: send a fresh proposal (the world holds the consent).
    proposal = referral_services.referral_create(
        actor=ctx.world.personas.counsellor, case=ctx.case, service=ctx.ids["service_id"].obj, person=ctx.principal,
        reason="Matrix", shared_fields=["name"])
    return Call(path={"referral_id": Target(proposal, ctx.world.orgs.iom)})


def upload_document(ctx: Ctx) -> Call:
    return Call({"document_type": "passport", "title": "Matrix passport", "person_id": ctx.principal.pk},
                files={"file": SimpleUploadedFile("passport.pdf", PDF, content_type="application/pdf")})


def create_appointment(ctx: Ctx) -> Call:
    slot = ctx.ids["slot_id"]
    return Call({"slot_id": slot.obj.pk, "person_id": ctx.principal.pk, "language": "fa"}, target=slot)


def cancel_event_registration(ctx: Ctx) -> Call:
    """Every network user holds a registration for the event, so each can cancel their own."""
    from apps.accounts.selectors import user_has_perm
    from apps.events import services as event_services

    event = ctx.obj("event_id")
    for user in vars(ctx.world.personas).values():
        if hasattr(user, "email") and user_has_perm(user, "network.participate"):
            event_services.registration_create_for_user(actor=user, event=event, consent=True,
                                                        base_url="http://testserver")
    return Call({})


WRITES: dict[str, Callable[[Ctx], Call]] = {
    # Cases, persons, sessions, tasks.
    "create_case": create_case,
    "update_case": lambda ctx: Call({"version": ctx.case.version, "intended_return_country": "AF"}),
    "create_person": create_person,
    "update_person": lambda ctx: Call({"version": ctx.version("person_id"), "city": "Trier"}),
    "create_session": lambda ctx: Call({"channel": "office", "language": "fa", "participant_ids": [ctx.principal.pk]}),
    "update_session": lambda ctx: Call({"version": ctx.version("session_id"), "location": "Matrix room"}),
    "create_task": lambda ctx: Call({"title": "Matrix task", "due_date": _in_days(7)}),
    "update_task": lambda ctx: Call({"title": "Matrix task, changed", "done": True}),
    # Assessments, vulnerabilities, children's participation.
    "create_assessment": lambda ctx: Call({
        "expected_latest_version": getattr(ctx.case.assessments.order_by("-number").first(), "number", 0),
        "answers": {"wishes": "Matrix answer"}}),
    "create_vulnerability": lambda ctx: Call({"person_id": ctx.principal.pk, "type_code": "single_parent",
                                              "identified_how": "self_disclosed", "severity": "medium"}),
    "update_vulnerability": lambda ctx: Call({"version": ctx.version("vulnerability_id"), "severity": "high"}),
    "create_child_participation": lambda ctx: Call({
        "child_id": _child(ctx).pk, "how_heard": "with_parent", "child_views": "Matrix views",
        "best_interests": "Matrix considerations"}),
    # Referrals: the case's side, the provider's inbox, incoming referrals.
    "create_referral": lambda ctx: Call({"service_id": ctx.ids["service_id"].obj.pk, "person_id": ctx.principal.pk,
                                         "reason": "Matrix", "shared_fields": ["name"]}),
    "send_referral": send_referral,
    "set_referral_status": lambda ctx: Call({"status": "accepted", "version": ctx.version("referral_id")}),
    "answer_inbox_referral": lambda ctx: Call({"status": "accepted", "version": ctx.version("inbox_referral_id")}),
    "create_incoming_referral": lambda ctx: Call({
        "to_organisation_id": ctx.world.orgs.iom.pk, "family_name": "Matrix", "given_names": "Referred",
        "language": "fa", "reason": "Return counselling", "consent_confirmed": True, "consent_form": "oral"}),
    # Documents.
    "upload_document": upload_document,
    "delete_document": lambda ctx: Call({"reason": "Uploaded to the wrong case"}),
    # Country information.
    "create_country_contact": lambda ctx: Call({"country": "IQ", "organisation_name": "IOM Erbil (Matrix)",
                                                "languages": ["ar"], "channels": ["video"]}),
    "create_country_request": lambda ctx: Call({"country": "AF", "topic": "medical_care",
                                                "question": "Is dialysis available in Herat?"}),
    "update_country_request": lambda ctx: Call({"version": ctx.version("request_id"), "sent_to": "IOM Kabul"}),
    "schedule_virtual_counselling": schedule_virtual_counselling,
    # Programmes and applications.
    "check_eligibility": lambda ctx: Call({"nationality": "IQ", "destination": "IQ", "residence_status": "toleration",
                                           "months_of_stay": 20, "ages": [36, 9]}),
    "create_application": lambda ctx: Call({"programme_version_id": ctx.ids["application_id"].obj.programme_version_id,
                                            "member_ids": [ctx.principal.pk]}),
    "transition_application": lambda ctx: Call({"to": "withdrawn", "version": ctx.version("application_id"),
                                                "withdrawal_note": "The family decided to stay"}),
    # Disclosures: the counsellor's side and the authority's inbox.
    "create_disclosure": create_disclosure,
    "revoke_disclosure": lambda ctx: Call({"version": ctx.version("disclosure_id")}),
    "confirm_inbox_disclosure": lambda ctx: Call({"version": ctx.version("inbox_disclosure_id")}),
    "ask_inbox_disclosure": lambda ctx: Call({"text": "Is the passport still valid?"}),
    "record_certificate": lambda ctx: Call({
        "number": "GÜB-MATRIX-1", "issued_on": _in_days(0), "valid_until": _in_days(30),
        "person_ids": [ctx.ids["inbox_disclosure_id"].obj.consent.person_id]}),
    # Reintegration.
    "create_plan": lambda ctx: Call({"partner_in_origin": "IOM Kabul (Matrix)",
                                     "goals": [{"dimension": "economic", "goal": "Small shop"}]}),
    "create_visits": lambda ctx: Call({"planned_for": _in_days(90)}),
    # Mobile counselling, tour planning, appointments.
    "create_hosting_request": lambda ctx: Call({
        "counselling_organisation_id": ctx.world.orgs.iom.pk, "premises_name": "Matrix-Haus",
        "district_ags": "07211", "frequency": "monthly"}),
    "solve_plan": lambda ctx: Call({"time_limit": 5}),
    "create_appointment": create_appointment,
    "cancel_appointment": lambda ctx: Call({"reason": "Matrix", "version": ctx.version("appointment_id")}),
    # Hotline (issue 10): calls and callbacks of the user's first hotline organisation.
    "create_call": lambda ctx: Call({"language": "fa", "outcomes": ["information"], "duration_minutes": 3}),
    "create_callback": lambda ctx: Call({"phone": "0651 7654321", "language": "fa", "window": "anytime"}),
    "create_callback_attempt": lambda ctx: Call({"outcome": "no_answer", "version": ctx.version("callback_id")}),
    "close_callback": lambda ctx: Call({"reason": "done", "version": ctx.version("callback_id")}),
    "public_booking": lambda ctx: Call({"slot_id": ctx.ids["public_slot_id"].obj.pk, "pseudonym": "Matrix",
                                        "phone": "0651 1234567", "language": "fa", "consent": True}),
    # Outreach: orders of printed materials.
    "create_material_order": lambda ctx: Call({"material_id": ctx.ids["order_id"].obj.material_id, "language": "ar",
                                               "quantity": 20, "delivery_address": "Matrix-Haus, Trier"}),
    "transition_material_order": lambda ctx: Call({"to": "confirmed", "version": ctx.version("incoming_order_id")}),
    # Network: expert questions to the Kompetenzzentrum (issue 11).
    "ask_expert_question": lambda ctx: Call({"competence_centre_id": ctx.world.orgs.diakonie.pk, "subject": "Matrix",
                                             "category": "other", "text": "Wie läuft das Verfahren?"}),
    "post_expert_question_message": lambda ctx: Call({"text": "Danke.", "version": ctx.version("question_id")}),
    # Events: registering oneself and cancelling one's registration (issue 11).
    "register_for_event": lambda ctx: Call({"consent": True, "accessibility_needs": "Induktionsschleife"}),
    "cancel_event_registration": cancel_event_registration,
}
