from apps.audit.context import client_ip
from apps.audit.models import AuditEntry
from apps.audit.services import record


def test_record_writes_actor_organisation_and_client_ip(personas, orgs):
    token = client_ip.set("203.0.113.7")
    try:
        entry = record(personas.counsellor, "case.viewed", organisation_id=orgs.iom.pk, case_id=42,
                       details={"tab": "overview"})
    finally:
        client_ip.reset(token)

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor_id == personas.counsellor.pk
    assert stored.actor_email == "counsellor@iom.test"
    assert stored.organisation_id == orgs.iom.pk
    assert stored.ip == "203.0.113.7"
    assert (stored.action, stored.case_id, stored.details) == ("case.viewed", 42, {"tab": "overview"})


def test_record_takes_organisation_case_and_label_from_the_object(iom_case, personas):
    entry = record(personas.counsellor, "case.viewed", iom_case)

    assert entry.organisation_id == iom_case.organisation_id
    assert entry.case_id == iom_case.pk
    assert (entry.object_type, entry.object_id) == ("cases.case", str(iom_case.pk))
    assert entry.object_label == iom_case.reference


def test_record_for_an_anonymous_actor_keeps_no_user(db):
    from django.contrib.auth.models import AnonymousUser

    entry = record(AnonymousUser(), "auth.login_failed")

    assert entry.actor_id is None
    assert entry.actor_email == ""
    assert entry.ip is None
