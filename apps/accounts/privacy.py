"""Staff accounts' personal data, described for the privacy app.

accounts sits below privacy (docs/architecture.md), so it does not import apps.privacy: it
lists its record types as plain keyword arguments of apps.privacy.registry.RecordType, and
apps.privacy.lower_apps registers them. `scope` is a RetentionScope.

A staff member whose every membership has been deactivated for the period is anonymised:
the name becomes "#<id>", the e-mail address an address under the reserved domain
`.invalid`, the password unusable, every second factor, recovery code and enrolment grant
goes, and every session ends. The user row and its id stay, so the audit log, case histories
and authorship keep pointing at "the same person" without naming them. A membership that is
activated again before the period ends keeps the account as it is.
"""

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Membership, SecondFactorEnrolment, User, new_session_salt

ANONYMISED_DOMAIN = "anonymised.invalid"


def anonymised_email(user_id: int) -> str:
    return f"user-{user_id}@{ANONYMISED_DOMAIN}"


def accounts_due(scope):
    before = scope.now - relativedelta(months=scope.months)
    active = Membership.objects.filter(is_active=True).values("user_id")
    return (User.objects.filter(memberships__organisation_id=scope.organisation_id)
            .exclude(pk__in=active).exclude(email__endswith="@" + ANONYMISED_DOMAIN)
            .annotate(_last=Max("memberships__deactivated_at"))
            .filter(Q(_last__lt=before)).distinct())


def anonymise_user(user: User) -> None:
    """Everything that names the staff member or lets anybody sign in as them goes."""
    from django_otp import devices_for_user

    for device in devices_for_user(user, confirmed=None):
        device.delete()
    SecondFactorEnrolment.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(
        full_name=f"#{user.pk}", email=anonymised_email(user.pk), password=make_password(None),
        is_active=False, session_salt=new_session_salt())


def accounts_apply(due, action: str) -> int:
    users = list(User.objects.filter(pk__in=list(due.values_list("pk", flat=True))))
    for user in users:
        anonymise_user(user)
    return len(users)


RECORD_TYPES = [
    {"code": "accounts.deactivated_users", "label": _("Staff accounts without an active membership"),
     "trigger": _("after the last membership was deactivated"), "actions": ("anonymise",),
     "default_action": "anonymise", "default_months": 12,
     "default_legal_basis": "Art. 6 Abs. 1 lit. b, c DSGVO, § 26 BDSG i. V. m. Art. 5 Abs. 1 lit. e DSGVO",
     "default_source": ("Vorschlag, nicht geprüft: ein Jahr nach dem Ausscheiden sind Rückfragen zu Zugriffen "
                     "und Vertretungen erledigt; das Protokoll behält die Nummer des Kontos, nicht den Namen."),
     "due": accounts_due, "apply": accounts_apply, "categories": (_("name"), _("e-mail"), _("second factor")),
     "order": 20},
]

PROCESSING_ACTIVITIES = [
    {"code": "accounts", "name": _("Staff accounts and sign-in"),
     "purpose": _("Giving the network's staff access according to their role; second factor; locking out "
               "attacks"),
     "legal_basis": "Art. 6 Abs. 1 lit. b, c DSGVO, § 26 BDSG, Art. 32 DSGVO",
     "persons": (_("Staff of the network's organisations"),),
     "data": (_("name, e-mail, organisation, role, office"), _("password hash, second factor, recovery codes "
                                                            "(hashed)")),
     "recipients": (_("None outside the organisation"),),
     "record_types": ("accounts.deactivated_users",)},
]
