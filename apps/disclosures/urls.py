from django.urls import path

from apps.disclosures import views, views_dpo

app_name = "disclosures"
urlpatterns = [
    # The counsellor's side
    path("cases/<int:pk>/disclosures/", views.case_disclosures, name="case_disclosures"),
    path("cases/<int:pk>/disclosures/new/", views.disclosure_new, name="create"),
    path("cases/<int:pk>/disclosures/certificate/", views.certificate_new, name="case_certificate"),
    path("disclosure-records/<int:pk>/revoke/", views.disclosure_revoke, name="revoke"),
    path("disclosure-records/<int:pk>/answer/", views.disclosure_answer, name="answer"),
    # The data protection officer's register of data that left the organisation
    path("disclosure-register/", views_dpo.register, name="dpo_register"),
    # The authority's side
    path("disclosures/inbox/", views.inbox, name="inbox"),
    path("disclosures/<int:pk>/", views.inbox_detail, name="inbox_detail"),
    path("disclosures/<int:pk>/documents/<int:document_pk>/", views.inbox_document, name="inbox_document"),
    path("disclosures/<int:pk>/confirm/", views.inbox_confirm, name="inbox_confirm"),
    path("disclosures/<int:pk>/ask/", views.inbox_ask, name="inbox_ask"),
    path("disclosures/<int:pk>/certificate/", views.inbox_certificate, name="inbox_certificate"),
]
