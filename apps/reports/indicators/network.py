"""The network's own work: districts covered by mobile counselling, events and their
participants, expert questions and their turnaround."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q

from apps.reports.engine import Figure
from apps.reports.indicators.amif import GuardedRecordCount, events_model
from apps.reports.indicators.base import Breakdown, Indicator, Source, choice_labels, district_breakdown


def _day():
    from apps.mobile.models import MobileCounsellingDay

    return MobileCounsellingDay


def _model(app: str, name: str):
    def get():
        from django.apps import apps

        try:
            return apps.get_model(app, name)
        except LookupError:
            return None
    return get


def _all_of(getter):
    """Drilldown scope for records without personal data: the engine limits them to the
    organisations where the user holds report.drilldown."""
    return lambda user: getter().objects.all()


DAYS = Source(model=_day, date="date", organisation="organisation", district="location__district",
              base=~Q(status="cancelled"), case=None, visible=_all_of(_day))
EVENTS = Source(model=_model("events", "Event"), date="starts_at", organisation="organisation",
                district="district", case=None, base=Q(status__in=["published", "done"]),
                visible=_all_of(_model("events", "Event")))
PARTICIPANTS = Source(model=_model("events", "Registration"), date="event__starts_at",
                      organisation="organisation", district="event__district", case=None,
                      base=Q(status="attended"), visible=_all_of(_model("events", "Registration")),
                      owner="event__organisation")
QUESTIONS = Source(model=_model("network", "ExpertQuestion"), date="asked_at", organisation="organisation",
                   case=None, base=~Q(status="withdrawn"), visible=_all_of(_model("network", "ExpertQuestion")))
ANSWERED = Source(model=_model("network", "ExpertQuestion"), date="answered_at", organisation="organisation",
                  case=None, base=Q(answered_at__isnull=False),
                  visible=_all_of(_model("network", "ExpertQuestion")))


class DistinctDistricts(Indicator):
    """Districts with at least one (not cancelled) mobile counselling day in the period."""

    def figure(self, period, filters, breakdown):
        qs = self.records(period, filters)
        total = qs.aggregate(n=Count("location__district", distinct=True))["n"]
        return Figure(self.code, total, breakdown=None)


class MedianTurnaround(Indicator):
    """The median time from question to first answer, in days (one decimal), of the questions
    first answered in the period: a count and one or two ordered single-row reads."""

    unit = "days"

    def figure(self, period, filters, breakdown):
        if self.source.model() is None:
            return Figure(self.code, None, breakdown=None, unit="days")
        qs = self.records(period, filters).annotate(
            _took=ExpressionWrapper(F("answered_at") - F("asked_at"), output_field=DurationField()))
        n = qs.count()
        if not n:
            return Figure(self.code, None, breakdown=None, additive=False, unit="days")
        ordered = qs.order_by("_took", "pk").values_list("_took", flat=True)
        middle = [ordered[n // 2]] if n % 2 else [ordered[n // 2 - 1], ordered[n // 2]]
        took = sum(middle, timedelta()) / len(middle)
        days = (Decimal(took.total_seconds()) / Decimal(86400)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return Figure(self.code, days, breakdown=None, additive=False, unit="days", basis=n)


def indicators():
    kind_labels = _event_labels("Kind")
    category_labels = _question_labels()
    return [
        DistinctDistricts("districts_covered", DAYS, []),
        GuardedRecordCount("events_held", EVENTS, [Breakdown("kind", lambda s: F("kind"), kind_labels),
                                                   district_breakdown()], default="kind"),
        GuardedRecordCount("event_participants", PARTICIPANTS,
                           [Breakdown("kind", lambda s: F("event__kind"), kind_labels), district_breakdown()],
                           default="kind"),
        GuardedRecordCount("expert_questions", QUESTIONS,
                           [Breakdown("category", lambda s: F("category"), category_labels)], default="category"),
        MedianTurnaround("expert_question_turnaround", ANSWERED, []),
    ]


def _event_labels(name):
    def labels(keys):
        model = events_model("Event")
        return choice_labels(getattr(model, name).choices)(keys) if model else {}
    return labels


def _question_labels():
    def labels(keys):
        try:
            from apps.network.models import QuestionCategory
        except ImportError:
            return {}
        return choice_labels(QuestionCategory.choices)(keys)
    return labels
