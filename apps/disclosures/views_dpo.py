"""The data protection officer's register of data that left the organisation: every
disclosure the organisation made (to whom, which data, under which consent, its state), and
the hand-overs other apps list (apps.disclosures.outgoing), e.g. reintegration plans to
partners abroad.

Reading the register is audited ("disclosure.dpo_register_viewed", with the filters). It
shows case references, never clients' names: the officer opens a case through the audit log
or the subject-access export when a person asks.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.accounts.selectors import organisation_ids_with
from apps.core.permissions import require_perm
from apps.disclosures import selectors
from apps.disclosures.fields import DISCLOSABLE_FIELDS
from apps.disclosures.forms_dpo import RegisterFilterForm
from apps.disclosures.outgoing import outgoing_lines
from apps.disclosures.views import STATUS_LABELS

PAGE_SIZE = 50


def _row(disclosure) -> dict:
    fields = [str(DISCLOSABLE_FIELDS[code].label) if code in DISCLOSABLE_FIELDS else code
              for code in disclosure.fields]
    return {"disclosure": disclosure, "fields": fields,
            "status": STATUS_LABELS[selectors.status_of(disclosure)]}


def _other(user, filters: dict) -> list:
    """The other hand-overs, unless a filter only disclosures have (recipient, purpose, status) is set."""
    if filters.get("recipient") or filters.get("purpose") or filters.get("status"):
        return []
    lines = outgoing_lines(organisation_ids_with(user, "privacy.manage"), filters.get("date_from"),
                           filters.get("date_to"))
    reference = (filters.get("case_reference") or "").strip().upper()
    return [line for line in lines if line.case_reference.upper() == reference] if reference else lines


@require_perm("privacy.manage")
@require_GET
@never_cache
def register(request):
    form = RegisterFilterForm(request.GET or None, user=request.user)
    if request.GET and not form.is_valid():
        return render(request, "disclosures/dpo_register.html", {"form": form, "page": None})
    filters = form.filters() if form.is_bound else {}
    found = selectors.filter_register(selectors.register_of(request.user), **filters)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_row(disclosure) for disclosure in page.object_list]
    other = _other(request.user, filters)
    selectors.audit_register_read(request.user, {
        "filters": form.audit_details() if form.is_bound else {}, "page": page.number, "shown": len(rows),
        "other_shown": len(other)})
    return render(request, "disclosures/dpo_register.html",
                  {"form": form, "page": page, "rows": rows, "other": other})
