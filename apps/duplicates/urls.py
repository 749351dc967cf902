from django.urls import path

from apps.duplicates import views

app_name = "duplicates"
urlpatterns = [
    path("duplicates/", views.review, name="review"),
    path("duplicates/runs/<int:pk>/status/", views.run_status, name="run_status"),
    path("duplicates/pairs/<int:pk>/", views.pair_detail, name="pair"),
    path("duplicates/pairs/<int:pk>/undo/", views.pair_undo, name="undo"),
    path("duplicates/merges/<int:entry_id>/", views.merge_entry, name="merge_entry"),
]
