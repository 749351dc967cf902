"""Locust users for the load benchmark (bench/load/run.sh) and the fault benchmark (bench/fault/run.sh).

Each user signs in like a counsellor in a browser — password, then the TOTP code computed
from the device key prepare.py wrote (REQUIRE_2FA is on) — and then, in a loop: lists cases,
searches by a family name, opens a case, records a counselling session (GET the form, POST it
with its CSRF token) and reads a case through the API with a bearer token. Requests never
follow redirects: a page that bounced to the sign-in form would otherwise count as a success.

Environment: BENCH_USERS_FILE (prepare.py's output), BENCH_ACK_LOG (optional: one line per
acknowledged write, `session <id>`, for the fault benchmark's check), BENCH_USER_OFFSET
(first account to use, so that two locust runs never share an account).
"""

import itertools
import json
import os
import random
import re
import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from django_otp.oath import totp
from locust import HttpUser, between, events, task

with open(os.environ["BENCH_USERS_FILE"]) as users_file:
    DATA = json.load(users_file)
ACCOUNTS = itertools.count(int(os.environ.get("BENCH_USER_OFFSET", "0")))
ACK_LOG = os.environ.get("BENCH_ACK_LOG")
ACK_LOCK = threading.Lock()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PARTICIPANT = re.compile(r'name="participants" value="(\d+)"')
TOPIC = re.compile(r'name="topics" value="(\d+)"')
SESSION_URL = re.compile(r"/sessions/(\d+)/$")
BERLIN = ZoneInfo("Europe/Berlin")


EVENT_LOG = os.environ.get("BENCH_EVENT_LOG")
if EVENT_LOG:
    EVENTS = open(EVENT_LOG, "a", buffering=1)  # noqa: SIM115 (open for the whole run)

    @events.request.add_listener
    def _log_request(request_type, name, response_time, exception, **kwargs):
        # The fault benchmark counts failures per time window (before, during, after an outage).
        EVENTS.write(f"{time.time():.3f} {'fail' if exception else 'ok'} {request_type} {name}\n")


def acknowledge(kind: str, pk: str) -> None:
    if ACK_LOG:
        with ACK_LOCK, open(ACK_LOG, "a") as log:
            log.write(f"{kind} {pk}\n")


class Counsellor(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        account = DATA["accounts"][next(ACCOUNTS) % len(DATA["accounts"])]
        self.token = account["token"]
        self.signed_in = False
        while not self.signed_in:
            self.signed_in = self._sign_in(account)
            if not self.signed_in:
                time.sleep(2)  # the fault benchmark: the server may be down for a moment

    def _sign_in(self, account) -> bool:
        self.client.cookies.clear()
        with self.client.get("/accounts/login/", name="sign-in: form", catch_response=True) as page:
            csrf = CSRF.search(page.text or "")
            if page.status_code != 200 or not csrf:
                page.failure(f"sign-in form: {page.status_code}")
                return False
        form = {"username": account["email"], "password": account["password"],
                "csrfmiddlewaretoken": csrf.group(1), "next": "/"}
        with self.client.post("/accounts/login/", data=form, allow_redirects=False, name="sign-in: password",
                              catch_response=True) as response:
            if response.status_code != 302 or "second-factor" not in response.headers.get("Location", ""):
                response.failure(f"password: {response.status_code} {response.headers.get('Location')}")
                return False
        with self.client.get("/accounts/second-factor/?next=/", name="sign-in: second factor form",
                             catch_response=True) as page:
            csrf = CSRF.search(page.text or "")
            if page.status_code != 200 or not csrf:
                page.failure(f"second factor form: {page.status_code}")
                return False
        # The code the authenticator shows now (30-second steps, like django_otp's TOTPDevice).
        code = f"{totp(bytes.fromhex(account['totp_key']), step=30, t0=0, digits=6):06d}"
        form = {"token": code, "csrfmiddlewaretoken": csrf.group(1), "next": "/"}
        with self.client.post("/accounts/second-factor/", data=form, allow_redirects=False,
                              name="sign-in: second factor", catch_response=True) as response:
            if response.status_code != 302 or response.headers.get("Location") != "/":
                response.failure(f"second factor: {response.status_code} {response.headers.get('Location')}")
                return False
        return True

    def _page(self, url: str, name: str) -> str | None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")
                return None
            return response.text

    @task(3)
    def list_cases(self):
        self._page("/cases/", "GET /cases/")

    @task(3)
    def search(self):
        self._page(f"/cases/?q={random.choice(DATA['names'])}", "GET /cases/?q=<name>")

    @task(3)
    def case_detail(self):
        self._page(f"/cases/{random.choice(DATA['cases'])}/", "GET /cases/<id>/")

    @task(1)
    def record_session(self):
        case = random.choice(DATA["cases"])
        page = self._page(f"/cases/{case}/sessions/new/", "GET /cases/<id>/sessions/new/")
        if page is None:
            return
        csrf = CSRF.search(page)
        form = {
            "csrfmiddlewaretoken": csrf.group(1) if csrf else "",
            "started_at": datetime.now(BERLIN).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "30", "channel": "phone", "language": "fa",
            "summary": "Load test: talked about the options and the next appointment.", "next_steps": "",
            "participants": PARTICIPANT.findall(page)[:1], "topics": TOPIC.findall(page)[:1],
        }
        with self.client.post(f"/cases/{case}/sessions/new/", data=form, allow_redirects=False,
                              name="POST /cases/<id>/sessions/new/", catch_response=True) as response:
            created = SESSION_URL.search(response.headers.get("Location", ""))
            if response.status_code != 302 or not created:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")
                return
            acknowledge("session", created.group(1))

    @task(2)
    def api_case(self):
        with self.client.get(f"/api/v1/cases/{random.choice(DATA['cases'])}", name="GET /api/v1/cases/<id>",
                             headers={"Authorization": f"Bearer {self.token}"}, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(str(response.status_code))


class Solo(Counsellor):
    """The single-user baseline: the same routes and mix, one user, short pauses (more samples)."""

    wait_time = between(0.1, 0.3)


class Writer(Counsellor):
    """The fault benchmark: mostly writes, short pauses, so that kills land mid-write."""

    wait_time = between(0.2, 0.8)
    tasks = {Counsellor.record_session: 4, Counsellor.case_detail: 1, Counsellor.api_case: 1}


class HealthOnly(HttpUser):
    """The baseline: the same number of users and pauses, only GET /healthz (no session, no
    template, one database query) — what gunicorn and the machine cost without the application's work."""

    wait_time = between(1, 3)

    @task
    def health(self):
        with self.client.get("/healthz", name="GET /healthz", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(str(response.status_code))
