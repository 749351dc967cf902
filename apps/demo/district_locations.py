"""Demo data that lets the tour planner cover the whole state: a counselling location at the
Ausländerbehörde of each of the 36 districts, and IOM's mobile team as the planner sees it.

Each Ausländerbehörde (created by apps/demo/network.py) hosts return counselling one or two
weekdays a week at its public address. Six Landkreise have their administration in a
neighbouring kreisfreie Stadt (regions/data/README.md); their counselling day is held in a town
of the Landkreis itself (a Verbandsgemeinde's or town's hall), so that the location lies in
the district it serves. Addresses and coordinates are those of public buildings, written down
for this demo from the authorities' public contact pages (facts, no database copied; the
coordinates are rounded town-centre positions for travel estimates, not survey data).
They may have changed since: the demo never sends anyone there. A test checks that every
postcode lies in its district (apps/regions postcodes).

Idempotent: a location is created only when its name is missing in IOM's locations, a
planner profile only when the counsellor has none.
"""

from decimal import Decimal

from apps.demo.network import authority_code
from apps.mobile import services
from apps.mobile.models import CounsellingLocation
from apps.tours.models import PlannerCounsellor

# AGS, place (only where the counselling day is not held at the authority's seat), street,
# postcode, city, latitude, longitude, weekdays (0 = Monday)
AUTHORITY_LOCATIONS = [
    ("07111", "", "Willi-Hörter-Platz 1", "56068", "Koblenz", "50.3597", "7.5978", [1, 3]),
    ("07131", "", "Wilhelmstraße 24–30", "53474", "Bad Neuenahr-Ahrweiler", "50.5440", "7.1130", [0, 2]),
    ("07132", "", "Parkstraße 1", "57610", "Altenkirchen (Westerwald)", "50.6860", "7.6450", [1, 3]),
    ("07133", "", "Salinenstraße 47", "55543", "Bad Kreuznach", "49.8420", "7.8660", [2, 4]),
    ("07134", "", "Schneewiesenstraße 25", "55765", "Birkenfeld", "49.6500", "7.1650", [0, 3]),
    ("07135", "", "Endertplatz 2", "56812", "Cochem", "50.1470", "7.1630", [1, 4]),
    ("07137", "Andernach", "Läufstraße 11", "56626", "Andernach", "50.4390", "7.4010", [0, 2]),
    ("07138", "", "Wilhelm-Leuschner-Straße 9", "56564", "Neuwied", "50.4300", "7.4630", [1, 3]),
    ("07140", "", "Ludwigstraße 3–5", "55469", "Simmern/Hunsrück", "49.9830", "7.5230", [2, 4]),
    ("07141", "", "Insel Silberau 1", "56130", "Bad Ems", "50.3340", "7.7160", [0, 3]),
    ("07143", "", "Peter-Altmeier-Platz 1", "56410", "Montabaur", "50.4370", "7.8260", [1, 4]),
    ("07211", "", "Am Augustinerhof", "54290", "Trier", "49.7540", "6.6370", [0, 2]),
    ("07231", "", "Kurfürstenstraße 16", "54516", "Wittlich", "49.9860", "6.8930", [1, 3]),
    ("07232", "", "Trierer Straße 1", "54634", "Bitburg", "49.9670", "6.5270", [2, 4]),
    ("07233", "", "Mainzer Straße 25", "54550", "Daun", "50.1980", "6.8320", [0, 3]),
    ("07235", "Schweich", "Brückenstraße 26", "54338", "Schweich", "49.8220", "6.7520", [1, 4]),
    ("07311", "", "Rathausplatz 2–7", "67227", "Frankenthal (Pfalz)", "49.5340", "8.3540", [0, 2]),
    ("07312", "", "Willy-Brandt-Platz 1", "67657", "Kaiserslautern", "49.4430", "7.7710", [1, 3]),
    ("07313", "", "Marktstraße 50", "76829", "Landau in der Pfalz", "49.1990", "8.1180", [2, 4]),
    ("07314", "", "Rathausplatz 20", "67059", "Ludwigshafen am Rhein", "49.4810", "8.4410", [0, 3]),
    ("07315", "", "Kaiserstraße 3–5", "55116", "Mainz", "49.9990", "8.2660", [1, 4]),
    ("07316", "", "Marktplatz 1", "67433", "Neustadt an der Weinstraße", "49.3520", "8.1380", [0, 2]),
    ("07317", "", "Exerzierplatz 1", "66953", "Pirmasens", "49.2010", "7.6050", [1, 3]),
    ("07318", "", "Maximilianstraße 100", "67346", "Speyer", "49.3170", "8.4410", [2, 4]),
    ("07319", "", "Marktplatz 2", "67547", "Worms", "49.6310", "8.3620", [0, 3]),
    ("07320", "", "Herzogstraße 1", "66482", "Zweibrücken", "49.2480", "7.3620", [1, 4]),
    ("07331", "", "Ernst-Ludwig-Straße 36", "55232", "Alzey", "49.7460", "8.1160", [0, 2]),
    ("07332", "", "Philipp-Fauth-Straße 11", "67098", "Bad Dürkheim", "49.4610", "8.1720", [1, 3]),
    ("07333", "", "Uhlandstraße 2", "67292", "Kirchheimbolanden", "49.6640", "8.0120", [2, 4]),
    ("07334", "", "Luitpoldplatz 1", "76726", "Germersheim", "49.2220", "8.3660", [0, 3]),
    ("07335", "Landstuhl", "Kaiserstraße 49", "66849", "Landstuhl", "49.4130", "7.5700", [1, 4]),
    ("07336", "", "Trierer Straße 49–51", "66869", "Kusel", "49.5380", "7.3980", [0, 2]),
    ("07337", "Bad Bergzabern", "Königstraße 61", "76887", "Bad Bergzabern", "49.1030", "7.9990", [1, 3]),
    ("07338", "Schifferstadt", "Marktplatz 2", "67105", "Schifferstadt", "49.3850", "8.3750", [2, 4]),
    ("07339", "", "Georg-Rückert-Straße 11", "55218", "Ingelheim am Rhein", "49.9740", "8.0560", [0, 3]),
    ("07340", "Dahn", "Schulstraße 29", "66994", "Dahn", "49.1500", "7.7780", [1, 4]),
]

# persona or MOBILE_TEAM key → languages, maximum travel minutes per day (round trip)
MOBILE_PROFILES = {
    "mobile_koblenz": (["de", "en", "ar"], 240),
    "mobile_bitburg": (["de", "en", "fr"], 240),
    "mobile_kusel": (["de", "en", "tr"], 240),
    "mobile_ludwigshafen": (["de", "en", "ru", "uk"], 240),
}


def location_name(authority_name: str, place: str) -> str:
    return f"{authority_name}, Sprechtag {place}" if place else authority_name


def seed(network) -> int:
    """Create the missing locations and planner profiles; returns how many."""
    iom, lead = network.organisations["IOM"], network.users["team_lead"]
    existing = set(CounsellingLocation.objects.filter(organisation=iom).values_list("name", flat=True))
    created = 0
    for ags, place, street, postcode, city, latitude, longitude, weekdays in AUTHORITY_LOCATIONS:
        authority = network.organisations[authority_code(ags)]
        name = location_name(authority.name, place)
        if name in existing:
            continue
        # No opening hours: the day's hours are agreed per counselling day (the planner's
        # accepted days run 09:00–15:00), and apps/mobile/demo.py gives public days only to
        # premises with hours, so this stays independent of the order of the seeders.
        services.location_create(actor=lead, organisation=iom, data={
            "kind": CounsellingLocation.Kind.PARTNER_PREMISES, "name": name, "host": authority,
            "street": street, "postcode": postcode, "city": city, "district": network.districts[ags],
            "latitude": Decimal(latitude), "longitude": Decimal(longitude), "available_weekdays": weekdays,
            "demand_weight": Decimal("1"), "rooms": "Besprechungsraum der Ausländerbehörde",
            "accessibility": ["step_free", "waiting_area"], "contact_on_site": "Empfang (Demo)"})
        created += 1
    for key, (languages, max_travel) in MOBILE_PROFILES.items():
        user = network.users[key]
        membership = user.memberships.filter(organisation=iom).select_related("office").first()
        _row, new = PlannerCounsellor.objects.get_or_create(organisation=iom, user=user, defaults={
            "home_office": membership.office if membership else None, "languages": languages,
            "max_travel_minutes_per_day": max_travel})
        created += new
    return created
