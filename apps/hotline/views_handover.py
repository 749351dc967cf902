"""One-step handovers from a call or callback: open a case (after the duplicate check) or book a slot."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.appointments.selectors import free_slot_search
from apps.clients.forms import PersonForm
from apps.clients.selectors import person_for, possible_duplicates
from apps.core.forms import Form
from apps.core.links import absolute_url
from apps.core.permissions import require_perm
from apps.core.views_helpers import apply_errors
from apps.hotline import handover, selectors
from apps.hotline.forms import SlotSearchForm
from apps.hotline.models import Call

SLOT_LIMIT = 30
SEARCH_WEEKS = 6


def _source(request, kind: str, pk: int):
    if kind == "calls":
        return selectors.call_for(request.user, pk)
    if kind == "callbacks":
        return selectors.callback_for(request.user, pk)
    raise Http404


def _back(kind: str, source) -> str:
    return reverse("hotline:call" if kind == "calls" else "hotline:callback", args=[source.pk])


@require_perm("hotline.take")
def case_for_caller(request, kind, pk):
    """Open a case for the caller. Possible duplicates are shown first; the agent either picks
    one (the case opens in that person's household) or confirms that the person is new."""
    source = _source(request, kind, pk)
    if source.case_id:
        messages.info(request, _("A case is already linked."))
        return redirect("cases:detail", source.case_id)
    form = PersonForm(request.POST or None, prefix="person")
    duplicates = []
    if request.method == "POST" and request.POST.get("person_pk", "").isdigit():
        person = person_for(request.user, int(request.POST["person_pk"]))
        return _opened(request, handover.case_open_for_caller(actor=request.user, source=source, person=person))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.POST.get("confirm_new"):
            duplicates = possible_duplicates(request.user, organisation_id=source.organisation_id,
                                             family_name=data["family_name"], given_names=data["given_names"],
                                             birth_date=data["birth_date"])
        if not duplicates:
            try:
                case = handover.case_open_for_caller(actor=request.user, source=source,
                                                     person_data=form.person_data(), languages=form.languages())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return _opened(request, case)
    return render(request, "hotline/case_for_caller.html", {
        "source": source, "kind": kind, "back": _back(kind, source), "form": form, "duplicates": duplicates})


def _opened(request, case):
    messages.success(request, _("Case %(ref)s has been opened.") % {"ref": case.reference})
    return redirect("cases:detail", case.pk)


class _BookForm(Form):
    slot = forms.TypedChoiceField(label=gettext_lazy("Free slot"), coerce=int, widget=forms.RadioSelect)
    pseudonym = forms.CharField(label=gettext_lazy("Name or pseudonym"), max_length=80)
    phone = forms.CharField(label=gettext_lazy("Phone number"), max_length=40, required=False)
    # Never ticked in advance: the agent asks, and only a "yes" lets the confirmation and later
    # notices go out (the appointment records the moment of consent).
    consent = forms.BooleanField(
        label=gettext_lazy("The caller agrees to be contacted by SMS about this appointment"), required=False,
        help_text=gettext_lazy("Only then are the confirmation with the link to change or cancel and later "
                               "notices sent."))

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {slot.pk: slot for slot in slots}
        self.fields["slot"].choices = [
            (slot.pk, f"{timezone.localtime(slot.starts_at):%d.%m.%Y %H:%M} · {slot.day.location.name} "
                      f"({slot.day.location.district.name})") for slot in slots]

    def clean(self):
        data = super().clean()
        if data.get("consent") and not (data.get("phone") or "").strip():
            self.add_error("phone", _("Enter the phone number the confirmation should go to."))
        return data


@require_perm("hotline.take")
def book_for_caller(request, kind, pk):
    """Book one of the free slots of the next weeks for the caller, linked to the call/callback."""
    source = _source(request, kind, pk)
    search = SlotSearchForm(request.GET or None, initial={"district": getattr(source, "district_id", None)})
    district = search.cleaned_data["district"] if search.is_valid() else getattr(source, "district", None)
    today = timezone.localdate()
    slots = list(free_slot_search(request.user, district=district, start=today,
                                  end=today + timedelta(weeks=SEARCH_WEEKS))[:SLOT_LIMIT])
    initial = {"pseudonym": getattr(source, "first_name", "") or getattr(source, "caller_name", ""),
               "phone": source.phone}
    form = _BookForm(request.POST or None, slots=slots, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            appointment, _token = handover.slot_book_for_caller(
                actor=request.user, source=source, slot=form.slots[form.cleaned_data["slot"]],
                pseudonym=form.cleaned_data["pseudonym"], phone=form.cleaned_data["phone"],
                consent=form.cleaned_data["consent"], absolute_url=absolute_url)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The appointment has been booked (confirmation code %(code)s).")
                             % {"code": appointment.confirmation_code})
            return redirect(_back(kind, source))
    return render(request, "hotline/book_for_caller.html", {
        "source": source, "kind": kind, "back": _back(kind, source), "form": form, "search": search,
        "slots": slots, "district": district, "is_call": isinstance(source, Call)})
