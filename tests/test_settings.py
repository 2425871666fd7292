"""The settings module as production reads it: from the environment, in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x7Gq2-production-like-secret-9fK3mP0vLr8sT1wZ4yB6nC5dE_hJ",
    "DJANGO_ALLOWED_HOSTS": "clinic.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/medspa",
    "SITE_URL": "https://clinic.example",
}


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    clean.pop("DATABASE_URL", None)
    clean.pop("CELERY_BROKER_URL", None)
    clean.pop("CLINIC_TIME_ZONE", None)
    clean["DJANGO_SETTINGS_MODULE"] = "medspa.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _setting(expr: str, **env: str) -> str:
    result = _run(
        f"import django; django.setup(); from django.conf import settings; print({expr})", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_defaults_are_sqlite_the_filesystem_broker_files_for_email_and_chicago_time():
    assert _setting("settings.DATABASES['default']['ENGINE']") == "django.db.backends.sqlite3"
    assert _setting("settings.CELERY_BROKER_URL") == "filesystem://"
    assert _setting("settings.EMAIL_BACKEND").endswith("filebased.EmailBackend")
    assert _setting("settings.TIME_ZONE") == "America/Chicago"
    assert _setting("settings.DEBUG") == "False"


def test_environment_variables_switch_database_broker_email_and_time_zone():
    env = {
        "DATABASE_URL": "postgres://clinic:pw@db.internal:6543/clinic",
        "CELERY_BROKER_URL": "redis://broker.internal:6379/1",
        "EMAIL_HOST": "smtp.example.com",
        "EMAIL_PORT": "2525",
        "EMAIL_USE_TLS": "false",
        "CLINIC_TIME_ZONE": "America/New_York",
        "DJANGO_ALLOWED_HOSTS": "a.example,b.example",
    }
    db = "settings.DATABASES['default']"
    assert _setting(f"{db}['HOST'], {db}['PORT'], {db}['NAME']", **env) == (
        "db.internal 6543 clinic"
    )
    assert _setting("settings.CELERY_BROKER_URL", **env) == "redis://broker.internal:6379/1"
    assert _setting("settings.EMAIL_BACKEND", **env).endswith("smtp.EmailBackend")
    assert _setting("settings.EMAIL_PORT, settings.EMAIL_USE_TLS", **env) == "2525 False"
    assert _setting("settings.TIME_ZONE", **env) == "America/New_York"
    assert _setting("settings.ALLOWED_HOSTS", **env) == "['a.example', 'b.example']"


def test_check_deploy_is_clean_with_production_settings():
    result = _run(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_the_development_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _run(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **env,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_check_deploy_requires_an_https_site_url_for_the_links_in_messages():
    deploy = (
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    unset = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_URL"}
    for env in (unset, {**PRODUCTION_ENV, "SITE_URL": "http://clinic.example"}):
        result = _run(deploy, **env)
        assert result.returncode != 0
        assert "medspa.E001" in result.stderr
