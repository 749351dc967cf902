"""The application pages show names and German-style dates, not codes: country of return,
nationalities, dates of birth, travel document kinds, unverified rule keys."""

from datetime import date

from django.urls import reverse

from apps.applications import services
from apps.cases.models import Case
from apps.clients.models import Person


def test_the_summary_shows_names_and_dates_instead_of_codes(client, personas, family, application):
    Case.objects.filter(pk=family.case.pk).update(intended_return_country="SY")
    Person.objects.filter(pk=family.principal.pk).update(nationalities="IQ,SY", birth_date=date(1982, 7, 22))
    services.travel_document_record(actor=personas.counsellor, application=application, person=family.principal,
                                    kind="passport", expires_on=date(2031, 1, 31))
    client.force_login(personas.counsellor)

    page = client.get(reverse("applications:summary", args=[application.pk])).content.decode()

    assert "<dd>Syria</dd>" in page and "Iraq, Syria" in page
    assert "22.07.1982" in page and "31.01.2031" in page and "Passport" in page
    assert "1982-07-22" not in page and "2031-01-31" not in page and ">passport" not in page


def test_unverified_rule_keys_show_as_rule_titles(client, personas, programme_version, application):
    programme_version.unverified = ["benefits.starthilfe.family_cap"]
    programme_version.save()
    client.force_login(personas.counsellor)

    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()

    assert "family cap" in page and "benefits.starthilfe.family_cap" not in page
