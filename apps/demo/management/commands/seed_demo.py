"""`manage.py seed_demo`: the demo network, one user per persona and fictitious cases."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from apps.demo.extras import seed_extras
from apps.demo.network import DEMO_PASSWORD, ensure_network, sign_in_table
from apps.demo.seeding import seed_cases

# Above this many cases, every case having full session notes costs more time than it shows.
FULL_SESSIONS_UP_TO = 10_000
# The demo's own notifications (a hosting request decided, material orders, expert questions,
# event registrations) go to invented addresses. Seeding delivers them at once into memory:
# queued, the worker that `make run` starts next would print them, two dozen raw e-mails
# over the summary and its sign-ins. They still show as sent in the outbox.
QUIET_DELIVERY = {
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    "JOBS_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


class Command(BaseCommand):
    help = ("Create the demo network (IOM, Diakonie, 36 Ausländerbehörden, partners, funders), one "
            "user per persona and fictitious cases. Running it again adds nothing; a larger --cases "
            "adds the missing cases.")

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=200, help="total demo cases wanted (default 200)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--sessions", choices=["auto", "full", "sparse", "none"], default="auto",
            help="counselling sessions: full (every case in counselling), sparse (one case in 20), "
                 f"none; auto = full up to {FULL_SESSIONS_UP_TO:,} cases, else sparse",
        )
        parser.add_argument("--flush-every", type=int, default=10_000, help="cases per transaction")
        parser.add_argument(
            "--return-data", action="store_true",
            help="also vulnerabilities, referrals, applications, departures, reintegration plans and monitoring "
                 "visits on the cases, as the indicators read them (for bench/indicators.py)",
        )

    def handle(self, *args, cases, seed, sessions, flush_every, return_data, verbosity, **options):
        if settings.PRODUCTION:
            # Demo users share a published password: they must never reach real organisations.
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production")
        if cases < 0 or flush_every < 1:
            raise CommandError("--cases must be ≥ 0 and --flush-every ≥ 1")
        if sessions == "auto":
            sessions = "full" if cases <= FULL_SESSIONS_UP_TO else "sparse"
        network = ensure_network()
        created = network.created
        self._say(verbosity, f"Network: {created['organisations']} organisations, {created['offices']} "
                             f"offices, {created['users']} users created.")
        result = seed_cases(network, target=cases, seed=seed, sessions=sessions, flush_every=flush_every,
                            progress=lambda line: self._say(verbosity, line), return_data=return_data)
        if result.created:
            self._say(verbosity, f"Cases: {result.created:,} created ({result.rows:,} rows, sessions "
                                 f"{sessions}) in {result.seconds:,.1f} s; {result.existing:,} existed.")
        else:
            self._say(verbosity, f"Cases: {result.existing:,} exist, nothing to add.")
        with override_settings(**QUIET_DELIVERY):
            extras = seed_extras(network)
        # The programmes are reference data from the migrations (created 0 times here, or
        # programmes and versions together on a database without them): say what there is.
        extras.pop("programmes", None)
        self._say(verbosity, "Also created: " + ", ".join(f"{label} {count}" for label, count in extras.items()))
        self._say(verbosity, self._programmes())
        self._say(verbosity, self._sign_ins())

    def _say(self, verbosity: int, text: str) -> None:
        if verbosity > 0:
            self.stdout.write(text)

    @staticmethod
    def _programmes() -> str:
        from apps.programmes.models import Programme, ProgrammeVersion

        return (f"Programmes: {Programme.objects.count()} with {ProgrammeVersion.objects.count()} versions "
                "(reference data, as in production).")

    @staticmethod
    def _sign_ins() -> str:
        rows = sign_in_table()
        width = max(len(email) for email, _role, _org in rows)
        lines = ["", f"Demo sign-ins (password for all: {DEMO_PASSWORD})", ""]
        lines += [f"  {email:<{width}}  {role:<24} {org}" for email, role, org in rows]
        return "\n".join(lines)
