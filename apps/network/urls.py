from django.urls import path

from apps.network.views import home

app_name = "network"
urlpatterns = [
    path("network/", home.home, name="home"),
]
