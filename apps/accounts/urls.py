from django.urls import path

from apps.accounts import views, views_security

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("second-factor/recovery/", views.second_factor_recovery, name="second_factor_recovery"),
    path("logout/", views.logout, name="logout"),
    path("logout/everywhere/", views.logout_all, name="logout_all"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.password_change, name="password_change"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password/set/<uidb64>/<token>/", views.password_set, name="password_set"),
    path("members/", views.members, name="members"),
    path("members/new/", views.member_create, name="member_create"),
    path("members/<int:pk>/", views.member_edit, name="member_edit"),
    path("enrol/<str:token>/", views.enrol, name="enrol"),
    path("recovery-codes/", views_security.recovery_codes_regenerate, name="recovery_codes"),
    path("tokens/new/", views_security.token_create, name="token_create"),
    path("tokens/revoke/", views_security.token_revoke, name="token_revoke"),
    path("members/<int:pk>/second-factor/reset/", views_security.member_second_factor_reset,
         name="member_second_factor_reset"),
    path("members/<int:pk>/second-factor/link/", views_security.member_enrolment_link, name="member_enrolment_link"),
    path("members/<int:pk>/second-factor/code/", views_security.member_enrolment_code, name="member_enrolment_code"),
    path("members/<int:pk>/unlock/", views_security.member_unlock, name="member_unlock"),
    path("members/<int:pk>/tokens/revoke/", views_security.member_token_revoke, name="member_token_revoke"),
]
