"""manage.py create_api_token <email> [--name NAME]: print a new personal access token."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import User
from apps.api.services import api_token_create


class Command(BaseCommand):
    help = "Create a personal access token for the JSON API and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="E-mail address of the user the token acts for.")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'reporting script'.")
        parser.add_argument("--days", type=int, default=None,
                            help="Days until the token expires (default API_TOKEN_DEFAULT_DAYS, 90).")

    def handle(self, *args, email: str, name: str, days: int | None = None, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email}.")
        try:
            _token, plain = api_token_create(actor=None, user=user, name=name, days=days)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(plain)
        self.stderr.write(f"Store this token now; it cannot be shown again. It expires on "
                          f"{_token.expires_at:%Y-%m-%d}.")
