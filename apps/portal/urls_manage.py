"""Back office of the portal, at the root without a language prefix (/portal/…)."""

from django.urls import path

from apps.portal.views import manage

app_name = "portal_manage"
urlpatterns = [
    path("portal/texts/", manage.texts, name="texts"),
    path("portal/texts/<slug:text_key>/<str:text_language>/", manage.text_edit, name="text_edit"),
    path("portal/feedback/", manage.feedback_list, name="feedback"),
]
