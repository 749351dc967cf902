"""The shared input rules: the same verdicts in the API schemas and in every web form."""

from datetime import date, datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from apps.api.schemas.common import AwareDateTime, RequiredText, SaneDate, Text, text
from apps.core import validation
from apps.core.forms import Form

BAD_TEXTS = ["\udc80", "a\x00b", "\ud83d", "x\x1by", "\ufffe", chr(0x10FFFF)]


@pytest.mark.parametrize("value", BAD_TEXTS)
def test_unstorable_characters_are_refused(value):
    with pytest.raises(ValidationError) as error:
        validation.clean_text(value)
    assert error.value.code == "characters"


@pytest.mark.parametrize("value", ["Ahmadi", "Ünal\tو\nالعربية", "😀 emoji", "  padded  "])
def test_ordinary_text_passes_stripped(value):
    assert validation.clean_text(value) == value.strip()


def test_the_length_limit_counts_the_stripped_text():
    assert validation.clean_text("  abc  ", 3) == "abc"
    with pytest.raises(ValidationError) as error:
        validation.clean_text("abcd", 3)
    assert error.value.code == "too_long"


@pytest.mark.parametrize("value", [date(1899, 12, 31), date(2101, 1, 1), datetime(1, 1, 1), date(9999, 12, 31)])
def test_dates_outside_1900_to_2100_are_refused(value):
    with pytest.raises(ValidationError):
        validation.check_date(value)


def test_the_messages_go_through_gettext():
    # The German catalogue is merged separately; here: every message is a lazy translation.
    from django.utils.functional import Promise

    assert all(isinstance(message, Promise) for message in validation.MESSAGES.values())


@pytest.mark.parametrize("value", BAD_TEXTS)
def test_the_api_text_types_refuse_what_the_rule_refuses(value):
    for kind in (Text, RequiredText, text(10)):
        with pytest.raises(PydanticError) as error:
            TypeAdapter(kind).validate_python(value)
        assert error.value.errors()[0]["type"] == "characters"


def test_the_api_text_types_strip_and_limit_like_the_forms():
    assert TypeAdapter(text(3)).validate_python("  abc ") == "abc"
    with pytest.raises(PydanticError):
        TypeAdapter(text(3)).validate_python("abcd")
    with pytest.raises(PydanticError):
        TypeAdapter(RequiredText).validate_python("   ")
    with pytest.raises(PydanticError):
        TypeAdapter(Text).validate_python("x" * (validation.LONG_TEXT_MAX + 1))


@pytest.mark.parametrize("value", ["0001-01-01", "2.57e-270", 2.57e-270, 0, "2020-02-30", "3000-01-01"])
def test_api_dates_are_iso_and_in_range(value):
    with pytest.raises(PydanticError):
        TypeAdapter(SaneDate).validate_python(value)


def test_api_times_are_in_range_and_aware():
    adapter = TypeAdapter(AwareDateTime)
    with pytest.raises(PydanticError):
        adapter.validate_python("0001-01-01T00:00:00+14:00")
    assert adapter.validate_python("2026-03-02T09:30:00").tzinfo is not None


class _Sample(Form):
    name = forms.CharField()
    note = forms.CharField(widget=forms.Textarea, required=False)
    day = forms.DateField(required=False)
    when = forms.DateTimeField(required=False)


@pytest.mark.parametrize("data, field", [
    ({"name": "a\x1bb"}, "name"),
    ({"name": "x" * (validation.SHORT_TEXT_MAX + 1)}, "name"),
    ({"name": "ok", "note": "x" * (validation.LONG_TEXT_MAX + 1)}, "note"),
    ({"name": "ok", "day": "0001-01-01"}, "day"),
    ({"name": "ok", "when": "0001-01-01 00:00"}, "when"),
])
def test_every_form_applies_the_same_rules(data, field):
    form = _Sample(data=data)
    assert not form.is_valid()
    assert field in form.errors


def test_a_form_accepts_ordinary_input_and_shows_the_limit():
    form = _Sample(data={"name": "  Laila  ", "note": "Notiz", "day": "2026-03-02"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Laila"
    assert f'maxlength="{validation.SHORT_TEXT_MAX}"' in str(form["name"])


class _Dynamic(Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"] = forms.CharField(widget=forms.Textarea)


def test_fields_added_in_a_subclass_init_follow_the_rules_too():
    assert not _Dynamic(data={"answer": "x" * (validation.LONG_TEXT_MAX + 1)}).is_valid()
    assert not _Dynamic(data={"answer": "a\x1bb"}).is_valid()
    assert _Dynamic(data={"answer": "fine"}).is_valid()


def test_every_app_form_inherits_the_rules():
    """No form class of an app bypasses the base classes of apps.core.forms."""
    import importlib
    import inspect
    import pkgutil

    import apps
    from apps.core.forms import ValidatedFormMixin

    bypassing = []
    for module_info in pkgutil.iter_modules(apps.__path__):
        try:
            module = importlib.import_module(f"apps.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
                    and not issubclass(cls, ValidatedFormMixin)):
                bypassing.append(f"{module.__name__}.{name}")
    assert bypassing == []


def _pages_without_arguments():
    """The paths of every page of the back office that takes no URL argument."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<" not in route and "(" not in route:
                yield "/" + route.lstrip("^").rstrip("$")

    return sorted({path for path in walk(get_resolver().url_patterns)
                   if not path.startswith(("/api/", "/static/", "/media/"))})


@pytest.mark.django_db
def test_no_page_fails_on_hostile_query_parameters(personas, client):
    """NUL is refused before any view runs (400); a UTF-8-encoded surrogate arrives as
    U+FFFD (Django decodes with replacement) and the views cope with it."""
    client.force_login(personas.counsellor)
    pages = _pages_without_arguments()
    assert len(pages) > 20 and "/cases/" in pages
    for path in pages:
        refused = client.get(path + "?q=%00&status=%00&page=%00")
        assert refused.status_code == 400, path
        replaced = client.get(path + "?q=%ED%B2%80&status=%ED%B2%80&page=%ED%B2%80&office=%ED%B2%80")
        assert replaced.status_code < 500, path


@pytest.mark.django_db
def test_nul_in_form_data_or_a_path_is_refused_before_the_view(personas, client):
    client.force_login(personas.counsellor)
    response = client.post("/cases/new/", {"family_name": "a\x00b"})
    assert response.status_code == 400
    assert b"cannot be processed" in response.content
    assert client.get("/cases/%00/").status_code == 400
    api = client.get("/api/v1/public/districts/07%0011/counselling")
    assert api.status_code == 404
    assert api.json() == {"detail": "Not found."}
