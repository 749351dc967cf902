"""Garbage in is a 4xx with a JSON explanation, never a 500 (and never someone else's data)."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = 2**80


@pytest.mark.parametrize("path", [
    "/persons/0", "/persons/-1", f"/persons/{HUGE}", "/persons/abc", f"/cases/{2**63}",
    f"/cases/{HUGE}/sessions", f"/sessions/{HUGE}", f"/tasks/{HUGE}", f"/households/{HUGE}",
    "/persons/1.5", "/cases/%00",
])
def test_impossible_ids_in_the_path_are_a_json_error(personas, api_as, path):
    response = api_as(personas.counsellor).get(path)
    assert response.status_code in (404, 422)
    assert "detail" in response.json()


@pytest.mark.parametrize("path", ["/persons/999999", "/cases/999999", "/sessions/999999", "/tasks/999999",
                                  "/households/999999", "/cases/999999/sessions"])
def test_unknown_ids_are_404(personas, api_as, path):
    response = api_as(personas.counsellor).get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("params", [
    {"limit": HUGE}, {"limit": -5}, {"limit": "all"}, {"offset": HUGE}, {"offset": "x"},
    {"q": "a" * 1000}, {"q": "x\x00y"}, {"case_id": HUGE}, {"done": "perhaps"},
])
@pytest.mark.parametrize("path", ["/persons", "/cases", "/tasks", "/households"])
def test_garbage_query_parameters_never_fail_the_server(personas, api_as, path, params):
    response = api_as(personas.counsellor).get(path, **params)
    assert response.status_code in (200, 422)


@pytest.mark.parametrize("raw", ["", "{", "not json", "[1, 2]", "42", "null", '"text"', "\x00",
                                 '{"family_name": "X", "birth_date": "2020-02-30"}',
                                 '{"family_name": "X", "district_id": 1e400}'])
def test_garbage_bodies_are_400_or_422(personas, iom_case, api_as, raw):
    client = api_as(personas.counsellor)
    for response in (client.post("/persons", raw=raw), client.post("/cases", raw=raw),
                     client.post(f"/cases/{iom_case.pk}/tasks", raw=raw),
                     client.patch(f"/cases/{iom_case.pk}", raw=raw)):
        assert response.status_code in (400, 422), response.content
        assert "detail" in response.json()


@pytest.mark.parametrize("body", [
    {"version": HUGE, "city": "X"}, {"version": -1}, {"version": "one"}, {"version": None},
    {"version": 1, "district_id": HUGE}, {"version": 1, "nationalities": ["AF"] * 100},
    {"version": 1, "languages": "fa"}, {"version": 1, "email": "x" * 10_000},
])
def test_garbage_person_updates_are_422(personas, iom_case, api_as, body):
    person_id = iom_case.household.members.get().person_id
    response = api_as(personas.counsellor).patch(f"/persons/{person_id}", body)
    assert response.status_code == 422, response.content


def test_other_organisations_ids_in_a_body_are_rejected_like_unknown_ones(personas, orgs, iom_case, api_as):
    from tests.factories import make_case

    foreign = make_case(personas.diakonie_counsellor, orgs.diakonie)
    client = api_as(personas.counsellor)
    # The household a new case belongs to is out of scope like an object in a path: 404.
    answers = [client.post("/cases", {"household_id": household_id}) for household_id in
               (foreign.household_id, 999_999)]
    assert [a.status_code for a in answers] == [404, 404]
    assert answers[0].json() == answers[1].json()


def test_the_wrong_method_is_405(personas, iom_case, api_as):
    response = api_as(personas.counsellor).client.delete(f"/api/v1/cases/{iom_case.pk}")
    assert response.status_code == 405
