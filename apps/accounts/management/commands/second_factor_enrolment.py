"""manage.py second_factor_enrolment <email> [--reset]: print an enrolment code.

For the operator when no administrator can issue one (the first administrator, or an
administrator who lost their phone). The person signs in with their password and enters
the code to set up the authenticator app.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.enrolment import enrolment_issue_by_operator
from apps.accounts.models import User


class Command(BaseCommand):
    help = "Print a one-time code with which a user sets up the second factor (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="E-mail address of the user.")
        parser.add_argument("--reset", action="store_true",
                            help="Remove the user's authenticator and recovery codes first (lost phone).")

    def handle(self, *args, email: str, reset: bool, **options):
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the e-mail address {email}.")
        code = enrolment_issue_by_operator(user=user, reset=reset)
        self.stdout.write(code)
        self.stderr.write(f"Give this code to the person in person or by phone. It works once and expires in "
                          f"{settings.SECOND_FACTOR_ENROLMENT_HOURS} hours.")
