"""Where a session took place (issue 11: sessions by district): set by the session service from
the channel, asked for on the form for mobile sessions, shown in the API, and mapped for the
sessions recorded before by a data migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from apps.cases import services
from apps.cases.models import CounsellingSession, SessionPlace
from apps.regions.models import District
from tests.factories import make_case

TRIER, SPEYER, MAINZ = "07211", "07318", "07315"


def district(ags):
    return District.objects.get(ags=ags)


def record(personas, case, **data):
    return services.session_record(actor=personas.counsellor, case=case,
                                   data={"language": "fa", **data},
                                   participants=[case.household.members.get(is_principal=True).person])


@pytest.fixture
def trier_office(personas):
    personas.trier.district = district(TRIER)
    personas.trier.save()
    return personas.trier


@pytest.mark.django_db
def test_office_session_takes_the_district_of_its_office(personas, iom_case, trier_office):
    session = record(personas, iom_case, channel="office", office=trier_office)
    assert (session.place, session.district.ags) == (SessionPlace.OFFICE, TRIER)


@pytest.mark.django_db
def test_office_without_a_district_leaves_the_place_unknown(personas, iom_case):
    session = record(personas, iom_case, channel="office", office=personas.speyer)
    assert (session.place, session.district) == (SessionPlace.UNKNOWN, None)


@pytest.mark.django_db
def test_mobile_session_takes_the_district_of_the_counselling_day(personas, iom_case):
    session = record(personas, iom_case, channel="mobile", district=district(SPEYER))
    assert (session.place, session.district.ags) == (SessionPlace.MOBILE_DAY, SPEYER)


@pytest.mark.django_db
def test_remote_session_takes_the_principal_clients_district_whatever_was_sent(personas, orgs):
    case = make_case(personas.counsellor, orgs.iom, district=district(MAINZ))
    session = record(personas, case, channel="phone", district=district(SPEYER))
    assert (session.place, session.district.ags) == (SessionPlace.CLIENT_DISTRICT, MAINZ)
    # Changing the channel moves the place with it.
    session = services.session_update(actor=personas.counsellor, session=session, expected_version=session.version,
                                      data={"channel": "mobile", "district": district(TRIER)})
    assert (session.place, session.district.ags) == (SessionPlace.MOBILE_DAY, TRIER)


@pytest.mark.django_db
def test_remote_session_of_a_client_without_district_is_unknown(personas, iom_case):
    session = record(personas, iom_case, channel="video")
    assert (session.place, session.district) == (SessionPlace.UNKNOWN, None)


@pytest.mark.django_db
def test_session_form_asks_for_the_district_of_a_mobile_session(client, personas, iom_case):
    client.force_login(personas.counsellor)
    counsellor_client = client
    url = reverse("cases:session_create", args=[iom_case.pk])
    base = {"started_at": "2026-11-24T10:00", "duration_minutes": 50, "channel": "mobile", "language": "fa",
            "participants": [iom_case.household.members.get().person_id]}
    response = counsellor_client.post(url, base)
    assert response.status_code == 200
    assert "Choose the district where the mobile counselling day took place." in response.content.decode()
    assert counsellor_client.post(url, {**base, "district": district(SPEYER).pk}).status_code == 302
    session = CounsellingSession.objects.get()
    assert (session.place, session.district.ags) == (SessionPlace.MOBILE_DAY, SPEYER)


# --- The data migration ------------------------------------------------------------------------

BEFORE = [("cases", "0006_session_place")]
AFTER = [("cases", "0007_map_session_places")]


@pytest.mark.django_db(transaction=True)
def test_data_migration_maps_what_it_can_and_leaves_the_rest_unknown(personas, orgs):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Session, Office = old.get_model("cases", "CounsellingSession"), old.get_model("accounts", "Office")
    Case, Household = old.get_model("cases", "Case"), old.get_model("clients", "Household")
    Person, Member = old.get_model("clients", "Person"), old.get_model("clients", "HouseholdMember")
    District_ = old.get_model("regions", "District")
    ags = {d.ags: d for d in District_.objects.all()}
    office = Office.objects.create(organisation_id=orgs.iom.pk, name="Beratung Trier", kind="office",
                                   district=ags[TRIER])
    bare_office = Office.objects.create(organisation_id=orgs.iom.pk, name="Ohne Kreis", kind="office")
    household = Household.objects.create(organisation_id=orgs.iom.pk)
    client = Person.objects.create(organisation_id=orgs.iom.pk, family_name="A", district=ags[MAINZ])
    Member.objects.create(household=household, person=client, is_principal=True, relationship="principal")
    case = Case.objects.create(organisation_id=orgs.iom.pk, reference="IOM-1", number=1, household=household)

    def session(channel, office=None, location=""):
        return Session.objects.create(case=case, counsellor_id=personas.counsellor.pk, channel=channel,
                                      office=office, location=location, language="fa").pk
    expected = {
        session("office", office): ("office", TRIER),
        session("phone"): ("client_district", MAINZ),
        session("video", location="Speyer"): ("client_district", MAINZ),     # remote: the client, not the text
        session("mobile", location="Rathaus 54290 Trier"): ("mobile_day", TRIER),         # postcode
        session("mobile", location="Gemeindehaus Trier-Saarburg"): ("mobile_day", "07235"),  # longer name wins
        session("mobile", location="Caritas Speyer"): ("mobile_day", SPEYER),
        session("mobile", location="Kaiserslautern"): ("unknown", None),     # city and Landkreis: ambiguous
        session("mobile", location="Bitburg, Bürgerhaus"): ("mobile_day", "07232"),   # the seat of a Landkreis
        session("mobile", location="Gemeindesaal"): ("unknown", None),
        session("office", bare_office, location="Mainz"): ("office", MAINZ),
        session("office", bare_office): ("unknown", None),
        session("virtual_origin_country"): ("client_district", MAINZ),
    }
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    mapped = {pk: (place, district_ags) for pk, place, district_ags
              in CounsellingSession.objects.values_list("pk", "place", "district__ags")}
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("cases"))       # leave the schema as it was
    assert mapped == expected


def test_ambiguous_free_text_is_not_guessed():
    from importlib import import_module

    migration = import_module("apps.cases.migrations.0007_map_session_places")
    districts = [(1, "Trier", "Trier"), (2, "Trier-Saarburg", "Trier"), (3, "Kaiserslautern", "Kaiserslautern"),
                 (4, "Kaiserslautern", "Kaiserslautern")]
    assert migration.district_for_location("AfA Trier", districts, {}) == 1
    assert migration.district_for_location("Saarburg", districts, {}) is None
    assert migration.district_for_location("KL, Kaiserslautern", districts, {}) is None
    assert migration.district_for_location("Am Markt 1, 54290", districts, {"54290": {1}}) == 1
    assert migration.district_for_location("67655", districts, {"67655": {3, 4}}) is None
