from django.urls import path

from apps.hotline import views, views_handover

app_name = "hotline"
urlpatterns = [
    path("hotline/", views.desk, name="desk"),
    path("hotline/calls/<int:pk>/", views.call_detail, name="call"),
    path("hotline/calls/<int:pk>/case/", views_handover.case_for_caller, {"kind": "calls"}, name="call_case"),
    path("hotline/calls/<int:pk>/book/", views_handover.book_for_caller, {"kind": "calls"}, name="call_book"),
    path("hotline/callbacks/", views.callback_queue, name="callbacks"),
    path("hotline/callbacks/new/", views.callback_create, name="callback_create"),
    path("hotline/callbacks/<int:pk>/", views.callback_detail, name="callback"),
    path("hotline/callbacks/<int:pk>/take/", views.callback_take, name="callback_take"),
    path("hotline/callbacks/<int:pk>/attempt/", views.callback_act, {"which": "attempt"}, name="callback_attempt"),
    path("hotline/callbacks/<int:pk>/assign/", views.callback_act, {"which": "assign"}, name="callback_assign"),
    path("hotline/callbacks/<int:pk>/close/", views.callback_act, {"which": "close"}, name="callback_close"),
    path("hotline/callbacks/<int:pk>/case/", views_handover.case_for_caller, {"kind": "callbacks"},
         name="callback_case"),
    path("hotline/callbacks/<int:pk>/book/", views_handover.book_for_caller, {"kind": "callbacks"},
         name="callback_book"),
    path("hotline/overview/", views.team_overview, name="overview"),
]
