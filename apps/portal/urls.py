"""The public portal: mounted under a language prefix (/de/, /ar/, …) by returnnet/urls.py."""

from django.urls import path

from apps.portal.views import pages

app_name = "portal"
urlpatterns = [
    path("", pages.home, name="home"),
]
