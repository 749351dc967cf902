from django.urls import path

from apps.audit import views, views_account_events

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("export.csv", views.entry_export, name="export"),
    path("account-events/", views_account_events.account_events, name="account_events"),
]
