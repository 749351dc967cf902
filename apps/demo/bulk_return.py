"""What the indicators read, generated with the bulk cases (`seed_demo --return-data`).

The apps' own demo seeders (apps/<app>/demo.py) put one showcase record each on the newest
cases through the services. For the indicator benchmark (bench/indicators.py) a million
cases need the records behind every figure, written as fast as the cases themselves, so this
module queues them as rows next to each case: vulnerabilities (assessments), referrals with
their status and answer (referrals), programme applications with submission, decision and
departure (applications), reintegration plans and monitoring visits with survey scores
(reintegration). The records follow the case's status history (`path`, `times` from
CaseGenerator), so an application exists only where the case reached "application", a
departure only where it departed, and monitoring only after a departure.

Proportions are rough guesses of a counselling practice, not published figures: about one
case in five with a vulnerability, one in six with a referral, every case that reached the
application stage with an application, two thirds of the programme departures with a
reintegration plan, visits 3, 6 and 12 months after departure, of which three in four are
done once due. With this data a case that departed and then closed as "returned without a
programme" is, four times in five, recorded as having returned *with* the programme it
applied for (the plain generator knows no programmes).

Off by default: the apps' demo tests count the showcase records exactly.
"""

import random
from datetime import date, datetime, timedelta

from django.db import connection

from apps.applications.models import Application, ApplicationStatus
from apps.assessments.defaults import ensure_default_taxonomy
from apps.assessments.models import Vulnerability, VulnerabilityType
from apps.cases.models import CaseOutcome, CaseStatus
from apps.clients.models import HouseholdMember, Person
from apps.core.fields import encrypt
from apps.demo.bulk import Table
from apps.programmes.defaults import ensure_default_programmes
from apps.programmes.models import ProgrammeVersion
from apps.referrals import demo as referrals_demo
from apps.referrals.models import Referral, ReferralStatus, Service
from apps.referrals.service_types import ensure_service_types
from apps.reintegration.models import MonitoringVisit, ReintegrationPlan
from apps.reintegration.selectors import active_survey
from apps.reintegration.services import add_months

S, OC, AS, RS = CaseStatus, CaseOutcome, ApplicationStatus, ReferralStatus
R = HouseholdMember.Relationship

# type code → weight; who it concerns is decided in _vulnerabilities
VULNERABILITY_TYPES = {
    "serious_illness": 20, "mental_health": 16, "single_parent": 12, "disability": 8, "older_person": 6,
    "gbv_survivor": 6, "torture_survivor": 5, "pregnancy": 5, "trafficking": 3, "unaccompanied_child": 2,
    "sogi_risk": 2, "other": 15,
}
REFERRAL_STATUS = {RS.COMPLETED: 38, RS.ACCEPTED: 18, RS.DECLINED: 9, RS.NO_RESPONSE: 15, RS.SENT: 12,
                   RS.PROPOSED: 8}
REFERRAL_REASONS = ("Fiktiv: Beratung zu den Möglichkeiten im laufenden Verfahren.",
                    "Fiktiv: Unterstützung bei gesundheitlichen Fragen vor der Ausreise.",
                    "Fiktiv: Begleitung der Familie, Schule und Betreuung.",
                    "Fiktiv: Klärung von Schulden und laufenden Verträgen.")
# Programme code → weight among the applications (StarthilfePlus supplements REAG/GARP).
PROGRAMMES = {"reag_garp": 80, "starthilfe_plus": 12, "eurp": 8}
PLAN_STATUS = {ReintegrationPlan.Status.HANDED_OVER: 60, ReintegrationPlan.Status.AGREED: 30,
               ReintegrationPlan.Status.DRAFT: 10}
MONITORING_MONTHS = (3, 6, 12)
VISIT_CHANNELS = ("phone", "phone", "video", "messenger", "in_person")


def _pick(weights: dict):
    keys, cum, total = list(weights), [], 0
    for value in weights.values():
        total += value
        cum.append(total)
    return lambda rng: rng.choices(keys, cum_weights=cum)[0]


def _json(model, name: str):
    """What the database stores for a JSONField value (Jsonb on PostgreSQL, text on SQLite)."""
    field = model._meta.get_field(name)
    return lambda value: field.get_db_prep_save(value, connection)


class ReturnTables:
    def __init__(self):
        self.vulnerability = Table(Vulnerability, (
            "case", "person", "type_code", "sensitive", "identified_how", "identified_on", "severity", "pregnancy_week",
            "response_actions", "closed_on", "recorded_by", "created_at",
        ))
        self.referral = Table(Referral, (
            "case", "service", "person", "reason", "shared_fields", "recipient_organisation", "status",
            "created_at", "sent_at", "answered_at", "created_by", "sent_by",
        ))
        self.application = Table(Application, (
            "case", "programme_version", "status", "asylum_procedures", "submitted_on", "decision_on",
            "departed_on", "created_by", "created_at", "updated_at",
        ))
        self.application_member = Table(Application.members.through, ("application", "person"))
        self.plan = Table(ReintegrationPlan, (
            "case", "person", "partner_in_origin", "status", "created_by", "created_at", "updated_at",
        ))
        self.visit = Table(MonitoringVisit, (
            "case", "person", "survey", "months_after_return", "planned_for", "done_on", "channel",
            "interviewer", "economic_score", "social_score", "psychosocial_score", "composite_score", "level",
            "created_by", "created_at",
        ))

    @property
    def all(self) -> list[Table]:
        """Parents before children (all of them children of the case tables)."""
        return [self.vulnerability, self.referral, self.application, self.application_member, self.plan,
                self.visit]


class ReturnGenerator:
    """Called by CaseGenerator.case() with the case it has just queued (see `case`)."""

    def __init__(self, network, *, now: datetime):
        ensure_default_taxonomy()
        ensure_service_types()
        ensure_default_programmes()
        if not Service.objects.filter(is_active=True).exists():
            referrals_demo.seed(network)  # the fictitious service directory (idempotent)
        self.now = now
        self.today = now.date()
        self.tables = ReturnTables()
        types = {t.code: t for t in VulnerabilityType.objects.all()}
        self.vulnerability_types = {types[c].pk: w for c, w in VULNERABILITY_TYPES.items() if c in types}
        self.type_codes = {types[c].pk: c for c in VULNERABILITY_TYPES if c in types}
        self.pick_type = _pick(self.vulnerability_types)
        self.pregnancy_week = {t.pk for t in types.values() if t.asks_pregnancy_week}
        self.sensitive_types = {t.pk for t in types.values() if t.is_sensitive}
        self.services = list(Service.objects.filter(is_active=True).values_list("pk", "provider_id"))
        self.pick_referral_status = _pick(REFERRAL_STATUS)
        # A few fixed tokens: each referral reason encrypted once (demo data, fictitious).
        self.reasons = [encrypt(text) for text in REFERRAL_REASONS]
        self.versions = self._versions()
        self.pick_programme = _pick({code: w for code, w in PROGRAMMES.items() if code in self.versions})
        self.pick_plan_status = _pick(PLAN_STATUS)
        survey = active_survey()
        self.survey = survey
        self.weights = {d.code: d.weight for d in survey.dimensions.all()} if survey else {}
        self.vuln_json = _json(Vulnerability, "response_actions")
        self.shared_json = _json(Referral, "shared_fields")

    @staticmethod
    def _versions() -> dict[str, list[tuple[date, date | None, int]]]:
        versions: dict[str, list] = {}
        for pk, code, valid_from, valid_to in ProgrammeVersion.objects.values_list(
                "pk", "programme__code", "valid_from", "valid_to").order_by("valid_from"):
            versions.setdefault(code, []).append((valid_from, valid_to, pk))
        return versions

    def _version(self, code: str, day: date) -> int:
        candidates = self.versions[code]
        valid = [pk for start, end, pk in candidates if start <= day and (end is None or day <= end)]
        # Cases opened before the first shipped version fall back to the oldest.
        return valid[-1] if valid else candidates[0][2]

    def case(self, case_table: Table, status_table: Table, rng: random.Random, *, case_id: int, counsellor_id: int,
             members: list, path: list, times: list[datetime], status: str, outcome: str) -> None:
        """Queue the records of one case; `members` are (Member, relationship, age) as in CaseGenerator."""
        reached = set(path)
        self._vulnerabilities(rng, case_id, counsellor_id, members, times)
        if S.COUNSELLING in reached and self.services and rng.random() < 0.17:
            self._referrals(rng, case_id, counsellor_id, members[0][0].person_id, times)
        if S.APPLICATION in reached and self.versions:
            departed = self._application(rng, case_id, counsellor_id, members, path, times, status, outcome)
            if departed is not None:
                if status == S.CLOSED and outcome == OC.RETURNED_WITHOUT_PROGRAMME:
                    _set_outcome(case_table, status_table, OC.RETURNED_WITH_PROGRAMME)
                if rng.random() < 0.67:
                    self._plan(rng, case_id, counsellor_id, members[0][0].person_id, path, times, departed)

    # --- vulnerabilities ------------------------------------------------------------------

    def _vulnerabilities(self, rng, case_id, counsellor_id, members, times) -> None:
        if rng.random() >= 0.21:
            return
        for _ in range(1 if rng.random() < 0.75 else 2):
            type_id = self.pick_type(rng)
            code = self.type_codes[type_id]
            person_id = self._concerned(rng, code, members)
            if person_id is None:
                continue
            at = times[rng.randrange(len(times))]
            identified = at.date()
            closed = None
            if rng.random() < 0.3:
                closed = identified + timedelta(days=rng.randint(14, 300))
                closed = closed if closed < self.today else None
            actions = rng.sample(("referral", "adjusted_counselling", "priority_appointment",
                                  "same_gender_staff", "medical_escort"), k=rng.randint(0, 2))
            # The type and the week of pregnancy are encrypted like EncryptedTextField does it.
            self.tables.vulnerability.add(
                case_id, person_id, encrypt(code), type_id in self.sensitive_types,
                rng.choice(("self_disclosed", "self_disclosed", "observed", "third_party", "document")),
                identified, rng.choice(("low", "medium", "medium", "high")),
                encrypt(str(rng.randint(8, 36))) if type_id in self.pregnancy_week else None,
                self.vuln_json(actions), closed, counsellor_id, at,
            )

    @staticmethod
    def _concerned(rng, code: str, members) -> int | None:
        """The member a vulnerability of this type plausibly concerns (None: nobody fits)."""
        if code == "unaccompanied_child":
            return None  # a household with an adult principal; the type stays rare and unseeded here
        if code == "pregnancy":
            women = [m.person_id for m, _rel, age in members if m.sex == Person.Sex.FEMALE and 18 <= age <= 45]
            return rng.choice(women) if women else None
        if code == "older_person":
            older = [m.person_id for m, _rel, age in members if age >= 60]
            return older[0] if older else members[0][0].person_id
        if code == "single_parent":
            has_partner = any(rel == R.PARTNER for _m, rel, _age in members)
            has_children = any(rel == R.CHILD for _m, rel, _age in members)
            return members[0][0].person_id if has_children and not has_partner else None
        return members[rng.randrange(len(members))][0].person_id

    # --- referrals ------------------------------------------------------------------------

    def _referrals(self, rng, case_id, counsellor_id, person_id, times) -> None:
        for _ in range(1 if rng.random() < 0.8 else 2):
            service_id, provider_id = self.services[rng.randrange(len(self.services))]
            status = self.pick_referral_status(rng)
            created = times[min(len(times) - 1, 1 + rng.randrange(max(1, len(times) - 1)))]
            sent = answered = None
            if status != RS.PROPOSED:
                sent = min(created + timedelta(hours=rng.randint(1, 72)), self.now)
            if status in (RS.ACCEPTED, RS.COMPLETED, RS.DECLINED):
                answered = min(sent + timedelta(days=rng.uniform(0.5, 20)), self.now)
            self.tables.referral.add(
                case_id, service_id, person_id, self.reasons[rng.randrange(len(self.reasons))],
                self.shared_json(["name", "languages", "phone", "reason"]), provider_id if sent else None,
                status, created, sent, answered, counsellor_id, counsellor_id if sent else None,
            )

    # --- applications and departures -------------------------------------------------------

    def _application(self, rng, case_id, counsellor_id, members, path, times, status, outcome) -> date | None:
        """Queue the programme application; returns the departure date when it departed with it."""
        stage = path.index(S.APPLICATION)
        created = times[stage]
        code = self.pick_programme(rng)
        version = self._version(code, created.date())
        departed_at = times[path.index(S.DEPARTED)] if S.DEPARTED in path else None
        submitted = created.date() + timedelta(days=rng.randint(1, 12))
        decision = submitted + timedelta(days=rng.randint(10, 70))
        departed = None
        if departed_at is not None and (outcome != OC.RETURNED_WITHOUT_PROGRAMME or rng.random() < 0.8):
            app_status, departed = AS.DEPARTED, departed_at.date()
            submitted = min(submitted, departed - timedelta(days=2))
            decision = min(max(decision, submitted), departed - timedelta(days=1))
        elif departed_at is not None or status == S.CLOSED:
            app_status = AS.WITHDRAWN if rng.random() < 0.6 else AS.REJECTED
        elif status == S.DEPARTURE_SCHEDULED:
            app_status = AS.TRAVEL_BOOKED
        else:
            app_status = rng.choices((AS.READY, AS.SUBMITTED, AS.MORE_INFORMATION_REQUESTED, AS.APPROVED),
                                     cum_weights=(10, 60, 75, 100))[0]
        if app_status == AS.READY or submitted > self.today:
            submitted_on = decision_on = None
            app_status = AS.READY if app_status != AS.DEPARTED else app_status
        else:
            submitted_on = submitted
            decided = app_status in (AS.APPROVED, AS.REJECTED, AS.TRAVEL_BOOKED, AS.DEPARTED)
            decision_on = decision if decided and decision <= self.today else None
        last = times[-1]
        application_id = self.tables.application.add(
            case_id, version, app_status, "none_pending" if submitted_on else "", submitted_on, decision_on,
            departed, counsellor_id, created, last,
        )
        for member, _rel, _age in members:
            self.tables.application_member.add(application_id, member.person_id)
        return departed

    # --- reintegration --------------------------------------------------------------------

    def _plan(self, rng, case_id, counsellor_id, person_id, path, times, departed: date) -> None:
        created = times[path.index(S.APPLICATION)] + timedelta(days=rng.randint(1, 10))
        plan_status = self.pick_plan_status(rng)
        self.tables.plan.add(case_id, person_id, "Reintegrationspartner (fiktiv)", plan_status, counsellor_id,
                             created, created)
        if self.survey is None or plan_status == ReintegrationPlan.Status.DRAFT:
            return
        # One level of "how well it goes" per person, so that the three visits tell one story.
        base = rng.betavariate(4, 3)
        for months in MONITORING_MONTHS:
            planned = add_months(departed, months)
            scores = done = None
            if planned <= self.today and rng.random() < 0.75:
                done = min(planned + timedelta(days=rng.randint(-5, 25)), self.today)
                trend = 0.03 * MONITORING_MONTHS.index(months)
                scores = [min(1.0, max(0.0, rng.gauss(base + trend, 0.12))) for _ in range(3)]
            self.tables.visit.add(case_id, person_id, self.survey.pk, months, planned, done,
                                  rng.choice(VISIT_CHANNELS) if done else "",
                                  "Reintegrationspartner (fiktiv)" if done else "",
                                  *(self._scored(scores) if scores else (None, None, None, None, "")),
                                  counsellor_id, datetime.combine(departed, datetime.min.time(),
                                                                  tzinfo=times[0].tzinfo))

    def _scored(self, scores: list[float]) -> tuple:
        economic, social, psychosocial = (round(score, 3) for score in scores)
        weights = [self.weights.get(code, 1.0) for code in ("economic", "social", "psychosocial")]
        composite = round(sum(w * s for w, s in zip(weights, (economic, social, psychosocial), strict=True))
                          / sum(weights), 3)
        low, high = self.survey.threshold_low, self.survey.threshold_high
        level = "intensive" if composite < low else "high" if composite > high else "some"
        return economic, social, psychosocial, composite, level


def _set_outcome(case_table: Table, status_table: Table, outcome: str) -> None:
    """Change the outcome of the case row just queued and of its closing status change."""
    case_index = 1 + case_table.fields.index("outcome")
    row = case_table.rows[-1]
    case_table.rows[-1] = (*row[:case_index], outcome, *row[case_index + 1:])
    status_index = 1 + status_table.fields.index("outcome")
    row = status_table.rows[-1]
    status_table.rows[-1] = (*row[:status_index], outcome, *row[status_index + 1:])
