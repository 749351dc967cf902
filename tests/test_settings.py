"""Settings are read strictly from the environment (run in subprocesses: settings load once)."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    leaking = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in leaking}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**base, **env}, timeout=300)  # a migrate on a loaded machine


def production_env(tmp_path):
    return {
        "DJANGO_ENV": "production", "SECRET_KEY": "x" * 64 + "production-secret-key-for-tests",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "ALLOWED_HOSTS": "returnnet.example.org",
        "SITE_URL": "https://returnnet.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "RETURNNET_VAR_DIR": str(tmp_path),
        "EMAIL_URL": "smtp+tls://mailer:secret@mail.returnnet.example.org:587",
        "SMS_BACKEND": "gateway.sms.GatewaySmsBackend",
        # Shared by every worker process on the host: the portal's limits hold across them.
        "CACHE_URL": f"filecache://{tmp_path / 'cache'}",
    }


def test_check_deploy_passes_with_a_production_environment(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env(tmp_path))
    assert result.returncode == 0, result.stderr


def test_check_deploy_warns_about_a_cache_of_one_process(tmp_path):
    env = {**production_env(tmp_path), "CACHE_URL": "locmemcache://"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0 and "portal.W001" in result.stderr


def test_production_refuses_to_start_without_secrets(tmp_path):
    env = production_env(tmp_path)
    for missing in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "ALLOWED_HOSTS", "SITE_URL"):
        result = manage("check", **{**env, missing: ""})
        assert result.returncode != 0 and missing in result.stderr


def test_production_refuses_to_start_without_a_real_mail_server_or_sms_gateway(tmp_path):
    env = production_env(tmp_path)
    for override in ({"EMAIL_URL": ""}, {"EMAIL_URL": "consolemail://"}):
        result = manage("check", **{**env, **override})
        assert result.returncode != 0 and "EMAIL_URL" in result.stderr, override
    result = manage("check", **{**env, "SMS_BACKEND": "apps.jobs.sms.LoggingSmsBackend"})
    assert result.returncode != 0 and "SMS_BACKEND" in result.stderr
    result = manage("check", **{**env, "SMS_BACKEND": "none"})  # no gateway: SMS switched off
    assert result.returncode == 0, result.stderr
    development = {key: value for key, value in env.items() if key not in {"EMAIL_URL", "SMS_BACKEND"}}
    result = manage("check", **{**development, "DJANGO_ENV": "development"})
    assert result.returncode == 0, result.stderr


def test_links_in_notices_need_an_https_site_url_in_production(tmp_path):
    result = manage("check", **{**production_env(tmp_path), "SITE_URL": "http://returnnet.example.org"})
    assert result.returncode != 0 and "SITE_URL" in result.stderr


def test_debug_cannot_be_switched_on_in_production(tmp_path):
    result = manage("check", **production_env(tmp_path), DEBUG="true")
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_development_generates_and_keeps_secrets_under_var(tmp_path):
    env = {"RETURNNET_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    assert manage("check", **env).returncode == 0
    first = (tmp_path / "secret_key").read_text()
    assert manage("check", **env).returncode == 0
    assert (tmp_path / "secret_key").read_text() == first
    assert (tmp_path / "field_encryption_key").exists()


def test_sqlite_runs_in_wal_mode(tmp_path):
    env = {"RETURNNET_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    code = ("from django.db import connection; c = connection.cursor(); "
            "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])")
    result = manage("shell", "-c", code, **env)
    assert result.stdout.strip().splitlines()[-1] == "wal", result.stderr


def test_second_factor_cannot_be_switched_off_in_production(tmp_path):
    result = manage("check", **production_env(tmp_path), REQUIRE_2FA="false")
    assert result.returncode != 0 and "REQUIRE_2FA" in result.stderr


def test_demo_data_is_refused_in_production(tmp_path):
    env = production_env(tmp_path)
    assert manage("migrate", "-v0", **env).returncode == 0
    result = manage("seed_demo", **env)
    assert result.returncode != 0 and "production" in result.stderr


def test_the_demo_runs_without_debug_and_its_404_page_lists_no_url_patterns(tmp_path):
    """`make run` (DEMO_MODE=true, DEBUG unset): production's error pages, static files
    served by whitenoise."""
    env = {"RETURNNET_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "DEMO_MODE": "true", "REQUIRE_2FA": "false"}
    code = ("from django.conf import settings; from django.test import Client; c = Client(); "
            "page = c.get('/no-such-page/'); style = c.get('/static/css/returnnet.css'); "
            "print(settings.DEBUG, page.status_code, style.status_code); print(page.content.decode())")
    result = manage("shell", "-v", "0", "-c", code, **env)
    first, *page = result.stdout.splitlines()
    assert first == "False 404 200", result.stdout + result.stderr
    body = "\n".join(page)
    for pattern in ("URLconf", "accounts/", "api/v1/", "calendars/"):
        assert pattern not in body
    explicit = manage("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.DEBUG)",
                      **env, DEBUG="true")
    assert explicit.stdout.strip().splitlines()[-1] == "True"
