from django.urls import path

from apps.outreach.views import campaigns, materials, orders, public

app_name = "outreach"
urlpatterns = [
    path("outreach/public/materials/<int:pk>/<str:language>/", public.download, name="public_download"),
    path("outreach/materials/", materials.material_list, name="materials"),
    path("outreach/materials/new/", materials.material_create, name="material_create"),
    path("outreach/materials/files/<int:file_pk>/", materials.file_download, name="file_download"),
    path("outreach/materials/<int:pk>/", materials.material_detail, name="material_detail"),
    path("outreach/materials/<int:pk>/edit/", materials.material_edit, name="material_edit"),
    path("outreach/materials/<int:pk>/text/", materials.material_text, name="material_text"),
    path("outreach/materials/<int:pk>/upload/", materials.material_upload, name="material_upload"),
    path("outreach/materials/<int:pk>/flyers/", materials.material_flyers, name="material_flyers"),
    path("outreach/materials/<int:pk>/flyer/", materials.flyer_download, name="flyer_download"),
    path("outreach/materials/<int:pk>/qr/", materials.material_qr, name="material_qr"),
    path("outreach/orders/", orders.order_list, name="orders"),
    path("outreach/orders/new/", orders.order_create, name="order_create"),
    path("outreach/orders/<int:pk>/", orders.order_detail, name="order_detail"),
    path("outreach/orders/<int:pk>/cancel/", orders.order_cancel, name="order_cancel"),
    path("outreach/incoming-orders/", orders.incoming_list, name="incoming_orders"),
    path("outreach/incoming-orders/<int:pk>/", orders.incoming_detail, name="incoming_detail"),
    path("outreach/campaigns/", campaigns.campaign_list, name="campaigns"),
    path("outreach/campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("outreach/campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("outreach/campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("outreach/campaigns/<int:pk>/figures/", campaigns.campaign_figures, name="campaign_figures"),
    path("outreach/campaigns/<int:pk>/qr/", campaigns.campaign_qr, name="campaign_qr"),
]
