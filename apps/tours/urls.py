from django.urls import path

from apps.tours import views

app_name = "tours"
urlpatterns = [
    path("tours/", views.plan_list, name="list"),
    path("tours/<int:pk>/", views.plan_detail, name="detail"),
    path("tours/<int:pk>/solve/", views.plan_solve, name="solve"),
    path("tours/<int:pk>/solve/status/", views.plan_solve_status, name="solve_status"),
    path("tours/<int:pk>/accept/", views.plan_accept, name="accept"),
    path("tours/rules/<int:pk>/remove/", views.constraint_remove, name="constraint_remove"),
]
