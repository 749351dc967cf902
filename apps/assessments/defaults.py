"""Assessment sections, questions and vulnerability types a fresh installation starts with.

Afterwards they are data an administrator edits (taxonomy.manage); the codes are stable
and used in code, the API and exports, so they never change.
"""

# section code, German name, English name, [(question code, German text, English text, kind)]
DEFAULT_SECTIONS = [
    ("personal_family", "Persönliche und familiäre Situation", "Personal and family situation", [
        ("family_in_household", "Wer gehört zum Haushalt und wie ist die familiäre Situation?",
         "Who belongs to the household and what is the family situation?", "long_text"),
        ("family_elsewhere", "Leben nahe Angehörige an einem anderen Ort (Deutschland, Herkunftsland, Drittstaat)?",
         "Do close relatives live elsewhere (Germany, country of origin, third country)?", "long_text"),
        ("housing_now", "Wie wohnt die Person derzeit?", "How does the person live at present?", "short_text"),
    ]),
    ("health", "Gesundheit", "Health", [
        ("health_needs", "Gibt es gesundheitliche Bedarfe, die für die Beratung wichtig sind?",
         "Are there health needs that matter for the counselling?", "long_text"),
        ("ongoing_treatment", "Ist eine laufende Behandlung oder Medikation nötig?",
         "Is ongoing treatment or medication needed?", "yes_no"),
        ("treatment_in_origin", "Ist die Behandlung im Herkunftsland verfügbar und zugänglich?",
         "Is the treatment available and accessible in the country of origin?", "long_text"),
    ]),
    ("legal", "Rechtliche Situation und laufende Verfahren", "Legal situation and pending procedures", [
        ("residence_situation", "Aufenthaltsrechtliche Situation (Status, Gültigkeit, Auflagen)",
         "Residence situation (status, validity, conditions)", "long_text"),
        ("pending_procedures", "Laufende Verfahren (Asyl, Klage, Strafverfahren, Familien- oder Sorgerecht)",
         "Pending procedures (asylum, appeal, criminal, family or custody)", "long_text"),
        ("has_lawyer", "Hat die Person eine rechtliche Vertretung?", "Does the person have a lawyer?", "yes_no"),
    ]),
    ("wishes_fears", "Wünsche und Ängste zu Rückkehr oder Bleiben", "Wishes and fears about return or staying", [
        ("wishes", "Was wünscht sich die Person für ihre Zukunft?", "What does the person wish for the future?",
         "long_text"),
        ("fears_return", "Welche Sorgen oder Ängste bestehen mit Blick auf eine Rückkehr?",
         "What worries or fears are there about a return?", "long_text"),
        ("fears_staying", "Welche Sorgen bestehen mit Blick auf ein Bleiben?",
         "What worries are there about staying?", "long_text"),
    ]),
    ("resources_skills", "Ressourcen und Fähigkeiten", "Resources and skills", [
        ("education", "Schul- und Berufsausbildung", "Schooling and vocational training", "long_text"),
        ("work_experience", "Berufserfahrung", "Work experience", "long_text"),
        ("languages_spoken", "Gesprochene Sprachen", "Languages spoken", "short_text"),
    ]),
    ("support_network", "Unterstützungsnetz in Deutschland und im Herkunftsland",
     "Support network in Germany and in the country of origin", [
        ("network_germany", "Wer unterstützt die Person in Deutschland?",
         "Who supports the person in Germany?", "long_text"),
        ("network_origin", "Wer könnte die Person im Herkunftsland unterstützen?",
         "Who could support the person in the country of origin?", "long_text"),
    ]),
    ("risks", "Risiken", "Risks", [
        ("risks_return", "Welche Risiken bestehen bei einer Rückkehr?", "What risks are there on return?",
         "long_text"),
        ("risks_now", "Bestehen akute Risiken (Gefährdung, Obdachlosigkeit, Mittellosigkeit)?",
         "Are there acute risks (danger, homelessness, destitution)?", "yes_no"),
        ("risk_mitigation", "Welche Maßnahmen mindern die Risiken?", "What measures reduce the risks?",
         "long_text"),
    ]),
]

# code, German name, English name, group, sensitive, asks for the week of pregnancy
DEFAULT_VULNERABILITY_TYPES = [
    ("unaccompanied_child", "Unbegleitete*r oder getrennte*r Minderjährige*r", "Unaccompanied or separated child",
     "children_family", False, False),
    ("single_parent", "Alleinerziehend", "Single parent", "children_family", False, False),
    ("pregnancy", "Schwangerschaft", "Pregnancy", "health", True, True),
    ("older_person", "Ältere Person", "Older person", "age_disability", False, False),
    ("disability", "Behinderung", "Disability", "age_disability", True, False),
    ("serious_illness", "Schwere oder chronische Erkrankung", "Serious or chronic illness", "health", True, False),
    ("mental_health", "Psychische Erkrankung", "Mental-health condition", "health", True, False),
    ("gbv_survivor", "Überlebende*r geschlechtsspezifischer Gewalt", "Survivor of gender-based violence",
     "violence_exploitation", True, False),
    ("torture_survivor", "Überlebende*r von Folter", "Survivor of torture", "violence_exploitation", True, False),
    ("trafficking", "(Potenzielles) Opfer von Menschenhandel", "(Potential) victim of trafficking",
     "violence_exploitation", True, False),
    ("sogi_risk", "Gefährdung wegen sexueller Orientierung oder Geschlechtsidentität",
     "Risk related to sexual orientation or gender identity", "identity", True, False),
    ("other", "Sonstige besondere Bedarfe", "Other special needs", "other", False, False),
]


SENSITIVE_SECTIONS = {"health"}


def ensure_defaults(section_model, question_model, type_model) -> int:
    """Create missing default rows (existing rows, possibly edited, stay as they are).

    Takes the model classes so that the data migration can pass its historical models.
    Returns how many rows were created.
    """
    created = 0
    for s_order, (code, name, name_en, questions) in enumerate(DEFAULT_SECTIONS):
        section, new = section_model.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": (s_order + 1) * 10,
                                 **_sensitivity(section_model, code)})
        created += new
        for q_order, (q_code, text, text_en, kind) in enumerate(questions):
            _q, new = question_model.objects.get_or_create(code=q_code, defaults={
                "section": section, "text": text, "text_en": text_en, "kind": kind,
                "sort_order": (q_order + 1) * 10})
            created += new
    for order, (code, name, name_en, group, sensitive, asks_week) in enumerate(DEFAULT_VULNERABILITY_TYPES):
        _t, new = type_model.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "group": group, "is_sensitive": sensitive,
            "asks_pregnancy_week": asks_week, "sort_order": (order + 1) * 10})
        created += new
    return created


def _sensitivity(section_model, code: str) -> dict:
    # The field came with migration 0003; migration 0002 passes a model without it.
    fields = {f.name for f in section_model._meta.get_fields()}
    return {"is_sensitive": code in SENSITIVE_SECTIONS} if "is_sensitive" in fields else {}


def ensure_default_taxonomy() -> int:
    """ensure_defaults() with the current models (tests after a flush, demo seeding)."""
    from apps.assessments.models import AssessmentQuestion, AssessmentSection, VulnerabilityType

    return ensure_defaults(AssessmentSection, AssessmentQuestion, VulnerabilityType)
