from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.client_languages import client_language_choices
from apps.core.forms import Form, ModelForm
from apps.core.pickers import LanguageField
from apps.core.widgets import DateInput
from apps.outreach.models import Campaign, Material, OrderState


class MaterialForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Material
        fields = ["title", "kind", "target_group", "published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def material_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class MaterialTextForm(Form):
    title = forms.CharField(label=_("Flyer title"), max_length=200, required=False)
    body = forms.CharField(label=_("Flyer text"), max_length=3000, required=False,
                           widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("An empty line starts a new paragraph. Leave title and text empty to "
                                       "remove this language."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class MaterialFileForm(Form):
    language = LanguageField(label=_("Language"), client_only=True)
    file = forms.FileField(label=_("File"), required=False,
                           help_text=_("PDF, JPEG, PNG or MP4. A new upload becomes the current version; older "
                                       "versions are kept."))


class OrderForm(Form):
    material = forms.ModelChoiceField(label=_("Material"), queryset=Material.objects.none())
    language = LanguageField(label=_("Language"), client_only=True)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10_000)
    delivery_address = forms.CharField(label=_("Delivery address"), max_length=500,
                                       widget=forms.Textarea(attrs={"rows": 4}))
    wished_date = forms.DateField(label=_("Wished delivery date"), required=False, widget=DateInput())

    def __init__(self, *args, materials=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = materials if materials is not None else Material.objects.none()


class OrderStateForm(Form):
    state = forms.ChoiceField(label=_("New state"), choices=OrderState.choices)
    note = forms.CharField(label=_("Note to the orderer"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CampaignForm(ModelForm):
    languages = forms.MultipleChoiceField(label=_("languages"), widget=forms.CheckboxSelectMultiple)
    materials = forms.ModelMultipleChoiceField(label=_("materials used"), queryset=Material.objects.none(),
                                               required=False, widget=forms.CheckboxSelectMultiple)
    budget = forms.DecimalField(label=_("budget (EUR)"), min_value=Decimal("0"), max_digits=10, decimal_places=2,
                                localize=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Campaign
        fields = ["name", "code", "channel", "platform", "starts_on", "ends_on", "languages", "target_group",
                  "materials", "budget"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {"code": _("Letters, digits and hyphens; it becomes part of the campaign link "
                                "(…/ar/?c=code).")}

    def __init__(self, *args, materials=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = client_language_choices()
        self.fields["materials"].queryset = materials if materials is not None else Material.objects.none()
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def campaign_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"version", "materials"}}


class FigureForm(Form):
    period_start = forms.DateField(label=_("from"), widget=DateInput())
    period_end = forms.DateField(label=_("to"), widget=DateInput())
    reach = forms.IntegerField(label=_("reach"), min_value=0, max_value=1_000_000_000)
    clicks = forms.IntegerField(label=_("clicks"), min_value=0, max_value=1_000_000_000)
