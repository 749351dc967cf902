"""The portal's information pages: public, GET only (the feedback form also POSTs), no cookie."""

from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse, translate_url
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.client_languages import client_languages
from apps.core.permissions import public
from apps.outreach.selectors import public_materials
from apps.portal.feedback import AccessibilityFeedbackForm, accessibility_feedback_submit
from apps.portal.http import LIVE_MAX_AGE, cached, page_language
from apps.portal.programme_texts import programme_summaries
from apps.portal.protection import protected_post
from apps.portal.templatetags.portal import SECRET_PAGES
from apps.portal.texts import texts


def _page(request, template: str, **context):
    # The frame reads the same texts: one query per page.
    context.setdefault("portal_texts", texts(page_language()))
    return render(request, template, context)


@public
@require_GET
@cached()
def home(request):
    return _page(request, "portal/home.html")


@public
@require_GET
@cached()
def how(request):
    return _page(request, "portal/how.html")


@public
@require_GET
@cached()
def programmes(request):
    return _page(request, "portal/programmes.html", summaries=programme_summaries())


@public
@require_GET
@cached()
def materials(request):
    return _page(request, "portal/materials.html", materials=public_materials(page_language()))


def _portal_path(candidate: str) -> str | None:
    """`candidate` when it is a page of the portal (so the languages page never links elsewhere)."""
    if not candidate.startswith("/") or candidate.startswith("//"):
        return None
    try:
        match = resolve(candidate)
    except Resolver404:
        return None
    # Never a page whose path holds a secret (apps.portal.templatetags.portal.SECRET_PAGES).
    return candidate if match.namespace == "portal" and match.url_name not in SECRET_PAGES else None


@public
@require_GET
@cached()
def languages(request):
    here = _portal_path(request.GET.get("next", "")) or reverse("portal:home")
    choices = [{"language": lang, "url": translate_url(here, lang.code), "current": lang.code == page_language()}
               for lang in client_languages()]
    return _page(request, "portal/languages.html", choices=choices)


@public
@require_GET
@cached()
def privacy(request):
    return _page(request, "portal/privacy.html")


@public
@require_GET
@cached()
def accessibility(request):
    return _page(request, "portal/accessibility.html")


@public
@require_GET
@cached()
def imprint(request):
    return _page(request, "portal/imprint.html")


@public
@require_http_methods(["GET", "HEAD", "POST"])
@protected_post("accessibility_feedback")
@cached(LIVE_MAX_AGE)
def accessibility_feedback(request):
    if request.method == "POST":
        form = AccessibilityFeedbackForm(request.POST)
        if form.is_valid() and form.claim_challenge():
            data = form.cleaned_data
            accessibility_feedback_submit(message=data["message"], page=data["page"], name=data["name"],
                                          email=data["email"], language=page_language())
            return redirect(f"{reverse('portal:accessibility_feedback')}?sent=1")
    else:
        form = AccessibilityFeedbackForm(initial={"page": _portal_path(request.GET.get("page", "")) or ""})
    return _page(request, "portal/accessibility_feedback.html", form=form, sent=request.GET.get("sent") == "1")
