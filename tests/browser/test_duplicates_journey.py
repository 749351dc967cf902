"""The duplicate review in the browser: the team lead opens Dubletten from the menu, compares a
pair side by side, merges it keeping the left record, and undoes the merge. Every page passes
axe (WCAG 2.1 A/AA) at 1280 px and fits a 390 px phone screen."""

import re

from apps.clients.models import Person
from apps.duplicates.models import DuplicatePair
from apps.duplicates.tests.world import rows_of, world  # noqa: F401 - fixture
from tests.browser.test_counsellor_journey import sign_in
from tests.browser.test_network_a11y import check


def test_team_lead_reviews_merges_and_undoes_a_duplicate(new_page, personas, world):  # noqa: F811
    before = rows_of(world.a.pk, world.b.pk)
    page = new_page()
    sign_in(page, personas.team_lead.email, {})
    page.get_by_role("link", name=re.compile("^(Dubletten|Duplicates)$")).first.click()
    page.wait_for_url(re.compile("/duplicates/$"))
    assert not check(page, "/duplicates/", "de", load=False)

    page.get_by_role("link", name=re.compile("Vergleichen|Compare")).first.click()
    page.wait_for_url(re.compile(r"/duplicates/pairs/\d+/$"))
    assert not check(page, page.url, "de")
    page.get_by_text(re.compile("Husseini")).first.wait_for()

    page.get_by_label(re.compile("Zusammenführen|Merge: the same person")).check()
    page.get_by_label(re.compile(rf"#{world.pair.person_a_id}\b.*\((links|left)\)")).check()
    page.get_by_role("button", name=re.compile("Entscheidung speichern|Save the decision")).click()
    page.get_by_role("button", name=re.compile("rückgängig|Undo the merge")).wait_for()
    assert Person.objects.get(pk=world.pair.person_b_id).merged_into_id == world.pair.person_a_id
    assert not check(page, page.url, "de")

    page.get_by_role("button", name=re.compile("rückgängig|Undo the merge")).click()
    page.get_by_role("button", name=re.compile("Entscheidung speichern|Save the decision")).wait_for()
    assert DuplicatePair.objects.get(pk=world.pair.pk).state == DuplicatePair.State.OPEN
    assert rows_of(world.a.pk, world.b.pk) == before
