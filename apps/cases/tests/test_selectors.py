from apps.cases import selectors
from apps.cases.selectors import CaseFilters
from tests.factories import make_case


def test_cases_visible_only_to_owning_organisation(personas, iom_case):
    assert iom_case in selectors.cases_visible_to(personas.counsellor)
    assert iom_case in selectors.cases_visible_to(personas.counsellor_speyer)
    for outsider in (personas.diakonie_counsellor, personas.coordinator, personas.authority,
                     personas.partner, personas.statistics, personas.iom_dpo, personas.iom_admin):
        assert iom_case not in selectors.cases_visible_to(outsider)


def test_restricted_cases_need_assignment_or_permission(personas, restricted_case):
    assert restricted_case in selectors.cases_visible_to(personas.counsellor)
    assert restricted_case in selectors.cases_visible_to(personas.team_lead)
    assert restricted_case not in selectors.cases_visible_to(personas.counsellor_speyer)
    assert restricted_case not in selectors.search_cases(personas.counsellor_speyer, CaseFilters(query="rahimi"))


def test_search_by_name_variant_reference_and_number(personas, orgs, iom_case):
    other = make_case(personas.counsellor, orgs.iom, family_name="Karimi", given_names="Sara")
    def found(query):
        return list(selectors.search_cases(personas.counsellor, CaseFilters(query=query)))
    assert found("Husseini") == [iom_case]
    assert found("kari") == [other]
    assert found(iom_case.reference) == [iom_case]
    assert found(str(other.number)) == [other]
    assert found("nobody") == []


def test_filters_and_sorting(personas, orgs, iom_case):
    other = make_case(personas.counsellor_speyer, orgs.iom, family_name="Abdi", nationalities=["SO"],
                      office=personas.speyer)
    by_name = selectors.search_cases(personas.counsellor, CaseFilters(ordering="name"))
    assert [c.principal_family_name for c in by_name] == ["Abdi", "Hosseini"]
    assert list(selectors.search_cases(personas.counsellor, CaseFilters(office=personas.speyer.pk))) == [other]
    assert list(selectors.search_cases(personas.counsellor, CaseFilters(nationality="SO"))) == [other]
    assert list(selectors.search_cases(personas.counsellor,
                                       CaseFilters(counsellor=personas.counsellor_speyer.pk))) == [other]


def test_timeline_orders_sessions_tasks_status_and_consents(personas, iom_case):
    from apps.cases import services

    services.task_create(actor=personas.counsellor, case=iom_case, title="Call")
    services.session_record(actor=personas.counsellor, case=iom_case, data={"channel": "phone", "language": "fa"})
    kinds = [e.kind for e in selectors.timeline_of(personas.counsellor, iom_case)]
    assert kinds[0] == "status" and {"session", "task_created"} <= set(kinds)
    ats = [e.at for e in selectors.timeline_of(personas.counsellor, iom_case)]
    assert ats == sorted(ats)


def test_search_with_unicode_digits_is_a_name_search_not_a_crash(personas, iom_case):
    assert list(selectors.search_cases(personas.counsellor, CaseFilters(query="²"))) == []


def test_search_follows_household_changes(personas, orgs, iom_case):
    from apps.clients import services as client_services

    def found(query):
        return list(selectors.search_cases(personas.counsellor, CaseFilters(query=query)))

    child = client_services.person_create(actor=personas.counsellor, organisation=orgs.iom,
                                          data={"family_name": "Rahimi", "given_names": "Sara"})
    assert found("Rahimi") == []
    member = client_services.household_add_member(actor=personas.counsellor, household=iom_case.household,
                                                  person=child, relationship="child")
    assert found("Rahimi") == [iom_case]
    assert found("Sara Hosseini") == [iom_case]  # words may match different members
    client_services.person_update(actor=personas.counsellor, person=child, expected_version=1,
                                  data={"family_name": "Karimi"})
    assert found("Rahimi") == [] and found("Karimi") == [iom_case]
    client_services.household_remove_member(actor=personas.counsellor, member=member)
    assert found("Karimi") == []
