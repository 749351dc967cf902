from django.urls import path, re_path

from apps.hotline import views, views_handover

app_name = "hotline"
urlpatterns = [
    path("hotline/", views.desk, name="desk"),
    path("hotline/calls/<int:pk>/", views.call_detail, name="call"),
    path("hotline/callbacks/", views.callback_queue, name="callbacks"),
    path("hotline/callbacks/new/", views.callback_create, name="callback_create"),
    path("hotline/callbacks/<int:pk>/", views.callback_detail, name="callback"),
    path("hotline/callbacks/<int:pk>/take/", views.callback_take, name="callback_take"),
    re_path(r"^hotline/callbacks/(?P<pk>[0-9]+)/(?P<which>attempt|assign|close)/$", views.callback_act,
            name="callback_act"),
    re_path(r"^hotline/(?P<kind>calls|callbacks)/(?P<pk>[0-9]+)/case/$", views_handover.case_for_caller,
            name="case_for_caller"),
    re_path(r"^hotline/(?P<kind>calls|callbacks)/(?P<pk>[0-9]+)/book/$", views_handover.book_for_caller,
            name="book_for_caller"),
    path("hotline/overview/", views.team_overview, name="overview"),
]
