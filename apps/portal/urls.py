"""The public portal: mounted under a language prefix (/de/, /ar/, …) by returnnet/urls.py."""

from django.urls import path

from apps.portal.protection import refused_input
from apps.portal.views import booking, callback, events, pages

app_name = "portal"
urlpatterns = [
    path("", pages.home, name="home"),
    path("counselling/", pages.how, name="how"),
    path("programmes/", pages.programmes, name="programmes"),
    path("materials/", pages.materials, name="materials"),
    path("languages/", pages.languages, name="languages"),
    path("privacy/", pages.privacy, name="privacy"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("accessibility/feedback/", pages.accessibility_feedback, name="accessibility_feedback"),
    path("imprint/", pages.imprint, name="imprint"),
    path("find/", booking.find, name="find"),
    path("find/<str:ags>/", booking.district, name="district"),
    path("book/<int:slot_id>/", booking.book, name="book"),
    path("appointment/<str:manage_token>/", booking.manage, name="manage"),
    path("callback/", callback.request_callback, name="callback"),
    path("callback/sent/", callback.sent, name="callback_sent"),
    path("events/register/<str:signup_token>/", events.register, name="event_register"),
    path("events/registration/<str:participant_token>/", events.registration, name="event_registration"),
    path("events/registration/<str:participant_token>/certificate/", events.certificate,
         name="event_certificate"),
    path("events/registration/<str:participant_token>/materials/<int:material_id>/", events.material,
         name="event_material"),
]

# apps.core.validation.RefuseUnstorableInputMiddleware lets the portal answer unstorable input
# itself: a field error with the input kept (its forms check every field), else the refused
# page in the visitor's language instead of the back office's plain German text.
FORM_VIEWS = {"book", "manage", "callback", "accessibility_feedback"}
FORM_VIEWS |= {"event_register", "event_registration"}
for pattern in urlpatterns:
    pattern.callback.refuse_unstorable_input = refused_input
    pattern.callback.checks_form_characters = pattern.name in FORM_VIEWS
