"""One rule for bidirectional controls in one-line texts, in the web forms and the API alike.

Refused: the embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069), which can
make a name or file number show something else than it holds. Accepted: the joiners Persian
and Pashto spelling needs (U+200C, U+200D) and the direction marks (U+200E, U+200F, U+061C).
"""

import re

from django import forms
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from apps.api.schemas.common import RequiredShortText, ShortText, Text
from apps.core.forms import Form

CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
ALLOWED_MARKS = ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c"]
# Letters of the scripts clients write, spaces and the allowed marks; never a control.
LETTERS = st.text(alphabet=st.sampled_from(list("abcÄöşğ ابپچژکگیۍښځ абв ქართ 0123-/") + ALLOWED_MARKS),
                  min_size=1, max_size=40).filter(lambda t: t.strip())


class NameForm(Form):
    name = forms.CharField(max_length=200)
    notes = forms.CharField(widget=forms.Textarea, required=False)


def _form_accepts(value: str, field: str = "name") -> bool:
    data = {"name": "Ali", "notes": ""} | {field: value}
    return NameForm(data=data).is_valid()


def _api_accepts(value: str, kind=ShortText) -> bool:
    try:
        TypeAdapter(kind).validate_python(value)
    except PydanticError:
        return False
    return True


@settings(max_examples=60, deadline=None)
@given(LETTERS, st.sampled_from(CONTROLS), st.integers(min_value=0, max_value=40))
def test_a_bidi_control_anywhere_in_a_one_line_text_is_refused_by_form_and_api(text, control, at):
    value = text[:at] + control + text[at:]
    assert not _form_accepts(value)
    assert not _api_accepts(value) and not _api_accepts(value, RequiredShortText)


@settings(max_examples=60, deadline=None)
@given(LETTERS)
def test_joiners_and_direction_marks_are_kept_by_form_and_api(value):
    form = NameForm(data={"name": value, "notes": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == value.strip()
    assert TypeAdapter(ShortText).validate_python(value) == value.strip()


def test_the_persian_zero_width_non_joiner_passes():
    assert _form_accepts("می\u200cخواهم") and _api_accepts("می\u200cخواهم")


def test_a_free_text_keeps_bidi_controls_only_one_line_texts_refuse_them():
    # A free text (notes) is never shown as one line beside other data: the rule is for names,
    # references, places.
    assert _form_accepts("\u202eabc", field="notes")
    assert _api_accepts("\u202eabc", Text)


def test_the_refusal_says_why_in_the_users_language():
    with translation.override("en"):
        form = NameForm(data={"name": "Ali\u202eReza", "notes": ""})
        assert not form.is_valid()
        assert "change the direction of the text" in form.errors["name"][0]
        try:
            TypeAdapter(ShortText).validate_python("\u2067x")
        except PydanticError as error:
            assert "change the direction of the text" in str(error)
        else:
            raise AssertionError("the API accepted a bidi control")


def test_the_documented_api_pattern_says_the_same():
    schema = TypeAdapter(ShortText).json_schema()
    pattern = re.compile(schema["pattern"].encode().decode("unicode_escape"))
    assert pattern.match("Ali\u200cReza") and not pattern.match("Ali\u202eReza")
    long_pattern = re.compile(TypeAdapter(Text).json_schema()["pattern"].encode().decode("unicode_escape"))
    assert long_pattern.match("Ali\u202eReza")
