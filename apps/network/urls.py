from django.urls import path

from apps.network.views import directory, home, knowledge, questions

app_name = "network"
urlpatterns = [
    path("network/", home.home, name="home"),
    path("network/partners/", directory.partner_list, name="partners"),
    path("network/partners/<int:pk>/", directory.partner_detail, name="partner_detail"),
    path("network/partners/<int:pk>/edit/", directory.profile_edit, name="profile_edit"),
    path("network/partners/<int:pk>/contacts/new/", directory.contact_create, name="contact_create"),
    path("network/partners/<int:pk>/agreements/new/", directory.agreement_create, name="agreement_create"),
    path("network/contacts/<int:pk>/", directory.contact_edit, name="contact_edit"),
    path("network/contacts/<int:pk>/consent/", directory.contact_consent, name="contact_consent"),
    path("network/contacts/<int:pk>/withdraw/", directory.contact_withdraw, name="contact_withdraw"),
    path("network/agreements/<int:pk>/file/", directory.agreement_file, name="agreement_file"),
    path("network/agreements/<int:pk>/delete/", directory.agreement_delete, name="agreement_delete"),
    path("network/questions/", questions.question_list, name="questions"),
    path("network/questions/new/", questions.question_create, name="question_create"),
    path("network/questions/<int:pk>/", questions.question_detail, name="question_detail"),
    path("network/questions/<int:pk>/message/", questions.question_message, name="question_message"),
    path("network/questions/<int:pk>/assign/", questions.question_assign, name="question_assign"),
    path("network/questions/<int:pk>/close/", questions.question_close, name="question_close"),
    path("network/questions/<int:pk>/article/", questions.article_create, name="article_create"),
    path("network/articles/<int:pk>/edit/", questions.article_edit, name="article_edit"),
    path("network/articles/<int:pk>/publish/", questions.article_publish, name="article_publish"),
    path("network/knowledge/", knowledge.article_list, name="knowledge"),
    path("network/knowledge/<int:pk>/", knowledge.article_detail, name="article_detail"),
]
