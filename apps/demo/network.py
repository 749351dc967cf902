"""The demo network: organisations, offices and one user per persona (DESIGN.md §1).

Created with get_or_create on stable codes and e-mail addresses, so running the seed again
changes nothing. Names of partner branches and of all people are invented; the real
institutions appear only under their public names (IOM, Diakonie, the ministry, the
Ausländerbehörden of the districts) without any real person attached.
"""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from apps.accounts.models import Membership, Office, Organisation, Role, User
from apps.regions.models import District

DEMO_PASSWORD = "ReturnNet-Demo-2026"

K = Organisation.Kind
OK = Office.Kind

# code, name, kind, district AGS
ORGANISATIONS = [
    ("IOM", "IOM Rheinland-Pfalz", K.COUNSELLING_PROVIDER, None),
    ("DKR", "Diakonie Kompetenzzentrum Rückkehr", K.COMPETENCE_CENTRE, "07315"),
    ("CARDEMO", "Caritas Migrationsdienst Trier-Mosel (Demo)", K.PARTNER, "07211"),
    ("DRKDEMO", "DRK Kreisverband Westpfalz (Demo)", K.PARTNER, "07336"),
    ("AWODEMO", "AWO Migrationsberatung Vorderpfalz (Demo)", K.PARTNER, "07318"),
    ("SOZDEMO", "Sozialamt Ludwigshafen-Süd (Demo)", K.PARTNER, "07314"),
    ("MFFKI", "Ministerium für Familie, Frauen, Kultur und Integration", K.FUNDER, None),
    ("AMIF", "AMIF (EU)", K.FUNDER, None),
]

# organisation code, office name, kind, district AGS, postcode, city
OFFICES = [
    ("IOM", "AfA Trier", OK.RECEPTION_FACILITY, "07211", "54290", "Trier"),
    ("IOM", "AfA Hermeskeil", OK.RECEPTION_FACILITY, "07235", "54411", "Hermeskeil"),
    ("IOM", "AfA Kusel", OK.RECEPTION_FACILITY, "07336", "66869", "Kusel"),
    ("IOM", "AfA Speyer", OK.RECEPTION_FACILITY, "07318", "67346", "Speyer"),
    ("IOM", "AfA Bitburg", OK.RECEPTION_FACILITY, "07232", "54634", "Bitburg"),
    ("IOM", "Beratungsstelle Ludwigshafen", OK.OFFICE, "07314", "67059", "Ludwigshafen am Rhein"),
    ("IOM", "Beratungsstelle Koblenz", OK.OFFICE, "07111", "56068", "Koblenz"),
    ("IOM", "Hotline Rückkehrberatung", OK.HOTLINE, None, "", ""),
    ("DKR", "Kompetenzzentrum Rückkehr Mainz", OK.OFFICE, "07315", "55116", "Mainz"),
    ("CARDEMO", "Caritas-Beratungszentrum Trier-West (Demo)", OK.PARTNER_PREMISES, "07211", "54294", "Trier"),
    ("DRKDEMO", "DRK-Begegnungsstätte Kusel (Demo)", OK.PARTNER_PREMISES, "07336", "66869", "Kusel"),
    ("AWODEMO", "AWO-Treffpunkt Speyer-Nord (Demo)", OK.PARTNER_PREMISES, "07318", "67346", "Speyer"),
    ("SOZDEMO", "Bürgerbüro Ludwigshafen-Süd (Demo)", OK.PARTNER_PREMISES, "07314", "67061",
     "Ludwigshafen am Rhein"),
]
AFA_OFFICES = ("AfA Trier", "AfA Hermeskeil", "AfA Kusel", "AfA Speyer", "AfA Bitburg")

# key, e-mail, full name, organisation code, role, office name
PERSONAS = [
    ("counsellor", "beratung.trier@iom.demo", "Jana Beispiel", "IOM", "counsellor", "AfA Trier"),
    ("counsellor_speyer", "beratung.speyer@iom.demo", "Deniz Muster", "IOM", "counsellor", "AfA Speyer"),
    ("team_lead", "teamleitung@iom.demo", "Sabine Exempel", "IOM", "team_lead", None),
    ("hotline", "hotline@iom.demo", "Tobias Probe", "IOM", "hotline_agent", "Hotline Rückkehrberatung"),
    ("iom_dpo", "datenschutz@iom.demo", "Petra Vorlage", "IOM", "data_protection_officer", None),
    # The second officer: an erasure that is not yet due needs two (apps.demo.privacy_demo).
    ("iom_dpo_second", "datenschutz2@iom.demo", "Jonas Zweitblick", "IOM", "data_protection_officer", None),
    ("iom_admin", "admin@iom.demo", "Karl Verwalter", "IOM", "org_admin", None),
    ("network_admin", "listen@iom.demo", "Nora Listenreich", "IOM", "network_admin", None),
    ("coordinator", "koordination@diakonie.demo", "Lukas Beispielmann", "DKR", "network_coordinator", None),
    ("diakonie_counsellor", "beratung@diakonie.demo", "Miriam Musterfrau", "DKR", "counsellor",
     "Kompetenzzentrum Rückkehr Mainz"),
    ("authority", "abh.trier@behoerde.demo", "Klaus Amtmann", "ABH07211", "authority_counsellor", None),
    ("partner", "caritas@partner.demo", "Eva Helferin", "CARDEMO", "partner_staff", None),
    ("statistics", "statistik@mffki.demo", "Stefan Zahl", "MFFKI", "statistics_viewer", None),
]
# IOM's mobile team beyond the two AfA counsellors: homed in the north, the west and the
# Palatinate, so that every district lies within a day's round trip of one of them (the
# tour planner's limit, apps/demo/district_locations.py). Same roles and password as the
# personas; not in the sign-in table (they add nothing a persona does not show).
MOBILE_TEAM = [
    ("mobile_koblenz", "mobil.koblenz@iom.demo", "Lea Unterwegs", "IOM", "counsellor", "Beratungsstelle Koblenz"),
    ("mobile_bitburg", "mobil.bitburg@iom.demo", "Paul Fahrtenbuch", "IOM", "counsellor", "AfA Bitburg"),
    ("mobile_kusel", "mobil.kusel@iom.demo", "Selin Reisemann", "IOM", "counsellor", "AfA Kusel"),
    ("mobile_ludwigshafen", "mobil.ludwigshafen@iom.demo", "Ole Vorort", "IOM", "counsellor",
     "Beratungsstelle Ludwigshafen"),
]


def authority_code(ags: str) -> str:
    return f"ABH{ags}"


def authority_names(districts) -> dict[str, str]:
    """AGS → "Ausländerbehörde <district>". Where a city and a rural district share a name
    (Kaiserslautern), "Stadt"/"Landkreis" keeps organisation names unique."""
    counts: dict[str, int] = {}
    for district in districts:
        counts[district.name] = counts.get(district.name, 0) + 1
    result = {}
    for district in districts:
        name = district.name
        if counts[name] > 1:
            prefix = "Stadt" if district.kind == District.Kind.INDEPENDENT_CITY else "Landkreis"
            name = f"{prefix} {name}"
        result[district.ags] = f"Ausländerbehörde {name}"
    return result


@dataclass
class DemoNetwork:
    organisations: dict[str, Organisation]
    offices: dict[str, Office]
    users: dict[str, User]
    districts: dict[str, District]
    created: dict[str, int] = field(default_factory=dict)

    @property
    def authorities(self) -> dict[str, Organisation]:
        """District AGS → its Ausländerbehörde."""
        return {ags: self.organisations[authority_code(ags)] for ags in self.districts}


@transaction.atomic
def ensure_network(*, password: str = DEMO_PASSWORD) -> DemoNetwork:
    """Create whatever part of the demo network is missing; never change existing rows."""
    districts = {d.ags: d for d in District.objects.all()}
    if len(districts) < 36:
        raise RuntimeError("The districts are missing; run `manage.py migrate` first.")
    created = {"organisations": 0, "offices": 0, "users": 0}
    organisations = {}
    rows = [(code, name, kind, ags) for code, name, kind, ags in ORGANISATIONS]
    rows += [(authority_code(ags), name, K.AUTHORITY, ags)
             for ags, name in authority_names(districts.values()).items()]
    for code, name, kind, ags in rows:
        org, new = Organisation.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "district": districts.get(ags)}
        )
        organisations[code] = org
        created["organisations"] += new
    offices = {}
    for org_code, name, kind, ags, postcode, city in OFFICES:
        office, new = Office.objects.get_or_create(
            organisation=organisations[org_code], name=name,
            defaults={"kind": kind, "district": districts.get(ags), "postcode": postcode, "city": city},
        )
        offices[name] = office
        created["offices"] += new
    roles = {role.code: role for role in Role.objects.all()}
    users = {}
    hashed = None  # one hash for every demo user: hashing is made to be slow
    for key, email, full_name, org_code, role_code, office_name in PERSONAS + MOBILE_TEAM:
        user = User.objects.filter(email=email).first()
        if user is None:
            hashed = hashed or make_password(password)
            user = User.objects.create(email=email, full_name=full_name, password=hashed)
            created["users"] += 1
        Membership.objects.get_or_create(
            user=user, organisation=organisations[org_code],
            defaults={"role": roles[role_code], "office": offices.get(office_name)},
        )
        users[key] = user
    return DemoNetwork(organisations, offices, users, districts, created)


def sign_in_table() -> list[tuple[str, str, str]]:
    """(e-mail, persona, organisation) for the summary the command prints."""
    names = {code: name for code, name, _kind, _ags in ORGANISATIONS}
    names["ABH07211"] = "Ausländerbehörde Trier"
    return [(email, role, names[org]) for _key, email, _name, org, role, _office in PERSONAS]
