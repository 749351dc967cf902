"""/healthz (liveness) and /readyz (readiness): public, never cached, no personal data."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.db import connections
from django.db.utils import load_backend
from django.utils import timezone

from apps.jobs.tasks import deliver_message
from apps.jobs.testing import run_jobs

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert not response.cookies


def test_readiness_reports_the_databases_and_the_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"] == {"database:default": "ok", "queue": "ok"}
    assert body["queue"] == {"waiting": 0, "running": 0, "oldest_waiting_seconds": 0, "failed_last_hour": 0}
    assert "max-age=0" in response["Cache-Control"] and not response.cookies


def test_readiness_reports_the_age_of_the_oldest_waiting_job_and_recent_failures(client):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        deliver_message.enqueue(message_id="not-a-number")  # fails when it runs
        run_jobs()
        deliver_message.enqueue(message_id=1)  # waits
    with time_machine.travel(start + timedelta(seconds=90), tick=False):
        deliver_message.enqueue(message_id=2)
        queue = client.get("/readyz").json()["queue"]
    assert queue == {"waiting": 2, "running": 0, "oldest_waiting_seconds": 90.0, "failed_last_hour": 1}
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        assert client.get("/readyz").json()["queue"]["failed_last_hour"] == 0


@pytest.fixture
def replica(settings):
    """Configures a replica alias with the given settings (as settings.py does for
    DATABASE_REPLICA_URL) and removes it afterwards."""
    made = []

    def configure(**overrides):
        settings_dict = {**connections["default"].settings_dict, **overrides}
        connection = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "replica")
        connections["replica"] = connection
        settings.DATABASES = {**settings.DATABASES, "replica": settings_dict}
        made.append(connection)

    yield configure
    for connection in made:
        connection.close()
        delattr(connections._connections, "replica")


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_readiness_checks_the_replica_when_one_is_configured(client, replica):
    replica()
    body = client.get("/readyz").json()
    assert body["checks"]["database:replica"] == "ok"


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_readiness_is_503_with_reasons_when_a_database_does_not_answer(client, replica, tmp_path):
    # A replica that cannot be reached: a SQLite file in a directory that does not exist.
    replica(ENGINE="django.db.backends.sqlite3", NAME=str(tmp_path / "missing" / "replica.sqlite3"), OPTIONS={})
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "unavailable" and body["checks"]["database:replica"] == "unavailable"
    assert body["reasons"] == ["database replica does not answer"]
    assert body["checks"]["database:default"] == "ok" and body["queue"]["waiting"] == 0
