"""Language and country pickers: form fields whose choices are names in the interface language,
the network's frequent ones first (settings.FREQUENT_LANGUAGES / FREQUENT_COUNTRIES, under
"Frequent"), then all others in alphabetical order of their names.

Choices are computed when the field is rendered or validated (callable choices), so the names
follow the language of the request, never the language of the process that imported the form.
The widgets (apps.core.widgets.PickerSelect…) are native selects; picker.js adds a filter box.
"""

import unicodedata
from functools import partial

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from apps.core.client_languages import client_language_choices
from apps.core.languages import language_choices
from apps.core.widgets import PickerSelect, PickerSelectMultiple

# Places nobody returns to (uninhabited territories) and languages nobody is counselled in
# (constructed, liturgical or dead ones): offering them only makes the lists longer.
EXCLUDED_COUNTRIES = frozenset({"AQ", "BV", "HM", "TF", "GS", "UM"})
EXCLUDED_LANGUAGES = frozenset({"ae", "cu", "eo", "ia", "ie", "io", "la", "pi", "sa", "vo"})


def sort_key(name: str) -> str:
    """Alphabetical order as a German or English reader expects it: letters with diacritics sort
    with their base letter (Ägypten with A, Österreich with O; DIN 5007-1), case ignored."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def grouped(choices, frequent, others_label) -> list:
    """The frequent codes first (in their configured order) under "Frequent", then every other
    choice sorted by name. A flat list when one of the two groups would be empty (no frequent
    code present: sorted; all of them frequent, as the client languages: in frequency order)."""
    names = dict(choices)
    top = [(code, names[code]) for code in dict.fromkeys(frequent) if code in names]
    chosen = {code for code, _name in top}
    rest = sorted(((code, name) for code, name in choices if code not in chosen), key=lambda c: sort_key(c[1]))
    if not top or not rest:
        return top + rest
    return [(_("Frequent"), top), (others_label, rest)]


def language_picker_choices(*, client_only: bool = False, empty_label=None) -> list:
    """Languages by name: every ISO 639 language a person may speak, or (client_only) the
    languages clients can read ReturnNet in (settings.LANGUAGES)."""
    if client_only:
        choices = client_language_choices()
    else:
        choices = [(code, name) for code, name in language_choices() if code not in EXCLUDED_LANGUAGES]
    result = grouped(choices, getattr(settings, "FREQUENT_LANGUAGES", []), _("All languages"))
    return [("", empty_label), *result] if empty_label is not None else result


def country_picker_choices(*, empty_label=None) -> list:
    choices = [(code, name) for code, name in countries if code not in EXCLUDED_COUNTRIES]
    result = grouped(choices, getattr(settings, "FREQUENT_COUNTRIES", []), _("All countries"))
    return [("", empty_label), *result] if empty_label is not None else result


class LanguageField(forms.ChoiceField):
    """One language (its code), picked by name. `empty_label` adds an empty first option."""

    widget = PickerSelect

    def __init__(self, *, client_only: bool = False, empty_label=None, **kwargs):
        kwargs.setdefault("choices", partial(language_picker_choices, client_only=client_only,
                                             empty_label=empty_label))
        super().__init__(**kwargs)


class LanguagesField(forms.MultipleChoiceField):
    """Several languages (a list of codes), picked by name."""

    widget = PickerSelectMultiple

    def __init__(self, *, client_only: bool = False, **kwargs):
        kwargs.setdefault("choices", partial(language_picker_choices, client_only=client_only))
        super().__init__(**kwargs)


class CountryField(forms.ChoiceField):
    """One country (ISO 3166 alpha-2 code), picked by name."""

    widget = PickerSelect

    def __init__(self, *, empty_label=None, **kwargs):
        kwargs.setdefault("choices", partial(country_picker_choices, empty_label=empty_label))
        super().__init__(**kwargs)


class CountriesField(forms.MultipleChoiceField):
    """Several countries (a list of codes), picked by name (e.g. a person's nationalities)."""

    widget = PickerSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", country_picker_choices)
        super().__init__(**kwargs)
