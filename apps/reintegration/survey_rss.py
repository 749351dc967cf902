"""The shipped survey: items of the IOM Reintegration Sustainability Survey (RSS) as far as
sources verify them, copied from the project's domain notes (indicators.md §1, which cites
the sources below); nothing reads those notes at run time.

[V] marks what a source shows; everything else is flagged `unverified` in the data:
- the items and answer options of EVAL-NG-2021 p. 40–43 are verified (that they are the exact
  RSS wording is an inference);
- placeholder items from memory (indicators.md §1.2, "candidates") are UNVERIFIED;
- dimension weights and item weights are equal: UNVERIFIED;
- answer values are a linear mapping onto 0..1: UNVERIFIED;
- "I don't wish to answer" has no value and is left out of the score: UNVERIFIED;
- thresholds 0.33 / 0.66 are [V] (EVAL-NG-2021 p. 39 fn. 5; EVAL-NG-2023 p. 23 fn. 10;
  EVAL-HOA-2023 p. 73).
"""

SURVEY_CODE = "rss"

SOURCES = (
    "IOM Reintegration Sustainability Survey (RSS), items as shown in: IOM, 'GIZ reintegration Project - Final "
    "Evaluation' (Nigeria), January 2021, p. 39-43 (EVAL-NG-2021); scoring and thresholds: same p. 39 fn. 5; IOM, "
    "'Nigeria: SRARP Phase II - Ex-Post Evaluation', May 2023, p. 23, p. 43-44 (EVAL-NG-2023); PPMI for IOM, "
    "'Final Evaluation of the EU-IOM Joint Initiative ... Horn of Africa', 2023, p. 73 (EVAL-HOA-2023). "
    "UNVERIFIED: weights, answer-to-value mapping, handling of 'don't wish to answer', the composite method, the "
    "placeholder items (from memory, not from IOM Reintegration Handbook Annex 4 / methodological note)."
)
ITEM_SOURCE = "EVAL-NG-2021 p. 40-43"
PLACEHOLDER_SOURCE = "UNVERIFIED placeholder (candidate item from memory; replace once Annex 4 is read)"

DWA = {"code": "dwa", "label": "Ich möchte nicht antworten", "label_en": "I don't wish to answer", "value": None}


def _options(labels: list[tuple[str, str, str]], values: list[float]) -> list[dict]:
    return [{"code": code, "label": de, "label_en": en, "value": value}
            for (code, de, en), value in zip(labels, values, strict=True)] + [dict(DWA)]


UP5 = [0.0, 0.25, 0.5, 0.75, 1.0]
DOWN5 = list(reversed(UP5))
FREQUENCY = [("never", "Nie", "Never"), ("rarely", "Selten", "Rarely"), ("sometimes", "Manchmal", "Sometimes"),
             ("often", "Oft", "Often"), ("very_often", "Sehr oft", "Very often")]
QUALITY = [("very_poor", "Sehr schlecht", "Very poor"), ("poor", "Schlecht", "Poor"), ("fair", "Mittel", "Fair"),
           ("good", "Gut", "Good"), ("very_good", "Sehr gut", "Very good")]
AGREEMENT = [("strongly_disagree", "Stimme gar nicht zu", "Strongly disagree"),
             ("disagree", "Stimme nicht zu", "Disagree"), ("neutral", "Teils, teils", "Neither"),
             ("agree", "Stimme zu", "Agree"), ("strongly_agree", "Stimme voll zu", "Strongly agree")]
YES_NO = [("yes", "Ja", "Yes"), ("no", "Nein", "No")]

# code: (options, options verified?, source)
SCALES = {
    "satisfaction5": (_options([
        ("very_dissatisfied", "Sehr unzufrieden", "Very dissatisfied"),
        ("dissatisfied", "Unzufrieden", "Dissatisfied"), ("ok", "Geht so", "OK"),
        ("satisfied", "Zufrieden", "Satisfied"), ("very_satisfied", "Sehr zufrieden", "Very satisfied")], UP5),
        True, ITEM_SOURCE),
    "frequency5": (_options(FREQUENCY, DOWN5), True, ITEM_SOURCE),
    "yes_no_dwa": (_options(YES_NO, [0.0, 1.0]), True, ITEM_SOURCE + " (value: looking for a job = 0, UNVERIFIED)"),
    "quality5": (_options(QUALITY, UP5), True, ITEM_SOURCE),
    "support5": (_options([
        ("very_bad", "Sehr schlecht (sehr schwaches Netz)", "Very bad (very weak network)"),
        ("bad", "Schlecht", "Bad"), ("fair", "Mittel", "Fair"), ("good", "Gut", "Good"),
        ("very_good", "Sehr gut (sehr starkes Netz)", "Very good (very strong network)")], UP5),
        True, ITEM_SOURCE),
    # Scales the sources do not show: UNVERIFIED.
    "yes_no": (_options(YES_NO, [1.0, 0.0]), False, "UNVERIFIED scale"),
    "yes_no_reversed": (_options(YES_NO, [0.0, 1.0]), False, "UNVERIFIED scale"),
    "quality5_unverified": (_options(QUALITY, UP5), False, "UNVERIFIED scale"),
    "frequency5_unverified": (_options(FREQUENCY, DOWN5), False, "UNVERIFIED scale"),
    "frequency5_positive": (_options(FREQUENCY, UP5), False, "UNVERIFIED scale"),
    "agreement5": (_options(AGREEMENT, UP5), False, "UNVERIFIED scale"),
}

# dimension: [(code, German, English, scale, item unverified?)]
QUESTIONS = {
    "economic": [
        ("economic_satisfaction", "Wie zufrieden sind Sie mit Ihrer derzeitigen wirtschaftlichen Situation?",
         "How satisfied are you with your current economic situation?", "satisfaction5", False),
        ("borrowing_frequency", "Wie oft leihen Sie sich Geld?", "How frequently do you borrow money?",
         "frequency5", False),
        ("job_search", "Suchen Sie derzeit Arbeit?", "Are you currently looking for a job?", "yes_no_dwa", False),
        ("borrowing_ability", "Können Sie sich bei Bedarf Geld von Familie oder Freunden leihen?",
         "Can you borrow money from family or friends when you need it?", "yes_no", False),
        ("food_rationing", "Wie oft mussten Sie in letzter Zeit Essen einteilen oder Mahlzeiten auslassen?",
         "How often did you recently have to ration food or skip meals?", "frequency5_unverified", True),
        ("productive_assets", "Besitzen Sie Arbeitsmittel oder Vermögen, mit dem Sie Einkommen erzielen?",
         "Do you own productive assets that earn you an income?", "yes_no", True),
    ],
    "social": [
        ("housing", "Wie beurteilen Sie den Standard Ihrer Unterkunft?", "How do you rate the standard of your "
         "housing?", "quality5", False),
        ("health_access", "Wie ist Ihr Zugang zu Gesundheitsdiensten?", "How is your access to health services?",
         "quality5", False),
        ("health_quality", "Wie beurteilen Sie die Qualität der Gesundheitsdienste?",
         "How do you rate the quality of health services?", "quality5", False),
        ("clean_water", "Wie ist Ihr Zugang zu sauberem Wasser?", "How is your access to clean water?",
         "quality5_unverified", False),
        ("schooling", "Gehen alle Kinder im Schulalter in Ihrem Haushalt zur Schule?",
         "Do all school-age children in your household attend school?", "yes_no", True),
        ("justice", "Wie ist Ihr Zugang zu Justiz und Polizei?", "How is your access to justice and law "
         "enforcement?", "quality5_unverified", True),
        ("identity_documents", "Haben Sie gültige Ausweisdokumente?", "Do you have valid identity documents?",
         "yes_no", True),
    ],
    "psychosocial": [
        ("support_network", "Wie stark ist Ihr Unterstützungsnetz?", "How strong is your support network?",
         "support5", False),
        ("feeling_welcome", "Ich fühle mich in meiner Gemeinschaft willkommen.",
         "I feel welcome in my community.", "agreement5", False),
        ("conflicts", "Wie oft haben Sie Konflikte mit Ihrer Familie oder Gemeinschaft?",
         "How often do you have conflicts with your family or wider community?", "frequency5_unverified", False),
        ("discrimination", "Wie oft fühlen Sie sich diskriminiert?", "How often do you feel discriminated "
         "against?", "frequency5_unverified", False),
        ("social_activities", "Wie oft nehmen Sie an gemeinschaftlichen Aktivitäten teil?",
         "How often do you take part in social activities?", "frequency5_positive", True),
        ("belonging", "Ich fühle mich zugehörig.", "I feel a sense of belonging.", "agreement5", True),
        ("physical_safety", "Ich fühle mich an meinem Wohnort sicher.", "I feel physically safe where I live.",
         "agreement5", True),
        ("distress", "Wie oft fühlen Sie sich niedergeschlagen, ängstlich oder gestresst?",
         "How often do you feel low, anxious or stressed?", "frequency5_unverified", True),
        ("wish_to_migrate", "Möchten Sie erneut auswandern?", "Do you wish to migrate again?",
         "yes_no_reversed", True),
    ],
}


def ensure_survey(Survey, SurveyDimension, SurveyScale, SurveyQuestion) -> int:  # noqa: N803 (model classes)
    """Create the shipped survey where missing (also with historical models in a migration);
    never change rows an administrator edited. Returns how many rows were created."""
    created = 0
    scales = {}
    for code, (options, verified, source) in SCALES.items():
        scales[code], new = SurveyScale.objects.get_or_create(code=code, defaults={
            "options": options, "unverified": not verified, "values_unverified": True, "source": source})
        created += new
    survey, new = Survey.objects.get_or_create(code=SURVEY_CODE, defaults={
        "name": "Reintegration Sustainability Survey (RSS)", "version": "2026-1", "source": SOURCES,
        "unverified": True, "threshold_low": 0.33, "threshold_high": 0.66, "thresholds_unverified": False})
    created += new
    for order, (dimension_code, questions) in enumerate(QUESTIONS.items()):
        dimension, new = SurveyDimension.objects.get_or_create(survey=survey, code=dimension_code, defaults={
            "weight": 1.0, "unverified": True, "order": order})
        created += new
        for position, (code, text, text_en, scale, unverified) in enumerate(questions):
            _question, new = SurveyQuestion.objects.get_or_create(dimension=dimension, code=code, defaults={
                "text": text, "text_en": text_en, "scale": scales[scale], "weight": 1.0,
                "unverified": unverified, "order": position,
                "source": PLACEHOLDER_SOURCE if unverified else ITEM_SOURCE})
            created += new
    return created
