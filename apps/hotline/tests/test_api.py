"""The hotline API: declared permissions, scoping (404), validation (422), locking (409)."""

from apps.audit.models import AuditEntry
from apps.hotline import services
from apps.hotline.models import Call, CallbackRequest


def test_agent_logs_and_lists_calls_without_contact_data(api_as, personas):
    api = api_as(personas.hotline)
    response = api.post("/hotline/calls", {"language": "sr-latn", "topic": "programmes", "outcomes": ["information"],
                                           "caller_name": "Nina", "phone": "0651 1234567", "duration_minutes": 9})
    assert response.status_code == 201, response.content
    call = Call.objects.get()
    assert (call.language, call.duration_minutes, call.caller_name) == ("sr-latn", 9, "Nina")
    listed = api.get("/hotline/calls")
    assert listed.json()["count"] == 1 and "Nina" not in listed.content.decode()
    assert "1234567" not in listed.content.decode()


def test_promised_callback_via_api_enters_the_queue_and_is_worked(api_as, personas, hotline_office):
    api = api_as(personas.hotline)
    assert api.post("/hotline/calls", {"outcomes": ["callback"]}).status_code == 422
    assert api.post("/hotline/calls", {"outcomes": ["callback"], "phone": "0651 1234567"}).status_code == 201
    [item] = api.get("/hotline/callbacks").json()["items"]
    assert item["phone"] == "+496511234567" and item["source"] == "call"
    assert AuditEntry.objects.filter(action="callbackrequest.list_viewed").exists()
    url = f"/hotline/callbacks/{item['id']}"
    tried = api.post(url + "/attempts", {"outcome": "no_answer", "version": 1})
    assert tried.status_code == 201 and tried.json()["attempt_count"] == 1
    assert api.post(url + "/close", {"reason": "done", "version": 1}).status_code == 409
    closed = api.post(url + "/close", {"reason": "done", "version": 2})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert api.post(url + "/close", {"reason": "done", "version": 3}).status_code == 422


def test_create_callback_and_bad_input_is_422(api_as, personas):
    api = api_as(personas.counsellor)
    created = api.post("/hotline/callbacks", {"phone": "0651 1234567", "language": "ar", "window": "morning"})
    assert created.status_code == 201 and created.json()["assigned_to_id"] == personas.counsellor.pk
    for bad in [{"phone": "", "language": "ar"}, {"phone": "12", "language": "ar"},
                {"phone": "0651 1234567", "language": "xx"}, {"phone": "0651 1234567", "language": "ar",
                                                              "window": "night"},
                {"phone": "0651 1234567", "language": "ar", "extra": 1}]:
        assert api.post("/hotline/callbacks", bad).status_code == 422, bad
    assert api.post("/hotline/calls", {"district_id": 999999}).status_code == 422
    assert api.post("/hotline/calls", {"duration_minutes": 601}).status_code == 422


def test_partner_is_403_and_other_organisation_is_404(api_as, personas, hotline_office):
    callback = services.callback_request_submit_public(phone="0651 1234567", language="ar", window="morning",
                                                       consent=True)
    assert api_as(personas.partner).get("/hotline/callbacks").status_code == 403
    assert api_as(personas.partner).post("/hotline/calls", {}).status_code == 403
    other = api_as(personas.diakonie_counsellor)
    assert other.get("/hotline/callbacks").json()["count"] == 0
    assert other.post(f"/hotline/callbacks/{callback.pk}/close", {"reason": "done", "version": 1}).status_code == 404
    assert CallbackRequest.objects.get().status == "open"


def test_a_misspelt_filter_is_422_not_ignored(api_as, personas):
    api = api_as(personas.hotline)
    assert api.get("/hotline/callbacks", statuss="closed").status_code == 422
    assert api.get("/hotline/calls", sinse="2026-01-01T00:00").status_code == 422
    assert api.get("/hotline/callbacks", status="closed", limit=5).status_code == 200
