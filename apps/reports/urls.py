from django.urls import path

from apps.reports.views import dashboard

app_name = "reports"
urlpatterns = [
    path("reports/", dashboard.dashboard, name="dashboard"),
]
