"""Asking for a callback: language, phone, a time window, optionally a first name.

On any error the form comes back with everything typed (the challenge included, while it is
good); the success page's URL carries no personal data. No cookie is set.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.permissions import public
from apps.hotline.services import callback_request_submit_public
from apps.portal.forms import CallbackForm
from apps.portal.http import page_language
from apps.portal.protection import phone_limit_reached, phone_used, protected_post
from apps.portal.texts import texts

# The service's field errors in the visitor's words (ours are in every client catalogue).
FIELD_ERRORS = {
    "phone": gettext_lazy("Please enter a phone number we can call, for example 0151 23456789."),
    "language": gettext_lazy("Please choose a language from the list."),
    "window": gettext_lazy("Please choose a time from the list."),
    "first_name": gettext_lazy("Please enter a shorter name."),
    "consent": gettext_lazy("Please agree that we may call you."),
}


def _hotline(language: str) -> dict:
    """The hotline's number and hours for the page; the frame reuses the same texts (one query)."""
    values = texts(language)
    return {"portal_texts": values, "hotline_number": values["hotline_number"],
            "hotline_hours": values["hotline_hours"]}


def _submit(form) -> bool:
    data = form.cleaned_data
    try:
        callback_request_submit_public(phone=data["phone"], language=data["language"], window=data["window"],
                                       first_name=data["first_name"], consent=data["consent"])
    except ValidationError as error:
        for field in getattr(error, "error_dict", {}):
            form.add_error(field if field in FIELD_ERRORS else None, str(FIELD_ERRORS.get(
                field, _("Your request could not be sent. Please call the hotline."))))
        if not hasattr(error, "error_dict"):
            form.add_error(None, _("We cannot take callback requests right now. Please call the hotline."))
        form.renew_challenge()
        return False
    phone_used("callback", data["phone"])
    return True


@public
@protected_post("callback")
def request_callback(request):
    initial = {"language": page_language()}
    form = CallbackForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if phone_limit_reached("callback", form.cleaned_data["phone"]):
            form.add_error("phone", _("This phone number was used for several requests today. We will call you "
                                      "back. If it is urgent, please call the hotline."))
        elif not form.claim_challenge():
            pass  # a replay of a sent form: the form says to send it again
        elif _submit(form):
            response = redirect("portal:callback_sent")
            response.status_code = 303
            return response
    language = page_language()
    response = render(request, "portal/callback.html", {
        "form": form, **_hotline(language)})
    if request.method == "POST":
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=300)
    return response


@public
def sent(request):
    language = page_language()
    response = render(request, "portal/callback_sent.html", {
        **_hotline(language)})
    patch_cache_control(response, public=True, max_age=3600)
    return response
