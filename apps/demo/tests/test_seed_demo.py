import random
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from apps.accounts.models import Membership, Office, Organisation, User
from apps.audit.testing import append_only_guard_lifted  # noqa: F401 - fixture
from apps.cases import services as case_services
from apps.cases.models import Case, CaseSequence, CaseStatus, CaseStatusChange, CounsellingSession, Task
from apps.cases.selectors import CaseFilters, search_cases
from apps.cases.services import TRANSITIONS
from apps.clients import names
from apps.clients.models import Consent, Household, HouseholdMember, Person, PersonLanguage, PersonNameToken
from apps.core.fields import PREFIX, decrypt
from apps.demo.generator import CaseGenerator
from apps.demo.network import DEMO_PASSWORD, PERSONAS, ensure_network
from apps.demo.seeding import _postcodes
from apps.demo.tables import Tables
from apps.regions.models import District
from tests.factories import ensure_reference_data

SEEDED_MODELS = (Organisation, Office, User, Membership, Person, PersonNameToken, PersonLanguage, Household,
                 HouseholdMember, Consent, Case, CaseStatusChange, CounsellingSession, Task, CaseSequence)


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded(db, fast_hashing):
    call_command("seed_demo", cases=30, verbosity=0)


def counts():
    return {model.__name__: model.objects.count() for model in SEEDED_MODELS}


def test_it_creates_the_network_and_one_user_per_persona(seeded):
    authorities = Organisation.objects.filter(kind=Organisation.Kind.AUTHORITY)
    assert authorities.count() == 36
    all_ags = District.objects.values_list("ags", flat=True)
    assert {org.code for org in authorities} == {f"ABH{ags}" for ags in all_ags}
    assert all(org.district.ags == org.code[3:] for org in authorities.select_related("district"))
    assert Organisation.objects.get(code="ABH07211").name == "Ausländerbehörde Trier"

    iom = Organisation.objects.get(code="IOM")
    assert iom.name == "IOM Rheinland-Pfalz" and iom.kind == Organisation.Kind.COUNSELLING_PROVIDER
    assert Organisation.objects.get(code="DKR").kind == Organisation.Kind.COMPETENCE_CENTRE
    assert Organisation.objects.filter(kind=Organisation.Kind.PARTNER).count() >= 4
    assert set(Organisation.objects.filter(kind=Organisation.Kind.FUNDER).values_list("code", flat=True)) >= {
        "MFFKI", "AMIF"}

    afa = Office.objects.filter(organisation=iom, kind=Office.Kind.RECEPTION_FACILITY)
    assert {(o.city, o.district.ags) for o in afa.select_related("district")} == {
        ("Trier", "07211"), ("Hermeskeil", "07235"), ("Kusel", "07336"), ("Speyer", "07318"),
        ("Bitburg", "07232"),
    }
    offices = Office.objects.filter(organisation=iom, kind=Office.Kind.OFFICE)
    assert set(offices.values_list("district__ags", flat=True)) == {"07314", "07111"}
    assert Office.objects.filter(organisation=iom, kind=Office.Kind.HOTLINE).exists()

    for _key, email, _name, org_code, role, _office in PERSONAS:
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert Membership.objects.filter(user=user, organisation__code=org_code, role__code=role).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("append_only_guard_lifted")
def test_the_summary_counts_the_programmes_and_leaves_no_mail_for_the_worker_to_print(fast_hashing):
    """The demo's notifications are delivered during seeding (into memory): queued, the worker
    `make run` starts next would print them as raw e-mails over the summary. Transactional:
    the seeders' commits must really happen, as the notifications are queued on commit."""
    from django_tasks_db.models import DBTaskResult

    from apps.jobs.models import OutboundMessage
    from apps.programmes.models import Programme, ProgrammeVersion

    ensure_reference_data()  # an earlier transactional test may have emptied the tables
    out = StringIO()
    call_command("seed_demo", cases=5, stdout=out)
    summary = out.getvalue()
    assert f"Programmes: {Programme.objects.count()} with {ProgrammeVersion.objects.count()} versions" in summary
    assert Programme.objects.count() >= 3 and "programmes 0" not in summary
    assert "district locations 40" in summary  # 36 authorities' locations, 4 planner profiles
    assert OutboundMessage.objects.count() >= 20
    assert not OutboundMessage.objects.exclude(status=OutboundMessage.Status.SENT).exists()
    assert not DBTaskResult.objects.exists()
    assert "Content-Type" not in summary and "Subject:" not in summary


def test_running_it_again_creates_nothing_and_a_larger_count_adds_only_the_missing_cases(seeded):
    before = counts()
    assert before["Case"] == 30
    call_command("seed_demo", cases=30, verbosity=0)
    assert counts() == before
    call_command("seed_demo", cases=35, verbosity=0)
    assert Case.objects.count() == 35


def test_every_person_has_the_name_tokens_the_services_would_build(seeded):
    persons = Person.objects.prefetch_related("name_tokens")
    assert persons.count() >= 30
    for person in persons:
        stored = {t.token for t in person.name_tokens.all()}
        assert stored == names.person_tokens(person.family_name, person.given_names, person.name_variants)


def test_seeded_cases_are_found_by_the_case_search(seeded):
    lead = User.objects.get(email="teamleitung@iom.demo")
    case = Case.objects.filter(organisation__code="IOM").first()
    principal = case.household.members.get(is_principal=True).person
    found = search_cases(lead, CaseFilters(query=principal.family_name))
    assert case in found


def test_case_numbering_continues_after_seeding(seeded):
    iom = Organisation.objects.get(code="IOM")
    year = timezone.localdate().year
    for (org_id, case_year), numbers in _numbers_by_sequence().items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        assert CaseSequence.objects.get(organisation_id=org_id, year=case_year).last_number == len(numbers)
    sequence = CaseSequence.objects.filter(organisation=iom, year=year).first()
    last = sequence.last_number if sequence else 0
    counsellor = User.objects.get(email="beratung.trier@iom.demo")
    household = Household.objects.filter(organisation=iom).first()
    case = case_services.case_open(actor=counsellor, household=household)
    assert case.number == last + 1
    assert case.reference == f"IOM-{year}-{last + 1:06d}"


def _numbers_by_sequence():
    result = {}
    for org_id, reference, number in Case.objects.values_list("organisation_id", "reference", "number"):
        result.setdefault((org_id, int(reference.split("-")[1])), []).append(number)
    return result


def test_session_texts_are_encrypted_in_the_table(seeded):
    sessions = list(CounsellingSession.objects.all())
    assert sessions
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, summary, next_steps FROM cases_counsellingsession")
        raw = {pk: (summary, next_steps) for pk, summary, next_steps in cursor.fetchall()}
    for session in sessions:
        summary, next_steps = raw[session.pk]
        assert summary.startswith("fernet:") and next_steps.startswith("fernet:")
        assert decrypt(summary) == session.summary and session.summary.startswith("Demo-Eintrag.")


def test_seeded_rows_pass_model_validation(seeded):
    for model in (Person, PersonLanguage, Household, HouseholdMember, Consent, Case, CaseStatusChange,
                  CounsellingSession, Task):
        for obj in model.objects.all():
            obj.full_clean()


def test_status_histories_follow_the_workflow(seeded):
    statuses = set()
    for case in Case.objects.prefetch_related("status_changes"):
        changes = list(case.status_changes.all())
        assert changes[0].from_status == "" and changes[0].to_status == CaseStatus.NEW
        for change in changes[1:]:
            allowed = TRANSITIONS[change.from_status] | {CaseStatus.CLOSED}
            assert change.to_status in allowed
        assert changes[-1].to_status == case.status
        assert (case.status == CaseStatus.CLOSED) == bool(case.outcome) == (case.closed_at is not None)
        if any(c.to_status == CaseStatus.APPLICATION for c in changes):
            principal = case.household.members.get(is_principal=True).person_id
            assert Consent.objects.filter(person_id=principal, purpose="disclosure_to_authority").exists()
        statuses.add(case.status)
    assert CaseStatus.CLOSED in statuses and len(statuses) >= 3


def test_the_trier_counsellor_has_something_on_the_home_page(seeded):
    counsellor = User.objects.get(email="beratung.trier@iom.demo")
    today = timezone.localdate()
    tasks = Task.objects.filter(assignee=counsellor, done_at__isnull=True)
    assert tasks.filter(due_date__lt=today).exists()
    assert tasks.filter(due_date__gte=today, due_date__lte=today + timedelta(days=7)).exists()
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    assert CounsellingSession.objects.filter(counsellor=counsellor, started_at__gte=start).exists()


def test_the_same_seed_generates_the_same_case(db, fast_hashing):
    network = ensure_network()
    now = timezone.now().replace(microsecond=0)
    generator = CaseGenerator(network, now=now, sessions="full", topic_ids={}, postcodes=_postcodes())

    def rows(index):
        generator.sequences = {}
        tables = Tables()
        generator.case(tables, random.Random(f"2026/{index}"), now - timedelta(days=40))
        # Encrypted values (a person's contacts, a session's texts) differ on every run: compare them decrypted.
        return [tuple(decrypt(v) if isinstance(v, str) and v.startswith(PREFIX) else v for v in row)
                for table in tables.all for row in table.rows]

    assert rows(7) == rows(7)
    assert rows(7) != rows(8)


def test_virtual_counselling_participants_consented_to_the_origin_country_partner(seeded):
    from apps.clients.selectors import persons_without_consent

    virtual = CounsellingSession.objects.filter(channel="virtual_origin_country").prefetch_related("participants")
    assert virtual.exists()
    for session in virtual:
        assert not persons_without_consent(session.participants.all(), Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER)
