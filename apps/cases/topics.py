"""Counselling topics a fresh installation starts with; afterwards data."""

DEFAULT_TOPICS = [
    ("legal_options", "Rechtliche Perspektiven und Bleibeoptionen", "Legal options and staying"),
    ("return_programmes", "Rückkehrprogramme (REAG/GARP, StarthilfePlus)",
     "Return programmes (REAG/GARP, StarthilfePlus)"),
    ("country_information", "Situation im Herkunftsland", "Situation in the country of origin"),
    ("reintegration", "Reintegrationsplanung", "Reintegration planning"),
    ("travel_documents", "Reisedokumente und Ausreise", "Travel documents and departure"),
    ("health", "Gesundheit und medizinische Versorgung", "Health and medical care"),
    ("family_children", "Familie und Kinder", "Family and children"),
    ("housing_livelihood", "Wohnen und Lebensunterhalt", "Housing and livelihood"),
    ("education_work", "Bildung und Arbeit", "Education and work"),
    ("referral_legal_advice", "Verweis an Rechtsberatung", "Referral to legal advice"),
    ("psychosocial", "Psychosoziale Unterstützung", "Psychosocial support"),
    ("other", "Sonstiges", "Other"),
]
