"""Campaign visits counted in parallel threads (each with its own database connection) lose
no visit and create one counter row per campaign, day and language."""

import threading

import pytest
from django.db import connection, connections

from apps.outreach import services
from apps.outreach.models import CampaignVisit
from apps.outreach.tests.helpers import make_campaign

THREADS = 8
VISITS_EACH = 5


@pytest.mark.django_db(transaction=True)
def test_parallel_visits_are_all_counted_in_one_row_per_language(personas, orgs):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer, so nothing would race")
    campaign = make_campaign(personas.coordinator, orgs.diakonie, code="parallel")
    barrier = threading.Barrier(THREADS)
    errors, answers = [], []

    def visit(n):
        try:
            barrier.wait()
            for _ in range(VISITS_EACH):
                answers.append(services.count_campaign_visit(code="parallel", language="ar" if n % 2 else "fa"))
        except Exception as error:  # noqa: BLE001 - surfaced in the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=visit, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert answers == [True] * THREADS * VISITS_EACH
    counts = dict(CampaignVisit.objects.filter(campaign=campaign).values_list("language", "count"))
    assert counts == {"ar": THREADS // 2 * VISITS_EACH, "fa": THREADS // 2 * VISITS_EACH}
