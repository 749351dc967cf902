"""A monitoring visit recorded before its planned date is never taken silently: the form warns,
and the service refuses it until the early date is confirmed (then the audit entry says so)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.reintegration import services
from apps.reintegration.models import MonitoringVisit

pytestmark = pytest.mark.django_db
TODAY = date(2027, 3, 1)


@pytest.fixture
def visit(personas, iom_case):
    return services.visit_plan(actor=personas.counsellor, case=iom_case, planned_for=date(2027, 3, 15))


def _record(personas, visit, **extra):
    return services.visit_record(actor=personas.counsellor, visit=visit, expected_version=visit.version,
                                 done_on=date(2027, 2, 26), channel="phone", answers={"housing": "good"}, **extra)


def test_an_early_date_needs_confirmation_and_is_audited_as_early(personas, visit):
    with pytest.raises(ValidationError) as refused:
        _record(personas, visit)
    assert "15.03.2027" in str(refused.value.message_dict["confirm_early"])
    assert MonitoringVisit.objects.get(pk=visit.pk).done_on is None
    recorded = _record(personas, visit, confirm_early=True)
    assert recorded.done_on == date(2027, 2, 26)
    entry = AuditEntry.objects.get(action="monitoring_visit.recorded")
    assert entry.details["before_planned_date"] is True


def test_on_or_after_the_planned_date_needs_no_confirmation(personas, visit):
    services.visit_record(actor=personas.counsellor, visit=visit, expected_version=1, done_on=visit.planned_for,
                          channel="phone", answers={"housing": "good"})
    assert "before_planned_date" not in AuditEntry.objects.get(action="monitoring_visit.recorded").details


@time_machine.travel(TODAY, tick=False)
def test_the_form_warns_and_asks_for_the_confirmation(client, personas, visit):
    client.force_login(personas.counsellor)
    url = reverse("reintegration:visit_record", args=[visit.pk])
    page = client.get(url).content.decode()
    assert "This visit is planned for 15.03.2027, which is still ahead." in page
    assert 'name="confirm_early"' in page and "Planned for 15.03.2027." in page
    data = {"version": 1, "done_on": "2027-02-26", "channel": "phone", "q_housing": "good"}
    response = client.post(url, data)
    assert response.status_code == 200  # back to the form, the input kept, the warning at the checkbox
    assert "the date entered, 26.02.2027, is before it" in response.content.decode()
    assert MonitoringVisit.objects.get(pk=visit.pk).done_on is None
    response = client.post(url, data | {"confirm_early": "on"})
    assert response.status_code == 302
    assert MonitoringVisit.objects.get(pk=visit.pk).done_on == date(2027, 2, 26)
