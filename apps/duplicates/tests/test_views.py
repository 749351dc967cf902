"""The team lead's pages: start a search, work the queue, merge, undo; others are refused."""

from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.clients.models import Person
from apps.duplicates.models import DuplicatePair, ReviewRun
from apps.duplicates.tests.world import world  # noqa: F401
from apps.jobs.testing import run_jobs
from tests.factories import make_case, make_person


def test_a_search_runs_as_a_job_and_fills_the_queue(client, personas, orgs, django_capture_on_commit_callbacks):
    first = make_person(personas.counsellor, orgs.iom, "Hosseini", "Fatima")
    second = make_person(personas.counsellor, orgs.iom, "Hosseini", "Fatima")
    make_person(personas.counsellor, orgs.iom, "Rusu", "Elena")
    client.force_login(personas.team_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("duplicates:review"), {"threshold": "90"})
    assert response.status_code == 302
    run = ReviewRun.objects.get()
    assert run.state == ReviewRun.State.QUEUED and not DuplicatePair.objects.exists()
    assert run_jobs() == 1
    run.refresh_from_db()
    assert run.state == ReviewRun.State.DONE and run.persons_checked == 3
    pair = DuplicatePair.objects.get()
    assert (pair.person_a_id, pair.person_b_id) == (first.pk, second.pk)
    page = client.get(reverse("duplicates:review")).content.decode()
    assert "Hosseini, Fatima" in page and "17.05.1990" in page and "1 pair to review" in page
    listed = AuditEntry.objects.filter(action="person.list_viewed").latest("id")
    assert set(listed.details["ids"]) == {first.pk, second.pk}
    # a second search keeps the pair once, and a dismissed pair stays dismissed
    DuplicatePair.objects.update(state=DuplicatePair.State.DISMISSED)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("duplicates:review"), {"threshold": "90"})
    run_jobs()
    assert DuplicatePair.objects.get().state == DuplicatePair.State.DISMISSED


def test_a_search_limited_to_recent_persons(client, personas, orgs, django_capture_on_commit_callbacks):
    client.force_login(personas.team_lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("duplicates:review"), {"threshold": "90", "created_since": "2090-01-01"})
    run_jobs()
    assert ReviewRun.objects.get().created_since.year == 2090 and ReviewRun.objects.get().persons_checked == 0


def test_bad_input_is_refused_with_a_message_never_a_500(client, personas, world):  # noqa: F811
    client.force_login(personas.team_lead)
    assert client.post(reverse("duplicates:review"), {"threshold": "7000"}).status_code == 200
    assert client.post(reverse("duplicates:review"), {"threshold": "x", "created_since": "32.13.2020"}
                       ).status_code == 200
    assert not ReviewRun.objects.exists()
    assert client.get(reverse("duplicates:review"), {"page": "abc"}).status_code == 200
    url = reverse("duplicates:pair", args=[world.pair.pk])
    assert client.post(url, {}).status_code == 200
    for data in ({"decision": "merge"}, {"decision": "merge", "survivor": "99999", "version_a": "1",
                                              "version_b": "1"}, {"decision": "nonsense"}):
        response = client.post(url, data)
        assert response.status_code == 200 and "Please correct the following" in response.content.decode()
    assert client.get(reverse("duplicates:pair", args=[999999])).status_code == 404
    assert DuplicatePair.objects.get().state == DuplicatePair.State.OPEN


def test_the_lead_compares_merges_and_undoes(client, personas, world):  # noqa: F811
    client.force_login(personas.team_lead)
    url = reverse("duplicates:pair", args=[world.pair.pk])
    page = client.get(url).content.decode()
    assert "Husseini" in page and "Hosseini" in page and "differs" in page and world.case_b.reference in page
    viewed = AuditEntry.objects.filter(action="person.viewed", details__pair=world.pair.pk)
    assert set(viewed.values_list("person_id", flat=True)) == {world.a.pk, world.b.pk}
    a, b = Person.objects.get(pk=world.a.pk), Person.objects.get(pk=world.b.pk)
    response = client.post(url, {"decision": "merge", "survivor": str(a.pk), "version_a": str(a.version),
                                 "version_b": str(b.version)})
    assert response.status_code == 302
    assert Person.objects.get(pk=b.pk).merged_into_id == a.pk
    page = client.get(url).content.decode()
    assert "Undo the merge" in page
    entry = DuplicatePair.objects.get().merge_entry_id
    assert client.get(reverse("duplicates:merge_entry", args=[entry])).url == url
    client.post(reverse("duplicates:undo", args=[world.pair.pk]))
    assert Person.objects.get(pk=b.pk).merged_into_id is None
    assert DuplicatePair.objects.get().state == DuplicatePair.State.OPEN


def test_a_stale_page_says_so(client, personas, world):  # noqa: F811
    client.force_login(personas.team_lead)
    url = reverse("duplicates:pair", args=[world.pair.pk])
    response = client.post(url, {"decision": "merge", "survivor": str(world.a.pk), "version_a": "1",
                                 "version_b": "99"})
    assert response.status_code == 200 and "changed since the page was loaded" in response.content.decode()


def test_dismiss_and_later(client, personas, world):  # noqa: F811
    client.force_login(personas.team_lead)
    url = reverse("duplicates:pair", args=[world.pair.pk])
    client.post(url, {"decision": "later", "version_a": "1", "version_b": "1"})
    assert DuplicatePair.objects.get().state == DuplicatePair.State.LATER
    client.post(url, {"decision": "dismissed", "version_a": "1", "version_b": "1"})
    assert DuplicatePair.objects.get().state == DuplicatePair.State.DISMISSED
    assert AuditEntry.objects.filter(action="duplicate_pair.dismissed").exists()


def test_others_do_not_see_the_review(client, personas, orgs, world):  # noqa: F811
    for user in (personas.counsellor, personas.hotline, personas.iom_dpo, personas.diakonie_counsellor,
                 personas.partner):
        client.force_login(user)
        assert client.get(reverse("duplicates:review")).status_code == 403
        assert client.get(reverse("duplicates:pair", args=[world.pair.pk])).status_code == 403


def test_a_lead_of_another_organisation_gets_404(client, orgs, world):  # noqa: F811
    from tests.factories import member

    other_lead = member(orgs.diakonie, "team_lead", email="lead@diakonie.test")
    client.force_login(other_lead)
    assert client.get(reverse("duplicates:review")).status_code == 200
    assert client.get(reverse("duplicates:pair", args=[world.pair.pk])).status_code == 404
    assert client.post(reverse("duplicates:undo", args=[world.pair.pk])).status_code == 404


def test_a_pair_with_a_restricted_case_stays_hidden_from_a_lead_without_access(client, personas, orgs, world):  # noqa: F811,E501
    from apps.accounts.models import Role
    from tests.factories import member

    restricted = make_case(personas.counsellor, orgs.iom, given_names="Mohamad", restricted=True,
                           office=personas.trier)
    person = restricted.household.members.get().person
    from apps.duplicates.tests.world import make_pair

    hidden = make_pair(world.a, person)
    role = Role.objects.create(code="merger", name="Merger", permissions=["case.read", "person.merge"])
    lead = member(orgs.iom, "merger", email="merger@iom.test")
    assert role.pk
    client.force_login(lead)
    assert client.get(reverse("duplicates:pair", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("duplicates:pair", args=[world.pair.pk])).status_code == 200


def test_the_household_page_links_a_team_lead_to_the_comparison(client, personas, world):  # noqa: F811
    url = reverse("cases:household", args=[world.case_a.pk])
    link = reverse("duplicates:pair", args=[world.pair.pk])
    client.force_login(personas.team_lead)
    page = client.get(url).content.decode()
    assert f'href="{link}">possible duplicate</a>' in page
    client.force_login(personas.counsellor)
    assert link not in client.get(url).content.decode()


def test_the_queue_costs_the_same_queries_for_3_and_30_pairs(client, personas, orgs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.duplicates.tests.world import make_pair

    client.force_login(personas.team_lead)
    url = reverse("duplicates:review")
    counts = []
    for total in (3, 30):
        while DuplicatePair.objects.count() < total:
            a = make_person(personas.counsellor, orgs.iom, "Popescu", "Ion")
            b = make_person(personas.counsellor, orgs.iom, "Popescu", "Ioan")
            make_pair(a, b)
        client.get(url)  # warm per-session caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_comparison_says_why_the_pair_was_proposed(client, personas, world):  # noqa: F811
    client.force_login(personas.team_lead)
    page = client.get(reverse("duplicates:pair", args=[world.pair.pk])).content.decode()
    assert "name similarity 90" in page and "same date of birth" in page
