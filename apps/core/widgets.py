"""Form widgets shared by every app."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A native date picker (ISO value), independent of the UI language's date format.

    Without the fixed format a German UI renders "30.11.2026", which the browser's date
    field cannot show: the field looks empty and the browser refuses to submit it."""

    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class _Picker:
    """A native select that picker.js (static/js/picker.js) enhances with a filter box above it.

    The script is referenced by the widget's own template, so every page that shows a picker
    loads it, and no other page does (CSP script-src 'self': no inline script). The box's
    label comes from here, in the interface language, through a data attribute."""

    template_name = "core/widgets/picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-picker"] = ""
        widget_attrs["data-picker-label"] = str(_("Filter the list"))
        return context


class PickerSelect(_Picker, forms.Select):
    pass


class PickerSelectMultiple(_Picker, forms.SelectMultiple):
    def __init__(self, attrs=None, choices=()):
        super().__init__({"size": "8", **(attrs or {})}, choices)


class PhoneInput(forms.TextInput):
    """A phone number typed by staff (the caller's, not their own: no autofill): the phone
    keyboard on mobiles."""

    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
