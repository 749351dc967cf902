"""Writes of expert questions (Fachanfragen) and of the knowledge base.

A member with network.participate asks a Kompetenzzentrum (an organisation of kind
competence_centre); the asking organisation and the Kompetenzzentrum's coordinators
(network.manage there) write in the thread; the first answer of the Kompetenzzentrum marks
the question answered and fixes the turnaround. No text may identify a person: every text
goes through the identifier check of the country-information requests
(apps.countryinfo.identifiers) — patterns always, and the names of the persons of an
organisation where the author holds case.read (nobody learns from the check whether a name
belongs to a client they may not see). Mails carry a link, never the question's text.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Organisation, Role, User
from apps.accounts.selectors import organisation_ids_with, user_has_perm
from apps.audit.services import record
from apps.core.locking import claim_version
from apps.core.validation import SHORT_TEXT_MAX, clean_text
from apps.countryinfo.identifiers import find_identifiers, identifiers_for, messages_for
from apps.jobs.services import sending_for
from apps.network.models import (
    ExpertQuestion,
    KnowledgeArticle,
    QuestionCategory,
    QuestionMessage,
    QuestionStatus,
    Urgency,
)
from apps.network.rules import due_on_for

PARTICIPATE, MANAGE = "network.participate", "network.manage"
TEXT_MAX, ANSWER_MAX = 5000, 10000


def check_text(field: str, text: str, *, author, organisation_ids=()) -> None:
    """Refuse a text that looks like it identifies somebody, naming each finding on `field`.
    Names are checked against the persons of those of `organisation_ids` where the author
    holds case.read."""
    readable = [pk for pk in organisation_ids if pk and user_has_perm(author, "case.read", pk)]
    findings = find_identifiers(text, identifiers=identifiers_for(text, organisation_id=readable[0])
                                if readable else None)
    if findings:
        raise ValidationError({field: [_("The text must not identify anybody. Please rephrase:"),
                                       *messages_for(findings)]})


def _absolute(base_url: str, question: ExpertQuestion) -> str:
    return (base_url or "").rstrip("/") + reverse("network:question_detail", args=[question.pk])


def coordinators_of(organisation_id: int):
    roles = [role.pk for role in Role.objects.all() if MANAGE in (role.permissions or ())]
    return User.objects.filter(is_active=True, memberships__organisation_id=organisation_id,
                               memberships__is_active=True, memberships__role_id__in=roles).distinct()


def _mail(recipients: list[str], subject: str, link: str, organisation_id: int, purpose: str) -> None:
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    body = _("Open it in ReturnNet:\n%(link)s\n\nFor confidentiality this e-mail does not contain the text.") % {
        "link": link}
    with sending_for(organisation_id=organisation_id, purpose=purpose):
        send_mail(subject, body, None, recipients)


@transaction.atomic
def question_ask(*, actor, organisation: Organisation, competence_centre: Organisation, subject: str,
                 category: str, urgency: str, text: str, base_url: str = "") -> ExpertQuestion:
    if not user_has_perm(actor, PARTICIPATE, organisation.pk):
        raise PermissionDenied(PARTICIPATE)
    if competence_centre.kind != Organisation.Kind.COMPETENCE_CENTRE or not competence_centre.is_active:
        raise ValidationError({"competence_centre": _("Choose a Kompetenzzentrum.")})
    if category not in QuestionCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Choose the urgency.")})
    subject = clean_text(subject or "", SHORT_TEXT_MAX)
    text = clean_text(text or "", TEXT_MAX)
    if not subject:
        raise ValidationError({"subject": _("Give the question a subject.")})
    if not text:
        raise ValidationError({"text": _("Ask a question.")})
    check_text("subject", subject, author=actor, organisation_ids=[organisation.pk])
    check_text("text", text, author=actor, organisation_ids=[organisation.pk])
    now = timezone.now()
    question = ExpertQuestion.objects.create(
        organisation=organisation, competence_centre=competence_centre, asked_by=actor, subject=subject,
        category=category, urgency=urgency, asked_at=now, due_on=due_on_for(now, urgency))
    QuestionMessage.objects.create(question=question, author=actor, text=text, posted_at=now,
                                   from_centre=organisation.pk == competence_centre.pk)
    record(actor, "expert_question.asked", question, details={"category": category, "urgency": urgency})
    _mail(list(coordinators_of(competence_centre.pk).values_list("email", flat=True)),
          _("New expert question (%(category)s)") % {"category": QuestionCategory(category).label},
          _absolute(base_url, question), competence_centre.pk, "expert_question.asked")
    return question


def is_centre_side(actor, question: ExpertQuestion) -> bool:
    return user_has_perm(actor, MANAGE, question.competence_centre_id)


def may_write(actor, question: ExpertQuestion) -> bool:
    return is_centre_side(actor, question) or user_has_perm(actor, PARTICIPATE, question.organisation_id)


@transaction.atomic
def message_post(*, actor, question: ExpertQuestion, text: str, expected_version: int,
                 base_url: str = "") -> QuestionMessage:
    """Post to the thread. The Kompetenzzentrum's first message is the answer (turnaround);
    a message of the asking side reopens an answered question."""
    if not may_write(actor, question):
        raise PermissionDenied(PARTICIPATE)
    if question.status in (QuestionStatus.CLOSED, QuestionStatus.WITHDRAWN):
        raise ValidationError(_("The question is closed; ask a new one."))
    text = clean_text(text or "", TEXT_MAX)
    if not text:
        raise ValidationError({"text": _("Write a message.")})
    centre = is_centre_side(actor, question)
    check_text("text", text, author=actor, organisation_ids=[question.organisation_id, question.competence_centre_id])
    now = timezone.now()
    changes = {}
    if centre:
        changes["status"] = QuestionStatus.ANSWERED
        if question.answered_at is None:
            changes["answered_at"] = now
        if question.assignee_id is None:
            changes["assignee"] = actor
    elif question.status == QuestionStatus.ANSWERED:
        changes["status"] = QuestionStatus.OPEN
    claim_version(question, expected_version, **changes)
    for key, value in changes.items():
        setattr(question, key, value)
    message = QuestionMessage.objects.create(question=question, author=actor, text=text, posted_at=now,
                                             from_centre=centre)
    record(actor, "expert_question.message_posted", question, details={"from_centre": centre})
    link = _absolute(base_url, question)
    if centre and question.asked_by_id and question.asked_by_id != actor.pk:
        _mail([question.asked_by.email], _("Your expert question has been answered"), link,
              question.organisation_id, "expert_question.answered")
    elif not centre:
        recipients = [question.assignee.email] if question.assignee_id else list(
            coordinators_of(question.competence_centre_id).values_list("email", flat=True))
        _mail(recipients, _("New message on an expert question"), link, question.competence_centre_id,
              "expert_question.message")
    return message


@transaction.atomic
def question_assign(*, actor, question: ExpertQuestion, assignee: User | None,
                    expected_version: int) -> ExpertQuestion:
    """The Kompetenzzentrum hands the question to one of its coordinators."""
    if not is_centre_side(actor, question):
        raise PermissionDenied(MANAGE)
    if assignee is not None and not coordinators_of(question.competence_centre_id).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("Choose a coordinator of the Kompetenzzentrum.")})
    claim_version(question, expected_version, assignee=assignee)
    question.assignee = assignee
    record(actor, "expert_question.assigned", question, details={"assignee_id": assignee.pk if assignee else None})
    return question


@transaction.atomic
def question_close(*, actor, question: ExpertQuestion, expected_version: int) -> ExpertQuestion:
    """Close the question: the asking side withdraws an unanswered one, otherwise it is closed."""
    if not may_write(actor, question):
        raise PermissionDenied(PARTICIPATE)
    if question.status in (QuestionStatus.CLOSED, QuestionStatus.WITHDRAWN):
        raise ValidationError(_("The question is closed already."))
    status = QuestionStatus.WITHDRAWN if (question.answered_at is None and not is_centre_side(actor, question)) \
        else QuestionStatus.CLOSED
    now = timezone.now()
    claim_version(question, expected_version, status=status, closed_at=now)
    question.status, question.closed_at = status, now
    record(actor, f"expert_question.{status}", question)
    return question


# --- Knowledge base -------------------------------------------------------------------------

def _clean_tags(tags) -> list[str]:
    if isinstance(tags, str):
        tags = tags.split(",")
    return sorted({clean_text(tag, 40).lower() for tag in tags or () if clean_text(tag, 40)})[:20]


def _check_article(actor, article: KnowledgeArticle) -> None:
    article.title = clean_text(article.title or "", SHORT_TEXT_MAX)
    article.question_text = clean_text(article.question_text or "", TEXT_MAX)
    article.answer_text = clean_text(article.answer_text or "", ANSWER_MAX)
    if not article.title:
        raise ValidationError({"title": _("Give the article a title.")})
    if not article.question_text:
        raise ValidationError({"question_text": _("Write the question.")})
    if not article.answer_text:
        raise ValidationError({"answer_text": _("Write the answer.")})
    if article.category not in QuestionCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    org_ids = [article.question.organisation_id] if article.question_id else []
    for field in ("title", "question_text", "answer_text"):
        check_text(field, getattr(article, field), author=actor, organisation_ids=org_ids + [article.organisation_id])
    check_text("tags", " ".join(article.tags), author=actor, organisation_ids=org_ids + [article.organisation_id])


@transaction.atomic
def article_create(*, actor, question: ExpertQuestion, data: dict) -> KnowledgeArticle:
    """An anonymised copy of an answered question, written by the Kompetenzzentrum (a draft)."""
    if not is_centre_side(actor, question):
        raise PermissionDenied(MANAGE)
    if question.answered_at is None:
        raise ValidationError(_("Only an answered question can go into the knowledge base."))
    article = KnowledgeArticle(question=question, organisation_id=question.competence_centre_id, written_by=actor,
                               title=data.get("title", ""), question_text=data.get("question_text", ""),
                               answer_text=data.get("answer_text", ""),
                               category=data.get("category") or question.category,
                               tags=_clean_tags(data.get("tags")))
    _check_article(actor, article)
    article.save()
    record(actor, "knowledge_article.created", article)
    return article


@transaction.atomic
def article_update(*, actor, article: KnowledgeArticle, data: dict, expected_version: int) -> KnowledgeArticle:
    if not user_has_perm(actor, MANAGE, article.organisation_id):
        raise PermissionDenied(MANAGE)
    for key in ("title", "question_text", "answer_text", "category"):
        if key in data:
            setattr(article, key, data[key])
    if "tags" in data:
        article.tags = _clean_tags(data["tags"])
    _check_article(actor, article)
    claim_version(article, expected_version)
    article.updated_at = timezone.now()
    article.save()
    record(actor, "knowledge_article.updated", article)
    return article


@transaction.atomic
def article_publish(*, actor, article: KnowledgeArticle, published: bool, expected_version: int) -> KnowledgeArticle:
    """Publish to the whole network, or take back. Publishing checks the texts once more."""
    if not user_has_perm(actor, MANAGE, article.organisation_id):
        raise PermissionDenied(MANAGE)
    if published:
        _check_article(actor, article)
    values = {"published": published}
    if published and article.published_at is None:
        values["published_at"] = timezone.now()
    claim_version(article, expected_version, **values)
    for key, value in values.items():
        setattr(article, key, value)
    record(actor, "knowledge_article.published" if published else "knowledge_article.unpublished", article)
    return article


def centre_ids_of(user) -> list[int]:
    """The Kompetenzzentren where the user holds network.manage."""
    ids = organisation_ids_with(user, MANAGE)
    return list(Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.COMPETENCE_CENTRE)
                .values_list("pk", flat=True))
