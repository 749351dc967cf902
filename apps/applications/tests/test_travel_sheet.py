"""The travel sheet the client takes home: in the language the client reads, right to left for
Persian, with a language picker for the counsellor in the counsellor's own language."""

from datetime import date

from django.urls import reverse

from apps.applications import services


def _sheet(client, personas, application, family, **query):
    principal = family.principal
    principal.languages.all().delete()
    principal.languages.create(language="de", level="basic")
    principal.languages.create(language="prs", level="native")  # Dari: reads the Persian catalogue
    services.travel_save(actor=personas.counsellor, application=application, data={
        "departure_date": date(2027, 2, 3), "airport": "FRA", "connection": "TK 1590", "needs": ["wheelchair"],
        "documents_checked": ["travel_documents"]})
    client.force_login(personas.counsellor)
    return client.get(reverse("applications:travel_sheet", args=[application.pk]), query).content.decode()


def test_the_sheet_is_in_the_clients_first_language_right_to_left(client, personas, application, family):
    html = _sheet(client, personas, application, family)
    assert '<html lang="fa" dir="rtl">' in html
    assert "اطلاعات سفر" in html and "ویلچر" in html and "03.02.2027" in html and "TK 1590" in html
    assert "بلیت‌ها" in html  # still to check: the tickets, in the client's words
    assert "پیش‌نویس ترجمه" in html  # Persian is a draft translation: the sheet says so
    # The counsellor's picker speaks the counsellor's language and offers every client language.
    assert "Language of the sheet" in html and 'value="kmr"' in html and 'value="sr-latn"' in html


def test_the_counsellor_picks_another_language(client, personas, application, family):
    html = _sheet(client, personas, application, family, language="ru")
    assert '<html lang="ru" dir="ltr">' in html and "Информация о поездке" in html and "Инвалидная коляска" in html
    assert '<option value="ru" selected>' in html


def test_an_unknown_language_falls_back_to_the_clients(client, personas, application, family):
    html = _sheet(client, personas, application, family, language="xx")
    assert '<html lang="fa" dir="rtl">' in html
