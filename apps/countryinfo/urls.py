from django.urls import path

from apps.countryinfo import views

app_name = "countryinfo"
urlpatterns = [
    path("cases/<int:pk>/country-information/", views.case_countryinfo, name="case_countryinfo"),
    path("cases/<int:pk>/country-information/requests/new/", views.request_create_for_case,
         name="case_request_create"),
    path("cases/<int:pk>/country-information/virtual-counselling/new/", views.virtual_schedule,
         name="virtual_schedule"),
    path("country-requests/new/", views.request_create, name="request_create"),
    path("country-requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("country-requests/<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("country-requests/<int:pk>/answer/", views.request_answer, name="request_answer"),
    path("virtual-counselling/<int:pk>/", views.virtual_detail, name="virtual_detail"),
    path("virtual-counselling/<int:pk>/outcome/", views.virtual_outcome, name="virtual_outcome"),
    path("virtual-counselling/<int:pk>/cancel/", views.virtual_cancel, name="virtual_cancel"),
    path("country-contacts/", views.contact_list, name="contact_list"),
    path("country-contacts/manage/", views.contact_manage, name="contact_manage"),
    path("country-contacts/new/", views.contact_create, name="contact_create"),
    path("country-contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("country-contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("country-information/", views.knowledge_list, name="knowledge"),
    path("country-information/check/", views.identifier_check, name="check"),
]
