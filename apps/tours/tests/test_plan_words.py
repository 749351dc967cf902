"""The tour plan page speaks a team lead's language: no solver scores, districts by name,
months by name, the optimality gap as a sentence in the user's number format."""

from django.urls import reverse

from apps.regions.models import District
from apps.tours import services
from apps.tours.models import PlanConstraint, PlannerCounsellor, TourPlan

FIGURES = {"method": "cp-sat", "status": "feasible", "districts_total": 36, "districts_covered": 34,
           "uncovered": [["07312", "2027-01"], ["07312", "2027-02"], ["07335", "2027-01"]], "visits": 120,
           "travel_hours": 310.5, "demand_desired": 130, "demand_served": 118, "objective": 987654,
           "bound": 987000, "gap": 0.0007, "seconds": 20.04, "conflicts": [], "months": ["2027-01", "2027-02"]}


def test_the_plan_shows_names_and_words_instead_of_codes_and_scores(client, personas, orgs, plan, planning):
    services.ensure_planner_counsellors(orgs.iom)
    counsellor = PlannerCounsellor.objects.get(user=personas.counsellor)
    PlanConstraint.objects.create(plan=plan, kind="pin", date=plan.start, counsellor=counsellor,
                                  location=planning.trier)
    conflict = f"pin {plan.start.isoformat()} location {planning.trier.pk} counsellor {counsellor.pk}"
    TourPlan.objects.filter(pk=plan.pk).update(status=TourPlan.Status.SOLVED,
                                               figures={**FIGURES, "conflicts": [conflict]},
                                               greedy_figures={**FIGURES, "gap": None, "seconds": 0.1})
    client.force_login(personas.team_lead)

    page = client.get(reverse("tours:detail", args=[plan.pk])).content.decode()

    city, rural = District.objects.get(ags="07312"), District.objects.get(ags="07335")
    assert f"{getattr(city, 'display_name', city.name)}: January 2027, February 2027" in page
    assert f"{getattr(rural, 'display_name', rural.name)}: January 2027" in page
    assert "The plan is at most 0.07\N{NO-BREAK SPACE}% away from the best possible one." in page
    assert "34 of 36" in page and "118 of 130" in page and "20.0 s" in page
    assert f"{plan.start:%d.%m.%Y}: Beratung Trier (fiktiv)" in page  # the pin by date and place
    for code in ("07312", "2027-01", "987654", "Objective", "Optimality gap", "location " + str(planning.trier.pk)):
        assert code not in page
