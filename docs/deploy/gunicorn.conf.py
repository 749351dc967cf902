"""gunicorn configuration of ReturnNet (docs/operator-guide.md section 2, "gunicorn").

Install as /etc/returnnet/gunicorn.conf.py; returnnet.service starts
`gunicorn -c /etc/returnnet/gunicorn.conf.py returnnet.wsgi`. Values can be overridden from the
environment (GUNICORN_WORKERS, GUNICORN_TIMEOUT, GUNICORN_BIND) without editing this file.
"""

import os
import shutil
from pathlib import Path

# Socket activation (returnnet.socket) hands gunicorn the socket nginx connects to, owned by
# nginx's user; without it gunicorn creates this one itself.
bind = [os.environ.get("GUNICORN_BIND", "unix:/run/returnnet/gunicorn.sock")]
umask = 0o007  # a socket gunicorn creates itself: the service's group only

# Sync workers, one request each. Size by CPU (2 × cores + 1) and by memory (RAM for the
# application ÷ 250 MiB: a sign-in's Argon2 hash takes 100 MiB on top of a worker's ~150 MiB),
# and take the smaller number; 5 for 2 cores and 4 GiB.
workers = int(os.environ.get("GUNICORN_WORKERS", "5"))
worker_class = "sync"
# A request stuck for longer is ended (nginx answers 502). Long work runs in background jobs.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Load the application (Django, every app, the URLs and views) once in the master, before the
# workers fork: a restart under load then has workers answering at once instead of each
# loading the views on its first request for longer than `timeout` (the fault benchmark,
# bench/fault/, saw restarts take minutes that way). No database connection is opened here.
preload_app = True
# Recycle workers now and then: bounds memory growth.
max_requests = 2000
max_requests_jitter = 200

# Only nginx talks to gunicorn (a unix socket), so the scheme header it sets is trusted; the
# client address is read by the application from X-Forwarded-For (TRUSTED_PROXY_COUNT=1).
forwarded_allow_ips = "*"
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# No access log: nginx writes it without query strings and token paths, and the application
# writes one JSON record per request (route, status, duration, user id). Errors to stderr
# (journald).
accesslog = None
errorlog = "-"
loglevel = "warning"
# Request lines in gunicorn's own messages could carry a query string: keep them short.
limit_request_line = 8190

# Prometheus (apps/core/metrics.py): every worker writes its counters into this directory and
# /metrics adds them up. Set by returnnet.service (Environment=), never in the shared env file:
# the background workers are separate processes that serve no metrics.
PROMETHEUS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def on_starting(server):
    """Start with an empty metrics directory: files of a previous run would be added up again."""
    if PROMETHEUS_DIR:
        directory = Path(PROMETHEUS_DIR)
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True, mode=0o700)


def child_exit(server, worker):
    """A worker ended (recycled, timed out, killed): its gauges no longer count as live."""
    if PROMETHEUS_DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def when_ready(server):
    """With preload_app, build the URL resolver (which imports every view) before forking."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing the views is the point
