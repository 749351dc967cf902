from django.urls import path

from apps.appointments import views

app_name = "appointments"
urlpatterns = [
    path("appointments/free/", views.free_slots, name="free"),
    path("appointments/book/<int:pk>/", views.book, name="book"),
    path("appointments/days/<int:pk>/", views.day_detail, name="day"),
    path("appointments/<int:pk>/", views.detail, name="detail"),
    path("appointments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("appointments/<int:pk>/no-show/", views.no_show, name="no_show"),
    path("appointments/<int:pk>/attended/", views.attended, name="attended"),
    path("appointments/manage/<str:manage_token>/", views.manage, name="manage"),
    path("calendars/", views.calendars, name="calendars"),
    path("calendars/new/", views.calendar_create, name="calendar_create"),
    path("calendars/location-link/", views.location_calendar_create, name="location_calendar_create"),
    path("calendars/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendars/counsellor/<str:counsellor_token>.ics", views.counsellor_feed, name="counsellor_feed"),
    path("calendars/location/<str:location_token>.ics", views.location_feed, name="location_feed"),
]
