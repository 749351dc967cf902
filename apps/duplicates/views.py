"""The team lead's duplicate review (person.merge): start a search, work the queue of pairs,
merge, dismiss or defer, and undo a merge."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.selectors import organisations_with
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.duplicates import selectors, services
from apps.duplicates.forms import DecisionForm, RunForm
from apps.duplicates.models import DuplicatePair

PERMISSION = "person.merge"


@require_perm(PERMISSION)
def review(request):
    organisations = organisations_with(request.user, PERMISSION)
    form = RunForm(request.POST or None)

    def start():
        services.run_request(actor=request.user, organisation=organisations[0],
                             threshold=form.cleaned_data["threshold"],
                             created_since=form.cleaned_data["created_since"])

    if organisations and submit(request, form, start, success=_("The search for duplicates has been started.")):
        return redirect("duplicates:review")
    page = Paginator(selectors.open_pairs(request.user), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "duplicates/review.html", {
        "form": form, "runs": selectors.runs_visible_to(request.user)[:5], "page": page,
        "rows": selectors.queue_page(request.user, page.object_list),
        "decided": selectors.decided_pairs(request.user)[:20],
    })


@require_perm(PERMISSION)
def run_status(request, pk):
    """The progress box of a run (polled by htmx while it runs)."""
    run = selectors.run_for(request.user, pk)
    response = render(request, "duplicates/_run_status.html", {"run": run})
    if request.htmx and not run.pending:
        response["HX-Refresh"] = "true"
    return response


@require_perm(PERMISSION)
def pair_detail(request, pk):
    pair = selectors.pair_for(request.user, pk)
    compared = selectors.comparison(request.user, pair)
    sides = compared["sides"]
    labels = [_("Keep record #%(id)s (left)") % {"id": pair.person_a_id},
              _("Keep record #%(id)s (right)") % {"id": pair.person_b_id}]
    initial = {"version_a": sides[0].person.version, "version_b": sides[1].person.version} if len(sides) == 2 else {}
    form = DecisionForm(request.POST or None, pair=pair, labels=labels, initial=initial)

    def decide():
        data = form.cleaned_data
        if data["decision"] == "merge":
            services.pair_merge(actor=request.user, pair=pair, survivor_id=data["survivor"],
                                versions={pair.person_a_id: data["version_a"], pair.person_b_id: data["version_b"]})
        else:
            services.pair_decide(actor=request.user, pair=pair, decision=data["decision"])

    decided = pair.state in (DuplicatePair.State.OPEN, DuplicatePair.State.LATER) and submit(
        request, form, decide, success=_("Decision saved."))
    if decided:
        pair.refresh_from_db()
        if pair.state == DuplicatePair.State.MERGED:
            return redirect("duplicates:pair", pair.pk)
        following = selectors.open_pairs(request.user).exclude(pk=pair.pk).first()
        return redirect("duplicates:pair", following.pk) if following else redirect("duplicates:review")
    return render(request, "duplicates/pair.html", {
        "pair": pair, "sides": sides, "rows": compared["rows"], "reasons": compared["reasons"], "form": form,
        "open": pair.state in (DuplicatePair.State.OPEN, DuplicatePair.State.LATER),
    })


@require_POST
@require_perm(PERMISSION)
def pair_undo(request, pk):
    pair = selectors.pair_for(request.user, pk)
    run_reporting(request, lambda: services.merge_undo(actor=request.user, pair=pair),
                  success=_("The merge has been undone: both records are back as they were."))
    return redirect("duplicates:pair", pair.pk)


@require_perm(PERMISSION)
def merge_entry(request, entry_id):
    """From a "person.merged" audit entry to its pair, where the merge can be undone."""
    return redirect("duplicates:pair", selectors.pair_for_merge_entry(request.user, entry_id).pk)
