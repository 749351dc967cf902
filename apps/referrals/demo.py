"""Demo data of the referrals app: a fictitious service directory across RLP, two referrals
on the Trier counsellor's showcase cases (one sent to the demo partner, so that its user has
an inbox) and one incoming referral from the demo partner to IOM. Idempotent."""

from django.db import transaction

from apps.accounts.models import Organisation
from apps.cases.models import Case
from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.referrals import services
from apps.referrals.models import IncomingReferral, Referral, Service, ServiceType
from apps.referrals.service_types import ensure_service_types

PARTNER = "partner"  # the demo network's partner persona (Caritas, demo)
# name, provider (demo organisation code, or the name of a fictitious one), types, district AGS
# (empty: statewide), languages, postcode, city
SERVICES = [
    ("Rechtsberatung für Geflüchtete Trier (fiktiv)", PARTNER, ["legal_advice", "asylum_procedure"],
     ["07211", "07235"], ["de", "fa", "ar", "en"], "54290", "Trier"),
    ("Kinder- und Jugendberatung Trier-West (fiktiv)", PARTNER, ["child_youth_welfare"], ["07211"],
     ["de", "ar", "tr"], "54294", "Trier"),
    ("Asylverfahrensberatung Mainz (fiktiv)", "Beispiel-Flüchtlingshilfe Mainz (fiktiv)", ["asylum_procedure"],
     ["07315", "07339"], ["de", "en", "fr", "ti"], "55116", "Mainz"),
    ("Psychosoziales Zentrum Vorderpfalz (fiktiv)", "Beispiel-Traumazentrum Pfalz (fiktiv)", ["psychosocial"],
     ["07314", "07318", "07338"], ["de", "ar", "fa", "ku"], "67059", "Ludwigshafen am Rhein"),
    ("Frauenschutzberatung Westpfalz (fiktiv)", "DRKDEMO", ["womens_protection"], ["07336", "07312"],
     ["de", "ru", "uk", "ar"], "66869", "Kusel"),
    ("Fachberatung gegen Menschenhandel (fiktiv)", "Beispiel-Fachstelle Menschenhandel RLP (fiktiv)",
     ["trafficking", "womens_protection"], [], ["de", "en", "ro", "ha", "yo"], "55116", "Mainz"),
    ("Schuldnerberatung Ludwigshafen (fiktiv)", "SOZDEMO", ["debt"], ["07314"], ["de", "tr"], "67061",
     "Ludwigshafen am Rhein"),
    ("Suchtberatung Kaiserslautern (fiktiv)", "Beispiel-Suchthilfe Westpfalz (fiktiv)", ["addiction"],
     ["07312", "07335"], ["de", "ru"], "67655", "Kaiserslautern"),
    ("Medizinische Sprechstunde ohne Versicherung (fiktiv)", "Beispiel-Praxisnetz Rheinhessen (fiktiv)",
     ["medical"], ["07315", "07331"], ["de", "en", "ar", "fa"], "55118", "Mainz"),
    ("Wohnraumberatung Koblenz (fiktiv)", "Beispiel-Wohnungshilfe Koblenz (fiktiv)", ["housing"], ["07111"],
     ["de", "sq", "sr"], "56068", "Koblenz"),
    ("Migrationsberatung Speyer (fiktiv)", "AWODEMO", ["other", "legal_advice"], ["07318"],
     ["de", "ar", "ps", "prs"], "67346", "Speyer"),
    ("Landesweite Beratung zu sexueller Orientierung und Geschlechtsidentität (fiktiv)",
     "Beispiel-Queernetz RLP (fiktiv)", ["psychosocial", "other"], [], ["de", "en", "fa", "ar"], "55116", "Mainz"),
]


def _provider(network, key: str) -> dict:
    if key == PARTNER:
        user = network.users[PARTNER]
        return {"provider": user.memberships.filter(is_active=True).first().organisation}
    if key in network.organisations:
        return {"provider": network.organisations[key]}
    existing = Organisation.objects.filter(name=key).first()
    return {"provider": existing} if existing else {"provider_name": key}


def _seed_services(network, actor) -> tuple[int, dict[str, Service]]:
    types = {t.code: t for t in ServiceType.objects.all()}
    created, by_name = 0, {}
    for name, provider, type_codes, ags_list, languages, postcode, city in SERVICES:
        service = Service.objects.filter(name=name).first()
        if service is None:
            new_provider = _provider(network, provider)
            service = services.service_create(
                actor=actor, service_types=[types[c] for c in type_codes],
                districts=[network.districts[a] for a in ags_list if a in network.districts],
                data={"name": name, "statewide": not ags_list, "languages": languages,
                      "street": "Beispielstraße 1", "postcode": postcode, "city": city,
                      "phone": "+49 000 0000000", "email": "beratung@beispiel.example",
                      "opening_hours": "Mo–Do 9–16 Uhr (fiktiv)",
                      "accessibility": "Barrierefreier Zugang (fiktive Angabe)",
                      "notes": "Fiktiver Eintrag für die Demo."},
                **new_provider,
            )
            created += 1 + ("provider_name" in new_provider)
        by_name[name] = service
    return created, by_name


def _showcase_cases(network) -> list[Case]:
    counsellor = network.users["counsellor"]
    return list(Case.objects.filter(organisation=network.organisations["IOM"], assigned_counsellors=counsellor)
                .select_related("household").order_by("-opened_at", "-id")[:2])


def _seed_referrals(network, by_name: dict[str, Service]) -> int:
    counsellor, created = network.users["counsellor"], 0
    plans = [(SERVICES[0][0], True), (SERVICES[3][0], False)]
    for case, (service_name, send) in zip(_showcase_cases(network), plans, strict=False):
        service = by_name[service_name]
        if Referral.objects.filter(case=case, service=service).exists():
            continue
        person = case.household.members.get(is_principal=True).person
        referral = services.referral_create(
            actor=counsellor, case=case, service=service, person=person,
            reason="Fiktiv: Beratung zu den Möglichkeiten im laufenden Verfahren gewünscht.",
            shared_fields=["name", "languages", "phone", "reason"])
        created += 1
        if send:
            client_services.consent_record(actor=counsellor, person=person, data={
                "purpose": Consent.Purpose.REFERRAL, "recipient": service.provider, "form": "written",
                "language": "de", "notes": "Fiktive Einwilligung (Demo)."})
            services.referral_send(actor=counsellor, referral=referral)
            created += 2  # the consent and the follow-up task
    return created


def _seed_incoming(network) -> int:
    partner = network.users[PARTNER]
    organisation = partner.memberships.filter(is_active=True).first().organisation
    if IncomingReferral.objects.filter(from_organisation=organisation).exists():  # names are encrypted
        return 0
    services.incoming_submit(
        actor=partner, from_organisation=organisation, to_organisation=network.organisations["IOM"],
        data={"family_name": "Beispiel", "given_names": "Amal (fiktiv)", "language": "ar",
              "district": network.districts.get("07211"), "phone": "+49 651 0000000",
              "reason": "Fiktiv: Die Person möchte sich über eine freiwillige Rückkehr informieren.",
              "urgency": "normal", "consent_confirmed": True, "consent_form": "written"},
    )
    return 1


@transaction.atomic
def seed(network) -> int:
    """Create what is missing; returns how many rows were created (0 on a second run)."""
    created = ensure_service_types()
    actor = network.users["coordinator"]
    services_created, by_name = _seed_services(network, actor)
    return created + services_created + _seed_referrals(network, by_name) + _seed_incoming(network)
