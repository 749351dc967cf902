from django.urls import path

from apps.outreach.views import public

app_name = "outreach"
urlpatterns = [
    path("outreach/public/materials/<int:pk>/<str:language>/", public.download, name="public_download"),
]
