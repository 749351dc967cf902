from apps.accounts import selectors
from apps.accounts.models import Membership


def test_users_of_organisations_include_former_members_once_and_no_outsiders(personas, orgs):
    Membership.objects.filter(user=personas.counsellor_speyer).update(is_active=False)
    users = list(selectors.users_of([orgs.iom.pk]))
    assert personas.counsellor in users and personas.counsellor_speyer in users
    assert personas.diakonie_counsellor not in users
    assert len(users) == len(set(users))
    assert [u.full_name for u in users] == sorted(u.full_name for u in users)


def test_organisations_managed_by_are_the_active_ones_with_org_manage(personas, orgs):
    assert list(selectors.organisations_managed_by(personas.iom_admin)) == [orgs.iom]
    assert list(selectors.organisations_managed_by(personas.counsellor)) == []
    orgs.iom.is_active = False
    orgs.iom.save()
    selectors.forget_grants(personas.iom_admin)
    assert list(selectors.organisations_managed_by(personas.iom_admin)) == []
