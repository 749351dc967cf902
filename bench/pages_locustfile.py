"""Locust users of the page benchmark (bench/pages.py): one page, as fast as it answers.

Each user requests one page (BENCH_PAGE, a key of the targets file) in a closed loop without
pauses, so N users are N requests in flight. Pages of the back office need a counsellor
signed in with password and TOTP code (REQUIRE_2FA on), API pages a bearer token, the
sign-in page nobody. Every measured request is written to BENCH_EVENT_LOG (`user time ms ok`);
bench/pages.py computes throughput and percentiles from that, after a warm-up.

Environment: BENCH_TARGETS (pages.py's targets JSON), BENCH_USERS_FILE (bench/load/prepare.py's
accounts), BENCH_PAGE, BENCH_EVENT_LOG, BENCH_USER_OFFSET (first account: a TOTP code is accepted
once per device and 30-second step, so consecutive runs use other accounts).
"""

import itertools
import json
import os
import random
import re
import time

from django_otp.oath import totp
from locust import HttpUser, constant, task

with open(os.environ["BENCH_USERS_FILE"]) as users_file:
    ACCOUNTS_DATA = json.load(users_file)["accounts"]
with open(os.environ["BENCH_TARGETS"]) as targets_file:
    TARGETS = json.load(targets_file)
PAGE = TARGETS["pages"][os.environ["BENCH_PAGE"]]
ACCOUNTS = itertools.count(int(os.environ.get("BENCH_USER_OFFSET", "0")))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
EVENTS = open(os.environ["BENCH_EVENT_LOG"], "a", buffering=1)  # noqa: SIM115 (open for the whole run)


USER_IDS = itertools.count(1)


class PageUser(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.user_id = next(USER_IDS)
        # The last account belongs to pages.py's query-count pass.
        account = ACCOUNTS_DATA[next(ACCOUNTS) % (len(ACCOUNTS_DATA) - 1)]
        self.headers = {}
        if PAGE["auth"] == "token":
            self.headers = {"Authorization": f"Bearer {account['token']}"}
        elif PAGE["auth"] == "session" and not self._sign_in(account):
            raise RuntimeError(f"sign-in of {account['email']} failed")

    def _sign_in(self, account) -> bool:
        page = self.client.get("/accounts/login/", name="sign-in")
        csrf = CSRF.search(page.text or "")
        if not csrf:
            return False
        response = self.client.post("/accounts/login/", allow_redirects=False, name="sign-in", data={
            "username": account["email"], "password": account["password"],
            "csrfmiddlewaretoken": csrf.group(1), "next": "/"})
        if response.status_code != 302:
            return False
        page = self.client.get("/accounts/second-factor/?next=/", name="sign-in")
        csrf = CSRF.search(page.text or "")
        code = f"{totp(bytes.fromhex(account['totp_key']), step=30, t0=0, digits=6):06d}"
        response = self.client.post("/accounts/second-factor/", allow_redirects=False, name="sign-in", data={
            "token": code, "csrfmiddlewaretoken": csrf.group(1) if csrf else "", "next": "/"})
        return response.status_code == 302 and response.headers.get("Location") == "/"

    @task
    def page(self):
        url = random.choice(PAGE["urls"])
        with self.client.get(url, name="measured", headers=self.headers, allow_redirects=False,
                             catch_response=True) as response:
            ok = response.status_code == 200
            if not ok:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")
        # One line per request: user, end time, response time (locust's, ms), outcome.
        EVENTS.write(f"{self.user_id} {time.time():.4f} {response.request_meta['response_time']:.2f} "
                     f"{'ok' if ok else 'fail'}\n")
