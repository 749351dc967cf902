"""Demo data: fictitious contacts in countries of origin and anonymised knowledge for IOM.

Every organisation and person here is invented (marked "fiktiv"); phone numbers use
reserved-looking placeholders, e-mail addresses the .example domain. The knowledge entries
are generic questions without any client, and pass the identifier check like real ones.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.countryinfo import services
from apps.countryinfo.models import CountryInformationRequest, OriginCountryContact

# country, organisation, contact person, languages, channels, hours
CONTACTS = [
    ("AF", "IOM Kabul (fiktiv)", "Beratungsteam Rückkehr", ["fa", "ps", "en"], ["video", "whatsapp", "phone"],
     "So–Do 8:30–15:30 (UTC+4:30)"),
    ("AF", "Reintegrationsbüro Herat (fiktiv)", "", ["fa", "en"], ["whatsapp", "phone"],
     "Sa–Mi 9:00–14:00 (UTC+4:30)"),
    ("IQ", "IOM Erbil (fiktiv)", "Counselling Desk", ["ckb", "ar", "en"], ["video", "viber", "email"],
     "So–Do 9:00–16:00 (UTC+3)"),
    ("IQ", "Beratungsstelle Bagdad (fiktiv)", "", ["ar", "en"], ["whatsapp", "email"], "So–Do 9:00–14:00 (UTC+3)"),
    ("SY", "Partnerbüro Damaskus (fiktiv)", "", ["ar"], ["whatsapp", "signal"], "So–Do 10:00–15:00 (UTC+3)"),
    ("TR", "IOM Ankara (fiktiv)", "Return Desk", ["tr", "en", "ar"], ["video", "phone", "email"],
     "Mo–Fr 9:00–17:00 (UTC+3)"),
    ("GE", "IOM Tbilisi (fiktiv)", "", ["ka", "ru", "en"], ["video", "viber", "email"], "Mo–Fr 10:00–18:00 (UTC+4)"),
    ("RU", "Beratungsnetzwerk Moskau (fiktiv)", "", ["ru", "en"], ["signal", "email"], "Mo–Fr 10:00–17:00 (UTC+3)"),
    ("NG", "IOM Lagos (fiktiv)", "Reintegration Unit", ["en", "yo", "ig"], ["video", "whatsapp", "phone"],
     "Mo–Fr 8:00–16:00 (UTC+1)"),
    ("IR", "Partnerorganisation Teheran (fiktiv)", "", ["fa", "en"], ["whatsapp", "email"],
     "Sa–Mi 9:00–15:00 (UTC+3:30)"),
]

# country, topic, question, answer, contact organisation, days ago answered
KNOWLEDGE = [
    ("IQ", "medical_care", "Is dialysis available in Erbil, and what does a session cost for a returnee "
     "without insurance?", "Public hospitals in Erbil offer dialysis; waiting lists exist. Private centres "
     "charge per session; a referral letter from a doctor in Germany in English helps. (fictitious demo answer)",
     "IOM Erbil (fiktiv)", 12),
    ("AF", "medical_care", "Is insulin available in Herat, and how is it stored without reliable electricity?",
     "Insulin is sold in larger pharmacies in Herat; supply varies. Cooling pouches are recommended. "
     "(fictitious demo answer)", "Reintegrationsbüro Herat (fiktiv)", 30),
    ("AF", "labour_education", "Are there vocational courses for young women in Kabul at the moment?",
     "Only few courses are open, mostly home-based tailoring and online offers. (fictitious demo answer)",
     "IOM Kabul (fiktiv)", 45),
    ("TR", "housing", "How long does it take to find a rented flat in Ankara for a family of five?",
     "Usually four to eight weeks; deposits of two to three months' rent are common. (fictitious demo answer)",
     "IOM Ankara (fiktiv)", 20),
    ("GE", "social_services", "Can returnees register for social assistance immediately after arrival in Georgia?",
     "Registration is possible after registering an address; the assessment takes some weeks. "
     "(fictitious demo answer)", "IOM Tbilisi (fiktiv)", 60),
    ("NG", "vulnerable_persons", "Which shelters in Lagos accept women who fear re-trafficking?",
     "There are state and NGO shelters; admission goes through a social worker's referral. "
     "(fictitious demo answer)", "IOM Lagos (fiktiv)", 8),
    ("IQ", "labour_education", "Is a German vocational certificate recognised in the Kurdistan Region?",
     "Certificates can be recognised after translation and legalisation; the process takes about three "
     "months. (fictitious demo answer)", "IOM Erbil (fiktiv)", 90),
    ("RU", "medical_care", "Is HIV treatment free of charge for returning citizens?",
     "Treatment is free in regional AIDS centres after registration with a local address. "
     "(fictitious demo answer)", "Beratungsnetzwerk Moskau (fiktiv)", 75),
    ("SY", "housing", "Can returnees reclaim rented accommodation they left years ago?",
     "Generally not; new rental contracts are needed, prices have risen sharply. (fictitious demo answer)",
     "Partnerbüro Damaskus (fiktiv)", 40),
    ("IR", "social_services", "Is there school enrolment support for children returning from Germany?",
     "Schools require translated report cards; placement tests are common. (fictitious demo answer)",
     "Partnerorganisation Teheran (fiktiv)", 15),
]


@transaction.atomic
def seed(network) -> int:
    """Create what is missing; running it again creates nothing. Returns the rows created."""
    created = 0
    contacts = {}
    for country, name, person, languages, channels, hours in CONTACTS:
        contact, new = OriginCountryContact.objects.get_or_create(organisation_name=name, defaults={
            "country": country, "contact_person": person, "languages": languages, "channels": channels,
            "hours": hours, "email": f"contact{len(contacts) + 1}@countryinfo.example",
            "notes": "Fiktiver Demo-Eintrag.",
        })
        contacts[name] = contact
        created += new
    iom, counsellor = network.organisations["IOM"], network.users["counsellor"]
    today = timezone.localdate()
    for country, topic, question, answer, contact_name, days_ago in KNOWLEDGE:
        if CountryInformationRequest.objects.filter(organisation=iom, question=question).exists():
            continue
        answered_on = today - timedelta(days=days_ago)
        request = services.request_create(actor=counsellor, organisation=iom, data={
            "country": country, "topic": topic, "question": question, "recipient": contacts[contact_name],
            "sent_on": answered_on - timedelta(days=7)})
        services.request_answer(actor=counsellor, request=request, expected_version=request.version,
                                answer=answer, answered_on=answered_on)
        created += 1
    return created
