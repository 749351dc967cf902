"""GET /programmes and POST /eligibility."""

import pytest

from apps.audit.models import AuditEntry
from apps.programmes.defaults import ensure_default_programmes

pytestmark = pytest.mark.django_db

FAMILY = {"nationality": "IQ", "destination": "IQ", "residence_status": "toleration", "months_of_stay": 20,
          "circumstances": [], "ages": [36, 35, 9, 5], "on": "2025-03-01"}


@pytest.fixture(autouse=True)
def _programmes(db):
    ensure_default_programmes()


def test_programmes_lists_versions_with_rules_and_flags(api_as, personas):
    response = api_as(personas.statistics).get("/programmes")
    assert response.status_code == 200
    by_code = {v["programme_code"]: v for v in response.json()}
    assert set(by_code) == {"reag_garp", "starthilfe_plus", "eurp"}
    assert by_code["starthilfe_plus"]["requires"] == "reag_garp"
    assert "benefits.starthilfe.family_cap" in by_code["reag_garp"]["unverified"]
    assert by_code["reag_garp"]["rules"]["country_lists"]["reduced_travel_assistance_countries"][0] == "AL"
    assert api_as(personas.counsellor).get("/programmes", on="2020-01-01").json() == []


def test_eligibility_for_a_family_of_four_to_iraq(api_as, personas):
    response = api_as(personas.counsellor).post("/eligibility", FAMILY)
    assert response.status_code == 200, response.content
    results = {r["programme_code"]: r for r in response.json()}
    reag = results["reag_garp"]
    assert reag["decision"] == "eligible" and reag["decision_label"] == "eligible"
    assert reag["total"] == 3600 and reag["total_before_cap"] == 3600 and reag["total_unverified"]
    starthilfe = next(c for c in reag["components"] if c["component"] == "starthilfe")
    assert starthilfe["family_cap"] == 4000 and starthilfe["cap_unverified"]
    assert {(b["component"], b["age"], b["amount"]) for b in reag["benefits"]} >= {
        ("travel_assistance", 9, 100), ("starthilfe", 36, 1000)}
    assert any(r["code"] == "residence_status" and r["effect"] == "eligible" for r in reag["reasons"])
    assert results["eurp"]["amounts_unknown"] and results["starthilfe_plus"]["decision"] == "eligible"


def test_eligibility_applies_the_family_cap(api_as, personas):
    body = {**FAMILY, "ages": [40, 38, 19, 17, 12, 8]}
    reag = api_as(personas.authority).post("/eligibility", body).json()[0]
    assert reag["total_before_cap"] == 900 + 4500 and reag["total"] == 900 + 4000


def test_eligibility_turkish_special_rule(api_as, personas):
    body = {**FAMILY, "nationality": "TR", "destination": "TR", "months_of_stay": 3}
    results = {r["programme_code"]: r for r in api_as(personas.partner).post("/eligibility", body).json()}
    assert results["eurp"]["decision"] == "not_eligible"
    assert {c["component"] for c in results["reag_garp"]["components"]} == {"travel_costs", "travel_assistance"}


def test_eligibility_input_is_validated(api_as, personas):
    api = api_as(personas.counsellor)
    assert api.post("/eligibility", {**FAMILY, "nationality": "XX"}).status_code == 422
    assert api.post("/eligibility", {**FAMILY, "residence_status": "tourist"}).status_code == 422
    assert api.post("/eligibility", {**FAMILY, "circumstances": ["rich"]}).status_code == 422
    assert api.post("/eligibility", {**FAMILY, "ages": []}).status_code == 422
    assert api.post("/eligibility", {**FAMILY, "ages": [130]}).status_code == 422
    assert api.post("/eligibility", {**FAMILY, "name": "Hosseini"}).status_code == 422


def test_eligibility_needs_a_token_and_is_not_logged(api_as, anonymous_api, personas):
    assert anonymous_api.post("/eligibility", FAMILY).status_code == 401
    api = api_as(personas.counsellor)
    before = AuditEntry.objects.count()
    assert api.post("/eligibility", FAMILY).status_code == 200
    assert AuditEntry.objects.count() == before


def test_openapi_documents_the_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert paths["/api/v1/eligibility"]["post"]["summary"] == "Check eligibility for return programmes"
    assert paths["/api/v1/programmes"]["get"]["description"]
