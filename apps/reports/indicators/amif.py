"""AMIF specific objective (c), Annex VIII of Regulation (EU) 2021/1147: the indicators the
project produces data for. Annex VIII gives only titles and the age/sex breakdown, so every
counting rule here is the project's own (the Indicator rows say so: verified=False)."""

from django.apps import apps
from django.db.models import Q

from apps.reports.indicators.base import (
    Breakdown,
    PersonCount,
    RecordCount,
    Source,
    country_labels,
    district_breakdown,
    named_labels,
    person_breakdowns,
)


def _membership():
    from apps.applications.models import Application

    return Application.members.through


def _application():
    from apps.applications.models import Application

    return Application


def _handover():
    from apps.reintegration.models import Handover

    return Handover


def _plan():
    from apps.reintegration.models import ReintegrationPlan

    return ReintegrationPlan


def _programme():
    from apps.programmes.models import Programme

    return Programme


def events_model(name: str):
    """A model of apps.events, or None while that app has no such model (guarded: the
    indicator then counts nothing rather than failing)."""
    try:
        return apps.get_model("events", name)
    except LookupError:
        return None


APPLICATIONS = Source(model=_application, date="departed_on", organisation="case__organisation",
                      office="case__office", district="case__office__district", persons="members")
# One row per travelling person of an application that departed (confirmed departure date),
# unless the application was withdrawn or rejected afterwards.
DEPARTED_PERSONS = Source(
    model=_membership, date="application__departed_on", organisation="application__case__organisation",
    office="application__case__office", district="person__district", person="person",
    case="application__case", base=~Q(application__status__in=["withdrawn", "rejected"]),
)
HANDED_OVER = Source(model=_handover, date="created_at", organisation="plan__case__organisation",
                     office="plan__case__office", district="plan__person__district", person="plan__person",
                     case="plan__case")
PLANS = Source(model=_plan, date="created_at", organisation="case__organisation", office="case__office",
               district="person__district", person="person")


def programme_breakdown(path: str) -> Breakdown:
    from django.db.models import F

    return Breakdown("programme", lambda s: F(f"{path}__code"), named_labels(_programme))


def country_breakdown(path: str) -> Breakdown:
    from django.db.models import F

    return Breakdown("country", lambda s: F(path), country_labels)


class _Registrations:
    """Lazy model getter for event registrations (see events_model)."""

    def __call__(self):
        return events_model("Registration")


def _training_source() -> Source:
    # Registrations name people: only the organiser's members with report.drilldown open them.
    return Source(model=_Registrations(), date="event__starts_at", organisation="organisation",
                  office=None, district="event__district", case=None, owner="event__organisation",
                  visible=lambda user: events_model("Registration").objects.all(),
                  base=Q(status="attended", event__kind="training"))


class GuardedRecordCount(RecordCount):
    """Counts nothing (0) while the app holding the records does not exist yet."""

    def figure(self, period, filters, breakdown):
        if self.source.model() is None:
            from apps.reports.engine import Figure

            return Figure(self.code, 0, breakdown=breakdown)
        return super().figure(period, filters, breakdown)

    def drilldown(self, period, filters, user, cell, breakdown):
        from apps.cases.models import Case

        if self.source.model() is None:
            return Case.objects.none()
        return super().drilldown(period, filters, user, cell, breakdown)


def indicators():
    departure_breakdowns = person_breakdowns() + [
        district_breakdown(), programme_breakdown("application__programme_version__programme"),
        country_breakdown("application__case__intended_return_country")]
    plan_breakdowns = person_breakdowns() + [district_breakdown()]
    return [
        GuardedRecordCount("amif_o1_training_participants", _training_source(), [district_breakdown()]),
        PersonCount("amif_o3_reintegration_assistance", HANDED_OVER, plan_breakdowns, default="age_group",
                    drill=(PLANS, "plan_id")),
        PersonCount("amif_r6_voluntary_returns", DEPARTED_PERSONS, departure_breakdowns, default="age_group",
                    drill=(APPLICATIONS, "application_id")),
        PersonCount("departures_by_programme", DEPARTED_PERSONS, departure_breakdowns, default="programme",
                    drill=(APPLICATIONS, "application_id")),
        PersonCount("departures_by_country", DEPARTED_PERSONS, departure_breakdowns, default="country",
                    drill=(APPLICATIONS, "application_id")),
    ]
