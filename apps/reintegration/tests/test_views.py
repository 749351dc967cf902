"""The reintegration pages through the client, with real permissions."""

import io
import json
from datetime import date

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.audit.models import AuditEntry
from apps.clients import services as client_services
from apps.reintegration import services
from apps.reintegration.labels import labels_for
from apps.reintegration.models import Handover, MonitoringVisit, PlanGoal, ReintegrationPlan


def _text(response) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_tab_lists_plans_and_visits_and_is_audited(client, personas, iom_case, plan):
    services.schedule_monitoring(actor=personas.counsellor, case=iom_case, departed_on=date(2026, 1, 10))
    client.force_login(personas.counsellor)
    response = client.get(reverse("reintegration:case_reintegration", args=[iom_case.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Reintegration" in content and "New plan" in content and "IOM Kabul (fiktiv)" in content
    assert "10.04.2026" in content
    entry = AuditEntry.objects.get(action="reintegration.list_viewed")
    assert entry.details["plan_ids"] == [plan.pk] and len(entry.details["visit_ids"]) == 3


def test_tab_queries_stay_constant_with_more_rows(client, personas, iom_case, django_assert_max_num_queries):
    client.force_login(personas.counsellor)
    url = reverse("reintegration:case_reintegration", args=[iom_case.pk])
    services.plan_create(actor=personas.counsellor, case=iom_case)
    services.visit_plan(actor=personas.counsellor, case=iom_case, planned_for=date(2026, 5, 1))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_row:
        client.get(url)
    for _ in range(4):
        services.plan_create(actor=personas.counsellor, case=iom_case)
        services.visit_plan(actor=personas.counsellor, case=iom_case, planned_for=date(2026, 5, 1))
    with django_assert_max_num_queries(len(one_row)):
        response = client.get(url)
    assert response.content.decode().count("reintegration-plans/") >= 5


def test_outsiders_get_404_and_hotline_without_write_cannot_create(client, personas, iom_case, plan):
    client.force_login(personas.diakonie_counsellor)
    assert client.get(reverse("reintegration:case_reintegration", args=[iom_case.pk])).status_code == 404
    assert client.get(reverse("reintegration:plan_detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("reintegration:plan_pdf", args=[plan.pk])).status_code == 404
    client.force_login(personas.authority)
    assert client.get(reverse("reintegration:plan_detail", args=[plan.pk])).status_code == 403


def test_counsellor_creates_plan_adds_goal_and_activity(client, personas, iom_case, principal):
    client.force_login(personas.counsellor)
    response = client.post(reverse("reintegration:plan_create", args=[iom_case.pk]), {
        "person": principal.pk, "partner_in_origin": "IOM Erbil (fiktiv)"})
    plan = ReintegrationPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reintegration:plan_detail",
                                                                           args=[plan.pk])
    response = client.post(reverse("reintegration:goal_add", args=[plan.pk]), {
        "version": plan.version, "dimension": "social", "goal": "Find a flat near the family"})
    assert response.status_code == 302
    goal = PlanGoal.objects.get()
    response = client.post(reverse("reintegration:activity_add", args=[goal.pk]), {
        "version": 2, "activity": "Rent deposit", "responsible": "Client", "due": "2027-02-01",
        "due_precision": "month", "budget_amount": "400", "budget_kind": "cash",
        "funding_source": "REAG/GARP Starthilfe", "status": "planned"})
    assert response.status_code == 302
    page = client.get(reverse("reintegration:plan_detail", args=[plan.pk])).content.decode()
    assert "Find a flat near the family" in page and "Rent deposit" in page and "400.00 EUR" in page
    assert "Plan as PDF (German)" in page and "Plan as PDF (client's language)" in page
    assert AuditEntry.objects.filter(action="reintegration_plan.viewed", object_id=str(plan.pk)).exists()


def test_goal_form_keeps_input_after_a_concurrent_edit(client, personas, plan):
    client.force_login(personas.counsellor)
    services.goal_add(actor=personas.team_lead, plan=plan, expected_version=1, dimension="economic", goal="Other")
    response = client.post(reverse("reintegration:goal_add", args=[plan.pk]), {
        "version": 1, "dimension": "social", "goal": "My goal text"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else has changed this record" in content and "My goal text" in content
    assert 'value="2"' in content  # the newest version, to save again consciously


def test_plan_pdf_in_german_and_in_arabic(client, personas, orgs):
    """PDFs are read back: German labels, and for an Arabic speaker Arabic labels and text."""
    from tests.factories import make_case

    case = make_case(personas.counsellor, orgs.iom, family_name="Al-Jabouri", given_names="Ahmed")
    person = case.household.members.get().person
    person.languages.all().delete()
    person.languages.create(language="ar", level="native")
    plan = services.plan_create(actor=personas.counsellor, case=case, partner_in_origin="IOM Erbil (fiktiv)")
    goal = services.goal_add(actor=personas.counsellor, plan=plan, expected_version=1, dimension="economic",
                             goal="فتح متجر صغير في الموصل")
    services.activity_add(actor=personas.counsellor, goal=goal, expected_version=2, data={
        "activity": "شراء آلات خياطة", "budget_amount": "1000", "budget_kind": "in_kind"})
    client.force_login(personas.counsellor)
    german = client.get(reverse("reintegration:plan_pdf", args=[plan.pk]) + "?language=de")
    assert german.status_code == 200 and german["Content-Type"] == "application/pdf"
    text = _text(german)
    # The dimension's heading is a gettext label like the others (German from the German catalogue).
    for label in ("Reintegrationsplan", labels_for("de")["economic"], "Partner im Herkunftsland",
                  "Budgetübersicht", "Sachleistung", "1000.00 EUR"):
        assert label in text
    arabic = _text(client.get(reverse("reintegration:plan_pdf", args=[plan.pk]) + "?language=client"))
    for words in ("خطة إعادة الإدماج", "البعد الاقتصادي", "الشريك في بلد المنشأ", "ملخص الميزانية",
                  "فتح متجر صغير في الموصل", "شراء آلات خياطة", "Ahmed Al-Jabouri"):
        assert words in arabic
    downloads = AuditEntry.objects.filter(action="reintegration_plan.pdf_downloaded").order_by("id")
    assert [e.details["language"] for e in downloads] == ["de", "ar"]


def test_handover_refused_without_consent_with_a_clear_message(client, personas, full_plan):
    client.force_login(personas.counsellor)
    page = client.get(reverse("reintegration:handover_create", args=[full_plan.pk])).content.decode()
    assert "No valid consent to disclosure to this partner in the country of origin" in page
    response = client.post(reverse("reintegration:handover_create", args=[full_plan.pk]),
                           {"fields": ["name", "plan"], "language": "de"})
    assert response.status_code == 200 and "No handover without consent" in response.content.decode()
    assert not Handover.objects.exists()


def test_handover_export_only_while_consent_holds(client, personas, full_plan, origin_consent):
    client.force_login(personas.counsellor)
    response = client.post(reverse("reintegration:handover_create", args=[full_plan.pk]),
                           {"fields": ["plan", "birth_date"], "language": "fa"})
    assert response.status_code == 302
    handover = Handover.objects.get()
    data = json.loads(client.get(reverse("reintegration:handover_json", args=[handover.pk])).content)
    assert data["birth_date"] == "17.05.1990" and "name" not in data and len(data["goals"]) == 2
    pdf = _text(client.get(reverse("reintegration:handover_pdf", args=[handover.pk])))
    assert "برنامه ادغام مجدد" in pdf and "Hosseini" not in pdf and "Open a small tailoring shop" in pdf
    assert AuditEntry.objects.filter(action="reintegration_handover.exported").count() == 2
    client_services.consent_withdraw(actor=personas.counsellor, consent=origin_consent)
    response = client.get(reverse("reintegration:handover_json", args=[handover.pk]))
    assert response.status_code == 302


def test_schedule_and_record_a_visit_shows_scores(client, personas, iom_case):
    client.force_login(personas.counsellor)
    response = client.post(reverse("reintegration:monitoring_schedule", args=[iom_case.pk]),
                           {"departed_on": "2026-01-10"})
    assert response.status_code == 302 and MonitoringVisit.objects.count() == 3
    visit = MonitoringVisit.objects.first()
    form_page = client.get(reverse("reintegration:visit_record", args=[visit.pk])).content.decode()
    assert "How frequently do you borrow money?" in form_page and "unverified" in form_page
    response = client.post(reverse("reintegration:visit_record", args=[visit.pk]), {
        "version": 1, "done_on": timezone.localdate().isoformat(), "channel": "phone", "interviewer": "IOM Kabul",
        "q_housing": "good", "q_health_access": "good", "q_economic_satisfaction": "ok",
        "q_support_network": "very_good"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.social_score == 0.75 and visit.economic_score == 0.5 and visit.psychosocial_score == 1.0
    assert visit.composite_score == 0.75 and visit.level == "high"
    detail = client.get(reverse("reintegration:visit_detail", args=[visit.pk])).content.decode()
    assert "0.75" in detail and "high level of reintegration" in detail
    tab = client.get(reverse("reintegration:case_reintegration", args=[iom_case.pk])).content.decode()
    assert "0.75" in tab


def test_opening_the_visit_form_is_an_audited_read(client, personas, iom_case, plan):
    services.schedule_monitoring(actor=personas.counsellor, case=iom_case, departed_on=date(2026, 1, 10))
    visit = MonitoringVisit.objects.first()
    client.force_login(personas.counsellor)
    client.get(reverse("reintegration:visit_record", args=[visit.pk]))
    client.get(reverse("reintegration:plan_edit", args=[plan.pk]))
    actions = set(AuditEntry.objects.filter(actor=personas.counsellor).values_list("action", flat=True))
    assert {"monitoring_visit.viewed", "reintegration_plan.viewed"} <= actions


def _done_visits(personas, case, count, months=3, answer="good"):
    for _ in range(count):
        visit = services.visit_plan(actor=personas.counsellor, case=case, planned_for=date(2026, 4, 1),
                                    months_after_return=months)
        services.visit_record(actor=personas.counsellor, visit=visit, expected_version=1, done_on=date(2026, 4, 2),
                              channel="phone", answers={"housing": answer})


def test_overview_suppresses_groups_under_five(client, personas, iom_case):
    _done_visits(personas, iom_case, 4, months=6)
    _done_visits(personas, iom_case, 5, months=3)
    client.force_login(personas.team_lead)
    response = client.get(reverse("reintegration:overview"))
    rows = response.context["rows"]
    assert [(r["months_after_return"], r["n"]) for r in rows] == [(3, 5), (6, None)]
    assert rows[0]["averages"]["social"] == 0.75 and rows[0]["levels"]["high"] == 5
    assert rows[0]["levels"]["intensive"] is None and rows[1]["averages"]["social"] is None
    assert "&lt; 5" in response.content.decode()


def test_overview_counts_only_own_organisation(client, personas, iom_case):
    _done_visits(personas, iom_case, 5)
    client.force_login(personas.diakonie_counsellor)
    assert client.get(reverse("reintegration:overview")).context["rows"] == []


def test_overview_queries_constant(client, personas, iom_case, django_assert_max_num_queries):
    _done_visits(personas, iom_case, 1)
    client.force_login(personas.team_lead)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(reverse("reintegration:overview"))
    _done_visits(personas, iom_case, 4, months=12)
    with django_assert_max_num_queries(len(before)):
        client.get(reverse("reintegration:overview"))


def _held_visit(personas, case):
    visit = services.visit_plan(actor=personas.counsellor, case=case, planned_for=timezone.localdate())
    return services.visit_record(actor=personas.counsellor, visit=visit, expected_version=visit.version,
                                 done_on=timezone.localdate(), channel="phone", notes="Reports panic attacks",
                                 answers={"distress": "very_often", "housing": "good"})


def test_users_without_sensitive_access_see_no_psychosocial_data(client, personas, iom_case):
    visit = _held_visit(personas, iom_case)
    client.force_login(personas.hotline)
    detail = client.get(reverse("reintegration:visit_detail", args=[visit.pk])).content.decode()
    assert "panic attacks" not in detail and "How often do you feel low" not in detail
    assert "How do you rate the standard" in detail
    assert f"{visit.psychosocial_score:.2f}" not in detail and f"{visit.composite_score:.2f}" not in detail
    assert "visible only to users with access to sensitive data" in detail
    tab = client.get(reverse("reintegration:case_reintegration", args=[iom_case.pk])).content.decode()
    assert f"{visit.psychosocial_score:.2f}" not in tab
    form = client.get(reverse("reintegration:visit_record", args=[visit.pk])).content.decode()
    assert "panic attacks" not in form and "q_distress" not in form and 'name="notes"' not in form
    client.force_login(personas.counsellor)
    detail = client.get(reverse("reintegration:visit_detail", args=[visit.pk])).content.decode()
    assert "panic attacks" in detail and "How often do you feel low" in detail


def test_re_recording_without_sensitive_access_keeps_the_psychosocial_answers(client, personas, iom_case):
    visit = _held_visit(personas, iom_case)
    client.force_login(personas.hotline)
    response = client.post(reverse("reintegration:visit_record", args=[visit.pk]), {
        "version": visit.version, "done_on": timezone.localdate().isoformat(), "channel": "phone",
        "q_housing": "poor", "q_distress": "never", "notes": "overwritten"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.notes == "Reports panic attacks"
    assert dict(visit.answers.values_list("question__code", "option_code")) == {
        "distress": "very_often", "housing": "poor"}


def test_handover_of_a_plan_changed_since_the_form_was_shown_is_refused(client, personas, full_plan,
                                                                          origin_consent):
    client.force_login(personas.counsellor)
    url = reverse("reintegration:handover_create", args=[full_plan.pk])
    assert f'name="version" value="{full_plan.version}"' in client.get(url).content.decode()
    seen = full_plan.version
    services.plan_update(actor=personas.counsellor, plan=full_plan, expected_version=seen,
                         data={"partner_in_origin": "IOM Herat"})
    response = client.post(url, {"version": seen, "fields": ["plan"], "language": "de"})
    assert response.status_code == 200 and not Handover.objects.exists()
