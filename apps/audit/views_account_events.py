"""Account events for the data protection officer: sign-ins, failed sign-ins, lockouts,
sign-outs, second-factor and password changes, memberships and API tokens of the
organisation's accounts, from the audit log (apps.audit.selectors.account_events_of).

Reading them is audited ("audit.account_events_viewed", with the filters), one entry per
organisation whose events the officer read.
"""

from django import forms
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.accounts.selectors import organisation_ids_with
from apps.audit import selectors
from apps.audit.services import record
from apps.core.forms import PeriodFilterForm
from apps.core.permissions import require_perm
from apps.core.widgets import DateInput

PAGE_SIZE = 50
KIND_LABELS = {
    "sign_in": _("Sign-ins"),
    "sign_in_failed": _("Failed sign-ins"),
    "lockout": _("Lockouts"),
    "sign_out": _("Sign-outs"),
    "second_factor": _("Second factor and recovery codes"),
    "password": _("Passwords"),
    "membership": _("Memberships and roles"),
    "api_token": _("API tokens"),
}
KIND_OF_ACTION = {code: kind for kind, codes in selectors.ACCOUNT_EVENT_KINDS.items() for code in codes}


class AccountEventFilterForm(PeriodFilterForm):
    kind = forms.ChoiceField(label=pgettext_lazy("account event", "Kind"), required=False)
    user = forms.EmailField(label=_("User e-mail"), required=False,
                            help_text=_("Also finds failed sign-ins with this address."))
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("all kinds")), *KIND_LABELS.items()]

    def filters(self) -> dict:
        data = self.cleaned_data
        return {"kind": data["kind"], "email": data["user"], "date_from": data["date_from"],
                "date_to": data["date_to"]}


@require_perm("privacy.manage")
@require_GET
@never_cache
def account_events(request):
    form = AccountEventFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "audit/account_events.html", {"form": form, "page": None})
    filters = form.filters() if form.is_bound else {}
    page = Paginator(selectors.account_events_of(request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"entry": entry, "kind": KIND_LABELS[KIND_OF_ACTION[entry.action]],
             "account": entry.actor_email or entry.details.get("username", "")} for entry in page.object_list]
    with transaction.atomic():
        for organisation_id in organisation_ids_with(request.user, "privacy.manage"):
            record(request.user, "audit.account_events_viewed", organisation_id=organisation_id,
                   details={"filters": form.audit_details() if form.is_bound else {}, "page": page.number,
                            "shown": len(rows)})
    return render(request, "audit/account_events.html", {"form": form, "page": page, "rows": rows})
