from django.urls import path

from apps.reports.views import dashboard, funder, indicators

app_name = "reports"
urlpatterns = [
    path("reports/", dashboard.dashboard, name="dashboard"),
    path("reports/indicators/", indicators.indicator_list, name="indicators"),
    path("reports/indicators/<slug:code>/", indicators.indicator_detail, name="indicator"),
    path("reports/indicators/<slug:code>/records/", indicators.indicator_records, name="records"),
    path("reports/export/", funder.indicators_export, name="export_all"),
    path("reports/indicators/<slug:code>/export/", funder.indicator_export, name="export"),
    path("reports/funder-report/", funder.funder_report, name="funder_report"),
]
