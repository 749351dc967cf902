from django.urls import path

from apps.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/", views.job_list, name="list"),
    path("jobs/messages/<int:pk>/retry/", views.message_retry, name="message_retry"),
    path("jobs/<uuid:result_id>/retry/", views.task_retry, name="task_retry"),
]
