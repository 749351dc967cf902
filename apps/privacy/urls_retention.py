"""Retention rules and runs, legal holds, erasure on request (privacy-core)."""

from django.urls import path

from apps.privacy.views import erasure, holds, home, retention

urlpatterns = [
    path("", home, name="home"),
    path("rules/", retention.rule_list, name="rules"),
    path("rules/<int:pk>/", retention.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/confirm/", retention.rule_confirm, name="rule_confirm"),
    path("runs/", retention.run_list, name="runs"),
    path("runs/start/", retention.run_request, name="run_request"),
    path("runs/daily/", retention.retention_enable, name="retention_enable"),
    path("runs/<int:pk>/", retention.run_detail, name="run_detail"),
    path("runs/<int:pk>/status/", retention.run_status, name="run_status"),
    path("holds/", holds.hold_list, name="holds"),
    path("holds/new/", holds.hold_create, name="hold_create"),
    path("holds/<int:pk>/lift/", holds.hold_lift, name="hold_lift"),
    path("erasure/", erasure.request_list, name="erasure_list"),
    path("erasure/new/", erasure.request_create, name="erasure_create"),
    path("erasure/<int:pk>/", erasure.request_detail, name="erasure_detail"),
    path("erasure/<int:pk>/approve/", erasure.request_approve, name="erasure_approve"),
    path("erasure/<int:pk>/reject/", erasure.request_reject, name="erasure_reject"),
]
