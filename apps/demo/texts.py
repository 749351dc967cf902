"""Invented German texts for demo sessions and tasks. They never name a person."""

SUMMARY_BY_TOPIC = {
    "legal_options": (
        "Aufenthaltsrechtliche Situation besprochen; Hinweis auf unabhängige Rechtsberatung gegeben.",
        "Bleibeperspektiven und Rückkehroptionen ergebnisoffen gegenübergestellt.",
    ),
    "return_programmes": (
        "Über REAG/GARP 2.0 und StarthilfePlus informiert; Voraussetzungen erläutert.",
        "Ablauf der Antragstellung im OAM und Bearbeitungszeiten erklärt.",
    ),
    "country_information": (
        "Aktuelle Lage im Herkunftsland anhand von ZIRF-Informationen besprochen.",
        "Fragen zu Wohnraum und Sicherheit in der Herkunftsregion gesammelt.",
    ),
    "reintegration": (
        "Erste Ideen für einen Reintegrationsplan (Kleingewerbe) gesammelt.",
        "Unterstützungsmöglichkeiten nach der Rückkehr über Partner vor Ort erläutert.",
    ),
    "travel_documents": (
        "Passersatzpapiere und Grenzübertrittsbescheinigung besprochen.",
        "Fehlende Reisedokumente festgestellt; Botschaftstermin wird vorbereitet.",
    ),
    "health": (
        "Medizinischer Bedarf für die Reise und die erste Zeit danach besprochen.",
        "Ärztliche Bescheinigungen für die Reisefähigkeit angesprochen.",
    ),
    "family_children": (
        "Situation der Kinder (Schule, Kita) und ihre Sicht altersgerecht einbezogen.",
        "Familiäre Situation und Wünsche der Familienmitglieder besprochen.",
    ),
    "housing_livelihood": (
        "Fragen zu Unterkunft und Lebensunterhalt bis zur Entscheidung geklärt.",
    ),
    "education_work": (
        "Schulische und berufliche Erfahrungen für die Perspektivplanung erfasst.",
    ),
    "referral_legal_advice": (
        "Verweis an eine unabhängige Verfahrensberatung vereinbart.",
    ),
    "psychosocial": (
        "Belastungssituation angesprochen; psychosoziale Beratungsstelle genannt.",
    ),
    "other": ("Allgemeine Fragen geklärt.",),
}

NEXT_STEPS = (
    "Folgetermin in zwei Wochen.",
    "Klient*in meldet sich nach Rücksprache mit der Familie.",
    "Unterlagen zum nächsten Termin mitbringen.",
    "Einwilligung zur Weitergabe an die Ausländerbehörde klären.",
    "Antrag im OAM vorbereiten, sobald alle Dokumente vorliegen.",
    "Termin mit Sprachmittlung organisieren.",
    "Rückruf durch die Hotline anbieten.",
)

TASKS_OPEN = (
    "Folgetermin vereinbaren",
    "Rückruf zusagen und durchführen",
    "Sprachmittlung für nächsten Termin buchen",
    "Informationsblatt in Erstsprache aushändigen",
    "Einwilligung zur Weitergabe einholen",
)
TASKS_RETURN = (
    "Passersatzpapiere bei der Botschaft anfragen",
    "Antrag REAG/GARP im OAM vervollständigen",
    "ZIRF-Anfrage zur Situation im Herkunftsland stellen",
    "Reisefähigkeitsbescheinigung anfordern",
    "Grenzübertrittsbescheinigung mit der Ausländerbehörde abstimmen",
    "Flugdaten an Klient*in übermitteln",
)
TASKS_FOLLOW_UP = (
    "Kontakt mit Partnerorganisation im Herkunftsland halten",
    "Monitoring-Gespräch nach drei Monaten planen",
)

STREETS = ("Musterstraße", "Beispielweg", "Probegasse", "Am Demoplatz", "Testallee", "Vorlagenring")
