"""Language and country pickers (apps/core/pickers.py, apps/core/widgets.py) and the phone field."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.core import phone
from apps.core.pickers import CountriesField, CountryField, LanguageField, LanguagesField, sort_key


class PickerForm(forms.Form):
    country = CountryField(label="Country", empty_label="—", required=False)
    nationalities = CountriesField(label="Nationalities", required=False)
    language = LanguageField(label="Language")
    languages = LanguagesField(label="Languages", required=False)
    client_language = LanguageField(label="Client language", client_only=True, required=False)


def groups(field) -> list:
    return [(str(label), list(options)) for label, options in field.choices if isinstance(options, list)]


def test_frequent_countries_come_first_then_all_others_by_name(settings):
    settings.FREQUENT_COUNTRIES = ["SY", "AF", "IQ"]
    with translation.override("de"):
        frequent, others = groups(PickerForm().fields["country"])
    assert PickerForm().fields["country"].choices[0] == ("", "—")
    assert frequent[1] == [("SY", "Syrien"), ("AF", "Afghanistan"), ("IQ", "Irak")]
    codes = [code for code, _name in others[1]]
    assert not {"SY", "AF", "IQ"} & set(codes)  # each country once
    names = [name for _code, name in others[1]]
    assert names == sorted(names, key=sort_key) and names.index("Ägypten") < names.index("Albanien")
    assert codes.index("AT") == names.index("Österreich")


def test_no_antarctic_territories():
    codes = {code for _label, options in groups(PickerForm().fields["nationalities"]) for code, _name in options}
    assert "DE" in codes and not codes & {"AQ", "BV", "HM", "TF", "GS"}


def test_names_follow_the_interface_language(settings):
    settings.FREQUENT_LANGUAGES = ["ru", "uk"]
    with translation.override("en"):
        (label, frequent), (others_label, _others) = groups(PickerForm().fields["languages"])
        assert (label, others_label, frequent) == ("Frequent", "All languages", [("ru", "Russian"),
                                                                                 ("uk", "Ukrainian")])
    with translation.override("de"):
        assert groups(PickerForm().fields["languages"])[0][1] == [("ru", "Russisch"), ("uk", "Ukrainisch")]


def test_a_list_that_is_all_frequent_has_no_empty_group(settings):
    settings.FREQUENT_LANGUAGES = [code for code, _name in settings.LANGUAGES]
    with translation.override("en"):
        choices = list(PickerForm().fields["client_language"].choices)
    assert choices[:2] == [("de", "German (Deutsch)"), ("en", "English")] and len(choices) == len(settings.LANGUAGES)


def test_the_widget_is_a_native_select_with_its_filter_script():
    html = str(PickerForm()["language"])
    assert html.startswith("<select") and "data-picker" in html and "<optgroup" in html
    assert '<script src="/static/js/picker.js" defer></script>' in html


def test_a_picked_code_validates_and_an_unknown_one_does_not():
    form = PickerForm({"country": "SY", "nationalities": ["IQ", "SY"], "language": "fa", "languages": ["ar"],
                       "client_language": "sr-latn"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["country"], form.cleaned_data["nationalities"]) == ("SY", ["IQ", "SY"])
    assert not PickerForm({"language": "xx", "country": "AQ"}).is_valid()


@pytest.mark.parametrize(("typed", "stored"), [
    ("+49 151 0000001", "+491510000001"), ("0151 0000001", "+491510000001"), ("0651 1234567", "+496511234567"),
    ("+963 11 2345678", "+963112345678"), ("0049 (0)151-2345 6789", "+4915123456789"), ("", ""),
])
def test_phone_numbers_in_national_and_international_formats_are_stored_in_e164(typed, stored):
    assert phone.PhoneField(required=False).clean(typed) == stored


@pytest.mark.parametrize("typed", ["12", "abc", "+999 1234567", "0000"])
def test_a_garbled_phone_number_gets_a_translated_error(typed):
    with translation.override("de"):
        with pytest.raises(ValidationError) as error:
            phone.PhoneField().clean(typed)
        assert error.value.messages == ["Geben Sie eine gültige Telefonnummer ein."]
