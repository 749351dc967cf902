from django.urls import path

from apps.cases.views import cases, documents, home, household, sessions, tasks

app_name = "cases"
urlpatterns = [
    path("", home.home, name="home"),
    path("cases/", cases.case_list, name="list"),
    path("cases/new/", cases.case_create, name="create"),
    path("cases/new/for-person/<int:person_pk>/", cases.case_create_for_person, name="create_for_person"),
    path("cases/<int:pk>/", cases.case_detail, name="detail"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="edit"),
    path("cases/<int:pk>/status/", cases.case_transition, name="transition"),
    path("cases/<int:pk>/close/", cases.case_close, name="close"),
    path("cases/<int:pk>/assign/", cases.case_assign, name="assign"),
    path("cases/<int:pk>/timeline/", cases.case_timeline, name="timeline"),
    path("cases/<int:pk>/household/", household.household, name="household"),
    path("cases/<int:pk>/household/new/", household.member_add, name="member_add"),
    path("cases/<int:pk>/household/<int:member_pk>/remove/", household.member_remove, name="member_remove"),
    path("cases/<int:pk>/consents/", household.consents, name="consents"),
    path("cases/<int:pk>/consents/new/", household.consent_add, name="consent_add"),
    path("cases/<int:pk>/consents/<int:consent_pk>/withdraw/", household.consent_withdraw,
         name="consent_withdraw"),
    path("cases/<int:pk>/sessions/", sessions.session_list, name="sessions"),
    path("cases/<int:pk>/sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("cases/<int:pk>/tasks/", tasks.task_list, name="tasks"),
    path("cases/<int:pk>/tasks/new/", tasks.task_create, name="task_create"),
    path("tasks/<int:pk>/toggle/", tasks.task_toggle, name="task_toggle"),
    path("cases/<int:pk>/documents/", documents.document_list, name="documents"),
    path("cases/<int:pk>/documents/upload/", documents.document_upload, name="document_upload"),
    path("documents/<int:pk>/download/", documents.document_download, name="document_download"),
    path("documents/<int:pk>/preview/", documents.document_preview, name="document_preview"),
    path("documents/<int:pk>/delete/", documents.document_delete, name="document_delete"),
]
