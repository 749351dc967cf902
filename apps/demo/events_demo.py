"""Demo events of the Kompetenzzentrum (Diakonie): an upcoming information event that is full
with a waiting list, an upcoming online training, and a past exchange meeting with attendance,
feedback and certificates. Dates lie relative to the day of seeding; idempotent."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from apps.demo.network import DemoNetwork
from apps.events import services
from apps.events.models import Event, Registration

BASE_URL = "http://127.0.0.1:8000"
TITLES = ("Infoveranstaltung: Rückkehrförderung 2026 für Beratungsstellen",
          "Schulung für Rückkehrberatende der Ausländerbehörden: Reintegration",
          "Austauschtreffen Netzwerk Rückkehrberatung Rheinland-Pfalz")
PEOPLE = [("Anna Berger", "Flüchtlingsrat Mainz"), ("Jonas Weber", "Migrationsdienst Koblenz"),
          ("Leyla Demir", "Jugendmigrationsdienst Trier"), ("Marek Nowak", "Stadt Ludwigshafen"),
          ("Sofia Romano", "AWO Kaiserslautern"), ("Paul Schmidt", "Caritas Westerwald"),
          ("Hana Kovač", "Diakonisches Werk Pfalz"), ("Tariq Aziz", "Integrationsbeirat Worms")]


def _at(days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def _register_people(event: Event, people) -> list[Registration]:
    registrations = []
    for n, (name, organisation) in enumerate(people):
        email = name.lower().replace(" ", ".").replace("č", "c") + "@example.org"
        registration, _token = services.registration_create_public(
            event=event, name=name, organisation_name=organisation, email=email,
            accessibility_needs="Stufenloser Zugang" if n == 2 else "", consent=True, language="de",
            base_url=BASE_URL)
        registrations.append(registration)
    return registrations


def seed(network: DemoNetwork) -> int:
    return seed_events(network)


def seed_events(network: DemoNetwork) -> int:
    """Create the demo events; returns the rows created (0 on a second run)."""
    if Event.objects.filter(title__in=TITLES).exists():
        return 0
    coordinator, orgs = network.users["coordinator"], network.organisations
    diakonie = orgs["DKR"]
    mainz = network.districts.get("07315")
    full = services.event_create(actor=coordinator, organisation=diakonie, data={
        "title": TITLES[0], "kind": "information", "format": "in_person", "target_group": "network",
        "description": "Was ändert sich bei REAG/GARP und StarthilfePlus? Vorträge und Fragen aus der Praxis.",
        "starts_at": _at(14, 10), "ends_at": _at(14, 15), "place": "Haus der Diakonie",
        "address": "Kaiserstraße 37, 55116 Mainz", "district": mainz, "capacity": 5,
        "registration_deadline": _at(12, 18)})
    services.event_set_status(actor=coordinator, event=full, status="published")
    created = 1 + len(_register_people(full, PEOPLE[:7]))  # 5 places, 2 on the waiting list
    services.registration_create_for_user(actor=network.users["authority"], event=full, consent=True,
                                          base_url=BASE_URL)
    created += 1

    training = services.event_create(actor=coordinator, organisation=diakonie, data={
        "title": TITLES[1], "kind": "training", "format": "online", "target_group": "authorities",
        "description": "Reintegrationsplanung, Übergabe an Partner im Herkunftsland, Monitoring.",
        "starts_at": _at(30, 9), "ends_at": _at(30, 12), "online_link": "https://meet.example.org/rueckkehr-schulung",
        "capacity": 40})
    services.event_set_status(actor=coordinator, event=training, status="published")
    created += 1

    past = services.event_create(actor=coordinator, organisation=diakonie, data={
        "title": TITLES[2], "kind": "exchange", "format": "hybrid", "target_group": "network",
        "description": "Austausch über Fälle, Verweisberatung und die mobile Beratung im Norden.",
        "starts_at": _at(2, 13), "ends_at": _at(2, 17), "place": "Kompetenzzentrum Rückkehr",
        "address": "Mainz", "district": mainz, "online_link": "https://meet.example.org/austausch", "capacity": 20})
    services.event_set_status(actor=coordinator, event=past, status="published")
    attendees = _register_people(past, PEOPLE)
    partner, _token = services.registration_create_for_user(actor=network.users["partner"], event=past,
                                                            consent=True, base_url=BASE_URL)
    created += 1 + len(attendees) + 1
    # The meeting took place three weeks ago (registrations are only open before an event).
    Event.objects.filter(pk=past.pk).update(starts_at=_at(-21, 13), ends_at=_at(-21, 17))
    past.refresh_from_db()
    marks = {r.pk: Registration.Status.ATTENDED for r in attendees[:6] + [partner]}
    marks.update({r.pk: Registration.Status.NO_SHOW for r in attendees[6:]})
    services.attendance_mark(actor=coordinator, event=past, marks=marks)
    services.event_set_status(actor=coordinator, event=past, status="done")
    ratings = [(5, 5, "Sehr praxisnah, gerne wieder."), (4, 5, ""), (4, 3, "Mehr Zeit für Fallbesprechungen."),
               (5, 4, ""), (3, 4, "Online-Ton war schlecht."), (4, 4, "")]
    for registration, (overall, usefulness, comment) in zip(attendees, ratings, strict=False):
        registration.refresh_from_db()
        services.feedback_submit(registration=registration, overall=overall, usefulness=usefulness, comment=comment)
        created += 1
    return created
