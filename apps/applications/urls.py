from django.urls import path

from apps.applications import views

app_name = "applications"
urlpatterns = [
    path("cases/<int:pk>/applications/", views.case_application, name="case_application"),
    path("cases/<int:pk>/applications/new/", views.application_create, name="create"),
    path("applications/overview/", views.overview, name="overview"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="edit"),
    path("applications/<int:pk>/transition/", views.application_transition, name="transition"),
    path("applications/<int:pk>/declarations/", views.declaration_record, name="declaration"),
    path("applications/<int:pk>/travel-documents/", views.travel_document_record, name="travel_document"),
    path("applications/<int:pk>/travel/", views.travel_edit, name="travel"),
    path("applications/<int:pk>/export.json", views.application_export, name="export"),
    path("applications/<int:pk>/summary/", views.application_summary, name="summary"),
    path("applications/<int:pk>/travel-sheet/", views.travel_sheet, name="travel_sheet"),
]
