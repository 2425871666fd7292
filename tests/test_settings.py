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


def _settings(*exprs: str, **env: str) -> list[str]:
    """What `print(expr)` writes for each expression, one line each, all read in one fresh
    process: starting one (Django set up, the settings read) is what costs, about a second."""
    prints = "; ".join(f"print({expr})" for expr in exprs)
    result = _run(
        f"import django; django.setup(); from django.conf import settings; {prints}", **env
    )
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert len(lines) == len(exprs), result.stdout
    return lines


def test_defaults_are_sqlite_the_filesystem_broker_files_for_email_and_chicago_time():
    engine, broker, email, zone, debug = _settings(
        "settings.DATABASES['default']['ENGINE']",
        "settings.CELERY_BROKER_URL",
        "settings.EMAIL_BACKEND",
        "settings.TIME_ZONE",
        "settings.DEBUG",
    )
    assert engine == "django.db.backends.sqlite3"
    assert broker == "filesystem://"
    assert email.endswith("filebased.EmailBackend")
    assert zone == "America/Chicago"
    assert debug == "False"


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
    database, broker, email, email_port_tls, zone, hosts = _settings(
        f"{db}['HOST'], {db}['PORT'], {db}['NAME']",
        "settings.CELERY_BROKER_URL",
        "settings.EMAIL_BACKEND",
        "settings.EMAIL_PORT, settings.EMAIL_USE_TLS",
        "settings.TIME_ZONE",
        "settings.ALLOWED_HOSTS",
        **env,
    )
    assert database == "db.internal 6543 clinic"
    assert broker == "redis://broker.internal:6379/1"
    assert email.endswith("smtp.EmailBackend")
    assert email_port_tls == "2525 False"
    assert zone == "America/New_York"
    assert hosts == "['a.example', 'b.example']"


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
