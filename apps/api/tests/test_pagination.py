"""Lists count up to the cap (like the web list) and say where the next page starts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_cases(personas, orgs, settings):
    settings.CASE_LIST_COUNT_CAP = 3
    return [make_case(personas.counsellor, orgs.iom, family_name=f"Amiri{i}") for i in range(5)]


def page(client, **params) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cases", **params)
    assert response.status_code == 200
    return response.json(), [q["sql"] for q in queries.captured_queries]


def test_above_the_cap_the_count_stops_at_the_cap_and_says_so(personas, five_cases, api_as):
    client = api_as(personas.counsellor)
    body, queries = page(client, limit=1)
    assert (body["count"], body["count_capped"], body["next_offset"]) == (3, True, 1)
    # The count reads at most cap + 1 rows; no query counts every visible case.
    counts = [sql for sql in queries if "COUNT(" in sql.upper() and "cases_case" in sql]
    assert len(counts) == 1 and "LIMIT 4" in counts[0].upper()


def test_a_page_that_reaches_beyond_the_cap_needs_no_count(personas, five_cases, api_as):
    body, queries = page(api_as(personas.counsellor), limit=3)
    assert (body["count"], body["count_capped"], body["next_offset"]) == (3, True, 3)
    assert not [sql for sql in queries if "COUNT(" in sql.upper() and "cases_case" in sql]


def test_following_next_offset_reads_the_whole_list_and_the_last_page_is_exact(personas, five_cases, api_as):
    client = api_as(personas.counsellor)
    seen, offset = [], 0
    while offset is not None:
        body, _ = page(client, limit=2, offset=offset)
        seen += [item["id"] for item in body["items"]]
        offset = body["next_offset"]
    assert sorted(seen) == sorted(case.pk for case in five_cases)
    assert (body["count"], body["count_capped"]) == (5, False)


def test_below_the_cap_the_count_is_exact(personas, five_cases, api_as, settings):
    settings.CASE_LIST_COUNT_CAP = 1000
    client = api_as(personas.counsellor)
    body, _ = page(client, limit=2)
    assert (body["count"], body["count_capped"], body["next_offset"]) == (5, False, 2)
    assert page(client, limit=2, offset=10)[0] == {"items": [], "count": 5, "count_capped": False,
                                                   "next_offset": None}


def test_the_openapi_description_explains_the_capped_count(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "count_capped" in schema["info"]["description"]
    paged = schema["components"]["schemas"]["PagedCaseOut"]["properties"]
    assert {"count", "count_capped", "next_offset"} <= set(paged)
