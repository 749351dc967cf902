"""The eligibility tab and the administration of programme versions, through the client."""

import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.clients import services as client_services
from apps.programmes import services
from apps.programmes.models import ProgrammeVersion
from tests.factories import make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programmes")]


@pytest.fixture
def family_case(personas, orgs, iom_case):
    """Two adults and two children from Iraq, tolerated."""
    principal = iom_case.household.members.get().person
    # Ages count in the local date (timezone.localdate), which is what the eligibility tab uses.
    year = timezone.localdate().year
    client_services.person_update(actor=personas.counsellor, person=principal, expected_version=principal.version,
                                  data={"nationalities": ["IQ"], "residence_status": "toleration",
                                        "birth_date": date(year - 36, 1, 1)})
    for name, age, relationship in (("Zahra", 35, "partner"), ("Ali", 9, "child"), ("Sara", 5, "child")):
        person = make_person(personas.counsellor, orgs.iom, given_names=name, birth_date=date(year - age, 1, 1))
        client_services.household_add_member(actor=personas.counsellor, household=iom_case.household, person=person,
                                             relationship=relationship)
    return iom_case


def _url(case, **query):
    from urllib.parse import urlencode

    return reverse("programmes:case_eligibility", args=[case.pk]) + ("?" + urlencode(query, doseq=True) if query
                                                                     else "")


QUERY = {"nationality": "IQ", "destination": "IQ", "residence_status": "toleration", "months_of_stay": "20",
         "ages": "36, 35, 9, 5"}


def test_tab_prefills_from_the_household(client, personas, family_case):
    client.force_login(personas.counsellor)
    response = client.get(_url(family_case))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["nationality"] == "IQ" and form.initial["destination"] == "IQ"
    assert form.initial["residence_status"] == "toleration"
    assert sorted(int(a) for a in form.initial["ages"].split(", ")) == [5, 9, 35, 36]
    assert response.context["results"] is None
    assert "Check eligibility" in response.content.decode()
    assert form.initial["circumstances"] == []


def test_a_recorded_trafficking_vulnerability_ticks_the_circumstance(client, personas, family_case):
    from apps.assessments.tests.factories import record_vulnerability

    record_vulnerability(personas.counsellor, family_case, "trafficking")
    client.force_login(personas.counsellor)
    form = client.get(_url(family_case)).context["form"]
    assert form.initial["circumstances"] == ["trafficking_victim"]


def test_check_shows_decisions_reasons_benefits_and_flags(client, personas, family_case):
    client.force_login(personas.counsellor)
    response = client.post(_url(family_case), QUERY)
    text = response.content.decode()
    results = {r.programme_code: r for r in response.context["results"]}
    assert results["reag_garp"].decision == "eligible"
    assert "REAG/GARP 2.0" in text and "eligible" in text
    assert "Residence status “Toleration (Duldung)” is eligible." in text
    assert '<span class="badge warning">unverified</span>' in text
    assert "https://www.returningfromgermany.de/de/reaggarp/" in text
    assert "3600 EUR" in text  # 600 travel assistance + 3,000 Starthilfe
    assert AuditEntry.objects.filter(action="case.eligibility_checked", case_id=family_case.pk).count() == 1
    # The printable version is a second submit button of the same (posted) form, no link with the input.
    assert 'name="print" value="1"' in text and "print=1" not in text and "toleration&" not in text


def test_the_check_is_not_run_from_a_url(client, personas, family_case):
    """The input is special-category data (e.g. trafficking): it must not travel in URLs."""
    client.force_login(personas.counsellor)
    response = client.get(_url(family_case, **QUERY, circumstances="trafficking_victim", print="1"))
    assert response.status_code == 200 and response.context["results"] is None
    assert not AuditEntry.objects.filter(action="case.eligibility_checked").exists()
    assert '<form method="post"' in response.content.decode()


def test_print_version_is_german(client, personas, family_case):
    client.force_login(personas.counsellor)
    response = client.post(_url(family_case), {**QUERY, "print": "1", "print_language": "de"})
    text = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in text and "Irak" in text and "REAG/GARP" in text
    assert "draft-note" not in text
    assert "topbar" not in text  # no navigation on the client's sheet


def test_invalid_input_keeps_the_form(client, personas, family_case):
    client.force_login(personas.counsellor)
    response = client.post(_url(family_case), {**QUERY, "ages": "36, old"})
    assert response.context["results"] is None
    assert "Enter ages between 0 and 120" in response.content.decode()
    assert response.context["form"].data["ages"] == "36, old"


def test_other_organisations_get_404_and_authorities_403(client, personas, family_case):
    client.force_login(personas.diakonie_counsellor)
    assert client.get(_url(family_case)).status_code == 404
    client.force_login(personas.authority)
    assert client.get(_url(family_case)).status_code == 403


def test_programme_list_for_managers_with_constant_queries(client, personas, django_assert_max_num_queries):
    client.force_login(personas.network_admin)
    url = reverse("programmes:list")
    with django_assert_max_num_queries(20) as baseline:
        assert client.get(url).status_code == 200
    reag = ProgrammeVersion.objects.get(programme__code="reag_garp")
    for year in range(2026, 2030):
        reag = services.version_copy(actor=personas.network_admin, version=reag, valid_from=date(year, 1, 1),
                                     label=str(year))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(url)
    assert "2029" in response.content.decode()
    client.force_login(personas.counsellor)
    assert client.get(url).status_code == 403


def test_version_detail_is_readable_by_every_signed_in_user(client, personas):
    version = ProgrammeVersion.objects.get(programme__code="eurp")
    client.force_login(personas.counsellor)
    text = client.get(reverse("programmes:version_detail", args=[version.pk])).content.decode()
    assert "eurp_countries" in text and "benefits.eurp_post_return" in text
    assert reverse("programmes:version_edit", args=[version.pk]) not in text


def _form_data(version, **changes):
    data = {"version": version.version, "label": version.label, "valid_from": version.valid_from.isoformat(),
            "valid_to": "", "source_url": version.source_url, "source_note": version.source_note,
            "verified_on": "", "verified_by": "", "rules": json.dumps(version.rules),
            "unverified": "\n".join(version.unverified)}
    data.update(changes)
    return data


def test_edit_saves_valid_rules(client, personas):
    version = ProgrammeVersion.objects.get(programme__code="reag_garp")
    client.force_login(personas.team_lead)
    rules = {**version.rules, "onward_migration_needs_checking": False}
    response = client.post(reverse("programmes:version_edit", args=[version.pk]),
                           _form_data(version, rules=json.dumps(rules), verified_on="2025-02-01",
                                      verified_by="M. Muster", unverified="benefits.starthilfe.family_cap"))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.rules["onward_migration_needs_checking"] is False
    assert version.unverified == ["benefits.starthilfe.family_cap"] and version.verified_on == date(2025, 2, 1)


def test_edit_shows_schema_errors_and_keeps_input(client, personas):
    version = ProgrammeVersion.objects.get(programme__code="reag_garp")
    client.force_login(personas.team_lead)
    broken = json.dumps({"benefits": [{"code": "x", "kind": "gift"}]})
    response = client.post(reverse("programmes:version_edit", args=[version.pk]), _form_data(version, rules=broken))
    text = response.content.decode()
    assert response.status_code == 200
    assert "benefits[0].kind" in text and "gift" in text
    response = client.post(reverse("programmes:version_edit", args=[version.pk]),
                           _form_data(version, rules="{not json"))
    assert "Enter a valid JSON." in response.content.decode()
    assert ProgrammeVersion.objects.get(pk=version.pk).version == 1


def test_edit_refuses_a_stale_version(client, personas):
    version = ProgrammeVersion.objects.get(programme__code="reag_garp")
    client.force_login(personas.team_lead)
    url = reverse("programmes:version_edit", args=[version.pk])
    assert client.post(url, _form_data(version, verified_by="first")).status_code == 302
    response = client.post(url, _form_data(version, verified_by="second"))
    assert response.status_code == 200 and response.context["form"].errors
    assert ProgrammeVersion.objects.get(pk=version.pk).verified_by == "first"


def test_copy_creates_a_new_version(client, personas):
    version = ProgrammeVersion.objects.get(programme__code="eurp")
    client.force_login(personas.network_admin)
    response = client.post(reverse("programmes:version_copy", args=[version.pk]),
                           {"label": "2026", "valid_from": "2026-01-01"})
    new = ProgrammeVersion.objects.get(programme__code="eurp", label="2026")
    assert response.status_code == 302 and response.url == reverse("programmes:version_edit", args=[new.pk])
    response = client.post(reverse("programmes:version_copy", args=[version.pk]),
                           {"label": "old", "valid_from": "2020-01-01"})
    assert "A new version starts after the version it copies." in response.content.decode()


def test_result_shows_rule_titles_sources_and_conflicting_caps(client, personas, family_case):
    client.force_login(personas.counsellor)
    text = client.post(_url(family_case), {**QUERY, "ages": "40, 38, 19, 17, 12, 8"}).content.decode()
    assert "<strong>Residence status:</strong>" in text
    assert "Conflicting value: 3500 EUR" in text
    assert 'href="https://frnrw.de/themen-a-z/abschiebung-ausreise/reag-garp-20.html"' in text
    assert "Informationsblatt REAG/GARP 2023 (Förderdatenbank)" in text
    assert "the amount would be 3500 EUR" in text


def test_the_decision_date_picks_the_rules(client, personas, family_case):
    """The Türkei special rule ended on 30.06.2025 in the data: after it, a check with the restriction."""
    client.force_login(personas.counsellor)
    query = {**QUERY, "nationality": "TR", "destination": "TR", "months_of_stay": "3"}
    before = client.post(_url(family_case), {**query, "decision_date": "2025-03-01"}).context["results"][0]
    assert before.decision == "eligible"
    response = client.post(_url(family_case), {**query, "decision_date": "2026-01-15"})
    reag = response.context["results"][0]
    assert reag.decision == "needs_checking" and {c.component for c in reag.components} == {
        "travel_costs", "travel_assistance"}
    assert "ended on 06/30/2025" in response.content.decode()  # English in tests (conftest)


def test_print_version_speaks_english_when_picked_or_when_the_client_reads_it(client, personas, family_case):
    client.force_login(personas.counsellor)
    picked = client.post(_url(family_case), {**QUERY, "print": "1", "print_language": "en"}).content.decode()
    assert '<html lang="en" dir="ltr">' in picked and "Return programmes: what may apply to you" in picked
    assert "You may be eligible for this programme." in picked and "Start-up assistance" in picked
    assert "3600 EUR" in picked and "draft-note" not in picked  # English is reviewed
    # The engine's reasons and sources are staff wording: the client's sheet leaves them out.
    assert "Toleration (Duldung)" not in picked and "returningfromgermany" not in picked
    principal = family_case.household.members.get(is_principal=True).person
    principal.languages.all().delete()
    principal.languages.create(language="eng", level="native")
    own = client.post(_url(family_case), {**QUERY, "print": "1"}).content.decode()
    assert '<html lang="en" dir="ltr">' in own


def test_print_version_in_every_client_language_persian_right_to_left(client, personas, family_case):
    """A Dari speaker's sheet defaults to Persian, right to left, with the draft note; the
    picker beside the button offers every client language with the client's preselected."""
    client.force_login(personas.counsellor)
    principal = family_case.household.members.get(is_principal=True).person
    principal.languages.all().delete()
    principal.languages.create(language="prs", level="native")
    page = client.post(_url(family_case), QUERY).content.decode()
    assert '<option value="fa" selected>' in page
    assert all(f'<option value="{code}"' in page for code in ("ar", "ps", "tr", "kmr", "sr-latn", "ka", "fr"))
    persian = client.post(_url(family_case), {**QUERY, "print": "1"}).content.decode()
    assert '<html lang="fa" dir="rtl">' in persian
    assert "برنامه‌های بازگشت" in persian and "ممکن است واجد شرایط این برنامه باشید." in persian
    assert "3600 یورو" in persian and "Start-up assistance" not in persian
    assert 'class="muted draft-note"' in persian


def test_print_version_in_turkish_when_picked(client, personas, family_case):
    client.force_login(personas.counsellor)
    turkish = client.post(_url(family_case), {**QUERY, "print": "1", "print_language": "tr"}).content.decode()
    assert '<html lang="tr" dir="ltr">' in turkish
    assert "Bu programa hak kazanıyor olabilirsiniz." in turkish and "Başlangıç yardımı" in turkish
    assert 'class="muted draft-note"' in turkish
