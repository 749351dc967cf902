import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.mobile.models import MobileCounsellingDay
from apps.tours.models import PlannerCounsellor, TourPlan


def _run(*extra):
    out = StringIO()
    call_command("plan_tours", "--start", "2026-03-02", "--weeks", "4", "--time-limit", "5", "--json", *extra,
                 stdout=out)
    return json.loads(out.getvalue())


def test_json_output_parses_and_nothing_is_saved_without_accept(personas, planning):
    result = _run()
    assert result["entries"] and set(result["entries"][0]) == {"date", "counsellor", "location", "district"}
    assert {e["district"] for e in result["entries"]} == {"07211", "07318"}
    assert result["figures"]["districts_covered"] == 2 and result["greedy"]["method"] == "greedy"
    assert not TourPlan.objects.exists() and not PlannerCounsellor.objects.exists()
    assert not MobileCounsellingDay.objects.exists()


def test_accept_saves_the_plan_and_creates_the_days(personas, planning):
    result = _run("--accept")
    plan = TourPlan.objects.get()
    assert plan.status == TourPlan.Status.ACCEPTED and result["plan_id"] == plan.pk
    assert MobileCounsellingDay.objects.count() == result["days_created"] > 0


def test_unknown_organisation_is_an_error(personas):
    with pytest.raises(CommandError):
        _run("--organisation", "NOPE")
