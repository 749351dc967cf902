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


def test_eligibility_eu_trafficking_victim_returning_to_bulgaria(api_as, personas):
    body = {**FAMILY, "nationality": "BG", "destination": "BG", "residence_status": "eu_citizen",
            "circumstances": ["trafficking_victim"], "ages": [30]}
    reag = api_as(personas.counsellor).post("/eligibility", body).json()[0]
    assert reag["decision"] == "eligible"
    excepted = next(r for r in reag["reasons"] if r["code"] == "excluded_destination_excepted")
    assert excepted["effect"] == "eligible" and excepted["title"] == "Excluded destinations"
    without = api_as(personas.counsellor).post("/eligibility", {**body, "circumstances": []}).json()[0]
    assert without["decision"] == "not_eligible"


def test_eligibility_unknown_amounts_are_null_and_amounts_name_their_sources(api_as, personas):
    results = {r["programme_code"]: r for r in api_as(personas.counsellor).post("/eligibility", {
        **FAMILY, "ages": [40, 38, 19, 17, 12, 8]}).json()}
    eurp = results["eurp"]
    assert eurp["total"] is None and eurp["total_before_cap"] is None and eurp["amounts_unknown"]
    assert all(c["subtotal"] is None and c["total"] is None for c in eurp["components"])
    reag = {c["component"]: c for c in results["reag_garp"]["components"]}
    assert reag["travel_assistance"]["source"]["url"].startswith("https://foerderdatenbank.info/")
    assert reag["travel_assistance"]["source_is_programme"] is False
    assert reag["starthilfe"]["conflicts"] == [{
        "field": "family_cap", "value": 3500, "total": 3500,
        "source": {"url": "https://frnrw.de/themen-a-z/abschiebung-ausreise/reag-garp-20.html",
                   "title": "Flüchtlingsrat NRW, REAG/GARP 2.0 (also BT-Drs. 19/12470 of 2019)"}}]
    assert reag["starthilfe"]["total"] == 4000


def test_eligibility_ended_rule_and_entry_date(api_as, personas):
    api = api_as(personas.counsellor)
    turkish = api.post("/eligibility", {**FAMILY, "nationality": "TR", "destination": "TR", "months_of_stay": 3,
                                        "on": "2026-01-15"}).json()[0]
    assert turkish["decision"] == "needs_checking"
    assert {c["component"] for c in turkish["components"]} == {"travel_costs", "travel_assistance"}
    georgian = api.post("/eligibility", {**FAMILY, "nationality": "GE", "destination": "GE",
                                         "entry_date": "2018-05-01"}).json()[0]
    starthilfe = next(c for c in georgian["components"] if c["component"] == "starthilfe")
    assert starthilfe["needs_checking"] and not starthilfe["counted"] and georgian["amounts_need_checking"]
    assert api.post("/eligibility", {**FAMILY, "entry_date": "1.5.2018"}).status_code == 422


def test_openapi_declares_unknown_amounts_as_nullable(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name, field in (("ComponentOut", "total"), ("ComponentOut", "subtotal"), ("ProgrammeResultOut", "total")):
        assert {"type": "null"} in schemas[name]["properties"][field]["anyOf"], (name, field)
    assert "title" in schemas["ReasonOut"]["required"]
