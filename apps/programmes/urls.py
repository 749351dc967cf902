from django.urls import path

from apps.programmes import views

app_name = "programmes"
urlpatterns = [
    path("cases/<int:pk>/eligibility/", views.case_eligibility, name="case_eligibility"),
    path("programmes/", views.programme_list, name="list"),
    path("programmes/versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("programmes/versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("programmes/versions/<int:pk>/copy/", views.version_copy, name="version_copy"),
]
