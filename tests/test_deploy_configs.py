"""The deployment files in docs/deploy/ are checked against the application: what can be
validated offline is (gunicorn loads its configuration, the systemd units have what they
need, nginx's configuration agrees with the URLs and settings, and `nginx -t` passes where
nginx is installed)."""

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import get_resolver

from tests.test_authorisation_matrix import ROUTES

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "docs" / "deploy"
NGINX = (DEPLOY / "nginx" / "returnnet.conf").read_text()
PROXY = (DEPLOY / "nginx" / "returnnet_proxy.conf").read_text()


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_gunicorn_loads_its_configuration_and_the_application(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env |= {"RETURNNET_VAR_DIR": str(tmp_path), "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus")}
    (tmp_path / "prometheus").mkdir()  # on_starting makes it when gunicorn starts; --check-config does not
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")]
    checked = subprocess.run([*gunicorn, "--check-config", "returnnet.wsgi"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stderr
    printed = subprocess.run([*gunicorn, "--print-config", "returnnet.wsgi"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120).stdout
    config = dict(re.findall(r"^(\w+)\s+= (.*)$", printed, re.MULTILINE))
    assert config["accesslog"] == "None" and config["worker_class"] == "sync"
    assert config["bind"] == "['unix:/run/returnnet/gunicorn.sock']"
    assert int(config["timeout"]) < int(re.search(r"proxy_read_timeout (\d+)s", NGINX).group(1))
    assert config["child_exit"] == "<child_exit()>" and config["on_starting"] == "<on_starting()>"
    assert config["secure_scheme_headers"] == "{'X-FORWARDED-PROTO': 'https'}"


def test_gunicorns_hooks_prepare_and_clean_the_metrics_directory(tmp_path, monkeypatch):
    directory = tmp_path / "prometheus"
    directory.mkdir()
    (directory / "counter_123.db").write_bytes(b"left over from the last run")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    namespace: dict = {}
    exec(compile((DEPLOY / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    namespace["on_starting"](None)
    assert directory.is_dir() and not list(directory.iterdir())
    (directory / "gauge_livesum_4242.db").write_bytes(b"")
    namespace["child_exit"](None, type("Worker", (), {"pid": 4242})())
    assert not (directory / "gauge_livesum_4242.db").exists()


@pytest.mark.parametrize("name", ["returnnet.service", "returnnet-worker@.service", "returnnet-scheduler.service"])
def test_every_service_runs_as_the_service_user_with_the_environment_file_and_hardening(name):
    service = unit(name)["Service"]
    assert service["User"] == "returnnet" and service["Group"] == "returnnet"
    assert service["EnvironmentFile"] == "/etc/returnnet/returnnet.env"
    assert service["WorkingDirectory"] == "/opt/returnnet"
    assert service["ExecStart"].startswith(("/opt/returnnet/.venv/bin/", "/bin/sh -c 'exec /opt/returnnet/.venv/bin/"))
    for key, value in {"NoNewPrivileges": "true", "ProtectSystem": "strict", "PrivateTmp": "true",
                       "ProtectHome": "true"}.items():
        assert service[key] == value, (name, key)


def test_the_app_service_is_socket_activated_on_the_socket_nginx_uses():
    service, socket = unit("returnnet.service"), unit("returnnet.socket")
    assert service["Service"]["Type"] == "notify" and "returnnet.socket" in service["Unit"]["Requires"]
    assert "-c /etc/returnnet/gunicorn.conf.py returnnet.wsgi" in service["Service"]["ExecStart"]
    assert service["Service"]["Environment"] == "PROMETHEUS_MULTIPROC_DIR=/run/returnnet/prometheus"
    assert service["Service"]["RuntimeDirectory"] == "returnnet"
    path = socket["Socket"]["ListenStream"]
    assert f"server unix:{path} " in NGINX
    assert socket["Socket"]["SocketUser"] == "www-data" and socket["Socket"]["SocketMode"] == "0600"


def test_the_worker_and_the_scheduler_run_the_commands_that_exist():
    worker = unit("returnnet-worker@.service")["Service"]["ExecStart"]
    scheduler = unit("returnnet-scheduler.service")["Service"]["ExecStart"]
    timer = unit("returnnet-scheduler.timer")
    assert "manage.py db_worker" in worker and "PROMETHEUS_MULTIPROC_DIR" not in worker
    assert "manage.py enqueue_due_jobs" in scheduler
    assert timer["Timer"]["OnCalendar"] == "*-*-* *:*:00" and timer["Install"]["WantedBy"] == "timers.target"
    from django.core.management import get_commands

    assert {"db_worker", "enqueue_due_jobs"} <= set(get_commands())


def test_nginx_never_logs_a_query_string_and_keeps_token_paths_out_of_the_log():
    log_format = re.search(r"log_format returnnet_no_query (.*?);", NGINX, re.DOTALL).group(1)
    assert "$uri" in log_format and not re.search(r"\$(request_uri|args|query_string|request\b)", log_format)
    assert "$request_id" in log_format and "X-Request-ID $request_id" in PROXY
    token_location = re.search(r'location ~ "(\S+)" \{\s*access_log off;', NGINX).group(1)
    token_routes = [pattern for _name, pattern, _view in ROUTES if re.search(r"<(?:str:)?\w*token>", pattern)]
    assert len(token_routes) >= 5
    for pattern in token_routes:
        path = "/" + re.sub(r"<[^>]+>", "x", pattern)  # the portal's under the prefix of a language (de/)
        for language in ("de", "ar", "kmr", "sr-latn"):
            assert re.match(token_location, re.sub(r"^/de/", f"/{language}/", path)), f"nginx logs {pattern}"
    assert not re.match(token_location, "/cases/12/")


def test_nginx_agrees_with_the_settings():
    body_limit = int(re.search(r"client_max_body_size (\d+)m;", NGINX).group(1))
    assert settings.DOCUMENT_MAX_UPLOAD_MB < body_limit <= settings.DOCUMENT_MAX_UPLOAD_MB + 4
    static = re.search(r"location /(\w+)/ \{\s*alias /opt/returnnet/(\w+)/;", NGINX)
    assert f"/{static.group(1)}/" == settings.STATIC_URL and static.group(2) == Path(settings.STATIC_ROOT).name
    metrics = NGINX[NGINX.index("location = /metrics"):]
    metrics = metrics[:metrics.index("}")]
    assert "deny all;" in metrics and "allow 127.0.0.1;" in metrics
    for route in ("healthz", "readyz", "metrics"):
        assert any(re.match(exempt, route) for exempt in [r"^healthz$", r"^readyz$", r"^metrics$"])
        assert get_resolver().resolve(f"/{route}").url_name in {"health", "ready", "metrics"}
    assert "X-Forwarded-Proto $scheme" in PROXY and "return 301 https://$host$request_uri" in NGINX
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in NGINX


@pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
                    reason="nginx is not installed: `nginx -t` cannot run (the other checks still do)")
def test_nginx_accepts_the_configuration(tmp_path):
    """`nginx -t` with the site, a throw-away certificate in place of Let's Encrypt's and the
    include under tmp_path (nginx resolves every path it names)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=returnnet.example.org", "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True, timeout=60)
    (tmp_path / "returnnet_proxy.conf").write_text(PROXY)
    site = (NGINX.replace("/etc/letsencrypt/live/returnnet.example.org/fullchain.pem", str(certificate))
            .replace("/etc/letsencrypt/live/returnnet.example.org/privkey.pem", str(key))
            .replace("/etc/nginx/returnnet_proxy.conf", str(tmp_path / "returnnet_proxy.conf"))
            .replace("/var/log/nginx/", f"{tmp_path}/"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log {tmp_path}/access.log;\n  include {tmp_path}/site.conf;\n}}\n")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# --- Scaling out: PgBouncer, the replica and S3 from the environment -------------------------

SETTINGS_PROBE = """
import json, returnnet.settings as s
print(json.dumps({alias: {"cursors": db.get("DISABLE_SERVER_SIDE_CURSORS", False), "options": db.get("OPTIONS", {}),
                          "conn_max_age": db.get("CONN_MAX_AGE")} for alias, db in s.DATABASES.items()}
                 | {"documents": s.STORAGES["documents"], "log_format": s.LOG_FORMAT}))
"""


def settings_with(tmp_path, **env):
    import json

    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run([sys.executable, "-c", SETTINGS_PROBE], cwd=ROOT, capture_output=True, text=True,
                            env={**base, "RETURNNET_VAR_DIR": str(tmp_path), **env}, timeout=60)
    return json.loads(result.stdout) if result.returncode == 0 else result.stderr


def test_pgbouncer_in_transaction_mode_switches_off_server_side_cursors_and_prepared_statements(tmp_path):
    env = {"DATABASE_URL": "postgres://returnnet_app:pw@127.0.0.1:6432/returnnet", "DATABASE_POOLER": "pgbouncer",
           "DATABASE_REPLICA_URL": "postgres://returnnet_report:pw@127.0.0.1:6433/returnnet"}
    probed = settings_with(tmp_path, **env)
    for alias in ("default", "replica"):
        assert probed[alias]["cursors"] is True and probed[alias]["options"]["prepare_threshold"] is None
        assert probed[alias]["conn_max_age"] == 60  # kept connections to PgBouncer hold no server connection
    without = settings_with(tmp_path, **{**env, "DATABASE_POOLER": ""})
    assert without["default"]["cursors"] is False and "prepare_threshold" not in without["default"]["options"]


def test_pool_settings_that_cannot_work_refuse_to_start(tmp_path):
    assert "needs PostgreSQL" in settings_with(tmp_path, DATABASE_POOLER="pgbouncer")
    assert "DATABASE_POOLER must be" in settings_with(tmp_path, DATABASE_POOLER="pgpool")
    binding = settings_with(tmp_path, DATABASE_POOLER="pgbouncer",
                            DATABASE_URL="postgres://u:p@127.0.0.1:6432/returnnet?server_side_binding=True")
    assert "server_side_binding" in binding


def test_document_storage_s3_is_chosen_by_the_environment(tmp_path):
    probed = settings_with(tmp_path, DOCUMENT_STORAGE="s3", DOCUMENT_S3_BUCKET="returnnet-documents",
                           DOCUMENT_S3_ENDPOINT_URL="https://s3.example.org", DOCUMENT_S3_ACCESS_KEY_ID="AK",
                           DOCUMENT_S3_SECRET_ACCESS_KEY="SK")
    documents = probed["documents"]
    assert documents["BACKEND"] == "apps.core.storage_s3.EncryptedS3Storage"
    assert documents["OPTIONS"]["bucket_name"] == "returnnet-documents"
    assert documents["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert documents["OPTIONS"]["access_key"] == "AK" and documents["OPTIONS"]["location"] == "documents"
    assert settings_with(tmp_path)["documents"]["BACKEND"] == "apps.core.storage.EncryptedFileSystemStorage"
    assert "DOCUMENT_S3_BUCKET" in settings_with(tmp_path, DOCUMENT_STORAGE="s3")


def test_logs_are_json_in_production_and_text_in_development(tmp_path):
    assert settings_with(tmp_path)["log_format"] == "text"
    assert settings_with(tmp_path, LOG_FORMAT="json")["log_format"] == "json"
    assert "LOG_FORMAT must be" in settings_with(tmp_path, LOG_FORMAT="xml")


@pytest.mark.django_db
def test_psycopg_takes_the_pooler_options(settings):
    from django.db import connection
    from django.db.utils import load_backend

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (runs in CI's PostgreSQL stage)")
    settings_dict = {**connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS": True,
                     "OPTIONS": {**connection.settings_dict["OPTIONS"], "prepare_threshold": None}}
    pooled = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "pooled")
    try:
        with pooled.cursor() as cursor:
            cursor.execute("SELECT 1")
        assert pooled.connection.prepare_threshold is None
    finally:
        pooled.close()


# --- PostgreSQL's JIT compiler is off for the application's connections ---------------------

def test_jit_is_switched_off_by_a_connection_option_unless_asked_for(tmp_path):
    url = {"DATABASE_URL": "postgres://returnnet_app:pw@127.0.0.1:5432/returnnet",
           "DATABASE_REPLICA_URL": "postgres://returnnet_report:pw@127.0.0.1:5433/returnnet"}
    probed = settings_with(tmp_path, **url)
    assert probed["default"]["options"]["options"] == "-c jit=off"
    assert probed["replica"]["options"]["options"] == "-c jit=off"
    assert "options" not in settings_with(tmp_path, **url, DATABASE_JIT="true")["default"]["options"]
    # PgBouncer refuses startup options: behind it the role carries jit = off (operator guide, section 5).
    pooled = settings_with(tmp_path, **url, DATABASE_POOLER="pgbouncer")
    assert "options" not in pooled["default"]["options"] and "options" not in pooled["replica"]["options"]
    assert "options" not in settings_with(tmp_path)["default"].get("options", {})  # SQLite


@pytest.mark.django_db
def test_the_applications_connection_runs_with_jit_off():
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql" or settings.DATABASE_JIT or settings.DATABASE_POOLER:
        pytest.skip("PostgreSQL with the default connection options only (runs in CI's PostgreSQL stage)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        # Set by this connection's startup options, not merely by the server's configuration
        # (CI's server has jit=off too).
        cursor.execute("SELECT source FROM pg_settings WHERE name = 'jit'")
        assert cursor.fetchone()[0] == "client"
