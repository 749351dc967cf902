from apps.audit.models import AuditEntry


def test_every_list_page_is_audited_with_the_ids_it_showed(personas, iom_case, api_as):
    client = api_as(personas.counsellor)
    for path, model in (("/cases", "case"), ("/persons", "person"), ("/households", "household"),
                        ("/tasks", "task")):
        assert client.get(path).status_code == 200
        entry = AuditEntry.objects.filter(action=f"{model}.list_viewed").latest("id")
        assert entry.details["via"] == "api" and entry.actor == personas.counsellor
    person_entry = AuditEntry.objects.filter(action="person.list_viewed").latest("id")
    principal = iom_case.household.members.get().person_id
    assert person_entry.details["ids"] == [principal]
