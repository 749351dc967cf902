"""Reads of the network, one selector per entity, each taking the acting user.

- The partner directory (profiles, agreements) is the network's: every holder of
  network.participate reads it. Contacts are listed only while their consent is recorded
  and not withdrawn; holders of network.manage see all contacts (to record consent).
- An expert question is seen by the asking organisation (network.participate there) and by
  the Kompetenzzentrum it is addressed to (network.manage there); by nobody else (404).
- Knowledge articles: published ones for every holder of network.participate; drafts for
  the Kompetenzzentrum that wrote them.
"""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.accounts.selectors import organisation_ids_with, user_has_perm
from apps.network.models import (
    Agreement,
    ExpertQuestion,
    KnowledgeArticle,
    NetworkProfile,
    PartnerContact,
    QuestionStatus,
)

PARTICIPATE, MANAGE = "network.participate", "network.manage"


def can_manage(user) -> bool:
    return user_has_perm(user, MANAGE)


# --- Directory ------------------------------------------------------------------------------

def partners_visible_to(user, *, district=None, kind: str = "", role: str = "", text: str = "") -> QuerySet:
    """Active organisations of the network with their profile, filtered by district served,
    kind, role in the network and a name search."""
    if not user_has_perm(user, PARTICIPATE):
        return Organisation.objects.none()
    organisations = Organisation.objects.filter(is_active=True)
    if district is not None:
        organisations = organisations.filter(Q(network_profile__districts=district) | Q(district=district))
    if kind:
        organisations = organisations.filter(kind=kind)
    if role:
        # roles is a JSON list; a containment lookup is not portable to SQLite, so match the ids.
        ids = [p.organisation_id for p in NetworkProfile.objects.only("organisation_id", "roles") if role in p.roles]
        organisations = organisations.filter(pk__in=ids)
    if text:
        organisations = organisations.filter(name__icontains=text)
    return (organisations.select_related("network_profile", "district")
            .prefetch_related("network_profile__districts").distinct().order_by("name"))


def partner_for(user, pk: int) -> Organisation:
    return get_object_or_404(partners_visible_to(user), pk=pk)


def contacts_visible_to(user, organisation_id: int | None = None) -> QuerySet[PartnerContact]:
    """Listed contacts (consent recorded, not withdrawn); for managers every contact."""
    if not user_has_perm(user, PARTICIPATE):
        return PartnerContact.objects.none()
    contacts = PartnerContact.objects.all()
    if not can_manage(user):
        contacts = contacts.filter(consent_given_on__isnull=False, consent_withdrawn_at__isnull=True)
    if organisation_id is not None:
        contacts = contacts.filter(organisation_id=organisation_id)
    return contacts.select_related("consent_recorded_by")


def contact_for(user, pk: int, *, manage: bool = False) -> PartnerContact:
    queryset = contacts_visible_to(user) if not manage or can_manage(user) else PartnerContact.objects.none()
    return get_object_or_404(queryset, pk=pk)


def agreements_visible_to(user, organisation_id: int | None = None) -> QuerySet[Agreement]:
    if not user_has_perm(user, PARTICIPATE):
        return Agreement.objects.none()
    agreements = Agreement.objects.all()
    if organisation_id is not None:
        agreements = agreements.filter(organisation_id=organisation_id)
    return agreements.select_related("organisation")


def agreement_for(user, pk: int) -> Agreement:
    return get_object_or_404(agreements_visible_to(user), pk=pk)


# --- Expert questions -----------------------------------------------------------------------

def questions_visible_to(user) -> QuerySet[ExpertQuestion]:
    asking = organisation_ids_with(user, PARTICIPATE)
    centres = organisation_ids_with(user, MANAGE)
    return (ExpertQuestion.objects.filter(Q(organisation_id__in=asking) | Q(competence_centre_id__in=centres))
            .select_related("organisation", "competence_centre", "asked_by", "assignee"))


def question_for(user, pk: int) -> ExpertQuestion:
    return get_object_or_404(questions_visible_to(user), pk=pk)


def questions_to_answer(user) -> QuerySet[ExpertQuestion]:
    """The questions addressed to the user's Kompetenzzentren (network.manage there)."""
    return questions_visible_to(user).filter(competence_centre_id__in=organisation_ids_with(user, MANAGE))


def centre_queue_counts(user) -> dict[str, int]:
    """Open and overdue questions of the user's Kompetenzzentren (the start page's figures)."""
    today = timezone.localdate()
    counts = questions_to_answer(user).filter(status=QuestionStatus.OPEN).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    return {"open": counts["open"] or 0, "overdue": counts["overdue"] or 0}


def thread_of(question: ExpertQuestion):
    return question.messages.select_related("author").all()


def competence_centres() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.COMPETENCE_CENTRE, is_active=True).order_by("name")


# --- Knowledge base -------------------------------------------------------------------------

def articles_visible_to(user, *, text: str = "", category: str = "") -> QuerySet[KnowledgeArticle]:
    """Published articles (and the drafts of the user's Kompetenzzentren); every word of
    `text` must occur in the title, question, answer or tags."""
    if not user_has_perm(user, PARTICIPATE):
        return KnowledgeArticle.objects.none()
    articles = KnowledgeArticle.objects.filter(
        Q(published=True) | Q(organisation_id__in=organisation_ids_with(user, MANAGE)))
    for word in (text or "").split()[:10]:
        articles = articles.filter(Q(title__icontains=word) | Q(question_text__icontains=word)
                                   | Q(answer_text__icontains=word) | Q(tags__icontains=word))
    if category:
        articles = articles.filter(category=category)
    return articles.select_related("organisation").order_by("-published_at", "-pk")


def article_for(user, pk: int) -> KnowledgeArticle:
    return get_object_or_404(articles_visible_to(user), pk=pk)
