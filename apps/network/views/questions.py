"""Expert questions (Fachanfragen): ask, follow the thread, answer (the Kompetenzzentrum),
assign, close; and the knowledge base built from answered questions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.selectors import organisations_with, user_has_perm
from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.network import questions as services
from apps.network import rules, selectors
from apps.network.forms import ArticleForm, AssignForm, MessageForm, QuestionForm
from apps.network.models import QuestionStatus
from apps.network.views.common import base_url, page_of, posted_version, render_page

PARTICIPATE, MANAGE = "network.participate", "network.manage"


@require_perm(PARTICIPATE)
def question_list(request):
    questions = selectors.questions_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in QuestionStatus.values:
        questions = questions.filter(status=status)
    page = page_of(request, questions)
    record(request.user, "expert_question.list_viewed", details={"ids": [q.pk for q in page.object_list]})
    return render_page(request, "network/question_list.html", {
        "page": page, "status": status, "statuses": QuestionStatus.choices,
        "overdue_ids": {q.pk for q in page.object_list if rules.is_overdue(q)}})


@require_perm(PARTICIPATE)
def question_create(request):
    organisation = organisations_with(request.user, PARTICIPATE)[0]
    centres = selectors.competence_centres()
    form = QuestionForm(request.POST or None, centres=centres)
    created = {}

    def ask():
        data = form.cleaned_data
        created["question"] = services.question_ask(
            actor=request.user, organisation=organisation, competence_centre=data["competence_centre"],
            subject=data["subject"], category=data["category"], urgency=data["urgency"], text=data["text"],
            base_url=base_url(request))

    if submit(request, form, ask, success=_("Your question has been sent to the Kompetenzzentrum.")):
        return redirect("network:question_detail", pk=created["question"].pk)
    return render_page(request, "network/question_form.html", {"form": form})


def _detail_context(request, question, message_form=None):
    centre = services.is_centre_side(request.user, question)
    context = {
        "question": question, "thread": selectors.thread_of(question), "centre": centre,
        "turnaround": rules.turnaround(question.asked_at, question.answered_at),
        "overdue": rules.is_overdue(question),
        "open": question.status in (QuestionStatus.OPEN, QuestionStatus.ANSWERED),
        "message_form": message_form or MessageForm(initial={"version": question.version}),
        "articles": question.articles.all() if centre else (),
    }
    if centre:
        context["assign_form"] = AssignForm(initial={"assignee": question.assignee_id, "version": question.version},
                                            coordinators=services.coordinators_of(question.competence_centre_id))
    return context


@require_perm(PARTICIPATE)
def question_detail(request, pk):
    question = selectors.question_for(request.user, pk)
    record(request.user, "expert_question.viewed", question)
    return render_page(request, "network/question_detail.html", _detail_context(request, question))


@require_POST
@require_perm(PARTICIPATE)
def question_message(request, pk):
    question = selectors.question_for(request.user, pk)
    form = MessageForm(request.POST)
    if submit(request, form, lambda: services.message_post(
            actor=request.user, question=question, text=form.cleaned_data["text"],
            expected_version=form.cleaned_data["version"], base_url=base_url(request)),
            success=_("Your message has been posted."), locked=question):
        return redirect("network:question_detail", pk=question.pk)
    if not form.is_bound or not request.POST:
        messages.error(request, _("Write a message."))
        return redirect("network:question_detail", pk=question.pk)
    # The refused text stays in the form, with the reasons beside it.
    question.refresh_from_db()
    return render_page(request, "network/question_detail.html", _detail_context(request, question, form), status=200)


@require_POST
@require_perm(MANAGE)
def question_assign(request, pk):
    question = selectors.question_for(request.user, pk)
    if not services.is_centre_side(request.user, question):
        raise Http404
    form = AssignForm(request.POST, coordinators=services.coordinators_of(question.competence_centre_id))
    run_reporting(request, lambda: services.question_assign(
        actor=request.user, question=question, assignee=form.cleaned_data["assignee"],
        expected_version=form.cleaned_data["version"]), form=form,
        invalid=_("Choose a coordinator of the Kompetenzzentrum."), success=_("The question has been assigned."))
    return redirect("network:question_detail", pk=question.pk)


@require_POST
@require_perm(PARTICIPATE)
def question_close(request, pk):
    question = selectors.question_for(request.user, pk)
    run_reporting(request, lambda: services.question_close(
        actor=request.user, question=question, expected_version=posted_version(request, question)),
        success=_("The question has been closed."))
    return redirect("network:question_detail", pk=question.pk)


@require_perm(MANAGE)
def article_create(request, pk):
    """Write the anonymised copy of an answered question for the knowledge base."""
    question = selectors.question_for(request.user, pk)
    if not services.is_centre_side(request.user, question):
        raise Http404
    thread = list(selectors.thread_of(question))
    answers = [m.text for m in thread if m.from_centre]
    form = ArticleForm(request.POST or None, initial={
        "title": question.subject, "category": question.category,
        "question_text": thread[0].text if thread else "", "answer_text": "\n\n".join(answers)})
    created = {}

    def create():
        created["article"] = services.article_create(actor=request.user, question=question,
                                                     data=form.article_data())

    if submit(request, form, create, success=_("The article has been saved as a draft. Check it and publish it.")):
        return redirect("network:article_edit", pk=created["article"].pk)
    return render_page(request, "network/article_form.html", {"form": form, "question": question})


@require_perm(MANAGE)
def article_edit(request, pk):
    article = selectors.article_for(request.user, pk)
    if not user_has_perm(request.user, MANAGE, article.organisation_id):
        raise Http404
    form = ArticleForm(request.POST or None, initial={
        "title": article.title, "category": article.category, "question_text": article.question_text,
        "answer_text": article.answer_text, "tags": ", ".join(article.tags), "version": article.version})
    if submit(request, form, lambda: services.article_update(
            actor=request.user, article=article, data=form.article_data(),
            expected_version=form.cleaned_data["version"] or article.version),
            success=_("The article has been saved."), locked=article):
        return redirect("network:article_edit", pk=article.pk)
    return render_page(request, "network/article_form.html", {"form": form, "article": article})


@require_POST
@require_perm(MANAGE)
def article_publish(request, pk):
    article = selectors.article_for(request.user, pk)
    if not user_has_perm(request.user, MANAGE, article.organisation_id):
        raise Http404
    publish = request.POST.get("publish") == "1"
    run_reporting(request, lambda: services.article_publish(
        actor=request.user, article=article, published=publish, expected_version=posted_version(request, article)),
        success=_("The article is published.") if publish else _("The article is no longer published."))
    return redirect("network:article_edit", pk=article.pk)
