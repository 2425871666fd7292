"""Settings for the clinic app, read from the environment (12-factor).

Every setting here is listed in README.md with its default. The defaults are for a laptop:
SQLite, a Celery broker that needs no server, and emails written to files under var/mail.
Production sets DJANGO_DEBUG=false and a real DJANGO_SECRET_KEY, and then gets the secure
defaults (HTTPS redirect, secure cookies, HSTS) without further switches.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp import constants as csp

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Local state of a laptop run: the SQLite-free parts (broker folders, emails, beat schedule).
VAR_DIR = Path(env.str("MEDSPA_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The default key is only good for a laptop: `check --deploy` flags the "django-insecure-"
# prefix (security.W009), so a production deploy that forgot to set it does not pass.
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="django-insecure-local-development-key-change-me-in-production"
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    # Staff's second factor: an authenticator app (TOTP) and recovery codes (static tokens).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "medspa",
    "practice",
    "treatments",
    "bookings",
    "outbox",
    "consent",
    "charting",
    "photos",
    "aftercare",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (see Security below).
    "medspa.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed; inside WhiteNoise, which answers static files (already compressed at
    # collectstatic) before they get here. Django adds random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "medspa.middleware.SessionRenewMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session that gave only a password reaches no /staff/ or /admin/ page but the second
    # step (bookings/staff/second_factor.py).
    "bookings.staff.second_factor.SecondFactorMiddleware",
    # Where a request came from, for the audit rows the services write.
    "bookings.audit.AuditContextMiddleware",
    # Before any view reads the request: NUL bytes, non-UTF-8 bytes or a foreign charset in a
    # query string or form get a 400, never a 500 or "��" in the records.
    "medspa.middleware.BadInputMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: it turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "medspa.urls"
WSGI_APPLICATION = "medspa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "treatments.context_processors.clinic",
                "bookings.staff.panels.staff_nav",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default has no exclusion constraints, so every write transaction takes the
    # write lock up front (BEGIN IMMEDIATE): a check-then-insert cannot interleave with another.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Public pages are cached (see treatments/caching.py). Point CACHE_URL at Redis in production
# so that an edit in the admin clears the cached pages of every web worker at once.
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://medspa"),
    # Rendered public pages, in each web process's memory: a hit costs no round trip.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-pages",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username or address is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed staff logins: 5 in a row lock that username from that address for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failed staff logins allowed from one address before the address itself is locked
# (django-ratelimit syntax, per IP): axes locks a username at an address after
# AXES_FAILURE_LIMIT; one password sprayed across many usernames is stopped here, while five
# staff behind the clinic's one address who each mistype once are not.
# Never show a second factor's secret in any admin page django-otp would add (its device admins
# are unregistered in medspa/urls.py as well).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
STAFF_LOGIN_ADDRESS_LIMIT = env.str("STAFF_LOGIN_ADDRESS_LIMIT", default="20/15m")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = [env.str("RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")]
# Staff sessions end after this much idle time (activity renews it, at most once a minute:
# medspa.middleware.SessionRenewMiddleware).
SESSION_COOKIE_AGE = env.int("STAFF_SESSION_IDLE_MINUTES", default=30) * 60

# --- Time -----------------------------------------------------------------------------------
# Stored in UTC, shown and computed in the clinic's zone ("9 in the morning on day 3").
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("CLINIC_TIME_ZONE", default="America/Chicago")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # What patients send (photos of their skin): outside every public URL, served only by
    # access-checked, audited views. No base_url, so nothing can link to it directly.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.str("PRIVATE_FILES_DIR", default=str(VAR_DIR / "private"))},
    },
}
# The private files (patients' photos, clinical photos) on any S3-compatible store instead of
# var/private: PRIVATE_STORAGE=s3 with AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL (for a
# store other than Amazon's), AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
# The bucket stays private: files are read by the app and streamed through its access-checked
# views, never handed out as (signed) bucket URLs.
PRIVATE_STORAGE = env.str("PRIVATE_STORAGE", default="filesystem")
if PRIVATE_STORAGE == "s3":
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "location": env.str("AWS_PRIVATE_LOCATION", default="private"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# The most pixels any uploaded picture may have (practice/images.py), read from its header and
# refused before it is decoded. 50 MP takes a phone's full-resolution 48 and 50 MP modes.
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=50_000_000)
# Clinical photos: the largest upload (megabytes), the longest side of the kept original,
# and how long a photo link sent to a patient works (days).
PHOTO_MAX_MB = env.int("PHOTO_MAX_MB", default=20)
PHOTO_ORIGINAL_LONGEST_SIDE = env.int("PHOTO_ORIGINAL_LONGEST_SIDE", default=4096)
PHOTO_PATIENT_LINK_MAX_AGE_DAYS = env.int("PHOTO_PATIENT_LINK_MAX_AGE_DAYS", default=30)
# The clinic's own pictures (logo, treatment and provider images) and their resized copies:
# public, under MEDIA_URL, served by the app with a year's cache (every upload has a new
# random name). On several servers, point MEDIA_ROOT at shared storage.
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"
# The largest picture the clinic may upload in the admin, in megabytes.
PUBLIC_IMAGE_MAX_MB = env.int("PUBLIC_IMAGE_MAX_MB", default=12)
# The largest photo a patient may send with a concern, in megabytes.
CONCERN_PHOTO_MAX_MB = env.int("CONCERN_PHOTO_MAX_MB", default=10)

# --- Forms and messages ---------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Messages live in the session: reading them marks the page as varying by cookie, so a
# cached public page can never carry one patient's message to another.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Email ----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Willowmere Skin & Laser <hello@willowmere.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env.str("EMAIL_HOST", default="")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = 30
else:
    # On a laptop every email is written to a file under var/mail to be opened and read.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- Celery ---------------------------------------------------------------------------------
# The default broker is kombu's filesystem transport: it works across processes on one
# machine and needs no server. Production uses Redis: CELERY_BROKER_URL=redis://...
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        # Its exchange-to-queue table; kombu's default is "control" in the current directory.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged after it ran, and put back if its worker dies, so a killed worker
# loses nothing; the work itself is made safe to repeat by claiming database rows first.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Security (on by default whenever DEBUG is off) -------------------------------------------
_secure = not DEBUG
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (Heroku, Render, nginx).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=_secure)
# A load balancer's health check often asks over plain http to the app's port, without
# X-Forwarded-Proto: redirected to https, it would mark every server down. /healthz says
# only "ok", so plain http costs nothing there. (The path is matched without its leading /.)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=_secure)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=_secure)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000 if _secure else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=_secure)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=_secure)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Nothing inline: no <script> or <style> in a page and no style="" attribute (a test reads
# every template), so neither scripts nor styles need 'unsafe-inline'. data: images are
# Bootstrap's own SVG icons in its CSS. The admin alone is allowed inline styles (Django's
# templates have one <style>), by medspa.middleware.ContentSecurityPolicyMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "base-uri": [csp.SELF],
        "object-src": [csp.NONE],
    }
}
# Powerful features the site never uses are switched off for it and anything it embeds. A
# concern's photo comes through a file input, which needs no camera permission.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # Axes logs every successful login and its housekeeping at INFO; failures still show.
        "axes": {"level": "WARNING"},
    },
}

# --- Bookings -------------------------------------------------------------------------------
# Online slots start on this grid (minutes past the start of a provider's working hours).
BOOKING_SLOT_GRID_MINUTES = env.int("BOOKING_SLOT_GRID_MINUTES", default=15)
# Manage-my-booking links stop working after this many days (every email carries a new one).
BOOKING_LINK_MAX_AGE_DAYS = env.int("BOOKING_LINK_MAX_AGE_DAYS", default=120)
# A link to sign a booking's forms stops working after this many days (and in any case a week
# after its appointment). Generous: the 48-hour reminder's link is written when the visit is
# booked, and the desk may book one months ahead.
FORMS_LINK_MAX_AGE_DAYS = env.int("FORMS_LINK_MAX_AGE_DAYS", default=180)
# Visits of a text's short link (/m/<code>) allowed per client IP: a phone opens a few, a
# script trying codes is stopped long before it could find one (django-ratelimit syntax).
SHORT_LINK_RATE_LIMIT = env.str("SHORT_LINK_RATE_LIMIT", default="30/m")
# A form handed to a patient on the clinic's tablet must be signed within this many minutes;
# then the tablet shows nothing but "hand it back".
KIOSK_MINUTES = env.int("KIOSK_MINUTES", default=30)
# Booking and rescheduling POSTs allowed per client IP (django-ratelimit rate syntax).
BOOKING_RATE_LIMIT = env.str("BOOKING_RATE_LIMIT", default="10/h")
# The request header that holds the client's IP: REMOTE_ADDR, or e.g. HTTP_X_REAL_IP behind a
# proxy that sets it.
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")
# The public address of the site, for links in emails (which have no request to build from).
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")

# --- Outbox: every email and text ---------------------------------------------------------
# No care message (reminder, tip, text) between these local hours: one due inside them waits
# until the end. Confirmations of what the patient just did go at once.
OUTBOX_QUIET_START = env.str("OUTBOX_QUIET_START", default="21:00")
OUTBOX_QUIET_END = env.str("OUTBOX_QUIET_END", default="08:00")
# A message claimed for sending but not marked sent after this long (its worker died) is
# put back for the next sweep.
OUTBOX_SENDING_TIMEOUT_SECONDS = env.int("OUTBOX_SENDING_TIMEOUT_SECONDS", default=600)
# Sender threads per sweep, each with its own SMTP session (on PostgreSQL; SQLite uses one).
OUTBOX_SEND_THREADS = env.int("OUTBOX_SEND_THREADS", default=4)
# Sending attempts before a message is marked failed; the waits between them (15 s, 30 s,
# 5 min, then 2 h 30 min) are outbox/sending.py's RETRY_WAITS.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=5)

# --- Texts (SMS) ----------------------------------------------------------------------------
# The country phone numbers are read in unless they start with + (ISO 3166 code).
PHONE_REGION = env.str("PHONE_REGION", default="US")
# How texts leave: "file" writes each to var/sms/ (a laptop, the tests); "twilio" sends them
# through Twilio's API with the credentials below.
SMS_BACKEND = env.str("SMS_BACKEND", default="file")
SMS_FILE_PATH = VAR_DIR / "sms"
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
# The clinic's texting number (E.164), or a Messaging Service SID (MG...) instead.
TWILIO_FROM = env.str("TWILIO_FROM", default="")
# Only for tests and benchmarks: a local stand-in for api.twilio.com.
TWILIO_API_BASE_URL = env.str("TWILIO_API_BASE_URL", default="")

# --- Aftercare ------------------------------------------------------------------------------
# Timeline links in aftercare emails stop working after this many days.
AFTERCARE_LINK_MAX_AGE_DAYS = env.int("AFTERCARE_LINK_MAX_AGE_DAYS", default=365)
CELERY_BEAT_SCHEDULE = {
    # Reminders that fall due become outbox messages, and the outbox sends them; both every
    # minute. A wake-up that waited longer than its minute is useless: the next one is coming.
    "aftercare-reminders-sweep": {
        "task": "aftercare.tasks.reminders_sweep",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "outbox-sweep": {
        "task": "outbox.tasks.outbox_sweep",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Clinical photos whose thumbnail task was lost (broker down at upload, worker died) get
    # their smaller copies made.
    "photos-unprepared-sweep": {
        "task": "photos.unprepared_sweep",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}
