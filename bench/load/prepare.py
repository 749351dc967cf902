"""Accounts for the load and fault benchmarks, on a database seeded with `seed_demo`.

Creates (or reuses) `--users` counsellors of the demo's IOM at the AfA Trier
(bench-NN@iom.demo), each with a confirmed TOTP device whose key is written to the output
file (locust computes the codes with django_otp.oath.totp, as an authenticator app does) and
a fresh API token; lists open, unrestricted IOM cases and family names to search for. Only
for throw-away benchmark databases (it refuses DJANGO_ENV=production).

    DATABASE_URL=postgres://… .venv/bin/python bench/load/prepare.py --users 50 --out users.json
"""

import argparse
import json
import os
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnnet.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from apps.accounts.models import Membership, User  # noqa: E402
from apps.api.models import ApiToken  # noqa: E402
from apps.api.services import api_token_create  # noqa: E402
from apps.cases.models import Case  # noqa: E402
from apps.clients.models import Person  # noqa: E402

PASSWORD = "Bench-Load-2026-not-secret"
TEMPLATE_USER = "beratung.trier@iom.demo"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if settings.PRODUCTION:
        sys.exit("prepare.py creates accounts with a published password: never with DJANGO_ENV=production")
    template = Membership.objects.select_related("organisation", "role", "office").get(user__email=TEMPLATE_USER)
    hashed = make_password(PASSWORD)  # one hash for all: hashing is made to be slow
    accounts = []
    for number in range(1, args.users + 1):
        email = f"bench-{number:02d}@iom.demo"
        user, _ = User.objects.get_or_create(email=email, defaults={"full_name": f"Bench {number:02d}",
                                                                    "password": hashed})
        Membership.objects.get_or_create(user=user, organisation=template.organisation,
                                         defaults={"role": template.role, "office": template.office})
        # A new key per run: django_otp refuses a code at or before the last one used.
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True, key=secrets.token_hex(20))
        ApiToken.objects.filter(user=user).delete()
        _, token = api_token_create(actor=None, user=user, name="bench", days=1)
        accounts.append({"email": email, "password": PASSWORD, "totp_key": device.key, "token": token})
    cases = list(Case.objects.filter(organisation=template.organisation, restricted=False)
                 .exclude(status="closed").order_by("id").values_list("id", flat=True)[:500])
    names = sorted({name for name in Person.objects.values_list("family_name", flat=True)[:2000] if name})[:200]
    if not cases or not names:
        sys.exit("no open IOM cases or names: run `manage.py seed_demo` first")
    args.out.write_text(json.dumps({"accounts": accounts, "cases": cases, "names": names}, indent=1))
    print(f"{len(accounts)} accounts, {len(cases)} cases, {len(names)} names -> {args.out}")


if __name__ == "__main__":
    main()
