"""Settings for the test suite: the real settings, on PostgreSQL and Redis by default.

The suite runs in parallel (pytest-xdist, `make test`). Each worker is a process of its own
and gets its own of everything it writes: pytest-django gives it its own PostgreSQL test
database (`test_medspa_<run>_gw0`, ...); here it gets its own Redis database number and its own
folders for files. Live servers and the SMS fake bind port 0 (the kernel hands each its own);
SMTP sinks take ports from a block of their worker's own (tests/aftercare/live.py).
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# "gw0", "gw1", ... under xdist (set before pytest-django reads these settings); "" alone.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
# Redis database numbers: 9 for a run without workers (`pytest path`), and one each, in
# order, for the workers of a parallel run, so a parallel run and a run alone can go on side
# by side. Never 12 (`make bench` uses it) and never 0 (a developer's own tools' default).
ALONE_REDIS_DATABASE = 9
WORKER_REDIS_DATABASES = [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 14, 15]


def worker_redis_database(worker: str) -> int:
    if not worker:
        return ALONE_REDIS_DATABASE
    index = int(worker.removeprefix("gw"))
    if index >= len(WORKER_REDIS_DATABASES):
        raise RuntimeError(
            f"{worker}: only {len(WORKER_REDIS_DATABASES)} Redis databases are set aside for "
            "test workers; run fewer workers (-n)."
        )
    return WORKER_REDIS_DATABASES[index]


# pytest-django tests on "test_<NAME>" (plus "_gw0", ... per worker), created at the start of a
# run and dropped at its end. The name carries the run's id, so two runs on one machine (a
# developer's and CI's, or two terminals) never drop each other's database.
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8] or str(os.getpid())
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/medspa_{RUN_ID}")
os.environ.setdefault(
    "CELERY_BROKER_URL", f"redis://127.0.0.1:6379/{worker_redis_database(WORKER)}"
)
# Every file the tests write (emails and texts written to files, the broker's and beat's
# files, uploaded pictures, patients' photos) goes under one scratch folder per worker, never
# the checkout's var/ (a laptop's own `make run` data) and never another worker's; it is
# removed when the worker ends.
SCRATCH = Path(tempfile.mkdtemp(prefix=f"medspa-tests-{WORKER or 'main'}-"))
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
os.environ["MEDSPA_VAR_DIR"] = str(SCRATCH / "var")

from medspa.settings import *  # noqa: E402, F403

# The test client speaks plain HTTP; the HTTPS redirect itself is tested with `check --deploy`.
SECURE_SSL_REDIRECT = False
# No collectstatic before tests: plain storage serves files straight from static/.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(SCRATCH / "private")},
    },
}
MEDIA_ROOT = str(SCRATCH / "media")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Static files come from the finders, as under runserver; nothing is collected for tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Tasks run in-process in the ordinary tests; the aftercare tests start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# One reminder sender, in the test's own thread and transaction; the real-worker tests run
# the threaded sweep of the production settings.
OUTBOX_SEND_THREADS = 1
