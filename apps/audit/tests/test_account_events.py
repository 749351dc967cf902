"""Account events for the data protection officer (apps.audit.views_account_events): the
organisation's sign-ins, failures, lockouts, second-factor and password events, nothing else."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.accounts.signals import record_security_event
from apps.audit.models import AuditEntry
from apps.audit.services import record
from tests.factories import member

URL = reverse("audit:account_events")


def login(client, user):
    client.force_login(type(user).objects.get(pk=user.pk))
    return client


def test_the_dpo_sees_the_account_events_of_the_organisation_in_words(client, personas, orgs):
    client.post(reverse("accounts:login"), {"username": personas.counsellor.email, "password": "wrong"})
    client.post(reverse("accounts:login"), {"username": "nobody@iom.test", "password": "wrong"})
    record_security_event("auth.second_factor_enrolled", actor=personas.counsellor, account=personas.counsellor)
    record_security_event("auth.login", actor=personas.coordinator, account=personas.coordinator)  # Diakonie
    record(personas.counsellor, "case.viewed", organisation_id=orgs.iom.pk)  # not an account event

    response = login(client, personas.iom_dpo).get(URL)

    assert response.status_code == 200
    actions = [row["entry"].action for row in response.context["rows"]]
    assert "auth.login_failed" in actions and "auth.second_factor_enrolled" in actions
    assert "case.viewed" not in actions and "coord@diakonie.test" not in response.content.decode()
    page = response.content.decode()
    assert "Sign-in failed" in page and "Second factor set up" in page and "auth.login_failed" not in page
    failed = next(row for row in response.context["rows"] if row["entry"].action == "auth.login_failed")
    assert failed["account"] == personas.counsellor.email  # the address typed in, for an anonymous attempt
    assert AuditEntry.objects.filter(action="audit.account_events_viewed", actor=personas.iom_dpo,
                                     organisation=orgs.iom).exists()


def test_filters_by_kind_user_and_period(client, personas):
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=10), tick=False):
        record_security_event("auth.login", actor=personas.team_lead, account=personas.team_lead)
    record_security_event("auth.locked_out", account=personas.counsellor, details={"username": "counsellor@iom.test"})
    record_security_event("auth.password_changed", actor=personas.team_lead, account=personas.team_lead)
    login(client, personas.iom_dpo)

    def actions(**query):
        return [row["entry"].action for row in client.get(URL, query).context["rows"]]

    assert actions(kind="lockout") == ["auth.locked_out"]
    assert actions(user="COUNSELLOR@iom.test", kind="lockout") == ["auth.locked_out"]
    assert set(actions(user="lead@iom.test")) == {"auth.login", "auth.password_changed"}
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert actions(user="lead@iom.test", date_to=yesterday) == ["auth.login"]


def test_a_password_reset_is_an_account_event(client, personas):
    client.post(reverse("accounts:password_reset"), {"email": personas.team_lead.email})
    entry = AuditEntry.objects.get(action="auth.password_reset_requested")
    assert entry.details == {"username": personas.team_lead.email} and entry.organisation_id is not None


def test_bad_filters_are_shown_and_outsiders_are_refused(client, personas, orgs):
    response = login(client, personas.iom_dpo).get(URL, {"kind": "hacking", "date_from": "2026-13-01"})
    assert response.status_code == 200 and response.context["page"] is None
    assert set(response.context["form"].errors) == {"kind", "date_from"}
    for persona in ("counsellor", "iom_admin", "statistics"):
        assert login(client, getattr(personas, persona)).get(URL).status_code == 403
    diakonie_dpo = member(orgs.diakonie, "data_protection_officer", email="dpo@diakonie.test")
    record_security_event("auth.login", actor=personas.counsellor, account=personas.counsellor)
    rows = login(client, diakonie_dpo).get(URL).context["rows"]
    assert {row["entry"].organisation_id for row in rows} == {orgs.diakonie.pk}  # their own sign-in only
