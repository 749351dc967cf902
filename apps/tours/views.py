"""Tour planning pages (mobile.plan): plans, pins and forbids, solving, accepting."""

import re
from collections import defaultdict

from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.selectors import organisations_with
from apps.core.permissions import require_perm
from apps.core.templatetags.returnnet import percent
from apps.core.views_helpers import run_reporting, submit
from apps.mobile import selectors as mobile_selectors
from apps.regions.models import District
from apps.tours import selectors, services
from apps.tours.forms import ConstraintForm, PlanForm, SolveForm


@require_perm("mobile.plan")
def plan_list(request):
    form = PlanForm(request.POST or None)
    organisations = organisations_with(request.user, "mobile.plan")
    created = {}

    def create():
        created["plan"] = services.plan_create(actor=request.user, organisation=organisations[0],
                                               start=form.cleaned_data["start"], weeks=form.cleaned_data["weeks"],
                                               k=form.cleaned_data["k"])

    if submit(request, form, create, success=_("Plan created.")):
        return redirect("tours:detail", created["plan"].pk)
    plans = selectors.plans_visible_to(request.user)
    return render(request, "tours/plan_list.html", {"plans": plans, "form": form})


def _constraint_form(request, plan, data=None):
    services.ensure_planner_counsellors(plan.organisation)
    # Locations through mobile's one scoping point; plan_for() already checked that the
    # user plans for the plan's organisation.
    locations = mobile_selectors.plannable_locations(request.user).filter(organisation_id=plan.organisation_id)
    return ConstraintForm(data, counsellors=selectors.planner_counsellors_of(plan.organisation_id),
                          locations=locations)


@require_perm("mobile.plan")
def plan_detail(request, pk):
    plan = selectors.plan_for(request.user, pk)
    form = _constraint_form(request, plan, request.POST or None)

    def add():
        data = form.cleaned_data
        services.constraint_add(actor=request.user, plan=plan, kind=data["kind"], day=data["date"],
                                counsellor=data["counsellor"], location=data["location"])

    if submit(request, form, add, success=_("Rule added.")):
        return redirect("tours:detail", plan.pk)
    entries = list(selectors.entries_of(plan))
    districts = list(District.objects.order_by("name"))
    fills, titles = selectors.map_colours(plan, districts)
    titles = {ags: _("%(title)s days") % {"title": title} for ags, title in titles.items()}
    from apps.regions.maps import district_map_svg

    return render(request, "tours/plan_detail.html", {
        "plan": plan, "form": form, "constraints": selectors.constraints_of(plan), "entries": entries,
        "calendar": selectors.calendar_of(entries), "per_counsellor": selectors.per_counsellor(entries),
        "map": district_map_svg(fills, titles, label=_("Map: counselling days of the plan per district"))
        if entries else None, "solve_form": SolveForm(),
        "figure_rows": _figure_rows(plan, districts),
    })


def _figure_rows(plan, districts) -> dict:
    """The plan's figures in words a team lead reads: rows comparing the optimised plan with the
    greedy baseline, how close the plan is to the best possible one, the districts and months
    below the rule by name, and the pins that could not be honoured."""
    cp, gr = plan.figures or {}, plan.greedy_figures or {}

    def share(f, part, whole):
        return _("%(part)s of %(whole)s") % {"part": f[part], "whole": f[whole]} if f else "—"

    def seconds(f):
        return _("%(seconds)s s") % {"seconds": number_format(f["seconds"], 1)} if f.get("seconds") is not None \
            else "—"

    # The objective value and the solver's bound are the optimiser's internal scores (minutes of
    # travel plus penalties): meaningless to a reader, so the page says what they mean instead.
    rows = [
        (_("Districts covered every month"), share(cp, "districts_covered", "districts_total"),
         share(gr, "districts_covered", "districts_total")),
        (_("Counselling days"), cp.get("visits", "—"), gr.get("visits", "—")),
        (_("Travel hours"), cp.get("travel_hours", "—"), gr.get("travel_hours", "—")),
        (_("Counselling days wished by the locations, planned"), share(cp, "demand_served", "demand_desired"),
         share(gr, "demand_served", "demand_desired")),
        (_("Computing time"), seconds(cp), seconds(gr)),
    ]
    return {"rows": rows, "quality": _quality(cp), "below_rule": _below_rule(cp, districts),
            "conflicts": _conflicts(plan, cp)}


def _quality(figures: dict) -> str:
    gap = figures.get("gap")
    if gap is None:
        return ""
    if gap <= 0:
        return _("The plan is the best possible one under these rules.")
    return _("The plan is at most %(gap)s away from the best possible one.") % {"gap": percent(gap)}


def _below_rule(figures: dict, districts) -> list[tuple]:
    """[(district, ["2027-01", …])] for the (AGS, month) pairs below the rule, by district name
    (districts: the page's list of all districts, already read for the map)."""
    months: dict[str, list[str]] = defaultdict(list)
    for ags, month in figures.get("uncovered") or ():
        months[ags].append(month)
    by_ags = {d.ags: d for d in districts}
    return sorted(((by_ags.get(ags, ags), sorted(found)) for ags, found in months.items()),
                  key=lambda item: str(getattr(item[0], "name", item[0])))


_PIN = re.compile(r"pin (?P<date>\d{4}-\d{2}-\d{2}) location (?P<location>\d+) counsellor (?P<counsellor>\d+|None)")


def _conflicts(plan, figures: dict) -> list[str]:
    """The planner names a pin it cannot honour by its ids; the page names date, place and person."""
    if not figures.get("conflicts"):
        return []
    pins = {(c.date.isoformat(), str(c.location_id), str(c.counsellor_id)): c
            for c in selectors.constraints_of(plan)}
    described = []
    for text in figures.get("conflicts") or ():
        found = _PIN.fullmatch(text)
        pin = pins.get((found["date"], found["location"], found["counsellor"])) if found else None
        if pin is None:
            described.append(date_format(parse_date(found["date"]), "d.m.Y") if found else text)
            continue
        described.append(f"{date_format(pin.date, 'd.m.Y')}: {pin.location} · "
                         f"{pin.counsellor or _('any counsellor')}")
    return described


@require_POST
@require_perm("mobile.plan")
def plan_solve(request, pk):
    """Queue the solve and return to the plan, which shows its progress."""
    plan = selectors.plan_for(request.user, pk)
    form = SolveForm(request.POST or {"time_limit": 20})
    run_reporting(request, lambda: services.plan_solve_request(actor=request.user, plan=plan,
                                                               time_limit=form.cleaned_data["time_limit"]),
                  success=_("Solving has started. You may leave this page; the result is saved with the plan."),
                  form=form, invalid=_("Choose a time limit between 1 and 60 seconds."))
    return redirect("tours:detail", plan.pk)


@require_perm("mobile.plan")
def plan_solve_status(request, pk):
    """The progress box of the plan page (polled by htmx). When the solve has finished, htmx
    reloads the whole page so that the new plan shows."""
    plan = selectors.plan_for(request.user, pk)
    response = render(request, "tours/_solve_status.html", {"plan": plan})
    if request.htmx and not plan.solve_pending:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@require_perm("mobile.plan")
def plan_accept(request, pk):
    plan = selectors.plan_for(request.user, pk)
    run_reporting(request, lambda: services.plan_accept(actor=request.user, plan=plan),
                  success=_("Plan accepted: the counselling days have been created."))
    return redirect("tours:detail", plan.pk)


@require_POST
@require_perm("mobile.plan")
def constraint_remove(request, pk):
    constraint = selectors.constraint_for(request.user, pk)
    run_reporting(request, lambda: services.constraint_remove(actor=request.user, constraint=constraint),
                  success=_("Rule removed."))
    return redirect("tours:detail", constraint.plan_id)
