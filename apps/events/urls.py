from django.urls import path

from apps.events.views import organiser, participant

app_name = "events"
urlpatterns = [
    path("events/", participant.event_list, name="list"),
    path("events/<int:pk>/", participant.event_detail, name="detail"),
    path("events/<int:pk>/register/", participant.register, name="register"),
    path("events/<int:pk>/cancel/", participant.cancel_mine, name="cancel_mine"),
    path("events/<int:pk>/feedback/", participant.feedback, name="feedback"),
    path("events/<int:pk>/certificate/", participant.my_certificate, name="my_certificate"),
    path("events/<int:pk>/materials/<int:material_pk>/", participant.material_download, name="material"),
    path("events/manage/new/", organiser.event_create, name="create"),
    path("events/manage/<int:pk>/", organiser.event_manage, name="manage"),
    path("events/manage/<int:pk>/edit/", organiser.event_edit, name="edit"),
    path("events/manage/<int:pk>/status/", organiser.event_status, name="status"),
    path("events/manage/<int:pk>/link/", organiser.regenerate_link, name="regenerate_link"),
    path("events/manage/<int:pk>/attendance/", organiser.attendance, name="attendance"),
    path("events/manage/<int:pk>/attendance/export/", organiser.attendance_export, name="attendance_export"),
    path("events/manage/<int:pk>/feedback/", organiser.feedback_results, name="feedback_results"),
    path("events/manage/<int:pk>/materials/", organiser.material_upload, name="material_upload"),
    path("events/manage/<int:pk>/registrations/<int:registration_pk>/cancel/", organiser.cancel_registration,
         name="cancel_registration"),
    path("events/manage/<int:pk>/registrations/<int:registration_pk>/certificate/", organiser.certificate,
         name="certificate"),
]
