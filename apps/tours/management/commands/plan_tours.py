"""manage.py plan_tours --start YYYY-MM-DD --weeks 13 [--organisation CODE] [--k 1] [--time-limit 20]
[--json] [--accept]: the planner from the command line; saves nothing without --accept."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.models import Organisation


class _Discard(Exception):
    pass


class Command(BaseCommand):
    help = "Plan mobile counselling tours for the data in the database; saves only with --accept."

    def add_arguments(self, parser):
        parser.add_argument("--start", type=date.fromisoformat, required=True)
        parser.add_argument("--weeks", type=int, default=13)
        parser.add_argument("--organisation", default="IOM", help="code of the counselling organisation")
        parser.add_argument("--k", type=int, default=1)
        parser.add_argument("--time-limit", type=float, default=20.0)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--accept", action="store_true", help="save the plan and create the counselling days")
        parser.add_argument("--as-user", default="", help="e-mail of the planning user (default: a team lead)")

    def handle(self, *args, **options):
        from apps.tours import services

        organisation = Organisation.objects.filter(code=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"no organisation with code {options['organisation']}")
        actor = self._actor(organisation, options["as_user"])
        result = {}
        try:
            with transaction.atomic():
                plan = services.plan_create(actor=actor, organisation=organisation, start=options["start"],
                                            weeks=options["weeks"], k=options["k"])
                plan = services.plan_solve(actor=actor, plan=plan, time_limit=options["time_limit"])
                result = {
                    "entries": [{"date": e.date.isoformat(), "counsellor": str(e.counsellor),
                                 "location": e.location.name, "district": e.location.district.ags}
                                for e in plan.entries.select_related("counsellor__user", "location__district")],
                    "figures": plan.figures, "greedy": plan.greedy_figures,
                }
                if options["accept"]:
                    days = services.plan_accept(actor=actor, plan=plan)
                    result["plan_id"], result["days_created"] = plan.pk, len(days)
                else:
                    raise _Discard
        except _Discard:
            pass
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            figures = result["figures"]
            self.stdout.write(
                f"{len(result['entries'])} counselling days; districts covered {figures['districts_covered']}/"
                f"{figures['districts_total']}; travel hours {figures['travel_hours']} "
                f"(greedy {result['greedy']['travel_hours']}); gap {figures['gap']}")

    def _actor(self, organisation, email: str):
        from apps.accounts.models import User
        from apps.accounts.selectors import user_has_perm

        candidates = User.objects.filter(email=email) if email else User.objects.filter(
            memberships__organisation=organisation, memberships__is_active=True, is_active=True).order_by("pk")
        for user in candidates:
            if user_has_perm(user, "mobile.plan", organisation.pk):
                return user
        raise CommandError("no active user with mobile.plan in this organisation (use --as-user)")
