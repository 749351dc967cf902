"""Prometheus metrics (docs/operator-guide.md, "Monitoring").

- Requests: django-prometheus' middleware measures every request, labelled by route name
  (`view="cases:detail"`), never by path: `django_http_requests_latency_seconds_by_view_method`.
- Sign-in failures and lockouts: counters incremented by Django's and django-axes' signals in
  the process that saw them.
- The job queue and the outbox: read from the database at scrape time by `DatabaseCollector`,
  so the figures are the same whichever app server is asked, and never summed over workers.

Several gunicorn workers: with `PROMETHEUS_MULTIPROC_DIR` set (before the process starts),
prometheus_client keeps each process's counters in files there and `/metrics` adds them up;
gunicorn's `child_exit` hook marks a dead worker's files (docs/deploy/gunicorn.conf.py).
"""

import hmac
import ipaddress
import os

from django.conf import settings
from django.db import DatabaseError
from prometheus_client import REGISTRY, CollectorRegistry, Counter, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from apps.core import health

SIGN_IN_FAILURES = Counter("returnnet_sign_in_failures", "Failed sign-ins (wrong password or unknown account).")
LOCKOUTS = Counter("returnnet_account_lockouts", "Accounts locked after repeated failed sign-ins.")


def count_sign_in_failure(sender, **kwargs) -> None:
    SIGN_IN_FAILURES.inc()


def count_lockout(sender, **kwargs) -> None:
    LOCKOUTS.inc()


def connect_signals() -> None:
    """Called by CoreConfig.ready()."""
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.connect(count_sign_in_failure, dispatch_uid="returnnet.metrics.sign_in_failure")
    user_locked_out.connect(count_lockout, dispatch_uid="returnnet.metrics.lockout")


class DatabaseCollector:
    """Figures of the job queue and the outbox, read when Prometheus scrapes."""

    def collect(self):
        up = GaugeMetricFamily("returnnet_metrics_database_up", "1 if the queue and outbox figures could be read.")
        try:
            queue, outbox = health.queue_state(), health.outbox_state()
        except DatabaseError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield GaugeMetricFamily("returnnet_jobs_waiting", "Background jobs ready to run and not yet started.",
                                value=queue.waiting)
        yield GaugeMetricFamily("returnnet_jobs_running", "Background jobs running now.", value=queue.running)
        yield GaugeMetricFamily("returnnet_jobs_oldest_waiting_seconds",
                                "Seconds the longest-waiting ready job has waited (0: none waits).",
                                value=queue.oldest_waiting_seconds)
        yield GaugeMetricFamily("returnnet_jobs_failed_last_hour", "Background jobs that failed in the last hour.",
                                value=queue.failed_last_hour)
        yield GaugeMetricFamily("returnnet_jobs_failed", "Failed background jobs kept in the queue table.",
                                value=queue.failed_total)
        yield GaugeMetricFamily("returnnet_outbox_backlog", "E-mails and SMS waiting for delivery or being sent.",
                                value=outbox.backlog)
        yield GaugeMetricFamily("returnnet_outbox_failed", "E-mails and SMS given up on after every attempt.",
                                value=outbox.failed)


def render() -> bytes:
    """The exposition text: this process's (or, in multiprocess mode, every worker's) metrics,
    then the database figures."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return generate_latest(processes) + generate_latest(database)


# --- Who may read /metrics ---------------------------------------------------------------

def client_address(request) -> str:
    """The client's address behind TRUSTED_PROXY_COUNT proxies: the same rule as the audit
    log's (apps.audit.context.address_of, which core cannot import)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or ""


def _address_allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in settings.METRICS_ALLOWED_IPS)


def _token_matches(request) -> bool:
    expected = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    return bool(expected) and hmac.compare_digest(offered.encode(), f"Bearer {expected}".encode())


def may_read_metrics(request) -> bool:
    """From an allowed network (METRICS_ALLOWED_IPS, default loopback) or with the bearer token
    METRICS_TOKEN; nobody else, signed in or not."""
    return _token_matches(request) or _address_allowed(client_address(request))
