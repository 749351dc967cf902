from django.urls import path

from apps.referrals.views import directory, inbox, incoming, outgoing, submitted

app_name = "referrals"
urlpatterns = [
    # The service directory
    path("services/", directory.service_list, name="services"),
    path("services/new/", directory.service_create, name="service_create"),
    path("services/<int:pk>/", directory.service_detail, name="service_detail"),
    path("services/<int:pk>/edit/", directory.service_edit, name="service_edit"),
    # Outgoing referrals of a case
    path("cases/<int:pk>/referrals/", outgoing.case_referrals, name="case_referrals"),
    path("cases/<int:pk>/referrals/new/", outgoing.referral_create, name="create"),
    path("referrals/<int:pk>/", outgoing.referral_detail, name="detail"),
    path("referrals/<int:pk>/send/", outgoing.referral_send, name="send"),
    path("referrals/<int:pk>/status/", outgoing.referral_status, name="status"),
    path("referrals/<int:pk>/letter.pdf", outgoing.referral_letter_pdf, name="letter"),
    # The provider's inbox
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/<int:pk>/", inbox.inbox_detail, name="inbox_detail"),
    path("inbox/<int:pk>/status/", inbox.inbox_status, name="inbox_status"),
    # Incoming referrals at the counselling organisation
    path("incoming/", incoming.incoming_list, name="incoming"),
    path("incoming/<int:pk>/", incoming.incoming_detail, name="incoming_detail"),
    path("incoming/<int:pk>/offer/", incoming.incoming_offer, name="incoming_offer"),
    path("incoming/<int:pk>/decline/", incoming.incoming_decline, name="incoming_decline"),
    path("incoming/<int:pk>/create-case/", incoming.incoming_create_case, name="incoming_create_case"),
    path("incoming/<int:pk>/link/", incoming.incoming_link, name="incoming_link"),
    # The submitting partner's side
    path("my-referrals/", submitted.my_referrals, name="my_list"),
    path("my-referrals/new/", submitted.my_referral_new, name="my_new"),
    path("my-referrals/<int:pk>/", submitted.my_referral_detail, name="my_detail"),
]
