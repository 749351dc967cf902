from django.urls import path

from apps.clients import views

app_name = "clients"
urlpatterns = [
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
]
