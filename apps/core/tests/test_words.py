"""Names instead of codes: the template filters of apps.core.templatetags.returnnet."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation
from django_countries.fields import Country

from apps.core.templatetags import returnnet as words

NBSP = "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(("language", "expected"), [
    ("de", ("Syrien", "Irak, Syrien", "Russisch, Ukrainisch", "Januar 2027")),
    ("en", ("Syria", "Iraq, Syria", "Russian, Ukrainian", "January 2027")),
])
def test_codes_become_names_in_the_interface_language(language, expected):
    with translation.override(language):
        assert words.countries("IQ,SY") == words.countries(["IQ", Country("SY")])
        assert (words.country("SY"), words.countries(["IQ", Country("SY")]), words.languages(["ru", "uk"]),
                words.month("2027-01")) == expected


def test_empty_and_unknown_values_stay_harmless():
    assert (words.country(""), words.countries(None), words.languages([]), words.district(None)) == ("", "", "", "")
    assert words.country("XQ") == "XQ" and words.month("soon") == "soon" and words.month("2027-13") == "2027-13"


@pytest.mark.parametrize(("ratio", "german", "english"), [
    (0.9772727272727273, "98", "98"), (0.0007, "0,07", "0.07"), (0.005, "0,5", "0.5"), (0, "0", "0"),
    (1, "100", "100"), (0.123456, "12", "12"), (0.00001, "< 0,01", "< 0.01"),
])
def test_percent_rounds_sensibly_in_the_users_number_format(ratio, german, english):
    with translation.override("de"):
        assert words.percent(ratio) == f"{german}{NBSP}%"
    with translation.override("en"):
        assert words.percent(ratio) == f"{english}{NBSP}%"


def test_percent_of_nothing_is_nothing_and_decimals_can_be_fixed():
    assert words.percent(None) == words.percent("n/a") == words.percent(float("nan")) == ""
    with translation.override("de"):
        assert words.percent(0.0007, 1) == f"0,1{NBSP}%"


def test_iso_dates_of_exported_data_show_in_the_german_format():
    template = Template('{% load returnnet %}{{ d|isodate|date:"d.m.Y" }}|{{ bad|isodate }}|{{ m|month }}')
    with translation.override("de"):
        assert template.render(Context({"d": "1982-07-22", "bad": "unknown", "m": date(2027, 3, 1)})) == \
            "22.07.1982|unknown|März 2027"


def test_a_district_shows_its_display_name_when_it_has_one():
    class Named:
        name, display_name = "Kaiserslautern", "Kaiserslautern (Stadt)"

    class Plain:
        name = "Trier"

    assert (words.district(Named()), words.district(Plain())) == ("Kaiserslautern (Stadt)", "Trier")
