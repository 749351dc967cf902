"""Demo data of the network: profiles of the demo organisations (roles, districts served),
contacts of the partners (most with a recorded consent, one without: not listed), agreements,
expert questions of the Ausländerbehörde Trier and of Caritas (answered, open, one overdue)
and two published knowledge articles. Idempotent: nothing happens once profiles exist.

All names are invented; question texts carry no identifiers (they pass the same check).
"""

from datetime import timedelta

from django.utils import timezone

from apps.demo.network import DemoNetwork
from apps.network import questions, services
from apps.network.models import ExpertQuestion, NetworkProfile
from apps.network.rules import due_on_for

PROFILES = {
    # code: roles, districts served (AGS), description
    "IOM": (["counselling_provider"], ["07211", "07235", "07336", "07318", "07232", "07314"],
            "Unabhängige Rückkehrberatung in den AfA und mobil im ganzen Land."),
    "DKR": (["competence_centre"], ["07315"],
            "Kompetenzzentrum Rückkehr: Fachanfragen, Austauschtreffen, Schulungen."),
    "CARDEMO": (["hosts_mobile_counselling", "refers_clients"], ["07211", "07235"],
                "Migrationsdienst mit Räumen für mobile Beratungstage in Trier-West."),
    "DRKDEMO": (["hosts_mobile_counselling", "refers_clients"], ["07336"], ""),
    "AWODEMO": (["refers_clients"], ["07318", "07338"], ""),
    "SOZDEMO": (["hosts_mobile_counselling"], ["07314"], ""),
    "MFFKI": (["funder"], [], "Landesministerium, fördert das Netzwerk."),
    "ABH07211": (["authority_return_counselling"], ["07211"], ""),
}

CONTACTS = [
    # organisation, name, function, e-mail, phone, languages, consent given days ago (None: not given)
    ("CARDEMO", "Eva Helferin", "Migrationsdienst", "caritas@partner.demo", "0651 000 0001", ["de", "fr", "ar"], 120),
    ("CARDEMO", "Jonas Vorbild", "Leitung Beratungszentrum", "", "0651 000 0002", ["de", "en"], None),
    ("DRKDEMO", "Ayla Probe", "Integrationsberatung", "kusel@drk.demo", "", ["de", "tr"], 60),
    ("AWODEMO", "Maren Muster", "Migrationsberatung", "speyer@awo.demo", "", ["de", "ru", "uk"], 30),
]

ANSWERED = [
    ("ABH07211", "Passersatzpapiere für eine Familie", "procedure", "normal",
     "Wer beantragt bei einer freiwilligen Ausreise die Passersatzpapiere, und wie lange dauert das meist?",
     "Die Ausländerbehörde beantragt sie bei der Botschaft; die Beratung hilft mit den Unterlagen. "
     "Rechnen Sie mit vier bis acht Wochen.", 9),
    ("CARDEMO", "Reintegrationshilfe nach Georgien", "reintegration", "normal",
     "Gibt es für Rückkehrende nach Georgien Sachleistungen zur Existenzgründung?",
     "Ja, über das Reintegrationsprogramm; die Beratung stellt den Antrag mit einem Reintegrationsplan.", 20),
]
OPEN = [
    ("ABH07211", "Duldung und Förderfähigkeit", "legal", "urgent",
     "Ist eine Person mit Duldung für REAG/GARP förderfähig, wenn die Ausreisefrist bereits abgelaufen ist?", 6),
    ("CARDEMO", "Medizinische Versorgung im Herkunftsland", "vulnerabilities", "normal",
     "Wie klären wir die Weiterbehandlung einer chronischen Erkrankung im Herkunftsland vor der Rückkehr?", 1),
]


def seed(network: DemoNetwork) -> int:
    return seed_network(network)


def seed_network(network: DemoNetwork) -> int:
    """Create the network's demo data; returns the rows created (0 on a second run)."""
    if NetworkProfile.objects.exists():
        return 0
    coordinator, orgs = network.users["coordinator"], network.organisations
    created = 0
    for code, (roles, districts, description) in PROFILES.items():
        if code not in orgs:
            continue
        profile = services.profile_of(orgs[code])
        services.profile_update(actor=coordinator, organisation=orgs[code], roles=roles,
                                districts=[network.districts[a] for a in districts if a in network.districts],
                                description=description, expected_version=profile.version)
        created += 1
    today = timezone.localdate()
    for code, name, function, email, phone, languages, days_ago in CONTACTS:
        contact = services.contact_create(actor=coordinator, organisation=orgs[code], data={
            "name": name, "function": function, "email": email, "phone": phone, "languages": languages})
        if days_ago is not None:
            services.contact_consent_record(actor=coordinator, contact=contact,
                                            given_on=today - timedelta(days=days_ago), expected_version=contact.version)
        created += 1
    services.agreement_create(actor=coordinator, organisation=orgs["CARDEMO"], kind="hosting",
                              valid_from=today.replace(month=1, day=1), valid_until=today.replace(month=12, day=31),
                              note="Raum 2, dienstags und donnerstags")
    services.agreement_create(actor=coordinator, organisation=orgs["DRKDEMO"], kind="cooperation",
                              valid_from=today - timedelta(days=400))
    created += 2
    askers = {"ABH07211": network.users["authority"], "CARDEMO": network.users["partner"]}
    centre = orgs["DKR"]
    for code, subject, category, urgency, text, answer, days_ago in ANSWERED:
        question = _ask(askers[code], orgs[code], centre, subject, category, urgency, text, days_ago)
        questions.message_post(actor=coordinator, question=question, text=answer, expected_version=question.version)
        _backdate_answer(question, days_ago)
        question.refresh_from_db()
        article = questions.article_create(actor=coordinator, question=question, data={
            "title": subject, "question_text": text, "answer_text": answer, "category": category,
            "tags": category})
        questions.article_publish(actor=coordinator, article=article, published=True,
                                  expected_version=article.version)
        created += 2
    for code, subject, category, urgency, text, days_ago in OPEN:
        _ask(askers[code], orgs[code], centre, subject, category, urgency, text, days_ago)
        created += 1
    return created


def _ask(actor, organisation, centre, subject, category, urgency, text, days_ago) -> ExpertQuestion:
    question = questions.question_ask(actor=actor, organisation=organisation, competence_centre=centre,
                                      subject=subject, category=category, urgency=urgency, text=text)
    # Demo history: the question was asked days ago (so that one is overdue).
    asked_at = timezone.now() - timedelta(days=days_ago)
    ExpertQuestion.objects.filter(pk=question.pk).update(asked_at=asked_at, due_on=due_on_for(asked_at, urgency))
    question.messages.update(posted_at=asked_at)
    question.refresh_from_db()
    return question


def _backdate_answer(question: ExpertQuestion, asked_days_ago: int) -> None:
    answered_at = timezone.now() - timedelta(days=max(asked_days_ago - 2, 0), hours=3)
    ExpertQuestion.objects.filter(pk=question.pk).update(answered_at=answered_at)
    question.messages.filter(from_centre=True).update(posted_at=answered_at)
