"""Breaks pasted from Word/Excel (U+000B, U+000C) are kept as line feeds or spaces, and
passwords are exempt from the text length limit."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pydantic import TypeAdapter

from apps.api.schemas.common import ShortText, Text
from apps.core import validation
from apps.core.forms import Form, PasswordChangeForm
from tests.factories import TEST_PASSWORD


class _Pasted(Form):
    title = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea)


def test_a_form_turns_pasted_breaks_into_line_feeds_or_spaces():
    form = _Pasted(data={"title": "Anna\x0bMüller\x0c", "notes": "line one\x0bline two\x0cpage two"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"title": "Anna Müller", "notes": "line one\nline two\npage two"}


def test_the_api_turns_pasted_breaks_into_line_feeds_or_spaces():
    assert TypeAdapter(Text).validate_python("a\x0bb\x0cc") == "a\nb\nc"
    assert TypeAdapter(ShortText).validate_python("a\x0bb\x0cc") == "a b c"
    assert validation.clean_text("x\x0by", validation.SHORT_TEXT_MAX) == "x y"
    with pytest.raises(ValidationError):
        validation.clean_text("x\x1by")  # other control characters stay refused


LONG_PASSWORD = "Passphrase-" + "x7" * 145  # 301 characters


def test_a_300_character_password_can_be_set_and_used_to_sign_in(client, personas):
    client.force_login(personas.counsellor)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": TEST_PASSWORD, "new_password1": LONG_PASSWORD,
        "new_password2": LONG_PASSWORD,
    })
    assert response.status_code == 302
    personas.counsellor.refresh_from_db()
    assert personas.counsellor.check_password(LONG_PASSWORD)
    fresh = Client()
    response = fresh.post(reverse("accounts:login"), {"username": personas.counsellor.email,
                                                      "password": LONG_PASSWORD})
    assert response.status_code == 302
    assert fresh.session["_auth_user_id"] == str(personas.counsellor.pk)


def test_a_password_still_refuses_nul(personas):
    form = PasswordChangeForm(personas.counsellor, data={
        "old_password": TEST_PASSWORD, "new_password1": "abc\x00" + LONG_PASSWORD,
        "new_password2": "abc\x00" + LONG_PASSWORD})
    assert not form.is_valid()
    assert "new_password1" in form.errors
