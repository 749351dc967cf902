from django.urls import path

from apps.mobile.views import coverage, days, hosting, locations

app_name = "mobile"
urlpatterns = [
    path("mobile/", locations.start, name="start"),
    path("mobile/locations/", locations.location_list, name="locations"),
    path("mobile/locations/new/", locations.location_create, name="location_create"),
    path("mobile/locations/<int:pk>/", locations.location_detail, name="location_detail"),
    path("mobile/locations/<int:pk>/edit/", locations.location_edit, name="location_edit"),
    path("mobile/locations/<int:pk>/deactivate/", locations.location_deactivate, name="location_deactivate"),
    path("mobile/days/", days.day_list, name="days"),
    path("mobile/days/new/", days.day_create, name="day_create"),
    path("mobile/days/<int:pk>/", days.day_detail, name="day_detail"),
    path("mobile/days/<int:pk>/cancel/", days.day_cancel, name="day_cancel"),
    path("mobile/days/<int:pk>/move/", days.day_move, name="day_move"),
    # The host's side
    path("hosting/", hosting.hosting_list, name="hosting_list"),
    path("hosting/new/", hosting.hosting_new, name="hosting_new"),
    path("hosting/<int:pk>/", hosting.hosting_detail, name="hosting_detail"),
    path("hosting/<int:pk>/withdraw/", hosting.hosting_withdraw, name="hosting_withdraw"),
    # The counselling organisation's side
    path("hosting/incoming/", hosting.incoming_list, name="incoming"),
    path("hosting/incoming/<int:pk>/", hosting.incoming_detail, name="incoming_detail"),
    path("hosting/incoming/<int:pk>/accept/", hosting.incoming_accept, name="incoming_accept"),
    path("hosting/incoming/<int:pk>/propose/", hosting.incoming_propose, name="incoming_propose"),
    path("hosting/incoming/<int:pk>/decline/", hosting.incoming_decline, name="incoming_decline"),
    path("coverage/", coverage.coverage, name="coverage"),
]
