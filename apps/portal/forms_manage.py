"""Back-office forms of the portal: editing one text in one language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import Form


class PortalTextForm(Form):
    value = forms.CharField(label=_("Text"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, text_key, language: str, rtl: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["value"]
        field.label = text_key.label
        field.help_text = text_key.help
        if language:
            # Typed in its own language: the browser picks the direction and spelling, a
            # screen reader the voice.
            field.widget.attrs.update({"lang": language, "dir": "rtl" if rtl else "ltr"})


class PortalLongTextForm(PortalTextForm):
    value = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8}))


def text_form(text_key, *args, **kwargs) -> PortalTextForm:
    form_class = PortalLongTextForm if text_key.multiline else PortalTextForm
    return form_class(*args, text_key=text_key, **kwargs)
