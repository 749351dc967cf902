"""The knowledge base: published, anonymised answers, searchable by every participant."""

from apps.accounts.selectors import user_has_perm
from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.network import selectors
from apps.network.forms import KnowledgeSearchForm
from apps.network.views.common import page_of, render_page


@require_perm("network.participate")
def article_list(request):
    form = KnowledgeSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    articles = selectors.articles_visible_to(request.user, text=filters.get("q", ""),
                                             category=filters.get("category", ""))
    return render_page(request, "network/article_list.html", {"form": form, "page": page_of(request, articles)})


@require_perm("network.participate")
def article_detail(request, pk):
    article = selectors.article_for(request.user, pk)
    record(request.user, "knowledge_article.viewed", article)
    return render_page(request, "network/article_detail.html", {
        "article": article, "can_edit": user_has_perm(request.user, "network.manage", article.organisation_id)})
