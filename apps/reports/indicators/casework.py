"""Case work: vulnerabilities, referrals, applications, reintegration plans and follow-up scores."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Case, Count, F, Q, Value, When

from apps.reports.engine import Figure
from apps.reports.indicators.amif import PLANS, programme_breakdown
from apps.reports.indicators.base import (
    Breakdown,
    Indicator,
    RecordCount,
    Source,
    age_breakdown,
    choice_labels,
    district_breakdown,
    named_labels,
    nationality_breakdown,
    person_breakdowns,
    sex_breakdown,
)


def _vulnerability():
    from apps.assessments.models import Vulnerability

    return Vulnerability


def _vulnerability_type():
    from apps.assessments.models import VulnerabilityType

    return VulnerabilityType


def _referral():
    from apps.referrals.models import Referral

    return Referral


def _service_type():
    from apps.referrals.models import ServiceType

    return ServiceType


def _application():
    from apps.applications.models import Application

    return Application


def _visit():
    from apps.reintegration.models import MonitoringVisit

    return MonitoringVisit


def _visible_vulnerabilities(user):
    from apps.assessments.selectors import vulnerabilities_visible_to

    return vulnerabilities_visible_to(user)


def _visible_applications(user):
    from apps.applications.selectors import applications_visible_to

    return applications_visible_to(user)


VULNERABILITIES = Source(model=_vulnerability, date="identified_on", organisation="case__organisation",
                         office="case__office", district="person__district", person="person",
                         visible=_visible_vulnerabilities)
# Referrals count from the day they were sent (a proposal that never left is not a referral).
REFERRALS = Source(model=_referral, date="sent_at", organisation="case__organisation", office="case__office",
                   district="person__district", person="person")
SUBMITTED = Source(model=_application, date="submitted_on", organisation="case__organisation",
                   office="case__office", district="case__office__district", persons="members",
                   visible=_visible_applications)
OPENED = Source(model=_application, date="created_at", organisation="case__organisation",
                office="case__office", district="case__office__district", persons="members",
                visible=_visible_applications)
VISITS = Source(model=_visit, date="done_on", organisation="case__organisation", office="case__office",
                district="person__district", person="person", base=Q(composite_score__isnull=False))

BANDS = (("below_033", "< 0,33"), ("033_066", "0,33–0,66"), ("above_066", "> 0,66"))


def _band_labels(keys):
    from django.utils.translation import gettext as _

    words = {"below_033": _("below 0.33: intensive assistance needed"),
             "033_066": _("0.33 to 0.66: some further intervention needed"),
             "above_066": _("above 0.66: high level of reintegration")}
    return {k: words[k] for k in keys if k in words}


def band_expr(field: str):
    """The verified RSS thresholds (indicators.md §1.3): < 0.33, 0.33–0.66, > 0.66."""
    return Case(When(**{f"{field}__lt": 0.33}, then=Value("below_033")),
                When(**{f"{field}__lte": 0.66}, then=Value("033_066")),
                default=Value("above_066"))


class ScoreMean(Indicator):
    """The mean score of the follow-up surveys done in the period (0..1, three decimals);
    broken down by dimension (composite, economic, social, psychosocial) in one query."""

    unit = "mean"
    DIMENSIONS = ("composite", "economic", "social", "psychosocial")

    def figure(self, period, filters, breakdown):
        qs = self.records(period, filters)
        means = qs.aggregate(**{d: Avg(f"{d}_score") for d in self.DIMENSIONS}, _basis=Count("*"))
        basis = means.pop("_basis")
        rounded = {d: _round(v) for d, v in means.items() if v is not None}
        figure = Figure(self.code, rounded.get("composite"), breakdown=breakdown, additive=False, unit="mean",
                        basis=basis)
        if breakdown == "dimension":
            from apps.reintegration.models import Dimension

            figure.cells = rounded
            words = dict(Dimension.choices)
            from django.utils.translation import gettext as _

            figure.labels = {d: (_("composite") if d == "composite" else str(words[d])) for d in rounded}
        return figure

    def drilldown(self, period, filters, user, cell, breakdown):
        return super().drilldown(period, filters, user, None, None)


def _round(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.001"), ROUND_HALF_UP)


def _dimension_breakdown():
    return Breakdown("dimension", lambda s: Value(""), lambda keys: {})


def indicators():
    from apps.applications.models import ApplicationStatus
    from apps.referrals.models import ReferralStatus
    from apps.reintegration.models import ReintegrationPlan

    # The type is encrypted (special-category data): counted after decryption (base.Breakdown).
    vulnerability_type = Breakdown("type", lambda s: F("type_code"), named_labels(_vulnerability_type),
                                   decrypted="type_code")
    service_type = Breakdown("service_type", lambda s: F("service__service_types__code"),
                             named_labels(_service_type), multi=True)
    referral_status = Breakdown("result", lambda s: F("status"), choice_labels(ReferralStatus.choices))
    application_status = Breakdown("status", lambda s: F("status"), choice_labels(ApplicationStatus.choices))
    programme = programme_breakdown("programme_version__programme")
    plan_status = Breakdown("status", lambda s: F("status"), choice_labels(ReintegrationPlan.Status.choices))
    band = Breakdown("band", lambda s: band_expr("composite_score"), _band_labels)
    people = person_breakdowns() + [district_breakdown()]
    return [
        RecordCount("vulnerabilities_by_type", VULNERABILITIES, [vulnerability_type] + people, default="type"),
        RecordCount("referrals_by_type", REFERRALS, [service_type, referral_status] + people,
                    default="service_type"),
        RecordCount("referrals_by_result", REFERRALS, [referral_status, service_type] + people,
                    default="result"),
        RecordCount("applications_by_programme", SUBMITTED, [programme, application_status, district_breakdown()],
                    default="programme"),
        RecordCount("applications_by_status", OPENED, [application_status, programme, district_breakdown()],
                    default="status"),
        RecordCount("reintegration_plans", PLANS, [plan_status] + people, default="status"),
        ScoreMean("followup_score_mean", VISITS, [_dimension_breakdown()], default="dimension"),
        RecordCount("followup_score_bands", VISITS, [band, sex_breakdown(), age_breakdown(),
                                                     nationality_breakdown()], default="band"),
    ]
