"""Settings for the test suite: the real settings, on PostgreSQL and Redis by default."""

import os
import tempfile

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/medspa")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/9")

from medspa.settings import *  # noqa: F403

# The test client speaks plain HTTP; the HTTPS redirect itself is tested with `check --deploy`.
SECURE_SSL_REDIRECT = False
# No collectstatic before tests: plain storage serves files straight from static/.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Patients' photos from the tests go to a scratch folder, not the laptop's var/private.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="medspa-private-")},
    },
}
# The clinic's uploaded pictures from the tests, likewise.
MEDIA_ROOT = tempfile.mkdtemp(prefix="medspa-media-")
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
