"""Back office of the portal (portal.manage): the editable texts per language, and the
accessibility feedback received through the portal."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.core.client_languages import client_language, client_languages, is_rtl
from apps.core.permissions import require_perm
from apps.core.views_helpers import submit
from apps.portal.forms_manage import text_form
from apps.portal.selectors import feedback_visible_to
from apps.portal.texts import FALLBACK_LANGUAGE, KEYS, portal_text_save, stored_text, text_table


@require_perm("portal.manage")
def texts(request):
    return render(request, "portal/manage/texts.html", {
        "table": text_table(), "languages": client_languages(), "fallback": client_language(FALLBACK_LANGUAGE)})


@require_perm("portal.manage")
def text_edit(request, text_key, text_language):
    key, language = text_key, text_language
    text_key = KEYS.get(key)
    if text_key is None or (language != "-" and client_language(language) is None) or \
            (language == "-") == text_key.per_language:
        raise Http404
    language = "" if language == "-" else language
    current = stored_text(key, language)
    form = text_form(text_key, request.POST or None, initial={"value": current.value, "version": current.version},
                     language=language, rtl=is_rtl(language))

    def save():
        portal_text_save(actor=request.user, key=key, language=language, value=form.cleaned_data["value"],
                         expected_version=form.cleaned_data["version"])

    if submit(request, form, save, success=_("The text has been saved."),
              current_version=lambda: stored_text(key, language).version):
        return redirect("portal_manage:texts")
    fallback = "" if language in ("", FALLBACK_LANGUAGE) else stored_text(key, FALLBACK_LANGUAGE).value
    return render(request, "portal/manage/text_form.html", {
        "form": form, "text_key": text_key, "language": client_language(language) if language else None,
        "fallback": fallback, "current": current})


@require_perm("portal.manage")
def feedback_list(request):
    entries = list(feedback_visible_to(request.user)[:200])
    # Names and e-mail addresses of the people who wrote are personal data: the read is logged.
    record(request.user, "portal.accessibility_feedback_viewed", details={"count": len(entries)})
    return render(request, "portal/manage/feedback_list.html", {"entries": entries})
