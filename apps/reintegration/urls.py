from django.urls import path

from apps.reintegration import views

app_name = "reintegration"
urlpatterns = [
    path("cases/<int:pk>/reintegration/", views.case_reintegration, name="case_reintegration"),
    path("cases/<int:pk>/reintegration/new-plan/", views.plan_create, name="plan_create"),
    path("cases/<int:pk>/reintegration/schedule/", views.monitoring_schedule, name="monitoring_schedule"),
    path("reintegration-plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("reintegration-plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("reintegration-plans/<int:pk>/goals/new/", views.goal_add, name="goal_add"),
    path("reintegration-plans/<int:pk>/pdf/", views.plan_pdf_download, name="plan_pdf"),
    path("reintegration-plans/<int:pk>/handover/", views.handover_create, name="handover_create"),
    path("reintegration-goals/<int:pk>/activities/new/", views.activity_add, name="activity_add"),
    path("reintegration-handovers/<int:pk>/export.json", views.handover_json, name="handover_json"),
    path("reintegration-handovers/<int:pk>/export.pdf", views.handover_pdf, name="handover_pdf"),
    path("monitoring-visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("monitoring-visits/<int:pk>/record/", views.visit_record, name="visit_record"),
    path("reintegration/overview/", views.overview, name="overview"),
]
