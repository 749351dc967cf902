from django.urls import path

from apps.jobs import export_views, views

app_name = "jobs"
urlpatterns = [
    path("jobs/", views.job_list, name="list"),
    path("jobs/messages/<int:pk>/retry/", views.message_retry, name="message_retry"),
    path("jobs/<uuid:result_id>/retry/", views.task_retry, name="task_retry"),
    path("exports/", export_views.export_list, name="exports"),
    path("exports/new/", export_views.export_request, name="export_request"),
    path("exports/<int:pk>/", export_views.export_detail, name="export_detail"),
    path("exports/<int:pk>/status/", export_views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", export_views.export_download, name="export_download"),
]
