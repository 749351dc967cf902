"""Demo data: an assessment, vulnerabilities and a child's participation on the showcase cases.

The showcase cases are the three newest IOM cases (the Trier counsellor's home page). All
texts are invented. Running the seed again adds nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.assessments import selectors, services
from apps.assessments.defaults import ensure_default_taxonomy
from apps.assessments.models import VulnerabilityType
from apps.cases.models import Case

SHOWCASE = 3

ANSWERS = {
    "family_in_household": "Fiktiv: lebt mit Partnerin und Kindern in der Aufnahmeeinrichtung.",
    "health_needs": "Fiktiv: keine besonderen Bedarfe genannt.",
    "ongoing_treatment": "no",
    "residence_situation": "Fiktiv: Aufenthaltsgestattung, Asylverfahren läuft.",
    "has_lawyer": "no",
    "wishes": "Fiktiv: möchte sich über beide Wege informieren, Bleiben und Rückkehr.",
    "fears_return": "Fiktiv: Sorge um Arbeit und Wohnung nach der Rückkehr.",
    "education": "Fiktiv: Schulabschluss, Ausbildung als Schneider.",
    "languages_spoken": "Dari, etwas Englisch",
    "network_origin": "Fiktiv: Bruder in der Herkunftsstadt.",
    "risks_now": "no",
}

# Per showcase case: (vulnerability type code, severity, response actions), or None.
VULNERABILITIES = [
    ("single_parent", "medium", ["priority_appointment", "adjusted_counselling"]),
    ("serious_illness", "high", ["referral", "medical_escort"]),
    None,
]


def _showcase_cases(network) -> list[Case]:
    cases = Case.objects.filter(organisation=network.organisations["IOM"])
    return list(cases.select_related("household", "organisation").order_by("-opened_at", "-id")[:SHOWCASE])


@transaction.atomic
def seed(network) -> int:
    """Add the assessment part of the demo to the showcase cases; returns rows created."""
    created = ensure_default_taxonomy()
    actor = network.users["counsellor"]
    today = timezone.localdate()
    for index, case in enumerate(_showcase_cases(network)):
        principal = case.household.members.filter(is_principal=True).select_related("person").first()
        if principal is None:
            continue
        if not case.assessments.exists():
            services.assessment_create(actor=actor, case=case, answers=ANSWERS, expected_latest_version=0,
                                       note="Fiktive Erstaufnahme (Demo)")
            created += 1 + len(ANSWERS)
        wanted = VULNERABILITIES[index] if index < len(VULNERABILITIES) else None
        if wanted and not case.vulnerabilities.exists():
            code, severity, actions = wanted
            services.vulnerability_record(actor=actor, case=case, data={
                "person": principal.person, "type": VulnerabilityType.objects.get(code=code),
                "identified_how": "self_disclosed", "identified_on": today - timedelta(days=7),
                "severity": severity, "response_actions": actions,
                "details": "Fiktiver Demo-Eintrag.", "response_notes": "Fiktiv: Termin mit Vorrang vereinbart."})
            created += 1
        for child in selectors.children_without_participation(case)[:1]:
            services.participation_record(actor=actor, case=case, data={
                "child": child, "how_heard": "with_parent", "heard_on": today - timedelta(days=3),
                "information_given": "Fiktiv: kindgerecht erklärt, was eine Beratung ist und wer entscheidet.",
                "information_given_on": today - timedelta(days=3),
                "child_views": "Fiktiv: „Ich möchte meine Freunde in der Schule behalten.“",
                "best_interests": "Fiktiv: Schulbesuch ohne Unterbrechung sichern."})
            created += 1
    return created
