"""Accessibility helpers for the back-office base template (issue 12 §1)."""

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext

register = template.Library()


def _has_errors(value) -> bool:
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and (bool(value.non_form_errors()) or any(value.errors))
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """"Error: " when the page shows a form that failed validation, so that the title (the
    first thing a screen reader announces) says so. Every bound form in the context counts,
    whatever the view calls it; a view whose errors live elsewhere sets `form_errors`."""
    failed = bool(context.get("form_errors")) or any(
        _has_errors(value) for layer in context.dicts for value in layer.values())
    return gettext("Error: ") if failed else ""
