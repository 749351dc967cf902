"""Demo data of mobile counselling: a location at every AfA, twelve partner premises across
RLP, two hosting requests of the demo partner (one accepted, one open) and counselling days
with slots in the next four weeks (weekly at four places, fortnightly at every partner
premises). Every name is fictitious. Idempotent."""

from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.mobile import services
from apps.mobile.models import CounsellingLocation, HostingRequest, MobileCounsellingDay
from apps.regions.holidays import is_public_holiday

PREMISES = CounsellingLocation.Kind.PARTNER_PREMISES
# name, district AGS, postcode, city, weekdays, demand weight
PARTNER_PREMISES = [
    ("Gemeindezentrum St. Beispiel Koblenz (Demo)", "07111", "56068", "Koblenz", [1, 3], "6"),
    ("Integrationsbüro Westerwald (Demo)", "07143", "56410", "Montabaur", [2], "3"),
    ("Familienzentrum Neuwied-Nord (Demo)", "07138", "56564", "Neuwied", [0, 3], "4"),
    ("Bürgerhaus Mayen (Demo)", "07137", "56727", "Mayen", [1], "3"),
    ("Diakonieladen Bad Kreuznach (Demo)", "07133", "55543", "Bad Kreuznach", [2, 4], "4"),
    ("Migrationsdienst Idar-Oberstein (Demo)", "07134", "55743", "Idar-Oberstein", [3], "2"),
    ("Stadtteiltreff Mainz-Neustadt (Demo)", "07315", "55118", "Mainz", [0, 2, 4], "8"),
    ("Begegnungscafé Worms (Demo)", "07319", "67547", "Worms", [1], "4"),
    ("Sozialzentrum Ludwigshafen-Mitte (Demo)", "07314", "67059", "Ludwigshafen am Rhein", [0, 3], "7"),
    ("Nachbarschaftshaus Kaiserslautern (Demo)", "07312", "67655", "Kaiserslautern", [2], "5"),
    ("Pfarrheim Pirmasens (Demo)", "07317", "66953", "Pirmasens", [4], "3"),
    ("Mehrgenerationenhaus Wittlich (Demo)", "07231", "54516", "Wittlich", [1], "2"),
]
# premises, street, postcode, city, district AGS, frequency, expected clients, languages, accepted
REQUESTS = [
    ("Caritas-Treffpunkt Konz (Demo)", "Granastraße 24", "54329", "Konz", "07235", "fortnightly", 6,
     ["fa", "ar"], True),
    ("Caritas-Sprechzimmer Saarburg (Demo)", "Graf-Siegfried-Straße 32", "54439", "Saarburg", "07235", "monthly",
     4, ["ru", "uk"], False),
]
DEMO_DAYS = 4  # locations that get a counselling day each week of the next four weeks


def _afa_locations(network, iom, lead) -> tuple[list[CounsellingLocation], int]:
    locations, created = [], 0
    for office in network.offices.values():
        if office.organisation_id != iom.pk or office.kind != "reception_facility":
            continue
        location = CounsellingLocation.objects.filter(organisation=iom, office=office).first()
        if location is None:
            district = getattr(office, "district", None) or network.districts.get("07211")
            location = services.location_create(actor=lead, organisation=iom, data={
                "kind": CounsellingLocation.Kind.RECEPTION_FACILITY, "name": office.name, "office": office,
                "street": office.street, "postcode": office.postcode, "city": getattr(office, "city", ""),
                "district": district, "available_weekdays": [0, 1, 2, 3, 4], "demand_weight": Decimal("10"),
                "accessibility": ["step_free", "waiting_area"]})
            created += 1
        locations.append(location)
    return locations, created


def _partner_premises(network, iom, lead) -> int:
    created = 0
    for name, ags, postcode, city, weekdays, weight in PARTNER_PREMISES:
        if CounsellingLocation.objects.filter(organisation=iom, name=name).exists():
            continue
        services.location_create(actor=lead, organisation=iom, data={
            "kind": PREMISES, "name": name, "district": network.districts[ags], "postcode": postcode, "city": city,
            "available_weekdays": weekdays, "available_from": time(9), "available_to": time(16),
            "demand_weight": Decimal(weight), "rooms": "1 Beratungsraum", "accessibility": ["waiting_area"],
            "contact_on_site": "Empfang (Demo)"})
        created += 1
    return created


def _requests(network, iom, lead) -> int:
    partner_org, partner = network.organisations["CARDEMO"], network.users["partner"]
    created = 0
    for name, street, postcode, city, ags, frequency, clients, languages, accept in REQUESTS:
        if HostingRequest.objects.filter(premises_name=name).exists():
            continue
        request = services.hosting_request_submit(
            actor=partner, requesting_organisation=partner_org, counselling_organisation=iom, data={
                "premises_name": name, "street": street, "postcode": postcode, "city": city,
                "district": network.districts[ags], "frequency": frequency,
                "expected_clients": clients, "languages": languages, "preferred_weekdays": [1, 3],
                "message": "Wir haben einen ruhigen Raum und einen Wartebereich. (Demo)"})
        created += 1
        if accept:
            services.hosting_request_accept(actor=lead, hosting_request=request,
                                            response="Gern, wir planen Beratungstage ein. (Demo)")
            created += 1
    return created


def _days(locations, lead, counsellor) -> int:
    created, today = 0, timezone.localdate()
    for index, location in enumerate(locations[:DEMO_DAYS]):
        for week in range(4):
            on = today + timedelta(days=7 * week + 1 + index)
            while on.weekday() >= 5 or is_public_holiday(on):
                on += timedelta(days=1)
            if MobileCounsellingDay.objects.filter(location=location, date=on).exists():
                continue
            # One counsellor on one location a day: the first location gets the counsellor.
            services.day_create(lead, location, {
                "date": on, "starts_at": time(9, 30), "ends_at": time(13), "slot_minutes": 45,
                "buffer_minutes": 15, "interpreter_languages": ["fa", "ar"], "is_public": True},
                [counsellor] if index == 0 else [])
            created += 1
    return created


def _premises_days(premises, lead) -> int:
    """Every partner premises gets a public counselling day in the next fortnight and the one
    after, on its first available weekday: the portal then shows days across the state."""
    created, today = 0, timezone.localdate()
    for location in premises:
        weekday = (location.available_weekdays or [0])[0]
        first = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
        for on in (first, first + timedelta(days=14)):
            if on.weekday() >= 5 or is_public_holiday(on):
                continue
            if MobileCounsellingDay.objects.filter(location=location, date=on).exists():
                continue
            services.day_create(lead, location, {
                "date": on, "starts_at": time(10), "ends_at": time(14), "slot_minutes": 45,
                "buffer_minutes": 15, "interpreter_languages": ["ar", "fa", "ru"], "is_public": True}, [])
            created += 1
    return created


@transaction.atomic
def seed(network) -> int:
    iom, lead = network.organisations["IOM"], network.users["team_lead"]
    afa, created = _afa_locations(network, iom, lead)
    created += _partner_premises(network, iom, lead)
    created += _requests(network, iom, lead)
    others = list(CounsellingLocation.objects.filter(organisation=iom, kind=PREMISES).order_by("name"))
    created += _days(afa + others, lead, network.users["counsellor"])
    created += _premises_days([loc for loc in others if loc.available_from], lead)
    return created
