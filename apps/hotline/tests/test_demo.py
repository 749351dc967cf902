from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import time_machine

from apps.hotline import demo
from apps.hotline.models import CallbackRequest
from apps.hotline.overview import queue_figures


@time_machine.travel(datetime(2026, 12, 4, 15, 0, tzinfo=ZoneInfo("Europe/Berlin")), tick=False)
def test_demo_desk_is_idempotent_and_has_open_overdue_and_closed_callbacks(orgs, personas):
    network = SimpleNamespace(users={"hotline": personas.hotline, "team_lead": personas.team_lead},
                              organisations={"IOM": orgs.iom})
    assert demo.seed(network) > len(demo.CALLBACKS)
    assert demo.seed(network) == 0
    figures = queue_figures(personas.team_lead)
    assert figures.open_count == 4 and figures.overdue_count >= 1
    assert CallbackRequest.objects.filter(status="closed").count() == 4
    assert CallbackRequest.objects.filter(source="portal").count() == 7
    assert figures.measured >= 1 and 0 <= figures.share_within <= 100
