from django.urls import path

from apps.reports.views import dashboard, indicators

app_name = "reports"
urlpatterns = [
    path("reports/", dashboard.dashboard, name="dashboard"),
    path("reports/indicators/", indicators.indicator_list, name="indicators"),
    path("reports/indicators/<slug:code>/", indicators.indicator_detail, name="indicator"),
    path("reports/indicators/<slug:code>/records/", indicators.indicator_records, name="records"),
]
