"""/metrics: request latency per route, the queue and outbox, sign-in failures; readable only
from the allowed networks or with the token; several gunicorn workers add up."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.mail import send_mail
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from apps.jobs.tasks import deliver_message

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def scrape(client, **headers) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.status_code
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_request_latency_is_labelled_by_route_name_never_by_path(client):
    before = scrape(client)
    client.get("/healthz")
    client.get("/healthz?who=anna.schmidt@example.org")
    after = scrape(client)
    name = "django_http_requests_latency_seconds_by_view_method_count"
    assert value(after, name, view="core:health", method="GET") - value(before, name, view="core:health",
                                                                          method="GET") == 2
    text = client.get("/metrics").content.decode()
    assert "/healthz" not in text and "anna.schmidt" not in text


def test_queue_outbox_and_sign_in_failures_are_counted(client, personas, django_capture_on_commit_callbacks):
    before = scrape(client)
    deliver_message.enqueue(message_id=1)
    with django_capture_on_commit_callbacks(execute=True):  # the delivery is enqueued on commit
            send_mail("Termin", "Ihr Termin", "noreply@returnnet.invalid", ["anna.schmidt@example.org"])
    client.post(reverse("accounts:login"), {"username": "counsellor@iom.test", "password": "wrong password"})
    after = scrape(client)
    assert value(after, "returnnet_metrics_database_up") == 1
    # The mail's delivery job waits too.
    assert value(after, "returnnet_jobs_waiting") == value(before, "returnnet_jobs_waiting") + 2
    assert value(after, "returnnet_outbox_backlog") == value(before, "returnnet_outbox_backlog") + 1
    assert value(after, "returnnet_jobs_oldest_waiting_seconds") >= 0
    assert value(after, "returnnet_sign_in_failures_total") == value(before, "returnnet_sign_in_failures_total") + 1
    text = client.get("/metrics").content.decode()
    assert "anna.schmidt" not in text and "counsellor@iom.test" not in text


def test_metrics_are_refused_from_other_networks_signed_in_or_not(client, personas, settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token-for-tests"
    outside = {"REMOTE_ADDR": "203.0.113.7"}
    assert client.get("/metrics", **outside).status_code == 404
    client.force_login(personas.iom_admin)
    assert client.get("/metrics", **outside).status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **outside).status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {settings.METRICS_TOKEN}", **outside).status_code == 200


def test_an_empty_token_never_opens_the_metrics(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_allowed_networks_are_matched_on_the_client_address_behind_the_proxy(client, settings):
    settings.METRICS_ALLOWED_IPS = ["10.20.0.0/16"]
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx on a unix socket: gunicorn sees no address; the proxy appends the client's.
    proxied = {"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "10.20.3.4"}
    assert client.get("/metrics", **proxied).status_code == 200
    # An address the client puts in front itself does not count.
    forged = {"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "10.20.3.4, 198.51.100.9"}
    assert client.get("/metrics", **forged).status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404  # loopback no longer listed


MULTIPROCESS = """
import os, django
django.setup()
from apps.core import metrics
for _ in range(int(os.environ["FAILURES"])):
    metrics.SIGN_IN_FAILURES.inc()
if os.environ.get("RENDER"):
    from prometheus_client import CollectorRegistry, generate_latest, multiprocess
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    print(generate_latest(registry).decode())
"""


def test_counters_of_several_worker_processes_add_up(tmp_path):
    """PROMETHEUS_MULTIPROC_DIR: what each gunicorn worker counted is summed at the scrape."""
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_CURRENT_TEST"}}
    env = {**base, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "returnnet.settings",
           "RETURNNET_VAR_DIR": str(tmp_path / "var")}

    def worker(failures, render=""):
        done = subprocess.run([sys.executable, "-c", MULTIPROCESS], cwd=ROOT, capture_output=True, text=True,
                              env={**env, "FAILURES": str(failures), "RENDER": render}, timeout=60)
        assert done.returncode == 0, done.stderr
        return done

    worker(2)
    output = worker(3, render="yes").stdout
    assert re.search(r"^returnnet_sign_in_failures_total 5\.0$", output, re.MULTILINE), output
