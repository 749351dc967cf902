"""Subject-access exports and the records of processing (mounted under /privacy/ by apps.privacy.urls)."""

from django.urls import path

from apps.privacy.views import access, processing

urlpatterns = [
    path("access/", access.access_list, name="access"),
    path("access/request/", access.access_request, name="access_request"),
    path("access/<int:pk>/", access.access_detail, name="access_detail"),
    path("access/<int:pk>/status/", access.access_status, name="access_status"),
    path("access/<int:pk>/download/", access.access_download, name="access_download"),
    path("processing/", processing.processing_page, name="processing"),
    path("processing/pdf/", processing.processing_download, {"fmt": "pdf"}, name="processing_pdf"),
    path("processing/csv/", processing.processing_download, {"fmt": "csv"}, name="processing_csv"),
    path("processing/xlsx/", processing.processing_download, {"fmt": "xlsx"}, name="processing_xlsx"),
]
