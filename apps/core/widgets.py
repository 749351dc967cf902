"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """A native date picker (ISO value), independent of the UI language's date format.

    Without the fixed format a German UI renders "30.11.2026", which the browser's date
    field cannot show: the field looks empty and the browser refuses to submit it."""

    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)
