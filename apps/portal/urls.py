"""The public portal: mounted under a language prefix (/de/, /ar/, …) by returnnet/urls.py."""

from django.urls import path

from apps.portal.views import booking, callback, pages

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
]
